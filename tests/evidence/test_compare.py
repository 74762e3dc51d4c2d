"""Slot comparison over the shared slot types."""

from __future__ import annotations

from verify.evidence import compare_slots
from verify.slots import DateSlot, EntityRef, Quantity, Slots


def q(value, unit=None, text=None, approximate=False, bound=None):
    return Quantity(value, unit, text or str(value), (0, 1), approximate, bound)


def d(year, month=None, day=None, text="d"):
    return DateSlot(year, month, day, text, (0, 1))


def test_equal_numbers_agree_and_rival_numbers_conflict():
    same = compare_slots(Slots(numbers=(q(8e8, "EUR"),)), Slots(numbers=(q(8e8, "EUR"),)))
    assert same.agree and not same.conflicts
    other = compare_slots(Slots(numbers=(q(8e8, "EUR"),)), Slots(numbers=(q(9e8, "EUR"),)))
    assert other.conflicts[0][0] == "number_mismatch"


def test_approximate_and_bounded_numbers():
    assert not compare_slots(
        Slots(numbers=(q(800, "people", approximate=True),)), Slots(numbers=(q(812, "people"),))
    ).conflicts
    assert not compare_slots(
        Slots(numbers=(q(800, "people", bound="min"),)), Slots(numbers=(q(950, "people"),))
    ).conflicts
    assert compare_slots(
        Slots(numbers=(q(800, "people", bound="min"),)), Slots(numbers=(q(700, "people"),))
    ).conflicts


def test_only_numbers_in_the_same_role_and_unit_clash():
    # 45 against 45.1 million: no unit on one side, another scale: no rival.
    assert not compare_slots(
        Slots(numbers=(q(45),)), Slots(numbers=(q(45.1e6, "USD", "$45.1 million"),))
    ).conflicts
    # Two bare numbers say nothing of their role either.
    assert not compare_slots(Slots(numbers=(q(29),)), Slots(numbers=(q(1990),))).conflicts
    # A count of votes is no rival of a share.
    assert not compare_slots(
        Slots(numbers=(q(347, "votes"),)), Slots(numbers=(q(52, "%"),))
    ).conflicts
    # A rank is no rival of an amount of the same unit.
    rank = Quantity(3, "seasons", "third", (0, 1), ordinal=True)
    assert not compare_slots(Slots(numbers=(rank,)), Slots(numbers=(q(5, "seasons"),))).conflicts
    assert compare_slots(
        Slots(numbers=(q(3, "seasons"),)), Slots(numbers=(q(5, "seasons"),))
    ).conflicts


def test_a_rounded_figure_meets_the_precise_one():
    # "45 million" is "45.1 million" said with fewer digits; 46 million is not.
    m45 = q(45e6, "USD", "$45 million")
    assert not compare_slots(
        Slots(numbers=(m45,)), Slots(numbers=(q(45.1e6, "USD", "$45.1 million"),))
    ).conflicts
    assert compare_slots(
        Slots(numbers=(m45,)), Slots(numbers=(q(46e6, "USD", "$46 million"),))
    ).conflicts
    assert not compare_slots(
        Slots(numbers=(q(4.1, "%", "4.1 percent"),)), Slots(numbers=(q(4.14, "%", "4.14%"),))
    ).conflicts


def test_a_number_the_passage_lacks_is_missing_not_conflicting():
    c = compare_slots(Slots(numbers=(q(5),)), Slots())
    assert c.missing and not c.conflicts


def test_partial_dates_compare_only_the_fields_both_give():
    june29 = d(None, 6, 29)
    assert not compare_slots(Slots(dates=(june29,)), Slots(dates=(d(2025, 6, 29),))).conflicts
    c = compare_slots(Slots(dates=(june29,)), Slots(dates=(d(2025, 6, 27),)))
    assert c.conflicts[0][0] == "date_mismatch"
    assert compare_slots(Slots(dates=(d(2013),)), Slots(dates=(d(2012, 5, 14),))).conflicts


def test_countries_conflict_people_go_missing():
    pl = EntityRef("country:PL", "country", "Poland", (0, 6))
    lt = EntityRef("country:LT", "country", "Lithuania", (0, 9))
    assert compare_slots(Slots(entities=(pl,)), Slots(entities=(lt,))).conflicts[0][0] == (
        "entity_mismatch"
    )
    a = EntityRef("person:a", "person", "A", (0, 1))
    b = EntityRef("person:b", "person", "B", (0, 1))
    assert not compare_slots(Slots(entities=(a,)), Slots(entities=(b,))).conflicts


def test_one_sided_negation_conflicts():
    c = compare_slots(Slots(negated=True, negation_cues=("not",)), Slots())
    assert c.conflicts == (("negation_mismatch", "only the claim is negated (not)"),)
