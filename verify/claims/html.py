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
    published = meta_content(property="article:published_time") or meta_content(
        name="date"
    )
    if not published:
        time_tag = soup.find("time", datetime=True)
        if isinstance(time_tag, Tag):
            published = str(time_tag["datetime"])
    if published and re.match(r"\d{4}-\d{2}-\d{2}", published):
        found["published"] = published[:10]
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag) and html_tag.get("lang"):
        found["language"] = str(html_tag["lang"]).split("-")[0].lower()
    return found
