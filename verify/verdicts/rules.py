"""The verdict rules: one claim, the documents fetched for it, a date ⇒ one verdict.

Order: opinions are kept but not judged; quotes need the speaker's own record;
typed facts from primary sources are compared field by field; then the text of
primary sources through the evidence matcher; secondary sources alone can only
say `secondary_source_only`; then why nothing was found. Same inputs give the
same verdict, byte for byte: every collection is sorted, nothing reads a clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from verify.entities import EntityCatalog, build_catalog
from verify.errors import MatchError
from verify.evidence import PassageIndex, PassageText, coverage_score, judge
from verify.registry import Registry
from verify.slots import EntityRef, Slots, extract_slots
from verify.verdicts.anchors import select
from verify.verdicts.facts import (
    ClaimView,
    FactFinding,
    claim_fact_types,
    compare_fact,
    view_claim,
)
from verify.verdicts.model import (
    CONTRADICTED,
    CORROBORATED,
    UNVERIFIED,
    ClaimLike,
    DocumentLike,
    EvidenceValue,
    PassageValue,
    SourceDocs,
    VerdictValue,
)
from verify.verdicts.parents import combine
from verify.verdicts.passages import passages_for, snapshot_key_of
from verify.verdicts.quotes import SpeakerText, fold, judge_quote, quoted_words, same_person

_OK_STATUSES = frozenset({"ok", "not_modified"})
# The matcher's verdicts that rest on what a passage lacks, not on a rival value.
_ABSENCE_REASONS = frozenset({"predicate_mismatch", "entity_mismatch"})
_ABSENT = "the passage lacks"
# Passages the index hands to the text judge per claim.
TEXT_CANDIDATES = 8


@dataclass(frozen=True)
class _Doc:
    source: str
    role: str
    doc: DocumentLike
    passages: tuple[PassageValue, ...]

    @property
    def reconstructed(self) -> bool:
        return bool(getattr(self.doc.fetched, "reconstructed", False))


@dataclass(frozen=True)
class _Gathered:
    docs: tuple[_Doc, ...]
    unreachable: tuple[str, ...]  # URLs


_CATALOGS: dict[int, tuple[Registry, EntityCatalog]] = {}


def catalog_for(registry: Registry) -> EntityCatalog:
    """The entity catalog of a registry (countries plus its entities), built once."""
    hit = _CATALOGS.get(id(registry))
    if hit is not None and hit[0] is registry:
        return hit[1]
    if len(_CATALOGS) >= 4:
        _CATALOGS.clear()
    catalog = build_catalog(registry)
    _CATALOGS[id(registry)] = (registry, catalog)
    return catalog


def _usable(doc: DocumentLike) -> bool:
    status = str(getattr(doc.fetched, "status", "ok") or "ok")
    return status in _OK_STATUSES and not getattr(doc, "parse_error", None)


def gather(sources: Sequence[SourceDocs]) -> _Gathered:
    """Usable documents with their passages, in a stable order; unreachable URLs."""
    docs: list[_Doc] = []
    unreachable: set[str] = set()
    for s in sorted(sources, key=lambda s: (s.source, s.role)):
        unreachable.update(s.unreachable)
        for d in s.documents:
            if not _usable(d):
                unreachable.add(d.ref.url)
                continue
            key = snapshot_key_of(d)
            # Cut exactly as the store cuts (no language), so passage ids match its rows.
            docs.append(_Doc(s.source, s.role, d, passages_for(key, d.text or "",
                                                               tuple(d.facts))))
    docs.sort(key=lambda x: (x.source, x.doc.ref.url, snapshot_key_of(x.doc)))
    return _Gathered(tuple(docs), tuple(sorted(unreachable)))


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


# ---------------------------------------------------------------- evidence values

def evidence_value(d: _Doc, p: PassageValue, score: float, agreements: Sequence[str] = (),
                   conflicts: Sequence[tuple[str, str]] = ()) -> EvidenceValue:
    text = d.doc.text or ""
    if p.start >= 0 and p.end <= len(text):
        sel = select(text, p.start, p.end)
        exact, prefix, suffix = sel.exact, sel.prefix, sel.suffix
    else:
        exact, prefix, suffix = p.text, "", ""
    return EvidenceValue(
        passage_id=p.id, source=d.source, url=d.doc.ref.url,
        snapshot_sha256=d.doc.fetched.payload_sha256, reconstructed=d.reconstructed,
        exact=exact, prefix=prefix, suffix=suffix, start=p.start, end=p.end,
        score=round(score, 4), agreements=tuple(agreements), conflicts=tuple(conflicts))


def _where(d: _Doc) -> str:
    title = d.doc.title or d.doc.ref.url
    rebuilt = ", a rebuilt copy" if d.reconstructed else ""
    return f"{d.source} ({d.role}{rebuilt}: {title})"


def _verdict(claim: ClaimLike, label: str, qualifier: str | None, reason: str,
             confidence: float, as_of: date, evidence: Sequence[EvidenceValue],
             explanation: str) -> VerdictValue:
    sentence = explanation.strip()
    if not sentence.endswith("."):
        sentence += "."
    return VerdictValue(claim.id, label, qualifier, reason, round(confidence, 3), as_of,
                        tuple(evidence), sentence[:1].upper() + sentence[1:])


# ---------------------------------------------------------------- typed facts

def fact_types_of(claim: ClaimLike, registry: Registry) -> tuple[str, ...]:
    """The fact types a claim is about: the claims stage's, else by the registry's words."""
    given = tuple(getattr(claim, "fact_types", ()) or ())
    return tuple(sorted(given)) if given else claim_fact_types(claim.text, registry)


def _records(d: _Doc, types: Sequence[str]) -> bool:
    return any(p.fact is not None and p.fact.get("type") in types for p in d.passages)


def _fact_verdict(claim: ClaimLike, view: ClaimView, docs: Sequence[_Doc], registry: Registry,
                  catalog: EntityCatalog, as_of: date) -> VerdictValue | None:
    types = fact_types_of(claim, registry)
    best: dict[tuple[str, str], tuple[FactFinding, _Doc, PassageValue]] = {}
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
            key = (ft.name, f.subject)
            old = best.get(key)
            rank = (-f.relevance, -len(f.agreements), d.source, p.id)
            if old is None or rank < (-old[0].relevance, -len(old[0].agreements),
                                      old[1].source, old[2].id):
                best[key] = (f, d, p)
    if not best:
        return None
    found = [best[k] for k in sorted(best)]
    missing = 0
    if any(k[0] == "treaty_action" for k in best):
        # Each state the claim names is a part; a state with no record is unknown.
        named = {k[1] for k in best if k[0] == "treaty_action"}
        missing = sum(1 for c in view.countries if c not in named)
    label, qualifier, confidence = combine(
        [(f.label, f.qualifier, f.confidence) for f, _, _ in found], missing)
    reason = _reason_of(label, [f for f, _, _ in found])
    evidence = [evidence_value(d, _quoting(d, p, f.decisive), _fact_score(claim.text, d, p),
                               f.agreements, f.conflicts) for f, d, p in found]
    details = "; ".join(f"{_where(d)} says {f.detail}" for f, d, _ in found)
    gap = f"; {missing} of the states it names have no record" if missing else ""
    return _verdict(claim, label, qualifier, reason, confidence, as_of, evidence,
                    f"As of {as_of.isoformat()}, {details}{gap}")


def _quoting(d: _Doc, p: PassageValue, day: date | None) -> PassageValue:
    """The fact passage, placed on the sentence or row of its snapshot that states
    the date the judgement turned on (the fact's own anchor when none does)."""
    if day is None:
        return p
    best: tuple[float, int, int] | None = None
    for t in d.passages:
        if t.fact is not None or t.kind == "paragraph" or str(day.year) not in t.text:
            continue
        if not any(s.as_date() == day for s in extract_slots(t.text).dates):
            continue
        key = (-coverage_score(p.text, t.text), t.start, t.end)
        if best is None or key < best:
            best = key
    if best is None:
        return p
    return replace(p, start=best[1], end=best[2])


def _fact_score(claim_text: str, d: _Doc, p: PassageValue) -> float:
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


# ---------------------------------------------------------------- text

def _text_judgement(claim: ClaimLike, slots: Slots, docs: Sequence[_Doc],
                    catalog: EntityCatalog) -> tuple[str, str | None, str, float, _Doc,
                                                     PassageValue, float, str] | None:
    pool: dict[str, tuple[_Doc, PassageValue]] = {}
    for d in docs:
        for p in d.passages:
            if p.kind != "paragraph":
                pool[p.id] = (d, p)
    if not pool:
        return None
    index = PassageIndex.build(PassageText(pid, pool[pid][1].text) for pid in sorted(pool))
    try:
        hits = index.search(claim.text, k=TEXT_CANDIDATES)
    finally:
        index.close()
    if not hits:
        return None
    chosen = [pool[pid] for pid, _ in hits]
    texts = [p.text for _, p in chosen]
    pslots = [extract_slots(p.text, lang=getattr(d.doc, "language", None), catalog=catalog)
              for d, p in chosen]
    j = judge(claim.text, texts, claim_slots=slots, evidence_slots=pslots)
    if j.evidence_index is None:
        return None
    d, p = chosen[j.evidence_index]
    return j.label, j.qualifier, j.reason, j.confidence, d, p, j.score, j.detail


def _text_verdict(claim: ClaimLike, slots: Slots, docs: Sequence[_Doc], catalog: EntityCatalog,
                  as_of: date) -> VerdictValue | None:
    found = _text_judgement(claim, slots, docs, catalog)
    if found is None:
        return None
    label, qualifier, reason, confidence, d, p, score, detail = found
    if label == CONTRADICTED and reason in _ABSENCE_REASONS and detail.startswith(_ABSENT):
        # The matcher calls a passage that lacks much of the claim "something
        # else"; a verdict needs a rival value, so a passage that is merely
        # silent leaves the claim unverified (and is shown as the nearest).
        ev = evidence_value(d, p, score, (), ((reason, detail),))
        return _verdict(claim, UNVERIFIED, None, "no_matching_passage", 0.5, as_of, [ev],
                        f"The nearest passage, in {_where(d)}, does not say it: {detail}")
    conflicts = ((reason, detail),) if label == CONTRADICTED else ()
    ev = evidence_value(d, p, score, (), conflicts)
    verb = {CORROBORATED: "agrees with", CONTRADICTED: "contradicts"}.get(label, "speaks to")
    return _verdict(claim, label, qualifier, reason, confidence, as_of, [ev],
                    f"{_where(d)} {verb} the claim: {detail}")


# ---------------------------------------------------------------- quotes

def _quote_verdict(claim: ClaimLike, g: _Gathered, catalog: EntityCatalog,
                   as_of: date) -> VerdictValue:
    speaker = getattr(claim, "speaker", None)
    quote = getattr(claim, "quote", None) or quoted_words(claim.text) or claim.text
    if not speaker or "anonymous_source" in claim.flags:
        return _verdict(claim, UNVERIFIED, None, "anonymous_source", 0.9, as_of, [],
                        "The quote is given to an unnamed speaker; no record can be checked")
    refs: list[tuple[_Doc, PassageValue]] = []
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
    if f.ref is not None:
        d, p = refs[f.ref]
        ev = [evidence_value(d, p, f.score, ("speaker",) if f.reason != "entity_mismatch" else (),
                             () if f.reason == "slots_agree" else ((f.reason, f.detail),))]
        where = _where(d)
        if f.reason == "slots_agree":
            return _verdict(claim, CORROBORATED, None, "slots_agree", 0.95, as_of, ev,
                            f"{where}: {f.detail}")
        if f.reason == "entity_mismatch":
            return _verdict(claim, CONTRADICTED, None, "entity_mismatch", 0.7, as_of, ev,
                            f"{where}: {f.detail}")
        return _verdict(claim, UNVERIFIED, None, "paraphrase_not_quote", 0.6, as_of, ev,
                        f"{where}: {f.detail}; the quoted words are not in the record")
    # No record of the speaker: a secondary text repeating the quote is all there is.
    wanted = fold(quote)
    for d in g.docs:
        for p in d.passages:
            if p.fact is None and p.kind == "sentence" and wanted and wanted in fold(p.text):
                ev = [evidence_value(d, p, 100.0)]
                return _verdict(claim, UNVERIFIED, None, "secondary_source_only", 0.6, as_of, ev,
                                f"Only {_where(d)} repeats the quote; no record of {speaker} "
                                "was found")
    if not texts and g.unreachable:
        return _verdict(claim, UNVERIFIED, None, "source_unreachable", 0.5, as_of, [],
                        f"No record of {speaker} could be read; unreachable: "
                        f"{', '.join(g.unreachable)}")
    return _verdict(claim, UNVERIFIED, None, "quote_not_found", 0.6, as_of, [], f.detail)


# ---------------------------------------------------------------- the rules

def judge_claim(claim: ClaimLike, sources: Sequence[SourceDocs], *, registry: Registry,
                as_of: date, catalog: EntityCatalog | None = None) -> VerdictValue:
    """The verdict of one claim as of a date, from the documents fetched for it.

    `sources`: one SourceDocs per source consulted (documents and unreachable
    URLs). `catalog` defaults to the registry's (built once per registry).
    """
    if not claim.id:
        raise MatchError("a claim without an id cannot be judged")
    for s in sources:
        if s.role not in ("primary", "secondary"):
            raise MatchError(f"source {s.source!r} has role {s.role!r}, not primary or secondary",
                             claim=claim.id)
    catalog = catalog or catalog_for(registry)
    if claim.kind == "opinion":
        return _verdict(claim, UNVERIFIED, None, "not_checkable", 1.0, as_of, [],
                        "This is an opinion or a characterization: it is kept and shown, but "
                        "no record can make it true or false, so it is not judged")
    g = gather(sources)
    if claim.kind == "quote":
        return _quote_verdict(claim, g, catalog, as_of)
    slots = claim_slots(claim, catalog, as_of)
    cited = {c.source for c in claim.citations if c.source}
    # For an attribution ("X reported that …") the cited source is the record of
    # what X said, so it counts as primary for this claim.
    def authoritative(d: _Doc) -> bool:
        return d.role == "primary" or (claim.kind == "attribution" and d.source in cited)

    primary = [d for d in g.docs if authoritative(d)]
    secondary = [d for d in g.docs if not authoritative(d)]
    view = view_claim(claim.text, slots, registry, catalog)
    verdict = _fact_verdict(claim, view, primary, registry, catalog, as_of)
    if verdict is not None:
        return verdict
    # A document that carries typed facts of the claim's kind is a structured
    # record: its text is the same data without the dates' meaning, so the
    # prose judge (which knows no predicates and no time) does not read it.
    types = fact_types_of(claim, registry)
    prose = [d for d in primary if not _records(d, types)]
    verdict = _text_verdict(claim, slots, prose, catalog, as_of)
    if verdict is not None and verdict.label != UNVERIFIED:
        return verdict
    second = (_fact_verdict(claim, view, secondary, registry, catalog, as_of)
              or _text_verdict(claim, slots, [d for d in secondary if not _records(d, types)],
                               catalog, as_of))
    if second is not None and second.label != UNVERIFIED:
        said = "corroborate" if second.label == CORROBORATED else "contradict"
        return _verdict(claim, UNVERIFIED, None, "secondary_source_only", 0.5, as_of,
                        second.evidence, f"Only secondary sources speak to it (they would "
                        f"{said} it), and no primary source backs them: "
                        f"{second.explanation.rstrip('.')}")
    if "anonymous_source" in claim.flags:
        return _verdict(claim, UNVERIFIED, None, "anonymous_source", 0.8, as_of, [],
                        "The claim rests on an unnamed source, and no record speaks to it")
    if g.unreachable:
        return _verdict(claim, UNVERIFIED, None, "source_unreachable", 0.5, as_of, [],
                        f"The sources that could settle it were unreachable: "
                        f"{', '.join(g.unreachable)}")
    if not g.docs and ("unsourced" in claim.flags or not sources):
        return _verdict(claim, UNVERIFIED, None, "unsourced", 0.7, as_of, [],
                        "The article gives no source for it and none covers it")
    if verdict is not None and verdict.evidence:
        return verdict  # the nearest primary passage, and why it does not settle the claim
    records = sorted({str(p.fact["type"]) for d in g.docs for p in d.passages
                      if p.fact is not None and p.fact.get("type") in types})
    if records:
        return _verdict(claim, UNVERIFIED, None, "no_matching_passage", 0.5, as_of, [],
                        f"The records fetched ({', '.join(records)}) have no entry for what the "
                        "claim names, and no other passage is about it")
    return _verdict(claim, UNVERIFIED, None, "no_matching_passage", 0.5, as_of, [],
                    "No passage of the documents fetched is about this claim")
