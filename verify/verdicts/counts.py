"""Count claims ("Five countries have withdrawn …"): the claimed number against the records.

A count claim (role "count" from the claims stage) says that N states do
something. It is judged by how many of the states it counts have a record that
backs the predicate as of the date: all of them, corroborated; fewer because
some acts take effect later, contradicted `out_of_date`; fewer because a record
says otherwise, contradicted; fewer because some have no record, unverified.
The explanation gives the count in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from verify.slots import Quantity, Slots
from verify.verdicts.documents import Doc, evidence_value, make_verdict
from verify.verdicts.facts import FactFinding, country_name
from verify.verdicts.model import (
    CONTRADICTED,
    CORROBORATED,
    UNVERIFIED,
    ClaimLike,
    PassageValue,
    VerdictValue,
)


@dataclass(frozen=True)
class Found:
    """One subject's best typed fact: the finding, its document, its quoted passage."""

    finding: FactFinding
    doc: Doc
    passage: PassageValue
    score: float


def claimed_count(slots: Slots) -> Quantity | None:
    """The number a count claim states: its first number that is not a rank, a
    share or a sum of money (their units are "%" and upper-case currency codes;
    a count's "unit" is the word after it: "countries", "northern", …)."""
    return next((q for q in slots.numbers if not q.ordinal
                 and (q.unit is None or (q.unit != "%" and not q.unit.isupper()))), None)


def _names(keys: Sequence[str]) -> str:
    names = [country_name(k) for k in keys]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def count_verdict(claim: ClaimLike, members: Sequence[str], count: Quantity | None,
                  found: Mapping[str, Found], as_of: date) -> VerdictValue | None:
    """The verdict of a count claim over its members' findings (by subject key),
    or None when no member has a record (the caller goes on to other rules)."""
    if not members or not any(m in found for m in members):
        return None
    n = int(count.value) if count is not None else len(members)
    holds = [m for m in members if m in found and found[m].finding.label == CORROBORATED
             and found[m].finding.qualifier is None]
    later = [m for m in members if m in found and found[m].finding.reason == "not_in_effect_as_of"
             and found[m].finding.label == CONTRADICTED]
    against = [m for m in members if m in found and found[m].finding.label == CONTRADICTED
               and m not in later]
    other = [m for m in members if m in found and m not in holds + later + against]
    missing = [m for m in members if m not in found]
    evidence = [evidence_value(found[m].doc, found[m].passage, found[m].score,
                               found[m].finding.agreements, found[m].finding.conflicts)
                for m in members if m in found]
    as_text = as_of.isoformat()
    listed = ("" if count is None or n == len(members)
              else f"; it counts {count.text} but names {len(members)}")
    parts = [f"As of {as_text} the records back it for {len(holds)} of the {n} states it "
             f"counts ({_names(members)})"]
    if later:
        parts.append("; not yet: " + "; ".join(found[m].finding.detail for m in later))
    if against:
        parts.append("; the record says otherwise: "
                     + "; ".join(found[m].finding.detail for m in against))
    if other:
        parts.append("; not settled: " + "; ".join(found[m].finding.detail for m in other))
    if missing:
        parts.append(f"; no record of {_names(missing)}")
    explanation = "".join(parts) + listed
    if count is not None and n != len(members):
        return make_verdict(claim, CONTRADICTED, None, "number_mismatch", 0.8, as_of, evidence,
                            explanation)
    if len(holds) >= n:
        return make_verdict(claim, CORROBORATED, None, "slots_agree", 0.9, as_of, evidence,
                            explanation)
    if against:
        reason = found[against[0]].finding.reason
        return make_verdict(claim, CONTRADICTED, "partly" if holds else None, reason, 0.85,
                            as_of, evidence, explanation)
    if later:
        # One state whose act is only pending already makes the count false today.
        return make_verdict(claim, CONTRADICTED, "out_of_date", "not_in_effect_as_of", 0.85,
                            as_of, evidence, explanation)
    return make_verdict(claim, UNVERIFIED, "partly" if holds else None, "no_matching_passage",
                        0.5, as_of, evidence, explanation)
