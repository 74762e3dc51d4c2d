"""Dates in English, Polish and Russian; partial dates stay partial."""

from datetime import date

import pytest

from verify.slots import extract_slots


def dates(text, lang=None, ref=None):
    slots = extract_slots(text, lang=lang, reference_date=ref)
    return [(d.year, d.month, d.day) for d in slots.dates]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("formally announced on June 29, further", "en", [(None, 6, 29)]),
        ("on 29 June 2025 the", "en", [(2025, 6, 29)]),
        ("On March 1, 1999 it entered into force", "en", [(1999, 3, 1)]),
        ("Sejm przyjął ustawę 29 czerwca 2025 r. w sprawie", "pl", [(2025, 6, 29)]),
        ("w czerwcu 2025 r. głosował", "pl", [(2025, 6, None)]),
        ("Указ подписан 29 июня 2025 г. в Киеве", "ru", [(2025, 6, 29)]),
        ("в июне 2025 года", "ru", [(2025, 6, None)]),
        ("status as at 25.06.2025", None, [(2025, 6, 25)]),
        ("dated 2025-06-25.", None, [(2025, 6, 25)]),
        ("which entered into force in 1999", "en", [(1999, None, None)]),
        ("в 1999 году", "ru", [(1999, None, None)]),
        ("In June 2025 the parliament voted", "en", [(2025, 6, None)]),
        ("on 12/25/2024", "en", [(2024, 12, 25)]),
    ],
)
def test_dates(text, lang, expected):
    assert dates(text, lang) == expected


def test_partial_date_keeps_no_year_and_infers_apart():
    slots = extract_slots("announced on June 29", reference_date=date(2025, 7, 3))
    (d,) = slots.dates
    assert d.year is None and d.is_partial and d.as_date() is None
    assert d.inferred_year == 2025
    # an article of early January speaking of "December 30" means the year before
    (d,) = extract_slots("on December 30", reference_date=date(2026, 1, 5)).dates
    assert (d.year, d.inferred_year) == (None, 2025)
    (d,) = extract_slots("on December 30").dates
    assert d.inferred_year is None


def test_may_the_verb_is_not_a_month():
    assert dates("Poland may withdraw 5 units", "en") == []
    assert dates("on May 5, 2025", "en") == [(2025, 5, 5)]


def test_ambiguous_and_impossible_dates_are_dropped():
    assert dates("on 03/04/2025", "en") == []
    assert dates("on 31.02.2025", None) == []


def test_span_points_into_text():
    text = "Ukraine's exit was formally announced on June 29, further"
    (d,) = extract_slots(text).dates
    assert text[d.span[0] : d.span[1]] == d.text == "June 29"
