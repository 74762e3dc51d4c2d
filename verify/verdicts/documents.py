"""The documents a claim is judged on: gathered with their passages, quoted as evidence.

Shared by the rule modules (facts, counts, prose, quotes) so that every verdict
quotes and names its sources the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from verify.evidence.text import stem
from verify.verdicts.anchors import select
from verify.verdicts.model import (
    ClaimLike,
    DocumentLike,
    EvidenceValue,
    PassageValue,
    SourceDocs,
    VerdictValue,
)
from verify.verdicts.passages import (
    PASSAGE_CUT,
    passage_language,
    passages_for,
    snapshot_key_of,
)

_OK_STATUSES = frozenset({"ok", "not_modified"})


@dataclass(frozen=True)
class Doc:
    """One usable document of one source, cut into passages."""

    source: str
    role: str
    doc: DocumentLike
    passages: tuple[PassageValue, ...]

    @property
    def reconstructed(self) -> bool:
        return bool(getattr(self.doc.fetched, "reconstructed", False))


@dataclass(frozen=True)
class Gathered:
    docs: tuple[Doc, ...]
    unreachable: tuple[str, ...]  # every URL that could not be read, sorted
    # (source key, role, URL) of each unreachable URL, sorted
    unreachable_by: tuple[tuple[str, str, str], ...] = ()


def usable(doc: DocumentLike) -> bool:
    status = str(getattr(doc.fetched, "status", "ok") or "ok")
    return status in _OK_STATUSES and not getattr(doc, "parse_error", None)


def gather(sources: Sequence[SourceDocs]) -> Gathered:
    """Usable documents with their passages, in a stable order; unreachable URLs."""
    docs: list[Doc] = []
    down: set[tuple[str, str, str]] = set()
    for s in sorted(sources, key=lambda s: (s.source, s.role)):
        down.update((s.source, s.role, u) for u in s.unreachable)
        for d in s.documents:
            if not usable(d):
                down.add((s.source, s.role, d.ref.url))
                continue
            key = snapshot_key_of(d)
            # Cut exactly as the store cut it (its recorded cut; a fresh document
            # takes the current one), so passage ids match the store's rows.
            cut = getattr(d, "passage_cut", None) or PASSAGE_CUT
            docs.append(Doc(s.source, s.role, d, passages_for(
                key, d.text or "", tuple(d.facts), language=passage_language(d), cut=cut)))
    docs.sort(key=lambda x: (x.source, x.doc.ref.url, snapshot_key_of(x.doc)))
    return Gathered(tuple(docs), tuple(sorted({u for _, _, u in down})), tuple(sorted(down)))


def evidence_value(d: Doc, p: PassageValue, score: float, agreements: Sequence[str] = (),
                   conflicts: Sequence[tuple[str, str]] = ()) -> EvidenceValue:
    text = d.doc.text or ""
    if p.start >= 0 and p.end <= len(text):
        sel = select(text, p.start, p.end)
        exact, prefix, suffix = sel.exact, sel.prefix, sel.suffix
    else:
        exact, prefix, suffix = p.text, "", ""
    from verify.fetchers._pdf import page_of

    return EvidenceValue(
        passage_id=p.id, source=d.source, url=d.doc.ref.url,
        snapshot_sha256=d.doc.fetched.payload_sha256, reconstructed=d.reconstructed,
        exact=exact, prefix=prefix, suffix=suffix, start=p.start, end=p.end,
        score=round(score, 4), agreements=tuple(agreements), conflicts=tuple(conflicts),
        page=page_of(text, p.start) if p.start >= 0 else None)


def where(d: Doc) -> str:
    """How an explanation names a document: source key, role, rebuilt or not, title."""
    title = d.doc.title or d.doc.ref.url
    rebuilt = ", a rebuilt copy" if d.reconstructed else ""
    return f"{d.source} ({d.role}{rebuilt}: {title})"


def make_verdict(claim: ClaimLike, label: str, qualifier: str | None, reason: str,
                 confidence: float, as_of: date, evidence: Sequence[EvidenceValue],
                 explanation: str) -> VerdictValue:
    """A verdict whose explanation is one sentence: capitalised, ending with a full stop."""
    sentence = explanation.strip()
    if not sentence.endswith("."):
        sentence += "."
    return VerdictValue(claim.id, label, qualifier, reason, round(confidence, 3), as_of,
                        tuple(evidence), sentence[:1].upper() + sentence[1:])


# ---------------------------------------------------------------- words, not stems

# A word as a reader sees it: hyphenated compounds ("anti-personnel") stay whole.
_READER_WORD = re.compile(r"[^\W_]+(?:[-‐'’][^\W_]+)*", re.UNICODE)
_PART = re.compile(r"[^\W_]+", re.UNICODE)


def words_for_stems(text: str, stems: Sequence[str]) -> list[str]:
    """The words of `text` the matcher's stems stand for, in the order given,
    each once ("allocat" -> "allocated", "personnel" -> "anti-personnel")."""
    by_stem: dict[str, str] = {}
    for m in _READER_WORD.finditer(text):
        word = m.group()
        for part in [word, *_PART.findall(word)]:
            by_stem.setdefault(stem(part.casefold()), word)
    out: list[str] = []
    for s in stems:
        word = by_stem.get(s) or next(
            (w for k, w in sorted(by_stem.items()) if k.startswith(s) or s.startswith(k)), s)
        if word not in out:
            out.append(word)
    return out


_LACKS = re.compile(r"the passage lacks (?P<list>[^;:]+)$")


def worded(detail: str, claim_text: str) -> str:
    """A matcher's detail with its stems ("the passage lacks allocat, defens")
    written as the claim's own words."""
    m = _LACKS.search(detail)
    if m is None:
        return detail
    stems = [s.strip() for s in m.group("list").split(",") if s.strip()]
    words = words_for_stems(claim_text, stems)
    return detail[:m.start("list")] + ", ".join(f"‘{w}’" for w in words)
