"""An article to claims: sentences, kinds, atomic parts, slots, citations, flags and ids."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from verify.claims import nlp, syntax
from verify.claims.citations import (
    Attribution,
    SourceResolver,
    cite_attribution,
    cite_link,
    fact_types_of,
    find_attributions,
    is_primary,
    resolver_for,
    route,
    step_types_of,
)
from verify.claims.decompose import (
    Part,
    anaphor_parts,
    find_list,
    find_relatives,
    list_parts,
    relative_parts,
    resolve_anaphor,
)
from verify.claims.extract import (
    Reading,
    Speech,
    checkworthiness,
    find_quote,
    find_speaker,
    read_cues,
)
from verify.claims.model import Article, CitationDraft, ClaimDraft
from verify.claims.segment import MAX_CLAIM_CHARS, split_long, split_sentences
from verify.entities import EntityCatalog, _fold, catalog_for
from verify.ids import content_id
from verify.registry import Registry
from verify.slots import EntityRef, Slots, extract_slots

LOW_CHECKWORTHINESS = 0.4
# A sentence that opens with a noun phrase standing for what came before ("The
# move, reported by X, …", "This decision, according to X, …") passes its
# attribution back to the previous sentence.
_THE_COUNTRY = re.compile(r"\b(?:the|this)\s+country(?:['’]s)?", re.IGNORECASE)
_BACK_REFERENCE = re.compile(
    r"^(?:the|this|that|these|such|its|ten|ta|to|te|taki|такой|это|этот|эта|эти)\s+"
    r"(?:[^\W\d_]+\s+){0,2}?[^\W\d_]+\s*,",
    re.IGNORECASE,
)



@dataclass
class _Draft:
    """A claim while it is being built; frozen into a ClaimDraft at the end."""

    text: str
    span: tuple[int, int]
    sentence: tuple[int, int]
    kind: str
    slots: Slots
    reading: Reading
    fact_types: tuple[str, ...]
    role: str | None = None
    members: tuple[str, ...] = ()
    parent: _Draft | None = None
    speaker: str | None = None
    quote: str | None = None
    anonymous: bool = False
    citations: list[CitationDraft] = field(default_factory=list)
    speaker_entities: tuple[str, ...] = ()
    children: list[_Draft] = field(default_factory=list)
    references: tuple[tuple[str, str | None], ...] = ()  # ("he", "Kevin Mayer"); None: unresolved
    clause: syntax.Clause | None = None
    sourced: bool = False  # a named or unnamed speaker says it
    routed: bool = True  # whether the registry's `covers` may add sources to it


class _Throttled:
    """A progress callback called at most once a second, the first time after a
    second: a short article prints nothing."""

    def __init__(self, progress: Callable[[str], None] | None) -> None:
        import time

        self._progress = progress
        self._clock = time.monotonic
        self._last = self._clock()

    def __call__(self, line: str) -> None:
        if self._progress is None:
            return
        now = self._clock()
        if now - self._last >= 1.0:
            self._last = now
            self._progress(line)


def extract_claims(article: Article, registry: Registry,
                   progress: Callable[[str], None] | None = None) -> tuple[ClaimDraft, ...]:
    """Every sentence of the article as a claim (opinions kept, flagged), with its atomic parts.

    `progress` gets a line now and then while a long article is read (parsed
    characters, then sentences read), at most one a second."""
    tell = _Throttled(progress)
    catalog = catalog_for(registry)
    resolver = resolver_for(registry)
    lang = article.language
    drafts: list[_Draft] = []
    last_person: str | None = None
    last_country: str | None = None
    anonymous_role: str | None = None
    last_list: tuple[EntityRef, ...] = ()
    previous: _Draft | None = None
    doc = nlp.parse(article.text, lang, progress=tell)
    tracker = syntax.Tracker()
    spans = split_sentences(article.text, lang)
    if doc is not None or any(e - s > MAX_CLAIM_CHARS for s, e in spans):
        spans = split_long(article.text, spans, _parser_boundaries(doc))
    for n_span, (s_start, s_end) in enumerate(spans):
        tell(f"claims: read {n_span:,}/{len(spans):,} sentences")
        sentence = article.text[s_start:s_end]
        if not any(ch.isalnum() for ch in sentence):
            continue  # bare punctuation ("***", "—") is no claim
        slots = extract_slots(sentence, lang=lang, catalog=catalog,
                              reference_date=article.published)
        quote = find_quote(sentence)
        reading = read_cues(sentence, quote)
        sent = syntax.sentence(doc, s_start, s_end) if doc is not None else None
        references: tuple[tuple[str, str | None], ...] = ()
        clause: syntax.Clause | None = None
        anonymous_speaker = False
        if sent is not None and doc is not None:
            found = syntax.mentions(doc, s_start, s_end)
            # The registry's people count as people the NER found ("Kosiniak-Kamysz").
            found = tuple(sorted((*found, *(
                syntax.Mention(e.text, (s_start + e.span[0], s_start + e.span[1]), "PER")
                for e in slots.entities if e.kind == "person" and ":" not in e.key
                and not any(m.span[0] <= s_start + e.span[0] < m.span[1] for m in found))),
                key=lambda m: m.span))
            slots = replace(slots, entities=_with_ner(slots.entities, found, s_start))
            q_abs = (s_start + quote.span[0], s_start + quote.span[1]) if quote else None
            ref = syntax.leading_reference(sent, q_abs, tracker)
            if ref is not None:
                references = ((ref.pronoun, ref.referent),)
            sp = syntax.find_speaker(sent, q_abs, found, tracker)
            speech = None
            if sp is not None and sp.pronoun and sp.pronoun not in (p for p, _ in references):
                references = (*references, (sp.pronoun, sp.text))  # "she said": who she is
            if sp is not None and (sp.text or sp.anonymous):
                anonymous_speaker = sp.anonymous
                speech = Speech(sp.text, sp.named, None)
            elif quote is not None and previous is not None and previous.speaker and \
                    previous.kind in ("quote", "attribution") and _quote_only(sentence, quote):
                # A quotation that goes on from the previous sentence's speaker.
                speech = Speech(previous.speaker, True, None)
                anonymous_speaker = previous.anonymous
            clause = syntax.clause(sent, q_abs)
            if reading.prediction and not syntax.predicts(sent, q_abs):
                reading = replace(reading, prediction=False)  # "until X could be told"
            syntax.observe(sent, q_abs, found, tracker)
        else:
            speech = find_speaker(sentence, slots.entities, quote, last_person)
        # A citation names someone: "citing the need to …" is no attribution.
        attributions = tuple(
            a for a in find_attributions(sentence)
            if a.name[:1].isupper() or a.name[:1].isdigit() or resolver.by_name(a.name)
        )
        anonymous = reading.anonymous or anonymous_speaker
        if speech is not None and not speech.person and speech.role_noun:
            if re.match(r"^(?:the|this|that)\s", speech.speaker or "", re.IGNORECASE):
                anonymous = anonymous or speech.role_noun == anonymous_role
            elif anonymous:
                anonymous_role = speech.role_noun
        # "The move, reported by X, marks …": the attribution is the previous
        # sentence's (it is passed back below), not this sentence's source.
        back_reference = previous is not None and bool(_BACK_REFERENCE.match(sentence))
        own_attributions = () if back_reference else attributions
        # A characterization with no number or date of its own is not checkable.
        characterizes = reading.characterizing and not slots.numbers and not slots.dates
        if quote is not None:
            kind = "quote"
        elif own_attributions or (speech is not None and speech.person):
            kind = "opinion" if reading.argument else "attribution"
        elif reading.argument or reading.prediction or characterizes:
            kind = "opinion"
        elif speech is not None:
            kind = "attribution"
        else:
            kind = "fact"
        fact_types = fact_types_of(sentence, registry)
        if speech is not None and speech.speaker:
            # a named speaker's words are about what was said: the registry's fact
            # types declared for this claim kind apply, whatever the words
            fact_types += tuple(name for name, f in registry.facts.items()
                                if kind in f.claim_kinds and name not in fact_types)
        draft = _Draft(
            text=sentence, span=(s_start, s_end), sentence=(s_start, s_end), kind=kind,
            slots=slots, reading=reading, fact_types=fact_types,
            speaker=speech.speaker if speech is not None else None,
            quote=quote.words if quote is not None else None, anonymous=anonymous,
            references=references, clause=clause,
            sourced=(speech is not None and bool(speech.speaker)) or anonymous,
        )
        # Explicit citations: attribution phrases, hyperlinks, sources named in the sentence.
        for att in attributions:
            draft.citations.append(cite_attribution(att, resolver))
        for link in article.links:
            if link.span[0] < s_end and s_start < link.span[1]:
                draft.citations.append(cite_link(link.text, link.href, resolver))
        _add_mentions(draft, sentence, resolver)
        if speech is not None and speech.speaker:
            # The speaker as a source ("the country's defence ministry stated"), with
            # "the country" read as the last country named before.
            said_by = speech.speaker
            if last_country is not None:
                said_by = _THE_COUNTRY.sub(last_country + "’s", said_by)
            key = resolver.by_name(said_by)
            if key is not None and key not in {c.source for c in draft.citations}:
                draft.citations.append(CitationDraft(speech.speaker, key, False, None,
                                                     "attribution"))
            draft.speaker_entities = tuple(e.key for e in catalog.find(said_by, names=False))
        if attributions and previous is not None and _BACK_REFERENCE.match(sentence):
            for att in attributions:
                cite = cite_attribution(att, resolver)
                for target in (previous, *previous.children):
                    if cite not in target.citations:
                        target.citations.append(cite)
        # Atomic parts: a coordinated list, or a group phrase standing for an earlier list.
        parts: tuple[Part, ...] = ()
        anaphor = resolve_anaphor(sentence, slots.entities, last_list)
        # Lists are of things the catalog knows or of people; capitalised words
        # inside a group phrase ("the other four Baltic and Nordic nations") are not.
        listable = tuple(
            e for e in slots.entities
            if e.kind != "other"
            and not (anaphor and anaphor.span[0] <= e.span[0] < anaphor.span[1])
        )
        coordinated = find_list(sentence, listable, slots.numbers)
        if coordinated is not None and (sent is None or (
                re.search(r"[^\W\d_]{2,}", coordinated.predicate)
                and _list_is_subject(sentence, coordinated))):
            # (On a parse, a list with nothing said of it after — "American X and Australian
            # Y, both professors …" — gives no parts.)
            parts = list_parts(sentence, coordinated, lang)
            last_list = coordinated.members
        elif anaphor is not None:
            resolved = tuple(
                EntityRef(m.key, m.kind, sentence[anaphor.span[0] : anaphor.span[1]], anaphor.span)
                for m in anaphor.members
            )
            draft.slots = replace(slots, entities=tuple(sorted(
                (*slots.entities, *resolved), key=lambda e: e.span)))
            parts = anaphor_parts(anaphor, lang)
        elif kind in ("fact", "attribution"):
            # A second statement in a ", which …," clause; an opinion or a quote is
            # judged as a whole, so its clauses stay in it.
            relatives = find_relatives(sentence, slots.entities, slots.numbers,
                                       tuple(d.span for d in slots.dates), lang)
            if relatives:
                parts = relative_parts(sentence, relatives)
            elif sent is not None:
                # Main clauses joined by a coordinator: one part each, in the article's words.
                q_abs = (s_start + quote.span[0], s_start + quote.span[1]) if quote else None
                pieces = syntax.coordination(sent, q_abs) or syntax.subordinate(sent, q_abs)
                parts = tuple(
                    Part(p.text, (p.span[0] - s_start, p.span[1] - s_start), "clause")
                    for p in pieces
                )
        for part in parts:
            child = _child(draft, part, s_start, lang, catalog, registry, resolver, article)
            if part.role == "main" and not _checkable(child):
                continue  # the main clause is a part only when it says something checkable
            draft.children.append(child)
        reported = _outlet_attributions(attributions, resolver)
        if reported and quote is None:
            _add_outlet_parts(draft, reported, previous if back_reference else None, lang,
                              catalog, registry, resolver, article)
        for e in slots.entities:
            if e.kind == "person" and not (quote and quote.span[0] <= e.span[0] < quote.span[1]):
                last_person = e.text
        countries = [e.text for e in slots.entities if e.kind == "country"]
        if countries:
            last_country = countries[-1] if len(set(countries)) == 1 else None
        drafts.append(draft)
        previous = draft
    return _freeze(article, drafts, registry, catalog)


def _list_is_subject(sentence: str, found: object) -> bool:
    """On a parse, a list is split only where it is the subject ("A, B and C have left …"):
    "a deal between A and B", "whether A and B agree" hold for the pair, not for each; and its
    members are names, not adjectives ("the Russian and Syrian ministries")."""
    span = found.span  # type: ignore[attr-defined]
    head = found.head  # type: ignore[attr-defined]
    members = found.members  # type: ignore[attr-defined]
    if any(m.text.endswith(("an", "ish", "ese", "i")) and m.kind == "country" and
           m.text[:1].isupper() and sentence[m.span[1] : m.span[1] + 1] == " " and
           not sentence[m.span[1] :].lstrip().startswith(("and", "or", ",")) for m in members):
        return False
    before = sentence[: span[0]].strip(" \"'“‘„«")
    return head is not None or not before or before.endswith(("—", "–", ":"))


def _parser_boundaries(doc: object) -> tuple[int, ...]:
    """Where the parser's sentences start, as article offsets."""
    if doc is None:
        return ()
    return tuple(s.start_char for s in doc.sents)  # type: ignore[attr-defined]


def _quote_only(sentence: str, quote: object) -> bool:
    """Whether a sentence is a quotation and nothing else (its words all inside the marks)."""
    span = quote.span  # type: ignore[attr-defined]
    outside = sentence[: span[0]] + sentence[span[1] :]
    return not re.search(r"[^\W\d_]{2,}", outside)


def _with_ner(entities: tuple[EntityRef, ...], found: tuple[syntax.Mention, ...], offset: int
              ) -> tuple[EntityRef, ...]:
    """The catalog's entities (countries, the registry's) with people, organisations and places
    from the NER in place of the capitalised-word guesses; no country inside a person's name."""
    kinds = {"PER": ("person:", "person"), "ORG": ("org:", "organization"),
             "LOC": ("place:", "place")}
    ner = [(m, (m.span[0] - offset, m.span[1] - offset)) for m in found]
    people = [span for m, span in ner if m.label == "PER"]
    n_people = len(people)
    # A person's name only hides a country that is part of it ("Jordan Peterson"), not one the
    # NER took for a person by mistake ("Russia").
    # A country word inside a longer name that starts before it ("Inner Mongolia", "New
    # Mexico") is part of that name; "China’s Inner Mongolia", "Bank of England" keep theirs.
    people += [span for m, span in ner
               if not re.search(r"['’]s\b|\bof\b", m.text) and m.label in ("LOC", "ORG")]
    kept = [
        e for e in entities
        if not (e.key.startswith(("person:", "org:")) and e.kind in ("person", "organization",
                                                                      "other"))
        and not (e.kind == "country" and any(
            (s <= e.span[0] and e.span[1] <= t and (s, t) != e.span)
            if (s, t) in people[:n_people] else
            (s < e.span[0] and e.span[1] <= t) for s, t in people))
    ]
    for m, span in ner:
        if any(e.span[0] < span[1] and span[0] < e.span[1] for e in kept):
            continue
        prefix, kind = kinds.get(m.label, ("org:", "other"))
        kept.append(EntityRef(prefix + _fold(m.text), kind, m.text, span))
    return tuple(sorted(kept, key=lambda e: e.span))


def _child(parent: _Draft, part: Part, offset: int, lang: str | None, catalog: EntityCatalog,
           registry: Registry, resolver: SourceResolver, article: Article) -> _Draft:
    slots = extract_slots(part.text, lang=lang, catalog=catalog,
                          reference_date=article.published)
    if parent.clause is not None:
        # The parent's named things, where the part repeats their words.
        named = [e for e in parent.slots.entities if e.kind in ("person", "organization",
                                                                 "place")]
        found = []
        for e in named:
            at = part.text.find(e.text)
            if at >= 0:
                found.append(EntityRef(e.key, e.kind, e.text, (at, at + len(e.text))))
        base = [e for e in slots.entities if not e.key.startswith(("person:", "org:"))]
        base += [f for f in found if not any(b.span[0] < f.span[1] and f.span[0] < b.span[1]
                                             for b in base)]
        slots = replace(slots, entities=tuple(sorted(base, key=lambda e: e.span)))
    # "Finland has followed …" from "The other four …": the member is named in the text.
    reading = read_cues(part.text, None)
    kind = "opinion" if parent.kind == "opinion" else "fact"
    if part.role in ("relative", "main"):
        # A clause is read on its own words: it may be a finding someone reports.
        if reading.argument or reading.prediction or (
                reading.characterizing and not slots.numbers and not slots.dates):
            kind = "opinion"
        elif part.speaker is not None:
            kind = "attribution"
    child = _Draft(
        text=part.text, span=(offset + part.span[0], offset + part.span[1]),
        sentence=parent.sentence, kind=kind,
        slots=slots, reading=reading, fact_types=fact_types_of(part.text, registry),
        role=part.role, parent=parent, anonymous=parent.anonymous,
        speaker=part.speaker if part.speaker is not None or part.role != "clause"
        else parent.speaker,
        members=tuple(m.key for m in part.members) if part.role == "count" else (),
        clause=parent.clause, sourced=parent.sourced or part.speaker is not None,
        references=parent.references if part.span[0] == 0 else _opening_references(
            parent.references, part.text),
    )
    child.citations.extend(c for c in parent.citations if not c.inferred)
    if part.speaker is not None:
        key = resolver.by_name(part.speaker)
        if key is not None:
            child.citations.append(CitationDraft(part.speaker, key, False, None, "attribution"))
        child.speaker_entities = tuple(e.key for e in catalog.find(part.speaker, names=False))
    _add_mentions(child, part.text, resolver)
    return child


def _opening_references(references: tuple[tuple[str, str | None], ...], text: str
                        ) -> tuple[tuple[str, str | None], ...]:
    """The parent's references a later part opens with: "It said …", the second part of
    "It did not reveal … and said …", stands on the same "it"."""
    first = re.match(r"\W*(\w+)", text)
    word = first.group(1).casefold() if first else ""
    return tuple((p, r) for p, r in references if p.casefold() == word)


def _outlet_attributions(attributions: tuple[Attribution, ...], resolver: SourceResolver
                         ) -> list[tuple[Attribution, str]]:
    """The attributions that name a source the registry marks as a news outlet."""
    out = []
    for att in attributions:
        key = resolver.by_name(att.name)
        src = resolver.registry.sources.get(key or "")
        if src is not None and src.outlet:
            out.append((att, src.key))
    return out


def without_phrase(sentence: str, span: tuple[int, int]) -> str:
    """The sentence without an attribution phrase and the commas that set it off:
    "The move, reported by X, marks …" -> "The move marks …"."""
    before, after = sentence[: span[0]].rstrip(), sentence[span[1] :].lstrip()
    if before.endswith(",") and after.startswith(","):
        before, after = before[:-1].rstrip(), after[1:].lstrip()
    elif not before and after.startswith(","):
        after = after[1:].lstrip()
        after = after[:1].upper() + after[1:]
    elif before.endswith((",", "—", "–")) and (not after or after[:1] in ".!?"):
        before = before[:-1].rstrip()
    joined = (before + ("" if not after or after[:1] in ",.;:!?" else " ") + after).strip()
    end = sentence.rstrip()[-1:]
    if end in (".", "!", "?") and joined and not joined.endswith((".", "!", "?")):
        joined += end
    return joined


def _add_outlet_parts(draft: _Draft, reported: list[tuple[Attribution, str]],
                      antecedent: _Draft | None, lang: str | None, catalog: EntityCatalog,
                      registry: Registry, resolver: SourceResolver, article: Article) -> None:
    """A sentence that gives an outlet as the source of what it says has two
    claims in it: that the outlet reported it (an attribution, checked against
    the outlet's reports only), and what was reported (judged like any claim,
    against the primary sources). With a back reference ("The move, reported by
    X, …") what was reported is the previous sentence, which is a claim already."""
    s_start = draft.sentence[0]
    first = reported[0][0]
    content = without_phrase(draft.text, first.span)
    said = antecedent.text if antecedent is not None else content
    for att, _key in reported:
        text = f"{att.name} reported: {said}"
        slots = extract_slots(text, lang=lang, catalog=catalog, reference_date=article.published)
        draft.children.append(_Draft(
            text=text, span=(s_start + att.span[0], s_start + att.span[1]),
            sentence=draft.sentence, kind="attribution", slots=slots,
            reading=read_cues(text, None), fact_types=fact_types_of(said, registry),
            role="outlet", parent=draft, speaker=att.name, anonymous=False,
            citations=[cite_attribution(att, resolver)], sourced=True, routed=False))
    if draft.children[:-len(reported)] or not re.search(r"[^\W\d_]{2,}", content):
        return  # the sentence's own parts already say what it reports
    slots = extract_slots(content, lang=lang, catalog=catalog, reference_date=article.published)
    reading = read_cues(content, None)
    characterizes = reading.characterizing and not slots.numbers and not slots.dates
    kind = "opinion" if (reading.argument or reading.prediction or characterizes
                         or draft.kind == "opinion") else "fact"
    child = _Draft(
        text=content, span=draft.span, sentence=draft.sentence, kind=kind, slots=slots,
        reading=reading, fact_types=fact_types_of(content, registry), role="content",
        parent=draft, anonymous=draft.anonymous, clause=None,
        references=draft.references)
    child.citations.extend(c for c in draft.citations if not c.inferred)
    _add_mentions(child, content, resolver)
    draft.children.insert(len(draft.children) - len(reported), child)


def _checkable(d: _Draft) -> bool:
    """A fact with a number, a date or a named thing, worth checking by the usual score."""
    named = any(e.kind != "other" for e in d.slots.entities)
    return (d.kind != "opinion" and (bool(d.slots.numbers) or bool(d.slots.dates) or named)
            and checkworthiness(d.slots, d.fact_types, d.reading, False) >= LOW_CHECKWORTHINESS)


def _add_mentions(draft: _Draft, text: str, resolver: SourceResolver) -> None:
    cited = {c.source for c in draft.citations}
    for key, words in resolver.mentioned(text):
        if key not in cited:
            draft.citations.append(CitationDraft(words, key, False, None, "mention"))
            cited.add(key)


def _freeze(article: Article, drafts: list[_Draft], registry: Registry,
            catalog: EntityCatalog) -> tuple[ClaimDraft, ...]:
    out: list[ClaimDraft] = []
    for draft in drafts:
        parent = _one(article, draft, None, len(out), registry, catalog)
        out.append(parent)
        for child in draft.children:
            out.append(_one(article, child, parent.id, len(out), registry, catalog))
    return tuple(out)


def _one(article: Article, d: _Draft, parent_id: str | None, ordinal: int, registry: Registry,
         catalog: EntityCatalog) -> ClaimDraft:
    citations = list(dict.fromkeys(d.citations))
    if d.routed and not any(is_primary(c, registry) for c in citations):
        keys = [*(e.key for e in d.slots.entities), *d.speaker_entities]
        types = d.fact_types + step_types_of(d.text, d.fact_types, registry)
        for c in route(keys, types, registry, catalog):
            if c.source not in {x.source for x in citations}:
                citations.append(c)
    score = checkworthiness(d.slots, d.fact_types, d.reading, d.quote is not None, d.clause,
                            d.speaker is not None)
    flags: list[str] = []
    if d.anonymous:
        flags.append("anonymous_source")
    if not citations and not d.sourced:
        flags.append("unsourced")
    if any(referent is None for _, referent in d.references):
        flags.append("unresolved_reference")
    if d.children:
        flags.append("compound")
    if d.kind == "opinion" or score < LOW_CHECKWORTHINESS:
        flags.append("low_checkworthiness")
    if any(c.via == "hyperlink" for c in citations):
        flags.append("hyperlinked")
    return ClaimDraft(
        id=content_id("claim-", article.sha256, list(d.span), d.role or ""),
        ordinal=ordinal,
        text=d.text,
        span=d.span,
        kind=d.kind,
        checkworthy=score,
        parent=parent_id,
        slots=d.slots,
        flags=tuple(flags),
        citations=tuple(citations),
        speaker=d.speaker,
        quote=d.quote,
        fact_types=d.fact_types,
        sentence=d.sentence,
        role=d.role,
        members=d.members,
        references=tuple((p, r) for p, r in d.references if r is not None),
    )
