"""Fetcher kind `web_page`: any article page: main text, title, dates, language, outgoing links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from verify.errors import ParseError
from verify.fetchers._dates import parse_iso_day
from verify.fetchers._documents import (
    error_document,
    fetched_text,
    fetched_url,
    get_usable,
    pdf_if_pdf,
)
from verify.fetchers._html import (
    element_text,
    outgoing_links,
    page_language,
    page_title,
    parse_html,
)
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher
from verify.fetchers.options import BUILTIN


@dataclass(frozen=True)
class Page:
    title: str | None
    text: str
    published: date | None
    language: str | None
    author: str | None
    links: tuple[str, ...]  # the main text's links
    other_links: tuple[str, ...] = ()  # the page's other links: menus, share buttons, …


def parse_page(html: str, url: str, base_url: str | None = None) -> Page:
    """Main text by trafilatura (the whole visible text when it finds none), with metadata.

    `base_url` is what relative links are relative to, when not `url` (an archived
    copy served as the site served it).
    """
    tree = parse_html(html, url)
    base = base_url or url
    import trafilatura  # here, not at the top: it takes 0.1 s to import and only pages need it

    # Source chains want the links of the article, not of the menus around it: those
    # of <article>/<main>, else those trafilatura keeps in the main text.
    everything = outgoing_links(tree, base_url=base)
    main = tree.xpath("//article|//main|//*[@role='main']")
    links = outgoing_links(*main, base_url=base) if main else _main_text_links(html, base)
    kept = set(links)
    other = tuple(u for u in everything if u not in kept)
    language = page_language(tree)

    extracted = trafilatura.bare_extraction(html, url=base, with_metadata=True,
                                            include_comments=False, include_tables=True,
                                            favor_recall=True)
    meta: dict[str, Any] = {}
    if extracted is not None:
        meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = str(meta.get("text") or "").strip()
    if not text:
        body = tree.body if tree.body is not None else tree
        text = element_text(body)
    if not text:
        raise ParseError("page has no text", url=url)
    title = meta.get("title") or page_title(tree)
    return Page(title=str(title) if title else None, text=text,
                published=parse_iso_day(meta.get("date")),
                language=language or (str(meta["language"]) if meta.get("language") else None),
                author=str(meta["author"]) if meta.get("author") else None, links=links,
                other_links=other)


def _main_text_links(html: str, base: str) -> tuple[str, ...]:
    """The links trafilatura keeps in the main text (its `ref` elements), absolute."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, url=base, with_metadata=False,
                                            include_links=True, include_comments=False,
                                            include_tables=True)
    body = getattr(extracted, "body", None)
    if body is None:
        return ()
    own = urldefrag(base).url
    seen: dict[str, None] = {}
    for target in body.xpath(".//ref/@target"):
        link = urldefrag(urljoin(base, str(target).strip())).url
        if urlsplit(link).scheme in ("http", "https") and link != own:
            seen.setdefault(link, None)
    return tuple(seen)


def page_document(ref: DocumentRef, fetched: Any, base_url: str | None = None) -> Document:
    """A fetched page as a Document, or one with parse_error saying why not."""
    url = fetched_url(fetched, ref)
    try:
        page = parse_page(fetched_text(fetched), url, base_url)
    except ParseError as e:
        return error_document(ref, fetched, e.message)
    return Document(ref=ref, fetched=fetched, title=page.title, text=page.text,
                    language=page.language, published=page.published, author=page.author,
                    links=page.links, other_links=page.other_links)


def _same_site(url: str, site: str | None) -> bool:
    if not site:
        return True
    host, want = urlsplit(url).hostname or "", urlsplit(site).hostname or site
    host, want = host.removeprefix("www."), want.removeprefix("www.")
    return host == want or host.endswith("." + want)


class WebPage(Fetcher):
    kind = "web_page"
    summary = BUILTIN[kind].summary
    options = BUILTIN[kind].options

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        """The citation's hyperlink when it points at this source's site, else the source's
        configured `urls`. No request is needed to decide."""
        site = self.config.get("site")
        url = getattr(citation, "url", None)
        if isinstance(url, str) and url and _same_site(url, site):
            return [DocumentRef(url, self.key, "the article's hyperlink", None)]
        return [DocumentRef(str(u), self.key, "a document configured for this source", None)
                for u in self.config.get("urls") or () if isinstance(u, str)]

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        fetched, problem = await get_usable(ctx, ref.url)
        if problem is not None:
            return [error_document(ref, fetched, problem)]
        if (pdf := await pdf_if_pdf(ref, fetched, ctx)) is not None:
            return pdf
        return [page_document(ref, fetched)]
