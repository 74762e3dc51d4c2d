"""Typed facts compared field by field with a claim, as of a date.

Which field a verb phrase is judged by comes from the registry's predicates
("have withdrawn" by `date_effective`, "initiated" by `date_notified`, "voted
overwhelmingly" by a share of the votes), never from words written here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import pycountry

from verify.entities import EntityCatalog
from verify.registry import FactType, Predicate, Registry
from verify.slots import DateSlot, Quantity, Slots
from verify.verdicts.model import CONTRADICTED, CORROBORATED, UNVERIFIED


@dataclass(frozen=True)
class FactFinding:
    """What one typed fact says of one subject of a claim."""

    subject: str  # what the claim says it of: "country:XX", a body's key, a treaty's key
    label: str
    qualifier: str | None
    reason: str
    confidence: float
    agreements: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]
    detail: str  # a plain clause for the explanation
    relevance: int  # how surely the fact is the one the claim is about; higher wins
    decisive: date | None = None  # the date of the record the judgement turned on
    # Set when the record is of another act than the claim's ("suspension" where
    # the claim says "withdrawal"): it says what the record holds instead.
    other_act: str | None = None


@dataclass(frozen=True)
class ClaimView:
    """What fact comparison needs of a claim, computed once."""

    text: str
    slots: Slots
    keys: frozenset[str]  # entity keys named, with their equivalents
    countries: tuple[str, ...]  # "country:XX" keys named, in text order
    treaties: frozenset[str]  # treaty entity keys named


# ---------------------------------------------------------------- words

# One adverb may stand inside a verb phrase: "have collectively withdrawn",
# "has formally left", "have all initiated".
_INSERT = r"(?:[^\W\d_]+ly\s+|(?:all|both|each|now|already|also|together|jointly)\s+)?"


@lru_cache(maxsize=8192)
def _word_pattern(word: str) -> re.Pattern[str]:
    parts = [re.escape(w) for w in word.casefold().split()]
    return re.compile(r"(?<![\w])" + (r"\s+" + _INSERT).join(parts) + r"(?![\w])")


def find_words(text: str, words: Sequence[str]) -> list[tuple[int, int, str]]:
    """Occurrences of the phrases in `text` (casefolded, whole words); of
    overlapping ones the longest stays ("almost unanimously" over "unanimously")."""
    low = text.casefold()
    hits = sorted(((m.start(), m.end(), w) for w in words for m in _word_pattern(w).finditer(low)),
                  key=lambda h: (-(h[1] - h[0]), h[0], h[2]))
    kept: list[tuple[int, int, str]] = []
    for h in hits:
        if all(h[1] <= k[0] or k[1] <= h[0] for k in kept):
            kept.append(h)
    return sorted(kept)


def matched_predicates(text: str, fact: FactType) -> list[tuple[int, Predicate]]:
    """(position, predicate) for every predicate whose words occur, in text order."""
    words = [w for p in fact.predicates for w in p.words]
    owner: dict[str, Predicate] = {}
    for p in fact.predicates:
        for w in p.words:
            owner.setdefault(w.casefold(), p)
    out: list[tuple[int, Predicate]] = []
    seen: set[str] = set()
    for start, _end, w in find_words(text, words):
        p = owner[w.casefold()]
        if p.name not in seen:
            seen.add(p.name)
            out.append((start, p))
    return out


def claim_fact_types(text: str, registry: Registry) -> tuple[str, ...]:
    """The fact types whose words (or predicates' words) the claim uses."""
    out = []
    for name, ft in sorted(registry.facts.items()):
        words = list(ft.words) + [w for p in ft.predicates for w in p.words]
        if find_words(text, words):
            out.append(name)
    return tuple(out)


# ---------------------------------------------------------------- values

def as_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date_fits(slot: DateSlot, day: date) -> bool:
    """A partial date compares only what it has: "June 29" fits 2025-06-29."""
    parts = ((slot.year, day.year), (slot.month, day.month), (slot.day, day.day))
    given = [(a, b) for a, b in parts if a is not None]
    return bool(given) and all(a == b for a, b in given)


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def view_claim(text: str, slots: Slots, registry: Registry,
               catalog: EntityCatalog) -> ClaimView:
    keys: set[str] = set()
    named: list[str] = []
    resolved: list[str] = []  # "these nations" resolved by the claims stage to a list
    treaties: set[str] = set()
    literal = {(e.key, e.span) for e in catalog.find(text, names=False)}
    for e in slots.entities:
        expanded = set(registry.entity_keys_for(e.key)) | set(catalog.expand(e.key))
        keys |= expanded
        if e.kind == "country" and e.key.startswith("country:"):
            target = named if (e.key, e.span) in literal else resolved
            if e.key not in target:
                target.append(e.key)
        if e.kind == "treaty":
            treaties.add(e.key)
    # The states a claim is about are those it names; a group phrase stands in
    # only when it names none ("the withdrawal of these nations").
    countries = named or resolved
    return ClaimView(text, slots, frozenset(keys), tuple(countries), frozenset(treaties))


def keys_of_name(name: str, registry: Registry, catalog: EntityCatalog) -> frozenset[str]:
    """Registry keys and catalog keys a field value (a key or a name) stands for."""
    out: set[str] = set()
    if name in registry.entities:
        out |= registry.entity_keys_for(name) | catalog.expand(name)
    if re.fullmatch(r"[A-Za-z]{2}", name):
        out |= catalog.expand("country:" + name.upper()) | {"country:" + name.upper()}
    for e in catalog.find(name):
        out |= {e.key} | catalog.expand(e.key)
    return frozenset(out)


# ---------------------------------------------------------------- per type

def compare_fact(claim: ClaimView, fact_type: FactType, fields: Mapping[str, Any],
                 as_of: date, registry: Registry, catalog: EntityCatalog) -> FactFinding | None:
    """What the fact says of the claim, or None when it is not about the claim."""
    if fact_type.name == "treaty_action":
        return _treaty_action(claim, fact_type, fields, as_of)
    if fact_type.name == "treaty_status":
        return _treaty_status(claim, fields, as_of)
    if fact_type.name == "vote":
        return _vote(claim, fact_type, fields, as_of, registry, catalog)
    return None  # speech is judged by verify.verdicts.quotes; others have no rule yet


def date_predicate(claim: ClaimView, fact_type: FactType) -> Predicate | None:
    """The first predicate in the claim's words that names a date field."""
    for _pos, p in matched_predicates(claim.text, fact_type):
        if p.date_field:
            return p
    return None


def _mentions_action(text: str, action: str) -> bool:
    stem = action.casefold()[:5]
    return len(stem) >= 5 and any(w.startswith(stem) for w in re.findall(r"\w+", text.casefold()))


def _treaty_action(claim: ClaimView, fact_type: FactType, fields: Mapping[str, Any],
                   as_of: date) -> FactFinding | None:
    state = fields.get("state")
    if not isinstance(state, str) or not state:
        return None
    subject = "country:" + state.upper()
    if subject not in claim.countries:
        return None
    treaty = fields.get("treaty")
    if claim.treaties and treaty not in claim.keys:
        return None
    action = str(fields.get("action") or "")
    pred = date_predicate(claim, fact_type)
    if pred is not None and pred.action and pred.action != action:
        return _other_act(subject, pred, action, fields, as_of)
    if pred is None and not _mentions_action(claim.text, action):
        return None
    agreements = [f"entity:{subject}", f"action:{action}"]
    if treaty and treaty in claim.keys:
        agreements.append(f"entity:{treaty}")
    field = pred.date_field if pred is not None and pred.date_field else "date"
    day = as_day(fields.get(field))
    conflicts: list[tuple[str, str]] = []
    for d in claim.slots.dates:
        if day is None:
            continue
        if date_fits(d, day):
            agreements.append(f"date:{d.text}")
        else:
            conflicts.append(("date_mismatch", f"the claim says {d.text!r}; the record gives "
                                               f"{field} {day.isoformat()}"))
    what = f"{country_name(subject)}'s {action}"
    if pred is None and (day is None or day > as_of):
        return FactFinding(subject, UNVERIFIED, None, "no_matching_passage", 0.5,
                           tuple(agreements), (),
                           f"the record of {what} is not dated on or before "
                           f"{as_of.isoformat()}, and the claim asserts something else of it",
                           2, decisive=day)
    if day is None:
        return FactFinding(subject, UNVERIFIED, None, "not_in_effect_as_of", 0.5,
                           tuple(agreements), tuple(conflicts),
                           f"the record of {what} gives no {field}", 2, decisive=day)
    if day > as_of:
        notified = as_day(fields.get("date_notified"))
        since = (f"was notified on {notified.isoformat()} but " if notified and notified <= as_of
                 and field != "date_notified" else "")
        conflicts.insert(0, ("not_in_effect_as_of", f"{field} {day.isoformat()} is after "
                                                    f"{as_of.isoformat()}"))
        return FactFinding(subject, CONTRADICTED, "out_of_date", "not_in_effect_as_of", 0.85,
                           tuple(agreements), tuple(conflicts),
                           f"{what} {since}{_field_words(field, future=True)} on "
                           f"{day.isoformat()}, after {as_of.isoformat()}", 3, decisive=day)
    if conflicts:
        return FactFinding(subject, CONTRADICTED, None, "date_mismatch", 0.85,
                           tuple(agreements), tuple(conflicts),
                           f"{what} {_field_words(field)} on {day.isoformat()}, not on the "
                           "date the claim gives", 3, decisive=day)
    if pred is None:
        # The claim names the act ("the withdrawal of X …") but asserts something
        # else of it: the record backs what it presupposes, never what it says, so
        # it can leave the claim partly backed but cannot contradict it.
        return FactFinding(subject, UNVERIFIED, "partly", "predicate_mismatch", 0.6,
                           tuple(agreements), (),
                           f"{what} is on record ({day.isoformat()}); what the claim says of "
                           "it is not", 3, decisive=day)
    return FactFinding(subject, CORROBORATED, None, "slots_agree", 0.9, tuple(agreements), (),
                       f"{what} {_field_words(field)} on {day.isoformat()}, on or before "
                       f"{as_of.isoformat()}", 3, decisive=day)


def _other_act(subject: str, pred: Predicate, action: str, fields: Mapping[str, Any],
               as_of: date) -> FactFinding | None:
    """The record holds another act of the state on the treaty than the claim's
    (a suspension where the claim says withdrawal), notified on or before the date."""
    notified = as_day(fields.get("date_notified")) or as_day(fields.get("date"))
    if not action or notified is None or notified > as_of:
        return None
    effective = as_day(fields.get("date_effective"))
    took = (f", in effect from {effective.isoformat()}" if effective and effective <= as_of
            else "")
    detail = (f"the record gives {country_name(subject)}'s {action}, notified on "
              f"{notified.isoformat()}{took}, and no {pred.action}")
    return FactFinding(subject, UNVERIFIED, None, "predicate_mismatch", 0.7,
                       (f"entity:{subject}",), (("predicate_mismatch", detail),), detail, 1,
                       decisive=notified, other_act=action)


def _field_words(field: str, future: bool = False) -> str:
    words = {"date_effective": ("took effect", "only takes effect"),
             "date_notified": ("was notified", "is only notified")}
    pair = words.get(field, (f"is dated ({field})", f"is only dated ({field})"))
    return pair[1] if future else pair[0]


def country_name(key: str) -> str:
    """ "country:NO" -> "Norway" (pycountry's English name), else the key."""
    code = key.split(":", 1)[1] if key.startswith("country:") else key
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return str(getattr(found, "common_name", None) or found.name) if found else key


def _treaty_status(claim: ClaimView, fields: Mapping[str, Any], as_of: date) -> FactFinding | None:
    treaty = fields.get("treaty")
    if claim.treaties and treaty not in claim.keys:
        return None
    subject = str(treaty or "treaty")
    day = as_day(fields.get("entry_into_force"))
    if day is None:
        return None
    agreements: list[str] = [f"entity:{treaty}"] if treaty in claim.keys else []
    conflicts: list[tuple[str, str]] = []
    for d in claim.slots.dates:
        if date_fits(d, day):
            agreements.append(f"date:{d.text}")
        else:
            conflicts.append(("date_mismatch", f"the claim says {d.text!r}; the record gives "
                                               f"entry into force {day.isoformat()}"))
    fits = any(a.startswith("date:") for a in agreements)
    if conflicts and not fits:
        return FactFinding(subject, CONTRADICTED, None, "date_mismatch", 0.9, tuple(agreements),
                           tuple(conflicts), f"the treaty entered into force on "
                                             f"{day.isoformat()}, not as the claim dates it", 3,
                           decisive=day)
    if day > as_of:
        return FactFinding(subject, CONTRADICTED, "out_of_date", "not_in_effect_as_of", 0.85,
                           tuple(agreements), (("not_in_effect_as_of", day.isoformat()),),
                           f"entry into force is {day.isoformat()}, after {as_of.isoformat()}", 3,
                           decisive=day)
    return FactFinding(subject, CORROBORATED, None, "slots_agree", 0.9, tuple(agreements), (),
                       f"the record gives entry into force on {day.isoformat()}", 3, decisive=day)


# ---------------------------------------------------------------- votes

_SIDES = ("yes", "no", "abstain", "not_participating")
# Words after a count that say which side it counts (English, Polish, Russian).
_SIDE_AFTER = (
    ("yes", re.compile(r"^\s*(?:votes?\s+)?(?:for\b|in\s+favou?r|yes\b|ayes?\b|za\b|за\b)", re.I)),
    ("no", re.compile(r"^\s*(?:votes?\s+)?(?:against|no\b|nays?\b|przeciw|против)", re.I)),
    ("abstain", re.compile(r"^\s*(?:\w+\s+)?(?:abstain|abstention|wstrzym|воздерж)", re.I)),
    ("not_participating", re.compile(r"^\s*(?:\w+\s+)?(?:did\s+not\s+vote|not\s+vot|absent)",
                                     re.I)),
)


def _side_of(text: str, q: Quantity) -> str | None:
    tail = text[q.span[1]:q.span[1] + 40]
    for side, pat in _SIDE_AFTER:
        if pat.search(tail):
            return side
    return None


def _vote(claim: ClaimView, fact_type: FactType, fields: Mapping[str, Any], as_of: date,
          registry: Registry, catalog: EntityCatalog) -> FactFinding | None:
    body = str(fields.get("body") or "")
    body_keys = keys_of_name(body, registry, catalog) if body else frozenset()
    named = claim.keys & body_keys
    if not named:
        return None
    relevance = 2 if any(not k.startswith("country:") for k in named) else 1
    # The motion: names the claim gives beyond the body and its country must be
    # in the vote's title or topic, else it is another vote of the same body.
    topic = " ".join(str(fields.get(k) or "") for k in ("title", "topic"))
    topic_keys = {k for e in catalog.find(topic, names=False) for k in catalog.expand(e.key)}
    topic_keys |= {k for e in catalog.find(topic, names=False) for k in
                   registry.entity_keys_for(e.key)}
    others = {e.key for e in claim.slots.entities
              if e.key not in body_keys and e.kind in ("treaty", "other", "organization")}
    if others:
        if not others & topic_keys:
            return None
        relevance += 2
    counts = {s: _count(fields.get(s)) for s in _SIDES}
    cast = sum(counts[s] or 0 for s in ("yes", "no", "abstain"))
    agreements = [f"entity:{k}" for k in sorted(named)]
    conflicts: list[tuple[str, str]] = []
    shortfalls: list[tuple[str, str]] = []
    day = as_day(fields.get("date"))
    for d in claim.slots.dates:
        if day is None:
            continue
        if date_fits(d, day):
            agreements.append(f"date:{d.text}")
            relevance += 1
        else:
            conflicts.append(("date_mismatch", f"the claim says {d.text!r}; the vote was on "
                                               f"{day.isoformat()}"))
    preds = [p for _pos, p in matched_predicates(claim.text, fact_type)]
    direction = next((p.action for p in preds if p.share is None and p.action), None)
    yes, no = counts["yes"], counts["no"]
    if direction in ("yes", "no") and yes is not None and no is not None:
        lead, other = (yes, no) if direction == "yes" else (no, yes)
        if lead > other:
            agreements.append(f"vote:{direction}")
        else:
            conflicts.append(("number_mismatch", f"the record counts {yes} for and {no} against"))
    for p in preds:
        if p.share is None:
            continue
        leading = direction or p.action or "yes"
        got = counts.get(leading)
        if got is None or cast == 0:
            continue
        share = got / cast
        if share >= p.share:
            agreements.append(f"share:{leading}>={p.share:g}")
        else:
            shortfalls.append(("number_mismatch", f"{got} of {cast} votes cast ({share:.0%}) is "
                                                  f"below the {p.share:.0%} that "
                                                  f"{p.name!r} claims"))
    for q in claim.slots.numbers:
        money = q.unit is not None and q.unit not in ("votes", "%") and q.unit.isupper()
        if q.ordinal or money:
            continue  # ranks and sums of money are not vote counts
        if q.unit == "%":
            if cast and counts["yes"] is not None:
                pct = 100.0 * counts["yes"] / cast
                if abs(pct - q.value) <= (2.0 if q.approximate else 1.0):
                    agreements.append(f"number:{q.text}")
                else:
                    conflicts.append(("number_mismatch", f"the claim says {q.text!r}; the record "
                                                         f"gives {pct:.1f}% for"))
            continue
        side = _side_of(claim.text, q)
        candidates = [side] if side is not None else [s for s in _SIDES if counts[s] is not None]
        values = {counts[s] for s in candidates if counts.get(s) is not None}
        if side is None and cast:
            values.add(cast)
        if not values:
            continue
        if any(_number_meets(q, v) for v in values if v is not None):
            agreements.append(f"number:{q.text}")
        else:
            said = f"{side} " if side else ""
            conflicts.append(("number_mismatch", f"the claim says {q.text!r} {said}votes; the "
                                                 f"record counts {_counts_text(counts)}"))
    title = str(fields.get("title") or fields.get("topic") or "the vote")[:80]
    detail = f"the record of {title!r} ({_counts_text(counts)})"
    if day is not None and day > as_of:
        return FactFinding(body, CONTRADICTED, "out_of_date", "not_in_effect_as_of", 0.8,
                           tuple(agreements), (("not_in_effect_as_of", day.isoformat()),),
                           f"the vote was held on {day.isoformat()}, after "
                           f"{as_of.isoformat()}", relevance, decisive=day)
    if conflicts:
        qualifier = "partly" if any(a.startswith(("vote:", "number:")) for a in agreements) \
            else None
        return FactFinding(body, CONTRADICTED, qualifier, conflicts[0][0], 0.85,
                           tuple(agreements), tuple(conflicts + shortfalls),
                           f"{detail}: {conflicts[0][1]}", relevance, decisive=day)
    if shortfalls:
        # Right way, wrong size: true in letter, wrong in what "overwhelmingly" implies.
        return FactFinding(body, CONTRADICTED, "misleading", "number_mismatch", 0.75,
                           tuple(agreements), tuple(shortfalls),
                           f"{detail}: {shortfalls[0][1]}", relevance, decisive=day)
    return FactFinding(body, CORROBORATED, None, "slots_agree", 0.9, tuple(agreements), (),
                       detail + (f" on {day.isoformat()}" if day else ""), relevance, decisive=day)


def _number_meets(q: Quantity, value: int) -> bool:
    if q.bound == "min":
        return value >= q.value
    if q.bound == "max":
        return value <= q.value
    if q.approximate:
        return abs(value - q.value) <= 0.1 * max(q.value, 1.0)
    return value == q.value


def _counts_text(counts: Mapping[str, int | None]) -> str:
    words = {"yes": "for", "no": "against", "abstain": "abstaining",
             "not_participating": "not voting"}
    return ", ".join(f"{v} {words[s]}" for s, v in counts.items() if v is not None)
