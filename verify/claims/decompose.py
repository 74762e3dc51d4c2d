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
    role: str  # "member:<key>", "count", "relative" or "main"
    members: tuple[EntityRef, ...] = ()
    speaker: str | None = None  # "the X" of "the X estimates …" in a relative part


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


# ---------------------------------------------------------------- relative clauses
# Non-restrictive relative clauses (English only): ", which …," / ", who …,"
# set off by commas carry a second statement about the noun phrase before them.
_RELATIVE = re.compile(r",\s+(?P<pron>which|who)\s+")
# Where such a clause ends: a comma not inside a number, a semicolon, a dash, the sentence's end.
_RELATIVE_END = re.compile(r",(?!\d)|[;:(]|\s[—–-]\s|—|–|[.!?](?=[\"'”’»]?(?:\s|$))|$")
_WORD = re.compile(r"[^\W_](?:[\w’'.-]*[^\W_])?")
# Closed-class English words: a noun phrase walked back from the comma stops at them.
_DETERMINERS = frozenset((
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "some", "many", "several", "all", "both", "each", "every", "no", "any",
))
_STOPS = frozenset((
    "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "over", "under",
    "about", "against", "between", "among", "through", "during", "after", "before", "since",
    "until", "than", "as", "via", "per", "without", "within", "across", "and", "or", "but",
    "nor", "so", "yet", "if", "because", "while", "although", "though", "whereas", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will",
    "would", "shall", "should", "can", "could", "may", "might", "must", "i", "you", "he", "she",
    "it", "we", "they", "me", "him", "us", "them", "who", "whom", "whose", "which", "what",
    "there", "here", "not", "also", "only", "even", "just", "very",
))
_PRONOUNS = frozenset((
    "i", "you", "he", "she", "it", "we", "they",
))
_AUXILIARIES = frozenset((
    "is", "are", "was", "were", "has", "have", "had", "do", "does", "did", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must",
))
# Verbs that report a finding or a belief: "which X estimates have caused …" puts the
# antecedent into X's words ("X estimates <antecedent> have caused …").
_REPORTING = re.compile(
    r"(?:estimate|say|believe|report|claim|argue|think|expect|predict|suggest|find|"
    r"calculate|indicate|show|assert|allege|maintain|contend|reckon|assume|fear)s?|"
    r"(?:estimat|believ|report|claim|argu|expect|predict|suggest|calculat|indicat|"
    r"show|assert|alleg|maintain|contend|reckon|assum|fear)ed|said|thought|found|shown"
)


@dataclass(frozen=True)
class Relative:
    """A non-restrictive relative clause: what it is about and what it says (sentence spans)."""

    antecedent: tuple[int, int]  # "The Ottawa Convention", "anti-personnel mines"
    clause: tuple[int, int]  # from the opening comma through the closing one (or the end)
    body: tuple[int, int]  # the words after the pronoun
    said_by: tuple[int, int] | None  # "the X estimates …": the one whose finding it is


def find_relatives(
    sentence: str, entities: tuple[EntityRef, ...], numbers: tuple[Quantity, ...],
    dates: tuple[tuple[int, int], ...], lang: str | None,
) -> tuple[Relative, ...]:
    """Each ", which …," / ", who …," clause after a noun phrase that holds a number, a date
    or a named entity of its own (English only; other languages give none)."""
    if lang is not None and not lang.lower().startswith("en"):
        return ()
    out: list[Relative] = []
    for m in _RELATIVE.finditer(sentence):
        comma = m.start()
        end = _RELATIVE_END.search(sentence, m.end())
        assert end is not None  # `$` always matches
        body = (m.end(), len(sentence[: end.start()].rstrip()))
        if body[1] <= body[0]:
            continue
        close = end.end() if sentence[end.start() : end.end()] == "," else end.start()
        slotted = [s for s in (*(e.span for e in entities if e.kind != "other"),
                               *(q.span for q in numbers if not q.ordinal), *dates)
                   if body[0] <= s[0] < body[1]]
        if not slotted:
            continue
        antecedent = _antecedent(sentence, comma, entities)
        if antecedent is None:
            continue
        said_by = None
        words = sentence[body[0] : body[1]]
        if _opens_subject(words):
            # An object clause ("which the X estimates …"): only a reporting verb
            # tells where the antecedent goes; anything else is left whole.
            verb = _reporting_verb(words)
            if verb is None:
                continue
            said_by = (body[0], body[0] + verb)
        out.append(Relative(antecedent, (comma, close), body, said_by))
    return tuple(out)


def _reporting_verb(clause: str) -> int | None:
    """Where "the X estimates" ends in a clause that opens with its subject: the first
    reporting verb after a few words of subject, with words of its own after it."""
    words = list(_WORD.finditer(clause))
    for i in range(1, min(len(words) - 1, 9)):
        w = words[i]
        if re.search(r"[,;]", clause[: w.start()]):
            return None
        prev = words[i - 1].group().lower()
        if prev in _DETERMINERS or (prev in _STOPS and prev not in _PRONOUNS):
            continue  # "the report …", "… of the …": still inside the subject
        if _REPORTING.fullmatch(w.group().lower()):
            return w.end()
    return None


def _opens_subject(clause: str) -> bool:
    """Does the clause have a subject of its own (so the pronoun is its object)? It does when
    it opens with a determiner, a pronoun, a name or a number, or with a bare noun followed
    by an auxiliary or a reporting verb ("which officials say …")."""
    words = clause.split(maxsplit=2)
    first = words[0]
    low = first.lower()
    if low in _DETERMINERS or low in _PRONOUNS or first[:1].isupper() or first[:1].isdigit():
        return True
    if low in _STOPS or low.endswith(("ed", "ly")) or len(words) < 2:
        return False
    second = words[1].lower()
    return second in _AUXILIARIES or bool(_REPORTING.fullmatch(second))


def _antecedent(sentence: str, comma: int, entities: tuple[EntityRef, ...]
                ) -> tuple[int, int] | None:
    """The noun phrase that ends at `comma`: a named entity, or words walked back to a
    determiner, a number or a closed-class word; None when it is no noun phrase."""
    head = sentence[:comma].rstrip()
    named = next((e for e in entities if e.span[1] == len(head) and e.kind != "other"), None)
    words = list(_WORD.finditer(head))
    if named is not None:
        first = named.span[0]
        before = [w for w in words if w.end() <= first]
        if before and before[-1].group().lower() in _DETERMINERS and \
                not head[before[-1].end() : first].strip():
            first = before[-1].start()
        return (first, len(head))
    if not words or words[-1].end() != len(head):
        return None  # a quote mark, a bracket or a number ends what comes before
    start: int | None = None
    taken: list[re.Match[str]] = []
    for i in range(len(words) - 1, max(-1, len(words) - 7), -1):
        w = words[i]
        low = w.group().lower()
        if taken and head[w.end() : taken[-1].start()].strip():
            start = taken[-1].start()  # punctuation between two words: the phrase began after it
            break
        # A determiner, a number or a possessive ("Lisbon's") opens the phrase.
        if low in _DETERMINERS or w.group()[:1].isdigit() or low.endswith(("'s", "’s")):
            taken.append(w)
            start = w.start()
            break
        if low in _STOPS:
            start = taken[-1].start() if taken else None
            break
        # A past form after a noun is a verb ("the government raised taxes"); after a
        # determiner it is an adjective ("the armed forces").
        if taken and low.endswith("ed") and w.group()[:1].islower() and not (
                i > 0 and words[i - 1].group().lower() in _DETERMINERS):
            start = taken[-1].start()
            break
        taken.append(w)
    else:
        # The sentence's start: only a run of capitalised words is a name.
        if taken and taken[-1].start() == words[0].start() and all(
                t.group()[:1].isupper() for t in taken):
            start = taken[-1].start()
    if start is None or not taken:
        return None
    if all(t.group().lower() in _DETERMINERS for t in taken):
        return None
    return (start, len(head))


def relative_parts(sentence: str, found: tuple[Relative, ...]) -> tuple[Part, ...]:
    """One part per relative clause, each a sentence of its own, then the main clause with the
    clauses taken out (role "main"; the caller keeps it only when it is checkable)."""
    parts: list[Part] = []
    for r in found:
        antecedent = sentence[r.antecedent[0] : r.antecedent[1]]
        body = sentence[r.body[0] : r.body[1]]
        if r.said_by is None:
            text = _capital(antecedent) + " " + body
        else:
            who_verb = sentence[r.said_by[0] : r.said_by[1]]
            rest = sentence[r.said_by[1] : r.body[1]].strip()
            rest = re.sub(r"^that\s+", "", rest)
            text = _capital(who_verb) + " " + _lower_determiner(antecedent) + " " + rest
        speaker = None
        if r.said_by is not None:
            speaker = sentence[r.said_by[0] : r.said_by[1]].rsplit(maxsplit=1)[0]
        parts.append(Part(_sentence(text), r.body, "relative", (), speaker))
    main = sentence
    for r in sorted(found, key=lambda r: r.clause, reverse=True):
        main = main[: r.clause[0]] + " " + main[r.clause[1] :]
    main = re.sub(r"\s+([.!?;:,])", r"\1", main)
    parts.append(Part(_sentence(main), (0, len(sentence.rstrip())), "main"))
    return tuple(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_determiner(text: str) -> str:
    first, _, rest = text.partition(" ")
    if first.lower() in _DETERMINERS and rest:
        return first.lower() + " " + rest
    return text
