"""The text judge: labels and reasons from general linguistic cues."""

from __future__ import annotations

import pytest

from verify.evidence import judge


@pytest.mark.parametrize(
    ("claim", "passage", "label", "reason"),
    [
        (
            "The treaty entered into force on 1 March 1999.",
            "The treaty entered into force on 1 March 1999 after forty ratifications.",
            "corroborated",
            "slots_agree",
        ),
        (
            "The treaty entered into force in 1998.",
            "The treaty entered into force on 1 March 1999.",
            "contradicted",
            "date_mismatch",
        ),
        (
            "The parliament approved the bill with 347 votes.",
            "The parliament approved the bill with 310 votes.",
            "contradicted",
            "number_mismatch",
        ),
        (
            "The minister did not sign the withdrawal notice.",
            "The minister signed the withdrawal notice on Friday.",
            "contradicted",
            "negation_mismatch",
        ),
        (
            "The minister refused to sign the withdrawal notice.",
            "The minister signed the withdrawal notice on Friday.",
            "contradicted",
            "negation_mismatch",
        ),
        (
            "The ceasefire began in May.",
            "The ceasefire ended in May after two weeks.",
            "contradicted",
            "negation_mismatch",
        ),
        (
            "Estonia is not a monarchy.",
            "Estonia is a parliamentary republic in northern Europe.",
            "corroborated",
            "slots_agree",
        ),
    ],
)
def test_cues(claim, passage, label, reason):
    j = judge(claim, [passage])
    assert (j.label, j.reason) == (label, reason), j.detail
    assert j.evidence_index == 0 and j.quote == passage


def test_unrelated_passage_is_unverified():
    j = judge(
        "Finland left the Ottawa Convention in 2025.",
        ["The orchestra performed Sibelius in a packed hall on Saturday evening."],
    )
    assert (j.label, j.reason, j.quote) == ("unverified", "no_matching_passage", None)


def test_no_passages_is_unverified():
    assert judge("Anything at all.", []).label == "unverified"


def test_the_best_related_passage_is_quoted():
    claim = "Latvia's parliament voted to leave the convention in April 2025."
    passages = [
        "Weather in Riga was mild.",
        "Latvia's parliament voted to leave the convention on 16 April 2025.",
    ]
    j = judge(claim, passages)
    assert j.evidence_index == 1 and j.quote == passages[1] and j.label == "corroborated"


def test_fever_tokenisation_is_read():
    j = judge(
        "Michael Vick was born in 1980 .",
        ["Michael Dwayne Vick -LRB- born June 26 , 1980 -RRB- is a former quarterback ."],
    )
    assert j.label == "corroborated"


def test_same_input_same_output():
    args = ("The bill passed with 347 votes.", ["The bill passed with 310 votes in the Sejm."])
    assert judge(*args) == judge(*args)


@pytest.mark.parametrize(
    ("claim", "passage", "label"),
    [
        # inflection and derivation: "taught"/"teaching", "politician"/"politics"
        (
            "Anna Kowalska taught history at a school in Gdańsk.",
            "Anna Kowalska took a teaching position in history at a school in Gdańsk.",
            "corroborated",
        ),
        (
            "Jan Nowak was active in Polish politics.",
            "Jan Nowak was an active Polish politician and a member of the Sejm.",
            "corroborated",
        ),
        # a passage opening on a pronoun speaks of the claim's subject
        (
            "Maria Lind studied chemistry in Uppsala.",
            "She studied chemistry in Uppsala before joining the ministry.",
            "corroborated",
        ),
        # "has yet to" denies
        (
            "The committee has yet to publish its report.",
            "The committee published its report in March.",
            "contradicted",
        ),
    ],
)
def test_word_forms_subjects_and_polarity(claim, passage, label):
    assert judge(claim, [passage]).label == label


def test_a_changed_word_between_the_same_neighbours_contradicts():
    j = judge(
        "Piotr Zieliński was born in Kraków and trained as an engineer.",
        ["Born in Gdańsk, Piotr Zieliński trained as an engineer in Warsaw."],
    )
    assert (j.label, j.reason) == ("contradicted", "predicate_mismatch")
    assert "'kraków'" in j.detail and "'gdańsk'" in j.detail


def test_a_changed_word_of_another_class_is_no_rival():
    # "died" is a verb, "April" a noun: a date beside the name is no rival.
    j = judge(
        "On 2 February 2013, Tom Kyle died.",
        ["Tom Kyle (April 8, 1974 – 2 February 2013) was a naval officer."],
    )
    assert "where the passage says" not in j.detail


def test_a_denial_in_another_clause_does_not_flip_the_claim():
    claim = "The album sold two million copies in Europe."
    passage = (
        "The band failed to win the award that year, but the album sold two million "
        "copies in Europe."
    )
    j = judge(claim, [passage])
    assert j.label == "corroborated", j.detail
    # ... while one that reaches the claim's words does
    j = judge(claim, ["The album never sold two million copies in Europe."])
    assert (j.label, j.reason) == ("contradicted", "negation_mismatch")
