"""The length-aware match score: how much of a claim a passage covers, times a similarity.

A passage "the" covers none of a claim's content words and scores 0; a short
generic passage covers little of a specific claim and cannot outrank one that
covers it, because coverage multiplies the fuzzy similarity.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from verify.evidence.text import content_stems


def stem_weight(stem: str) -> float:
    """A claim stem's weight in coverage: longer words weigh a little more
    ("Nickelodeon" tells more than "made")."""
    return 1.0 + min(len(stem), 10) / 10.0


class ClaimScorer:
    """One claim's stems, weights and joined text, computed once to score many passages.

    Scores are the same floats `score_stems` gives (same sums in the same order).
    """

    __slots__ = ("joined", "stems", "total", "weights")

    def __init__(self, claim_stems: Sequence[str]) -> None:
        self.stems = tuple(claim_stems)
        self.weights = tuple(stem_weight(s) for s in self.stems)
        total = 0.0
        for w in self.weights:
            total += w
        self.total = total
        self.joined = " ".join(self.stems)

    def coverage(self, passage_stems: frozenset[str] | set[str]) -> float:
        """Share (0..1) of the claim's content stems found in the passage, by `stem_weight`."""
        if not self.stems:
            return 0.0
        found = 0.0
        for s, w in zip(self.stems, self.weights, strict=True):
            if s in passage_stems:
                found += w
        return found / self.total

    def score(self, passage_stems: Sequence[str]) -> float:
        """The score (0..100) of a passage given as its stems; see `coverage_score`."""
        cov = self.coverage(frozenset(passage_stems))
        if cov == 0.0:
            return 0.0
        # token_set_ratio is 100 when the claim's words are a subset of the
        # passage's; the coverage factor is what makes it length-aware.
        sim = fuzz.token_set_ratio(self.joined, " ".join(passage_stems))
        return round(100.0 * cov * sim / 100.0, 4)


def coverage(claim_stems: Sequence[str], passage_stems: frozenset[str] | set[str]) -> float:
    """Share (0..1) of the claim's content stems found in the passage, by `stem_weight`."""
    return ClaimScorer(claim_stems).coverage(passage_stems)


def score_stems(claim_stems: Sequence[str], passage_stems: Sequence[str]) -> float:
    """The score (0..100) on already-stemmed text; see `coverage_score`."""
    return ClaimScorer(claim_stems).score(passage_stems)


def coverage_score(claim: str, passage: str) -> float:
    """0..100: claim coverage by the passage times their fuzzy similarity."""
    return score_stems(content_stems(claim), content_stems(passage))
