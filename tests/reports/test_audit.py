"""The audit: chains to a primary source or a dead end; circles; shared origins; PROV."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from prov.model import ProvDocument

from verify.audit import audit, prov_document, prov_json, render_audit_text
from verify.errors import InputError

from .conftest import schema


def _snap(sid, source, url, links=(), status="ok", reconstructed=False):
    return {"id": sid, "source": source, "requested_url": url, "final_url": url, "status": status,
            "reason": "", "fetched_at": "2025-07-01T09:00:00+00:00", "sha256": None,
            "reconstructed": reconstructed, "provenance": {}, "links": list(links), "title": None}


def _claim(cid, cites, text="A claim.", flags=()):
    return {"id": cid, "text": text, "kind": "fact", "parent": None, "span": None,
            "citations": [{"source": s, "cited_as": s or "someone", "inferred": False, "url": None}
                          for s in cites],
            "flags": list(flags), "verdict": None, "review": None}


def _report(sources, snapshots, claims):
    return {"tool": "verify", "version": "0.1.0",
            "run": {"id": "r-test", "started_at": "2025-07-01T09:00:00+00:00",
                    "finished_at": "2025-07-01T09:01:00+00:00", "as_of": "2025-07-01"},
            "article": {"sha256": "0" * 64, "text": "An article."},
            "claims": claims,
            "sources": [{"key": k, "name": k.title(), "role": r, "kind": "web_page"}
                        for k, r in sources.items()],
            "snapshots": snapshots}


U = "https://{}.example/story"


@pytest.fixture
def tangled():
    """Daily A cites Weekly B cites Daily A (a circle); Post C and Herald D cite one wire story."""
    sources = {"daily_a": "secondary", "weekly_b": "secondary", "post_c": "secondary",
               "herald_d": "secondary", "wire": "secondary", "ministry": "primary"}
    snapshots = [
        _snap("a1", "daily_a", U.format("a"), [U.format("b")]),
        _snap("b1", "weekly_b", U.format("b") + "/", [U.format("a") + "#top"]),
        _snap("c1", "post_c", U.format("c"), [U.format("wire"), "https://elsewhere.example/x"]),
        _snap("d1", "herald_d", U.format("d"), [U.format("wire")]),
        _snap("w1", "wire", U.format("wire"), []),
        _snap("m1", "ministry", U.format("ministry"), []),
    ]
    claims = [_claim("c-circle", ["daily_a"]), _claim("c-wire", ["post_c", "herald_d"]),
              _claim("c-primary", ["ministry"])]
    return _report(sources, snapshots, claims)


def test_a_circle_is_named_with_both_outlets(tangled):
    result = audit(tangled)
    assert result["circular"] == [{"snapshots": ["a1", "b1", "a1"],
                                   "sources": ["daily_a", "weekly_b", "daily_a"],
                                   "claims": ["c-circle"]}]
    chain = result["chains"][0]
    assert chain["claim"] == "c-circle"
    assert chain["reaches_primary"] is False
    assert "circular" in chain["ends"]
    assert {"circular_reporting", "secondary_source_only"} <= set(chain["flags"])
    text = render_audit_text(result)
    assert "Circular reporting:" in text
    assert "daily_a (a1) → weekly_b (b1) → daily_a (a1)" in text


def test_two_outlets_tracing_to_one_origin_are_named(tangled):
    result = audit(tangled)
    assert result["single_origins"] == [{"origin": "wire", "role": "secondary",
                                         "snapshots": ["w1"], "outlets": ["herald_d", "post_c"],
                                         "claims": ["c-wire"]}]
    chain = next(c for c in result["chains"] if c["claim"] == "c-wire")
    assert "single_origin" in chain["flags"] and "secondary_source_only" in chain["flags"]
    assert chain["ends"] == ["no_link"]
    post = chain["citations"][0]["chain"]["snapshots"][0]
    assert post["links_not_fetched"] == 1  # elsewhere.example was never fetched
    assert "herald_d, post_c → wire" in render_audit_text(result)
    primary = next(c for c in result["chains"] if c["claim"] == "c-primary")
    assert primary["reaches_primary"] and primary["flags"] == [] and primary["ends"] == ["primary"]


def test_an_outlet_citing_itself_is_a_loop_not_a_circle():
    report = _report({"daily_a": "secondary"},
                     [_snap("a1", "daily_a", U.format("a1"), [U.format("a1"), U.format("a2")]),
                      _snap("a2", "daily_a", U.format("a2"), [U.format("a1")])],
                     [_claim("c1", ["daily_a"])])
    result = audit(report)
    assert result["circular"] == []
    assert "circular_reporting" not in result["chains"][0]["flags"]


def test_a_circle_through_another_article_of_the_first_outlet():
    report = _report({"daily_a": "secondary", "weekly_b": "secondary"},
                     [_snap("a1", "daily_a", U.format("a1"), [U.format("b")]),
                      _snap("b1", "weekly_b", U.format("b"), [U.format("a2")]),
                      _snap("a2", "daily_a", U.format("a2"), [])],
                     [_claim("c1", ["daily_a"])])
    result = audit(report)
    assert result["circular"][0]["sources"] == ["daily_a", "weekly_b", "daily_a"]
    assert result["circular"][0]["snapshots"] == ["a1", "b1", "a2"]


def test_dead_ends_unsourced_anonymous_and_unknown(sample):
    sample["claims"].append(_claim("c-unknown", [None]))
    result = audit(sample)
    by_claim = {c["claim"]: c for c in result["chains"]}
    flags = {cid: c["flags"] for cid, c in by_claim.items()}
    icrc = next(c["id"] for c in sample["claims"] if c["citations"]
                and c["citations"][0]["source"] == "icrc")
    assert by_claim[icrc]["ends"] == ["source_unreachable"]
    assert "source_unreachable" in flags[icrc]
    for c in sample["claims"]:
        if "anonymous_source" in c["flags"]:
            assert "anonymous_source" in flags[c["id"]] and "unsourced" not in flags[c["id"]]
        elif not c["citations"] and not c["parent"]:
            assert "unsourced" in flags[c["id"]]
    assert by_claim["c-unknown"]["ends"] == ["unknown_source"]
    assert "unknown_source" in flags["c-unknown"]
    # Parts of a compound claim rest on their parent's citation.
    part = next(c for c in sample["claims"] if c["parent"])
    assert by_claim[part["id"]]["citations"][0]["inherited"] is True


def test_a_long_chain_stops_at_the_walk_limit():
    n = 40
    sources = {f"s{i}": "secondary" for i in range(n)}
    snaps = [_snap(f"x{i}", f"s{i}", U.format(f"x{i}"), [U.format(f"x{i + 1}")]) for i in range(n)]
    result = audit(_report(sources, snaps, [_claim("c1", ["s0"])]))
    assert result["chains"][0]["ends"] == ["walk_limit"]


def test_pages_all_linking_to_one_another_stop_at_the_walk_limit():
    n = 14  # every page links to every other: paths grow factorially without a limit
    sources = {f"s{i}": "secondary" for i in range(n)}
    snaps = [_snap(f"x{i}", f"s{i}", U.format(f"x{i}"),
                   [U.format(f"x{j}") for j in range(n) if j != i]) for i in range(n)]
    result = audit(_report(sources, snaps, [_claim("c1", ["s0"])]))
    assert "walk_limit" in result["chains"][0]["ends"]
    assert len(json.dumps(result)) < 5_000_000


def test_chains_fit_the_report_schema(sample, tangled):
    for report in (sample, tangled):
        report = copy.deepcopy(report)
        report["chains"] = audit(report)["chains"]
        jsonschema.validate(report, schema())
    assert audit(sample) == audit(copy.deepcopy(sample))


def test_bad_snapshots_give_one_clear_error(sample):
    del sample["snapshots"][1]["id"]
    with pytest.raises(InputError, match=r"snapshots\[1\]: missing key 'id'"):
        audit(sample)


def test_prov_json_round_trips_through_prov(sample, tangled):
    for report in (sample, tangled):
        result = audit(report)
        value = prov_json(report, result)
        assert value == prov_json(copy.deepcopy(report), audit(report))  # deterministic
        back = ProvDocument.deserialize(content=json.dumps(value), format="json")
        assert back == prov_document(report, result)
        entities = set(value["entity"])
        for claim in report["claims"]:
            assert f"claim:{claim['id']}" in entities
        for snap in report["snapshots"]:
            assert f"snapshot:{snap['id']}" in entities
        assert value["agent"]["verify:tool"]["verify:version"] == report["version"]
        assert {f"source:{s['key']}" for s in report["sources"]} <= set(value["agent"])
        generated = {r["prov:entity"] for r in value["wasGeneratedBy"].values()}
        assert {f"snapshot:{s['id']}" for s in report["snapshots"]} <= generated
        attributed = {(r["prov:entity"], r["prov:agent"])
                      for r in value["wasAttributedTo"].values()}
        assert {(f"snapshot:{s['id']}", f"source:{s['source']}")
                for s in report["snapshots"]} <= attributed


def test_prov_links_evidence_and_citations(sample):
    value = prov_json(sample, audit(sample))
    derived = {(r["prov:generatedEntity"], r["prov:usedEntity"])
               for r in value["wasDerivedFrom"].values()}
    assert ("snapshot:s-ria", "snapshot:s-kam") in derived  # RIA's page links to the ministry
    for claim in sample["claims"]:
        for ev in (claim["verdict"] or {}).get("evidence", []):
            assert (f"verdict:{claim['id']}", f"snapshot:{ev['snapshot']}") in derived
    rebuilt = {s["id"] for s in sample["snapshots"] if s["reconstructed"]}
    kinds = {a: v["prov:type"] for a, v in value["activity"].items()}
    for sid in rebuilt:
        assert kinds[f"fetch:{sid}"] == "verify:Rebuild"
