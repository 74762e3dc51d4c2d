"""Time: a withdrawal notified on D1 takes effect on D2; claims are judged as of a date."""

from __future__ import annotations

from datetime import date

import pytest

from .builders import claim, document, fact, primary, verdict

D1 = date(2031, 3, 14)  # notification received
D2 = date(2031, 9, 14)  # takes effect
URL = "https://depositary.test/harbour-accord/status"


def withdrawal(effective: date | None = D2, notified: date | None = D1, state: str = "PT"):
    return fact("treaty_action", {
        "treaty": "harbour_accord", "state": state, "action": "withdrawal",
        "date": notified.isoformat() if notified else None,
        "date_notified": notified.isoformat() if notified else None,
        "date_effective": effective.isoformat() if effective else None},
        f"{state}: withdrawal; notification received {notified}; takes effect {effective}.")


def status_doc(*facts):
    text = ("Status of the Harbour Accord.\n\n"
            "Portugal: on 14 March 2031 the depositary received a notification of withdrawal, "
            "which takes effect on 14 September 2031.")
    return document("depositary", URL, text, facts, title="Status of the Harbour Accord")


HAS_WITHDRAWN = "Portugal has withdrawn from the Harbour Accord."
INITIATED = "Portugal initiated its exit from the Harbour Accord."


def test_has_withdrawn_between_notice_and_effect_is_out_of_date(registry):
    v = verdict(registry, claim(HAS_WITHDRAWN), [primary("depositary", status_doc(withdrawal()))],
                date(2031, 6, 1))
    assert (v.label, v.qualifier, v.reason) == ("contradicted", "out_of_date",
                                                "not_in_effect_as_of")
    assert v.as_of == date(2031, 6, 1)
    assert "2031-09-14" in v.explanation
    [ev] = v.evidence
    assert ev.source == "depositary" and ev.snapshot_sha256 is not None
    assert ("not_in_effect_as_of", "date_effective 2031-09-14 is after 2031-06-01") in ev.conflicts


def test_has_withdrawn_after_effect_is_corroborated(registry):
    v = verdict(registry, claim(HAS_WITHDRAWN), [primary("depositary", status_doc(withdrawal()))],
                date(2031, 10, 1))
    assert (v.label, v.qualifier, v.reason) == ("corroborated", None, "slots_agree")


def test_has_withdrawn_on_the_effective_day_is_corroborated(registry):
    v = verdict(registry, claim(HAS_WITHDRAWN), [primary("depositary", status_doc(withdrawal()))],
                D2)
    assert v.label == "corroborated"


def test_initiated_is_judged_by_notification(registry):
    sources = [primary("depositary", status_doc(withdrawal()))]
    after_notice = verdict(registry, claim(INITIATED), sources, date(2031, 6, 1))
    assert (after_notice.label, after_notice.reason) == ("corroborated", "slots_agree")
    before_notice = verdict(registry, claim(INITIATED), sources, date(2031, 1, 1))
    assert (before_notice.label, before_notice.reason) == ("contradicted", "not_in_effect_as_of")


def test_changing_the_effective_date_flips_exactly_that_verdict(registry):
    as_of = date(2031, 6, 1)
    claims = [claim(HAS_WITHDRAWN, cid="a"), claim(INITIATED, cid="b")]
    before = [verdict(registry, c, [primary("depositary", status_doc(withdrawal()))], as_of)
              for c in claims]
    earlier = withdrawal(effective=date(2031, 5, 1))
    after = [verdict(registry, c, [primary("depositary", status_doc(earlier))], as_of)
             for c in claims]
    assert [v.label for v in before] == ["contradicted", "corroborated"]
    assert [v.label for v in after] == ["corroborated", "corroborated"]
    assert (before[1].label, before[1].reason) == (after[1].label, after[1].reason)
    assert (before[0].reason, after[0].reason) == ("not_in_effect_as_of", "slots_agree")


def test_no_effective_date_is_not_called_in_effect(registry):
    v = verdict(registry, claim(HAS_WITHDRAWN),
                [primary("depositary", status_doc(withdrawal(effective=None)))], date(2032, 1, 1))
    assert v.label == "unverified" and v.reason == "not_in_effect_as_of"


def test_another_states_withdrawal_does_not_answer(registry):
    v = verdict(registry, claim(HAS_WITHDRAWN),
                [primary("depositary", status_doc(withdrawal(state="NO")))], date(2032, 1, 1))
    assert (v.label, v.reason, v.evidence) == ("unverified", "no_matching_passage", ())
    assert "treaty_action" in v.explanation


def test_a_claimed_date_is_compared_with_the_predicates_field(registry):
    sources = [primary("depositary", status_doc(withdrawal()))]
    right = verdict(registry, claim("Portugal notified its withdrawal from the Harbour Accord "
                                    "on 14 March 2031."), sources, date(2031, 6, 1))
    assert right.label == "corroborated"
    wrong = verdict(registry, claim("Portugal notified its withdrawal from the Harbour Accord "
                                    "on 20 March 2031."), sources, date(2031, 6, 1))
    assert (wrong.label, wrong.reason) == ("contradicted", "date_mismatch")
    partial = verdict(registry, claim("Portugal announced its withdrawal from the Harbour Accord "
                                      "in March."), sources, date(2031, 6, 1))
    assert partial.label == "corroborated"


@pytest.mark.parametrize("as_of,label", [(date(2031, 6, 1), "contradicted"),
                                         (date(2031, 10, 1), "corroborated")])
def test_several_states_combine_like_parts(registry, as_of, label):
    facts = [withdrawal(state="PT"), withdrawal(state="NO", effective=date(2031, 4, 1))]
    v = verdict(registry, claim("Portugal and Norway have withdrawn from the Harbour Accord."),
                [primary("depositary", status_doc(*facts))], as_of)
    assert v.label == label
    assert len(v.evidence) == 2
    if label == "contradicted":
        assert v.qualifier == "partly"  # Norway's had taken effect, Portugal's had not


def test_a_named_act_that_the_claim_says_something_else_of_is_only_partly_backed(registry):
    v = verdict(registry, claim("Analysts say Portugal's withdrawal from the Harbour Accord "
                                "reshapes the region."),
                [primary("depositary", status_doc(withdrawal()))], date(2031, 10, 1))
    # The record backs what the claim presupposes (the withdrawal), not what it says.
    assert (v.label, v.qualifier, v.reason) == ("unverified", "partly", "predicate_mismatch")
    assert v.confidence < 0.9


def test_a_named_act_is_never_contradicted_by_the_date_of_its_record(registry):
    # Before the notification the record of the act is in the future: that says
    # nothing against "the withdrawal reshapes the region".
    v = verdict(registry, claim("Analysts say Portugal's withdrawal from the Harbour Accord "
                                "reshapes the region."),
                [primary("depositary", status_doc(withdrawal()))], date(2031, 1, 1))
    assert v.label == "unverified" and v.reason != "not_in_effect_as_of"


def test_states_a_group_phrase_stands_for_do_not_replace_the_named_state(registry):
    from dataclasses import replace

    from verify.slots import EntityRef
    text = "Portugal has withdrawn from the Harbour Accord, like these nations."
    c = claim(text)
    at = text.index("these nations")
    group = EntityRef("country:NO", "country", "these nations", (at, at + len("these nations")))
    c = replace(c, slots=replace(c.slots, entities=(*c.slots.entities, group)))
    facts = [withdrawal(state="PT"), withdrawal(state="NO", effective=date(2031, 4, 1))]
    v = verdict(registry, c, [primary("depositary", status_doc(*facts))], date(2031, 6, 1))
    assert (v.label, v.qualifier) == ("contradicted", "out_of_date")  # Portugal's alone
    assert len(v.evidence) == 1
