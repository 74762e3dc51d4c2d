"""What every report format shows: the vocabulary, claims in article order, reasons in words.

The report value is a plain JSON-ready dict built by the pipeline; this module
checks its shape once (one clear error naming the key) and gives each format the
same reading of it, so Markdown, HTML, CSV and ClaimReview never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from verify.errors import InputError

# The one vocabulary (DESIGN.md, "Words used everywhere"); extend it, don't rename it.
KINDS = ("fact", "quote", "attribution", "opinion")
CLAIM_FLAGS = ("anonymous_source", "unsourced", "compound", "low_checkworthiness", "hyperlinked",
               "unresolved_reference")
LABELS = ("corroborated", "contradicted", "unverified")
QUALIFIERS = ("partly", "misleading", "out_of_date", "translated")
REASONS = (
    "slots_agree",
    "number_mismatch",
    "date_mismatch",
    "entity_mismatch",
    "negation_mismatch",
    "not_in_effect_as_of",
    "paraphrase_not_quote",
    "quote_not_found",
    "anonymous_source",
    "unsourced",
    "source_unreachable",
    "secondary_source_only",
    "no_matching_passage",
    "children",
    "fetch_failed",
    "judge_failed",
)

# Each reason in words a reader can follow without the glossary.
REASON_WORDS: Mapping[str, str] = {
    "slots_agree": "the source gives the same numbers, dates and names",
    "number_mismatch": "a number in the claim differs from the source",
    "date_mismatch": "a date in the claim differs from the source",
    "entity_mismatch": "a name in the claim differs from the source",
    "negation_mismatch": "the source says the opposite",
    "not_in_effect_as_of": "it had not taken effect (or no longer held) as of the date",
    "paraphrase_not_quote": "the speaker's record has the idea but not these words",
    "quote_not_found": "the quoted words are not in the speaker's record",
    "anonymous_source": "it rests on an anonymous source",
    "unsourced": "the article gives no source for it",
    "source_unreachable": "the source could not be fetched",
    "secondary_source_only": "only secondary sources were found, no primary one",
    "no_matching_passage": "no passage in the fetched sources is about it",
    "predicate_mismatch": "the source says something else of the same subject",
    "not_checkable": "an opinion or characterization: kept, but no record can settle it",
    "children": "it follows the verdicts of its parts",
    "fetch_failed": "not judged: fetching its source failed inside the tool (run it again)",
    "judge_failed": "not judged: the verdict engine failed on it (run it again)",
    "crosslang_undecided": "the source is in another language, and the checks that work "
                           "across languages do not settle it",
    "entailed": "an entailment model reads the source as saying it, and no number, date or "
    "name clashes",
    "contradicted_by_model": "an entailment model reads the source as contradicting it",
    "citation_not_found": "no report of the outlet it is attributed to was found",
    "not_in_citation": "the outlet's reports were found, and none says it",
}

REBUILT_MARK = "(rebuilt source)"
SHORT_SHA = 12


def reason_words(reason: str) -> str:
    """The reason in words; an extension of the vocabulary shows as its own word."""
    return REASON_WORDS.get(reason, reason.replace("_", " "))


def label_text(label: str, qualifier: str | None) -> str:
    """`contradicted (out_of_date)`: the words themselves, qualifier in brackets."""
    return f"{label} ({qualifier})" if qualifier else label


def short_sha(sha: str | None) -> str:
    return (sha or "")[:SHORT_SHA]


def is_web_url(url: object) -> bool:
    """Only http(s) URLs become links: a `javascript:` URL in a source is untrusted."""
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class ClaimView:
    """One claim as every format lists it: in article order, with its depth under a parent."""

    claim: Mapping[str, Any]
    depth: int
    number: str  # "3", "3.1": the reader's way of pointing at it

    @property
    def id(self) -> str:
        return str(self.claim["id"])

    @property
    def verdict(self) -> Mapping[str, Any] | None:
        v = self.claim.get("verdict")
        return v if isinstance(v, Mapping) else None

    @property
    def evidence(self) -> Sequence[Mapping[str, Any]]:
        v = self.verdict
        return v.get("evidence") or [] if v else []


def _need(obj: Any, key: str, where: str, types: type | tuple[type, ...]) -> Any:
    if not isinstance(obj, Mapping) or key not in obj:
        raise InputError(f"report: {where}: missing key '{key}'")
    value = obj[key]
    if not isinstance(value, types):
        names = types.__name__ if isinstance(types, type) else "/".join(t.__name__ for t in types)
        raise InputError(f"report: {where}.{key}: expected {names}, got {type(value).__name__}")
    return value


def check_report(report: Mapping[str, Any]) -> None:
    """Raise one InputError naming the first key the formats cannot use.

    The JSON Schema (schema/report.schema.json) is the full contract; this is
    the part the renderers rely on, checked without a schema library at run time.
    """
    if not isinstance(report, Mapping):
        raise InputError(f"report: expected a mapping, got {type(report).__name__}")
    for key, types in (("tool", str), ("version", str), ("run", Mapping),
                       ("article", Mapping), ("claims", list)):
        _need(report, key, "report", types)
    text = _need(report["article"], "text", "article", str)
    ids: set[str] = set()
    for i, claim in enumerate(report["claims"]):
        where = f"claims[{i}]"
        cid = _need(claim, "id", where, str)
        if cid in ids:
            raise InputError(f"report: {where}.id: duplicate claim id '{cid}'")
        ids.add(cid)
        _need(claim, "text", where, str)
        kind = _need(claim, "kind", where, str)
        if kind not in KINDS:
            raise InputError(f"report: {where}.kind: '{kind}' is not one of {', '.join(KINDS)}")
        _need(claim, "citations", where, list)
        _need(claim, "flags", where, list)
        span = claim.get("span")
        if span is not None and not (
            isinstance(span, list | tuple) and len(span) == 2
            and all(isinstance(x, int) for x in span) and 0 <= span[0] <= span[1] <= len(text)
        ):
            raise InputError(f"report: {where}.span: {span!r} is not [start, end] "
                             f"within the article's {len(text)} characters")
        verdict = claim.get("verdict")
        if verdict is None:
            continue
        vw = f"{where}.verdict"
        _need(claim, "verdict", where, Mapping)
        label = _need(verdict, "label", vw, str)
        if label not in LABELS:
            raise InputError(f"report: {vw}.label: '{label}' is not one of {', '.join(LABELS)}")
        qualifier = verdict.get("qualifier")
        if qualifier is not None and qualifier not in QUALIFIERS:
            raise InputError(f"report: {vw}.qualifier: '{qualifier}' is not one of "
                             f"{', '.join(QUALIFIERS)} or null")
        _need(verdict, "reason", vw, str)
        for j, ev in enumerate(_need(verdict, "evidence", vw, list)):
            _need(ev, "source", f"{vw}.evidence[{j}]", str)
    for i, claim in enumerate(report["claims"]):
        parent = claim.get("parent")
        if parent is not None and parent not in ids:
            raise InputError(f"report: claims[{i}].parent: no claim '{parent}' in the report")


def claims_in_order(report: Mapping[str, Any]) -> list[ClaimView]:
    """Claims in article order, each parent followed by its parts (depth-first).

    Order is by span start, then the longer span first (a parent before a part
    that shares its start); claims without a span keep their given order, last.
    """
    claims: list[Mapping[str, Any]] = list(report["claims"])
    position = {c["id"]: i for i, c in enumerate(claims)}

    def key(c: Mapping[str, Any]) -> tuple[int, int, int, int]:
        span = c.get("span")
        if span is None:
            return (1, 0, 0, position[c["id"]])
        return (0, span[0], -span[1], position[c["id"]])

    children: dict[str | None, list[Mapping[str, Any]]] = {}
    for c in claims:
        children.setdefault(c.get("parent"), []).append(c)
    out: list[ClaimView] = []
    seen: set[str] = set()

    def walk(parent: str | None, depth: int, prefix: str) -> None:
        for n, c in enumerate(sorted(children.get(parent, []), key=key), start=1):
            if c["id"] in seen:  # a parent cycle: list once, never loop
                continue
            seen.add(c["id"])
            number = f"{prefix}{n}"
            out.append(ClaimView(c, depth, number))
            walk(c["id"], depth + 1, number + ".")

    walk(None, 0, "")
    for c in claims:  # claims caught in a parent cycle still appear
        if c["id"] not in seen:
            seen.add(c["id"])
            out.append(ClaimView(c, 0, str(len(out) + 1)))
    return out


def summary(report: Mapping[str, Any]) -> dict[str, int]:
    """Counts per label: the report's own summary if it has one, else counted."""
    given = report.get("summary")
    if isinstance(given, Mapping) and given:
        return {label: int(given.get(label, 0)) for label in LABELS}
    counts = dict.fromkeys(LABELS, 0)
    for c in report["claims"]:
        v = c.get("verdict")
        if isinstance(v, Mapping) and v.get("label") in counts:
            counts[v["label"]] += 1
    return counts


def source_names(report: Mapping[str, Any]) -> dict[str, str]:
    """Source key → its registry name (the key itself when the report lists no name)."""
    return {str(s["key"]): str(s.get("name") or s["key"])
            for s in report.get("sources") or [] if isinstance(s, Mapping) and "key" in s}


# ---------------------------------------------------------------------- evidence, as shown

# The one scale every format shows a match on (verify.evidence.score): 0-100, how much
# of the claim's content (weighted words) the passage holds, times their fuzzy
# similarity. It is measured against one claim: the same passage scores lower against
# a longer claim, so a parent's evidence is shown with its best score among its parts.
SCORE_SCALE = "match 0–100"
SCORE_HELP = ("match: 0–100, the share of the claim's content words the passage holds "
              "times how closely their wording agrees; it measures the passage against "
              "one claim, so a compound claim shows each passage's best match among "
              "its parts")
ELLIPSIS = "…"


def score_text(score: object) -> str | None:
    """A score as every format prints it: "match 34.9/100"."""
    if not isinstance(score, int | float) or isinstance(score, bool):
        return None
    return f"match {float(score):.1f}/100"


def _evidence_key(ev: Mapping[str, Any]) -> tuple[str, int, int]:
    pos = ev.get("position") or [-1, -1]
    return (str(ev.get("snapshot_sha256")), int(pos[0]), int(pos[1]))


def part_scores(views: Sequence[ClaimView]) -> dict[tuple[str, tuple[str, int, int]],
                                                     tuple[float, str]]:
    """(parent id, evidence key) → (best score among the parent's parts, that part's
    number): what a compound claim's evidence is shown with."""
    by_id = {v.id: v for v in views}
    out: dict[tuple[str, tuple[str, int, int]], tuple[float, str]] = {}
    for view in views:
        score_of = {_evidence_key(e): e.get("score") for e in view.evidence}
        parent = view.claim.get("parent")
        seen: set[str] = set()
        while isinstance(parent, str) and parent in by_id and parent not in seen:
            seen.add(parent)
            for key, score in score_of.items():
                if isinstance(score, int | float):
                    best = out.get((parent, key))
                    if best is None or float(score) > best[0]:
                        out[(parent, key)] = (float(score), view.number)
            parent = by_id[parent].claim.get("parent")
    return out


def shown_score(view: ClaimView, ev: Mapping[str, Any],
                parts: Mapping[tuple[str, tuple[str, int, int]], tuple[float, str]]) -> str | None:
    """The score words for one piece of evidence of one claim."""
    best = parts.get((view.id, _evidence_key(ev)))
    if best is not None and (view.verdict or {}).get("reason") == "children":
        return f"{score_text(best[0])} (part {best[1]})"
    return score_text(ev.get("score"))


# How much context a TextQuoteSelector keeps on each side (SELECTOR_CONTEXT of the
# verdicts): a shorter prefix or suffix reached the start or end of the text.
CONTEXT_CHARS = 32


def context_before(prefix: str, position: object) -> str:
    """A quote's prefix cut to whole words, with an ellipsis where it was cut."""
    start = position[0] if isinstance(position, list | tuple) and position else None
    if not prefix or len(prefix) < CONTEXT_CHARS or (
            isinstance(start, int) and 0 <= start <= len(prefix)):
        return prefix  # it reaches the start of the text: nothing was cut
    if prefix[0].isspace():
        return ELLIPSIS + prefix
    cut = next((i for i, ch in enumerate(prefix) if ch.isspace()), None)
    return ELLIPSIS + " " + (prefix[cut:].lstrip() if cut is not None else "")


def context_after(suffix: str) -> str:
    """A quote's suffix cut to whole words, with an ellipsis where it was cut."""
    if not suffix or len(suffix) < CONTEXT_CHARS:
        return suffix  # it reaches the end of the text
    if suffix[-1].isspace():
        return suffix + ELLIPSIS
    cut = max((i for i, ch in enumerate(suffix) if ch.isspace()), default=None)
    return (suffix[:cut].rstrip() if cut is not None else "") + " " + ELLIPSIS


def date_words(article: Mapping[str, Any]) -> str:
    """The article's publication date and where it came from, or that it is unknown."""
    published = article.get("published")
    if not published:
        return "date unknown"
    origin = article.get("published_from")
    return f"{published} (from {origin})" if origin else str(published)
