"""Named entities: countries in many languages and cases, the registry's entities, and names.

An `EntityCatalog` is built once (countries from pycountry and CLDR via babel, the
registry's `[entities.*]` aliases) and then finds entities in any text. Country names are
matched as whole names in the text's own language: inflected forms ("Polsce", "Литвы") only
for names of that language, English adjectives and peoples ("Estonian", "Iraqis") by their
endings; never by a prefix of a name in another language ("Police" is not Latvian "Polija").

`EntityRef`, the value every stage passes around, lives here; `verify.slots` imports it
(and re-exports it) so the two modules no longer import each other.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol


@dataclass(frozen=True)
class EntityRef:
    """A named thing resolved to a stable key.

    Keys: "country:PL" (ISO 3166 alpha-2), or a registry entity key from
    sources.toml ("ottawa_convention", "sejm"), or "person:<normalised name>",
    "org:<normalised name>", "place:<normalised name>" for names not in any list.
    """

    key: str
    kind: str  # "country", "organization", "person", "place", "treaty", "other"
    text: str
    span: tuple[int, int]

# Languages whose country names (and their inflected forms) are indexed. Each
# adds ~250 names; the set covers the project's sources and neighbours.
CATALOG_LANGUAGES: tuple[str, ...] = (
    "en", "pl", "ru", "uk", "be", "de", "fr", "es", "it", "lt", "lv", "et", "fi", "sv",
)

# English adjectives that a prefix of the country name does not reach. Cheap
# and closed: nationalities change rarely. ("Estonian", "Russian", "Ukrainian"
# are found by the prefix rule and need no entry.)
_DEMONYMS: Mapping[str, str] = {
    "Polish": "PL", "Pole": "PL", "Poles": "PL", "Finnish": "FI", "Finn": "FI", "Finns": "FI",
    "Swedish": "SE", "Swede": "SE", "Swedes": "SE", "Danish": "DK", "Dane": "DK",
    "Norwegian": "NO", "Norwegians": "NO", "Dutch": "NL", "French": "FR", "Spanish": "ES",
    "British": "GB", "Briton": "GB", "Britain": "GB", "Turkish": "TR", "Swiss": "CH",
    "Greek": "GR", "Greeks": "GR", "Irish": "IE", "Belarusian": "BY", "Moldovan": "MD",
    "Czech": "CZ", "Slovak": "SK", "Hungarian": "HU", "American": "US", "Americans": "US",
    "Chinese": "CN", "Japanese": "JP", "German": "DE", "Germans": "DE", "Georgian": "GE",
    "Belgian": "BE", "Austrian": "AT", "Portuguese": "PT", "Latvians": "LV",
    "Lithuanians": "LT", "Estonians": "EE", "Ukrainians": "UA", "Russians": "RU",
    "Danes": "DK", "Britons": "GB", "Turks": "TR", "Afghan": "AF", "Afghans": "AF",
    "Thai": "TH", "Filipino": "PH", "Filipinos": "PH", "Welsh": "GB", "Scottish": "GB",
    "English": "GB", "Icelandic": "IS", "Lebanese": "LB", "Vietnamese": "VN", "Peruvian": "PE",
    "Norway's": "NO", "Kiwi": "NZ", "Saudi": "SA", "Saudis": "SA", "Emirati": "AE",
    "Ecuadorean": "EC", "Ecuadorian": "EC", "Argentine": "AR", "Argentinian": "AR",
}
# Abbreviations written in capitals: they match only as written ("US", not "us" or "Us").
_ABBREVIATED: Mapping[str, str] = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "DRC": "CD", "PRC": "CN",
}
# English endings that make a country's adjective or people: Estonia-n, Iraq-i, Chin(a)-ese.
_EN_SUFFIXES = ("n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "ic")

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that, written before a name, make it a person; inside a name, an organisation.
_PERSON_TITLES = _wordset(
    "mr mrs ms dr prof president minister premier chancellor senator general colonel "
    "judge justice spokesman spokeswoman spokesperson secretary ambassador king queen "
    "prince mayor governor pope sir lady lord "
    "pan pani prezydent minister premier generał sędzia rzecznik "
    "президент министр премьер генерал судья посол господин госпожа"
)
_ORG_WORDS = _wordset(
    "ministry committee council agency organization organisation union university bank "
    "party court office department commission parliament assembly institute association "
    "foundation news novosti agency corporation company group press times post tribune "
    "service services army forces navy police government senate house congress bureau "
    "fund federation league network television radio inc ltd llc "
    "ministerstwo komisja rada sąd urząd partia agencja instytut fundacja "
    "министерство комитет совет агентство суд партия служба фонд институт"
)
_CONNECTORS = frozenset({"of", "the", "for", "on", "de", "du", "von", "van", "al"})
_TREATY_WORDS = _wordset(
    "convention treaty agreement accord protocol charter pact act konwencja traktat umowa "
    "конвенция договор соглашение"
)
# Capitalised words that are not names: sentence openers, pronouns, days, months.
_NOT_NAMES = _wordset(
    "the a an this that these those it its he she they we i you his her their our "
    "in on at by for from of and or but as if when while after before since during "
    "however meanwhile also then there here what which who whom whose why how "
    "monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "critics experts officials analysts proponents opponents sources one some many most "
    "w na z do i a że to ten ta te jak według о в на и что это как по"
)

# Letters that case endings and adjective suffixes are made of (Polish -sce, -ie,
# Russian -ей, -ы, Lithuanian -os, English -n/-ian/-ese). "Mali" must not reach "Malik".
_ENDING_LETTERS = frozenset("aeiouyąęóáéíúýäöõüjnmscgwзhаеёиоуыэюяйьіїєнмсц")

# A word; "O'Brien" and "Kosiniak-Kamysz" stay whole, a possessive "'s" is cut off.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+|['’](?![sS]\b)[^\W\d_]+)*", re.UNICODE)


class EntityLike(Protocol):
    """What the catalog reads from a registry entity (verify.registry.EntityEntry)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def country(self) -> str | None: ...


class RegistryLike(Protocol):
    """What the catalog reads from a registry (verify.registry.Registry)."""

    @property
    def entities(self) -> Mapping[str, EntityLike]: ...


@dataclass(frozen=True)
class _Name:
    """One surface form: its tokens (casefolded), which must be capitalised, and the key."""

    tokens: tuple[str, ...]
    capitals: tuple[bool, ...]
    key: str
    kind: str
    fuzzy: bool  # whether inflected forms (by prefix) are accepted
    # The languages a country name belongs to (empty for registry aliases and demonyms, which
    # match in any text); its inflected forms are accepted only in a text of one of them.
    langs: frozenset[str] = frozenset()
    exact_case: bool = False  # "US": only as written


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold().replace("’", "'")


def _prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _english_form(name_tok: str, text_tok: str) -> bool:
    """An English adjective or people of a country name: "estonia"~"estonian", "iraq"~"iraqis",
    "china"~"chinese", "ukraine"~"ukrainian". Never a shorter word or another name that only
    shares a prefix ("green"/"greece", "indiana"/"india", "george"/"georgia")."""
    if len(name_tok) < 4 or not text_tok.startswith(name_tok[:-1]):
        return False
    for stem in (name_tok, name_tok[:-1]):
        if text_tok.startswith(stem) and text_tok[len(stem):] in _EN_SUFFIXES:
            return True
    return False


def _script_latin(word: str) -> bool:
    return all(ord(ch) < 0x250 for ch in word)


def _name_matches(cand: _Name, k: int, text_tok: str, lang: str | None) -> bool:
    """Whether token `k` of a name matches a word of a text in `lang` (a base code, None when
    unknown, "*" for a lone name of any language)."""
    name_tok = cand.tokens[k]
    if name_tok == text_tok:
        return True
    if not cand.fuzzy:
        return False
    if not cand.langs or lang == "*":
        return _token_matches(name_tok, text_tok, True)
    if "en" in cand.langs and _english_form(name_tok, text_tok):
        return True
    if lang is None:
        # Unknown language: inflection freely where no English word can collide (Cyrillic, …);
        # in Latin script only a long name with its last letter changed or one added
        # ("Portugalia" ~ "Portugalii"), never a prefix ("Polija" !~ "Police").
        if not _script_latin(name_tok):
            return _token_matches(name_tok, text_tok, True)
        return (len(name_tok) >= 6 and text_tok.startswith(name_tok[:-1])
                and abs(len(text_tok) - len(name_tok)) <= 1
                and set(text_tok[len(name_tok) - 1 :]) <= _ENDING_LETTERS)
    return lang != "en" and lang in cand.langs and _token_matches(name_tok, text_tok, True)


def _token_matches(name_tok: str, text_tok: str, fuzzy: bool) -> bool:
    """Exact, or an inflected form: a long shared prefix and a short, different ending.

    "polska"~"polsce", "литва"~"литвы", "estonia"~"estonian", "konwencja"~"konwencji".
    Short names ("Mali", "Peru") only match exactly: their prefixes are ordinary words.
    """
    if name_tok == text_tok:
        return True
    if not fuzzy or len(name_tok) < 5:
        return False
    if abs(len(text_tok) - len(name_tok)) > 3 or len(text_tok) < 4:
        return False
    shared = _prefix_len(name_tok, text_tok)
    return shared >= max(4, len(name_tok) - 2) and set(text_tok[shared:]) <= _ENDING_LETTERS


@dataclass(frozen=True)
class EntityCatalog:
    """Every known surface form, indexed by the first four letters of its first word."""

    names: tuple[_Name, ...]
    index: Mapping[str, tuple[int, ...]] = field(repr=False)
    kinds: Mapping[str, str] = field(repr=False)  # key -> kind
    country_of: Mapping[str, str] = field(repr=False)  # registry key -> ISO alpha-2

    def find(self, text: str, *, names: bool = True, lang: str | None = None
             ) -> tuple[EntityRef, ...]:
        """The catalog's entities in `text`, longest match first; plus person/org names.

        `lang` is the text's language ("en", "pl-PL", …): a country name of another language
        matches only as written, and only when `lang` is None; "*" reads a lone name of any
        language with its inflections (see `country_key`)."""
        base = lang if lang in (None, "*") else lang.split("-")[0].lower()
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        folded = [_fold(w) for w, _, _ in words]
        found: list[EntityRef] = []
        taken = [False] * len(words)
        i = 0
        while i < len(words):
            best: tuple[int, _Name] | None = None
            for idx in self.index.get(folded[i][:4], ()):
                cand = self.names[idx]
                n = len(cand.tokens)
                if i + n > len(words) or (best is not None and n < best[0]):
                    continue
                if base not in (None, "*") and cand.langs and base not in cand.langs \
                        and "en" not in cand.langs:
                    continue  # a country name of another language
                if cand.exact_case and not all(
                        words[i + k][0].upper() == words[i + k][0] for k in range(n)):
                    continue
                # Of two names as long, the one closer to the word: "Nigerian" is Nigeria's.
                closer = best is None or n > best[0] or (
                    folded[i + n - 1].startswith(cand.tokens[-1])
                    and len(cand.tokens[-1]) > len(best[1].tokens[-1]))
                if closer and all(
                    _name_matches(cand, k, folded[i + k], base)
                    and (not cand.capitals[k] or words[i + k][0][:1].isupper())
                    and (k == 0 or _adjacent(text, words, i + k))
                    for k in range(n)
                ):
                    best = (n, cand)
            if best is None:
                i += 1
                continue
            n, cand = best
            start, end = words[i][1], words[i + n - 1][2]
            found.append(EntityRef(cand.key, cand.kind, text[start:end], (start, end)))
            for k in range(i, i + n):
                taken[k] = True
            i += n
        if names:
            found.extend(_capitalised_names(text, words, taken))
        found.sort(key=lambda e: e.span)
        return tuple(found)

    def expand(self, key: str) -> frozenset[str]:
        """A key with its equivalents: a registry entity and its country, both ways."""
        out = {key}
        if key in self.country_of:
            out.add("country:" + self.country_of[key])
        if key.startswith("country:"):
            out.update(k for k, c in self.country_of.items() if "country:" + c == key)
        return frozenset(out)


def _adjacent(text: str, words: list[tuple[str, int, int]], j: int) -> bool:
    """Words of one name are separated by spaces only (not a comma or a full stop)."""
    if j == 0:
        return True
    gap = text[words[j - 1][2] : words[j][1]]
    if gap == "." and len(words[j - 1][0]) == 1 and len(words[j][0]) == 1:
        return True  # "U.S."
    return gap.strip() == "" or gap.strip() in {"-", "of", "'s"}


def _capitalised_names(
    text: str, words: list[tuple[str, int, int]], taken: list[bool]
) -> list[EntityRef]:
    """Runs of capitalised words that no list knows: "person:…" after a title, else "org:…".

    Limits: a lone capitalised word at a sentence start is skipped; a two-word name
    with no title and no organisation word is taken for a person.
    """
    out: list[EntityRef] = []
    i = 0
    while i < len(words):
        w, s, _ = words[i]
        if taken[i] or not w[:1].isupper() or _fold(w) in _NOT_NAMES:
            i += 1
            continue
        j = i
        while True:
            k = j + 1
            # "Committee of the Red Cross": lowercase connectors inside one name.
            while k < len(words) and words[k][0] in _CONNECTORS and k - j <= 2:
                k += 1
            if (
                k < len(words)
                and not taken[k]
                and words[k][0][:1].isupper()
                and _fold(words[k][0]) not in _NOT_NAMES
                and all(text[words[m][2] : words[m + 1][1]] in (" ", "\u00a0") for m in range(j, k))
            ):
                j = k
            else:
                break
        run = words[i : j + 1]
        toks = [_fold(t) for t, _, _ in run]
        # Drop a leading title ("Economy Minister X Y" -> "X Y"): what follows is a person.
        titled = False
        last_title = max((k for k, t in enumerate(toks[:-1]) if t in _PERSON_TITLES), default=-1)
        if last_title >= 0 and not any(t in _ORG_WORDS for t in toks[last_title + 1 :]):
            titled = True
            toks = toks[last_title + 1 :]
            run = run[last_title + 1 :]
        prev_title = i > 0 and _fold(words[i - 1][0]) in _PERSON_TITLES
        at_start = _sentence_start(text, s)
        if run and not (at_start and len(run) == 1):
            name = " ".join(toks)
            start, end = run[0][1], run[-1][2]
            if any(t in _TREATY_WORDS for t in toks):
                out.append(EntityRef("org:" + name, "treaty", text[start:end], (start, end)))
            elif any(t in _ORG_WORDS for t in toks):
                out.append(EntityRef("org:" + name, "organization", text[start:end], (start, end)))
            elif titled or prev_title or 2 <= len(run) <= 3:
                out.append(EntityRef("person:" + name, "person", text[start:end], (start, end)))
            else:
                out.append(EntityRef("org:" + name, "other", text[start:end], (start, end)))
        i = j + 1
    return out


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"'“‘«„(—–-")
    return not before or before[-1] in ".!?\n:;"


def _country_names() -> Iterable[tuple[str, str, bool, str]]:
    """(name, alpha-2, fuzzy, language) for every country in every catalog language ("" for
    names that belong to no one language)."""
    from verify.cache import cached_rows, code_key, files_key, package_dir

    # a pure function of pycountry's and babel's data: read once, kept on disk
    data = [d / "databases" / "iso3166-1.json" for d in [package_dir("pycountry")] if d]
    data += [d / "locales" / lang / "LC_MESSAGES" / "iso3166-1.mo"
             for d in [package_dir("pycountry")] if d for lang in CATALOG_LANGUAGES]
    data += [d / "locale-data" / f"{lang}.dat"
             for d in [package_dir("babel")] if d for lang in CATALOG_LANGUAGES]
    key = (CATALOG_LANGUAGES, code_key(_read_country_names), files_key(data))
    rows = cached_rows("country-names", key, lambda: (
        (name, code, str(int(fuzzy)), lang) for name, code, fuzzy, lang in _read_country_names()))
    for name, code, fuzzy, lang in rows:
        yield name, code, fuzzy == "1", lang
    for word, code in _DEMONYMS.items():
        yield word, code, False, ""


def _read_country_names() -> Iterable[tuple[str, str, bool, str]]:
    import babel  # imported here: reading the name tables is the slow part, done once
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                yield value, c.alpha_2, True, "en"
                if ", " in value:  # "Korea, Republic of" -> "Korea" (ambiguity handled below)
                    yield value.split(", ")[0], c.alpha_2, True, "en"
    for lang in CATALOG_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            tr = None
        if tr is not None:
            for c in pycountry.countries:
                for attr in ("name", "official_name", "common_name"):
                    value = getattr(c, attr, None)
                    if value:
                        yield tr.gettext(value), c.alpha_2, True, lang
        territories = babel.Locale.parse(lang).territories
        for code, value in territories.items():
            if code in codes:
                yield value, code, True, lang


def _entry(text: str, key: str, kind: str, fuzzy: bool) -> _Name | None:
    toks = [m.group() for m in _WORD.finditer(text)]
    if not toks:
        return None
    return _Name(
        tokens=tuple(_fold(t) for t in toks),
        capitals=tuple(t[:1].isupper() for t in toks),
        key=key,
        kind=kind,
        fuzzy=fuzzy,
    )


@cache
def _country_entries() -> tuple[tuple[tuple[str, ...], _Name], ...]:
    """The country names as catalog entries, built once per process from a table
    kept on disk (verify/cache.py): tokenising and folding 9,600 names took 0.07-0.1 s
    of every process that extracts claims."""
    import hashlib

    from verify.cache import cached_table, code_key

    names = list(_country_names())
    key = (hashlib.sha256(repr(names).encode()).hexdigest(), _WORD.pattern,
           code_key(_build_country_entries), code_key(_entry), code_key(_fold))
    rows = cached_table("country-entries", key, lambda: [
        (list(e.tokens), list(e.capitals), e.key, e.fuzzy, sorted(e.langs))
        for e in _build_country_entries(names)])
    return tuple((tuple(tokens), _Name(tuple(tokens), tuple(capitals), k, "country", fuzzy,
                                       frozenset(langs)))
                 for tokens, capitals, k, fuzzy, langs in rows)


def _build_country_entries(names: Iterable[tuple[str, str, bool, str]]) -> list[_Name]:
    """One entry per name (tokens folded), a name two countries share dropped."""
    entries: dict[tuple[str, ...], _Name] = {}
    clashes: set[tuple[str, ...]] = set()
    for value, code, fuzzy, lang in names:
        e = _entry(value, "country:" + code, "country", fuzzy)
        if e is None:
            continue
        e = _Name(e.tokens, e.capitals, e.key, e.kind, e.fuzzy, frozenset({lang} - {""}))
        old = entries.get(e.tokens)
        if old is not None and old.key != e.key:
            clashes.add(e.tokens)  # "Korea", "Congo": two countries, name neither
        elif old is None:
            entries[e.tokens] = e
        elif old.langs and e.langs:  # the same name in several languages
            entries[e.tokens] = _Name(old.tokens, old.capitals, old.key, old.kind,
                                      old.fuzzy, old.langs | e.langs)
        elif old.langs:  # a demonym: language-free
            entries[e.tokens] = e
    for tokens in clashes:
        entries.pop(tokens, None)
    return list(entries.values())


def build_catalog(
    registry: RegistryLike | None = None,
    extra: Iterable[tuple[str, str, Sequence[str]]] = (),
    *,
    countries: bool = True,
) -> EntityCatalog:
    """Countries in CATALOG_LANGUAGES plus the registry's entities and aliases.

    `extra` adds (key, kind, aliases) triples, e.g. sources to find by name.
    """
    entries: dict[tuple[str, ...], _Name] = dict(_country_entries()) if countries else {}
    if countries:
        for word, code in _ABBREVIATED.items():
            e = _entry(word, "country:" + code, "country", False)
            if e is not None:
                entries[e.tokens] = _Name(e.tokens, e.capitals, e.key, e.kind, False,
                                          frozenset(), exact_case=True)
    country_of: dict[str, str] = {}
    kinds: dict[str, str] = {}
    if registry is not None:
        for key, ent in registry.entities.items():
            kinds[key] = ent.kind
            if ent.country:
                country_of[key] = ent.country.upper()
            # A country entity only links a registry key to its ISO code: its
            # names (and any aliases) stand for "country:XX".
            is_country = ent.kind == "country" and ent.country
            target = "country:" + ent.country.upper() if is_country and ent.country else key
            for alias in ent.aliases:
                e = _entry(alias, target, ent.kind, True)
                if e is not None:
                    # Registry aliases win over a country name with the same words.
                    entries[e.tokens] = e
    for key, kind, aliases in extra:
        kinds[key] = kind
        for alias in aliases:
            e = _entry(alias, key, kind, True)
            if e is not None:
                entries[e.tokens] = e
    names = tuple(entries.values())
    index: dict[str, list[int]] = {}
    for n, name in enumerate(names):
        index.setdefault(name.tokens[0][:4], []).append(n)
    for key in {name.key for name in names if name.key.startswith("country:")}:
        kinds[key] = "country"
    return EntityCatalog(
        names=names,
        index={k: tuple(v) for k, v in index.items()},
        kinds=kinds,
        country_of=country_of,
    )


_CATALOGS: dict[int, tuple[RegistryLike, EntityCatalog]] = {}


def catalog_for(registry: RegistryLike) -> EntityCatalog:
    """The catalog of a registry (countries plus its entities), built once per
    registry object: building reads pycountry's and babel's name tables (~0.3 s),
    and claims, fetchers and verdicts all need the same one."""
    hit = _CATALOGS.get(id(registry))
    if hit is not None and hit[0] is registry:
        return hit[1]
    if len(_CATALOGS) >= 4:  # registries are few; a long-lived process must not grow
        _CATALOGS.clear()
    catalog = build_catalog(registry)
    _CATALOGS[id(registry)] = (registry, catalog)
    return catalog


@cache
def default_catalog() -> EntityCatalog:
    """Countries only, built once per process."""
    return build_catalog(None)


def country_key(text: str) -> str | None:
    """The "country:XX" key of a single name in any language, inflected ("Литвы" ->
    "country:LT", "Polsce" -> "country:PL"), or None."""
    for ref in default_catalog().find(text, names=False, lang="*"):
        if ref.kind == "country":
            return ref.key
    return None


def is_nationality(word: str) -> bool:
    """An English word for a country's people or things ("Australian", "Chinese"), not
    a country's own name ("Jordan", "Chad"): the catalog reads it as a country and no
    country is called by it in English."""
    if not any(e.kind == "country" for e in default_catalog().find(word, names=False,
                                                                   lang="en")):
        return False
    return word.casefold() not in _english_country_names()


@cache
def _english_country_names() -> frozenset[str]:
    """Every English country name, casefolded ("jordan", "poland", "united states")."""
    return frozenset(name.casefold() for name, _code, _fuzzy, lang in _country_names()
                     if lang == "en")
