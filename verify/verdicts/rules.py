"""The verdict rules: one claim, the documents fetched for it, a date ⇒ one verdict.

Order (docs/verdict-rules.md gives each rule with its label, qualifier and
reason): opinions are kept but not judged; quotes need the speaker's own record;
count claims are judged by how many of their states' records back them; typed
facts from primary sources are compared field by field; then the prose of the
primary sources (the text judge, partial support, dated records); secondary
sources alone can only say `secondary_source_only`; then why nothing was found.
Same inputs give the same verdict, byte for byte: every collection is sorted,
nothing reads a clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from verify.entities import EntityCatalog, catalog_for
from verify.errors import MatchError
from verify.evidence import coverage_score
from verify.evidence.entail import Entail
from verify.registry import FactType, Predicate, Registry
from verify.slots import EntityRef, Slots, extract_slots, stated_dates
from verify.verdicts.counts import Found, claimed_count, count_verdict
from verify.verdicts.crosslang import (
    claim_lang,
    crosslang_verdict,
    speech_verdict,
    split_languages,
    translated_quote,
)
from verify.verdicts.documents import (
    Doc,
    Gathered,
    evidence_value,
    gather,
    make_verdict,
    where,
)
from verify.verdicts.facts import (
    ClaimView,
    FactFinding,
    claim_fact_types,
    compare_fact,
    date_predicate,
    view_claim,
)
from verify.verdicts.model import (
    CONTRADICTED,
    CORROBORATED,
    UNVERIFIED,
    ClaimLike,
    PassageValue,
    SourceDocs,
    VerdictValue,
)
from verify.verdicts.outlets import cited_outlets, outlet_verdict
from verify.verdicts.parents import combine
from verify.verdicts.process import (
    agent_predicate,
    agent_records,
    effect_steps,
    process_predicate,
    step_finding,
    steps_on_record,
)
from verify.verdicts.prose import (
    dated_record_verdict,
    is_silence,
    partial_verdict,
    text_finding,
    text_verdict,
)
from verify.verdicts.quotes import SpeakerText, fold, judge_quote, quoted_words, same_person


def claim_slots(claim: ClaimLike, catalog: EntityCatalog, as_of: date) -> Slots:
    """The claim's slots; entities always through the registry's catalog (the
    claim's own may come from a countries-only catalog)."""
    text = claim.text
    given = claim.slots
    spans = [(q.span, q.text) for q in given.numbers] + [(d.span, d.text) for d in given.dates] \
        if given is not None else []
    fits = given is not None and all(
        0 <= a <= b <= len(text) and text[a:b] == said for (a, b), said in spans)
    base = given if given is not None and fits else extract_slots(
        text, lang=getattr(claim, "language", None), catalog=catalog, reference_date=as_of)
    known = catalog.find(text)
    # A guessed name ("org:…") on the same words as a catalog entity is the same thing.
    guessed = [e for e in base.entities
               if not any(e.span[0] < k.span[1] and k.span[0] < e.span[1] for k in known)]
    found: dict[tuple[str, tuple[int, int]], EntityRef] = {
        (e.key, e.span): e for e in (*guessed, *known)}
    order = sorted(found, key=lambda k: (k[1], k[0]))
    return replace(base, entities=tuple(found[k] for k in order))


# ---------------------------------------------------------------- typed facts

def fact_types_of(claim: ClaimLike, registry: Registry) -> tuple[str, ...]:
    """The fact types a claim is about: the claims stage's, else by the registry's words."""
    given = tuple(getattr(claim, "fact_types", ()) or ())
    return tuple(sorted(given)) if given else claim_fact_types(claim.text, registry)


def _records(d: Doc, types: Sequence[str]) -> bool:
    return any(p.fact is not None and p.fact.get("type") in types for p in d.passages)


def fact_findings(claim: ClaimLike, view: ClaimView, docs: Sequence[Doc], registry: Registry,
                  catalog: EntityCatalog, as_of: date,
                  types: Sequence[str]) -> dict[tuple[str, str], Found]:
    """The best typed fact per (fact type, subject) the claim is about. A record
    of another act (`other_act`) only stands where the subject has no record of
    the claim's act."""
    best: dict[tuple[str, str], tuple[tuple[object, ...], FactFinding, Doc, PassageValue]] = {}
    for d in docs:
        for p in d.passages:
            if p.fact is None or p.fact.get("type") not in types:
                continue
            ft = registry.facts.get(str(p.fact["type"]))
            if ft is None:
                continue
            f = compare_fact(view, ft, p.fact, as_of, registry, catalog)
            if f is None:
                continue
            rank = (f.other_act is not None, -f.relevance, -len(f.agreements), d.source, p.id)
            key = (ft.name, f.subject)
            old = best.get(key)
            if old is None or rank < old[0]:
                best[key] = (rank, f, d, p)
    out: dict[tuple[str, str], Found] = {}
    for key in sorted(best):
        _, f, d, p = best[key]
        quoted = _quoting(d, p, f.decisive, f.subject, catalog)
        out[key] = Found(f, d, quoted, _fact_score(claim.text, d, p))
    return out


def _in_effect_claim(view: ClaimView, registry: Registry, types: Sequence[str]) -> bool:
    """Whether the claim's act is judged by the date it took effect ("has withdrawn")."""
    for t in types:
        ft = registry.facts.get(t)
        pred = date_predicate(view, ft) if ft is not None else None
        if pred is not None and pred.date_field == "date_effective":
            return True
    return False


def _fact_verdict(claim: ClaimLike, view: ClaimView, found: dict[tuple[str, str], Found],
                  registry: Registry, types: Sequence[str], as_of: date) -> VerdictValue | None:
    """Subjects with a record of the claim's act decide; a record of another act
    contradicts a claim judged by effect ("has withdrawn" where the state
    suspended) and is a note otherwise (the prose rules may still back it)."""
    in_effect = _in_effect_claim(view, registry, types)
    used = {k: v for k, v in found.items()
            if v.finding.other_act is None or in_effect}
    if not used:
        return None
    parts = []
    for k in sorted(used):
        f = used[k].finding
        if f.other_act is not None:
            f = replace(f, label=CONTRADICTED, confidence=0.8)
        parts.append((k, f))
    missing = 0
    if any(k[0] == "treaty_action" for k in used):
        # Each state the claim names is a part; a state with no record is unknown.
        named = {k[1] for k in used if k[0] == "treaty_action"}
        missing = sum(1 for c in view.countries if c not in named)
    label, qualifier, confidence = combine(
        [(f.label, f.qualifier, f.confidence) for _, f in parts], missing)
    reason = _reason_of(label, [f for _, f in parts])
    evidence = [evidence_value(used[k].doc, used[k].passage, used[k].score, f.agreements,
                               f.conflicts) for k, f in parts]
    details = "; ".join(f"{where(used[k].doc)} says {f.detail}" for k, f in parts)
    gap = f"; {missing} of the states it names have no record" if missing else ""
    if label == CORROBORATED:
        unread = _unaccounted(view, [f for _, f in parts])
        if unread:
            # The record backs the fact it holds; the claim says more than that.
            return make_verdict(claim, UNVERIFIED, "partly", "no_matching_passage", 0.6, as_of,
                                evidence, f"As of {as_of.isoformat()}, {details}; the record "
                                f"does not speak to {', '.join(unread)}")
    return make_verdict(claim, label, qualifier, reason, confidence, as_of, evidence,
                        f"As of {as_of.isoformat()}, {details}{gap}")


def _unaccounted(view: ClaimView, findings: Sequence[FactFinding]) -> list[str]:
    """Amounts and named organisations or people of the claim that no finding
    agreed on: what the typed record cannot back."""
    agreed = {a for f in findings for a in f.agreements}
    years = {d.year for d in view.slots.dates if d.year is not None}
    out = [f"‘{q.text}’" for q in view.slots.numbers
           if not q.ordinal and f"number:{q.text}" not in agreed and q.value not in years]
    out += [f"‘{e.text}’" for e in view.slots.entities
            if e.kind in ("organization", "person") and f"entity:{e.key}" not in agreed]
    return list(dict.fromkeys(out))


def _quoting(d: Doc, p: PassageValue, day: date | None, subject: str,
             catalog: EntityCatalog) -> PassageValue:
    """The fact passage, placed on the text that carries it: of the sentences,
    rows and paragraphs that state the date the judgement turned on, one that
    names the fact's subject (so a reader sees whose act it is), reading most
    like the fact, shortest; else a sentence or row stating that date; else the
    fact's own anchor."""
    if day is None:
        return p
    best: tuple[bool, float, int, int, int] | None = None
    for t in d.passages:
        if t.fact is not None or t.start < 0 or str(day.year) not in t.text:
            continue
        if day not in stated_dates(t.text):
            continue
        keys = {k for e in catalog.find(t.text, names=False) for k in catalog.expand(e.key)}
        names = subject in keys
        key = (not names, -round(coverage_score(p.text, t.text), 1), len(t.text), t.start,
               t.end)
        if t.kind == "paragraph" and not names:
            continue
        if best is None or key < best:
            best = key
    if best is None:
        return p
    return replace(p, start=best[3], end=best[4])


def _fact_score(claim_text: str, d: Doc, p: PassageValue) -> float:
    """How well the fact's rendering, or the words it was read from, cover the claim."""
    anchored = (d.doc.text or "")[p.start:p.end] if p.start >= 0 else ""
    return max(coverage_score(claim_text, p.text), coverage_score(claim_text, anchored))


def _reason_of(label: str, findings: Sequence[FactFinding]) -> str:
    for f in findings:
        if f.label == label and label != CORROBORATED:
            return f.reason
    if label == CORROBORATED:
        return "slots_agree"
    for f in findings:
        if f.label == CONTRADICTED:
            return f.reason
    return next((f.reason for f in findings if f.label == UNVERIFIED), "no_matching_passage")


def _other_acts(found: dict[tuple[str, str], Found]) -> list[Found]:
    return [found[k] for k in sorted(found) if found[k].finding.other_act is not None]


def _with_other_acts(v: VerdictValue, others: Sequence[Found]) -> VerdictValue:
    """A claim backed by a record of an announcement whose depositary records
    another act: literally right, wrong in what it implies (`misleading`)."""
    if not others:
        return v
    said = "; ".join(f"{where(o.doc)} says {o.finding.detail}" for o in others)
    extra = tuple(evidence_value(o.doc, o.passage, o.score, o.finding.agreements,
                                 o.finding.conflicts) for o in others)
    qualifier = "misleading" if v.label == CORROBORATED and v.qualifier is None else v.qualifier
    return replace(v, qualifier=qualifier, evidence=v.evidence + extra,
                   explanation=f"{v.explanation.rstrip('.')}; but {said}.")


def _with_note(v: VerdictValue, note: str) -> VerdictValue:
    return replace(v, explanation=f"{v.explanation.rstrip('.')}{note}.") if note else v


# ---------------------------------------------------------------- processes

def _with_steps(claim: ClaimLike, view: ClaimView, found: dict[tuple[str, str], Found],
                docs: Sequence[Doc], registry: Registry, catalog: EntityCatalog, as_of: date,
                act: FactType, pred: Predicate) -> dict[tuple[str, str], Found]:
    """"Initiated the process": each subject's finding becomes the one of the
    earliest formal step any primary record holds (verify.verdicts.process)."""
    out = dict(found)
    for subject, chain in sorted(steps_on_record(view, act, pred, docs, registry,
                                                 catalog).items()):
        first = chain[0]
        f = step_finding(view, subject, chain, act, pred, as_of)
        quoted = _quoting(first.doc, first.passage, first.day, subject, catalog)
        out[(act.name, subject)] = Found(f, first.doc, quoted,
                                         _fact_score(claim.text, first.doc, first.passage))
    return out


def _agent_verdict(claim: ClaimLike, view: ClaimView, primary: Sequence[Doc],
                   everything: Sequence[Doc], registry: Registry, catalog: EntityCatalog,
                   as_of: date, act: FactType, pred: Predicate, after: int
                   ) -> VerdictValue | None:
    """"Formalized by B": what B's own record shows B did, against the act named.
    None when no record of B on the act was fetched (the other rules go on)."""
    got = agent_records(view, act, pred, after, primary, registry, catalog)
    if got is None:
        return None
    name, records = got
    records = [r for r in records if r.day is None or r.day <= as_of]
    if not records:
        return None
    r = records[-1]
    day = f" on {r.day.isoformat()}" if r.day else ""
    quoted = _quoting(r.doc, r.passage, r.day, "", catalog)
    ev = [evidence_value(r.doc, quoted, _fact_score(claim.text, r.doc, r.passage),
                         (f"agent:{name}", f"step:{r.fact_type.name}"))]
    act_words = pred.action or act.name
    if r.fact_type.effect:
        return make_verdict(claim, CORROBORATED, None, "slots_agree", 0.85, as_of, ev,
                            f"As of {as_of.isoformat()}, {where(r.doc)} shows what {name} did: "
                            f"{r.what}{day}, the step by which the {act_words} takes effect")
    effect = " or ".join(effect_steps(registry)) or "another record"
    taking = []
    for d in everything:
        for p in d.passages:
            ft = registry.facts.get(str((p.fact or {}).get("type")))
            if ft is None or not ft.effect or p.fact is None:
                continue
            state = str(p.fact.get("state") or "")
            if "country:" + state.upper() in view.countries and (
                    not pred.action or p.fact.get("action") == pred.action):
                taking.append(f"{where(d)} records it ({p.text.rstrip('.')[:160]})")
                ev.append(evidence_value(d, p, _fact_score(claim.text, d, p)))
    then = f"; {taking[0]}" if taking else ""
    return make_verdict(claim, UNVERIFIED, None, "predicate_mismatch", 0.7, as_of, ev,
                        f"As of {as_of.isoformat()}, {where(r.doc)} shows what {name} did: "
                        f"{r.what}{day} — {r.fact_type.step or r.fact_type.name} is not the "
                        f"step by which the {act_words} takes effect, which is {effect}{then}")


# ---------------------------------------------------------------- quotes

def _quote_verdict(claim: ClaimLike, g: Gathered, catalog: EntityCatalog,
                   as_of: date) -> VerdictValue:
    speaker = getattr(claim, "speaker", None)
    quote = getattr(claim, "quote", None) or quoted_words(claim.text) or claim.text
    if not speaker or "anonymous_source" in claim.flags:
        return make_verdict(claim, UNVERIFIED, None, "anonymous_source", 0.9, as_of, [],
                            "The quote is given to an unnamed speaker; no record can be checked")
    refs: list[tuple[Doc, PassageValue]] = []
    texts: list[SpeakerText] = []
    for d in g.docs:
        author = getattr(d.doc, "author", None)
        transcript = bool(author) and same_person(speaker, str(author), catalog)
        for p in d.passages:
            if p.fact is not None and p.fact.get("type") == "speech":
                said = str(p.fact.get("text") or p.text)
                texts.append(SpeakerText(str(p.fact.get("speaker") or ""), said, len(refs),
                                         getattr(d.doc, "language", None)))
                refs.append((d, p))
            elif transcript and p.fact is None:
                texts.append(SpeakerText(str(author), p.text, len(refs),
                                         getattr(d.doc, "language", None)))
                refs.append((d, p))
    f = judge_quote(quote, speaker, texts, catalog,
                    quote_language=getattr(claim, "language", None) or "en")
    if f.reason == "quote_not_found" and f.ref is None:
        # the speaker's own words in another language: a translation, or the gist only
        own = [t for t in texts if same_person(speaker, t.speaker, catalog)]
        tq = translated_quote(quote, own, claim_lang(claim))
        if tq is not None:
            d, p = refs[tq.ref]
            ev = [evidence_value(d, p, 0.0, ("speaker", f"language:{tq.language}"), ()
                                 if tq.reason == "slots_agree" else ((tq.reason, tq.detail),))]
            if tq.reason == "slots_agree":
                return make_verdict(claim, CORROBORATED, "translated", "slots_agree", 0.7,
                                    as_of, ev, f"{where(d)}: {tq.detail}")
            return make_verdict(claim, UNVERIFIED, None, "paraphrase_not_quote", 0.6, as_of,
                                ev, f"{where(d)}: {tq.detail}; the quoted words are not a "
                                "translation of the record")
    if f.ref is not None:
        d, p = refs[f.ref]
        ev = [evidence_value(d, p, f.score, ("speaker",) if f.reason != "entity_mismatch" else (),
                             () if f.reason == "slots_agree" else ((f.reason, f.detail),))]
        place = where(d)
        if f.reason == "slots_agree":
            return make_verdict(claim, CORROBORATED, None, "slots_agree", 0.95, as_of, ev,
                                f"{place}: {f.detail}")
        if f.reason == "entity_mismatch":
            return make_verdict(claim, CONTRADICTED, None, "entity_mismatch", 0.7, as_of, ev,
                                f"{place}: {f.detail}")
        return make_verdict(claim, UNVERIFIED, None, "paraphrase_not_quote", 0.6, as_of, ev,
                            f"{place}: {f.detail}; the quoted words are not in the record")
    # No record of the speaker: a secondary text repeating the quote is all there is.
    wanted = fold(quote)
    for d in g.docs:
        for p in d.passages:
            if p.fact is None and p.kind == "sentence" and wanted and wanted in fold(p.text):
                ev = [evidence_value(d, p, 100.0)]
                return make_verdict(claim, UNVERIFIED, None, "secondary_source_only", 0.6,
                                    as_of, ev, f"Only {where(d)} repeats the quote; no record "
                                    f"of {speaker} was found")
    if not texts and g.unreachable:
        return make_verdict(claim, UNVERIFIED, None, "source_unreachable", 0.5, as_of, [],
                            f"No record of {speaker} could be read; unreachable: "
                            f"{', '.join(g.unreachable)}")
    return make_verdict(claim, UNVERIFIED, None, "quote_not_found", 0.6, as_of, [], f.detail)



# ---------------------------------------------------------------- the rules

def judge_claim(claim: ClaimLike, sources: Sequence[SourceDocs], *, registry: Registry,
                as_of: date, catalog: EntityCatalog | None = None,
                entail: Entail | None = None) -> VerdictValue:
    """The verdict of one claim as of a date, from the documents fetched for it.

    `sources`: one SourceDocs per source consulted (documents and unreachable
    URLs). `catalog` defaults to the registry's (built once per registry).
    `entail`: an entailment model (the signature of verify.nli.predict) for the
    prose judge; None judges by the rules alone. Typed facts never go through it.
    """
    if not claim.id:
        raise MatchError("a claim without an id cannot be judged")
    for s in sources:
        if s.role not in ("primary", "secondary"):
            raise MatchError(f"source {s.source!r} has role {s.role!r}, not primary or secondary",
                             claim=claim.id)
    catalog = catalog or catalog_for(registry)
    failed = [f"{s.source}: {line}" for s in sorted(sources, key=lambda s: s.source)
              for line in s.failed]
    if failed:
        return make_verdict(claim, UNVERIFIED, None, "fetch_failed", 0.0, as_of, [],
                            "Not judged: fetching what the claim rests on failed inside the tool "
                            f"({'; '.join(failed)}); run the same command again to retry, "
                            "the failure says nothing about the claim")
    if claim.kind == "opinion":
        return make_verdict(claim, UNVERIFIED, None, "not_checkable", 1.0, as_of, [],
                            "This is an opinion or a characterization: it is kept and shown, "
                            "but no record can make it true or false, so it is not judged")
    g = gather(sources)
    if claim.kind == "quote":
        return _quote_verdict(claim, g, catalog, as_of)
    outlets = cited_outlets(claim, registry)
    if outlets:
        # "reported by X": judged on X's reports alone (verify.verdicts.outlets)
        return outlet_verdict(claim, sources, outlets, g, registry, as_of, judge_claim,
                              catalog=catalog, entail=entail)
    slots = claim_slots(claim, catalog, as_of)
    cited = {c.source for c in claim.citations if c.source}

    # For an attribution ("X reported that …") the cited source is the record of
    # what X said, so it counts as primary for this claim.
    def authoritative(source: str, role: str) -> bool:
        return role == "primary" or (claim.kind == "attribution" and source in cited)

    primary = [d for d in g.docs if authoritative(d.source, d.role)]
    secondary = [d for d in g.docs if not authoritative(d.source, d.role)]
    down_primary = [u for s, r, u in g.unreachable_by if authoritative(s, r)]
    # What could not be read is named in every verdict that is reached without it.
    note = (f" (not reached: {', '.join(g.unreachable)})" if g.unreachable else "")
    view = view_claim(claim.text, slots, registry, catalog)
    types = fact_types_of(claim, registry)
    found = fact_findings(claim, view, primary, registry, catalog, as_of, types)
    process = process_predicate(view, registry, types)
    if process is not None:
        found = _with_steps(claim, view, found, primary, registry, catalog, as_of, *process)
    members = tuple(getattr(claim, "members", ()) or ())
    if getattr(claim, "role", None) == "count" or members:
        counted = replace(view, countries=members or view.countries)
        by_subject = {k[1]: v for k, v in found.items() if k[0] == "treaty_action"}
        if members:
            found_m = fact_findings(claim, counted, primary, registry, catalog, as_of, types)
            if process is not None:
                found_m = _with_steps(claim, counted, found_m, primary, registry, catalog,
                                      as_of, *process)
            by_subject = {k[1]: v for k, v in found_m.items() if k[0] == "treaty_action"}
        verdict = count_verdict(claim, counted.countries, claimed_count(slots), by_subject, as_of)
        if verdict is not None:
            return _with_note(verdict, note)
    agent = agent_predicate(view, registry, types)
    if agent is not None:
        verdict = _agent_verdict(claim, view, primary, g.docs, registry, catalog, as_of, *agent)
        if verdict is not None:
            return _with_note(verdict, note)
    verdict = _fact_verdict(claim, view, found, registry, types, as_of)
    if verdict is not None:
        return _with_note(verdict, note)
    others = _other_acts(found)
    # No record of the claim's act for its subject: the prose of the primary
    # documents that are not records of that kind of fact may still settle it.
    prose = [d for d in primary if not _records(d, types)]
    # Passages in another language than the claim's never reach the text judge:
    # the checks that work across languages read them (verify.verdicts.crosslang).
    own, foreign = split_languages(prose, claim_lang(claim))
    tf = text_finding(claim, slots, own, catalog, entail)
    # A word the passage has in place of the claim's ("buying" for "produce") is
    # a difference of detail when the passage agrees on the claim's amount or
    # date: partial support (below) weighs it with the rest.
    swapped = tf is not None and tf.label in (CONTRADICTED, UNVERIFIED) \
        and tf.reason == "predicate_mismatch" and not is_silence(tf)
    if tf is not None and tf.label != UNVERIFIED and not is_silence(tf) and not swapped:
        return _with_note(_with_other_acts(text_verdict(claim, tf, as_of), others), note)
    cross = crosslang_verdict(claim, slots, foreign, catalog, as_of)
    if cross is not None and cross.label != UNVERIFIED:
        return _with_note(_with_other_acts(cross, others), note)
    verdict = partial_verdict(claim, slots, view, prose, registry, catalog, types, as_of,
                              tf if swapped else None)
    if verdict is None and swapped and tf is not None:
        verdict = text_verdict(claim, tf, as_of)
    if verdict is None:
        verdict = dated_record_verdict(claim, slots, view, prose, registry, catalog, types, as_of)
    if verdict is not None:
        return _with_note(_with_other_acts(verdict, others), note)
    second = _secondary_verdict(claim, slots, view, secondary, registry, catalog, types, as_of,
                                entail)
    if second is not None:
        return _with_note(second, note)
    if "anonymous_source" in claim.flags:
        return make_verdict(claim, UNVERIFIED, None, "anonymous_source", 0.8, as_of, [],
                            "The claim rests on an unnamed source, and no record speaks to it")
    if g.unreachable and (down_primary or not primary):
        return make_verdict(claim, UNVERIFIED, None, "source_unreachable", 0.5, as_of, [],
                            f"The sources that could settle it were unreachable: "
                            f"{', '.join(g.unreachable)}")
    if not g.docs and ("unsourced" in claim.flags or not sources):
        return make_verdict(claim, UNVERIFIED, None, "unsourced", 0.7, as_of, [],
                            "The article gives no source for it and none covers it")
    if others:
        said = "; ".join(f"{where(o.doc)} says {o.finding.detail}" for o in others)
        ev = [evidence_value(o.doc, o.passage, o.score, o.finding.agreements,
                             o.finding.conflicts) for o in others]
        return _with_note(make_verdict(claim, UNVERIFIED, None, "predicate_mismatch", 0.6,
                                       as_of, ev, f"As of {as_of.isoformat()}, {said}"), note)
    if cross is not None and (tf is None or cross.evidence[0].agreements):
        # a foreign-language passage sharing the claim's numbers, dates or names
        return _with_note(cross, note)
    if tf is not None:
        # the nearest primary passage, and why it does not settle the claim
        return _with_note(text_verdict(claim, tf, as_of), note)
    spoken = speech_verdict(claim, primary, catalog, as_of)
    if spoken is not None:
        return _with_note(spoken, note)
    records = sorted({str(p.fact["type"]) for d in g.docs for p in d.passages
                      if p.fact is not None and p.fact.get("type") in types})
    if records:
        return _with_note(make_verdict(
            claim, UNVERIFIED, None, "no_matching_passage", 0.5, as_of, [],
            f"The records fetched ({', '.join(records)}) have no entry for what the claim "
            "names, and no other passage is about it"), note)
    return _with_note(make_verdict(claim, UNVERIFIED, None, "no_matching_passage", 0.5, as_of,
                                   [], "No passage of the documents fetched is about this claim"),
                      note)


def _secondary_verdict(claim: ClaimLike, slots: Slots, view: ClaimView, docs: Sequence[Doc],
                       registry: Registry, catalog: EntityCatalog, types: Sequence[str],
                       as_of: date, entail: Entail | None = None) -> VerdictValue | None:
    """What secondary sources alone would say, as `secondary_source_only`."""
    found = fact_findings(claim, view, docs, registry, catalog, as_of, types)
    second = _fact_verdict(claim, view, found, registry, types, as_of)
    if second is None:
        tf = text_finding(claim, slots, [d for d in docs if not _records(d, types)], catalog,
                          entail)
        if tf is not None and not is_silence(tf):
            second = text_verdict(claim, tf, as_of)
    if second is None or second.label == UNVERIFIED:
        return None
    said = "corroborate" if second.label == CORROBORATED else "contradict"
    return make_verdict(claim, UNVERIFIED, None, "secondary_source_only", 0.5, as_of,
                        second.evidence, f"Only secondary sources speak to it (they would "
                        f"{said} it), and no primary source backs them: "
                        f"{second.explanation.rstrip('.')}")
