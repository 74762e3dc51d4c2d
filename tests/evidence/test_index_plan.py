"""The index's query plan: pruned search returns exactly the exhaustive top k."""

from __future__ import annotations

import random

import pytest

from verify.evidence import PassageIndex, PassageText
from verify.evidence.score import ClaimScorer, coverage_score, score_stems, stem_weight
from verify.evidence.text import content_stems

# A small vocabulary drawn with skewed weights: a few words are in most
# passages, many are rare, and template-like near-duplicates make ties.
_COMMON = ["said", "report", "minister", "government", "council", "million", "march"]
_MID = [f"topic{i}" for i in range(40)] + [str(1990 + i) for i in range(30)]
_RARE = [f"name{i}" for i in range(600)]


def _sentence(rng: random.Random) -> str:
    words = rng.sample(_COMMON, rng.randint(1, 4))
    words += rng.sample(_MID, rng.randint(1, 4))
    words += rng.sample(_RARE, rng.randint(0, 3))
    rng.shuffle(words)
    return "The " + " ".join(words) + "."


def _corpus(n: int, seed: int = 3) -> list[PassageText]:
    rng = random.Random(seed)
    texts = [_sentence(rng) for _ in range(n)]
    # Exact duplicates under shuffled ids: ties that only the id can break.
    texts += texts[:50]
    ids = [f"p{i}" for i in range(len(texts))]
    rng.shuffle(ids)
    return [PassageText(pid, t) for pid, t in zip(ids, texts, strict=True)]


@pytest.fixture(scope="module")
def index() -> PassageIndex:
    # Large enough that a query's plan has all its phases: the rare stems
    # seed the k-th score, the mid ones are walked, the common ones bounded.
    return PassageIndex.build(_corpus(20000), budget=None)


def _claims(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [_sentence(rng) for _ in range(n)]


def test_search_equals_exhaustive_including_ties(index):
    for claim in _claims(40):
        want = index.exhaustive(claim, k=20)
        for k in (1, 5, 20):
            assert index.search(claim, k=k) == want[:k], (claim, k)


def test_the_plan_skips_common_stems_when_rare_ones_decide(index):
    # A claim that one passage covers fully: the k-th score is high, so the
    # common stems need not be walked.
    target = "The name7 name8 name9 topic3 said report minister government."
    small = PassageIndex.build([*_corpus(3000), PassageText("target", target)], budget=None)
    hits, stats = small.search_with_stats(target, k=1)
    assert hits[0] == ("target", 100.0)
    assert stats.stems_walked < stats.stems
    every_posting = sum(small.doc_freq(s) for s in content_stems(target))
    assert stats.postings < every_posting / 4
    assert stats.exact


def test_search_many_on_two_workers_matches_one_by_one(index):
    claims = _claims(40, seed=5)
    assert index.search_many(claims, k=5, workers=2) == [index.search(c, k=5) for c in claims]
    assert index.search_many(claims, k=5) == [index.search(c, k=5) for c in claims]


def test_a_budget_cuts_the_walk_and_says_so():
    capped = PassageIndex.build(_corpus(3000), budget=50)
    claim = "The said report minister government council million march."
    hits, stats = capped.search_with_stats(claim, k=5)
    assert not stats.exact
    assert stats.postings <= 50 or stats.stems_walked == 1
    assert len(hits) == 5
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    exact = PassageIndex.build(_corpus(3000), budget=None)
    assert exact.search_with_stats(claim, k=5)[1].exact


def test_an_empty_index_and_k_zero_find_nothing():
    empty = PassageIndex.build([])
    assert len(empty) == 0
    assert empty.search("Parliament voted", k=5) == []
    one = PassageIndex.build([PassageText("a", "Parliament voted.")])
    assert one.search("Parliament voted", k=0) == []
    assert one.search("Parliament voted", k=5) == [("a", 100.0)]


def test_queries_leave_no_state_behind(index):
    claims = _claims(10, seed=8)
    first = [index.search(c, k=5) for c in claims]
    assert [index.search(c, k=5) for c in reversed(claims)] == list(reversed(first))


def test_the_claim_scorer_gives_the_same_floats_as_the_functions():
    rng = random.Random(2)
    for _ in range(200):
        claim, passage = _sentence(rng), _sentence(rng)
        cs, ps = content_stems(claim), content_stems(passage)
        assert ClaimScorer(cs).score(ps) == score_stems(cs, ps) == coverage_score(claim, passage)
    assert stem_weight("made") < stem_weight("nickelodeon") == stem_weight("nickelodeons")
