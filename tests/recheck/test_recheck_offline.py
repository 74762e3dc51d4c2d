"""`verify recheck --offline` over a whole run: the archive gains newer records of some
URLs (a changed page, a 404, a redirect), and each quote's drift follows from them."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from verify.fetch import Archive
from verify.fetch.archive import parse_warc_date

from .conftest import check_offline, copy_example, evidence_by_url, rebuilt_documents, verify


def _later(archive: Archive, url: str):
    return parse_warc_date(archive.lookup(url).date) + timedelta(days=1)


@pytest.fixture(scope="module")
def rechecked(tmp_path_factory):
    ws = copy_example(tmp_path_factory.mktemp("offline"))
    report = check_offline(ws)
    evidence = evidence_by_url(report)
    url_of = {ev["source"]: url for url, items in evidence.items() for _, ev in items}
    assert {"untc", "sejm", "lt_mod", "president_ua"} <= set(url_of), url_of
    docs = rebuilt_documents()
    archive = Archive(ws / "archive")

    # the ministry's page changes: one of its quotes is no longer in it
    lt = url_of["lt_mod"]
    removed = evidence[lt][0][1]["quote"]["exact"]
    body = docs[lt]["body"].decode("utf-8")
    assert removed in body
    entry = archive.lookup(lt)
    archive.write_resource(lt, docs[lt]["media_type"],
                           body.replace(removed, "This sentence was withdrawn.").encode(),
                           archive.provenance(entry.location.record_id),
                           date=_later(archive, lt))
    # the Sejm's voting record answers 404
    sejm = url_of["sejm"]
    split = urlsplit(sejm)
    archive.write_exchange(url=sejm, method="GET", target=split.path, request_headers=[],
                           status=404, reason_phrase="Not Found",
                           response_headers=[("Content-Type", "text/plain")], payload=b"gone",
                           fetched_at=_later(archive, sejm))
    # the decree moved to another address, same document
    ua = url_of["president_ua"]
    moved = ua + "-moved"
    entry = archive.lookup(ua)
    when = _later(archive, ua)
    archive.write_exchange(url=ua, method="GET", target=urlsplit(ua).path, request_headers=[],
                           status=301, reason_phrase="Moved Permanently",
                           response_headers=[("Location", moved)], payload=b"", fetched_at=when)
    archive.write_resource(moved, docs[ua]["media_type"], docs[ua]["body"],
                           archive.provenance(entry.location.record_id), date=when)
    archive.close()
    r = verify(ws, "recheck", "--offline", "--json")
    return ws, report, url_of, removed, json.loads(r.stdout), r.stderr


def test_every_evidence_quote_of_the_run_is_classified(rechecked):
    _ws, report, _url_of, _removed, out, _err = rechecked
    n = sum(len((c["verdict"] or {}).get("evidence", [])) for c in report["claims"])
    assert len(out["drift"]) == n and out["run"] == report["run"]["id"]
    assert out["as_of"] == report["run"]["as_of"] and out["offline"] is True
    assert sum(out["summary"].values()) == n


def test_the_drift_of_each_url_follows_its_newer_record(rechecked):
    _ws, _report, url_of, removed, out, stderr = rechecked
    by_url: dict[str, set[str]] = {}
    for d in out["drift"]:
        by_url.setdefault(d["url"], set()).add(d["drift"])
        if d["url"] == url_of["lt_mod"]:
            expected = "quote_gone" if d["quote"] == removed else "changed_quote_anchors"
            assert d["drift"] == expected, d
    assert by_url[url_of["untc"]] == {"unchanged"}
    assert by_url[url_of["sejm"]] == {"page_gone"}
    assert by_url[url_of["president_ua"]] == {"redirected"}
    assert by_url[url_of["lt_mod"]] <= {"quote_gone", "changed_quote_anchors"}
    assert all(out["summary"][word] for word in out["summary"]), out["summary"]
    assert "rest on evidence that moved" in stderr


def test_an_unchanged_record_keeps_every_quote_where_it_was(rechecked):
    _ws, _report, url_of, _removed, out, _err = rechecked
    untc = [d for d in out["drift"] if d["url"] == url_of["untc"]]
    assert untc and all(d["new_position"] == d["old_position"] for d in untc)
    assert all(d["new_sha256"] == d["old_sha256"] and d["new_snapshot"] == d["old_snapshot"]
               for d in untc), "the same record is the same snapshot row"


def test_bad_input_is_one_line_and_exit_2(rechecked):
    ws = rechecked[0]
    for args, words in ((["recheck", "no-such-run"], "no run matches"),
                        (["recheck", "--offline", "--source", "nope"], "no such source"),
                        (["recheck", "--as-of", "July"], "--as-of")):
        r = verify(ws, *args, ok=False)
        assert r.returncode == 2, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and words in r.stderr, r.stderr
