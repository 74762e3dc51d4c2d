"""Process and agent predicates, as the registry declares them: "initiated the
process" by the earliest formal step on record, "formalized by B" by what B's
own record shows B did."""

from __future__ import annotations

from datetime import date

from .builders import claim, document, fact, primary, verdict

VOTE_URL = "https://parliament.test/votes/2031-02-20"
STATUS_URL = "https://depositary.test/harbour-accord/status"


def vote(yes: int = 120, no: int = 40, day: str = "2031-02-20",
         title: str = "Bill on the withdrawal from the Harbour Accord"):
    return fact("vote", {"body": "storting", "date": day, "title": title, "topic": "final vote",
                         "yes": yes, "no": no, "abstain": 3, "not_participating": 6,
                         "kind": "ELECTRONIC"},
                f"Storting, vote of {day}: {title}: {yes} for, {no} against, 3 abstaining.")


def notice(notified: str = "2031-04-10", effective: str = "2031-10-10"):
    return fact("treaty_action", {"treaty": "harbour_accord", "state": "NO",
                                  "action": "withdrawal", "date": notified,
                                  "date_notified": notified, "date_effective": effective},
                f"NO: withdrawal; notification received {notified}; takes effect {effective}.")


def sources(*, votes=(), notices=()):
    out = []
    if votes:
        out.append(primary("parliament", document("parliament", VOTE_URL, "", votes)))
    if notices:
        out.append(primary("depositary", document("depositary", STATUS_URL,
                                                  "Status of the Harbour Accord.", notices,
                                                  title="Status of the Harbour Accord")))
    return out


BEGAN = "Norway began the process of withdrawing from the Harbour Accord."


def test_the_earliest_step_on_record_is_a_parliaments_vote(registry):
    v = verdict(registry, claim(BEGAN), sources(votes=[vote()], notices=[notice()]),
                date(2031, 3, 1))
    # the vote came before the depositary was notified: the process had begun
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    assert "earliest formal step" in v.explanation
    assert "a chamber's vote" in v.explanation and "2031-02-20" in v.explanation
    assert [e.source for e in v.evidence] == ["parliament"]


def test_without_the_vote_the_notification_decides_and_is_named(registry):
    v = verdict(registry, claim(BEGAN), sources(notices=[notice()]), date(2031, 3, 1))
    assert (v.label, v.qualifier, v.reason) == ("contradicted", "out_of_date",
                                                "not_in_effect_as_of")
    assert "a notification to the depositary" in v.explanation
    v = verdict(registry, claim(BEGAN), sources(notices=[notice()]), date(2031, 5, 1))
    assert v.label == "corroborated" and "a notification to the depositary" in v.explanation


def test_a_vote_on_another_matter_or_voted_down_is_no_step(registry):
    other = vote(title="Bill on coastal fishing quotas")
    # the act's other words ("ratification") name another act, not the withdrawal
    ratifying = vote(title="Bill on the ratification of the Harbour Accord")
    failed = vote(yes=40, no=120)
    for record in (other, ratifying, failed):
        v = verdict(registry, claim(BEGAN), sources(votes=[record], notices=[notice()]),
                    date(2031, 3, 1))
        assert (v.label, v.reason) == ("contradicted", "not_in_effect_as_of"), record


def test_a_date_no_step_has_is_contradicted(registry):
    c = claim("Norway began the process of withdrawing from the Harbour Accord in January "
              "2031.")
    v = verdict(registry, c, sources(votes=[vote()], notices=[notice()]), date(2031, 6, 1))
    assert (v.label, v.reason) == ("contradicted", "date_mismatch")
    right = claim("Norway began the process of withdrawing from the Harbour Accord in "
                  "February 2031.")
    v = verdict(registry, right, sources(votes=[vote()], notices=[notice()]), date(2031, 6, 1))
    assert v.label == "corroborated"


FORMALIZED = "Norway's withdrawal from the Harbour Accord was formalized by the Storting."


def test_a_chambers_vote_is_not_the_step_that_takes_effect(registry):
    v = verdict(registry, claim(FORMALIZED), sources(votes=[vote()], notices=[notice()]),
                date(2031, 6, 1))
    assert (v.label, v.reason) == ("unverified", "predicate_mismatch")
    assert "shows what the Storting did" in v.explanation
    assert "a chamber's vote consenting to a bill or motion is not the step" in v.explanation
    assert "a notification to the depositary" in v.explanation
    # the vote it rests on, and the record of the step that takes effect
    assert [e.source for e in v.evidence] == ["parliament", "depositary"]


def test_formalized_by_the_state_whose_notification_takes_effect(registry):
    c = claim("Norway's withdrawal from the Harbour Accord was formalized by Norway's "
              "government.")
    v = verdict(registry, c, sources(votes=[vote()], notices=[notice()]), date(2031, 6, 1))
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    assert "the step by which the withdrawal takes effect" in v.explanation


def test_no_record_of_the_agent_leaves_the_other_rules_to_judge(registry):
    v = verdict(registry, claim(FORMALIZED), sources(notices=[notice()]), date(2031, 6, 1))
    assert "shows what the Storting did" not in v.explanation
