"""web_page over real HTTP: discovery from a hyperlink or configured URLs; the page's parts."""

from __future__ import annotations

from datetime import date

from verify.fetchers.base import DocumentRef
from verify.fetchers.web_page import WebPage

from .helpers import Citation, Claim, run, with_fetcher


def test_discovery_takes_the_hyperlink_on_the_site_else_configured_urls(server, live, registry):
    f = WebPage("paper", {"site": "https://www.testilehti.example",
                          "urls": ["https://www.testilehti.example/a", "https://x.example/b"]})

    async def go(ctx):
        on_site = await f.discover(Citation(url="https://testilehti.example/news/1"), Claim(), ctx)
        elsewhere = await f.discover(Citation(url="https://other.example/"), Claim(), ctx)
        none = await f.discover(Citation(), Claim(), ctx)
        return on_site, elsewhere, none

    on_site, elsewhere, none = run(with_fetcher(live, registry, go))
    assert [r.url for r in on_site] == ["https://testilehti.example/news/1"]
    assert [r.url for r in elsewhere] == [r.url for r in none] == [
        "https://www.testilehti.example/a", "https://x.example/b"]
    assert server.requests == []


def test_page_main_text_title_date_language_links(server, live, registry):
    url = server.add("/news/eduskunta", "web/article.html", "text/html; charset=utf-8")
    f = WebPage("web", {})
    (doc,) = run(with_fetcher(live, registry,
                              lambda ctx: f.fetch(DocumentRef(url, "web", "test"), ctx)))
    assert doc.parse_error is None
    assert doc.title == "Eduskunta hyväksyi testisopimuksen irtisanomisen"
    assert doc.published == date(2024, 6, 19)
    assert doc.language == "fi"
    assert "äänin 150–20" in doc.text
    assert "Etusivu" not in doc.text and "© Testilehti" not in doc.text
    # the article's links, fragment dropped; not the menu's
    assert doc.links == ("https://www.eduskunta.fi/poytakirja/123", "https://um.fi/tiedote")


def test_missing_and_empty_pages(server, live, registry):
    empty = server.add("/news/empty", b"", "text/html")
    f = WebPage("web", {})

    async def go(ctx):
        a = await f.fetch(DocumentRef(server.base + "/news/gone", "web", "t"), ctx)
        b = await f.fetch(DocumentRef(empty, "web", "t"), ctx)
        return a + b

    gone, blank = run(with_fetcher(live, registry, go))
    assert "404" in gone.parse_error and gone.text == ""
    assert blank.parse_error and blank.text == ""


def test_page_without_article_keeps_main_text_links_apart(server, live, registry):
    url = server.add("/en/riverton-votes-for-a-new-bridge/a-1", "web/no-article.html",
                     "text/html; charset=utf-8")
    f = WebPage("web", {})
    (doc,) = run(with_fetcher(live, registry,
                              lambda ctx: f.fetch(DocumentRef(url, "web", "test"), ctx)))
    assert doc.parse_error is None
    assert "by 21 votes to 9" in doc.text
    # the links of the main text, relative ones made absolute ...
    assert doc.links == ("https://riverton.example/council/decision-2020-01",
                         server.base + "/en/riverton-budget-explained/a-99")
    # ... and the page's other links apart: menus, share buttons, related, footer
    assert server.base + "/en/germany/s-1" in doc.other_links
    assert any("facebook.com/sharer" in u for u in doc.other_links)
    assert server.base + "/en/old-bridge-plan/a-100" in doc.other_links
    assert not set(doc.links) & set(doc.other_links)
