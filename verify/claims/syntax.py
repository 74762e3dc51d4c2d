"""What the parse of an English sentence says: who speaks, what a leading pronoun stands for,
which named things it holds (NER), and the parts of a coordination.

It reads a spaCy `Doc` of the whole article (verify.claims.nlp) and returns plain values with
character offsets into the article text; nothing outside this module handles spaCy objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from verify.entities import is_nationality

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs that report what someone said or found (lemmas; the forms cover a lemmatizer's slip).
SPEECH_LEMMAS = frozenset((
    "say", "tell", "state", "add", "note", "warn", "argue", "claim", "insist", "announce",
    "write", "explain", "assert", "report", "confirm", "deny", "tweet", "accuse", "allege",
    "testify", "acknowledge", "admit", "reply", "respond", "stress", "emphasize", "emphasise",
    "declare", "contend", "maintain", "caution", "recall", "concede", "suggest", "predict",
    "estimate", "post", "reveal", "cite", "complain", "urge", "vow", "pledge", "promise",
    "disclose", "indicate", "show", "find", "conclude", "believe", "think", "ask", "decline",
    "call",
))
_SPEECH_FORMS = frozenset((
    "said", "says", "told", "tells", "stated", "states", "added", "adds", "noted", "warned",
    "argued", "claimed", "insisted", "announced", "wrote", "writes", "explained", "asserted",
    "reported", "reports", "confirmed", "denied", "tweeted", "accused", "alleged", "testified",
    "acknowledged", "admitted", "replied", "responded", "stressed", "emphasized", "emphasised",
    "declared", "contended", "maintained", "cautioned", "recalled", "conceded", "suggested",
    "predicted", "estimated", "posted", "revealed", "cited", "urged", "vowed", "pledged",
))
# Nouns that name a role, not a person: a speaker named only by one is anonymous.
ROLE_NOUNS = frozenset((
    "source", "sources", "official", "officials", "spokesperson", "spokesman", "spokeswoman",
    "spokespeople", "expert", "experts", "analyst", "analysts", "people", "person", "aide",
    "aides", "observer", "observers", "diplomat", "diplomats", "insider", "insiders",
    "authority", "authorities", "officer", "officers", "doctor", "witness", "witnesses",
    "resident", "residents", "trader", "traders", "consumer", "consumers", "critic", "critics",
    "employee", "employees", "staffer", "staffers", "investor", "investors", "economist",
    "economists", "lawyer", "member", "members", "others", "some", "many", "banker",
    "bankers", "executive", "executives", "lawmaker", "lawmakers", "activist", "activists",
    "scientist", "scientists", "researcher", "researchers", "worker", "workers", "voter",
    "voters", "protester", "protesters", "user", "users", "agent", "agents", "investigator",
    "investigators", "prosecutor", "prosecutors", "supporter", "supporters", "man", "woman",
    "proponent", "proponents", "opponent", "opponents", "advocate", "advocates", "skeptics",
    "sceptics", "groups", "organizations", "organisations",
))
_PERSONAL = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_THING = frozenset(("it", "its"))
_GROUP = frozenset(("they", "them", "their"))
_DEMONSTRATIVE = frozenset(("this", "that", "these", "those"))
# subject pronouns whose referent a claim records (its leading reference)
_LEADING = frozenset(("he", "she", "it", "they"))
_TITLES_M = frozenset(("mr", "mr.", "sir", "lord", "king", "prince"))
_TITLES_F = frozenset(("ms", "ms.", "mrs", "mrs.", "miss", "lady", "queen", "princess", "dame"))
_TITLE_WORDS = frozenset((
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sen", "sen.", "rep",
    "rep.", "gov", "gov.", "gen", "gen.", "president", "minister", "secretary", "ambassador",
    "senator", "governor", "judge", "justice", "chancellor", "premier", "mayor", "sir",
    "lady", "lord", "king", "queen", "prince", "princess", "pope", "coach", "chief",
))
# Offices that end a title and never a name: a run of capitalised words ending in one
# ("Prime Minister", "Defense Secretary") names the office, not a person.
_OFFICES = frozenset(("minister", "president", "secretary", "ambassador", "senator",
                      "governor", "chancellor", "premier", "mayor", "spokesperson",
                      "spokesman", "spokeswoman", "commissioner"))
# Dependents that end a subject's words: what follows is about the subject, not its name.
_CUT = frozenset(("appos", "acl", "acl:relcl", "relcl", "punct", "parataxis", "advcl",
                  "dep", "list"))
_SUBJECTS = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")


@dataclass(frozen=True)
class Mention:
    """A named thing the NER found: its words, span (article offsets) and type."""

    text: str
    span: tuple[int, int]
    label: str  # "PER", "ORG", "LOC"


@dataclass(frozen=True)
class Speaker:
    """Who says what a sentence reports."""

    text: str | None  # as the article names them (a pronoun resolved to the name)
    span: tuple[int, int]  # the subject's words in the article
    named: bool  # a named person or organisation
    anonymous: bool  # a role with no name ("a WeWork spokesperson", "officials")
    pronoun: str | None = None  # "he" when the text was resolved from a pronoun


@dataclass(frozen=True)
class Reference:
    """A pronoun that opens a sentence (or is its subject) and what it stands for."""

    pronoun: str
    span: tuple[int, int]
    referent: str | None  # None: not resolved


@dataclass(frozen=True)
class Clause:
    """What the parse says about a sentence as a whole, for check-worthiness."""

    finite: bool  # has a finite verb (a headline or a caption has none)
    question: bool
    writer_subject: bool  # "we", "I" or "you" in the writer's own voice
    named_subject: bool  # the subject is a name, a number or holds one


@dataclass
class _Person:
    name: str
    surname: str
    gender: str | None
    seen: int


@dataclass
class Tracker:
    """What earlier sentences named: people (for "he"/"she"), the last thing a sentence was
    about (for "it"), the last group (for "they")."""

    people: list[_Person] = field(default_factory=list)
    last_thing: str | None = None
    last_group: str | None = None

    def person(self, name: str, at: int, gender: str | None = None) -> str:
        """Record a mention; return the fullest name known for it ("Mayer" -> "Kevin Mayer")."""
        words = name.split()
        surname = words[-1].lower() if words else name.lower()
        for p in reversed(self.people):
            if p.surname == surname or p.name.lower() == name.lower():
                p.seen = at
                if len(name) > len(p.name) and name.lower().endswith(p.name.lower()):
                    p.name = name
                if gender and not p.gender:
                    p.gender = gender
                return p.name
        self.people.append(_Person(name, surname, gender, at))
        return name

    def resolve_person(self, pronoun: str, before: int) -> str | None:
        gender = _PERSONAL.get(pronoun.lower())
        best: _Person | None = None
        for p in self.people:
            if p.seen > before:
                continue
            if gender and p.gender and p.gender != gender:
                continue
            if best is None or p.seen >= best.seen:
                best = p
        if best is not None and gender and not best.gender:
            best.gender = gender
        return best.name if best is not None else None


def sentence(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def doc_text(doc: Doc) -> str:
    """The parsed text, joined once per Doc: spaCy's `Doc.text` joins every token
    on each call, which made a long article's extraction quadratic."""
    text = doc.user_data.get("verify:text")
    if text is None:
        text = doc.user_data["verify:text"] = doc.text
    return str(text)


def _tokens_from(doc: Doc, start: int, end: int) -> Span:
    """The tokens that begin at a character in [start, end), by bisection in the
    token offsets kept once per Doc (not a pass over the whole Doc)."""
    from bisect import bisect_left

    starts = doc.user_data.get("verify:idx")
    if starts is None:
        starts = doc.user_data["verify:idx"] = [t.idx for t in doc]
    return doc[bisect_left(starts, start) : bisect_left(starts, end)]


def _ents_in(doc: Doc, start: int, end: int) -> list[Span]:
    """The NER's entities lying within [start, end), found by bisection in the
    entities kept once per Doc (`Doc.ents` rebuilds them from the tokens)."""
    from bisect import bisect_left

    kept = doc.user_data.get("verify:ents")
    if kept is None:
        ents = tuple(doc.ents)
        kept = doc.user_data["verify:ents"] = (ents, [e.start_char for e in ents])
    ents, starts = kept
    out = []
    for k in range(bisect_left(starts, start), len(ents)):
        ent = ents[k]
        if ent.start_char >= end:
            break
        if ent.end_char <= end:
            out.append(ent)
    return out


_ORG_HEADS = frozenset((
    "ministry", "agency", "department", "office", "committee", "council", "commission",
    "university", "party", "court", "bank", "company", "co", "co.", "corp", "corp.", "inc",
    "inc.", "ltd", "group", "association", "institute", "foundation", "union", "organization",
    "organisation", "police", "army", "force", "forces", "government", "administration",
    "house", "senate", "congress", "parliament", "news", "times", "post", "journal", "center",
    "centre", "school", "service", "network", "league", "club", "fund", "board", "bureau",
    "authority",
))
_PLACE_HEADS = frozenset(("county", "city", "state", "province", "region", "district", "river",
                          "island", "islands", "valley", "mountains", "sea", "ocean", "bay",
                          "street", "avenue", "square", "park", "airport", "station"))
_NOT_NAME_WORDS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
))


def mentions(doc: Doc, start: int, end: int) -> tuple[Mention, ...]:
    """The NER's named things in a span, then runs of proper nouns it missed: an organisation
    when a run ends in an organisation word, a person when it is two or three capitalised
    words. Months and days are never names."""
    out = []
    taken: set[int] = set()
    for ent in _ents_in(doc, start, end):
        if all(t.lower_.rstrip(".") in _NOT_NAME_WORDS or t.is_punct or t.like_num
               for t in ent):
            continue
        last = ent.end
        if ent.label_ == "PER":
            # The NER stopped short of the name ("Mayor Helen" | "Ortiz"): the proper nouns
            # right after it belong to it.
            while last < len(doc) and doc[last].idx < end and doc[last].tag_ == "NNP" \
                    and doc[last].text[:1].isupper() and doc[last - 1].whitespace_ != "":
                last += 1
        raw = doc[ent.start : last].text
        text = _clean_name(raw)
        if ent.label_ == "PER" and text.lower().rstrip(".") in _TITLE_STEMS:
            continue  # only a title ("Judge")
        ent_label = str(ent.label_)
        tail = text.split()[-1].lower() if text.split() else ""
        if ent_label == "PER" and tail in _PLACE_HEADS:
            ent_label = "LOC"  # "Harju County": no one's name ends in a place word
        elif ent_label == "PER" and tail in _ORG_HEADS:
            ent_label = "ORG"
        if text:
            s = ent.start_char + raw.find(text)
            out.append(Mention(text, (s, s + len(text)), ent_label))
            taken |= set(range(ent.start, last))
    span = doc.char_span(start, end, alignment_mode="expand")
    run: list[Token] = []
    for tok in [*(span if span is not None else ()), None]:
        if tok is not None and tok.i not in taken and tok.tag_ in ("NNP", "NNPS") and \
                tok.text[:1].isupper() and tok.lower_.rstrip(".") not in _NOT_NAME_WORDS:
            run.append(tok)
            continue
        if run:
            # "Prime Minister Maret Kask": the name is what follows the office
            office = max((k for k, t in enumerate(run[:-1])
                          if t.lower_.rstrip(".") in _OFFICE_WORDS), default=-1)
            if office >= 0 and len(run) - office - 1 >= 2:
                run = run[office + 1 :]
            # "Australian Timothy Weeks": a nationality before a person's name is not part
            # of it; it is of an organisation's or a place's ("Bulgarian Civil Aviation
            # Authority")
            while len(run) > 2 and is_nationality(run[0].text) and \
                    run[-1].lower_ not in _ORG_HEADS | _PLACE_HEADS:
                run = run[1:]
            words = [t.text for t in run]
            final = run[-1].lower_
            first = run[0].i
            at_start = first == 0 or doc[first - 1].is_sent_start or doc[first - 1].is_punct
            label = None
            if final in _PLACE_HEADS:
                label = "LOC"
            elif final in _ORG_HEADS:
                label = "ORG"
            elif 2 <= len(run) <= 3 and all(w.isalpha() and not w.isupper() for w in words) \
                    and final not in _OFFICES:
                label = "PER"  # "Helen Ortiz"; "Prime Minister", "Vice President" are offices
            # a hyphenated surname goes on past the run ("Kosiniak-Kamysz")
            e = run[-1].i + 1
            while e + 1 < len(doc) and doc[e].text == "-" and doc[e - 1].whitespace_ == "" \
                    and doc[e].whitespace_ == "" and doc[e + 1].text[:1].isupper():
                e += 2
            if label is not None and not (at_start and len(run) == 1):
                text = doc_text(doc)[run[0].idx : doc[e - 1].idx + len(doc[e - 1].text)]
                out.append(Mention(text, (run[0].idx, run[0].idx + len(text)), label))
            run = []
    return tuple(sorted(out, key=lambda m: m.span))


def _clean_name(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip())
    return text.strip(" ,.;:\"'“”‘’()")


def _in(span: tuple[int, int] | None, pos: int) -> bool:
    return span is not None and span[0] <= pos < span[1]


def is_speech_verb(tok: Token) -> bool:
    if tok.lower_ in _SPEECH_FORMS:
        return True  # whatever the tagger thought of "said"
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_[:2] != "VB":
        return False
    return tok.lemma_.lower() in SPEECH_LEMMAS


def _subject_of(verb: Token, quote: tuple[int, int] | None = None) -> Token | None:
    """The verb's subject outside the quotation (a coordinated verb shares its head's).

    A verb has one subject; where the parse gives it two ("…in Inner Mongolia
    Autonomous Region, the news agency said"), the one nearest the verb. A finite
    verb the parse hung on a noun as a reduced relative ("The Taliban, however,
    claimed …" as `acl`) has that noun for its subject: a finite verb is no
    participle."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and not _in(quote, c.idx)]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject_of(verb.head, quote)
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head is not verb \
            and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        return verb.head
    return None


def noun_phrase(head: Token) -> tuple[int, int]:
    """Character span of a noun phrase's own words: its subtree without appositions, relative
    clauses, what a comma sets off, and its own preposition ("according to")."""
    keep = [head]
    stack = [c for c in head.children if (c.dep_ not in _CUT or _glued(c))
             and c.dep_ not in ("case", "fixed")
             and not (c.dep_ == "mark" or (c.dep_ == "advmod" and c.i < head.i))]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(t.children)
    idx = sorted(t.i for t in keep)
    # Contiguous words around the head only.
    lo = hi = head.i
    present = set(idx)
    while lo - 1 in present:
        lo -= 1
    while hi + 1 in present:
        hi += 1
    doc = head.doc
    first, last = doc[lo], doc[hi]
    while (first.is_punct or first.is_space) and first.i < head.i:
        first = doc[first.i + 1]
    while (last.is_punct or last.is_space) and last.i > head.i:
        last = doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


def _glued(t: Token) -> bool:
    """A hyphen or an ampersand inside a word ("48-year-old", "PG&E") is part of the phrase."""
    return t.is_punct and t.text in ("-", "&", "/") and t.i > 0 and \
        not t.doc[t.i - 1].whitespace_


def _np_entities(span: tuple[int, int], found: tuple[Mention, ...]) -> list[Mention]:
    return [m for m in found if span[0] <= m.span[0] and m.span[1] <= span[1]]


def find_speaker(sent: Span, quote: tuple[int, int] | None, found: tuple[Mention, ...],
                 tracker: Tracker) -> Speaker | None:
    """The subject of the speech verb outside the quotation, or the X of "according to X"."""
    text = doc_text(sent.doc)
    candidates: list[Token] = []
    for tok in sent:
        if _in(quote, tok.idx):
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(sent.doc) and \
                sent.doc[tok.i + 1].lower_ == "to":
            head = tok.head if tok.head is not tok and tok.head.pos_ in (
                "NOUN", "PROPN", "PRON", "NUM") else None
            if head is None:
                nxt = [t for t in sent.doc[tok.i + 2 : sent.end] if t.pos_ in ("NOUN", "PROPN")]
                head = nxt[0] if nxt else None
            # The name the phrase gives, if the NER or the proper nouns found one in it.
            rest = [t for t in sent.doc[tok.i + 2 : min(sent.end, tok.i + 12)]]
            stop = next((t.idx for t in rest if t.is_punct and t.text != "&"), sent.end_char)
            named = [m for m in found if rest and rest[0].idx <= m.span[0] < stop
                     and m.label in ("ORG", "PER")]
            if named:
                m = named[-1]
                name = tracker.person(_strip_title(m.text), m.span[0]) if m.label == "PER" \
                    else m.text
                return Speaker(name, m.span, True, False)
            if head is not None:
                return _speaker_from(head, text, found, tracker)
        if is_speech_verb(tok) and tok.dep_ not in ("amod", "compound") and not (
                tok.tag_ == "VBG" and any(c.dep_ == "mark" and c.lower_ in ("with", "without")
                                          for c in tok.children)):
            # a clause's verb, not "the reporting station"; nor the participle of "…, with
            # each country citing the need to …", which tells what others say, not who
            # says the sentence
            candidates.append(tok)
    # "was announced": a passive names no speaker
    candidates = [v for v in candidates if not any(
        (c.dep_ in ("aux:pass", "auxpass") and c.lemma_.lower() in ("be", "get"))
        or c.dep_ in ("nsubj:pass", "nsubjpass") for c in v.children)]
    for verb in candidates:
        own = any(c.dep_ in _SUBJECTS and not _in(quote, c.idx) for c in verb.children)
        follows = [m for m in found if m.label in ("PER", "ORG") and 0 <= m.span[0] - (
            verb.idx + len(verb.text)) <= 3 and not _in(quote, m.span[0])]
        if not own and follows:
            # "…, said Scott Strenfel": the name after the verb, not a subject it would share.
            m = follows[0]
            name = tracker.person(_strip_title(m.text), m.span[0]) if m.label == "PER" \
                else m.text
            return Speaker(name, m.span, True, False)
        subj = _subject_of(verb, quote)
        if subj is None or subj.dep_ in ("nsubj:pass", "nsubjpass"):
            continue
        if subj.pos_ not in ("PROPN", "PRON"):
            # "Prince Andrew, the younger brother of …, has told": the name the apposition
            # describes.
            # An apposition is closed by a comma before the verb; "…in Harju County, the
            # news agency said" names the agency.
            closed = text[noun_phrase(subj)[1] : verb.idx].strip().startswith(",")
            ahead = [m for m in found if m.label == "PER" and m.span[1] < subj.idx and closed
                     and text[m.span[1] : subj.idx].lstrip().startswith(",")
                     and not any(t.pos_ in ("VERB", "AUX") and m.span[1] <= t.idx
                                 for t in sent.doc[sent.start : subj.i])]
            if ahead:
                m = ahead[-1]
                name = tracker.person(_strip_title(m.text), m.span[0])
                return Speaker(name, m.span, True, False)
        if subj.lower_ in ("who", "which", "that"):
            # "…, who said …": the noun the relative clause hangs on
            if verb.dep_ in ("acl:relcl", "relcl"):
                subj = verb.head
            else:
                continue
        nps = noun_phrase(subj)
        if not any(m.label == "PER" and nps[0] <= m.span[0] < nps[1] for m in found):
            # "Walt Disney Co. executive Kevin Mayer said": a name right after the words the
            # parse took for the subject, before the verb.
            named_after = [n for n in found if n.label == "PER" and 0 <= n.span[0] - nps[1] <= 2
                           and n.span[1] <= verb.idx]
            if named_after:
                who = named_after[0]
                return Speaker(tracker.person(_strip_title(who.text), who.span[0]), who.span,
                               True, False)
        first = _first_coordinated(nps, text, found)
        if first is not None:
            # "Latvian Ilze Ozola and Finnish Aino Virtanen Lahti … said", parsed as two
            # sentences: the speakers are coordinated, and the first is named first
            return Speaker(tracker.person(_strip_title(first.text), first.span[0]), first.span,
                           True, False)
        return _speaker_from(subj, text, found, tracker)
    for verb in candidates:
        # The parse gave the verb no subject: a name right after it ("…," said Singh
        # Jabarjung) or the last name before it in its clause.
        after = [m for m in found if m.label in ("PER", "ORG") and 0 <= m.span[0] - (
            verb.idx + len(verb.text)) <= 3 and not _in(quote, m.span[0])]
        before = [m for m in found if (m.label in ("PER", "ORG") or (
            m.label == "LOC" and " " not in m.text)) and m.span[1] <= verb.idx
                  and not _in(quote, m.span[0]) and (quote is None or m.span[0] >= quote[1]
                                                     or quote[0] >= verb.idx)]
        # English puts the subject first: of the names before the verb, the first person
        # or organisation ("Jaan Tamm, head of the island council, told"), else the last
        # other name
        named = [m for m in before if m.label in ("PER", "ORG")]
        pick = after[0] if after else (named[0] if named else (before[-1] if before else None))
        if pick is not None and _same_clause(sent, pick.span, verb):
            name = pick.text
            if pick.label == "PER":
                name = tracker.person(_strip_title(name), pick.span[0])
            return Speaker(name, pick.span, True, False)
    return None


def _first_coordinated(span: tuple[int, int], text: str, found: tuple[Mention, ...]
                       ) -> Mention | None:
    """The first of the people joined by "and" (or commas) to the name at `span`, where
    only the joining words and nationalities lie between them; None when there is none."""
    people = [m for m in found if m.label == "PER"]
    if not any(span[0] <= m.span[0] < span[1] for m in people):
        return None
    start, first = span[0], None
    for m in sorted((m for m in people if m.span[1] <= span[0]), key=lambda m: -m.span[0]):
        between = text[m.span[1] : start].replace(",", " ").split()
        joined = bool(between) and all(w == "and" or is_nationality(w) for w in between)
        # the name nearest the subject is joined by "and"; those before it by commas too
        if not joined or (first is None and "and" not in between):
            break
        first, start = m, m.span[0]
    return first


def _same_clause(sent: Span, span: tuple[int, int], verb: Token) -> bool:
    """No sentence-ending stop or semicolon between a name and the verb."""
    lo, hi = sorted((span[0], verb.idx))
    return not any(t.text in (".", ";") and lo <= t.idx < hi for t in sent)


def _speaker_from(head: Token, text: str, found: tuple[Mention, ...], tracker: Tracker
                  ) -> Speaker:
    span = noun_phrase(head)
    words = text[span[0] : span[1]].strip()
    if not words:
        return Speaker(None, span, False, False)
    low = head.lower_
    if head.pos_ == "PRON" or low in _PERSONAL or low in _GROUP or low in _THING:
        if low in _PERSONAL:
            name = tracker.resolve_person(low, head.idx)
            return Speaker(name, span, name is not None, False, low)
        if low in _GROUP or low in _THING:
            name = tracker.last_group if low in _GROUP else tracker.last_thing
            return Speaker(name, span, False, False, low)
        return Speaker(None, span, False, False, low)
    ents = _np_entities(span, found)
    people = [m for m in ents if m.label == "PER"]
    if people:
        name = tracker.person(_strip_title(people[0].text), people[0].span[0],
                              _title_gender(text, people[0].span[0]))
        return Speaker(name, span, True, False)
    head_noun = head.lower_
    proper = head.pos_ == "PROPN" or head.tag_.startswith("NNP")
    # a role word that is a name's head ("the Civil Aviation Authority") names the body
    role = (head_noun in ROLE_NOUNS or head.lemma_.lower() in ROLE_NOUNS) and not (
        proper and head.text[:1].isupper() and head.i > head.sent.start
        and head.doc[head.i - 1].text[:1].isupper())
    places = [m for m in ents if m.label == "LOC" and m.span[0] <= head.idx < m.span[1]]
    if places and proper:
        # A place does not speak: the NER took a name for one ("Noem tweeted"); a country
        # ("Austria argued") stays what it is.
        return Speaker(places[0].text, places[0].span, True, False)
    bare = _strip_title(words)
    orgish = (words.split() or [""])[-1].lower() in _ORG_HEADS or any(
        m.label == "ORG" and m.span[0] <= head.idx < m.span[1] and
        m.text.split()[-1].lower() in _ORG_HEADS for m in ents)
    if proper and not role and not orgish and len(bare.split()) <= 3 and bare[:1].isupper() \
            and not any(m.label == "LOC" and m.span[0] <= head.idx < m.span[1] for m in ents):
        # A name the NER missed or mislabelled: "Boudreau said", "Mayor Helen Ortiz said"
        name = tracker.person(bare, span[0], _title_gender(text, span[0]))
        return Speaker(name, span, True, False)
    named = bool(ents) or proper
    if role and not people:
        return Speaker(_strip_article(words), span, False, True)
    return Speaker(_strip_article(words), span, named, False)


def _strip_article(words: str) -> str:
    return words


_TITLE_STEMS = frozenset(w.rstrip(".") for w in _TITLE_WORDS)
_OFFICE_WORDS = _OFFICES | _TITLE_STEMS  # what a name may follow in a run of capitals


def _strip_title(name: str) -> str:
    """ "Economy Minister Viktors Valainis" -> "Viktors Valainis"; "Judge Ana X" -> "Ana X"."""
    words = name.split()
    last = max((i for i, w in enumerate(words[:-1]) if w.lower().rstrip(".") in _TITLE_STEMS),
               default=-1)
    return " ".join(words[last + 1 :])


def _title_gender(text: str, pos: int) -> str | None:
    before = text[max(0, pos - 6) : pos].strip().lower()
    word = before.split()[-1] if before.split() else ""
    if word in _TITLES_M:
        return "m"
    if word in _TITLES_F:
        return "f"
    return None


def _root(sent: Span) -> Token:
    """The head of the sentence's largest tree: a claim's sentence may hold more than one
    of the parser's ("VARNA, Bulgaria (Reuters)" | "- The Authority said …"), and its
    main clause is the one that covers most of it."""
    roots = [t for t in sent if t.head.i == t.i or not sent.start <= t.head.i < sent.end]
    if len(roots) <= 1:
        return sent.root
    return max(roots, key=lambda t: (sum(1 for x in t.subtree if sent.start <= x.i < sent.end),
                                     -t.i))


def leading_reference(sent: Span, quote: tuple[int, int] | None, tracker: Tracker
                      ) -> Reference | None:
    """A third-person pronoun that is the subject of the sentence's main verb or its first
    word ("He said …", "It is larger …", "His sentencing …"), resolved from earlier sentences."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words:
        return None
    root = _root(sent)
    subj = _subject_of(root, quote)
    cands = [t for t in (words[0], subj) if t is not None and not _in(quote, t.idx)]
    for tok in cands:
        low = tok.lower_
        if low in _PERSONAL:
            return Reference(low, (tok.idx, tok.idx + len(tok)),
                             tracker.resolve_person(low, tok.idx))
        if low in _THING and tok.dep_ != "expl" and not _dummy_it(tok):
            return Reference(low, (tok.idx, tok.idx + len(tok)), tracker.last_thing)
        if low in _GROUP:
            return Reference(low, (tok.idx, tok.idx + len(tok)), tracker.last_group)
        if low in _DEMONSTRATIVE and tok.dep_ in _SUBJECTS and tok.pos_ == "PRON":
            return Reference(low, (tok.idx, tok.idx + len(tok)), None)
    return None


def _dummy_it(tok: Token) -> bool:
    """"It was around midnight when …", "It takes …": no referent needed."""
    head = tok.head
    rest = [t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 4]]
    if rest[:1] in (["is"], ["was"], ["'s"]) and any(
            t.lower_ in ("when", "that", "who", "to") for t in head.subtree if t.i > tok.i + 2):
        return True
    return any(t.dep_ in ("csubj", "ccomp") and t.i > head.i for t in head.children) and \
        head.lemma_ in ("be", "seem", "appear", "take", "remain")


def observe(sent: Span, quote: tuple[int, int] | None, found: tuple[Mention, ...],
            tracker: Tracker) -> None:
    """Update what later pronouns may stand for, after a sentence was read."""
    text = doc_text(sent.doc)
    for m in found:
        if m.label == "PER" and not _in(quote, m.span[0]):
            tracker.person(_strip_title(m.text), m.span[0], _title_gender(text, m.span[0]))
    root = _root(sent)
    subj = _subject_of(root)
    if subj is None or subj.pos_ == "PRON" or _in(quote, subj.idx):
        return
    span = noun_phrase(subj)
    words = text[span[0] : span[1]]
    ents = _np_entities(span, found)
    if any(m.label == "PER" for m in ents):
        return
    bare = _strip_title(words)
    if not ents and subj.pos_ == "PROPN" and 1 <= len(bare.split()) <= 3 and \
            all(w[:1].isupper() for w in bare.split()) and not tracker.people:
        # A name the NER missed, as the subject ("Assange, who denies …"): a person only
        # while no person is known, so "he" has something to stand for.
        tracker.person(bare, span[0])
        return
    if subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children):
        tracker.last_group = words
    else:
        tracker.last_thing = words


def predicts(sent: Span, quote: tuple[int, int] | None) -> bool:
    """Whether a prediction cue (verify.claims.extract.PREDICTION_CUES: "could",
    "likely", "expected to") bears on what the sentence asserts or reports: its main
    clause, a clause joined to it by "and", or what a speech verb reports ("warned
    that the move could …"); not a clause inside a noun phrase or an adverbial
    ("… the names of those killed until next of kin could be told")."""
    from verify.claims.extract import PREDICTION_CUES

    root = _root(sent)
    mains = {root.i}
    for c in root.children:
        if c.dep_ in ("conj", "ccomp", "xcomp", "parataxis"):
            mains.add(c.i)
            mains |= {x.i for x in c.children if x.dep_ in ("conj", "xcomp")}
    at = {t.idx: t for t in sent}
    for m in PREDICTION_CUES.finditer(doc_text(sent.doc), sent.start_char, sent.end_char):
        tok = at.get(m.start())
        if tok is None or _in(quote, tok.idx):
            continue
        # "could", "possibly", "is" of "is set to": the verb they go with
        head = tok.head if tok.dep_ in ("aux", "advmod", "aux:pass") else tok
        if head.i in mains:
            return True
    return False


def clause(sent: Span, quote: tuple[int, int] | None) -> Clause:
    toks = [t for t in sent if not _in(quote, t.idx)]
    finite = any(t.pos_ in ("VERB", "AUX") or t.tag_[:2] in ("VB", "MD") for t in sent)
    question = sent.text.rstrip(" \"'”’").endswith("?")
    root = _root(sent)
    subj = _subject_of(root)
    writer = subj is not None and not _in(quote, subj.idx) and subj.lower_ in (
        "we", "i", "you", "one")
    named = False
    if subj is not None:
        span = noun_phrase(subj)
        named = any(t.pos_ in ("PROPN", "NUM") or t.ent_type_
                    for t in _tokens_from(sent.doc, span[0], span[1]))
    del toks
    return Clause(finite, question, writer, named)


# ---------------------------------------------------------------- coordination

@dataclass(frozen=True)
class Piece:
    """A part of a coordinated sentence: its text (the article's words) and the span that
    covers them."""

    text: str
    span: tuple[int, int]


_FINITE = ("VBD", "VBZ", "VBP", "MD")


def coordination(sent: Span, quote: tuple[int, int] | None) -> tuple[Piece, ...]:
    """Two main clauses joined by "and"/"but" ("X rose and Y fell", "X was charged and
    faces …"), each rewritten as a sentence of its own from the article's words: the words
    before the coordinator, and the words after it (with the shared subject, and its
    auxiliary, when the second clause has none). () when either side is no clause."""
    toks = list(sent)
    depth = 0
    for k, t in enumerate(toks):
        if t.text in "([":
            depth += 1
        elif t.text in ")]":
            depth -= 1
        if depth or _in(quote, t.idx) or t.lower_ not in ("and", "but", ";") or k < 3:
            continue
        left, rest = toks[:k], toks[k + 1 :]
        if any(_in(quote, x.idx) for x in (*left, *rest)) or len(rest) < 3:
            continue
        conj = t.head
        if t.text != ";" and conj.dep_ == "conj" and conj.pos_ in ("NOUN", "PROPN", "ADJ",
                "NUM") and conj.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            continue  # "a jury of experts and public officials": nouns coordinated
        verbs = [x for x in left if x.tag_ in _FINITE or (
            x.tag_ == "VBN" and any(c.dep_ in _SUBJECTS for c in x.children)
            and not _aux_before(x, sent.start))]
        if not verbs:
            continue
        # The verb the second clause shares a subject with: the last one before "and"
        # whose subject is a noun phrase ("… after the Afghan government freed … and sent …").
        subj_toks: list[Token] = []
        v = verbs[-1]  # the verb nearest the coordinator is the one whose subject is shared
        after = rest[1] if rest[0].tag_ == "RB" and len(rest) > 1 else rest[0]
        if after.dep_ == "conj" and after.head.i < t.i and after.head.pos_ in ("VERB", "AUX"):
            v = after.head  # unless the parse says which verb the second one joins
            if any(is_speech_verb(a) for a in v.ancestors):
                # "Both sides said they hoped the swap could lead … and begin …": the
                # second verb is part of what was said; a part without "said" would
                # assert it
                continue
        if v.dep_.startswith("aux") or v.dep_ == "cop":
            v = v.head
        sv = next((c for c in v.children if c.dep_ in _SUBJECTS), None)
        if sv is not None and sv.i < v.i and sv.lower_ not in ("who", "which", "that"):
            sspan = noun_phrase(sv)
            subj_toks = [x for x in toks if sspan[0] <= x.idx < sspan[1]]
        else:
            subj_toks = _np_before(v, sent.start)
        if subj_toks and all(x.pos_ == "PRON" for x in subj_toks) and not (
                len(subj_toks) == 1 and _opens(sent, subj_toks[0])
                and subj_toks[0].lower_ in _LEADING):
            # "… he tried …, but failed": the part would stand on a pronoun the claim does
            # not resolve; the sentence's own first word ("It did not reveal … and said …")
            # is its leading reference, resolved or flagged, and both parts share it
            continue
        if any(x.tag_ in ("VBD", "VBZ", "VBP") and x.i > verbs[0].i and x.i > 0
               and x.doc[x.i - 1].text == "," for x in left):
            continue  # "bought …, borrowed …, and had planned": a list of verb phrases
        if any(x.tag_ in ("WDT", "WP", "WP$") and x.i > verbs[0].i for x in left):
            continue  # "… a girl who was ripped … and kidnapped": inside a relative clause
        head = rest[1] if rest[0].tag_ == "RB" and len(rest) > 1 else rest[0]
        second: Piece | None
        participle = [x for x in left if x.tag_ == "VBN" and _aux_before(x, sent.start)]
        if t.text != ";" and head.pos_ in ("VERB", "AUX") and (
                head.tag_ in _FINITE or (head.tag_ == "VBN" and participle)):
            if not subj_toks or not _right_before(subj_toks, left):
                continue
            shared = participle and (head.tag_ == "VBN" or (
                head.tag_ == "VBD" and head.dep_ == "conj" and head.head.i == participle[0].i))
            aux = _aux_before(participle[0], sent.start) if shared else []
            second = _piece(subj_toks + aux + rest)
        elif rest[0].tag_ in (
                "DT", "PRP", "PRP$", "NNP", "NNPS", "NN", "NNS", "CD", "JJ", "EX", "IN", "RB"):
            at = next((i for i, x in enumerate(rest[:8]) if x.tag_ in _FINITE), None)
            if at is None or at == 0:
                continue
            lead = rest[:at]
            if any(x.tag_ not in ("DT", "PRP", "PRP$", "NNP", "NNPS", "NN", "NNS", "CD", "JJ",
                                  "EX", "POS", "HYPH", "RB") for x in lead):
                continue  # what comes before the verb is no plain subject
            if left[-1].text != "," and t.text != ";" and (at > 7 or any(
                    x.is_punct or x.tag_ == "CC" for x in lead) or (
                    len(left) > 2 and left[-2].tag_ in ("IN", "DT", "JJ"))):
                continue  # no comma, and no plain subject before the verb
            if not any(x.dep_ in _SUBJECTS or x.tag_ in ("PRP", "NN", "NNS", "NNP", "NNPS",
                                                         "EX") for x in lead):
                continue
            second = _piece(rest)
        else:
            continue
        first = _piece(left)
        if first is None or second is None or not (_clause_ok(first) and _clause_ok(second)):
            continue
        return (first, second)
    return ()


def _opens(sent: Span, tok: Token) -> bool:
    """Whether `tok` is the sentence's first word."""
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    return first is not None and first.i == tok.i


def _right_before(subj: list[Token], left: list[Token]) -> bool:
    """The subject's words run up to a verb of the left clause (adverbs and auxiliaries
    between), so they are the whole subject, not a piece the parse cut out."""
    last = subj[-1].i
    for x in left:
        if x.i <= last:
            continue
        if x.pos_ in ("VERB", "AUX"):
            return True
        if x.tag_ not in ("RB", "RBR", "RBS", ",", "MD") and not x.is_punct:
            return False
    return False


def _np_before(verb: Token, lo: int = 0) -> list[Token]:
    """The noun phrase written right before a verb, by its tags ("the Afghan government
    freed"), for a subject the parse missed."""
    out: list[Token] = []
    i = verb.i - 1
    while i >= lo and verb.doc[i].tag_ in ("NN", "NNS", "NNP", "NNPS", "JJ", "DT",
                                                         "PRP$", "CD", "POS", "HYPH"):
        out.insert(0, verb.doc[i])
        i -= 1
    if not out or out[-1].tag_ not in ("NN", "NNS", "NNP", "NNPS") or out[0].tag_ not in (
            "DT", "PRP$", "NNP", "NNPS"):
        return []
    return out


def _aux_before(verb: Token, lo: int = 0) -> list[Token]:
    """The auxiliaries right before a verb ("was", "has been")."""
    out: list[Token] = []
    i = verb.i - 1
    while i >= lo and verb.doc[i].tag_ in ("VBD", "VBZ", "VBP", "MD", "VBN", "VB") \
            and verb.doc[i].lemma_.lower() in ("be", "have", "will", "would", "can", "could",
                                               "may", "might", "shall", "should", "must"):
        out.insert(0, verb.doc[i])
        i -= 1
    return out


def _clause_ok(p: Piece) -> bool:
    """A part stands on its own: three words or more, quotation marks balanced."""
    if len(re.findall(r"\w+", p.text)) < 3:
        return False
    if p.text.count("“") != p.text.count("”") or p.text.count('"') % 2:
        return False
    return not re.search(r"\b(?:its|the|a|an|of|to|and|his|her|their)\.$", p.text)


# Subordinators whose clause the sentence asserts ("as revenue fell", "after X resigned");
# "if", "unless", "until", "whether", "before", "so that" assert nothing on their own.
_ASSERTING = frozenset(("as", "while", "after", "because", "since", "although", "though",
                        "whereas", "when"))


def subordinate(sent: Span, quote: tuple[int, int] | None) -> tuple[Piece, ...]:
    """A non-restrictive relative clause (", which …", ", who …", ", whose …") or an asserted
    adverbial clause with its own subject ("…, as revenue rose 3.5 percent"), each a sentence
    of its own, with the main clause left without it; () when there is none."""
    root = _root(sent)
    if _in(quote, root.idx) or _subject_of(root) is None:
        return _surface_subordinate(sent, quote)
    extra: list[Piece] = []
    removed: set[int] = set()
    doc = sent.doc
    for tok in sent:
        if _in(quote, tok.idx) or tok.i in removed:
            continue
        comma = tok.i > sent.start and doc[tok.i - 1].text == ","
        named_before = (tok.i - 1 >= sent.start and doc[tok.i - 1].pos_ == "PROPN") or (
            tok.i - 1 >= sent.start and any(
                t.pos_ == "PROPN" for t in doc[max(sent.start, tok.i - 4) : tok.i]))
        if tok.lower_ in ("who", "which", "whose", "that") and tok.i - 1 >= sent.start and (
                (comma and tok.lower_ != "that") or (
                    not comma and tok.dep_ in _SUBJECTS and named_before)):
            # ", which …" after a noun (or "that killed …" after a name): a second statement
            # about that noun.
            p = tok
            verb = p.head if p.lower_ != "whose" else p.head.head
            if verb.pos_ not in ("VERB", "AUX") or verb is root or verb.i < p.i:
                continue
            stop = next((t.i for t in doc[p.i + 1 : sent.end] if t.text in (",", ";", "—", "–")
                         or (t.is_sent_end and t.is_punct)), sent.end)
            sub = [t for t in verb.subtree if p.i <= t.i < stop]
            if len(sub) != stop - p.i:
                continue  # the parse does not make the clause one piece: leave it whole
            if root.i in {t.i for t in sub} or sum(not t.is_punct for t in sub) < 3:
                continue  # the clause swallows the sentence, or is too short to state anything
            if not comma and not any(t.like_num or t.pos_ == "PROPN" or t.ent_type_
                                     for t in sub):
                # a restrictive clause ("the man who kidnapped the child") belongs to its
                # noun: a part of its own only where it names or counts something
                continue
            noun = doc[tok.i - 2] if comma else doc[tok.i - 1]
            if noun.pos_ not in ("NOUN", "PROPN", "NUM"):
                continue
            ante = noun_phrase(noun)
            # the antecedent ends with its noun (", which": before the comma)
            ante = (ante[0], min(ante[1], noun.idx + len(noun.text)))
            ante_words = doc_text(doc)[ante[0]:ante[1]]
            if p.lower_ == "whose":
                words = [t for t in sub if t.i != p.i]
                piece = _piece_with(ante_words + "’s", words)
            elif p.dep_ in _SUBJECTS:
                words = [t for t in sub if t.i != p.i]
                piece = _piece_with(ante_words, words)
            else:
                continue
            if piece is None:
                continue
            extra.append(Piece(piece.text, (ante[0], piece.span[1])))
            removed |= {t.i for t in sub}
            if comma:
                removed.add(tok.i - 1)
                if stop < sent.end and doc[stop].text == ",":
                    removed.add(stop)
        elif tok.dep_ == "parataxis" and tok.head is root and tok.i > root.i and \
                tok.i - 1 >= sent.start and any(t.text == ";" for t in doc[root.i : tok.i]) and \
                any(c.dep_ in _SUBJECTS for c in tok.children):
            # "In Virginia, they voted …; in Mississippi, they voted …"
            sub = [t for t in tok.subtree]
            piece = _piece(sub)
            if piece is None:
                continue
            extra.append(piece)
            removed |= {t.i for t in sub}
            removed |= {t.i for t in doc[root.i : tok.i] if t.text == ";"}
        elif tok.dep_ == "advcl" and tok.head is root and tok.i > root.i:
            marks = [c for c in tok.children if c.dep_ == "mark"]
            if not marks or marks[0].lower_ not in _ASSERTING:
                continue
            if not any(c.dep_ in _SUBJECTS for c in tok.children):
                continue
            tree = sorted(t.i for t in tok.subtree)
            tail_end = sent.end - 1 if doc[sent.end - 1].is_punct else sent.end
            if tree != list(range(tree[0], tree[-1] + 1)) or tree[-1] < tail_end - 1:
                continue  # only a clause that ends the sentence, in one piece
            sub = [t for t in tok.subtree if t.i != marks[0].i]
            piece = _piece(sub)
            if piece is None:
                continue
            extra.append(piece)
            removed |= {t.i for t in tok.subtree}
            first = min(t.i for t in tok.subtree)
            if first > 0 and doc[first - 1].text == ",":
                removed.add(first - 1)
    if not extra:
        return _surface_subordinate(sent, quote)
    main = _piece([t for t in sent if t.i not in removed])
    out = tuple(p for p in (main, *extra) if p is not None)
    if len(out) < 2 or not all(_clause_ok(p) for p in out):
        return ()
    return out


_MARKERS = ("as", "while", "after", "although", "though", "whereas", "because")


def _surface_subordinate(sent: Span, quote: tuple[int, int] | None) -> tuple[Piece, ...]:
    """Where the parse gave no clause, the tags and commas may: ", who denies …," after a
    name; "…, while the Arab League condemned …"; "Although X was born in 1889, Y argued …".
    Each clause runs to the next comma (or the end); it needs a subject and a finite verb."""
    toks = [t for t in sent]
    if any(_in(quote, t.idx) for t in toks):
        return ()
    n = len(toks)
    end = n - 1 if toks[-1].is_punct else n

    def next_comma(k: int) -> int:
        return next((j for j in range(k, end) if toks[j].text in (",", ";", "—", "–")), end)

    for k, t in enumerate(toks):
        low = t.lower_
        if low in ("who", "which") and k > 1 and toks[k - 1].text == ",":
            stop = next_comma(k + 1)
            body = toks[k + 1 : stop]
            if not body or body[0].tag_ not in (*_FINITE, "RB") or not any(
                    x.tag_ in _FINITE for x in body[:2]):
                continue
            ante = _np_before(toks[k - 1], sent.start)
            if not ante or not (any(x.tag_ in ("NNP", "NNPS") for x in ante) or any(
                    x.like_num or x.tag_ in ("NNP", "NNPS") for x in body)):
                continue
            part = _piece_with(doc_text(sent.doc)[ante[0].idx : ante[-1].idx + len(ante[-1].text)],
                               body)
            drop = set(range(k - 1, stop + (1 if stop < end and toks[stop].text == "," else 0)))
            main = _piece([x for j, x in enumerate(toks) if j not in drop])
            if part is not None and main is not None and _clause_ok(part) and _clause_ok(main):
                return (main, Piece(part.text, (ante[0].idx, part.span[1])))
        if low in _MARKERS and (k == 0 or toks[k - 1].text == ","):
            stop = next_comma(k + 1)
            body = toks[k + 1 : stop]
            at = next((i for i, x in enumerate(body[:6]) if x.tag_ in _FINITE), None)
            if at is None or at == 0 or any(x.is_punct for x in body[:at]) or not any(
                    x.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP", "CD") for x in body[:at]):
                continue
            if k == 0 and stop >= end:
                continue
            part = _piece(body)
            drop = set(range(k - 1 if k else 0, stop + (1 if k == 0 else 0)))
            main = _piece([x for j, x in enumerate(toks) if j not in drop])
            if part is not None and main is not None and _clause_ok(part) and _clause_ok(main):
                return (main, part)
    return ()


def _piece_with(head: str, tokens: list[Token]) -> Piece | None:
    rest = _piece(tokens)
    if rest is None:
        return None
    body = rest.text
    body = body[:1].lower() + body[1:] if tokens[0].pos_ != "PROPN" else body
    text = head[:1].upper() + head[1:] + " " + body
    return Piece(text, rest.span)


def _piece(tokens: list[Token]) -> Piece | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "cc"):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ".!?\"”’)":
        tokens = tokens[:-1]
    if not tokens:
        return None
    out = ""
    for a, b in zip(tokens, [*tokens[1:], None], strict=False):
        out += a.text
        if b is not None:
            out += a.whitespace_ if b.i == a.i + 1 else " "
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"\s+", " ", out).strip(" ,;:—–-")
    out = out[:1].upper() + out[1:]
    if out and (out[-1] not in ".!?\"”’" or (
            out[-1] in "\"”’" and len(out) > 1 and out[-2] not in ".!?,")):
        out += "."  # a name in quotation marks ends no sentence: ‘… the name “CCHQ Press”.’
    span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    return Piece(out, span)
