"""The values the claims stage produces: an article, its claims, their citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from verify.slots import Slots

KINDS = ("fact", "quote", "attribution", "opinion")
FLAGS = ("anonymous_source", "unsourced", "compound", "low_checkworthiness", "hyperlinked",
         "unresolved_reference")
# How a citation was found: an attribution phrase, a hyperlink, a source named
# in the sentence ("mention"), or routing by the registry's `covers`.
VIAS = ("attribution", "hyperlink", "mention", "covers")


@dataclass(frozen=True)
class Link:
    """A hyperlink of an HTML or Markdown article: its words and where they are in the text."""

    text: str
    href: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Article:
    text: str
    sha256: str  # of `text` encoded as UTF-8: the same article in any encoding has one id
    location: str  # a path or a URL
    media_type: str  # "text/plain", "text/markdown", "text/html"
    title: str | None
    url: str | None
    publisher: str | None
    published: date | None
    language: str | None
    links: tuple[Link, ...] = ()
    # What loading had to do that a reader should know (bytes that were not valid
    # UTF-8, each said once with the file and byte offset), for the CLI's stderr.
    notes: tuple[str, ...] = ()
    # Where `published` came from: "--published", the sidecar, or the page's metadata.
    published_from: str | None = None


@dataclass(frozen=True)
class CitationDraft:
    cited_as: str  # as the article words it ("Ria Novosti"), or the source's name if inferred
    source: str | None  # registry source key, or None when nothing matched
    inferred: bool
    url: str | None
    via: str  # one of VIAS


@dataclass(frozen=True)
class ClaimDraft:
    id: str
    ordinal: int
    text: str
    span: tuple[int, int]  # in Article.text
    kind: str
    checkworthy: float
    parent: str | None
    slots: Slots  # spans are offsets into `text` (the claim's own words)
    flags: tuple[str, ...]
    citations: tuple[CitationDraft, ...]
    speaker: str | None
    quote: str | None
    fact_types: tuple[str, ...]
    sentence: tuple[int, int]  # the span of the whole sentence in Article.text
    role: str | None = None  # for a child: "member:<entity key>" or "count"
    # For a count: the entity keys of the list it counts ("country:PL", …), since
    # its text may name the group only ("Five countries bordering Russia …").
    members: tuple[str, ...] = ()
    # Pronouns the claim's words leave to its context, with what they stand for:
    # (("he", "Kevin Mayer"),). A pronoun that nothing resolves is flagged
    # `unresolved_reference` instead.
    references: tuple[tuple[str, str], ...] = ()


def slots_to_json(slots: Slots) -> dict[str, Any]:
    return {
        "numbers": [asdict(q) for q in slots.numbers],
        "dates": [asdict(d) for d in slots.dates],
        "entities": [asdict(e) for e in slots.entities],
        "negated": slots.negated,
        "negation_cues": list(slots.negation_cues),
    }


def claim_to_json(claim: ClaimDraft) -> dict[str, Any]:
    """The shape `verify claims --json` prints for one claim."""
    return {
        "id": claim.id,
        "text": claim.text,
        "kind": claim.kind,
        "span": list(claim.span),
        "parent": claim.parent,
        "checkworthy": round(claim.checkworthy, 3),
        "slots": _jsonable(slots_to_json(claim.slots)),
        "citations": [
            {"source": c.source, "cited_as": c.cited_as, "inferred": c.inferred}
            for c in claim.citations
        ],
        "flags": list(claim.flags),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
