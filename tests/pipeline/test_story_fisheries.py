"""A second, invented story end to end: Poland leaves an invented treaty.

Its records (tests/pipeline/data/fisheries/rebuilt/) are written for the test in
the formats the fetchers read — the Sejm API's JSON, a UNTC status page, RIA
Novosti's feed, listing and article pages — and replayed offline. The claims
name a process ("began the process of withdrawing"), an agent ("formalized by
the Sejm") and an outlet ("RIA Novosti reported"); which verdict each gets comes
from those records, and changing one record flips what rests on it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, check, verdicts

STORY = Path(__file__).parent / "data" / "fisheries"


def story(dest: Path, edit: tuple[str, str, str] | None = None) -> Path:
    ws = dest / "fisheries"
    shutil.copytree(STORY, ws, ignore=shutil.ignore_patterns("db", "archive"))
    if edit is not None:
        rel, old, new = edit
        path = ws / "rebuilt" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} no longer holds {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    r = subprocess.run([sys.executable, str(EXAMPLE / "build_archive.py"), "--rebuilt",
                        str(ws / "rebuilt"), "--out", str(ws / "archive")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return ws


def by_text(report: dict, start: str) -> dict:
    return next(c for c in report["claims"] if c["text"].startswith(start))


@pytest.fixture(scope="module")
def june(tmp_path_factory) -> dict:
    return check(story(tmp_path_factory.mktemp("june")), "--as-of", "2031-06-01")


@pytest.fixture(scope="module")
def april(tmp_path_factory) -> dict:
    return check(story(tmp_path_factory.mktemp("april")), "--as-of", "2031-04-01")


BEGAN = "Poland began the process"
FORMALIZED = "Poland’s withdrawal from the accord was formalized by the Sejm"
NOTIFIED = "Poland notified the depositary"
REPORTED = "RIA Novosti reported: Poland notified"
QUESTIONED = "RIA Novosti reported: The Polish government first questioned"


def test_the_process_began_with_the_sejms_vote_before_the_notification(april):
    began = by_text(april, BEGAN)["verdict"]
    assert (began["label"], began["reason"]) == ("corroborated", "slots_agree")
    assert "earliest formal step" in began["explanation"]
    assert "a chamber's vote" in began["explanation"] and "2031-03-12" in began["explanation"]
    assert [e["source"] for e in began["evidence"]] == ["sejm"]
    # the notification itself came later: as of April it had not happened
    notified = by_text(april, NOTIFIED + " of its withdrawal from the Baltic Fisheries Accord "
                       "on 2 May 2031.")["verdict"]
    assert (notified["label"], notified["reason"]) == ("contradicted", "not_in_effect_as_of")


def test_formalized_by_the_sejm_compares_its_vote_with_the_act(june):
    v = by_text(june, FORMALIZED)["verdict"]
    assert (v["label"], v["reason"]) == ("unverified", "predicate_mismatch")
    assert "shows what the Sejm did" in v["explanation"]
    assert "is not the step by which the withdrawal takes effect" in v["explanation"]
    assert "a notification to the depositary" in v["explanation"]
    assert v["evidence"] and v["evidence"][0]["source"] == "sejm"


def test_the_outlet_attributions(june):
    # RIA's report of that day is found, about something else
    reported = by_text(june, REPORTED)
    assert reported["kind"] == "attribution"
    assert [c["source"] for c in reported["citations"]] == ["ria"]
    v = reported["verdict"]
    assert (v["label"], v["reason"]) == ("unverified", "not_in_citation")
    assert "none says it" in v["explanation"]
    assert {e["source"] for e in v["evidence"]} == {"ria"}
    # what RIA is said to have reported is judged against the depositary
    content = by_text(june, NOTIFIED + " of its withdrawal from the Baltic Fisheries Accord on "
                      "2 May 2031.")
    assert content["parent"] == reported["parent"]
    assert (content["verdict"]["label"], content["verdict"]["reason"]) == ("corroborated",
                                                                           "slots_agree")
    # no RIA report at all of the days around 20 January
    v = by_text(june, QUESTIONED)["verdict"]
    assert (v["label"], v["reason"]) == ("unverified", "citation_not_found")


def test_a_vote_that_failed_flips_exactly_what_rests_on_it(april, tmp_path):
    """Counts turned round in the Sejm's voting record: the process claim, which
    rested on the vote, now rests on the notification (after April: out of
    date); the formalization claim finds no consent of the Sejm. Nothing that
    rests on the depositary or RIA changes."""
    old = '"yes": 301,\n  "no": 140,'
    new = '"yes": 140,\n  "no": 301,'
    ws = story(tmp_path, ("sejm/voting-41-7.json", old, new))
    after = check(ws, "--as-of", "2031-04-01")
    before_v, after_v = verdicts(april), verdicts(after)
    assert before_v.keys() == after_v.keys()
    changed = {cid for cid in before_v if before_v[cid] != after_v[cid]}
    claims = {c["id"]: c for c in april["claims"]}
    began, formalized = by_text(april, BEGAN)["id"], by_text(april, FORMALIZED)["id"]
    assert began in changed and formalized in changed
    assert after_v[began] == ("contradicted", "out_of_date", "not_in_effect_as_of")
    resting = {cid for cid, c in claims.items()
               if any(e["source"] == "sejm" for e in c["verdict"]["evidence"])}
    parents = {claims[cid]["parent"] for cid in resting if claims[cid]["parent"]}
    assert changed <= resting | parents, [claims[c]["text"] for c in changed - resting]
