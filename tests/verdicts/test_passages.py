"""Passages with offsets; a short generic passage cannot win; selectors re-anchor."""

from __future__ import annotations

import pytest

from verify.errors import MatchError
from verify.evidence import PassageIndex, PassageText
from verify.verdicts import passages_for, reanchor, select

from .builders import fact

TEXT = ("The Harbour Accord protects ports. It was signed by twelve states in 2009.\n\n"
        "Member\tSigned\tRatified\nPortugal\t3 Mar 2009\t1 Jun 2010\n\n"
        "A single closing sentence.")


def test_sentences_paragraphs_rows_and_facts_with_offsets():
    f = fact("treaty_action", {"state": "PT", "action": "ratification", "date": "2010-06-01"},
             "Portugal: ratification 1 June 2010.")
    ps = passages_for("snap1", TEXT, [f])
    kinds = [p.kind for p in ps]
    assert kinds == ["paragraph", "sentence", "sentence", "row", "row", "sentence", "fact"]
    for p in ps[:-1]:
        assert TEXT[p.start:p.end] == p.text
    assert ps[1].text == "The Harbour Accord protects ports."
    assert ps[4].text == "Portugal\t3 Mar 2009\t1 Jun 2010"
    last = ps[-1]
    assert last.fact is not None and last.fact["type"] == "treaty_action"
    # the fact is anchored to the row it was read from (it carries the fact's date)
    assert (last.start, last.end) == (ps[4].start, ps[4].end)
    assert len({p.id for p in ps}) == len(ps)
    assert passages_for("snap1", TEXT, [f]) == ps
    assert {p.id for p in passages_for("snap2", TEXT, [f])}.isdisjoint(p.id for p in ps)


def test_a_fact_with_no_words_in_the_text_has_no_span():
    f = fact("vote", {"body": "storting", "date": "2031-05-06", "yes": 1, "no": 0},
             "Storting, vote of 6 May 2031: 1 for, 0 against.")
    [p] = passages_for("s", "", [f])
    assert (p.kind, p.start, p.end, p.text) == ("fact", -1, -1, f.text)


def test_a_passage_needs_a_snapshot_key():
    with pytest.raises(MatchError):
        passages_for("", TEXT, [])


def test_a_short_generic_passage_never_outranks_a_covering_one():
    claim = "Portugal ratified the Harbour Accord on 1 June 2010 after a vote in parliament."
    candidates = ["The.", "Portugal.", "It was.", "the Harbour",
                  "Portugal ratified the Harbour Accord on 1 June 2010, the depositary says."]
    index = PassageIndex.build(PassageText(f"p{i}", t) for i, t in enumerate(candidates))
    ranked = index.search(claim, k=5)
    index.close()
    assert ranked[0][0] == "p4"
    assert all(score < ranked[0][1] / 2 for pid, score in ranked[1:])


def test_selector_reanchors_after_the_text_changes():
    start = TEXT.index("It was signed")
    end = TEXT.index("2009.") + len("2009.")
    sel = select(TEXT, start, end)
    assert sel.exact == "It was signed by twelve states in 2009."
    assert len(sel.prefix) <= 32 and TEXT[:start].endswith(sel.prefix)
    assert len(sel.suffix) <= 32 and TEXT[end:].startswith(sel.suffix)
    assert reanchor(TEXT, sel.exact, sel.prefix, sel.suffix) == (start, end)
    changed = "Updated 2032: a new preface.\n\n" + TEXT
    s2, e2 = reanchor(changed, sel.exact, sel.prefix, sel.suffix)  # type: ignore[misc]
    assert changed[s2:e2] == sel.exact and s2 == start + len("Updated 2032: a new preface.\n\n")
    assert reanchor("It was rewritten entirely.", sel.exact, sel.prefix, sel.suffix) is None


def test_prefix_and_suffix_choose_between_repeated_words():
    text = "Vote one: passed. Vote two: passed. Vote three: passed."
    second = text.index("passed", text.index("two"))
    sel = select(text, second, second + len("passed"))
    assert reanchor(text, sel.exact, sel.prefix, sel.suffix) == (second, second + 6)
    with pytest.raises(MatchError):
        select(text, 10, 999)
