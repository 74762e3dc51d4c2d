"""Claims judged on primary prose in another language than the claim's.

Called by verify.verdicts.rules at one branch point: the documents' passages in
the claim's language go to the text judge, those in another language come here
(`split_languages`). Here the candidates are ranked (verify.evidence.crosslang:
numbers shared, content words glossed) and each is read with the checks that
work across languages; the English text judge never sees them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from verify.entities import EntityCatalog
from verify.evidence.crosslang import (
    CONTRADICTED,
    CORROBORATED,
    UNDECIDED,
    CrossFinding,
    judge_foreign,
    rank_candidates,
)
from verify.evidence.language import base
from verify.slots import Slots
from verify.verdicts.documents import Doc, evidence_value, make_verdict, where
from verify.verdicts.model import ClaimLike, PassageValue, VerdictValue
from verify.verdicts.passages import sentences
from verify.verdicts.quotes import SpeakerText, same_person

# Passages read per claim, after ranking.
CANDIDATES = 5


def passage_lang(d: Doc, p: PassageValue) -> str:
    """A passage's language: its own (cut 2), else its document's, else English."""
    return base(p.language) or base(getattr(d.doc, "language", None)) or "en"


def claim_lang(claim: ClaimLike) -> str:
    return base(getattr(claim, "language", None)) or "en"


def split_languages(docs: Sequence[Doc], lang: str) -> tuple[list[Doc], list[Doc]]:
    """(docs with only the passages in `lang` or typed facts, docs with only the
    textual passages in other languages); documents left empty are dropped."""
    same: list[Doc] = []
    other: list[Doc] = []
    for d in docs:
        mine = tuple(p for p in d.passages if p.fact is not None or passage_lang(d, p) == lang)
        theirs = tuple(p for p in d.passages if p.fact is None and passage_lang(d, p) != lang)
        if mine:
            same.append(replace(d, passages=mine) if len(mine) != len(d.passages) else d)
        if theirs:
            other.append(replace(d, passages=theirs))
    return same, other


_ORDER = {CORROBORATED: 0, CONTRADICTED: 1}


def crosslang_verdict(claim: ClaimLike, slots: Slots, docs: Sequence[Doc],
                      catalog: EntityCatalog, as_of: date) -> VerdictValue | None:
    """The verdict the best foreign-language passage gives, or None when there is none.

    Corroborated or contradicted only on what `judge_foreign` can check;
    otherwise `unverified`, reason `crosslang_undecided`, with the passage shown."""
    pool = [(d, p) for d in docs for p in d.passages
            if p.fact is None and p.kind in ("sentence", "row")]
    if not pool:
        return None
    # Ranking is needed only when there are more passages than are read.
    ranked = list(range(len(pool))) if len(pool) <= CANDIDATES else rank_candidates(
        claim.text, [(p.text, passage_lang(d, p)) for d, p in pool], k=CANDIDATES)
    best: tuple[tuple[int, int, int], Doc, PassageValue, CrossFinding] | None = None
    for n, i in enumerate(ranked):
        d, p = pool[i]
        f = judge_foreign(claim.text, p.text, passage_lang(d, p), claim_slots=slots,
                          catalog=catalog)
        key = (_ORDER.get(f.label, 2), -len(f.agreements), n)
        if best is None or key < best[0]:
            best = (key, d, p, f)
    assert best is not None
    _, d, p, f = best
    ev = [evidence_value(d, p, float(len(f.agreements)), f.agreements, f.conflicts)]
    lang = passage_lang(d, p)
    if f.label == CORROBORATED:
        return make_verdict(claim, CORROBORATED, None, f.reason, 0.7, as_of, ev,
                            f"{where(d)}, in {lang}, agrees with the claim: {f.detail}")
    if f.label == CONTRADICTED:
        return make_verdict(claim, CONTRADICTED, None, f.reason, 0.6, as_of, ev,
                            f"{where(d)}, in {lang}, contradicts the claim: {f.detail}")
    return make_verdict(claim, "unverified", None, f.reason, 0.4, as_of, ev,
                        f"The nearest passage of {where(d)}: {f.detail}")


# ---------------------------------------------------------------- the speaker's own words

# A quote sentence is a translation of a record's sentence when this share of
# its content words is glossed there (and no number, date, name or negation
# differs); a share under it, but with words in common, is the gist only.
TRANSLATED_SHARE = 0.6
GIST_SHARE = 0.1

_REPORTED = re.compile(
    r"\b(?:said|says|stated|states|emphasi[sz]ed|stressed|added|argued|insisted|noted|"
    r"warned|declared|told|claimed|announced|explained|underlined|underscored|"
    r"maintained|asserted)\b(?:\s+\w+){0,2}?\s+that\s+", re.IGNORECASE)


def reported_content(claim_text: str) -> str:
    """What a claim reports a speaker said: the clause after "said that" etc.,
    else the whole claim."""
    m = _REPORTED.search(claim_text)
    return claim_text[m.end():] if m else claim_text


@dataclass(frozen=True)
class SentenceMatch:
    english: str
    foreign: str
    share: float
    found: tuple[str, ...]
    conflict: str | None


def _best_sentence(english: str, texts: Sequence[tuple[str, str]]) -> SentenceMatch | None:
    best: SentenceMatch | None = None
    for text, lang in texts:
        for sent in sentences(text, lang):
            f = judge_foreign(english, sent, lang)
            total = len(f.glossed) + len(f.unglossed)
            share = len(f.glossed) / total if total else 0.0
            conflict = f.conflicts[0][1] if f.conflicts else None
            m = SentenceMatch(english, sent.strip(), share, f.glossed, conflict)
            if best is None or (conflict is None, share) > (best.conflict is None, best.share):
                best = m
    return best


@dataclass(frozen=True)
class TranslatedFinding:
    reason: str  # slots_agree (qualifier `translated`) or paraphrase_not_quote
    ref: int
    language: str
    detail: str


def translated_quote(quote: str, own: Sequence[SpeakerText],
                     quote_language: str = "en") -> TranslatedFinding | None:
    """An English quote against the speaker's own words in another language.

    Every sentence of the quote rendered by a sentence of the record (its
    numbers, dates, names and negation the same, most of its words glossed
    there) → `slots_agree`, to be reported with the qualifier `translated`;
    sentences matching only in part → `paraphrase_not_quote`; None when nothing
    of the record is near."""
    qlang = base(quote_language) or "en"
    foreign = [t for t in own if (base(t.language) or qlang) != qlang]
    if not foreign or not quote.strip():
        return None
    best_ref: tuple[float, SpeakerText, list[SentenceMatch]] | None = None
    for t in foreign:
        lang = base(t.language) or "en"
        matches = [m for q in sentences(quote, qlang)
                   if (m := _best_sentence(q, [(t.text, lang)])) is not None]
        if not matches:
            continue
        score = sum(m.share for m in matches if m.conflict is None) / len(matches)
        if best_ref is None or score > best_ref[0]:
            best_ref = (score, t, matches)
    if best_ref is None:
        return None
    _, t, matches = best_ref
    lang = base(t.language) or "en"
    pairs = "; ".join(f"“{m.english.strip()}” — “{m.foreign}”" for m in matches)
    if all(m.conflict is None and m.share >= TRANSLATED_SHARE for m in matches):
        return TranslatedFinding("slots_agree", t.ref, lang,
                                 f"{t.speaker}'s words in the record, in {lang}, translate the "
                                 f"quote sentence for sentence: {pairs}")
    near = [m for m in matches if m.conflict is None and m.found and m.share >= GIST_SHARE]
    if not near:
        return None
    words = sorted({w for m in near for w in m.found})
    return TranslatedFinding(
        "paraphrase_not_quote", t.ref, lang,
        f"{t.speaker}'s words in the record, in {lang}, match the quote only in gist (words "
        f"met through the glosses: {', '.join(words)}), not sentence for sentence: {pairs}")


def speech_verdict(claim: ClaimLike, docs: Sequence[Doc], catalog: EntityCatalog,
                   as_of: date) -> VerdictValue | None:
    """A claim reporting what a named speaker said, against the speaker's own
    words in another language (a speech record): the reported content is read
    with the checks that work across languages."""
    speaker = getattr(claim, "speaker", None)
    if not speaker:
        return None
    lang = claim_lang(claim)
    pool: list[tuple[Doc, PassageValue, str, str]] = []
    for d in docs:
        for p in d.passages:
            if p.fact is None or p.fact.get("type") != "speech":
                continue
            who = str(p.fact.get("speaker") or "")
            plang = base(p.language) or base(getattr(d.doc, "language", None)) or lang
            if plang != lang and who and same_person(speaker, who, catalog):
                pool.append((d, p, str(p.fact.get("text") or p.text), plang))
    if not pool:
        return None
    content = reported_content(claim.text)
    found: list[tuple[tuple[int, float], Doc, PassageValue, CrossFinding, str, str]] = []
    for d, p, said, plang in pool:
        f = judge_foreign(content, said, plang, catalog=catalog)
        total = len(f.glossed) + len(f.unglossed)
        found.append(((_ORDER.get(f.label, 2), -(len(f.glossed) / max(1, total))),
                      d, p, f, said, plang))
    found.sort(key=lambda x: x[0])
    _, d, p, f, said, plang = found[0]
    ev = [evidence_value(d, p, float(len(f.glossed)), f.agreements, f.conflicts)]
    both = f"the claim reports “{content.strip()}”; the record has “{said.strip()}”"
    if f.label == CORROBORATED:
        return make_verdict(claim, CORROBORATED, None, f.reason, 0.65, as_of, ev,
                            f"{where(d)}: {speaker}'s own words, in {plang}, say it — {both}")
    if f.label == CONTRADICTED:
        return make_verdict(claim, CONTRADICTED, None, f.reason, 0.6, as_of, ev,
                            f"{where(d)}: {speaker}'s own words, in {plang}, differ — "
                            f"{f.detail}; {both}")
    gist = (f"they share only {', '.join(f'‘{w}’' for w in f.glossed)} through the glosses"
            if f.glossed else "no word of it is met through the glosses")
    return make_verdict(claim, "unverified", None, UNDECIDED, 0.4, as_of, ev,
                        f"{where(d)}: {speaker}'s own words are in {plang} and match the claim "
                        f"at most in gist ({gist}); {both}")
