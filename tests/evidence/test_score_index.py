"""The length-aware score and the retrieval index."""

from __future__ import annotations

import pytest

from verify.errors import MatchError
from verify.evidence import PassageIndex, PassageText, coverage_score

CLAIM = "Poland's parliament voted on 25 June 2025 to leave the Ottawa Convention."


def test_a_function_word_passage_scores_zero():
    assert coverage_score(CLAIM, "the") == 0.0
    assert coverage_score(CLAIM, "") == 0.0


def test_a_covering_passage_beats_a_short_generic_one():
    covering = (
        "On 25 June 2025 the Polish parliament voted by a large majority to leave "
        "the Ottawa Convention on anti-personnel mines."
    )
    generic = "Parliament voted."
    assert coverage_score(CLAIM, covering) > coverage_score(CLAIM, generic) > 0.0


def test_the_same_sentence_scores_100():
    assert coverage_score(CLAIM, CLAIM) == 100.0


def _passages():
    return [
        PassageText("a", "The Ottawa Convention bans anti-personnel mines."),
        PassageText(
            "b", "Poland's parliament voted on 25 June 2025 to leave the Ottawa Convention."
        ),
        PassageText("c", "the"),
        PassageText("d", "Lithuania's Seimas voted to withdraw from the convention in April."),
        PassageText("e", "Rain is expected in Warsaw on Friday."),
    ]


def test_index_ranks_the_covering_passage_first_and_drops_unrelated_ones():
    index = PassageIndex.build(_passages())
    hits = index.search(CLAIM, k=5)
    assert hits[0][0] == "b"
    ids = [pid for pid, _ in hits]
    assert "c" not in ids and "e" not in ids
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_index_search_agrees_with_exhaustive_scoring():
    index = PassageIndex.build(_passages())
    assert index.search(CLAIM, k=3) == index.exhaustive(CLAIM, k=3)


def test_ties_are_broken_by_passage_id():
    index = PassageIndex.build(
        [PassageText("z", "Mines were banned."), PassageText("m", "Mines were banned.")]
    )
    assert [pid for pid, _ in index.search("mines banned", k=2)] == ["m", "z"]


def test_duplicate_ids_are_refused():
    with pytest.raises(MatchError, match="duplicate passage id"):
        PassageIndex.build([PassageText("x", "one text"), PassageText("x", "another")])


def test_a_query_with_no_indexed_word_finds_nothing():
    index = PassageIndex.build(_passages())
    assert index.search("the of and", k=5) == []
    assert index.search("zyxwv", k=5) == []
