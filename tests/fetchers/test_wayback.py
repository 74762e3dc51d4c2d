"""wayback over real HTTP: the availability API, then the archived copy as the site served it."""

from __future__ import annotations

from datetime import date

from verify.fetchers.wayback import Wayback, raw_copy_url

from .helpers import Citation, Claim, run, with_fetcher

API = "/wayback/available"


def fetcher(server):
    return Wayback("wayback", {"base_url": server.base,
                               "availability_url": server.base + API})


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
    # links point back at the original site, not into the archive
    assert doc.links == ("https://ministry.example.org/statement",)


def test_nothing_archived_finds_nothing(server, live, registry):
    server.add(f"{API}?url=https%3A%2F%2Fexample.org%2Fnever", "wayback/unavailable.json",
               "application/json")
    f = fetcher(server)

    async def go(ctx):
        never = await f.discover(Citation(url="https://example.org/never"), Claim(), ctx)
        no_url = await f.discover(Citation(), Claim(), ctx)
        return never, no_url

    assert run(with_fetcher(live, registry, go)) == ([], [])
