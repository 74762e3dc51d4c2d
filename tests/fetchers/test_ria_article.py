"""ria_article over real HTTP: the right item of a feed in a date window, the article page."""

from __future__ import annotations

from datetime import date

from verify.fetchers.base import DocumentRef
from verify.fetchers.ria_article import RiaArticle
from verify.slots import Slots

from .helpers import Citation, Claim, day, entity, run, with_fetcher

FEED = "/export/rss2/archive/index.xml"


def fetcher(server):
    return RiaArticle("ria", {"base_url": server.base, "rss_url": server.base + FEED,
                              "window_days": 30, "max_items": 3})


def test_feed_item_in_window_about_the_claim(server, live, registry):
    server.add(FEED, "ria/feed.xml", "application/rss+xml; charset=utf-8")
    f = fetcher(server)
    # Poland and the treaty, early June 2024: the Sejm vote item, not the January
    # announcement (outside the window), the weather, or the fishing accord
    claim = Claim(slots=Slots(entities=(entity("country:PL", "country"),
                                        entity("test_treaty", "treaty")),
                              dates=(day(2024, 6, 4),)))
    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    assert [r.url for r in refs] == [server.base + "/20240605/sejm-1000000003.html"]
    assert server.requests == [FEED]


def test_window_from_the_article_date_and_ranking(server, live, registry):
    server.add(FEED, "ria/feed.xml", "application/rss+xml; charset=utf-8")
    f = fetcher(server)
    claim = Claim(slots=Slots(entities=(entity("country:PL", "country"),
                                        entity("test_treaty", "treaty"))))
    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx),
                            published=date(2024, 1, 20)))
    assert [r.url for r in refs] == [server.base + "/20240110/test-1000000001.html"]
    # without a dated article every item is a candidate: both that name Poland and
    # the treaty, not the one that names only Poland
    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    assert [r.url for r in refs] == [server.base + "/20240110/test-1000000001.html",
                                     server.base + "/20240605/sejm-1000000003.html"]


def test_article_page_parsed_without_embeds_and_banners(server, live, registry):
    url = server.add("/20240605/sejm-1000000003.html", "ria/article.html",
                     "text/html; charset=utf-8")
    f = fetcher(server)
    (doc,) = run(with_fetcher(live, registry,
                              lambda ctx: f.fetch(DocumentRef(url, "ria", "test"), ctx)))
    assert doc.parse_error is None
    assert doc.title == "Сейм Польши проголосовал за выход из Конвенции о тестовых вопросах"
    assert doc.published == date(2024, 6, 5)
    assert doc.author == "Иван Тестов"
    assert doc.language == "ru"
    assert doc.text.split("\n\n") == [
        "Сейм Польши проголосовал за выход из Конвенции о тестовых вопросах",
        "Решение поддержали 401 депутат",
        "МОСКВА, 5 июн – РИА Новости. Сейм Польши проголосовал за выход из Конвенции о "
        "тестовых вопросах, сообщает пресс-служба.",
        "\"Мы не можем ждать\", — сказал министр.",
        "За проголосовал 401 депутат, против — 17.",
    ]
    assert "https://example.org/konwencja" in doc.links
    assert not any("other.html" in link for link in doc.links)


def test_antibot_and_non_article_pages_are_not_content(server, live, registry):
    a = server.add("/20240606/ryba-1000000004.html", "ria/antibot.html", "text/html")
    b = server.add("/20240305/pogoda-1000000002.html", "web/article.html",
                   "text/html; charset=utf-8")
    f = fetcher(server)

    async def go(ctx):
        return [d for u in (a, b) for d in await f.fetch(DocumentRef(u, "ria", "t"), ctx)]

    antibot, other = run(with_fetcher(live, registry, go))
    assert antibot.parse_error.startswith("antibot_page")
    assert "not a RIA article page" in other.parse_error
    assert antibot.text == other.text == ""


def test_broken_feed_finds_nothing(server, live, registry):
    server.add(FEED, b"<rss><channel><item><title>cut", "application/rss+xml")
    f = fetcher(server)
    claim = Claim(slots=Slots(entities=(entity("test_treaty", "treaty"),)))
    assert run(with_fetcher(live, registry,
                            lambda ctx: f.discover(Citation(), claim, ctx))) == []
