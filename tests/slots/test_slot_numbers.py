"""Numbers with units, currency and scale, in English, Polish and Russian."""

import pytest

from verify.slots import extract_slots


def one_number(text, lang=None):
    numbers = extract_slots(text, lang=lang).numbers
    assert len(numbers) == 1, numbers
    return numbers[0]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Lithuania has allocated €800 million to produce mines.", "en"),
        ("Литва выделила 800 млн евро на производство мин.", "ru"),
        ("Litwa przeznaczyła 800 mln euro na produkcję min.", "pl"),
        ("Lithuania set aside EUR 800 million.", "en"),
        ("a budget of €800m for mines", "en"),
    ],
)
def test_money_with_scale_in_three_languages(text, lang):
    q = one_number(text, lang)
    assert q.value == pytest.approx(8e8)
    assert q.unit == "EUR"
    assert text[q.span[0] : q.span[1]] == q.text


def test_votes_for_and_against():
    nums = extract_slots("The Sejm voted 413 to 15, with 413 votes for and 15 against.").numbers
    by_text = {(q.text, q.unit) for q in nums}
    assert ("413", "votes") in by_text
    assert ("15", "votes") in by_text


def test_vague_quantities_are_approximate_lower_bounds():
    q = one_number("mines have caused hundreds of thousands of casualties worldwide")
    assert q.value == 1e5 and q.approximate and q.bound == "min"
    assert q.unit == "casualties"
    q = one_number("мины унесли сотни тысяч жизней", "ru")
    assert q.value == 1e5 and q.approximate


def test_bounds_and_percent():
    q = one_number("more than 75% of the deputies")
    assert (q.value, q.unit, q.bound) == (75.0, "%", "min")
    q = one_number("less than 5 percent", "en")
    assert (q.value, q.unit, q.bound) == (5.0, "%", "max")
    q = one_number("około 40 proc. ankietowanych", "pl")
    assert (q.value, q.unit, q.approximate) == (40.0, "%", True)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,945 people died", "en", 1945.0),
        ("1,5 proc. wzrostu", "pl", 1.5),
        ("12 345,6 zł", "pl", 12345.6),
        ("12\u00a0345 человек", "ru", 12345.0),
        ("1.1 billion dollars", "en", 1.1e9),
        ("2,5 mld zł", "pl", 2.5e9),
        ("3,2 млрд рублей", "ru", 3.2e9),
    ],
)
def test_separators_follow_the_language(text, lang, value):
    assert one_number(text, lang).value == pytest.approx(value)


def test_years_are_dates_not_numbers():
    slots = extract_slots("The Ottawa Convention, which entered into force in 1999, was designed")
    assert slots.numbers == ()
    assert [(d.year, d.month, d.day) for d in slots.dates] == [(1999, None, None)]
    # but an amount that looks like a year stays an amount
    q = one_number("It cost €2000 in all.")
    assert (q.value, q.unit) == (2000.0, "EUR")


def test_list_counts_and_ordinals_are_numbers():
    q = one_number("Five countries bordering Russia have left the treaty.")
    assert (q.value, q.unit, q.ordinal) == (5.0, "countries", False)
    q = one_number("It was the 25th anniversary.")
    assert (q.value, q.ordinal) == (25.0, True)
    q = one_number("Poland was the first to vote.")
    assert (q.value, q.ordinal) == (1.0, True)


def test_one_as_a_pronoun_is_not_a_number():
    assert extract_slots("one of the countries said no one would").numbers == ()
