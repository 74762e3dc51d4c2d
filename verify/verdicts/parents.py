"""A compound claim's verdict follows from its parts (reason `children`).

All parts corroborated: corroborated. Any contradicted: contradicted, `partly`
when some part is corroborated. Otherwise unverified, `partly` when some part is
corroborated. The same rule combines the subjects of one claim ("X and Y have
withdrawn") in verify.verdicts.rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from verify.errors import MatchError
from verify.verdicts.model import (
    CONTRADICTED,
    CORROBORATED,
    UNVERIFIED,
    EvidenceValue,
    ParentLike,
    VerdictValue,
)


def combine(parts: Sequence[tuple[str, str | None, float]], missing: int = 0
            ) -> tuple[str, str | None, float]:
    """(label, qualifier, confidence) of a whole from its parts' (label, qualifier,
    confidence); `missing` parts have no verdict at all (they count as unverified)."""
    labels = [p[0] for p in parts] + [UNVERIFIED] * missing
    if not labels:
        raise MatchError("nothing to combine: a whole needs at least one part")
    contradicted = [p for p in parts if p[0] == CONTRADICTED]
    corroborated = [p for p in parts if p[0] == CORROBORATED]
    if contradicted:
        qualifiers = {p[1] for p in contradicted}
        if corroborated:
            qualifier: str | None = "partly"
        elif len(qualifiers) == 1:
            qualifier = next(iter(qualifiers))  # all out_of_date: the whole is out of date
        else:
            qualifier = None
        return CONTRADICTED, qualifier, round(max(p[2] for p in contradicted), 3)
    if len(corroborated) == len(labels):
        partial = any(p[1] == "partly" for p in corroborated)
        return CORROBORATED, "partly" if partial else None, round(min(p[2] for p in parts), 3)
    confidence = min((p[2] for p in parts if p[0] == UNVERIFIED), default=0.5)
    partly = bool(corroborated) or any(p[1] == "partly" for p in parts)
    return UNVERIFIED, "partly" if partly else None, round(confidence, 3)


def merge_evidence(groups: Sequence[Sequence[EvidenceValue]]) -> tuple[EvidenceValue, ...]:
    """Every distinct piece of evidence, in a stable order (passage id, then position)."""
    seen: dict[tuple[str, int, int], EvidenceValue] = {}
    for group in groups:
        for e in group:
            seen.setdefault((e.passage_id, e.start, e.end), e)
    return tuple(seen[k] for k in sorted(seen))


def judge_parent(parent: ParentLike, children: Sequence[VerdictValue], *,
                 as_of: date) -> VerdictValue:
    """The verdict of a compound claim from its parts' verdicts."""
    if not children:
        raise MatchError("a compound claim needs the verdicts of its parts", claim=parent.id)
    ordered = sorted(children, key=lambda v: v.claim_id)
    label, qualifier, confidence = combine(
        [(v.label, v.qualifier, v.confidence) for v in ordered])
    counts = {lab: sum(1 for v in ordered if v.label == lab)
              for lab in (CORROBORATED, CONTRADICTED, UNVERIFIED)}
    said = ", ".join(f"{n} {lab}" for lab, n in counts.items() if n)
    explanation = f"Of its {len(ordered)} parts, {said}; the whole follows its parts."
    return VerdictValue(parent.id, label, qualifier, "children", confidence, as_of,
                        merge_evidence([v.evidence for v in ordered]), explanation)
