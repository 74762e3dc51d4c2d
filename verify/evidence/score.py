"""The length-aware match score: how much of a claim a passage covers, times a similarity.

A passage "the" covers none of a claim's content words and scores 0; a short
generic passage covers little of a specific claim and cannot outrank one that
covers it, because coverage multiplies the fuzzy similarity.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from verify.evidence.text import content_stems


def coverage(claim_stems: Sequence[str], passage_stems: frozenset[str] | set[str]) -> float:
    """Share (0..1) of the claim's content stems found in the passage.

    Longer words weigh a little more: "Nickelodeon" tells more than "made".
    """
    if not claim_stems:
        return 0.0
    total = 0.0
    found = 0.0
    for s in claim_stems:
        weight = 1.0 + min(len(s), 10) / 10.0
        total += weight
        if s in passage_stems:
            found += weight
    return found / total


def score_stems(claim_stems: Sequence[str], passage_stems: Sequence[str]) -> float:
    """The score (0..100) on already-stemmed text; see `coverage_score`."""
    pset = frozenset(passage_stems)
    cov = coverage(claim_stems, pset)
    if cov == 0.0:
        return 0.0
    # token_set_ratio is 100 when the claim's words are a subset of the
    # passage's; the coverage factor is what makes it length-aware.
    sim = fuzz.token_set_ratio(" ".join(claim_stems), " ".join(passage_stems))
    return round(100.0 * cov * sim / 100.0, 4)


def coverage_score(claim: str, passage: str) -> float:
    """0..100: claim coverage by the passage times their fuzzy similarity."""
    return score_stems(content_stems(claim), content_stems(passage))
