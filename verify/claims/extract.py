"""What a sentence is: a fact, a direct quote and its speaker, an attribution, or an opinion;
whether its source is anonymous; how check-worthy it is.

Cue words are listed per language below; none is tied to one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from verify.slots import EntityRef, Slots

if TYPE_CHECKING:
    from verify.claims.syntax import Clause

# Some newsrooms close “ with two apostrophes (“…’’ or “…''): what a “ quotation
# holds, and what closes it.
_IN_DOUBLE = r"(?:(?!’’|'')[^”])"
_CLOSE_DOUBLE = r"(?:”|’’|'')"
# Direct quotations: “…”, „…”, «…», "…", ‘…’ (an apostrophe inside a word is no closing mark).
_QUOTE = re.compile(
    rf"“(?P<a>{_IN_DOUBLE}+){_CLOSE_DOUBLE}|„(?P<b>[^”“]+)[”“]|«(?P<c>[^»]+)»"
    r"|(?<![\w])\"(?P<d>[^\"]+)\""
    r"|(?<![\w])‘(?P<e>(?:[^’]|’(?=[^\W\d_]))+)’(?![^\W\d_])"
)
_MIN_QUOTE_WORDS = 4  # shorter ones are scare quotes or terms: the so-called ‘peace’

_SPEECH_VERBS = (
    r"said|says|say|stated|states|state|told|tells|emphasi[sz]ed|emphasi[sz]es|stressed|"
    r"declared|declares|added|noted|warned|warns|argued|argues|argue|contended|contends|"
    r"contend|claimed|claims|insisted|insists|announced|wrote|writes|explained|asserted|"
    r"powiedział[aoy]?|stwierdził[aoy]?|oświadczył[aoy]?|podkreślił[aoy]?|dodał[aoy]?|"
    r"zaznaczył[aoy]?|mówi|przekazał[aoy]?|ocenił[aoy]?|napisał[aoy]?|przekonywał[aoy]?|"
    r"заявил[аио]?|сказал[аио]?|сообщил[аио]?|подчеркнул[аио]?|отметил[аио]?|добавил[аио]?|"
    r"заявляет|говорит|пояснил[аио]?|написал[аио]?"
)
_SPEECH = re.compile(rf"(?<![\w])(?:{_SPEECH_VERBS})(?![\w])", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:he|she|they|him|her|on|ona|oni|one|он|она|они)$", re.IGNORECASE)

_ANONYMOUS = re.compile(
    r"on\s+(?:the\s+)?condition\s+of\s+anonymity|speaking\s+anonymously|"
    r"(?:asked|declined|requested)\s+not\s+to\s+be\s+(?:named|identified)|"
    r"(?:asked|wished)\s+to\s+remain\s+anonymous|\bunnamed\b|\banonymous\b|"
    r"\bsources?\s+(?:said|say|says|told|close\s+to|familiar\s+with)|"
    r"\b(?:a|an|one)\s+(?:[a-z-]+\s+){0,2}(?:analyst|official|source|diplomat|expert|insider|"
    r"officer|person|observer)\b|"
    r"anonimow\w*|zastrzeżeniem\s+anonimowości|nieoficjalnie|"
    r"(?:nasz|jeden\s+z)\s+rozmówc\w*|źródł\w+\s+(?:zbliżon|w\s)|"
    r"на\s+условиях\s+анонимности|пожелавш\w+\s+остаться\s+неназванн\w+|неназванн\w+|"
    r"\bисточник\w*",
    re.IGNORECASE,
)
_ROLE_NOUN = re.compile(
    r"\b(analyst|official|source|diplomat|expert|insider|officer|observer|rozmówca|источник)s?\b",
    re.IGNORECASE,
)

# Opinion, prediction and characterization cues.
_ARGUMENT = re.compile(
    r"\b(?:argue[sd]?|contend(?:s|ed)?|believe[sd]?|think|thinks|opine[sd]?|critics|proponents|"
    r"in\s+(?:his|her|their|our)\s+view|uważa|uważają|twierdzi|twierdzą|zdaniem|"
    r"считает|считают|по\s+мнению)\b",
    re.IGNORECASE,
)
PREDICTION_CUES = re.compile(
    r"\b(?:could|might|(?-i:may)|likely|unlikely|potentially|possibly|perhaps|expected\s+to|"
    r"is\s+set\s+to|are\s+set\s+to|will\s+probably|może|mogą|mogłoby|prawdopodobnie|"
    r"może\s+się|может|могут|вероятно|возможно)\b",
    re.IGNORECASE,
)
# A main verb that says what something means ("represents a broader
# realignment", "marks a significant shift", "underscores …"); finite forms only,
# so "…, further highlighting …" beside a checkable statement does not count.
_CHARACTERIZING = re.compile(
    r"(?<![\w-])(?:represents?|marks?\s+(?:a|an|the)|underscores?|symboli[sz]es?|"
    r"signal(?:s|l?ed)?\s+(?:a|an|the)|constitutes?\s+(?:a|an)|epitomi[sz]es?|"
    r"oznacza|stanowi|symbolizuje|означает|знаменует|символизирует|подчёркивает)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quote:
    words: str  # the quoted words, without the marks
    span: tuple[int, int]  # of the words, in the sentence


def find_quote(sentence: str) -> Quote | None:
    """The longest direct quotation of at least four words in the sentence."""
    best: Quote | None = None
    for m in _QUOTE.finditer(sentence):
        group = next(g for g in "abcde" if m.group(g) is not None)
        words = m.group(group).strip()
        if len(words.split()) < _MIN_QUOTE_WORDS:
            continue
        if best is None or len(words) > len(best.words):
            best = Quote(words.rstrip(" ,"), m.span(group))
    return best


@dataclass(frozen=True)
class Speech:
    """Who speaks in a sentence: a name, a pronoun resolved, or a role ("one analyst")."""

    speaker: str | None
    person: bool  # a named person or organisation, not a role or a pronoun left unresolved
    role_noun: str | None  # "analyst" for "One defense analyst", to follow "The analyst" later


def find_speaker(
    sentence: str,
    entities: tuple[EntityRef, ...],
    quote: Quote | None,
    last_person: str | None,
) -> Speech | None:
    """The subject of the speech verb outside the quotation, if there is one."""
    outside = sentence
    if quote is not None:
        blank = " " * (quote.span[1] - quote.span[0])
        outside = sentence[: quote.span[0]] + blank + sentence[quote.span[1] :]
    verbs = [v for v in _SPEECH.finditer(outside) if not _PASSIVE.search(outside[: v.start()])]
    if not verbs:
        return None
    verb = verbs[0]
    names = [e for e in entities if e.kind in ("person", "organization", "body", "source")
             or e.key.startswith(("person:", "org:"))]
    # The clause that holds the verb starts after the quotation, if one comes first.
    clause_start = quote.span[1] + 1 if quote is not None and quote.span[1] <= verb.start() else 0
    # "X said", "X, speaking …, stated": the last name before the verb in this clause.
    before = [e for e in names if clause_start <= e.span[0] and e.span[1] <= verb.start()]
    if before:
        return Speech(before[-1].text, True, None)
    subject = _subject(outside[clause_start : verb.start()])
    if subject is None:
        # Inverted: "…,’ said X" / "— сказал X".
        after = [e for e in names if verb.end() <= e.span[0] <= verb.end() + 40]
        if after:
            return Speech(after[0].text, True, None)
        tail = outside[verb.end() :].split()
        subject = tail[0].strip(".,;") if tail and _PRONOUN.match(tail[0].strip(".,;")) else None
    if subject is None:
        return None
    if _PRONOUN.match(subject):
        return Speech(last_person, last_person is not None, None)
    role = _ROLE_NOUN.search(subject)
    return Speech(subject, False, role.group(1).lower() if role else None)


_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are|został[aoy]?|был[аио]?)\s+"
                      r"(?:[^\W\d_]+ly\s+)?$", re.IGNORECASE)
_AUXILIARY = re.compile(r"\s+(?:have|has|had|also|then|will|would|has\s+also|have\s+also)$",
                        re.IGNORECASE)
_NOT_SUBJECT = re.compile(r"^(?:who|which|that|and|but|however|also|as|while|it|this)$",
                          re.IGNORECASE)
# Pieces of a clause that sit between a subject and its verb: participles, relative clauses.
_INSERTED = re.compile(r"^(?:speaking|including|according|citing|in|on|at|with|as|who|which|"
                       r"however|meanwhile|moreover|also|[^\W\d_]+ing|który|która|które|"
                       r"[^\W\d_]+(?:вший|вшая|вшие|щий|щая|щие)|который|которая|которые)\b",
                       re.IGNORECASE)


def _subject(clause: str) -> str | None:
    """The noun phrase before a speech verb: "One analyst, speaking …, stated" -> "One analyst"."""
    pieces = [p.strip(" —–-\"'“‘„«") for p in re.split(r"[,;:]", clause)]
    pieces = [p for p in pieces if p]
    while pieces and _INSERTED.match(pieces[-1]):
        pieces.pop()
    if not pieces:
        return None
    subject = _AUXILIARY.sub("", pieces[-1]).strip()
    if not subject or _NOT_SUBJECT.match(subject) or len(subject.split()) > 8:
        return None
    return subject


@dataclass(frozen=True)
class Reading:
    """The kind-relevant cues of one sentence."""

    argument: bool
    prediction: bool
    characterization: bool
    anonymous: bool
    characterizing: bool = False  # the main verb characterizes (see _CHARACTERIZING)


# Any quoted words, scare quotes and ASCII single quotes too: what someone said
# ("called it 'a plan one expert would laugh at'") does not name the source.
_ANY_QUOTED = re.compile(
    rf"“{_IN_DOUBLE}*{_CLOSE_DOUBLE}|„[^”“]*[”“]|«[^»]*»|(?<![\w])\"[^\"]*\""
    r"|(?<![\w])‘[^’]*’(?![^\W\d_])"
    r"|(?<![\w])'[^']*'(?![^\W\d_])"
)
# "Marc Dubois, 52, a former police officer, …": an indefinite role right after a
# name (and an age) describes that named person; it is no unnamed source.
_NAMED_BEFORE = re.compile(r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*,\s*(?:\d{1,3},\s*)?$")


def _anonymous(outside: str) -> bool:
    text = _ANY_QUOTED.sub(lambda m: " " * len(m.group()), outside)
    for m in _ANONYMOUS.finditer(text):
        indefinite = re.match(r"(?:a|an|one)\s", m.group(), re.IGNORECASE)
        if indefinite and _NAMED_BEFORE.search(text[: m.start()]):
            continue
        return True
    return False


def read_cues(sentence: str, quote: Quote | None) -> Reading:
    outside = sentence if quote is None else sentence[: quote.span[0]] + sentence[quote.span[1] :]
    return Reading(
        argument=bool(_ARGUMENT.search(outside)),
        prediction=bool(PREDICTION_CUES.search(outside)),
        characterization=False,  # the old list of evaluative words was the example's own
        anonymous=_anonymous(outside),
        characterizing=bool(_CHARACTERIZING.search(outside)),
    )


def checkworthiness(slots: Slots, fact_types: tuple[str, ...], reading: Reading,
                    quote: bool, clause: Clause | None = None, speaker: bool = False) -> float:
    """0–1 from what the claim states: a checkable predicate (a finite verb) about a named
    subject, with numbers, dates and named things; hedges, questions and the writer's own
    voice lower it. `clause` (the parse, English) is None for other languages."""
    score = 0.25
    if any(not q.ordinal for q in slots.numbers):
        score += 0.2
    if slots.dates:
        score += 0.15
    named = {e.key for e in slots.entities}
    score += min(0.2, 0.07 * len(named))
    if fact_types:
        score += 0.15
    if quote:
        score += 0.05
    if reading.argument:
        score -= 0.25
    if reading.prediction:
        score -= 0.2
    if reading.characterization:
        score -= 0.1
    if clause is not None:
        # A statement (a finite verb, not a question, not the writer talking to the reader)
        # about a named subject is what a fact-checker can check.
        if clause.finite and not clause.question and not clause.writer_subject:
            score += 0.1
        if clause.named_subject:
            score += 0.1
        if speaker:
            score += 0.05
        if not clause.finite:
            score -= 0.3  # a headline, a caption, a table row
        if clause.question:
            score -= 0.3
        if clause.writer_subject:
            score -= 0.2
    return round(min(1.0, max(0.0, score)), 3)
