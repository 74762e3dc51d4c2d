"""Source roles, unreachable sources, opinions, rebuilt snapshots, parents, determinism."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from verify.errors import MatchError
from verify.verdicts import (
    RULESET,
    EvidenceValue,
    VerdictValue,
    judge_parent,
    verdict_from_json,
    verdict_json,
    verdict_to_json,
)

from .builders import claim, document, fact, primary, secondary, verdict

AS_OF = date(2032, 1, 1)
BUDGET = "The Norwegian coast guard received 40 new patrol boats in 2030."
PAGE = ("Annual report of the coast guard.\n\n"
        "In 2030 the Norwegian coast guard received 40 new patrol boats, all built at home.")


def test_primary_prose_corroborates(registry):
    doc = document("parliament", "https://parliament.test/report", PAGE, title="Annual report")
    v = verdict(registry, claim(BUDGET), [primary("parliament", doc)], AS_OF)
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    [ev] = v.evidence
    assert ev.exact in PAGE and PAGE[ev.start:ev.end] == ev.exact
    assert ev.reconstructed is False and "rebuilt" not in v.explanation


def test_primary_prose_contradicts_a_number(registry):
    doc = document("parliament", "https://parliament.test/report", PAGE.replace("40", "25"))
    v = verdict(registry, claim(BUDGET), [primary("parliament", doc)], AS_OF)
    assert (v.label, v.reason) == ("contradicted", "number_mismatch")


def test_secondary_alone_is_secondary_source_only(registry):
    doc = document("wire", "https://wire.test/boats", PAGE)
    v = verdict(registry, claim(BUDGET, sources=["wire"]), [secondary("wire", doc)], AS_OF)
    assert (v.label, v.reason) == ("unverified", "secondary_source_only")
    assert v.evidence and v.evidence[0].source == "wire"


def test_an_attribution_is_checked_against_the_cited_source(registry):
    c = claim("The wire reported that the Norwegian coast guard received 40 new patrol boats "
              "in 2030.", kind="attribution", sources=["wire"])
    doc = document("wire", "https://wire.test/boats", PAGE)
    v = verdict(registry, c, [secondary("wire", doc)], AS_OF)
    assert v.label == "corroborated"


def test_rebuilt_snapshots_are_marked(registry):
    doc = document("parliament", "https://parliament.test/report", PAGE, reconstructed=True)
    v = verdict(registry, claim(BUDGET), [primary("parliament", doc)], AS_OF)
    assert v.evidence[0].reconstructed is True
    assert "rebuilt copy" in v.explanation


def test_unreachable_sources(registry):
    down = document("parliament", "https://parliament.test/down", status="source_unreachable")
    v = verdict(registry, claim(BUDGET), [primary("parliament", down,
                                                  unreachable=["https://parliament.test/x"])],
                AS_OF)
    assert (v.label, v.reason) == ("unverified", "source_unreachable")
    assert "https://parliament.test/down" in v.explanation


def test_unsourced_anonymous_and_opinion(registry):
    assert verdict(registry, claim(BUDGET, flags=["unsourced"]), [], AS_OF).reason == "unsourced"
    anon = verdict(registry, claim(BUDGET, flags=["anonymous_source"]), [], AS_OF)
    assert anon.reason == "anonymous_source"
    op = verdict(registry, claim("The new boats are a waste of money.", kind="opinion"),
                 [primary("parliament", document("parliament", "https://p.test/r", PAGE))], AS_OF)
    assert (op.label, op.reason, op.evidence) == ("unverified", "not_checkable", ())
    assert "opinion" in op.explanation


def test_nothing_about_the_claim(registry):
    doc = document("parliament", "https://parliament.test/report", "Weather was mild all year.")
    v = verdict(registry, claim(BUDGET), [primary("parliament", doc)], AS_OF)
    assert (v.label, v.reason) == ("unverified", "no_matching_passage")


def test_a_bad_role_is_one_clear_error(registry):
    from verify.verdicts import SourceDocs
    with pytest.raises(MatchError, match="role"):
        verdict(registry, claim(BUDGET), [SourceDocs("x", "tertiary", ())], AS_OF)


# ---------------------------------------------------------------- parents

@dataclass(frozen=True)
class Parent:
    id: str


def child(cid: str, label: str, qualifier: str | None = None, conf: float = 0.9) -> VerdictValue:
    ev = EvidenceValue(f"psg_{cid}", "depositary", "https://d.test", "ab" * 32, False, "x", "",
                       "", 0, 1, 50.0, (), ())
    return VerdictValue(cid, label, qualifier, "slots_agree", conf, AS_OF, (ev,), "x.")


@pytest.mark.parametrize("labels,expected", [
    (["corroborated", "corroborated"], ("corroborated", None)),
    (["corroborated", "contradicted"], ("contradicted", "partly")),
    (["contradicted", "contradicted"], ("contradicted", None)),
    (["corroborated", "unverified"], ("unverified", "partly")),
    (["unverified", "unverified"], ("unverified", None)),
])
def test_parent_follows_children(labels, expected):
    kids = [child(f"c{i}", lab) for i, lab in enumerate(labels)]
    v = judge_parent(Parent("p"), kids, as_of=AS_OF)
    assert (v.label, v.qualifier, v.reason) == (*expected, "children")
    assert [e.passage_id for e in v.evidence] == sorted(f"psg_c{i}" for i in range(len(labels)))


def test_parent_all_out_of_date_children_is_out_of_date():
    kids = [child("a", "contradicted", "out_of_date"), child("b", "contradicted", "out_of_date")]
    v = judge_parent(Parent("p"), kids, as_of=AS_OF)
    assert (v.label, v.qualifier) == ("contradicted", "out_of_date")
    with pytest.raises(MatchError):
        judge_parent(Parent("p"), [], as_of=AS_OF)


def test_parent_ignores_the_order_of_children():
    kids = [child("a", "corroborated"), child("b", "contradicted", conf=0.7)]
    assert judge_parent(Parent("p"), kids, as_of=AS_OF) == \
        judge_parent(Parent("p"), kids[::-1], as_of=AS_OF)


# ---------------------------------------------------------------- determinism

def test_same_inputs_give_byte_identical_output(registry):
    facts = [fact("treaty_action", {"treaty": "harbour_accord", "state": s, "action": "withdrawal",
                                    "date": "2031-03-14", "date_notified": "2031-03-14",
                                    "date_effective": e}, f"{s}: withdrawal, effective {e}.")
             for s, e in (("PT", "2031-09-14"), ("NO", "2031-04-01"))]

    def run():
        docs = [primary("depositary", document("depositary", "https://d.test/s", PAGE, facts)),
                primary("parliament", document("parliament", "https://p.test/r", PAGE)),
                secondary("wire", document("wire", "https://w.test/a", PAGE))]
        claims = [claim("Portugal and Norway have withdrawn from the Harbour Accord.", cid="a"),
                  claim(BUDGET, cid="b")]
        return [verdict(registry, c, docs, date(2031, 6, 1)) for c in claims]

    first, second = run(), run()
    assert first == second
    assert [verdict_json(v) for v in first] == [verdict_json(v) for v in second]
    # and the stored form reads back to the same value
    assert [verdict_from_json(verdict_to_json(v)) for v in first] == first
    assert RULESET == "rules-4"


def test_a_passage_that_is_merely_silent_does_not_contradict(registry):
    page = ("Annual report of the coast guard.\n\n"
            "The Norwegian coast guard trained crews on the northern coast.")
    doc = document("parliament", "https://parliament.test/report", page)
    c = claim("The Norwegian coast guard trained crews on the northern coast and bought new "
              "boats for the arctic.")
    v = verdict(registry, c, [primary("parliament", doc)], AS_OF)
    # the nearest passage is shown, with why it does not settle the claim
    assert (v.label, v.reason) == ("unverified", "no_matching_passage")
    assert "does not say it" in v.explanation
    assert v.evidence[0].exact == "The Norwegian coast guard trained crews on the northern coast."


class _Model:
    """A stand-in entailment model with the signature of verify.nli.predict: fixed
    probabilities, and a record of the (passage, claim) pairs it was given."""

    def __init__(self, entails, contradicts, neither):
        self.probs = {"entails": entails, "contradicts": contradicts, "neither": neither}
        self.pairs = []

    def __call__(self, pairs, batch_size=16):
        self.pairs += list(pairs)
        return [dict(self.probs) for _ in pairs]


def test_an_entailment_model_is_handed_down_to_the_prose_judge(registry):
    page = ("Annual report of the coast guard.\n\n"
            "The Norwegian coast guard trained crews on the northern coast.")
    doc = document("parliament", "https://parliament.test/report", page)
    c = claim("The Norwegian coast guard trained crews along its northern shores.")
    from verify.verdicts import judge_claim
    model = _Model(0.9, 0.04, 0.06)
    v = judge_claim(c, [primary("parliament", doc)], registry=registry, as_of=AS_OF,
                    entail=model)
    assert (v.label, v.reason, v.confidence) == ("corroborated", "entailed", 0.9)
    assert model.pairs and all(h == c.text for _, h in model.pairs)
    assert len(model.pairs) <= 3
    # without a model the rules decide, with their own reason
    assert verdict(registry, c, [primary("parliament", doc)], AS_OF).reason != "entailed"


def test_the_model_reads_no_passage_of_another_language(registry):
    page = "Raport roczny.\n\nNorweska straż przybrzeżna szkoliła załogi na północnym wybrzeżu."
    doc = document("parliament", "https://parliament.test/raport", page, language="pl")
    c = claim("The Norwegian coast guard trained crews on the northern coast.")
    from verify.verdicts import judge_claim
    model = _Model(0.9, 0.04, 0.06)
    judge_claim(c, [primary("parliament", doc)], registry=registry, as_of=AS_OF, entail=model)
    assert model.pairs == []


def test_the_typed_facts_never_go_through_the_model(registry):
    doc = document("parliament", "https://parliament.test/report", PAGE.replace("40", "25"))
    from verify.verdicts import judge_claim
    model = _Model(0.95, 0.02, 0.03)
    v = judge_claim(claim(BUDGET), [primary("parliament", doc)], registry=registry, as_of=AS_OF,
                    entail=model)
    # a number clash the model reads as entailed: unverified, and said to need review
    assert (v.label, v.reason) == ("unverified", "number_mismatch")
    assert "review" in v.explanation
