"""Evidence: scoring passages against a claim, the retrieval index, slot comparison, the judge."""

from verify.evidence.compare import SlotComparison, compare_slots
from verify.evidence.index import PassageIndex, PassageText
from verify.evidence.judge import RULESET_VERSION, Judgement, judge
from verify.evidence.score import coverage_score

__all__ = [
    "RULESET_VERSION",
    "Judgement",
    "PassageIndex",
    "PassageText",
    "SlotComparison",
    "compare_slots",
    "coverage_score",
    "judge",
]
