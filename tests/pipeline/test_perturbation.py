"""Change one fact in one rebuilt source, and exactly the verdicts that rest on it flip.

Each case edits a copy of the example's rebuilt documents, rebuilds the archive
with the committed build script, checks the article again and compares with the
untouched baseline. Which claims may change is decided from the claims' own
words and structure (the entity they name, the source they cite, their parts),
never from a list of expected verdicts.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .conftest import check, copy_workspace, rebuild_archive, verdicts


def _edit(ws: Path, rel: str, old: str, new: str, count: int | None = None) -> None:
    path = ws / "rebuilt" / rel
    text = path.read_text(encoding="utf-8")
    found = text.count(old)
    assert found, f"{rel} no longer holds {old!r}: the test must be updated with the source"
    if count is not None:
        assert found == count, f"{rel}: {old!r} found {found} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _ancestors(claims: dict, cid: str) -> set[str]:
    out = set()
    while (parent := claims[cid]["parent"]) is not None:
        out.add(parent)
        cid = parent
    return out


def _closure(report: dict, direct: set[str]) -> set[str]:
    claims = {c["id"]: c for c in report["claims"]}
    out = set(direct)
    for cid in direct:
        out |= _ancestors(claims, cid)
    return out


def _changed(before: dict, after: dict) -> set[str]:
    a, b = verdicts(before), verdicts(after)
    assert a.keys() == b.keys(), "the claims themselves must not change"
    return {cid for cid in a if a[cid] != b[cid]}


def _naming(report: dict, pattern: str) -> set[str]:
    return {c["id"] for c in report["claims"] if re.search(pattern, c["text"])}


def _citing(report: dict, source: str) -> set[str]:
    return {c["id"] for c in report["claims"] if any(x["source"] == source
                                                     for x in c["citations"])}


def test_an_effective_date_moved_before_the_as_of_date(baseline, tmp_path):
    ws = copy_workspace(tmp_path)
    _edit(ws, "untc/XXVI-5-status.html", "The withdrawal takes effect on 10 January 2026.",
          "The withdrawal takes effect on 30 June 2025.", count=1)
    rebuild_archive(ws)
    after = check(ws, "--as-of", "2025-07-01")
    changed = _changed(baseline, after)
    withdrawn = _naming(baseline, r"^Finland has withdrawn")
    assert withdrawn and withdrawn <= changed, "the claim resting on the date did not flip"
    allowed = _closure(baseline, _naming(baseline, "Finland") & _citing(baseline, "untc"))
    assert changed <= allowed, [c["text"] for c in baseline["claims"]
                                if c["id"] in changed - allowed]
    flipped = verdicts(after)[next(iter(withdrawn))]
    assert flipped[0] == "corroborated", flipped


def test_the_entry_into_force_year(baseline, tmp_path):
    ws = copy_workspace(tmp_path)
    _edit(ws, "untc/XXVI-5-status.html", "Entry into force: 1 March 1999",
          "Entry into force: 1 March 2001", count=1)
    rebuild_archive(ws)
    after = check(ws, "--as-of", "2025-07-01")
    changed = _changed(baseline, after)
    eif = _naming(baseline, r"entered into force in 1999")
    assert eif and changed == _closure(baseline, eif)
    assert verdicts(after)[next(iter(eif))][0] == "contradicted"


def test_a_vote_count(baseline, tmp_path):
    ws = copy_workspace(tmp_path)
    for rel in ("sejm/voting-999-999.json", "sejm/votings-999.json",
                "sejm/votings-search-przeciwpiechotnych.json"):
        _edit(ws, rel, '"yes": 413', '"yes": 150')
        _edit(ws, rel, '"no": 15', '"no": 278')
    rebuild_archive(ws)
    after = check(ws, "--as-of", "2025-07-01")
    changed = _changed(baseline, after)
    voted = _naming(baseline, r"voted overwhelmingly")
    assert voted and voted <= changed, "the vote claim did not flip"
    assert changed <= _closure(baseline, _citing(baseline, "sejm"))
    assert verdicts(after)[next(iter(voted))][0] == "contradicted"


def test_a_removed_document_makes_its_claims_unreachable(baseline, tmp_path):
    ws = copy_workspace(tmp_path)
    manifest = ws / "rebuilt" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    doc = next(d for d in tomllib.loads(text)["document"] if d["file"].startswith("kam/"))
    start = text.index(f'file = "{doc["file"]}"')
    block_start = text.rfind("[[document]]", 0, start)
    block_end = text.find("[[", start)
    manifest.write_text(text[:block_start] + text[block_end:], encoding="utf-8")
    rebuild_archive(ws)
    after = check(ws, "--as-of", "2025-07-01")
    changed = _changed(baseline, after)
    dependent = _citing(baseline, "lt_mod")
    assert dependent
    by_id = {c["id"]: c for c in after["claims"]}
    for cid in dependent:
        assert by_id[cid]["verdict"]["reason"] in ("source_unreachable", "not_checkable"), \
            by_id[cid]["text"]
    assert changed <= _closure(baseline, dependent)
