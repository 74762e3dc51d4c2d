"""Slots: the checkable parts of a sentence — numbers, dates, entities, negation.

A claim and a passage are compared slot by slot. This module holds the value
types (shared by claims, evidence and eval) and the extractor.

STATUS: the value types are fixed; `extract_slots` is being written (see the
issue on evidence and verdicts). Extend the types, don't rename their fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Quantity:
    """A number as the text states it, normalised: "€800 million" -> 8e8 EUR."""

    value: float
    unit: str | None  # ISO 4217 code for money ("EUR"), "%" , "votes", "people", … or None
    text: str  # the words it came from
    span: tuple[int, int]  # character offsets in the analysed text
    approximate: bool = False  # "about", "more than", "hundreds of thousands"
    bound: str | None = None  # None, "min" ("more than"), "max" ("less than")


@dataclass(frozen=True)
class DateSlot:
    """A date that keeps only what the text gives: "June 29" has no year."""

    year: int | None
    month: int | None
    day: int | None
    text: str
    span: tuple[int, int]

    @property
    def is_partial(self) -> bool:
        return self.year is None or self.month is None or self.day is None

    def as_date(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None


@dataclass(frozen=True)
class EntityRef:
    """A named thing resolved to a stable key.

    Keys: "country:PL" (ISO 3166 alpha-2), or a registry entity key from
    sources.toml ("ottawa_convention", "sejm"), or "person:<normalised name>",
    "org:<normalised name>" for names not in any list.
    """

    key: str
    kind: str  # "country", "organization", "person", "treaty", "other"
    text: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Slots:
    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateSlot, ...] = ()
    entities: tuple[EntityRef, ...] = ()
    negated: bool = False
    negation_cues: tuple[str, ...] = field(default=())
