"""Count claims, unreachable secondaries, partial support, dated records, other acts, words."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from verify.verdicts.documents import worded
from verify.verdicts.model import REASONS

from .builders import claim, document, fact, primary, secondary, verdict

ROOT = Path(__file__).resolve().parents[2]
URL = "https://depositary.test/harbour-accord/status"
NOTES = {
    "PT": ("On 14 March 2031, the depositary received a notification of withdrawal by the "
           "Government of Portugal. The withdrawal takes effect on 14 September 2031."),
    "NO": ("On 14 March 2031, the depositary received a notification of withdrawal by the "
           "Government of Norway. The withdrawal takes effect on 14 September 2031."),
    "DK": ("On 2 May 2031, the depositary received a notification of withdrawal by the "
           "Government of Denmark. The withdrawal takes effect on 2 November 2031."),
}


def action(state, notified, effective, kind="withdrawal"):
    return fact("treaty_action", {
        "treaty": "harbour_accord", "state": state, "action": kind,
        "date": notified, "date_notified": notified, "date_effective": effective},
        f"{state}: {kind}; notification received {notified}; takes effect {effective}.")


WITHDRAWALS = [action("PT", "2031-03-14", "2031-09-14"), action("NO", "2031-03-14", "2031-09-14"),
               action("DK", "2031-05-02", "2031-11-02")]


def status(*facts, notes=("PT", "NO", "DK")):
    text = "Status of the Harbour Accord.\n\n" + "\n\n".join(
        f"{n}. {NOTES[k]}" for n, k in enumerate(notes, 1))
    return document("depositary", URL, text, facts, title="Status of the Harbour Accord")


def count_claim(text, members=("country:PT", "country:NO", "country:DK")):
    return replace(claim(text, sources=["wire"]), role="count", members=tuple(members))


GROUP = "Three northern states have collectively withdrawn from the Harbour Accord."
DOWN = "https://wire.test/story-that-is-gone"


def test_count_before_any_withdrawal_took_effect_is_out_of_date(registry):
    sources = [primary("depositary", status(*WITHDRAWALS)), secondary("wire", unreachable=[DOWN])]
    v = verdict(registry, count_claim(GROUP), sources, date(2031, 10, 1))
    assert (v.label, v.qualifier, v.reason) == ("contradicted", "out_of_date",
                                                "not_in_effect_as_of")
    assert "2 of the 3 states it counts" in v.explanation
    assert "Denmark" in v.explanation and "2031-11-02" in v.explanation
    # the secondary source that could not be read is named, not made the reason
    assert DOWN in v.explanation
    later = verdict(registry, count_claim(GROUP), sources, date(2031, 12, 1))
    assert (later.label, later.reason) == ("corroborated", "slots_agree")
    assert "3 of the 3" in later.explanation


def test_a_count_that_does_not_match_its_list_is_a_number_mismatch(registry):
    c = count_claim("Four northern states have withdrawn from the Harbour Accord.")
    v = verdict(registry, c, [primary("depositary", status(*WITHDRAWALS))], date(2031, 12, 1))
    assert (v.label, v.reason) == ("contradicted", "number_mismatch")
    assert "names 3" in v.explanation


def test_a_count_with_a_state_without_record_is_not_corroborated(registry):
    c = count_claim(GROUP, members=("country:PT", "country:NO", "country:SE"))
    v = verdict(registry, c, [primary("depositary", status(*WITHDRAWALS))], date(2031, 12, 1))
    assert (v.label, v.qualifier) == ("unverified", "partly")
    assert "no record of Sweden" in v.explanation


def test_an_unreachable_secondary_does_not_hide_a_primary_answer(registry):
    c = claim("Portugal has withdrawn from the Harbour Accord.", sources=["wire"])
    sources = [primary("depositary", status(*WITHDRAWALS)), secondary("wire", unreachable=[DOWN])]
    v = verdict(registry, c, sources, date(2031, 10, 1))
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    assert DOWN in v.explanation
    # with the primary unreachable too, it is source_unreachable
    gone = [primary("depositary", unreachable=[URL]), secondary("wire", unreachable=[DOWN])]
    assert verdict(registry, c, gone, date(2031, 10, 1)).reason == "source_unreachable"


def test_the_quote_of_a_fact_names_its_state(registry):
    v = verdict(registry, claim("Norway has withdrawn from the Harbour Accord."),
                [primary("depositary", status(*WITHDRAWALS))], date(2031, 10, 1))
    [ev] = v.evidence
    assert "Norway" in ev.exact and "14 September 2031" in ev.exact
    assert "Portugal" not in ev.exact


# ---------------------------------------------------------------- partial support

BUDGET_PAGE = ("Coastal defence plan.\n\n"
               "The ministry announced a ten-year plan worth €2 billion. About €300 million of "
               "it is for buying patrol boats and coastal radars, a deputy minister said.")


def budget_doc(text=BUDGET_PAGE):
    return document("navy_ministry", "https://navy.test/plan", text, title="Coastal defence plan")


def test_part_of_what_the_claim_says_of_an_amount_is_partly_backed(registry):
    c = claim("Norway, in particular, has allocated €300 million to build patrol boats and "
              "submarines, a move that has sparked fierce debate.", fact_types=["budget"])
    v = verdict(registry, c, [primary("navy_ministry", budget_doc())], date(2031, 1, 1))
    assert (v.label, v.qualifier, v.reason) == ("unverified", "partly", "predicate_mismatch")
    assert "‘€300 million’" in v.explanation and "‘patrol’" in v.explanation
    assert "‘submarines’" in v.explanation  # what is missing, in the claim's own words
    assert "Norway (the source is its own)" in v.explanation
    assert "sparked fierce debate" in v.explanation
    [ev] = v.evidence
    assert "About €300 million" in ev.exact


def test_a_rival_amount_is_not_partial_support(registry):
    c = claim("Norway has allocated €900 million to buy patrol boats.", fact_types=["budget"])
    v = verdict(registry, c, [primary("navy_ministry", budget_doc())], date(2031, 1, 1))
    assert v.qualifier != "partly" or v.label == "contradicted"
    assert v.label != "corroborated"


def test_explanations_show_words_not_stems(registry):
    text = ("Lithuania, in particular, has allocated money to modernize its defence "
            "infrastructure and anti-personnel systems.")
    detail = worded("the passage lacks lithuania, particular, allocat, moderniz, defenc, "
                    "infrastructur, personnel", text)
    assert detail == ("the passage lacks ‘Lithuania’, ‘particular’, ‘allocated’, ‘modernize’, "
                      "‘defence’, ‘infrastructure’, ‘anti-personnel’")
    assert worded("claim says 1999, passage 2001", text) == "claim says 1999, passage 2001"
    # and through the engine: whatever the nearest passage lacks is named in the claim's words
    c = claim("The coastal radars of the ministry were modernized to ensure rapid responses "
              "in winter storms.")
    v = verdict(registry, c, [primary("navy_ministry", budget_doc())], date(2031, 1, 1))
    for word in re.findall(r"‘([^’]+)’", v.explanation):
        assert word in c.text


# ---------------------------------------------------------------- dated records, other acts

DECREE = ("Dekret nr 12/2031\n\n3 marca 2031 r.\n\n"
          "Dekret wprowadza w życie decyzję o wyjściu Portugalii z Porozumienia Portowego.")
ANNOUNCED = "Portugal's exit from the Harbour Accord was formally announced on March 3."


def decree():
    return document("presidency", "https://presidency.test/decree-12", DECREE,
                    title="Dekret nr 12/2031", language="pl")


def suspended():
    text = ("Status of the Harbour Accord.\n\n1. On 20 March 2031, the depositary received a "
            "communication from the Government of Portugal on suspending the Accord.")
    return document("depositary", URL, text, [action("PT", "2031-03-20", None, "suspension")])


def test_a_dated_record_in_another_language_backs_the_announcement(registry):
    sources = [primary("depositary", suspended()), primary("presidency", decree())]
    before = verdict(registry, claim(ANNOUNCED), sources, date(2031, 3, 10))
    assert (before.label, before.qualifier, before.reason) == ("corroborated", None,
                                                               "slots_agree")
    assert any("3 marca 2031" in e.exact for e in before.evidence)


def test_a_depositary_recording_another_act_makes_the_announcement_misleading(registry):
    sources = [primary("depositary", suspended()), primary("presidency", decree())]
    v = verdict(registry, claim(ANNOUNCED), sources, date(2031, 6, 1))
    assert (v.label, v.qualifier) == ("corroborated", "misleading")
    assert "suspension" in v.explanation and "no withdrawal" in v.explanation
    assert any("suspending" in e.exact and "Portugal" in e.exact for e in v.evidence)


def test_a_decree_dated_otherwise_does_not_back_the_date(registry):
    sources = [primary("presidency", decree())]
    v = verdict(registry, claim(ANNOUNCED.replace("March 3", "March 9")), sources,
                date(2031, 6, 1))
    assert v.label != "corroborated"


def test_has_withdrawn_is_contradicted_by_a_record_of_another_act(registry):
    v = verdict(registry, claim("Portugal has withdrawn from the Harbour Accord."),
                [primary("depositary", suspended())], date(2031, 6, 1))
    assert (v.label, v.reason) == ("contradicted", "predicate_mismatch")
    assert "suspension" in v.explanation


def test_a_typed_record_backs_only_what_it_holds(registry):
    text = "Status of the Harbour Accord.\n\nEntry into force: 1 June 2010."
    doc = document("depositary", URL, text, [fact(
        "treaty_status", {"treaty": "harbour_accord", "entry_into_force": "2010-06-01"},
        "Entered into force 1 Jun 2010.")])
    c = claim("The Harbour Accord, which entered into force in 2010, has saved about 3,000 "
              "sailors, Jonas Berg estimates.")
    v = verdict(registry, c, [primary("depositary", doc)], date(2031, 6, 1))
    assert (v.label, v.qualifier) == ("unverified", "partly")
    assert "3,000" in v.explanation and "Jonas Berg" in v.explanation


# ---------------------------------------------------------------- vocabulary

def test_every_reason_is_in_the_report_schema_and_the_rules_page():
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text("utf-8"))
    enums = [node["enum"] for node in _walk(schema) if isinstance(node, dict)
             and "enum" in node and "slots_agree" in node["enum"]]
    assert enums
    page = (ROOT / "docs" / "verdict-rules.md").read_text("utf-8")
    for reason in REASONS:
        assert all(reason in e for e in enums), reason
        assert f"`{reason}`" in page, reason


def _walk(node):
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) \
        else ()
    for child in children:
        yield from _walk(child)
