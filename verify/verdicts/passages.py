"""Passages: a snapshot cut into sentences, paragraphs and table rows, plus its typed facts.

Every passage keeps its character offsets into the snapshot text, so its quote
can be stored as a TextQuoteSelector and found again when the page changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

import pysbd

from verify.errors import MatchError
from verify.evidence import coverage_score
from verify.evidence.language import SENTENCE_RULES, base, detect, language_of
from verify.ids import content_id
from verify.slots import extract_slots
from verify.verdicts.model import DocumentLike, FactLike, PassageValue

# pysbd's languages; others are split with English rules (full stops are full stops).
_SBD_LANGS = frozenset({"en", "pl", "ru", "de", "fr", "es", "it", "nl", "da", "bg", "sk",
                        "el", "kk", "hy", "fa", "ar", "ur", "hi", "mr", "am", "my", "zh", "ja"})

# How a snapshot is cut into passages, and so how passage ids are derived.
#   1: English sentence rules for every text; ids "psg_" + hash(snapshot, kind, start, end).
#   2: the snapshot's own language's rules (declared, else detected), a sentence
#      never ends before a lower-case word ("5. kesäkuuta"); ids "psg2_" + the same
#      hash, so a passage of one cut is never taken for one of another.
# A snapshot stored before cuts were versioned has no cut recorded: it is cut 1,
# and is read back with cut 1, so its stored passages and evidence still match.
PASSAGE_CUT = 2
PASSAGE_CUTS = (1, 2)
_ID_PREFIX = {1: "psg_", 2: "psg2_"}
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
# A line is a table row when cells are separated by tabs or pipes.
_ROW = re.compile(r"\t|\s\|\s|^\|")
# A fact is anchored to a span of the text only when the span scores at least
# this much against the fact's rendering and carries one of the fact's dates.
ANCHOR_MIN_SCORE = 35.0
_ANCHOR_CANDIDATES = 5


def snapshot_key_of(doc: DocumentLike) -> str:
    """The key passages of `doc` are filed under: the store's snapshot id when the
    document carries one (`snapshot_key` or `snapshot_id`), else a hash of URL,
    digest and text."""
    for attr in ("snapshot_key", "snapshot_id"):
        key = getattr(doc, attr, None)
        if isinstance(key, str) and key:
            return key
    sha = doc.fetched.payload_sha256
    return content_id("snap_", doc.ref.url, sha, None if sha else doc.text)


@cache
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang, clean=False, char_span=True)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs: blank-line separated chunks; a text without blank lines
    (what HTML extraction gives) has one block per line."""
    sep = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    pos = 0
    for m in sep.finditer(text):
        s, e = _strip_span(text, pos, m.start())
        if e > s:
            yield s, e
        pos = m.end()
    s, e = _strip_span(text, pos, len(text))
    if e > s:
        yield s, e


def _sentences(text: str, start: int, end: int, lang: str,
               cut: int = 1) -> Iterator[tuple[int, int]]:
    spans = _raw_sentences(text, start, end, lang)
    if cut >= 2:
        spans = _mend(text, spans)
    yield from spans


def _mend(text: str, spans: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Join a sentence to the next when the next starts with a lower-case letter:
    the full stop was an ordinal's or an abbreviation's, not a sentence end."""
    cur: tuple[int, int] | None = None
    for s, e in spans:
        if cur is not None and text[s:s + 1].islower():
            cur = (cur[0], e)
            continue
        if cur is not None:
            yield cur
        cur = (s, e)
    if cur is not None:
        yield cur


def _raw_sentences(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    block = text[start:end]
    cursor = 0
    for seg in _segmenter(lang).segment(block):
        sent = str(seg.sent)
        # pysbd's offsets drift on some inputs; find the sentence from the cursor.
        at = block.find(sent, cursor) if sent else -1
        if at < 0:
            continue
        s, e = _strip_span(block, at, at + len(sent))
        cursor = at + len(sent)
        if e > s:
            yield start + s, start + e


def _lang(language: str | None) -> str:
    base = (language or "en").split("-")[0].lower()
    return base if base in _SBD_LANGS else "en"


def passages_for(doc_key: str, text: str, facts: Sequence[FactLike], *,
                 language: str | None = None, cut: int = PASSAGE_CUT) -> tuple[PassageValue, ...]:
    """Sentences, paragraphs (of more than one sentence), table rows and typed
    facts of one snapshot, in text order then fact order; ids are content hashes.

    `cut` is the passage cut (PASSAGE_CUTS) the snapshot was stored with; cut 2
    reads `language` (the snapshot's, else detected from the text) for its
    sentence rules and gives each passage that language. The store and the
    verdict engine call this one function with the same three inputs, so they
    agree on every passage id."""
    if not doc_key:
        raise MatchError("passages need a snapshot key")
    if cut not in PASSAGE_CUTS:
        raise MatchError(f"unknown passage cut {cut!r} (known: {PASSAGE_CUTS})")
    blob = json.dumps([[f.type, fact_fields(f), f.text] for f in facts], sort_keys=True,
                      ensure_ascii=False, default=str)
    lang = (language_of(text, language) or "en") if cut >= 2 else "en"
    return _passages_cached(doc_key, text, blob, lang, cut)


def sentences(text: str, language: str | None) -> list[str]:
    """The sentences of a text by its language's rules (as passage cut 2 cuts them)."""
    rules = _lang(SENTENCE_RULES.get(base(language) or "en", "en"))
    out: list[str] = []
    for b_start, b_end in _blocks(text):
        out.extend(text[s:e] for s, e in _sentences(text, b_start, b_end, rules, PASSAGE_CUT))
    return out


def passage_language(doc: DocumentLike) -> str | None:
    """The language a document's passages are cut with under the current cut:
    the one it declares, else the one detected from its text."""
    return language_of(doc.text or "", getattr(doc, "language", None))


@lru_cache(maxsize=64)
def _passages_cached(doc_key: str, text: str, facts_blob: str,
                     lang: str, cut: int) -> tuple[PassageValue, ...]:
    """Cut once per (snapshot, text, facts): every claim judged against a
    snapshot reads the same passages."""
    facts = [_Fact(t, f, x) for t, f, x in json.loads(facts_blob)]
    return _cut(doc_key, text, facts, lang, cut)


@dataclass(frozen=True)
class _Fact:
    type: str
    fields: Mapping[str, Any]
    text: str


def _cut(doc_key: str, text: str, facts: Sequence[FactLike],
         lang: str, cut: int) -> tuple[PassageValue, ...]:
    out: list[PassageValue] = []
    rules = _lang(SENTENCE_RULES.get(base(lang) or "en", lang)) if cut >= 2 else "en"
    language = (base(lang) or "en") if cut >= 2 else None
    prefix = _ID_PREFIX[cut]

    def _passage(key: str, kind: str, text: str, start: int, end: int) -> PassageValue:
        return PassageValue(content_id(prefix, key, kind, start, end), key, kind, start, end,
                            text[start:end], None, language)

    for b_start, b_end in _blocks(text):
        lines = text[b_start:b_end].split("\n")
        if all(_ROW.search(line) for line in lines if line.strip()):
            pos = b_start
            for line in lines:
                s, e = _strip_span(text, pos, pos + len(line))
                if e > s:
                    out.append(_passage(doc_key, "row", text, s, e))
                pos += len(line) + 1
            continue
        sents = list(_sentences(text, b_start, b_end, rules, cut))
        if len(sents) != 1:
            out.append(_passage(doc_key, "paragraph", text, b_start, b_end))
        out.extend(_passage(doc_key, "sentence", text, s, e) for s, e in sents)
    textual = tuple(out)
    for n, fact in enumerate(facts):
        out.append(_fact_passage(doc_key, n, fact, text, textual, prefix, language))
    return tuple(out)


def fact_fields(fact: FactLike) -> dict[str, Any]:
    """A fact's fields as plain JSON values (dates as ISO strings), type included."""
    fields = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in fact.fields.items()}
    fields["type"] = fact.type
    return dict(sorted(fields.items()))


def _fact_passage(key: str, n: int, fact: FactLike, text: str,
                  textual: tuple[PassageValue, ...], prefix: str,
                  language: str | None) -> PassageValue:
    fields = fact_fields(fact)
    blob = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    start, end = anchor_fact(fact, text, textual)
    # A fact's rendering is the fetcher's sentence: English for most kinds, the
    # record's own words for a speech; so it is one of those two languages.
    lang = (detect(fact.text, among=(language, "en")) or language) if language else None
    return PassageValue(content_id(prefix, key, "fact", n, blob), key, "fact", start, end,
                        fact.text, fields, lang)


def _fact_dates(fields: Mapping[str, Any]) -> set[date]:
    out: set[date] = set()
    for v in fields.values():
        if isinstance(v, date):
            out.add(v)
        elif isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T[\d:.+Z-]*)?", v):
            out.add(date.fromisoformat(v[:10]))
    return out


def anchor_fact(fact: FactLike, text: str,
                textual: tuple[PassageValue, ...]) -> tuple[int, int]:
    """The span of the text a fact was read from: of the sentences and rows that
    score well against the fact's rendering, the one carrying most of the fact's
    dates (at least one, when it has any); (-1, -1) when none does."""
    wanted = _fact_dates(fact.fields)
    # Only spans that write one of the fact's years can carry its dates.
    years = {str(d.year) for d in wanted}
    pool = [p for p in textual if p.kind != "paragraph"
            and (not years or any(y in p.text for y in years))]
    scored = sorted(((coverage_score(fact.text, p.text), p.start, p.end, p.text) for p in pool),
                    key=lambda t: (-t[0], t[1], t[2]))
    best: tuple[int, float, int, int] | None = None
    for score, start, end, ptext in scored[:_ANCHOR_CANDIDATES]:
        if score < ANCHOR_MIN_SCORE:
            break
        found = {d.as_date() for d in extract_slots(ptext).dates}
        carried = len(wanted & found)
        if wanted and carried == 0:
            continue
        if best is None or (carried, score) > best[:2]:
            best = (carried, score, start, end)
    return (best[2], best[3]) if best is not None else (-1, -1)
