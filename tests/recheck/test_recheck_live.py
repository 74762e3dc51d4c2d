"""`verify recheck` live, against a local server whose pages change between rechecks:
the same page, a paragraph added above the quotes, a removed quote, a 404, a redirect."""

from __future__ import annotations

import json
import tomllib

import pytest

from verify.fetch import Archive, FetchPolicy, fetch_one
from verify.recheck import DRIFTS

from .conftest import (
    EXAMPLE,
    check_offline,
    copy_example,
    evidence_by_url,
    rebuilt_documents,
    verify,
    without_times,
)

# The example's web-page sources, served from the local server instead of their
# placeholder addresses.
PATHS = {"lt_mod": "/lt/plan", "president_ua": "/ua/decree", "eduskunta": "/fi/vote"}
RECHECK = ["recheck", "--source", "lt_mod", "--source", "president_ua"]


@pytest.fixture
def live_ws(tmp_path, site):
    """The example with its web pages on the local server, recorded live, then checked
    offline from those records (the other sources replay their rebuilt copies)."""
    ws = copy_example(tmp_path)
    docs = rebuilt_documents()
    placeholders = tomllib.loads((EXAMPLE / "verify.toml").read_text("utf-8"))["sources"]
    toml = ['[workspace]', 'database = "db/verify.sqlite"', 'archive = "archive"', '']
    served = {}
    for key, path in PATHS.items():
        site.page(path, docs[placeholders[key]["urls"][0]]["body"])
        served[key] = site.base + path
        toml += [f"[sources.{key}]", f'urls = ["{served[key]}"]', ""]
    toml += ["[fetch]", 'allowed_networks = ["127.0.0.0/8"]', "retries = 0",
             "per_host_rate = 1000.0", ""]
    (ws / "verify.toml").write_text("\n".join(toml), encoding="utf-8")
    archive = Archive(ws / "archive")
    policy = FetchPolicy(allowed_networks=("127.0.0.0/8",), retries=0, per_host_rate=None)
    for url in served.values():
        assert fetch_one(url, policy, archive).status == "ok"
    archive.close()
    return ws, served, check_offline(ws)


def _drifts(ws) -> list[dict]:
    r = verify(ws, *RECHECK, "--json")
    return json.loads(r.stdout)["drift"]


def test_each_drift_word_from_a_real_change_on_a_live_server(live_ws, site):
    ws, served, report = live_ws
    evidence = evidence_by_url(report)
    lt, ua = served["lt_mod"], served["president_ua"]
    assert evidence.get(lt) and evidence.get(ua), "the web-page sources carry evidence"
    lt_body, ua_body = site.routes["/lt/plan"][2], site.routes["/ua/decree"][2]
    before = without_times(json.loads(verify(ws, "report", "--format", "json").stdout))

    # 1. nothing changed
    drifts = _drifts(ws)
    assert len(drifts) == len(evidence[lt]) + len(evidence[ua])
    assert {d["drift"] for d in drifts} == {"unchanged"}
    assert all(d["new_sha256"] == d["old_sha256"] and d["new_position"] == d["old_position"]
               for d in drifts)

    # 2. a paragraph added above the ministry's quotes; the decree's page answers 404
    assert b"<p>" in lt_body
    site.page("/lt/plan", lt_body.replace(b"<p>", b"<p>A paragraph added since.</p>\n<p>", 1))
    site.routes["/ua/decree"] = (404, {"Content-Type": "text/plain"}, b"Not Found")
    for d in _drifts(ws):
        if d["url"] == lt:
            assert d["drift"] == "changed_quote_anchors", d
            assert d["new_sha256"] != d["old_sha256"]
            assert d["new_position"][0] > d["old_position"][0], "the quote moved down"
        else:
            assert d["url"] == ua
            assert d["drift"] == "page_gone" and "404" in d["reason"], d
            assert d["new_sha256"] is None and d["new_position"] is None

    # 3. one quote removed from the ministry's page; the decree moved (301)
    _claim, removed = evidence[lt][0]
    exact = removed["quote"]["exact"]
    assert exact.encode() in lt_body
    site.page("/lt/plan", lt_body.replace(exact.encode(), b"This sentence was withdrawn."))
    site.routes["/ua/decree"] = (301, {"Location": "/ua/decree-moved"}, b"")
    site.page("/ua/decree-moved", ua_body)
    r = verify(ws, *RECHECK, "-o", "drift.json")
    lines = [line.split("\t") for line in r.stdout.splitlines()]
    drifts = json.loads((ws / "drift.json").read_text("utf-8"))["drift"]
    assert len(lines) == len(drifts) and all(len(cols) == 4 for cols in lines)
    words = {}
    for cols, d in zip(lines, drifts, strict=True):
        assert cols[:3] == [d["claim"], d["drift"], d["url"]]
        old, new = cols[3].split("→")
        assert old == d["old_sha256"][:12] and new == (d["new_sha256"] or "-")[:12]
        words.setdefault(d["drift"], []).append(d)
        if d["url"] == lt and d["quote"] == exact:
            assert d["drift"] == "quote_gone" and d["new_position"] is None, d
        elif d["url"] == lt:
            assert d["drift"] == "changed_quote_anchors", d
        else:
            assert d["drift"] == "redirected", d
            assert d["new_final_url"] == site.base + "/ua/decree-moved"
            assert d["new_sha256"] == d["old_sha256"], "same page, another address"
            assert "still there" in d["reason"]
    assert set(words) == {"quote_gone", "changed_quote_anchors", "redirected"}
    assert f"{len(drifts)} evidence quote(s)" in r.stderr and "1 quote_gone" in r.stderr

    # the new copy of the ministry's page is stored and shown as fetched
    new_snap = next(d["new_snapshot"] for d in drifts if d["quote"] == exact)
    shown = verify(ws, "show", new_snap, "--text").stdout
    assert "This sentence was withdrawn." in shown and exact not in shown
    # a recheck never changes a verdict
    after = without_times(json.loads(verify(ws, "report", "--format", "json").stdout))
    assert after == before
    assert set(DRIFTS) >= set(words)


def test_a_server_that_is_gone_is_page_gone_not_an_error(live_ws, site):
    ws, _served, _report = live_ws
    site.close()  # nothing listens on the port any more
    r = verify(ws, *RECHECK, "--json")
    drifts = json.loads(r.stdout)["drift"]
    assert drifts and {d["drift"] for d in drifts} == {"page_gone"}
    # (robots.txt is asked first and cannot be read either: the fetch layer says so)
    assert all("network_error" in d["reason"] for d in drifts), drifts[0]["reason"]
