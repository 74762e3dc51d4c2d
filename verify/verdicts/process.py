"""Process and agent predicates: "initiated the process of X", "X was formalized by B".

Both are declared in the registry, never named here:

- a predicate with `steps` ("initiated", "began", "started") is judged by the
  earliest formal step any primary record holds for the claim's subject: the
  act's own record (its `date_field`, the depositary's notification), or a
  record of a fact type the predicate lists (a parliament's vote on the act);
- a predicate with `agent = true` ("formalized by", "approved by") is judged
  by what the named body's own record shows it did (the record's fact type
  declares its `step` in words, the field naming who acted, `agent_field`, and
  whether its act is the step that takes effect, `effect`).

A record is of the claim's act when it names the act (the predicate's
`act_words`, else the act's fact type's words, in any language the registry
lists them in, inflected endings allowed)
and, where the claim names a treaty, that treaty. A motion that was voted down
starts nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from verify.entities import EntityCatalog
from verify.registry import FactType, Predicate, Registry
from verify.verdicts.documents import Doc, where
from verify.verdicts.facts import (
    ClaimView,
    FactFinding,
    as_day,
    country_name,
    date_fits,
    find_words,
    keys_of_name,
)
from verify.verdicts.model import CONTRADICTED, CORROBORATED, PassageValue


@dataclass(frozen=True)
class Step:
    """One formal step of a process, as a primary record holds it."""

    subject: str  # "country:XX"
    day: date
    what: str  # in words: "a chamber's vote consenting to a bill or motion: Sejm, …"
    fact_type: FactType
    doc: Doc
    passage: PassageValue


def process_predicate(view: ClaimView, registry: Registry,
                      types: Sequence[str]) -> tuple[FactType, Predicate] | None:
    """The claim's predicate that counts formal steps, with its fact type."""
    for t in types:
        ft = registry.facts.get(t)
        if ft is None:
            continue
        for p in ft.predicates:
            if p.steps and find_words(view.text, p.words):
                return ft, p
    return None


def agent_predicate(view: ClaimView, registry: Registry, types: Sequence[str]
                    ) -> tuple[FactType, Predicate, int] | None:
    """The claim's predicate naming who made the act formal, its fact type, and
    where in the claim the words end (the agent follows them)."""
    for t in types:
        ft = registry.facts.get(t)
        if ft is None:
            continue
        for p in ft.predicates:
            if p.agent:
                hits = find_words(view.text, p.words)
                if hits:
                    return ft, p, hits[0][1]
    return None


def _stems(words: Sequence[str]) -> tuple[str, ...]:
    """One-word act words cut to a stem that takes inflected endings
    ("wypowiedzenie" meets "wypowiedzeniu")."""
    out = []
    for w in words:
        w = w.casefold()
        if " " in w:
            continue
        out.append(w[: max(5, len(w) - 2)] if len(w) >= 6 else w)
    return tuple(sorted(set(out)))


def names_act(fields: Mapping[str, Any], act: FactType, pred: Predicate, view: ClaimView,
              catalog: EntityCatalog, registry: Registry) -> bool:
    """Whether a record's words are about the claim's act (the predicate's
    `act_words`, else the act's fact type's words) and its treaty, if it names one."""
    text = " ".join(str(v) for v in fields.values() if isinstance(v, str))
    low = text.casefold()
    tokens = re.findall(r"\w+", low)
    words = pred.act_words or act.words
    stems = _stems(words)
    if not (find_words(text, words) or any(t.startswith(s) for t in tokens for s in stems)):
        return False
    if not view.treaties:
        return True
    keys: set[str] = set()
    for e in catalog.find(text, names=False):
        keys |= {e.key} | set(catalog.expand(e.key)) | set(registry.entity_keys_for(e.key))
    return bool(view.treaties & keys)


def _passed(fields: Mapping[str, Any]) -> bool:
    yes, no = fields.get("yes"), fields.get("no")
    if isinstance(yes, int) and isinstance(no, int):
        return yes > no
    return True


def _record_words(ft: FactType, text: str) -> str:
    said = text.rstrip(".")
    said = said if len(said) <= 160 else said[:159].rstrip() + "…"
    return f"{ft.step or ft.name} ({said})"


def steps_on_record(view: ClaimView, act: FactType, pred: Predicate, docs: Sequence[Doc],
                    registry: Registry, catalog: EntityCatalog) -> dict[str, list[Step]]:
    """Every formal step of the claim's act per subject state, earliest first."""
    out: dict[str, list[Step]] = {}
    for d in docs:
        for p in d.passages:
            if p.fact is None:
                continue
            ft = registry.facts.get(str(p.fact.get("type")))
            if ft is None or (ft.name != act.name and ft.name not in pred.steps):
                continue
            fields = {k: v for k, v in p.fact.items() if k != "type"}
            subjects: list[str] = []
            if ft.name == act.name:
                state = fields.get("state")
                if not isinstance(state, str) or (pred.action and fields.get("action")
                                                  != pred.action):
                    continue
                if view.treaties and fields.get("treaty") not in view.keys:
                    continue
                subjects = ["country:" + state.upper()]
                day = as_day(fields.get(pred.date_field or "date"))
            else:
                who = fields.get(ft.agent_field or "") if ft.agent_field else None
                if not isinstance(who, str) or not who or not _passed(fields):
                    continue
                if not names_act(fields, act, pred, view, catalog, registry):
                    continue
                subjects = sorted(k for k in keys_of_name(who, registry, catalog)
                                  if k.startswith("country:"))
                day = as_day(fields.get("date"))
            if day is None:
                continue
            for s in subjects:
                if s in view.countries:
                    out.setdefault(s, []).append(Step(s, day, _record_words(ft, p.text),
                                                      ft, d, p))
    for s in out:
        out[s].sort(key=lambda st: (st.day, st.doc.source, st.passage.id))
    return out


def step_finding(view: ClaimView, subject: str, chain: Sequence[Step], act: FactType,
                 pred: Predicate, as_of: date) -> FactFinding:
    """What the subject's formal steps, earliest first, say of the process claim."""
    first = chain[0]
    misses = [d.text for d in view.slots.dates if not any(date_fits(d, st.day) for st in chain)]
    agreements = [f"entity:{subject}", f"step:{first.fact_type.name}"]
    agreements += [f"entity:{t}" for t in sorted(view.treaties)]
    if not misses:
        agreements += [f"date:{d.text}" for d in view.slots.dates]
    what = f"the earliest formal step on record of {country_name(subject)}'s " \
        f"{pred.action or act.name} is {first.what}"
    day = first.day.isoformat()
    if first.day > as_of:
        return FactFinding(subject, CONTRADICTED, "out_of_date", "not_in_effect_as_of", 0.85,
                           tuple(agreements), (("not_in_effect_as_of",
                                                f"{day} is after {as_of.isoformat()}"),),
                           f"{what}, only on {day}, after {as_of.isoformat()}", 3,
                           decisive=first.day)
    if misses:
        dated = ", ".join(st.day.isoformat() for st in chain)
        return FactFinding(subject, CONTRADICTED, None, "date_mismatch", 0.8, tuple(agreements),
                           (("date_mismatch", f"the claim says {', '.join(misses)}; the steps "
                             f"on record are dated {dated}"),),
                           f"{what}, on {day}, and no step is dated {', '.join(misses)}", 3,
                           decisive=first.day)
    # a later step of another kind, so a reader sees the whole process
    later = next((st for st in chain[1:] if st.fact_type.name != first.fact_type.name), None)
    then = (f"; later on record: {later.fact_type.step or later.fact_type.name} on "
            f"{later.day.isoformat()} ({where(later.doc)})" if later is not None else "")
    return FactFinding(subject, CORROBORATED, None, "slots_agree", 0.85, tuple(agreements), (),
                       f"{what}, on {day}, on or before {as_of.isoformat()}{then}", 3,
                       decisive=first.day)


@dataclass(frozen=True)
class AgentRecord:
    """What the named body's own record shows it did."""

    agent: str  # as the claim names it
    fact_type: FactType
    day: date | None
    what: str
    doc: Doc
    passage: PassageValue


def agent_records(view: ClaimView, act: FactType, pred: Predicate, after: int,
                  docs: Sequence[Doc], registry: Registry,
                  catalog: EntityCatalog) -> tuple[str, list[AgentRecord]] | None:
    """The agent the claim names after its predicate's words, and its records of the act."""
    rest = view.text[after:after + 120]
    named = sorted(catalog.find(rest, names=False), key=lambda e: e.span)
    if not named:
        return None
    agent = named[0]
    lead = rest[: agent.span[0]].strip()
    called = f"{lead} {agent.text}" if lead.casefold() in ("the", "its", "their") else agent.text
    agent_keys = {agent.key} | set(registry.entity_keys_for(agent.key))
    found: list[AgentRecord] = []
    for d in docs:
        for p in d.passages:
            if p.fact is None:
                continue
            ft = registry.facts.get(str(p.fact.get("type")))
            if ft is None or not ft.agent_field:
                continue
            fields = {k: v for k, v in p.fact.items() if k != "type"}
            who = fields.get(ft.agent_field)
            if not isinstance(who, str) or not who:
                continue
            if not agent_keys & _own_keys(who, registry, catalog):
                continue
            if ft.name == act.name:
                if pred.action and fields.get("action") != pred.action:
                    continue
            elif not names_act(fields, act, pred, view, catalog, registry) or not _passed(fields):
                continue  # another matter, or a motion voted down: no step of the act
            day = as_day(fields.get("date")) or as_day(fields.get("date_notified"))
            found.append(AgentRecord(called, ft, day, _record_words(ft, p.text), d,
                                     p))
    found.sort(key=lambda r: (r.day or date.max, r.doc.source, r.passage.id))
    return called, found


def _own_keys(who: str, registry: Registry, catalog: EntityCatalog) -> set[str]:
    """Who a record's agent field names, without what belongs to it: "NO" is
    Norway, not Norway's parliament."""
    if who in registry.entities:
        return {who} | set(registry.entity_keys_for(who))
    if re.fullmatch(r"[A-Za-z]{2}", who):
        key = "country:" + who.upper()
        return {key} | set(registry.entity_keys_for(key))
    out: set[str] = set()
    for e in catalog.find(who):
        out |= {e.key} | set(registry.entity_keys_for(e.key))
    return out


def effect_steps(registry: Registry) -> list[str]:
    """The registry's words for the records whose act takes effect."""
    return sorted({ft.step for ft in registry.facts.values() if ft.effect and ft.step})


