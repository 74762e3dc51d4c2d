"""On the example: "reported by Ria Novosti" is an attribution claim, and every
process and formalization claim names the step it rests on."""

from __future__ import annotations


def _starting(report: dict, start: str) -> list[dict]:
    return [c for c in report["claims"] if c["text"].startswith(start)]


def test_reported_by_ria_is_judged_as_an_attribution(baseline):
    [move] = _starting(baseline, "The move, reported by Ria Novosti")
    parts = [c for c in baseline["claims"] if c["parent"] == move["id"]]
    [said] = [c for c in parts if c["kind"] == "attribution"]
    [own] = [c for c in parts if c["kind"] == "opinion"]
    assert said["text"].startswith("Ria Novosti reported: Five countries bordering Russia")
    v = said["verdict"]
    # RIA's report found in the window is on the Lithuanian vote, not on five withdrawals
    assert (v["label"], v["reason"]) == ("unverified", "not_in_citation")
    assert "1 report of RIA Novosti found" in v["explanation"]
    assert {e["source"] for e in v["evidence"]} == {"ria"}
    assert own["verdict"]["reason"] == "not_checkable"
    assert move["verdict"]["reason"] == "children"


def test_formalized_by_the_sejm_names_the_vote_and_what_it_is_not(baseline):
    [part] = [c for c in _starting(baseline, "Poland’s withdrawal from the treaty was formalized")
              if c["parent"] is not None]
    v = part["verdict"]
    assert (v["label"], v["reason"]) == ("unverified", "predicate_mismatch")
    assert "shows what the Sejm did: a chamber's vote consenting to a bill" in v["explanation"]
    assert "2025-06-25" in v["explanation"]
    assert "not the step by which the withdrawal takes effect" in v["explanation"]
    assert v["evidence"][0]["source"] == "sejm"


def test_each_initiated_part_names_the_step_it_rests_on(baseline):
    parts = [c for c in baseline["claims"] if "initiated processes to exit" in c["text"]
             and c["verdict"]["reason"] != "children"]
    assert len(parts) == 5  # four states and the count
    for c in parts:
        assert "the earliest formal step on record" in c["verdict"]["explanation"], c["text"]
        assert "a notification to the depositary" in c["verdict"]["explanation"], c["text"]
