"""The verdict engine's values: passages, evidence, verdicts, and what it reads from other stages.

Everything here is a frozen dataclass or a Protocol, so the pipeline can hand in
its own rows (rebuilt from the store) as long as they have the attributes named.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from verify.slots import Slots

# Bumped on any change that can change a verdict (a rule, a threshold, a word
# list, the passage splitter). Recorded in every Verdict as `rules:<RULESET>`.
RULESET = "rules-4"

CORROBORATED = "corroborated"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"
LABELS = (CORROBORATED, CONTRADICTED, UNVERIFIED)
# `translated`: a quote corroborated by the speaker's own words in another
# language, sentence for sentence — never reported as verbatim.
QUALIFIERS = ("partly", "misleading", "out_of_date", "translated")

# DESIGN.md's reason vocabulary, plus three words (docs/verdict-rules.md):
#   not_checkable      — an opinion or characterization: kept, shown, not judged,
#                        because no record can make it true or false;
#   predicate_mismatch — the record is about the claim's subject but says
#                        something else of it (another act, other words); the
#                        evidence matcher's text judge answers it too;
#   crosslang_undecided — the passage is in another language than the claim
#                        and the checks that work across languages (numbers,
#                        dates, names, glossed words, negation) do not decide.
#   citation_not_found — an attribution to a news outlet ("reported by X") for
#                        which no report of X was found;
#   not_in_citation    — X's reports were found, and none says what the claim
#                        says X reported (verify.verdicts.outlets).
#   entailed / contradicted_by_model — an entailment model read the passage as
#                        saying / contradicting the claim, no slot clashing
#                        (verify.evidence.entail); its probability is the confidence.
REASONS = (
    "slots_agree", "number_mismatch", "date_mismatch", "entity_mismatch", "negation_mismatch",
    "not_in_effect_as_of", "paraphrase_not_quote", "quote_not_found", "anonymous_source",
    "unsourced", "source_unreachable", "secondary_source_only", "no_matching_passage",
    "children", "not_checkable", "predicate_mismatch", "fetch_failed", "judge_failed",
    "crosslang_undecided", "entailed", "contradicted_by_model",
    "citation_not_found", "not_in_citation",
)
MATCHER_REASONS = ("predicate_mismatch",)
# What the pipeline records for a source whose discovery found no document for
# a claim: no page was missed, there was none to fetch.
NOTHING_FOUND = "discovery found no document that would hold the evidence"

PASSAGE_KINDS = ("sentence", "paragraph", "row", "fact")
# Characters of context kept on each side of a quote (W3C TextQuoteSelector).
SELECTOR_CONTEXT = 32


# ---------------------------------------------------------------- what we read

class RefLike(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def source(self) -> str: ...


class FetchedLike(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def payload_sha256(self) -> str | None: ...
    @property
    def reconstructed(self) -> bool: ...


class FactLike(Protocol):
    """verify.fetchers.base.TypedFact, or a row rebuilt from the store."""

    @property
    def type(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...
    @property
    def text(self) -> str: ...


class DocumentLike(Protocol):
    """verify.fetchers.base.Document or a store row with the same attributes.

    Read when present (getattr): `language`, `author`, `parse_error`,
    `snapshot_key` (the store's snapshot id; else one is derived, see
    `verify.verdicts.passages.snapshot_key_of`).
    """

    @property
    def ref(self) -> RefLike: ...
    @property
    def fetched(self) -> FetchedLike: ...
    @property
    def text(self) -> str: ...
    @property
    def facts(self) -> Sequence[FactLike]: ...
    @property
    def title(self) -> str | None: ...


class CitationLike(Protocol):
    @property
    def source(self) -> str | None: ...


class ClaimLike(Protocol):
    """verify.claims.ClaimDraft or a store row. Read when present (getattr):
    `speaker`, `quote`, `fact_types`, `checkworthy`, `language`."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def flags(self) -> Sequence[str]: ...
    @property
    def citations(self) -> Sequence[CitationLike]: ...
    @property
    def slots(self) -> Slots | None: ...


class ParentLike(Protocol):
    @property
    def id(self) -> str: ...


# ---------------------------------------------------------------- what we give

@dataclass(frozen=True)
class PassageValue:
    """A span of a snapshot's text. For kind "fact", `text` is the fact's own
    rendering, `fact` its fields, and start/end the span of the snapshot text
    it was read from (-1, -1 when no span of the text carries it)."""

    id: str
    snapshot_key: str
    kind: str  # one of PASSAGE_KINDS
    start: int
    end: int
    text: str
    fact: Mapping[str, Any] | None = None
    # The language the passage is written in (passage cut 2 on); None when the
    # snapshot was cut before passages carried one (cut 1: read as English).
    language: str | None = None


@dataclass(frozen=True)
class EvidenceValue:
    """The passage a verdict rests on, as a W3C TextQuoteSelector plus position."""

    passage_id: str
    source: str
    url: str
    snapshot_sha256: str | None
    reconstructed: bool  # the snapshot is a rebuilt copy, not a fetched response
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    score: float
    agreements: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]  # (reason, detail)
    page: int | None = None  # the PDF page the quote starts on (RFC 8118 "page=N")


# A PDF page as a W3C FragmentSelector conforming to RFC 8118 ("page=3").
PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc8118"


def page_fragment(page: int) -> dict[str, Any]:
    return {"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": f"page={page}"}


def fragment_page(fragment: Any) -> int | None:
    """The page number of an RFC 8118 FragmentSelector ("page=3"), or None."""
    if not isinstance(fragment, Mapping):
        return None
    value = str(fragment.get("value") or "")
    for part in value.split("&"):
        name, _, number = part.partition("=")
        if name == "page" and number.isdigit():
            return int(number)
    return None


@dataclass(frozen=True)
class VerdictValue:
    claim_id: str
    label: str
    qualifier: str | None
    reason: str
    confidence: float
    as_of: date
    evidence: tuple[EvidenceValue, ...]
    explanation: str  # one plain sentence a fact-checker can follow

    @property
    def decided_by(self) -> str:
        return f"rules:{RULESET}"


@dataclass(frozen=True)
class SourceDocs:
    """What the pipeline hands in per claim and source: the documents fetched
    for it and the URLs that could not be fetched at all."""

    source: str  # registry key
    role: str  # "primary" or "secondary"
    documents: tuple[DocumentLike, ...]
    unreachable: tuple[str, ...] = ()
    # Work that failed inside the tool for this claim and source (an exception,
    # retries used up, a document that did not parse), one line each. Not a
    # finding about the source: the claim cannot be judged until it is retried.
    failed: tuple[str, ...] = ()


# ---------------------------------------------------------------- JSON

def evidence_dict(e: EvidenceValue) -> dict[str, Any]:
    out = {
        "passage_id": e.passage_id, "source": e.source, "url": e.url,
        "snapshot_sha256": e.snapshot_sha256, "reconstructed": e.reconstructed,
        "selector": {"type": "TextQuoteSelector", "exact": e.exact, "prefix": e.prefix,
                     "suffix": e.suffix},
        "position": {"type": "TextPositionSelector", "start": e.start, "end": e.end},
        "score": e.score, "agreements": list(e.agreements),
        "conflicts": [list(c) for c in e.conflicts],
    }
    if e.page is not None:  # a PDF: the page beside the quote
        out["fragment"] = page_fragment(e.page)
    return out


def verdict_dict(v: VerdictValue) -> dict[str, Any]:
    return {
        "claim_id": v.claim_id, "label": v.label, "qualifier": v.qualifier, "reason": v.reason,
        "confidence": v.confidence, "as_of": v.as_of.isoformat(),
        "evidence": [evidence_dict(e) for e in v.evidence], "explanation": v.explanation,
        "decided_by": v.decided_by,
    }


def verdict_json(v: VerdictValue) -> str:
    """Canonical JSON text: sorted keys, no whitespace choices left to chance."""
    return json.dumps(verdict_dict(v), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def verdict_to_json(v: VerdictValue) -> dict[str, Any]:
    """A JSON-ready dict (for a JSON column); `verdict_from_json` reads it back."""
    loaded: dict[str, Any] = json.loads(verdict_json(v))
    return loaded


def verdict_from_json(data: Mapping[str, Any] | str) -> VerdictValue:
    """The VerdictValue of `verdict_to_json` (or of `verdict_json` text)."""
    d: Mapping[str, Any] = json.loads(data) if isinstance(data, str) else data
    evidence = tuple(
        EvidenceValue(
            passage_id=e["passage_id"], source=e["source"], url=e["url"],
            snapshot_sha256=e["snapshot_sha256"], reconstructed=bool(e["reconstructed"]),
            exact=e["selector"]["exact"], prefix=e["selector"]["prefix"],
            suffix=e["selector"]["suffix"], start=int(e["position"]["start"]),
            end=int(e["position"]["end"]), score=float(e["score"]),
            agreements=tuple(e["agreements"]),
            conflicts=tuple((str(c[0]), str(c[1])) for c in e["conflicts"]),
            page=fragment_page(e.get("fragment")))
        for e in d["evidence"])
    return VerdictValue(claim_id=d["claim_id"], label=d["label"], qualifier=d["qualifier"],
                        reason=d["reason"], confidence=float(d["confidence"]),
                        as_of=date.fromisoformat(d["as_of"]), evidence=evidence,
                        explanation=d["explanation"])
