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


LISTING = "/20240605/"


def serve(server):
    server.add(FEED, "ria/feed.xml", "application/rss+xml; charset=utf-8")
    server.add(LISTING, "ria/listing-20240605.html", "text/html; charset=utf-8")


def test_dated_claim_found_through_the_daily_listing(server, live, registry):
    serve(server)
    f = fetcher(server)
    # Poland and the treaty, 4 June 2024: the feed holds only the latest day (20 June), so
    # the article is found on the listing of 5 June (the nearest days are read first)
    claim = Claim(slots=Slots(entities=(entity("country:PL", "country"),
                                        entity("test_treaty", "treaty")),
                              dates=(day(2024, 6, 4),)))
    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    assert [r.url for r in refs] == [server.base + "/20240605/sejm-1000000003.html"]
    assert server.requests == ["/20240604/", "/20240603/", "/20240605/", "/20240602/",
                               "/20240606/", FEED]


def test_window_from_the_article_date_and_the_feed_without_dates(server, live, registry):
    serve(server)
    f = fetcher(server)
    claim = Claim(slots=Slots(entities=(entity("country:PL", "country"),
                                        entity("test_treaty", "treaty"))))
    # an article of 7 June: the listings of the days before it (at most max_days)
    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx),
                            published=date(2024, 6, 7)))
    assert [r.url for r in refs] == [server.base + "/20240605/sejm-1000000003.html"]
    assert sum(1 for r in server.requests if r != FEED) == 7  # max_days
    # no date anywhere: the feed's items only, of which the one naming both
    server.requests.clear()
    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    assert [r.url for r in refs] == [server.base + "/20240620/sejm-1000000011.html"]
    assert server.requests == [FEED]


def test_article_page_2026_layout_with_a_recaptcha_form(server, live, registry):
    url = server.add("/20240605/sejm-1000000003.html", "ria/article.html",
                     "text/html; charset=utf-8")
    f = fetcher(server)
    (doc,) = run(with_fetcher(live, registry,
                              lambda ctx: f.fetch(DocumentRef(url, "ria", "test"), ctx)))
    # the hidden g-recaptcha-response field of the registration form is not a challenge
    assert doc.fetched.status == "ok" and doc.parse_error is None
    # the title is div.article__title, the h1 the second title
    assert doc.title == "Сейм Польши проголосовал за выход из Конвенции о тестовых вопросах"
    assert doc.published == date(2024, 6, 5)
    assert doc.language == "ru"
    parts = doc.text.split("\n\n")
    assert parts[:5] == [
        "Сейм Польши проголосовал за выход из Конвенции о тестовых вопросах",
        "Решение поддержали 401 депутат",
        "МОСКВА, 5 июн – РИА Новости. Сейм Польши проголосовал за выход из Конвенции о "
        "тестовых вопросах, сообщает пресс-служба.",
        "\"Мы не можем ждать\", — сказал министр.",
        "За проголосовал 401 депутат, против — 17.",
    ]
    # neither the AI summary, the recommendation, the banner nor the form is the article
    assert "Краткий пересказ" not in doc.text and "Читайте также" not in doc.text
    assert "Подписывайтесь" not in doc.text and "Зарегистрироваться" not in doc.text
    assert "https://example.org/konwencja" in doc.links
    assert not any("other-1000000099" in link for link in doc.links)


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
