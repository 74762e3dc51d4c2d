"""Fetcher kind `ria_article`: a RIA Novosti article (Russian), found through the site's
daily listing pages (`/YYYYMMDD/`) and its RSS feed.

The RSS archive feed holds about one day of items, without descriptions, so a
claim about anything older is found through the listing of the days around the
claim's date (the page an article's own date links to), then the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from verify.errors import ParseError
from verify.fetchers._dates import DayWindow, claim_window, parse_rfc822, parse_time_dotted
from verify.fetchers._documents import (
    error_document,
    fetched_body,
    fetched_text,
    fetched_url,
    get_usable,
    pdf_if_pdf,
)
from verify.fetchers._html import (
    element_text,
    join_blocks,
    outgoing_links,
    page_language,
    parse_html,
    squash,
)
from verify.fetchers._names import Mentions, claim_entity_keys, mentions_of, registry_from
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher
from verify.fetchers.options import BUILTIN

# Body blocks that are not the article's own words: embedded recommendations
# ("article") and advertising ("banner").
SKIP_BLOCK_TYPES = ("article", "banner")
_HAS_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_ARTICLE_PATH = re.compile(r"/(\d{8})/[^/?#]+\.html")
_DATELINE = re.compile(r"^\s*([A-ZА-ЯЁ][A-ZА-ЯЁ\-\s]+),\s*(\d{1,2})\s+([а-яё]+)\.?\s*[-–—]\s*"
                       r"РИА\s+Новости\.?", re.I)


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    day: date | None
    description: str


@dataclass(frozen=True)
class RiaPage:
    title: str
    subtitle: str | None
    published: date | None
    author: str | None
    dateline: str | None
    blocks: tuple[str, ...]
    links: tuple[str, ...]
    language: str | None


def parse_feed(body: bytes, url: str) -> tuple[FeedItem, ...]:
    """An RSS 2.0 feed's items; ParseError when it is not RSS."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False,
                                                             no_network=True, recover=False))
    except etree.XMLSyntaxError as e:
        raise ParseError(f"RSS does not parse: {e}", url=url) from None
    if root.tag != "rss" and not root.tag.endswith("}RDF"):
        raise ParseError(f"not an RSS feed (root element <{root.tag}>)", url=url)
    items = []
    for item in root.iter("item"):
        def field(name: str, item: Any = item) -> str:
            return squash(item.findtext(name) or "")
        items.append(FeedItem(field("title"), field("link"), parse_rfc822(field("pubDate")),
                              field("description")))
    return tuple(items)


def listing_url(base: str, day: date) -> str:
    """The site's listing of one day's articles: `https://ria.ru/20260531/`."""
    return f"{base.rstrip('/')}/{day.strftime('%Y%m%d')}/"


def parse_listing(html: str, url: str) -> tuple[FeedItem, ...]:
    """A daily listing page's articles (title and link; the day from the link's path).

    Items are `a.list-item__title` in `div.list-item`; any other link to a dated
    article page is taken too, so a changed listing layout still yields links.
    """
    tree = parse_html(html, url)
    found: dict[str, FeedItem] = {}
    anchors = (tree.xpath(f"//a[{_HAS_CLASS.format('list-item__title')}]")
               or tree.xpath("//a[@href]"))
    for a in anchors:
        href = str(a.get("href") or "").strip()
        link = urljoin(url, href)
        m = _ARTICLE_PATH.search(urlsplit(link).path)
        title = squash(element_text(a))
        if m is None or not title or link in found:
            continue
        found[link] = FeedItem(title, link, _path_day(m.group(1)), "")
    return tuple(found.values())


def _path_day(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def rank_items(items: tuple[FeedItem, ...], sets: Mentions, window: DayWindow | None,
               limit: int) -> list[FeedItem]:
    """Items in the window that mention as many of the claim's entities as the best one
    does (an item naming only one of them is weaker evidence of the same report)."""
    scored = []
    for i, it in enumerate(items):
        if window is not None and (it.day is None or it.day not in window):
            continue
        score = sets.score(f"{it.title} {it.description}")
        if score:
            scored.append((-score, i, it))
    scored.sort(key=lambda t: (t[0], t[1]))
    best = scored[0][0] if scored else 0
    return [it for score, _, it in scored if score == best][:limit]


def parse_article(html: str, url: str) -> RiaPage:
    """A RIA article page; ParseError when it has no article title or body (an error page)."""
    tree = parse_html(html, url)

    def first(xp: str) -> Any:
        found = tree.xpath(xp)
        return found[0] if found else None

    # The title is div.article__title (2022 and 2026 layouts alike); the page's h1 is
    # the second title. Class tokens, not substrings: "article__title" is inside
    # "article__second-title".
    title_el = first(f"//*[{_HAS_CLASS.format('article__title')}]"
                     f"|//*[{_HAS_CLASS.format('b-article__title')}]")
    body_el = first("//div[contains(concat(' ', normalize-space(@class), ' '), ' article__body ')]"
                    "|//div[contains(@class,'b-article__body')]")
    if title_el is None or body_el is None:
        raise ParseError("not a RIA article page (no article__title or article__body)", url=url)
    blocks: list[str] = []
    kept: list[Any] = []
    for block in body_el.xpath(".//div[contains(concat(' ', normalize-space(@class), ' '),"
                               " ' article__block ')]"):
        kind = block.get("data-type", "text")
        if kind in SKIP_BLOCK_TYPES:
            continue
        if kind == "text":
            texts = block.xpath(".//div[contains(@class,'article__text')]") or [block]
            blocks.extend(element_text(t) for t in texts)
            kept.append(block)
        elif kind == "quote":
            blocks.append(element_text(block))
            kept.append(block)
    if not blocks:  # older pages: paragraphs straight in the body
        blocks = [element_text(p) for p in body_el.xpath(".//p")] or [element_text(body_el)]
        kept = [body_el]
    blocks = [b for b in blocks if b]
    dateline = None
    if blocks and (m := _DATELINE.match(blocks[0])):
        dateline = m.group(0).strip()
    sub = first("//*[contains(@class,'article__second-title')]")
    date_el = first("//div[contains(@class,'article__info-date')]/a"
                    "|//*[contains(@class,'b-article__info-date')]")
    author_el = first("//*[contains(@class,'article__author-name')]")
    return RiaPage(
        title=squash(element_text(title_el)),
        subtitle=squash(element_text(sub)) if sub is not None else None,
        published=parse_time_dotted(squash(element_text(date_el))) if date_el is not None
        else None,
        author=squash(element_text(author_el)) if author_el is not None else None,
        dateline=dateline, blocks=tuple(blocks),
        links=outgoing_links(*kept, base_url=url), language=page_language(tree) or "ru")


class RiaArticle(Fetcher):
    kind = "ria_article"
    summary = BUILTIN[kind].summary
    options = BUILTIN[kind].options

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        """Articles of the days around the claim's date (the daily listing pages) and of
        the feed that mention the claim's entities.

        A hyperlink to the site is taken as it is. Without any date (an undated
        article, a claim with none) only the feed's items are candidates.
        """
        base = str(self.config.get("base_url") or "https://ria.ru")
        url = getattr(citation, "url", None)
        if isinstance(url, str) and url.startswith(base):
            return [DocumentRef(url, self.key, "the article's hyperlink", "text/html")]
        window_days = self.config.get("window_days")
        window = claim_window(claim, ctx.published, ctx.as_of,
                              window_days if isinstance(window_days, int) else 60,
                              slack_days=2)
        centre: date | None = None
        days = getattr(getattr(claim, "slots", None), "dates", ())
        if window is not None and days:
            centre = window.start + (window.end - window.start) / 2
        elif window is not None and ctx.published is not None:
            centre = window.end
        if ctx.published is None and not days:
            # as_of is when we judge, not when the article appeared: no window around
            # it, but nothing published after it can be what the article reported
            window = DayWindow(date.min, ctx.as_of) if ctx.as_of is not None else None
        items: list[FeedItem] = []
        if window is not None and centre is not None:
            max_days = self.config.get("max_days")
            for day in _nearest_days(window, centre, max_days if isinstance(max_days, int)
                                     else 7):
                items.extend(await self._listing(ctx, listing_url(base, day)))
        rss = str(self.config.get("rss_url") or f"{base}/export/rss2/archive/index.xml")
        items.extend(await self._feed(ctx, rss))
        # A claim that names nothing ("The move, reported by …") is about what its
        # article is about: the caller may hand the article's entities in ctx.extra.
        keys = claim_entity_keys(claim) or tuple((ctx.extra or {}).get("entities", ()))
        sets = mentions_of(keys, registry_from(ctx))
        limit = self.config.get("max_items")
        unique = tuple({it.link: it for it in reversed(items)}.values())[::-1]
        chosen = rank_items(unique, sets, window, limit if isinstance(limit, int) else 3)
        return [DocumentRef(it.link, self.key, f"article of {it.day}: {it.title[:80]}",
                            "text/html") for it in chosen if it.link]

    @staticmethod
    async def _feed(ctx: FetchContext, rss: str) -> tuple[FeedItem, ...]:
        fetched, problem = await get_usable(ctx, rss)
        if problem is not None:
            return ()
        try:
            return parse_feed(fetched_body(fetched), rss)
        except ParseError as e:
            ctx.problem(rss, fetched, e.message)  # kept and reported, not read as "nothing there"
            return ()

    @staticmethod
    async def _listing(ctx: FetchContext, url: str) -> tuple[FeedItem, ...]:
        fetched, problem = await get_usable(ctx, url)
        if problem is not None:
            return ()
        try:
            return parse_listing(fetched_text(fetched), fetched_url(fetched, DocumentRef(
                url, "", "")))
        except ParseError:
            return ()

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        fetched, problem = await get_usable(ctx, ref.url)
        if problem is not None:
            return [error_document(ref, fetched, problem)]
        if (pdf := await pdf_if_pdf(ref, fetched, ctx)) is not None:
            return pdf
        url = fetched_url(fetched, ref)
        try:
            page = parse_article(fetched_text(fetched), url)
        except ParseError as e:
            return [error_document(ref, fetched, e.message)]
        head = [page.title] + ([page.subtitle] if page.subtitle else [])
        return [Document(ref=ref, fetched=fetched, title=page.title,
                         text=join_blocks(head + list(page.blocks)), language=page.language,
                         published=page.published, author=page.author, links=page.links)]


def _nearest_days(window: DayWindow, centre: date, limit: int) -> list[date]:
    """Days of the window, the one nearest `centre` first, at most `limit` of them."""
    days = [d for d in window.days() if d <= window.end]
    days.sort(key=lambda d: (abs((d - centre).days), d))
    return days[:max(0, limit)]
