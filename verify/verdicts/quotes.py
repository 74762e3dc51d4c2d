"""Quotes: corroborated only by the speaker's own words in a record of that speaker.

A record of a speaker is a `speech` fact whose speaker is the claim's, or a
document (a transcript) whose author is. The same words from someone else do
not corroborate; close or other words of the speaker on the point are a
paraphrase, not a quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from verify.entities import EntityCatalog
from verify.evidence import coverage_score
from verify.evidence.text import content_stems

# Quotation marks in the languages the tool reads: '…', "…", ‘…’, “…”, „…”, «…», ‚…‘.
_QUOTED = re.compile(r"[\"“„«‘‚](?P<q>[^\"“”„«»‘’‚]{8,}?)[\"”»’‘]|"
                     r"(?<![\w])'(?P<s>[^']{8,}?)'(?![\w])")
# A passage of the speaker's that scores this much against the quote is a close
# paraphrase; one that covers this share of the quote's content words is the
# speaker on the same point in other words.
PARAPHRASE_SCORE = 45.0
SAME_POINT_COVERAGE = 0.3


def quoted_words(text: str) -> str | None:
    """The longest quoted stretch of `text`, or None."""
    found = [m.group("q") or m.group("s") for m in _QUOTED.finditer(text)]
    return max(found, key=len) if found else None


def fold(text: str) -> str:
    """Casefolded, diacritics and punctuation gone, spaces collapsed: the words only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("ł", "l").replace("ø", "o").replace("đ", "d")
    return " ".join(re.findall(r"\w+", bare))


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in fold(name).split() if len(t) > 1)


def same_person(a: str, b: str, catalog: EntityCatalog) -> bool:
    """Whether two ways of naming a person name the same person: through the
    catalog's aliases (any language), else by surname and compatible first names."""
    if not a.strip() or not b.strip():
        return False
    # Registry keys have no colon ("person:…", "country:…" are catalog guesses).
    registry_a = {e.key for e in catalog.find(a) if ":" not in e.key}
    registry_b = {e.key for e in catalog.find(b) if ":" not in e.key}
    if registry_a and registry_b:
        return bool(registry_a & registry_b)
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    # First names, when both give them, must agree (or one be the other's initial).
    fa, fb = ta[:-1], tb[:-1]
    if fa and fb:
        initial = min(len(fa[0]), len(fb[0])) == 1
        return fa[0] == fb[0] or (initial and fa[0][0] == fb[0][0])
    return True


@dataclass(frozen=True)
class SpeakerText:
    """One stretch of a record: whose words, the text, and where it is kept."""

    speaker: str
    text: str
    ref: int  # the caller's index of the passage this text is
    language: str | None = None  # of the record, when known


@dataclass(frozen=True)
class QuoteFinding:
    reason: str  # slots_agree, paraphrase_not_quote, quote_not_found, entity_mismatch
    ref: int | None
    score: float
    detail: str


def judge_quote(quote: str, speaker: str | None, texts: Sequence[SpeakerText],
                catalog: EntityCatalog, *, quote_language: str = "en") -> QuoteFinding:
    """Compare a quote with every stretch of every record, the speaker's and others'.

    Order of rules: the speaker's exact words; the same words from another
    person; the speaker's close or other words on the point; nothing near.
    """
    wanted = fold(quote)
    if not wanted:
        return QuoteFinding("quote_not_found", None, 0.0, "the claim quotes no words")
    own = [t for t in texts if speaker and same_person(speaker, t.speaker, catalog)]
    others = [t for t in texts if not (speaker and same_person(speaker, t.speaker, catalog))]
    for t in own:
        if wanted in fold(t.text):
            return QuoteFinding("slots_agree", t.ref, 100.0,
                                f"{t.speaker} said these words in the record")
    for t in others:
        if wanted in fold(t.text):
            return QuoteFinding("entity_mismatch", t.ref, 100.0,
                                f"the words are {t.speaker}'s in the record, not "
                                f"{speaker or 'the named speaker'}'s")
    best: tuple[float, int, SpeakerText] | None = None
    for n, t in enumerate(own):
        s = coverage_score(quote, t.text)
        if best is None or s > best[0]:
            best = (s, -n, t)
    if best is not None and best[0] >= PARAPHRASE_SCORE:
        return QuoteFinding("paraphrase_not_quote", best[2].ref, best[0],
                            f"{best[2].speaker} said something close, not these words")
    stems = content_stems(quote)
    if best is not None and stems:
        covered = set(content_stems(best[2].text)) & set(stems)
        if len(covered) / len(stems) >= SAME_POINT_COVERAGE:
            return QuoteFinding("paraphrase_not_quote", best[2].ref, best[0],
                                f"{best[2].speaker} spoke to the point in other words")
    if own:
        langs = {t.language.split("-")[0] for t in own if t.language}
        foreign = bool(langs) and quote_language.split("-")[0] not in langs
        note = (f" (the record is in {', '.join(sorted(langs))}: a quote translated into "
                "another language cannot be matched word for word)") if foreign else ""
        return QuoteFinding("quote_not_found", None, 0.0,
                            f"the record of {own[0].speaker} has nothing near these words{note}")
    return QuoteFinding("quote_not_found", None, 0.0,
                        f"no record of {speaker or 'the speaker'} was found")
