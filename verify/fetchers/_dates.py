"""Dates as the fetched sources print them, and the dates a claim gives discovery.

Pure functions: source formats ("3 Dec 1997", "STATUS AS AT : 28-11-2026",
"20:15 08.05.2025", RFC 822 in RSS) to `datetime.date`, and the day window that
discovery searches for a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

# "3 Dec 1997", "29 May\t 2013", "27 June 2025": UNTC cells and end-notes. The
# whitespace class takes tabs and non-breaking spaces the pages carry.
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})[\s\u00a0]+([A-Za-z]{3,9})\.?[\s\u00a0]+(\d{4})(?!\d)")
_STATUS_AS_AT = re.compile(r"STATUS\s+AS\s+AT\s*:?\s*(\d{1,2})[-./](\d{1,2})[-./](\d{4})", re.I)
_DOTTED = re.compile(r"(\d{1,2}):(\d{2})\s+(\d{1,2})\.(\d{1,2})\.(\d{4})")


@dataclass(frozen=True)
class DateHit:
    """A date found in running text, with where it stands."""

    value: date
    start: int
    end: int


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iter_english_dates(text: str) -> Iterator[DateHit]:
    """Every "D Month YYYY" date in `text` (English month names or abbreviations)."""
    for m in _DMY.finditer(text):
        month = MONTHS.get(m.group(2)[:3].lower())
        if month is None:
            continue
        d = _make(int(m.group(3)), month, int(m.group(1)))
        if d is not None:
            yield DateHit(d, m.start(), m.end())


def parse_english_date(text: str) -> date | None:
    """The first "D Month YYYY" date in `text`, or None."""
    return next((h.value for h in iter_english_dates(text)), None)


def parse_status_as_at(text: str) -> date | None:
    """UNTC's "STATUS AS AT : DD-MM-YYYY" date."""
    m = _STATUS_AS_AT.search(text)
    if m is None:
        return None
    return _make(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def parse_time_dotted(text: str) -> date | None:
    """RIA's "HH:mm dd.MM.yyyy" (Moscow time): the calendar day printed."""
    m = _DOTTED.search(text)
    if m is None:
        return None
    return _make(int(m.group(5)), int(m.group(4)), int(m.group(3)))


def parse_iso_day(value: Any) -> date | None:
    """An ISO date or date-time string ("2025-06-25", "2025-06-25T21:03:10") as a date."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_rfc822(value: str) -> date | None:
    """An RSS pubDate ("Thu, 08 May 2025 14:02:00 +0300") as the day printed."""
    try:
        return parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_wayback_timestamp(value: str) -> datetime | None:
    """A Wayback timestamp ("20250627120000", at least the day) as a datetime."""
    digits = value.strip()
    if not digits.isdigit() or len(digits) < 8:
        return None
    digits = (digits + "000000")[:14]
    try:
        return datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return None


def format_day(d: date | None) -> str:
    """A date the way the sentence renderings of typed facts print it: "27 Jun 2025"."""
    if d is None:
        return "unknown date"
    return f"{d.day} {d.strftime('%b')} {d.year}"


# ---------------------------------------------------------------- claims

def claim_days(claim: Any) -> tuple[date, ...]:
    """The full dates a claim states (partial dates say nothing to a date search)."""
    slots = getattr(claim, "slots", None)
    out = []
    for d in getattr(slots, "dates", ()) or ():
        as_date = d.as_date() if hasattr(d, "as_date") else None
        if as_date is not None:
            out.append(as_date)
    return tuple(sorted(set(out)))


@dataclass(frozen=True)
class DayWindow:
    """Inclusive range of days a discovery step searches."""

    start: date
    end: date

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    def days(self) -> Iterator[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)


def claim_window(claim: Any, published: date | None, as_of: date | None,
                 window_days: int, slack_days: int = 1) -> DayWindow | None:
    """The days to search: around the claim's own dates, else before the article's date.

    `slack_days` widens a stated date both ways, because a vote late in the
    evening is dated the next day in next-day news. Without any date at all
    there is no window (None) and the caller decides what that means.
    """
    days = claim_days(claim)
    if days:
        return DayWindow(days[0] - timedelta(days=slack_days),
                         days[-1] + timedelta(days=slack_days))
    ref = published or as_of
    if ref is None:
        return None
    return DayWindow(ref - timedelta(days=window_days), ref + timedelta(days=slack_days))
