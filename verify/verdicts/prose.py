"""Claims judged on the prose of primary documents: the text judge, partial support, dated records.

Three rules, tried in this order by verify.verdicts.rules:
- the evidence matcher's text judge (its stems shown as the claim's own words);
- partial support: a passage that gives the claim's number or date and some,
  not all, of the words of the clause that number or date sits in;
- a dated record: a document of a source that covers the claim's subject and
  kind of fact, naming the subject and the act, dated as the claim dates it —
  language-independent, so a decree in Ukrainian can back an English claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from verify.entities import EntityCatalog
from verify.evidence import PassageIndex, PassageText, coverage_score, judge
from verify.evidence.entail import Entail
from verify.evidence.text import STOPWORDS, stem
from verify.registry import Registry
from verify.slots import DateSlot, Quantity, Slots, extract_slots
from verify.verdicts.documents import Doc, evidence_value, make_verdict, where, worded
from verify.verdicts.facts import ClaimView, country_name, date_fits, find_words
from verify.verdicts.model import (
    CONTRADICTED,
    CORROBORATED,
    UNVERIFIED,
    ClaimLike,
    PassageValue,
    VerdictValue,
)

# The matcher's verdicts that rest on what a passage lacks, not on a rival value.
_ABSENCE_REASONS = frozenset({"predicate_mismatch", "entity_mismatch", "no_matching_passage"})
_ABSENT = "the passage lacks"
# Passages the index hands to the text judge per claim.
TEXT_CANDIDATES = 8
# Where a claim's clauses end: commas, semicolons, dashes, colons, brackets.
_CLAUSE = re.compile(r"\s*(?:[,;:()]|\s[—–-]\s|—|–)\s*")
_READER_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*", re.UNICODE)
_PART = re.compile(r"[^\W\d_]+", re.UNICODE)


# ---------------------------------------------------------------- the text judge

@dataclass(frozen=True)
class TextFinding:
    label: str
    qualifier: str | None
    reason: str
    confidence: float
    doc: Doc
    passage: PassageValue
    score: float
    detail: str


def text_finding(claim: ClaimLike, slots: Slots, docs: Sequence[Doc],
                 catalog: EntityCatalog, entail: Entail | None = None) -> TextFinding | None:
    """The matcher's judgement of the claim against the best passages of `docs`;
    with `entail`, an entailment model reads the best of them too (English ones:
    the document's language, when known, says which)."""
    pool: dict[str, tuple[Doc, PassageValue]] = {}
    for d in docs:
        for p in d.passages:
            if p.kind != "paragraph" and p.fact is None:
                pool[p.id] = (d, p)
    if not pool:
        return None
    hits = _index_of(pool).search(claim.text, k=TEXT_CANDIDATES)
    if not hits:
        return None
    chosen = [pool[pid] for pid, _ in hits]
    texts = [p.text for _, p in chosen]
    pslots = [extract_slots(p.text, lang=getattr(d.doc, "language", None), catalog=catalog)
              for d, p in chosen]
    j = judge(claim.text, texts, claim_slots=slots, evidence_slots=pslots, entail=entail,
              languages=[getattr(d.doc, "language", None) for d, _ in chosen])
    if j.evidence_index is None:
        return None
    d, p = chosen[j.evidence_index]
    return TextFinding(j.label, j.qualifier, j.reason, j.confidence, d, p, j.score,
                       worded(j.detail, claim.text))


# Indexes of the passage pools judged lately: the claims that cite one source
# share its documents, so each pool is indexed once, not once per claim. Passage
# ids are content ids (document and span), so the same ids mean the same texts.
_INDEX_CACHE_SIZE = 16
_INDEXES: dict[tuple[str, ...], PassageIndex] = {}


def _index_of(pool: dict[str, tuple[Doc, PassageValue]]) -> PassageIndex:
    key = tuple(sorted(pool))
    index = _INDEXES.pop(key, None)
    if index is None:
        index = PassageIndex.build(PassageText(pid, pool[pid][1].text) for pid in key)
        while len(_INDEXES) >= _INDEX_CACHE_SIZE:
            _INDEXES.pop(next(iter(_INDEXES))).close()  # the least recently used
    _INDEXES[key] = index
    return index


def is_silence(f: TextFinding) -> bool:
    """A passage that lacks much of the claim is silence, not contradiction
    (the matcher says so with `unverified` and what the passage lacks)."""
    return (f.label in (CONTRADICTED, UNVERIFIED) and f.reason in _ABSENCE_REASONS
            and f.detail.startswith(_ABSENT))


def text_verdict(claim: ClaimLike, f: TextFinding, as_of: date) -> VerdictValue:
    if is_silence(f):
        ev = evidence_value(f.doc, f.passage, f.score, (), ((f.reason, f.detail),))
        return make_verdict(claim, UNVERIFIED, f.qualifier if f.label == UNVERIFIED else None,
                            "no_matching_passage", 0.5, as_of, [ev],
                            f"The nearest passage, in {where(f.doc)}, does not say it: "
                            f"{f.detail}")
    conflicts = ((f.reason, f.detail),) if f.label == CONTRADICTED else ()
    ev = evidence_value(f.doc, f.passage, f.score, (), conflicts)
    verb = {CORROBORATED: "agrees with", CONTRADICTED: "contradicts"}.get(f.label, "speaks to")
    return make_verdict(claim, f.label, f.qualifier, f.reason, f.confidence, as_of, [ev],
                        f"{where(f.doc)} {verb} the claim: {f.detail}")


# ---------------------------------------------------------------- words

def _stems_of(text: str) -> frozenset[str]:
    """Stems of every word and of every part of a hyphenated word."""
    out: set[str] = set()
    for m in _READER_WORD.finditer(text.casefold()):
        out.add(stem(m.group()))
        out.update(stem(p) for p in _PART.findall(m.group()))
    return frozenset(out)


def _has_word(word: str, stems: frozenset[str]) -> bool:
    """A word is in a text when its stem is, or every part of a compound is."""
    low = word.casefold()
    if stem(low) in stems:
        return True
    parts = _PART.findall(low)
    return len(parts) > 1 and all(stem(p) in stems for p in parts)


def _content_words(text: str, skip: frozenset[str]) -> list[str]:
    """The reader's words of `text` that carry content, each once, in order."""
    out: list[str] = []
    for m in _READER_WORD.finditer(text):
        w = m.group()
        low = w.casefold()
        if low in STOPWORDS or low in skip or len(low) < 3 or w in out:
            continue
        out.append(w)
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _quoted(words: Sequence[str]) -> str:
    return ", ".join(f"‘{w}’" for w in words)


# ---------------------------------------------------------------- slots

def _numbers_meet(a: Quantity, b: Quantity) -> bool:
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return False
    if a.value == b.value:
        return True
    if a.value == 0 or b.value == 0:
        return False
    rel = abs(a.value - b.value) / max(abs(a.value), abs(b.value))
    return (a.approximate or b.approximate) and rel <= 0.1


def _rival(a: Quantity, b: Quantity) -> bool:
    """Same kind of quantity (both with the same unit), other value."""
    return a.unit is not None and a.unit == b.unit and not _numbers_meet(a, b)


def _dates_meet(a: DateSlot, b: DateSlot) -> bool:
    pairs = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    shared = [(x, y) for x, y in pairs if x is not None and y is not None]
    return len(shared) >= 2 and all(x == y for x, y in shared)


def _anchors(claim: Slots) -> list[Quantity | DateSlot]:
    """The claim's slots a passage can agree on: amounts with a unit, and dates
    with at least a month and a day or a month and a year."""
    out: list[Quantity | DateSlot] = [q for q in claim.numbers if q.unit and not q.ordinal]
    out += [d for d in claim.dates if d.month is not None]
    return out


# ---------------------------------------------------------------- partial support

def _subject_backing(view: ClaimView, d: Doc, passage: str, registry: Registry,
                     catalog: EntityCatalog) -> tuple[list[str], list[str]]:
    """(backed, unbacked) names of the states the claim is about: named in the
    passage, in the document, or the document's source is that state's own."""
    doc_text = " ".join(x for x in (d.doc.title or "", d.doc.text or "") if x)
    in_passage = {k for e in catalog.find(passage, names=False) for k in catalog.expand(e.key)}
    in_doc = {k for e in catalog.find(doc_text, names=False) for k in catalog.expand(e.key)}
    src = registry.sources.get(d.source)
    covered: set[str] = set()
    for key in (src.covers_entities if src is not None else ()):
        covered |= set(catalog.expand(key)) | set(registry.entity_keys_for(key))
    backed: list[str] = []
    unbacked: list[str] = []
    for c in view.countries:
        name = country_name(c)
        if c in in_passage:
            backed.append(name)
        elif c in in_doc:
            backed.append(f"{name} (named in the document)")
        elif c in covered:
            backed.append(f"{name} (the source is its own)")
        else:
            unbacked.append(name)
    return backed, unbacked


@dataclass(frozen=True)
class _Partial:
    rank: tuple[int, int, int]
    doc: Doc
    passage: PassageValue
    agreed: tuple[str, ...]  # slot texts
    found: tuple[str, ...]
    missing: tuple[str, ...]
    rest: tuple[str, ...]  # other clauses the passage does not carry
    backed: tuple[str, ...]
    unbacked: tuple[str, ...]


def partial_verdict(claim: ClaimLike, slots: Slots, view: ClaimView, docs: Sequence[Doc],
                    registry: Registry, catalog: EntityCatalog,
                    fact_types: Sequence[str], as_of: date,
                    swapped: TextFinding | None = None) -> VerdictValue | None:
    """A passage giving the claim's amount or date and part of what the claim says of it.

    `unverified (partly)`, reason `predicate_mismatch`, when words of the claim
    are missing (or, `swapped`, the text judge found another word in place of
    one of the claim's in the same passage); `corroborated` when the passage
    carries all of them.
    """
    anchors = _anchors(slots)
    if not anchors:
        return None
    trigger = frozenset(w.casefold() for t in fact_types if t in registry.facts
                        for w in registry.facts[t].words)
    names = frozenset(w.casefold() for e in slots.entities for w in _PART.findall(e.text))
    best: _Partial | None = None
    for d in docs:
        lang = getattr(d.doc, "language", None)
        for p in d.passages:
            if p.fact is not None or p.kind == "paragraph":
                continue
            ps = extract_slots(p.text, lang=lang, catalog=catalog)
            agreed: list[Quantity | DateSlot] = []
            rival = False
            for a in anchors:
                if isinstance(a, Quantity):
                    if any(_numbers_meet(a, q) for q in ps.numbers):
                        agreed.append(a)
                    elif any(_rival(a, q) for q in ps.numbers):
                        rival = True
                elif any(_dates_meet(a, x) for x in ps.dates):
                    agreed.append(a)
            if not agreed or rival:
                continue
            pstems = _stems_of(p.text)
            # The words of the clause the agreeing slot sits in are what the claim says of it.
            home = [c for c in _clauses(claim.text)
                    if any(c[0] <= a.span[0] < c[1] for a in agreed)]
            skip = trigger | names | frozenset(
                w.casefold() for a in agreed for w in _PART.findall(a.text))
            words = [w for c in home for w in _content_words(claim.text[c[0]:c[1]], skip)]
            found = [w for w in words if _has_word(w, pstems)]
            missing = [w for w in words if w not in found]
            if not found:
                continue
            rest: list[str] = []
            for c in _clauses(claim.text):
                if c in home:
                    continue
                cw = _content_words(claim.text[c[0]:c[1]], trigger | names)
                if len(cw) >= 2 and sum(_has_word(w, pstems) for w in cw) * 2 < len(cw):
                    rest.append(claim.text[c[0]:c[1]].strip().rstrip(".!?"))
            backed, unbacked = _subject_backing(view, d, p.text, registry, catalog)
            rank = (len(agreed), len(found), -len(missing))
            cand = _Partial(rank, d, p, tuple(a.text for a in agreed), tuple(found),
                            tuple(missing), tuple(rest), tuple(backed), tuple(unbacked))
            if best is None or rank > best.rank:
                best = cand
    if best is None:
        return None
    agreements = [f"number:{t}" for t in best.agreed] + [f"word:{w}" for w in best.found]
    agreements += [f"entity:{n.split(' (')[0]}" for n in best.backed]
    gaps = list(best.missing) + list(best.unbacked)
    swap = swapped.detail if swapped is not None and swapped.passage.id == best.passage.id \
        else None
    who = f" for {', '.join(best.backed)}," if best.backed else ""
    said = (f"{where(best.doc)} gives {_quoted(best.agreed)}{who} and "
            f"{_quoted(best.found)}, as the claim does")
    if not gaps and not best.rest and swap is None:
        ev = evidence_value(best.doc, best.passage, coverage_score(claim.text, best.passage.text),
                            agreements)
        return make_verdict(claim, CORROBORATED, None, "slots_agree", 0.8, as_of, [ev], said)
    lacks = []
    if gaps:
        lacks.append(f"it does not say {_quoted(gaps)}")
    if best.rest:
        lacks.append(f"nor {_quoted(best.rest)}")
    if swap is not None:
        lacks.append(swap.replace("claim says", "the claim says", 1))
    detail = "; ".join(lacks)
    ev = evidence_value(best.doc, best.passage, coverage_score(claim.text, best.passage.text),
                        agreements, (("predicate_mismatch", detail),))
    return make_verdict(claim, UNVERIFIED, "partly", "predicate_mismatch", 0.6, as_of, [ev],
                        f"{said}; {detail}")


# ---------------------------------------------------------------- dated records

def dated_record_verdict(claim: ClaimLike, slots: Slots, view: ClaimView, docs: Sequence[Doc],
                         registry: Registry, catalog: EntityCatalog,
                         fact_types: Sequence[str], as_of: date) -> VerdictValue | None:
    """A primary document of a source that covers the claim's subject and kind of
    fact, naming the subject and the act (the fact type's words or the claim's
    treaty), whose own date fits every date the claim gives."""
    if not slots.dates or not view.countries or not fact_types:
        return None
    words = [w for t in fact_types if t in registry.facts for w in registry.facts[t].words]
    for d in docs:
        src = registry.sources.get(d.source)
        if src is None or not set(src.covers_facts) & set(fact_types):
            continue
        lang = getattr(d.doc, "language", None)
        named: PassageValue | None = None
        dated: PassageValue | None = None
        for p in d.passages:
            if p.fact is not None or p.kind == "paragraph":
                continue
            keys = {k for e in catalog.find(p.text, names=False) for k in catalog.expand(e.key)}
            acts = bool(find_words(p.text, words)) or bool(view.treaties & keys)
            if named is None and acts and all(c in keys for c in view.countries):
                named = p
            if dated is None:
                days = [x.as_date() for x in extract_slots(p.text, lang=lang).dates]
                if any(day is not None and day <= as_of and all(date_fits(c, day)
                                                                for c in slots.dates)
                       for day in days):
                    dated = p
        if named is None or dated is None:
            continue
        subject = ", ".join(country_name(c) for c in view.countries)
        agreements = [f"entity:{c}" for c in view.countries]
        agreements += [f"date:{c.text}" for c in slots.dates]
        evidence = [evidence_value(d, dated, coverage_score(claim.text, dated.text),
                                   [f"date:{c.text}" for c in slots.dates])]
        if named.id != dated.id:
            evidence.append(evidence_value(d, named, coverage_score(claim.text, named.text),
                                           agreements))
        day_text = ", ".join(c.text for c in slots.dates)
        return make_verdict(claim, CORROBORATED, None, "slots_agree", 0.75, as_of, evidence,
                            f"{where(d)} is a record of {subject} on this act, dated as the "
                            f"claim dates it ({day_text})")
    return None
