"""HTML articles to text: block structure kept as line breaks, hyperlinks kept with their spans."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from verify.claims.model import Link

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "nav", "footer", "aside",
                   "form", "button", "svg", "iframe", "figure"})
_BLOCK = frozenset({"p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4",
                    "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th",
                    "br", "hr", "dd", "dt", "figcaption", "body"})


class _Builder:
    """Appends text, collapsing whitespace as it goes, so offsets are final when recorded."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.last = "\n"

    def text(self, s: str) -> None:
        s = re.sub(r"\s+", " ", s)
        if self.last in " \n":
            s = s.lstrip(" ")
        if s:
            self.parts.append(s)
            self.length += len(s)
            self.last = s[-1]

    def block(self) -> None:
        if self.parts and self.last == " ":
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
            self.last = self.parts[-1][-1:] or "\n"
        if self.parts and self.last != "\n":
            self.parts.append("\n\n")
            self.length += 2
            self.last = "\n"


def html_to_text(html: str) -> tuple[str, tuple[Link, ...], dict[str, Any]]:
    """The readable text of a page, its links with spans, and metadata found in the head."""
    soup = BeautifulSoup(html, "lxml")
    meta = _metadata(soup)
    root = soup.find("article") or soup.find("main") or soup.body or soup
    out = _Builder()
    links: list[Link] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                out.text(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            block = child.name in _BLOCK
            if block:
                out.block()
            if child.name == "a" and child.get("href"):
                start, first = out.length, len(out.parts)
                walk(child)
                label = "".join(out.parts[first:])
                lead = len(label) - len(label.lstrip())
                label = label.strip()
                if label:
                    span = (start + lead, start + lead + len(label))
                    links.append(Link(label, str(child["href"]), span))
            else:
                walk(child)
            if block:
                out.block()

    if isinstance(root, Tag):
        walk(root)
    text = "".join(out.parts).strip("\n ")
    offset = len("".join(out.parts)) - len("".join(out.parts).lstrip("\n "))
    if offset:
        links = [Link(lk.text, lk.href, (lk.span[0] - offset, lk.span[1] - offset)) for lk in links]
    return text, tuple(links), meta


def _metadata(soup: BeautifulSoup) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def meta_content(**attrs: str) -> str | None:
        query: dict[str, Any] = dict(attrs)
        tag = soup.find("meta", attrs=query)
        if isinstance(tag, Tag) and tag.get("content"):
            return str(tag["content"]).strip()
        return None

    title = meta_content(property="og:title")
    if not title and soup.title and soup.title.string:
        title = soup.title.string.strip()
    if title:
        found["title"] = title
    url = meta_content(property="og:url")
    canonical = soup.find("link", rel="canonical")
    if not url and isinstance(canonical, Tag) and canonical.get("href"):
        url = str(canonical["href"])
    if url:
        found["url"] = url
    publisher = meta_content(property="og:site_name")
    if publisher:
        found["publisher"] = publisher
    # The page's own statements of its date, most explicit first; the first that
    # gives a date wins, and the report says which one it was.
    candidates: list[tuple[str, str | None]] = [
        ("the page's article:published_time", meta_content(property="article:published_time")),
        ("the page's JSON-LD datePublished", _json_ld_date(soup)),
        ("the page's <meta itemprop=datePublished>", meta_content(itemprop="datePublished")),
        ("the page's <meta name=date>", meta_content(name="date")),
    ]
    time_tag = soup.find("time", datetime=True)
    if isinstance(time_tag, Tag):
        candidates.append(("the page's <time datetime>", str(time_tag["datetime"])))
    for origin, published in candidates:
        if published and re.match(r"\d{4}-\d{2}-\d{2}", published.strip()):
            found["published"] = published.strip()[:10]
            found["published_from"] = origin
            break
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag) and html_tag.get("lang"):
        found["language"] = str(html_tag["lang"]).split("-")[0].lower()
    return found


_ARTICLE_TYPES = ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "BlogPosting", "WebPage", "Report", "OpinionNewsArticle")


def _json_ld_date(soup: BeautifulSoup) -> str | None:
    """datePublished of the page's JSON-LD (schema.org) article, if it states one."""
    import json

    def walk(node: Any) -> str | None:
        if isinstance(node, list):
            return next((d for d in map(walk, node) if d), None)
        if not isinstance(node, dict):
            return None
        if "@graph" in node:
            return walk(node["@graph"])
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        value = node.get("datePublished")
        if isinstance(value, str) and (any(k in _ARTICLE_TYPES for k in kinds) or not any(kinds)):
            return value
        return None

    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue  # a broken block is the page's problem; the others may be fine
        date = walk(data)
        if date:
            return date
    return None
