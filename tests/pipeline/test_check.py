"""`verify check` end to end on the rebuilt example: verdicts, determinism, time."""

from __future__ import annotations

from datetime import date

from .conftest import check, copy_workspace, verdicts, without_times

LABELS = {"corroborated", "contradicted", "unverified"}


def test_every_claim_gets_a_verdict_a_person_can_follow(baseline):
    claims = baseline["claims"]
    assert len(claims) >= 20
    for c in claims:
        v = c["verdict"]
        assert v is not None, c["text"]
        assert v["label"] in LABELS
        assert v["reason"] and v["explanation"], c["text"]
        assert v["as_of"] == "2025-07-01"
        if v["label"] != "unverified" and v["reason"] != "children":
            assert v["evidence"], f"{c['text']}: a decided verdict needs its evidence"
        for e in v["evidence"]:
            assert e["snapshot_sha256"] and e["quote"]["exact"]
            # every source of the example is a rebuilt one, and says so
            assert e["reconstructed"] is True
    labels = {c["verdict"]["label"] for c in claims}
    assert labels == LABELS, "the example mixes true, false and unverifiable claims"


def test_report_json_has_the_promised_shape(baseline):
    assert {"tool", "version", "run", "article", "claims"} <= set(baseline)
    for c in baseline["claims"]:
        assert {"id", "text", "kind", "parent", "citations", "flags", "verdict"} <= set(c)
        assert {"label", "qualifier", "reason", "confidence", "as_of", "evidence"} \
            <= set(c["verdict"])
        for e in c["verdict"]["evidence"]:
            assert {"source", "url", "snapshot_sha256", "reconstructed", "quote", "score"} <= set(e)
            assert set(e["quote"]) == {"exact", "prefix", "suffix"}


def test_two_runs_on_new_databases_are_byte_identical_but_for_run_times(baseline, tmp_path):
    again = check(copy_workspace(tmp_path), "--as-of", "2025-07-01")
    assert without_times(again) == without_times(baseline)
    assert again["run"]["id"] == baseline["run"]["id"]


def test_sqlite_and_postgres_give_the_same_report(baseline, tmp_path, pg_url):
    on_pg = check(copy_workspace(tmp_path), "--as-of", "2025-07-01", db=pg_url)
    assert without_times(on_pg) == without_times(baseline)


def _dates_in(text: str) -> list[date]:
    from verify.slots import extract_slots

    return [d for d in (x.as_date() for x in extract_slots(text).dates) if d is not None]


def test_a_later_as_of_date_changes_only_time_dependent_verdicts(baseline, tmp_path):
    """A verdict may change between two as-of dates only if its evidence holds a
    dated record that falls between them (an act that took effect, a notice
    that arrived), or if it follows parts that changed."""
    first, second = date(2025, 7, 1), date(2026, 3, 1)
    later = check(copy_workspace(tmp_path), "--as-of", second.isoformat())
    before, after = verdicts(baseline), verdicts(later)
    assert before.keys() == after.keys()
    changed = {cid for cid in before if before[cid] != after[cid]}
    assert changed, "nothing changed between mid-2025 and 2026"
    old = {c["id"]: c for c in baseline["claims"]}
    new = {c["id"]: c for c in later["claims"]}
    for cid in changed:
        if "children" in (before[cid][2], after[cid][2]):
            kids = [k for k in old if old[k]["parent"] == cid]
            assert any(k in changed for k in kids), old[cid]["text"]
            continue
        quotes = [e["quote"]["exact"] for c in (old[cid], new[cid])
                  for e in c["verdict"]["evidence"]]
        between = [d for q in quotes for d in _dates_in(q) if first < d <= second]
        assert between, (f"{old[cid]['text']}: {before[cid]} -> {after[cid]} rests on no "
                         f"record dated between the two as-of dates")
