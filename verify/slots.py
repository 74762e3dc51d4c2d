"""Slots: the checkable parts of a sentence — numbers, dates, entities, negation.

A claim and a passage are compared slot by slot. This module holds the value
types (shared by claims, evidence and eval) and the extractor, `extract_slots`.
Extend the types, don't rename their fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

# EntityRef lives in verify.entities (which no longer imports this module): re-exported here.
from verify.entities import EntityCatalog, EntityRef, default_catalog

__all__ = ["DateSlot", "EntityCatalog", "EntityRef", "Quantity", "Slots", "extract_slots"]


@dataclass(frozen=True)
class Quantity:
    """A number as the text states it, normalised: "€800 million" -> 8e8 EUR."""

    value: float
    unit: str | None  # ISO 4217 code for money ("EUR"), "%" , "votes", "people", … or None
    text: str  # the words it came from
    span: tuple[int, int]  # character offsets in the analysed text
    approximate: bool = False  # "about", "more than", "hundreds of thousands"
    bound: str | None = None  # None, "min" ("more than"), "max" ("less than")
    ordinal: bool = False  # "first", "25th": a rank, not an amount


@dataclass(frozen=True)
class DateSlot:
    """A date that keeps only what the text gives: "June 29" has no year.

    `inferred_year` is the year an article's date suggests for a partial date; it
    is a guess kept apart, never copied into `year`.
    """

    year: int | None
    month: int | None
    day: int | None
    text: str
    span: tuple[int, int]
    inferred_year: int | None = None

    @property
    def is_partial(self) -> bool:
        return self.year is None or self.month is None or self.day is None

    def as_date(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None


@dataclass(frozen=True)
class Slots:
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateSlot, ...] = ()
    entities: tuple[EntityRef, ...] = ()
    negated: bool = False
    negation_cues: tuple[str, ...] = field(default=())


def extract_slots(
    text: str,
    *,
    lang: str | None = None,
    catalog: EntityCatalog | None = None,
    reference_date: date | None = None,
) -> Slots:
    """Numbers, dates, entities and negation cues of `text`, with spans into it.

    `lang` ("en", "pl", "ru", …) picks the decimal separator and the month names
    to look for; None means English with Polish, Russian and a few others.
    `catalog` defaults to countries only. `reference_date` (the article's date)
    only fills `DateSlot.inferred_year`.
    """
    dates = _find_dates(text, lang, reference_date)
    taken = [d.span for d in dates]
    numbers, years = _find_numbers(text, lang, taken)
    dates = tuple(sorted(dates + years, key=lambda d: d.span))
    entities = (catalog or default_catalog()).find(text, lang=lang)
    cues = tuple(m.group().strip() for m in _NEGATION.finditer(text))
    return Slots(
        numbers=numbers,
        dates=dates,
        entities=entities,
        negated=bool(cues),
        negation_cues=cues,
    )


@lru_cache(maxsize=65536)
def stated_dates(text: str) -> frozenset[date]:
    """The whole dates (day, month and year) `text` states, as `extract_slots` reads
    them with its defaults; remembered per text, since every claim about a source
    reads the same passages."""
    return frozenset(d for s in _find_dates(text, None, None) if (d := s.as_date()) is not None)


# --------------------------------------------------------------------------- negation

_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|nor|neither|none|nobody|nothing|refused|refuses|refuse|"
    r"declined to|declines to|failed to|fails to|fail to|"
    r"nie|nigdy|żaden|żadnych|żadnej|"
    r"не|нет|никогда|ни)\b|n[’']t\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- dates

_DATE_LANGS_DEFAULT = ("en", "pl", "ru", "uk", "de", "fr")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
# Languages whose month names decline ("w czerwcu", "в июне"): the shared stem
# of the forms dateparser lists, plus a short ending, reaches the other cases.
_INFLECTED = frozenset({"pl", "ru", "uk", "be", "lt", "lv", "cs", "sk"})
_ORD = r"(?:st|nd|rd|th|\.)?"
_EN_MONTH_ABBREVIATIONS = (
    (1, "Jan"), (2, "Feb"), (3, "Mar"), (4, "Apr"), (6, "Jun"), (7, "Jul"), (8, "Aug"),
    (9, "Sep"), (9, "Sept"), (10, "Oct"), (11, "Nov"), (12, "Dec"),
)
_YEAR_TAIL = r"(?:\s*(?:r\.|roku|rok|г\.|г\b|года|году|год))?"


@dataclass(frozen=True)
class _MonthLexicon:
    full: dict[str, int]  # every full or inflected form, as written -> month number
    short: dict[str, int]  # abbreviations, only trusted next to a day number
    full_re: str
    any_re: str


@cache
def _lexicon(langs: tuple[str, ...]) -> _MonthLexicon:
    """The month names of `langs`, read from dateparser's locale data once and kept
    in the cache folder (verify/cache.py): importing dateparser and reading its
    locales took a tenth of a second in every process that reads a date."""
    from verify.cache import cached_table, code_key, files_key, package_dir

    data = [d / "data" / "date_translation_data" / f"{lang}.py"
            for d in [package_dir("dateparser")] if d for lang in langs]
    key = (langs, _MONTHS, sorted(_INFLECTED), _EN_MONTH_ABBREVIATIONS,
           code_key(_build_lexicon), files_key(data))
    stored: list[Any] = cached_table(
        "month-names-" + "-".join(langs), key, lambda: list(_build_lexicon(langs)))
    full, short, full_re, any_re = stored
    return _MonthLexicon(full=full, short=short, full_re=full_re, any_re=any_re)


def _build_lexicon(langs: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int], str, str]:
    from dateparser.languages.loader import default_loader

    full: dict[str, int] = {}
    short: dict[str, int] = {}
    stems: dict[str, int] = {}
    for lang in langs:
        info = default_loader.get_locale(lang).info
        for number, month in enumerate(_MONTHS, start=1):
            forms = [f for f in info.get(month, []) if f]
            long_forms = [f.lower() for f in forms if len(f) >= 4 or (lang == "en" and len(f) >= 3)]
            for f in forms:
                low = f.lower()
                # English month names are always capitalised; lower-case "may",
                # "march" are a verb and a noun.
                en = lang == "en"
                variants = [low.capitalize(), low.upper()] if en else [low, low.capitalize()]
                target = full if (low in long_forms and len(low) >= 4) or low == "may" else short
                for v in variants:
                    target.setdefault(v, number)
            if lang in _INFLECTED and len(long_forms) >= 2:
                stem = long_forms[0]
                for f in long_forms[1:]:
                    n = 0
                    while n < min(len(stem), len(f)) and stem[n] == f[n]:
                        n += 1
                    stem = stem[:n]
                if len(stem) >= 3:
                    stems[stem] = number
    if "en" in langs:
        # Newsroom abbreviations dateparser lacks ("Sept."); all are read as months.
        for number, abbr in _EN_MONTH_ABBREVIATIONS:
            short.setdefault(abbr, number)
    full_alts = sorted(full, key=len, reverse=True)
    stem_alts = [rf"(?:{re.escape(s)}|{re.escape(s.capitalize())})[^\W\d_]{{0,3}}" for s in stems]
    full_re = "|".join([*stem_alts, *(re.escape(a) for a in full_alts)])
    short_re = "|".join(re.escape(a) + r"\.?" for a in sorted(short, key=len, reverse=True))
    any_re = f"{full_re}|{short_re}" if short_re else full_re
    # Stems are looked up by prefix when a match is resolved to a month number.
    for stem, number in stems.items():
        full.setdefault("\0" + stem, number)
    return full, short, full_re, any_re


def _month_number(word: str, lex: _MonthLexicon) -> int | None:
    w = word.rstrip(".")
    if w in lex.full:
        return lex.full[w]
    if w in lex.short:
        return lex.short[w]
    low = w.lower()
    best: tuple[int, int] | None = None
    for key, number in lex.full.items():
        if not key.startswith("\0") or not low.startswith(key[1:]):
            continue
        if best is None or len(key) > best[0]:
            best = (len(key), number)
    if best is None:
        for key, number in lex.full.items():
            if key.lower() == low:
                return number
        return None
    return best[1]


@dataclass(frozen=True)
class _DatePatterns:
    lex: _MonthLexicon
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _date_patterns(langs: tuple[str, ...]) -> _DatePatterns:
    lex = _lexicon(langs)
    m_any = rf"(?P<month>{lex.any_re})"
    m_full = rf"(?P<month>{lex.full_re})"
    b, e = r"(?<![\w])", r"(?![\w])"
    year = rf"(?P<year>1[89]\d\d|20\d\d|2100){e}{_YEAR_TAIL}"
    pats = [
        ("iso", rf"{b}(?P<year>\d{{4}})-(?P<mnum>\d{{2}})-(?P<day>\d{{2}}){e}"),
        ("dmy", rf"{b}(?P<day>\d{{1,2}})\.(?P<mnum>\d{{1,2}})\.(?P<year>\d{{4}}){e}{_YEAR_TAIL}"),
        ("slash", rf"{b}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<year>\d{{4}}){e}"),
        ("d_m", rf"{b}(?P<day>\d{{1,2}}){_ORD}(?:\s+of)?\s+{m_any}{e}(?:,?\s+{year})?"),
        ("m_d", rf"{b}{m_any}\s+(?P<day>\d{{1,2}}){_ORD}(?![\d])(?:,?\s+{year})?"),
        ("m_y", rf"{b}{m_full}\s+{year}"),
        ("m", rf"(?<![\w])(?:in|during|since|until|by|w|we|od|do|в|с|до|к)\s+{m_full}{e}"),
        # A capitalised abbreviation with its full stop ("Sept.", "Jan.") is a month anywhere.
        ("m_abbr", rf"{b}(?P<month>(?:{'|'.join(a for _, a in _EN_MONTH_ABBREVIATIONS)}))\."),
    ]
    return _DatePatterns(lex, tuple((name, re.compile(p)) for name, p in pats))


def _date_langs(lang: str | None) -> tuple[str, ...]:
    if lang is None:
        return _DATE_LANGS_DEFAULT
    base = lang.split("-")[0].lower()
    return ("en",) if base == "en" else ("en", base)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def _find_dates(text: str, lang: str | None, ref: date | None) -> tuple[DateSlot, ...]:
    if not _MAYBE_DATE.search(text):
        return ()
    try:
        pats = _date_patterns(_date_langs(lang))
    except (KeyError, ValueError):  # a language dateparser does not know
        pats = _date_patterns(_DATE_LANGS_DEFAULT)
    found: list[DateSlot] = []
    spans: list[tuple[int, int]] = []
    for name, pat in pats.patterns:
        for m in pat.finditer(text):
            span = m.span()
            if name in ("m", "m_abbr"):
                span = m.span("month")
            if _overlaps(span, spans):
                continue
            slot = _date_from_match(name, m, pats.lex, text, span)
            if slot is None:
                continue
            if ref is not None and slot.year is None and slot.month is not None:
                slot = DateSlot(
                    None, slot.month, slot.day, slot.text, slot.span,
                    inferred_year=_nearest_year(slot.month, slot.day, ref),
                )
            found.append(slot)
            spans.append(span)
    return tuple(found)


_MAYBE_DATE = re.compile(r"\d|[^\W\d_]{3,}")


def _date_from_match(
    name: str, m: re.Match[str], lex: _MonthLexicon, text: str, span: tuple[int, int]
) -> DateSlot | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    day = int(groups["day"]) if groups.get("day") else None
    if name == "slash":
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None  # 03/04/2025: the order is the writer's habit, not the text's
    elif groups.get("mnum"):
        month = int(groups["mnum"])
    else:
        found = _month_number(groups["month"], lex)
        if found is None:
            return None
        month = found
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    try:
        date(year or 2000, month, day or 1)  # 2000 is a leap year: "29 February" stays valid
    except ValueError:
        return None
    return DateSlot(year, month, day, text[span[0] : span[1]], span)


def _nearest_year(month: int, day: int | None, ref: date) -> int:
    """The year that puts month/day closest to the article's date."""
    best = ref.year
    best_gap: int | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            gap = abs((date(y, month, day or 15) - ref).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


# --------------------------------------------------------------------------- numbers

_DECIMAL_POINT_LANGS = frozenset({"en", "zh", "ja", "ko", "he", "th"})

_NUM = re.compile(
    r"(?<![\w.,/-])"
    r"(?P<num>\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    # "€800m": a one-letter scale may stick to the digits; other letters may not.
    r"(?P<ord>st|nd|rd|th)?(?:(?=(?:[kmb]|bn|mn|tn)\b)|(?![\w]|[.,]\d))"
)

_SCALES: tuple[tuple[str, float], ...] = (
    (r"thousand|thousands|tys\.|tys|tysięcy|tysiące|tysiąc|тыс\.|тыс|тысяч|тысячи|тысяча|k", 1e3),
    (r"million|millions|mln\.?|mn|m|milion|miliony|milionów|miliona|млн\.?|миллион|миллиона|"
     r"миллионов", 1e6),
    (r"billion|billions|bn|b|mld\.?|miliard|miliardy|miliardów|miliarda|млрд\.?|миллиард|"
     r"миллиарда|миллиардов", 1e9),
    (r"trillion|trillions|tn|bilion|biliony|bilionów|трлн\.?|триллион|триллиона|триллионов", 1e12),
)
_SCALE_RE = re.compile(
    r"\s*(?:" + "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SCALES)) + r")(?![\w])",
    re.IGNORECASE,
)
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"euros?|eur|евро", "EUR"),
    (r"us\s?dollars?|dollars?|usd|долларов|доллара|доллар|dolarów|dolary|dolar", "USD"),
    (r"pounds?(?:\s+sterling)?|gbp|funtów|funty|фунтов", "GBP"),
    (r"złotych|złote|złoty|zł|pln", "PLN"),
    (r"roubles?|rubles?|rub|рублей|рубля|рубль|руб\.?|rubli|ruble", "RUB"),
    (r"hryvnias?|hryvnia|uah|гривен|гривны|гривна|hrywien", "UAH"),
)
_CURRENCY_AFTER = re.compile(
    r"\s*(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CURRENCY_WORDS))
    + r")(?![\w])",
    re.IGNORECASE,
)
_CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "₽": "RUB", "₴": "UAH"}
_SYMBOL_BEFORE = re.compile(r"(?:US\$|[€$£₽₴]|\b(?:EUR|USD|PLN|GBP|RUB|UAH))\s?$")
_SYMBOL_AFTER = re.compile(r"\s?(?P<sym>[€$£₽₴])")
_PERCENT = re.compile(
    r"\s*(?:%|per\s?cent\b|percent\b|proc(?:ent\w*)?\.?(?!\w)|процент\w*|п\.\s?п\.)", re.IGNORECASE
)
_BOUND_BEFORE = (
    (re.compile(r"(?:more than|over|above|at least|exceeding|in excess of|upwards of|ponad|"
                r"powyżej|co najmniej|przeszło|более|свыше|больше|не менее|по меньшей мере)\s+$",
                re.IGNORECASE), "min", True),
    (re.compile(r"(?:less than|fewer than|under|below|up to|at most|no more than|mniej niż|"
                r"poniżej|менее|меньше|не более)\s+$", re.IGNORECASE), "max", True),
    (re.compile(r"(?:about|around|approximately|roughly|nearly|almost|some|an estimated|"
                r"estimated|około|blisko|prawie|ok\.|около|почти|примерно|порядка)\s+$",
                re.IGNORECASE), None, True),
)
# Plural scale words alone: "hundreds of thousands", "setki tysięcy", "сотни тысяч".
_VAGUE = re.compile(
    r"(?<![\w])(?P<a>dozens|tens|hundreds|thousands|millions|billions|dziesiątki|setki|tysiące|"
    r"miliony|десятки|сотни|тысячи|миллионы)"
    r"(?:\s+(?:of\s+)?(?P<b>thousands|millions|billions|tysięcy|milionów|тысяч|миллионов))?(?![\w])",
    re.IGNORECASE,
)
_VAGUE_VALUE = {
    "dozens": 12.0, "tens": 10.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "dziesiątki": 10.0, "setki": 100.0, "tysiące": 1e3, "tysięcy": 1e3,
    "miliony": 1e6, "milionów": 1e6, "десятки": 10.0, "сотни": 100.0, "тысячи": 1e3,
    "тысяч": 1e3, "миллионы": 1e6, "миллионов": 1e6,
}
_WORD_NUMBERS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "dwa": 2, "dwie": 2, "dwóch": 2, "trzy": 3, "trzech": 3, "cztery": 4, "czterech": 4,
    "pięć": 5, "pięciu": 5, "sześć": 6, "sześciu": 6, "siedem": 7, "osiem": 8,
    "dziewięć": 9, "dziesięć": 10,
    "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4,
    "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10,
}
_ORDINALS: dict[str, float] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
    "fortieth": 40, "hundredth": 100,
}
_WORDNUM_RE = re.compile(
    r"(?<![\w-])(?P<w>" + "|".join(sorted({*_WORD_NUMBERS, *_ORDINALS}, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_VOTE_WORDS = frozenset({"for", "against", "abstentions", "abstained", "abstaining", "za",
                         "przeciw", "против", "воздержались"})
# Words after a number that are not what it counts.
_NOT_UNITS = frozenset(
    re.findall(
        r"\S+",
        "of the a an and or to in on at by for from with as is was were are be been has have "
        "had that which who per than i w z na do o że и в на с по из к у о от что",
    )
)
_UNIT_WORD = re.compile(r"\s+(?:of\s+)?(?P<u>[^\W\d_]+(?:-[^\W\d_]+)?)")


def _parse_number(raw: str, lang: str | None) -> float | None:
    s = re.sub(r"[ \u00a0\u202f]", "", raw)
    decimal_comma = lang is not None and lang.split("-")[0].lower() not in _DECIMAL_POINT_LANGS
    if "," in s and "." in s:
        if s.rfind(".") > s.rfind(","):
            s = s.replace(",", "")
        else:
            s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        thousands = re.fullmatch(r"\d{1,3}(?:,\d{3})+", s) is not None
        s = s.replace(",", "") if thousands and not decimal_comma else s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def _after_number(text: str, end: int) -> tuple[float, str | None, bool, int]:
    """Scale, currency, percent after a number: (multiplier, unit, is_money_or_pct, end)."""
    mult = 1.0
    unit: str | None = None
    m = _SCALE_RE.match(text, end)
    if m:
        word = m.group().strip().lower()
        one_letter = word in {"k", "m", "b"}
        # "€800m" — a one-letter scale only right after the digits.
        if not one_letter or (m.start() == end and not text[end : end + 1].isspace()):
            for i, (_, value) in enumerate(_SCALES):
                if m.group(f"s{i}"):
                    mult = value
            end = m.end()
    m2 = _PERCENT.match(text, end)
    if m2:
        return mult, "%", True, m2.end()
    m3 = _CURRENCY_AFTER.match(text, end)
    if m3:
        for i, (_, code) in enumerate(_CURRENCY_WORDS):
            if m3.group(f"c{i}"):
                unit = code
        return mult, unit, True, m3.end()
    m4 = _SYMBOL_AFTER.match(text, end)
    if m4:
        return mult, _CURRENCY_SYMBOLS[m4.group("sym")], True, m4.end()
    return mult, None, mult != 1.0, end


# Words between a number and what it counts: "21 Democratic cosponsors", "5 new small SUVs".
_ADJECTIVE_ENDINGS = ("ic", "al", "ive", "ous", "ary", "ful", "ern", "ish", "ible", "able")
_ADJECTIVES = frozenset(re.findall(
    r"\S+",
    "new old more other small large big major top full separate additional former young "
    "further previous recent key top-level high low long short straight consecutive "
    "different similar",
))
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[ .-])?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)"
    r"|(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)"
)
_MODALS = frozenset(("could", "would", "should", "can", "may", "might", "must", "will", "shall",
                     "cannot"))


def _unit_after(text: str, end: int) -> str | None:
    """The noun a number counts: a unit or a plural, never a name or an adjective."""
    pos = end
    for _ in range(3):
        m = _UNIT_WORD.match(text, pos)
        if not m:
            return None
        raw = m.group("u")
        word = raw.lower()
        if word in _VOTE_WORDS:
            return "votes"
        if raw[:1].isupper() and not raw.isupper():
            if "of" in m.group().split():
                return None  # "30 of Boeing's jets": a name after "of"
            pos = m.end()  # "21 Democratic cosponsors"
            continue
        if word in _ADJECTIVES or (word.endswith(_ADJECTIVE_ENDINGS) and len(word) > 4
                                   and not word.endswith(("als", "ics"))):
            pos = m.end()
            continue
        if word in _NOT_UNITS or word in _WORD_NUMBERS or word in _MODALS or len(word) < 2:
            return None
        return word
    return None


def _bound_before(text: str, start: int) -> tuple[str | None, bool]:
    head = text[max(0, start - 30) : start]
    for pat, bound, approx in _BOUND_BEFORE:
        if pat.search(head):
            return bound, approx
    return None, False


def _find_numbers(
    text: str, lang: str | None, taken: list[tuple[int, int]]
) -> tuple[tuple[Quantity, ...], tuple[DateSlot, ...]]:
    out: list[Quantity] = []
    years: list[DateSlot] = []
    spans = list(taken)
    # A telephone number is no amount.
    spans.extend(m.span() for m in _PHONE.finditer(text))
    for m in _VAGUE.finditer(text):
        if _overlaps(m.span(), spans):
            continue
        a = _VAGUE_VALUE[m.group("a").lower()]
        b = _VAGUE_VALUE[m.group("b").lower()] if m.group("b") else 1.0
        unit = _unit_after(text, m.end())
        out.append(Quantity(a * b, unit, m.group(), m.span(), approximate=True, bound="min"))
        spans.append(m.span())
    for m in _NUM.finditer(text):
        start, end = m.span()
        if _overlaps((start, end), spans):
            continue
        raw = m.group("num")
        value = _parse_number(raw, lang)
        if value is None:
            continue
        ordinal = bool(m.group("ord"))
        mult, unit, special, q_end = _after_number(text, end)
        before = _SYMBOL_BEFORE.search(text[max(0, start - 4) : start])
        if before:
            sym = before.group().strip()
            unit = _CURRENCY_SYMBOLS.get(sym, sym.upper())
            start -= len(before.group())
            special = True
        bound, approx = _bound_before(text, start)
        is_year_like = (
            re.fullmatch(r"1[89]\d\d|20\d\d|2100", raw) is not None and not special
            and not ordinal and bound is None and not approx
        )
        if is_year_like:
            # "in 1999": a year is a date, not a number.
            m_tail = re.match(_YEAR_TAIL, text[end:])
            y_end = end + (m_tail.end() if m_tail else 0)
            years.append(DateSlot(int(raw), None, None, text[start:y_end], (start, y_end)))
            spans.append((start, y_end))
            continue
        if unit is None and not ordinal:
            unit = _unit_after(text, q_end)
        out.append(
            Quantity(value * mult, unit, text[start:q_end], (start, q_end),
                     approximate=approx, bound=bound, ordinal=ordinal)
        )
        spans.append((start, q_end))
    for m in _WORDNUM_RE.finditer(text):
        if _overlaps(m.span(), spans):
            continue
        word = m.group("w").lower()
        following = text[m.end() : m.end() + 4].lower()
        preceding = text[max(0, m.start() - 6) : m.start()].lower()
        pronoun = following.startswith(" of") or re.search(r"(no|any|every|this|that|the) $",
                                                           preceding)
        after = re.match(r"\s+([^\W\d_]+)", text[m.end() :])
        subject = after is not None and after.group(1).lower() in _MODALS
        if word == "one" and (pronoun or subject):
            continue  # "one of", "no one", "one could …": a pronoun
        ordinal = word in _ORDINALS
        value = _ORDINALS[word] if ordinal else _WORD_NUMBERS[word]
        mult, unit, _special, q_end = _after_number(text, m.end())
        bound, approx = _bound_before(text, m.start())
        if unit is None and not ordinal:
            unit = _unit_after(text, q_end)
        out.append(Quantity(value * mult, unit, text[m.start():q_end], (m.start(), q_end),
                            approximate=approx, bound=bound, ordinal=ordinal))
        spans.append((m.start(), q_end))
    out.sort(key=lambda q: q.span)
    return tuple(out), tuple(years)
