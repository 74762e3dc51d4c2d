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

from verify.registry import Registry, load_registry

# Languages of the sources the built-in fetchers read, plus English.
NAME_LANGUAGES = ("en", "pl", "ru", "uk", "lt", "lv", "et", "fi", "de", "fr")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_PREFIX = 5  # letters two inflected forms of one word share ("konwencja"/"konwencji")


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


def country_code(name: str) -> str | None:
    """The ISO 3166 alpha-2 code of an English country name ("Lithuania" -> "LT")."""
    cleaned = re.sub(r"\s*\d+(?:,\s*\d+)*\s*$", "", name.strip())  # footnote numbers
    for candidate in (cleaned, re.sub(r"\s*\(.*\)\s*$", "", cleaned)):
        try:
            return str(pycountry.countries.lookup(candidate).alpha_2)
        except LookupError:
            continue
    return None


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
class NameSet:
    """One entity's names, ready to be looked for in a text."""

    key: str
    names: tuple[tuple[str, ...], ...]  # each name as its folded words

    def found_in(self, text_words: Iterable[str]) -> bool:
        tw = list(text_words)
        return any(_phrase_in(name, tw) for name in self.names if name)


def _same_word(a: str, b: str) -> bool:
    if len(a) < _PREFIX or len(b) < _PREFIX:
        return a == b
    n = max(_PREFIX, min(len(a), len(b)) - 2)
    return a[:n] == b[:n]


def _phrase_in(name: tuple[str, ...], text_words: list[str]) -> bool:
    # Short function words ("o", "of") are dropped from long names: the source
    # may word them differently ("on"/"of"); the content words carry the name.
    content = tuple(w for w in name if len(w) > 3) if len(name) > 3 else name
    if not content:
        return False
    n = len(content)
    for i in range(len(text_words)):
        j, k = i, 0
        while j < len(text_words) and k < n:
            if _same_word(content[k], text_words[j]):
                k += 1
            elif k == 0 or len(text_words[j]) > 3:
                break
            j += 1
        if k == n:
            return True
    return False


def name_sets(keys: Iterable[str], registry: Registry) -> tuple[NameSet, ...]:
    out = []
    for key in keys:
        names = tuple(sorted({tuple(words(n)) for n in entity_names(key, registry)}))
        if names:
            out.append(NameSet(key, names))
    return tuple(out)


def mention_score(text: str, sets: Iterable[NameSet]) -> int:
    """How many of the entities (name sets) a text mentions."""
    tw = words(text)
    return sum(1 for s in sets if s.found_in(tw))


def person_matches(wanted: str, candidate: str) -> bool:
    """Whether two renderings of a person's name are the same person.

    The surname (last word) must agree, diacritics and case aside; given names
    must not contradict when both are there.
    """
    a, b = words(wanted), words(candidate)
    if not a or not b:
        return False
    if a[-1] != b[-1]:
        return False
    given_a, given_b = a[:-1], b[:-1]
    return not given_a or not given_b or bool(set(given_a) & set(given_b))
