"""Votes with counts and a treaty's entry into force, compared field by field."""

from __future__ import annotations

from datetime import date

from .builders import claim, document, fact, primary, verdict

AS_OF = date(2032, 1, 1)
VOTE_URL = "https://parliament.test/votes/17"


def vote(yes: int, no: int, abstain: int = 2, day: str = "2031-05-06",
         title: str = "Bill on leaving the Harbour Accord"):
    return fact("vote", {"body": "storting", "date": day, "title": title, "topic": "final vote",
                         "yes": yes, "no": no, "abstain": abstain, "not_participating": 4,
                         "kind": "ELECTRONIC"},
                f"Storting, vote of {day}: {title}: {yes} for, {no} against, {abstain} abstaining.")


def votes(*facts):
    return [primary("parliament", document("parliament", VOTE_URL, "", facts))]


def test_voted_in_favour_with_yes_far_ahead_is_corroborated(registry):
    c = claim("The Storting voted overwhelmingly in favour of leaving the Harbour Accord.")
    v = verdict(registry, c, votes(vote(140, 20)), AS_OF)
    assert (v.label, v.qualifier, v.reason) == ("corroborated", None, "slots_agree")
    [ev] = v.evidence
    assert "vote:yes" in ev.agreements and "share:yes>=0.75" in ev.agreements
    assert ev.start == -1 and ev.exact.startswith("Storting, vote of")


def test_overwhelmingly_with_a_narrow_majority_is_misleading(registry):
    c = claim("The Storting voted overwhelmingly in favour of leaving the Harbour Accord.")
    v = verdict(registry, c, votes(vote(85, 80)), AS_OF)
    assert (v.label, v.qualifier, v.reason) == ("contradicted", "misleading", "number_mismatch")


def test_in_favour_when_no_won_is_contradicted(registry):
    c = claim("The Storting voted in favour of leaving the Harbour Accord.")
    v = verdict(registry, c, votes(vote(40, 120)), AS_OF)
    assert (v.label, v.reason) == ("contradicted", "number_mismatch")


def test_a_claimed_count_that_differs_is_a_number_mismatch(registry):
    sources = votes(vote(140, 20))
    right = verdict(registry, claim("The Storting voted to leave the Harbour Accord, "
                                    "with 140 for and 20 against."), sources, AS_OF)
    assert right.label == "corroborated"
    assert {"number:140", "number:20"} <= set(right.evidence[0].agreements)
    wrong = verdict(registry, claim("The Storting voted to leave the Harbour Accord, "
                                    "with 150 for and 20 against."), sources, AS_OF)
    assert (wrong.label, wrong.qualifier, wrong.reason) == ("contradicted", "partly",
                                                            "number_mismatch")
    assert "150" in wrong.evidence[0].conflicts[0][1]


def test_a_vote_on_another_motion_does_not_answer(registry):
    c = claim("The Storting voted in favour of leaving the Harbour Accord.")
    v = verdict(registry, c, votes(vote(140, 20, title="Budget for fisheries")), AS_OF)
    assert v.label == "unverified"
    assert v.reason == "no_matching_passage"


def test_a_vote_after_the_as_of_date_is_not_yet_held(registry):
    c = claim("The Storting voted in favour of leaving the Harbour Accord.")
    v = verdict(registry, c, votes(vote(140, 20, day="2031-05-06")), date(2031, 5, 1))
    assert (v.label, v.qualifier, v.reason) == ("contradicted", "out_of_date",
                                                "not_in_effect_as_of")


def test_the_claimed_vote_date_is_compared(registry):
    sources = votes(vote(140, 20))
    assert verdict(registry, claim("On 6 May 2031 the Storting voted in favour of leaving the "
                                   "Harbour Accord."), sources, AS_OF).label == "corroborated"
    wrong = verdict(registry, claim("On 9 May 2031 the Storting voted in favour of leaving the "
                                    "Harbour Accord."), sources, AS_OF)
    assert (wrong.label, wrong.reason) == ("contradicted", "date_mismatch")


STATUS_TEXT = ("Harbour Accord. Status as at: 1 December 2031.\n\n"
               "Entry into force: 12 April 2009, in accordance with article 15.")


def status():
    f = fact("treaty_status", {"treaty": "harbour_accord", "entry_into_force": "2009-04-12",
                               "status_as_at": "2031-12-01"},
             "Status of the treaty: entered into force 12 April 2009; status as at "
             "1 December 2031.")
    return [primary("depositary", document("depositary", "https://depositary.test/status",
                                           STATUS_TEXT, [f]))]


def test_entry_into_force_year_agrees(registry):
    v = verdict(registry, claim("The Harbour Accord, which entered into force in 2009, "
                                "protects ports."), status(), AS_OF)
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    [ev] = v.evidence
    assert "date:2009" in ev.agreements
    # The fact is anchored to the words it was read from.
    assert ev.exact == "Entry into force: 12 April 2009, in accordance with article 15."
    assert STATUS_TEXT[ev.start:ev.end] == ev.exact


def test_entry_into_force_another_year_is_a_date_mismatch(registry):
    v = verdict(registry, claim("The Harbour Accord, which entered into force in 2011, "
                                "protects ports."), status(), AS_OF)
    assert (v.label, v.reason) == ("contradicted", "date_mismatch")
    assert "2009-04-12" in v.explanation


def test_entry_into_force_partial_date(registry):
    ok = verdict(registry, claim("The Harbour Accord entered into force in April 2009."),
                 status(), AS_OF)
    assert ok.label == "corroborated"
    off = verdict(registry, claim("The Harbour Accord entered into force in May 2009."),
                  status(), AS_OF)
    assert (off.label, off.reason) == ("contradicted", "date_mismatch")
