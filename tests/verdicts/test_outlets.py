"""Attributions to a news outlet: judged on the outlet's own reports, and only on them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from verify.claims import CitationDraft

from .builders import document, fact, primary, secondary, verdict

AS_OF = date(2031, 6, 1)
HERALD = CitationDraft("Harbour Herald", "harbour_herald", False, None, "attribution")


def reported(text: str, cid: str = "att"):
    from .builders import claim

    c = claim(f"Harbour Herald reported: {text}", kind="attribution", cid=cid)
    return replace(c, citations=(HERALD,), speaker="Harbour Herald")


def herald(text: str, url: str = "https://herald.test/2031/05/20/story") -> object:
    return secondary("harbour_herald", document("harbour_herald", url, text,
                                                title="Harbour Herald story"))


def test_the_outlets_report_saying_it_corroborates_the_attribution(registry):
    v = verdict(registry, reported("Norway's parliament voted 120 to 40 to leave the "
                                   "Harbour Accord."), [herald(
        "Norway's parliament voted 120 to 40 on Tuesday to leave the Harbour Accord.")], AS_OF)
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    assert v.explanation.startswith("Harbour Herald reported it")
    assert v.evidence and v.evidence[0].source == "harbour_herald"


def test_reports_found_that_do_not_say_it_are_not_in_citation(registry):
    v = verdict(registry, reported("Norway has withdrawn from the Harbour Accord."), [herald(
        "Fishing quotas for the northern coast were set for the coming season.")], AS_OF)
    assert (v.label, v.reason) == ("unverified", "not_in_citation")
    assert "1 report of Harbour Herald found" in v.explanation
    assert "none says it" in v.explanation


def test_a_report_with_another_count_contradicts_the_attribution(registry):
    v = verdict(registry, reported("Norway allocated €800 million to rebuild its harbours "
                                   "in 2030."), [herald(
        "Norway allocated €500 million to rebuild its harbours in 2030.")], AS_OF)
    assert (v.label, v.reason) == ("contradicted", "number_mismatch")
    assert "says otherwise" in v.explanation


def test_no_report_found_is_citation_not_found(registry):
    v = verdict(registry, reported("Norway has withdrawn from the Harbour Accord."),
                [secondary("harbour_herald")], AS_OF)
    assert (v.label, v.reason) == ("unverified", "citation_not_found")
    assert not v.evidence


def test_an_unreachable_outlet_is_source_unreachable(registry):
    v = verdict(registry, reported("Norway has withdrawn from the Harbour Accord."),
                [secondary("harbour_herald", unreachable=["https://herald.test/gone"])], AS_OF)
    assert (v.label, v.reason) == ("unverified", "source_unreachable")


def test_the_primary_record_does_not_decide_what_the_outlet_said(registry):
    # The depositary records the withdrawal, so the content is true; but whether
    # the Herald reported it rests on the Herald's report alone.
    record = document("depositary", "https://depositary.test/status", "Status of the accord.",
                      [fact("treaty_action", {"treaty": "harbour_accord", "state": "NO",
                                              "action": "withdrawal", "date_notified":
                                              "2031-01-10", "date_effective": "2031-04-10"},
                            "Norway: withdrawal notified 2031-01-10, effective 2031-04-10")])
    c = reported("Norway has withdrawn from the Harbour Accord.")
    v = verdict(registry, c, [primary("depositary", record), herald(
        "Fishing quotas for the northern coast were set for the coming season.")], AS_OF)
    assert (v.label, v.reason) == ("unverified", "not_in_citation")
    assert all(e.source == "harbour_herald" for e in v.evidence)
    # the same content as a plain fact is judged by the record
    plain = replace(c, kind="fact", text="Norway has withdrawn from the Harbour Accord.",
                    slots=None, citations=())
    v2 = verdict(registry, plain, [primary("depositary", record)], AS_OF)
    assert v2.label == "corroborated"


def test_discovery_that_found_nothing_is_citation_not_found(registry):
    from verify import pipeline
    from verify.verdicts.model import NOTHING_FOUND

    # the pipeline records "found nothing" in the words the judge reads
    assert pipeline.NOTHING_FOUND == NOTHING_FOUND
    nothing = f"harbour_herald: source_unreachable: {NOTHING_FOUND}"
    v = verdict(registry, reported("Norway has withdrawn from the Harbour Accord."),
                [secondary("harbour_herald", unreachable=[nothing])], AS_OF)
    assert (v.label, v.reason) == ("unverified", "citation_not_found")
