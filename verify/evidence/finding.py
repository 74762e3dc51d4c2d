"""What the text judge's rules find in one passage, shared by the judge and the model combiner."""

from __future__ import annotations

from dataclasses import dataclass

CORROBORATED = "corroborated"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"


@dataclass(frozen=True)
class PassageFinding:
    """What the rules make of one related passage, model aside."""

    index: int  # the passage's position among the evidence handed in
    score: float
    label: str
    qualifier: str | None
    reason: str
    confidence: float
    detail: str
    slot_clash: bool  # a number, date or name in the same role differs
    gone: frozenset[str] = frozenset()  # the claim's stems this passage lacks
