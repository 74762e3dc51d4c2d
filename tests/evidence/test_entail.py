"""Rules and an entailment model together: `combine` over given probabilities, and the
judge's injection point (a model callable with the signature of verify.nli.predict)."""

from __future__ import annotations

import pytest

from verify.evidence import judge
from verify.evidence.entail import MODEL_PASSAGES, combine, is_english, model_says
from verify.evidence.finding import PassageFinding


def finding(label="corroborated", reason="slots_agree", clash=False, index=0, qualifier=None,
            detail="d", gone=()):
    return PassageFinding(index, 80.0, label, qualifier, reason, 0.85, detail, clash,
                          frozenset(gone))


def p(e, c, n):
    return {"entails": e, "contradicts": c, "neither": n}


def test_a_slot_clash_without_entails_is_contradicted():
    f = finding("contradicted", "number_mismatch", clash=True, detail="claim says 45, passage 46")
    d = combine(f, [(f, p(0.2, 0.3, 0.5))])
    assert (d.label, d.reason, d.review) == ("contradicted", "number_mismatch", False)
    assert d.model == (("entails", 0.2), ("contradicts", 0.3), ("neither", 0.5))


def test_a_slot_clash_with_entails_is_unverified_and_flagged():
    f = finding("contradicted", "number_mismatch", clash=True)
    d = combine(f, [(f, p(0.8, 0.1, 0.1))])
    assert (d.label, d.reason, d.review) == ("unverified", "number_mismatch", True)
    assert d.confidence == 0.8 and "review" in d.detail


def test_entails_with_slots_agreeing_is_corroborated_with_the_models_confidence():
    f = finding("unverified", "no_matching_passage", qualifier="partly", gone=("human",))
    d = combine(f, [(f, p(0.91, 0.04, 0.05))])
    assert (d.label, d.qualifier, d.reason, d.confidence) == ("corroborated", None, "entailed",
                                                              0.91)


def test_contradicts_without_a_clash_is_contradicted_by_model():
    f = finding("unverified", "no_matching_passage")
    d = combine(f, [(f, p(0.05, 0.85, 0.1))])
    assert (d.label, d.reason, d.confidence) == ("contradicted", "contradicted_by_model", 0.85)


def test_neither_makes_a_word_level_verdict_unverified_but_keeps_a_negation():
    f = finding("corroborated")
    d = combine(f, [(f, p(0.2, 0.1, 0.7))])
    assert (d.label, d.reason, d.confidence) == ("unverified", "no_matching_passage", 0.7)
    neg = finding("contradicted", "negation_mismatch")
    assert combine(neg, [(neg, p(0.2, 0.1, 0.7))]).label == "contradicted"


def test_the_best_entailed_passage_decides_and_a_passage_not_read_keeps_the_rules():
    a, b = finding("unverified", "no_matching_passage", index=0), finding(index=1)
    d = combine(a, [(a, p(0.6, 0.1, 0.3)), (b, p(0.9, 0.05, 0.05))])
    assert (d.index, d.confidence) == (1, 0.9)
    unread = finding("corroborated", index=4)
    assert combine(unread, [(a, p(0.1, 0.1, 0.8))]).label == "corroborated"
    assert combine(unread, []).label == "corroborated"


@pytest.mark.parametrize(("lang", "english"), [(None, True), ("en", True), ("en-GB", True),
                                                ("pl", False), ("ru", False)])
def test_the_model_reads_english_and_unknown(lang, english):
    assert is_english(lang) is english


def test_model_says_breaks_ties_in_label_order():
    assert model_says(p(0.5, 0.5, 0.0)) == "entails"
    assert model_says(p(0.1, 0.2, 0.7)) == "neither"


class Recorder:
    """A stand-in entailment model: fixed probabilities, and a record of the pairs it read."""

    def __init__(self, probs):
        self.probs = probs
        self.calls = []

    def __call__(self, pairs, batch_size=16):
        self.calls.append(list(pairs))
        return [dict(self.probs) for _ in pairs]


def test_the_judge_hands_at_most_three_english_passages_to_the_model():
    claim = "Human activity caused most of the warming since 1950, according to the panel."
    passages = [f"Anthropogenic activity caused most of the warming, report {i} says."
                for i in range(5)] + ["Rain fell on the harbour."]
    model = Recorder(p(0.9, 0.05, 0.05))
    j = judge(claim, passages, entail=model, languages=["pl", None, "en", "en", "en", "en"])
    assert len(model.calls) == 1 and len(model.calls[0]) == MODEL_PASSAGES
    premises = [x for x, _ in model.calls[0]]
    assert passages[0] not in premises and "Rain fell on the harbour." not in premises
    # the hypothesis is the claim's content, without its attribution
    assert {h for _, h in model.calls[0]} == {
        "Human activity caused most of the warming since 1950."}
    assert (j.label, j.reason, j.confidence) == ("corroborated", "entailed", 0.9)


def test_no_related_passage_never_calls_the_model():
    model = Recorder(p(0.9, 0.05, 0.05))
    j = judge("Finland left the Ottawa Convention in 2025.", ["Rain fell on the harbour."],
              entail=model)
    assert j.label == "unverified" and model.calls == []


def test_a_clash_the_model_entails_is_flagged_in_the_judgement():
    model = Recorder(p(0.85, 0.05, 0.1))
    j = judge("The bill passed with 347 votes.", ["The bill passed with 310 votes."],
              entail=model)
    assert (j.label, j.reason, j.review) == ("unverified", "number_mismatch", True)
    assert judge("The bill passed with 347 votes.", ["The bill passed with 310 votes."]).label \
        == "contradicted"


def test_a_label_below_its_floor_is_read_as_neither(monkeypatch):
    from verify.evidence import entail

    monkeypatch.setitem(entail.FLOORS, "entails", 0.8)
    monkeypatch.setitem(entail.FLOORS, "contradicts", 0.9)
    assert model_says(p(0.79, 0.11, 0.1)) == "neither"
    assert model_says(p(0.8, 0.1, 0.1)) == "entails"
    assert model_says(p(0.1, 0.85, 0.05)) == "neither"
    f = finding("unverified", "no_matching_passage")
    unsure = combine(f, [(f, p(0.1, 0.85, 0.05))])
    assert (unsure.label, unsure.reason) == ("unverified", "no_matching_passage")


def test_an_unsure_neither_leaves_the_rules_decision_standing(monkeypatch):
    from verify.evidence import entail

    monkeypatch.setitem(entail.FLOORS, "neither", 0.7)
    f = finding("corroborated", "slots_agree")
    # the model leans to "neither" at 0.6, under its floor: the rules' corroboration stands
    kept = combine(f, [(f, p(0.3, 0.1, 0.6))])
    assert (kept.label, kept.reason) == ("corroborated", "slots_agree")
    # at 0.75 it is sure the passage does not decide: unverified, partly (some words met)
    doubted = combine(f, [(f, p(0.15, 0.1, 0.75))])
    assert (doubted.label, doubted.qualifier, doubted.reason) == (
        "unverified", "partly", "no_matching_passage")
