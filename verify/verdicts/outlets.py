"""Attributions to a news outlet: "X, reported by RIA Novosti" checked against the outlet's reports.

Which sources are outlets is data (`outlet = true` in the registry). The claim
that an outlet reported something is judged on that outlet's documents only,
read as the record of what it said; what it is said to have reported is a claim
of its own (the claims stage makes it one), judged against the primary sources.

- a report of the outlet says it: `corroborated` (the reason of the check that
  found it, usually `slots_agree`);
- a report says otherwise, on positive evidence (a number, a date, a name in the
  same role, the same predicate negated): `contradicted`;
- the outlet's reports were found and none says it: `unverified`,
  `not_in_citation`, with the nearest passage;
- no report of the outlet was found for the claim: `unverified`,
  `citation_not_found`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from verify.claims.model import CitationDraft
from verify.registry import Registry
from verify.verdicts.documents import Gathered, make_verdict, usable, where
from verify.verdicts.model import (
    CONTRADICTED,
    CORROBORATED,
    NOTHING_FOUND,
    UNVERIFIED,
    ClaimLike,
    SourceDocs,
    VerdictValue,
)

# "RIA Novosti reported: …", "RIA Novosti reported that …": the words before
# the content, as the claims stage writes an outlet attribution.
_REPORTED = re.compile(r"^[^:\n]{1,120}?\breported(?:\s*:|\s+that\b)\s*", re.IGNORECASE)


def cited_outlets(claim: ClaimLike, registry: Registry) -> tuple[str, ...]:
    """The outlets an attribution claim names as its source ("reported by X")."""
    if claim.kind != "attribution":
        return ()
    out = []
    for c in claim.citations:
        src = registry.sources.get(getattr(c, "source", None) or "")
        if src is not None and src.outlet and getattr(c, "via", "attribution") == "attribution" \
                and src.key not in out:
            out.append(src.key)
    return tuple(sorted(out))


def reported_content(text: str) -> str:
    """What the outlet is said to have reported: the claim without "X reported:"."""
    rest = _REPORTED.sub("", text, count=1).strip()
    return rest or text


class _AsReported:
    """The claim's content, for judging against the outlet's own words."""

    def __init__(self, claim: ClaimLike, text: str, outlets: Sequence[str]) -> None:
        self._claim = claim
        self.text = text
        # Still an attribution (the cited source is the record of what it said),
        # but citing the outlet as a record, not as a report to be checked again.
        self.kind = "attribution"
        self.citations = tuple(CitationDraft(k, k, False, None, "mention") for k in outlets)
        self.slots = None
        self.role = None
        self.members = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._claim, name)


Judge = Callable[..., VerdictValue]


def _clause(sentence: str) -> str:
    """A verdict's explanation as a clause of another sentence."""
    s = sentence.strip().rstrip(".")
    return s[:1].lower() + s[1:] if s[1:2].islower() or s[1:2] == "_" else s


def outlet_verdict(claim: ClaimLike, sources: Sequence[SourceDocs], outlets: Sequence[str],
                   g: Gathered, registry: Registry, as_of: date, judge: Judge,
                   **judge_args: Any) -> VerdictValue:
    """The verdict on "the outlet reported it", from the outlet's documents only."""
    names = ", ".join(registry.sources[k].name for k in outlets)
    docs = [d for d in g.docs if d.source in outlets]
    # A source whose discovery found nothing missed no page: that is "not found".
    down = [u for s, _r, u in g.unreachable_by if s in outlets and NOTHING_FOUND not in u]
    if not docs:
        if down:
            return make_verdict(claim, UNVERIFIED, None, "source_unreachable", 0.5, as_of, [],
                                f"The reports of {names} could not be fetched: "
                                f"{', '.join(down)}")
        return make_verdict(claim, UNVERIFIED, None, "citation_not_found", 0.6, as_of, [],
                            f"No report of {names} was found for it in the days searched "
                            f"(up to {as_of.isoformat()}): the attribution cannot be checked")
    content = reported_content(claim.text)
    # Judged on the reports that were read; those that were not are named below.
    own = [replace(s, unreachable=(), documents=tuple(d for d in s.documents if usable(d)))
           for s in sources if s.source in outlets]
    inner = judge(_AsReported(claim, content, outlets), own, registry=registry, as_of=as_of,
                  **judge_args)
    titles = "; ".join(sorted({where(d) for d in docs}))
    if inner.label == CORROBORATED:
        return make_verdict(claim, CORROBORATED, inner.qualifier, inner.reason,
                            min(inner.confidence, 0.85), as_of, inner.evidence,
                            f"{names} reported it: {_clause(inner.explanation)}")
    if inner.label == CONTRADICTED and inner.reason != "not_in_effect_as_of":
        return make_verdict(claim, CONTRADICTED, inner.qualifier, inner.reason,
                            min(inner.confidence, 0.8), as_of, inner.evidence,
                            f"{names}'s report says otherwise: "
                            f"{_clause(inner.explanation)}")
    if inner.reason == "fetch_failed":
        return inner
    n = len({d.doc.ref.url for d in docs})
    # What the reports read say; the ones that could not be read are named.
    nearest = "" if inner.reason == "source_unreachable" else f": {_clause(inner.explanation)}"
    missed = f" (not reached: {', '.join(sorted(set(down)))})" if down else ""
    return make_verdict(claim, UNVERIFIED, None, "not_in_citation", 0.6, as_of, inner.evidence,
                        f"{n} report{'s' if n != 1 else ''} of {names} found ({titles}), and "
                        f"none says it{nearest}{missed}")
