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
        # The negated-claim flip is gone: the passage does not state the negation.
        (
            "Estonia is not a monarchy.",
            "Estonia is a parliamentary republic in northern Europe.",
            "unverified",
            "no_matching_passage",
        ),
        # ... but a rival value in the same role does state it.
        (
            "The treaty did not enter into force in 1998.",
            "The treaty entered into force on 1 March 1999.",
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
    # a name in place of the claim's name: an entity clash in the same role
    assert (j.label, j.reason) == ("contradicted", "entity_mismatch")
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


# ---------------------------------------------------------------- the hostile pass


@pytest.mark.parametrize(
    "claim",
    [
        "Reservoir levels fell to 41 percent in August, according to the water board.",
        "According to the water board, reservoir levels fell to 41 percent in August.",
        "Reservoir levels fell to 41 percent in August, the water board said.",
    ],
)
def test_an_attribution_phrase_is_a_citation_not_content(claim):
    j = judge(claim, ["Reservoir levels fell to 41 percent in August."])
    assert (j.label, j.reason) == ("corroborated", "slots_agree"), j.detail
    assert "board" not in j.detail


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("Unemployment fell to 4.1 percent in 2024, the lowest since 2008.",
         "Unemployment fell to 4.1 percent in 2024."),
        ("The port stayed closed until 2019 and reopened with 12 berths.",
         "The port reopened in 2021 with 12 berths."),
    ],
)
def test_a_year_that_bounds_a_range_is_not_the_claims_date(claim, passage):
    j = judge(claim, [passage])
    assert j.reason != "date_mismatch", j.detail
    assert j.label != "contradicted"


def test_the_year_itself_still_clashes():
    j = judge("Unemployment fell to 4.1 percent in 2023, the lowest since 2008.",
              ["Unemployment fell to 4.1 percent in 2024."])
    assert (j.label, j.reason) == ("contradicted", "date_mismatch")


# ---------------------------------------------------------------- positive evidence


def test_missing_content_is_unverified_partly_never_contradicted():
    j = judge("The Norwegian coast guard trained crews and bought new boats for the arctic.",
              ["The Norwegian coast guard trained crews on the northern coast."])
    assert (j.label, j.qualifier, j.reason) == ("unverified", "partly", "no_matching_passage")
    assert "lacks" in j.detail


def test_a_missing_name_is_not_corroborated_partly():
    j = judge("Anna Berg and Piotr Nowak founded the Harbour Institute in 1999.",
              ["Anna Berg founded the Harbour Institute in 1999."])
    assert (j.label, j.qualifier) == ("unverified", "partly"), j.detail


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # a day of the month is not a year, nor a count
        ("The council met on 29 June to approve the plan.",
         "The council met in 2025 to approve the plan."),
        # 45 against 45.1 million: another scale, no role in common
        ("The film grossed 45 million dollars in its first year.",
         "The film grossed $45.1 million in its first year."),
    ],
)
def test_numbers_clash_only_in_the_same_role_and_unit(claim, passage):
    j = judge(claim, [passage])
    assert j.reason != "number_mismatch", j.detail
    assert j.label != "contradicted", j.detail


def test_parts_covered_by_two_passages_together():
    claim = "The harbour institute was founded in 1999 and employs 40 researchers."
    passages = ["The harbour institute was founded in 1999.",
                "The harbour institute employs 40 researchers."]
    j = judge(claim, passages)
    assert (j.label, j.reason) == ("corroborated", "slots_agree"), j.detail
    assert set(j.evidence_indices) == {0, 1}
    # either one alone leaves part of it unsaid
    assert judge(claim, passages[:1]).label == "unverified"


@pytest.mark.parametrize(
    ("evidence", "label"),
    [
        ("Q: Did the city council approve the harbour budget in 2024? A: No.", "contradicted"),
        ("Q: Did the city council approve the harbour budget in 2024? A: No, it was "
         "rejected by two votes.", "contradicted"),
        ("Q: Did the city council approve the harbour budget in 2024? A: Yes.", "corroborated"),
        ("Q: When did the city council approve the harbour budget? A: In 2023.",
         "contradicted"),
    ],
)
def test_question_and_answer_evidence(evidence, label):
    j = judge("The city council approved the harbour budget in 2024.", [evidence])
    assert j.label == label, j.detail


def test_a_denied_claim_is_corroborated_when_the_passage_states_the_denial():
    j = judge("The city council did not approve the harbour budget.",
              ["Q: Did the city council approve the harbour budget? A: No."])
    assert j.label == "corroborated", j.detail


def test_a_title_case_headline_is_not_one_name():
    # One word of a headline met ("off") does not meet all its capitalised words.
    j = judge("Evil Aunt Hacks Off Toddlers Penis",
              ["It would be the second big breakup of a tech company in a week, following "
               "the plan to spin off its payments arm."])
    assert j.label == "unverified", j.detail
    # ... while a name is still met by one of its words
    j = judge("Penelope Cruz starred in the film.", ["Cruz starred in the film in 2001."])
    assert j.label == "corroborated", j.detail
