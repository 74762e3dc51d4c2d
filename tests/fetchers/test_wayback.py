"""wayback over real HTTP: the availability API, then the archived copy as the site served it."""

from __future__ import annotations

from datetime import date

from verify.fetchers.wayback import Wayback, cdx_captures, cdx_query, raw_copy_url

from .helpers import Citation, Claim, run, with_fetcher

API = "/wayback/available"


CDX = "/cdx/search/cdx"


def fetcher(server):
    return Wayback("wayback", {"base_url": server.base, "availability_url": server.base + API,
                               "cdx_url": server.base + CDX, "web_url": server.base})


def test_raw_copy_url():
    assert raw_copy_url("http://web.archive.org/web/20240620101500/https://e.org/x?a=1") == (
        "http://web.archive.org/web/20240620101500id_/https://e.org/x?a=1")


def test_gone_page_found_and_read_from_the_archive(server, live, registry):
    server.add(f"{API}?url=https%3A%2F%2Fexample.org%2Fgone&timestamp=20240701",
               "wayback/available.json", "application/json")
    server.add("/web/20240620101500id_/https://example.org/gone", "wayback/copy.html",
               "text/html; charset=utf-8")
    f = fetcher(server)

    async def go(ctx):
        refs = await f.discover(Citation(url="https://example.org/gone"), Claim(), ctx)
        return refs, await f.fetch(refs[0], ctx)

    refs, (doc,) = run(with_fetcher(live, registry, go, published=date(2024, 7, 1)))
    assert [r.url for r in refs] == [
        server.base + "/web/20240620101500id_/https://example.org/gone"]
    assert doc.parse_error is None
    assert doc.record_date == date(2024, 6, 20)
    assert "budget of 12 million for testing equipment" in doc.text
    # an id_ copy's relative links are relative to the original URL, not to the archive
    assert doc.links == ("https://ministry.example.org/statement",
                         "https://example.org/archive/2024/budget-plan.html")
    assert doc.other_links == ("https://example.org/", "https://example.org/politics/")


def test_empty_availability_answer_falls_back_to_the_cdx_index(server, live, registry):
    target = "https://example.org/gone"
    server.add(f"{API}?url=https%3A%2F%2Fexample.org%2Fgone&timestamp=20240701",
               "wayback/available-empty-https.json", "application/json")
    query = cdx_query(CDX, target, date(2024, 7, 1))
    server.add(query, "wayback/cdx-last.json", "application/json")
    server.add("/web/20240620101500id_/https://example.org/gone", "wayback/copy.html",
               "text/html; charset=utf-8")
    f = fetcher(server)

    async def go(ctx):
        refs = await f.discover(Citation(url=target), Claim(), ctx)
        return refs, await f.fetch(refs[0], ctx)

    refs, (doc,) = run(with_fetcher(live, registry, go, published=date(2024, 7, 1)))
    assert query in server.requests
    assert "limit=-1" in query and "to=20240701" in query and "statuscode%3A200" in query
    assert [r.url for r in refs] == [
        server.base + "/web/20240620101500id_/https://example.org/gone"]
    assert doc.record_date == date(2024, 6, 20)
    assert "budget of 12 million" in doc.text


def test_cdx_answers():
    assert cdx_captures([]) == []
    assert cdx_captures([["urlkey", "timestamp", "original", "mimetype", "statuscode",
                          "digest", "length"],
                         ["org,example)/", "20020120142510", "http://example.org:80/",
                          "text/html", "200", "X", "1792"],
                         ["org,example)/", "20030101000000", "http://example.org:80/",
                          "text/html", "404", "Y", "10"], [], ["resumekey"]]) == [
        ("20020120142510", "http://example.org:80/")]


def test_nothing_archived_finds_nothing(server, live, registry):
    server.add(f"{API}?url=https%3A%2F%2Fexample.org%2Fnever", "wayback/unavailable.json",
               "application/json")
    server.add(cdx_query(CDX, "https://example.org/never", None), "wayback/cdx-empty.json",
               "application/json")
    f = fetcher(server)

    async def go(ctx):
        never = await f.discover(Citation(url="https://example.org/never"), Claim(), ctx)
        no_url = await f.discover(Citation(), Claim(), ctx)
        return never, no_url

    assert run(with_fetcher(live, registry, go)) == ([], [])
