"""Atomic parts of a compound sentence: one claim per member of a coordinated list, the count,
and group phrases ("the other four", "these nations") resolved to the list they stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verify.slots import EntityRef, Quantity

# What may stand between two members of one list.
_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:(?:and|or|i|oraz|и|или|und|et)\s+)?|\s+(?:and|or|i|oraz|и|или|und|et)\s+)",
    re.IGNORECASE,
)
_COORDINATOR = re.compile(r"\b(?:and|or|i|oraz|и|или|und|et)\b", re.IGNORECASE)
_OPEN = "—–(:-"
_CLOSE = "—–)-"
# Where a clause's predicate ends: a comma, a semicolon, a dash, the sentence's end.
_CLAUSE_END = re.compile(r"\s*(?:,(?!\d)|[;:(]|\s[—–-]\s|—|–|[.!?](?:\s|$)|$)")
# Words that say "all of them together" and do not survive into one member's claim.
_COLLECTIVE = re.compile(r"\b(?:all|collectively|jointly|together|both|each|wszystkie|все)\s+",
                         re.IGNORECASE)
_PLURAL_VERB = {"have": "has", "are": "is", "were": "was", "do": "does"}
# Group nouns a phrase like "the other four …" or "these …" can end with.
_GROUP_NOUNS = (
    r"countries|nations|states|governments|members|allies|neighbou?rs|republics|parliaments|"
    r"kraje|krajów|państwa|państw|narody|sojusznicy|страны|стран|государства|государств|"
    r"нации|союзники"
)
_ANAPHOR = re.compile(
    rf"\b(?P<det>the\s+other|the\s+remaining|other|pozostał[eyi]\w*|inne|остальные|другие|"
    rf"these|those|such|te|tych|ci|эти|этих|те)\s+(?:(?P<n>\d+|[^\W\d_]+)\s+)??"
    rf"(?:[^\W\d_]+\s+){{0,4}}?(?P<noun>{_GROUP_NOUNS})\b",
    re.IGNORECASE,
)
_EXCLUSIVE = re.compile(r"other|remaining|pozosta|inne|остальн|друг", re.IGNORECASE)


@dataclass(frozen=True)
class EntityList:
    """A coordinated list of entities of one kind in a sentence (spans in that sentence)."""

    members: tuple[EntityRef, ...]
    span: tuple[int, int]
    head: tuple[int, int] | None  # "Five countries bordering Russia" before "—Poland, …—"
    count: Quantity | None  # the number the head states
    predicate: str  # what is said of the members, as written after the list


@dataclass(frozen=True)
class Part:
    """One atomic claim derived from a sentence: text, span in the sentence, role."""

    text: str
    span: tuple[int, int]
    role: str  # "member:<key>" or "count"
    members: tuple[EntityRef, ...] = ()


def find_list(
    sentence: str, entities: tuple[EntityRef, ...], numbers: tuple[Quantity, ...]
) -> EntityList | None:
    """The longest run of same-kind entities joined by commas and a coordinator."""
    best: list[EntityRef] = []
    run: list[EntityRef] = []
    coordinated = False
    best_coordinated = False
    for e in sorted(entities, key=lambda x: x.span):
        if run and e.kind == run[-1].kind and e.key != run[-1].key and _SEPARATOR.fullmatch(
            sentence[run[-1].span[1] : e.span[0]]
        ):
            gap = sentence[run[-1].span[1] : e.span[0]]
            coordinated = coordinated or bool(_COORDINATOR.search(gap))
            run.append(e)
        else:
            run, coordinated = [e], False
        if len(run) > len(best) and (coordinated or len(run) >= 3):
            best, best_coordinated = list(run), coordinated
    if len(best) < 2 or (not best_coordinated and len(best) < 3):
        return None
    start, end = best[0].span[0], best[-1].span[1]
    head: tuple[int, int] | None = None
    before = sentence[:start].rstrip()
    after_start = end
    if before and before[-1] in _OPEN:
        # "Head—A, B and C—predicate": the head names the group, the list is in apposition.
        head_text_end = len(before) - 1
        head = (0, len(sentence[:head_text_end].rstrip()))
        rest = sentence[end:]
        stripped = rest.lstrip()
        if stripped[:1] in _CLOSE:
            after_start = end + (len(rest) - len(stripped)) + 1
    count = None
    if head is not None:
        count = next((q for q in numbers if head[0] <= q.span[0] < head[1] and not q.ordinal), None)
    tail = sentence[after_start:]
    m = _CLAUSE_END.search(tail, len(tail) - len(tail.lstrip()))
    predicate = tail[: m.start() if m else len(tail)].strip()
    return EntityList(tuple(best), (start, end), head, count, predicate)


def list_parts(sentence: str, found: EntityList, lang: str | None) -> tuple[Part, ...]:
    """One part per member, plus the count when the list is the subject of the sentence."""
    subject = found.head is not None or not sentence[: found.span[0]].strip(" \"'“‘„«")
    parts: list[Part] = []
    for member in found.members:
        if subject:
            text = _sentence(member.text + " " + _singular(found.predicate, lang))
        else:
            prefix = sentence[: found.span[0]]
            text = _sentence(prefix + member.text + " " + found.predicate)
        parts.append(Part(text, member.span, "member:" + member.key, (member,)))
    if subject and found.predicate:
        if found.head is not None:
            text = _sentence(sentence[found.head[0] : found.head[1]] + " " + found.predicate)
        else:
            counted = _count_words(len(found.members), found.members, lang)
            text = _sentence(f"{counted} {found.predicate}")
        parts.append(Part(text, (found.head or found.span)[0:2], "count", found.members))
    return tuple(parts)


@dataclass(frozen=True)
class Anaphor:
    """A group phrase and the entities it stands for."""

    span: tuple[int, int]
    members: tuple[EntityRef, ...]
    predicate: str  # what follows, when the phrase is the sentence's subject; else ""


def resolve_anaphor(
    sentence: str, entities: tuple[EntityRef, ...], previous: tuple[EntityRef, ...]
) -> Anaphor | None:
    """ "The other four … nations" after a list of five, one of them named here -> the four."""
    if not previous:
        return None
    for m in _ANAPHOR.finditer(sentence):
        named = {e.key for e in entities}
        members = previous
        if _EXCLUSIVE.search(m.group("det")):
            members = tuple(e for e in previous if e.key not in named)
        n = _number_word(m.group("n")) if m.group("n") else None
        if m.group("n") and n is None:
            pass  # an adjective ("these Baltic nations"), not a number
        elif n is not None and n != len(members):
            continue
        if not members:
            continue
        predicate = ""
        if not sentence[: m.start()].strip(" \"'“‘„«"):
            tail = sentence[m.end() :]
            end = _CLAUSE_END.search(tail, len(tail) - len(tail.lstrip()))
            predicate = tail[: end.start() if end else len(tail)].strip()
        return Anaphor(m.span(), members, predicate)
    return None


def anaphor_parts(found: Anaphor, lang: str | None) -> tuple[Part, ...]:
    """One part per entity the phrase stands for, when the phrase is the subject."""
    if not found.predicate:
        return ()
    return tuple(
        Part(_sentence(m.text + " " + _singular(found.predicate, lang)), found.span,
             "member:" + m.key, (m,))
        for m in found.members
    )


def _singular(predicate: str, lang: str | None) -> str:
    """ "have collectively withdrawn" -> "has withdrawn" (English agreement only)."""
    words = _COLLECTIVE.sub("", predicate, count=2)
    if (lang or "en").startswith("en"):
        first, _, rest = words.partition(" ")
        if first.lower() in _PLURAL_VERB:
            words = _PLURAL_VERB[first.lower()] + (" " + rest if rest else "")
    return words


def _sentence(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:—–-")
    return text + "." if text and text[-1] not in ".!?" else text


_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "both": 2, "dwa": 2, "trzy": 3, "cztery": 4, "pięć": 5, "два": 2, "три": 3,
    "четыре": 4, "пять": 5,
}


def _number_word(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.lower())


_AND = {"pl": " i ", "ru": " и ", "uk": " і ", "be": " і ", "de": " und ", "fr": " et "}


def _count_words(n: int, members: tuple[EntityRef, ...], lang: str | None) -> str:
    base = (lang or "en").split("-")[0]
    names = ", ".join(m.text for m in members[:-1]) + _AND.get(base, " and ") + members[-1].text
    if base == "en":
        noun = "countries" if all(m.kind == "country" for m in members) else "of them"
        return f"{n} {noun} ({names})"
    return f"{n} ({names})"
