"""Slot comparison: which of a claim's numbers, dates, entities and negation a passage agrees with.

A conflict needs a rival value of the same kind in the passage (a different
year, another country); a slot the passage simply does not mention is missing,
not conflicting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verify.slots import DateSlot, EntityRef, Quantity, Slots


@dataclass(frozen=True)
class SlotComparison:
    agree: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]  # (reason, detail)
    missing: tuple[str, ...]

    @property
    def has_conflict(self) -> bool:
        return bool(self.conflicts)


_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _tolerance(q: Quantity) -> float:
    """Half a unit of the last digit the text gives, at its scale: "45 million"
    stands for anything that rounds to it, 44.5 to 45.5 million."""
    m = _DIGITS.search(q.text)
    if m is None:
        return 0.0
    try:
        written = float(m.group().replace(",", ""))
    except ValueError:
        return 0.0
    scale = q.value / written if written else 1.0
    decimals = len(m.group(1) or "")
    return float(0.5 * 10.0 ** (-decimals) * abs(scale))


def _numbers_equal(a: Quantity, b: Quantity) -> bool:
    if a.value == b.value:
        return True
    # Rounded figures: "45 million" is "45.1 million" said with fewer digits.
    if abs(a.value - b.value) <= max(_tolerance(a), _tolerance(b)) + 1e-9:
        return True
    if a.value == 0 or b.value == 0:
        return False
    rel = abs(a.value - b.value) / max(abs(a.value), abs(b.value))
    # "about 800" meets "812"; bounds ("more than 800") meet anything on their side.
    if (a.approximate or b.approximate) and rel <= 0.1:
        return True
    if a.bound == "min" and b.value >= a.value:
        return True
    return a.bound == "max" and b.value <= a.value


def _units_comparable(a: Quantity, b: Quantity) -> bool:
    """Only numbers in the same role compare: the same unit, both given, both
    amounts or both ranks. "45" and "45.1 million", a day and a year, a count of
    votes and a share: none of them is a rival of the other."""
    return a.unit is not None and a.unit == b.unit and a.ordinal == b.ordinal


def _dates_compatible(a: DateSlot, b: DateSlot) -> bool:
    """Partial dates compare only the fields both give: "June 29" meets "29 June 2025"."""
    pairs = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    shared = [(x, y) for x, y in pairs if x is not None and y is not None]
    return bool(shared) and all(x == y for x, y in shared)


def _dates_share_field(a: DateSlot, b: DateSlot) -> bool:
    pairs = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    return any(x is not None and y is not None for x, y in pairs)


def _year_as_number(d: DateSlot, numbers: tuple[Quantity, ...]) -> bool:
    return d.month is None and d.year is not None and any(n.value == d.year for n in numbers)


def compare_numbers(
    claim: Slots, passage: Slots
) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    agree: list[str] = []
    conflicts: list[tuple[str, str]] = []
    missing: list[str] = []
    for q in claim.numbers:
        if any(q.value == d.year for d in passage.dates):
            agree.append(f"number:{q.text}")
            continue
        rivals = [p for p in passage.numbers if _units_comparable(q, p)]
        if any(_numbers_equal(q, p) for p in rivals):
            agree.append(f"number:{q.text}")
        elif rivals:
            found = ", ".join(p.text for p in rivals[:3])
            conflicts.append(("number_mismatch", f"claim says {q.text!r}, passage {found!r}"))
        else:
            missing.append(f"number:{q.text}")
    return agree, conflicts, missing


def compare_dates(
    claim: Slots, passage: Slots
) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    agree: list[str] = []
    conflicts: list[tuple[str, str]] = []
    missing: list[str] = []
    for d in claim.dates:
        if any(_dates_compatible(d, p) for p in passage.dates) or _year_as_number(
            d, passage.numbers
        ):
            agree.append(f"date:{d.text}")
            continue
        rivals = [p for p in passage.dates if _dates_share_field(d, p)]
        if rivals:
            found = ", ".join(p.text for p in rivals[:3])
            conflicts.append(("date_mismatch", f"claim says {d.text!r}, passage {found!r}"))
        else:
            missing.append(f"date:{d.text}")
    return agree, conflicts, missing


def compare_entities(
    claim: Slots, passage: Slots
) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    agree: list[str] = []
    conflicts: list[tuple[str, str]] = []
    missing: list[str] = []
    keys = {e.key for e in passage.entities}
    for e in claim.entities:
        if e.key in keys:
            agree.append(f"entity:{e.key}")
            continue
        rivals: list[EntityRef] = [
            p for p in passage.entities if p.kind == e.kind and p.kind in ("country", "treaty")
        ]
        if rivals:
            found = ", ".join(p.text for p in rivals[:3])
            conflicts.append(("entity_mismatch", f"claim names {e.text!r}, passage {found!r}"))
        else:
            missing.append(f"entity:{e.key}")
    return agree, conflicts, missing


def compare_slots(claim: Slots, passage: Slots) -> SlotComparison:
    """Compare slot by slot; conflicts are ordered numbers, dates, entities, negation."""
    agree: list[str] = []
    conflicts: list[tuple[str, str]] = []
    missing: list[str] = []
    for part in (compare_numbers, compare_dates, compare_entities):
        a, c, m = part(claim, passage)
        agree += a
        conflicts += c
        missing += m
    if claim.negated != passage.negated:
        said = "claim" if claim.negated else "passage"
        cues = claim.negation_cues if claim.negated else passage.negation_cues
        conflicts.append(("negation_mismatch", f"only the {said} is negated ({', '.join(cues)})"))
    elif claim.negated:
        agree.append("negation")
    return SlotComparison(tuple(agree), tuple(conflicts), tuple(missing))
