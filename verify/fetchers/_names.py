"""What a claim is about, as names a source in any language may print.

Discovery ranks candidate documents (feed items, votings) by how many of the
claim's entities they mention. Names come from the registry's aliases and, for
countries, pycountry's translations; inflected forms ("Литвы", "Konwencji")
match through a shared word prefix, not a hand-written list.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from verify.entities import EntityCatalog, catalog_for
from verify.registry import Registry, load_registry

# Languages of the sources the built-in fetchers read, plus English.
NAME_LANGUAGES = ("en", "pl", "ru", "uk", "lt", "lv", "et", "fi", "de", "fr")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def registry_from(ctx: Any) -> Registry:
    """The registry handed in `ctx.extra["registry"]`, else the default one (loaded once)."""
    extra = getattr(ctx, "extra", {}) or {}
    reg = extra.get("registry")
    if isinstance(reg, Registry):
        return reg
    return _default_registry()


@cache
def _default_registry() -> Registry:
    return load_registry()


def fold(text: str) -> str:
    """Lower case without diacritics: "Władysław" and "Wladyslaw" compare equal."""
    text = text.replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text))]


def claim_entity_keys(claim: Any) -> tuple[str, ...]:
    """The entity keys of a claim's slots ("country:PL", "ottawa_convention"), in order."""
    slots = getattr(claim, "slots", None)
    keys: dict[str, None] = {}
    for ent in getattr(slots, "entities", ()) or ():
        key = getattr(ent, "key", None)
        if isinstance(key, str):
            keys.setdefault(key, None)
    return tuple(keys)


@cache
def country_names(code: str) -> tuple[str, ...]:
    """A country's names in NAME_LANGUAGES (common, official and short forms)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return ()
    english = [getattr(country, a) for a in ("name", "common_name", "official_name")
               if getattr(country, a, None)]
    names = set(english)
    for lang in NAME_LANGUAGES[1:]:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        names.update(tr.gettext(n) for n in english)
    return tuple(sorted(names))


# Footnote marks after a depositary's name: "North Macedonia 4 ,", "… Ireland 6 , 18 , 19 ,".
_FOOTNOTE_MARKS = re.compile(r"(?:\s*\d{1,3}\s*,?)+\s*$")


def country_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of an English country name ("Lithuania" -> "LT").

    Takes the names the UN depositary prints, footnote marks and all: "Republic of
    Korea", "Micronesia (Federated States of)", "State of Palestine", "Holy See",
    "Democratic Republic of the Congo", "North Macedonia 4 ,". ISO 3166 puts the
    qualifier after a comma ("Korea, Republic of"); the depositary puts it first
    or in parentheses, so every such rotation of the name is tried.
    """
    cleaned = _FOOTNOTE_MARKS.sub("", " ".join(name.replace("\u2019", "'").split()))
    cleaned = cleaned.strip(" ,;*")
    if not cleaned:
        return None
    return _country_code(cleaned)


@cache
def _country_code(cleaned: str) -> str | None:
    for candidate in _name_forms(cleaned):
        try:
            return str(pycountry.countries.lookup(candidate).alpha_2)
        except LookupError:
            continue
    # "Holy See" is ISO's "Holy See (Vatican City State)": a name followed by a gloss
    folded = fold(cleaned)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and fold(re.sub(r"\s*\(.*\)\s*$", "", value)) == folded:
                return str(country.alpha_2)
    return None


def _name_forms(name: str) -> list[str]:
    """The name, its parenthesis as a comma ("Micronesia, Federated States of"), the
    name without it, and each rotation of a leading qualifier ("Korea, Republic of",
    "Congo, The Democratic Republic of the")."""
    forms = [name]
    paren = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if paren:
        forms += [f"{paren.group(1)}, {paren.group(2)}", paren.group(1)]
    parts = name.split()
    for i in range(1, len(parts)):
        head, rest = " ".join(parts[:i]), " ".join(parts[i:])
        forms += [f"{rest}, {head}", f"{rest}, The {head}"]
    return forms


def entity_names(key: str, registry: Registry) -> tuple[str, ...]:
    """Every name the registry and pycountry give for an entity key."""
    names: set[str] = set()
    for rkey in registry.entity_keys_for(key):
        ent = registry.entities.get(rkey)
        if ent is not None:
            names.update(ent.aliases)
            if ent.kind == "country" and ent.country:
                names.update(country_names(ent.country))
    if key.startswith("country:"):
        names.update(country_names(key.split(":", 1)[1]))
    elif ":" in key:  # "person:jan kowalski", "org:…": the name is in the key
        names.add(key.split(":", 1)[1])
    return tuple(sorted(names))


@dataclass(frozen=True)
class Mentions:
    """The entities a claim is about, to be found in candidate texts.

    Matching is the project's one entity matcher (`verify.entities`): countries in
    many languages and cases, the registry's aliases with inflected forms.
    """

    catalog: EntityCatalog
    wanted: tuple[frozenset[str], ...]  # each claim entity with its equivalent keys

    def __bool__(self) -> bool:
        return bool(self.wanted)

    def score(self, text: str) -> int:
        """How many of the claim's entities `text` mentions."""
        if not self.wanted:
            return 0
        found: set[str] = set()
        # The catalog does not join words across commas (so that "Poland, Finland" stays
        # two names); long official titles have commas inside ("…użycia, składowania, …"),
        # so the text is also read with its commas taken out.
        for variant in (text, text.replace(",", " ")):
            for ref in self.catalog.find(variant, names=False):
                found |= self.catalog.expand(ref.key)
        return sum(1 for keys in self.wanted if keys & found)



def mentions_of(keys: Iterable[str], registry: Registry) -> Mentions:
    catalog = catalog_for(registry)
    wanted = tuple(catalog.expand(k) | registry.entity_keys_for(k) for k in keys)
    return Mentions(catalog, wanted)


def person_matches(wanted: str, candidate: str) -> bool:
    """Whether two renderings of a person's name are the same person.

    The surname (last word) must agree, diacritics and case aside; the given
    names of the shorter rendering must all be among the other's, in order, a
    lone initial standing for a name: "Mirosław Orliński" is "Mirosław Adam
    Orliński", "M. Orliński" too, "Adam Orliński" is not a contradiction either,
    but "Jan Orliński" is.
    """
    a, b = words(wanted), words(candidate)
    if not a or not b:
        return False
    if a[-1] != b[-1]:
        return False
    given_a, given_b = a[:-1], b[:-1]
    if not given_a or not given_b:
        return True
    short, long = sorted((given_a, given_b), key=len)
    rest = iter(long)
    return all(any(_same_given(s, name) for name in rest) for s in short)


def _same_given(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b
