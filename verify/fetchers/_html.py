"""HTML helpers shared by the page fetchers: parsing, visible text, links, language."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

from verify.errors import ParseError

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SKIP_TAGS = {"script", "style", "noscript", "template"}


def parse_html(text: str, url: str) -> lxml.html.HtmlElement:
    """An lxml tree of the page, or ParseError naming the URL."""
    if not text.strip():
        raise ParseError("empty HTML document", url=url)
    try:
        # lxml refuses str input that declares an encoding; the text is decoded already.
        cleaned = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
        return lxml.html.document_fromstring(cleaned)
    except (etree.ParserError, ValueError) as e:
        raise ParseError(f"HTML does not parse: {e}", url=url) from None


def squash(text: str) -> str:
    """One line: runs of whitespace (tabs, NBSP, newlines) become one space."""
    return " ".join(text.split())


def element_text(el: etree._Element, *, skip_sup: bool = False) -> str:
    """The visible text of an element, block elements on their own lines."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS or (skip_sup and tag == "sup"):
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                        "table", "ol", "ul", "br", "section", "article", "blockquote"}
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if tag in {"td", "th"}:
            parts.append("\t")
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    walk(el)
    lines = (_WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def page_title(tree: lxml.html.HtmlElement) -> str | None:
    for xp in ("//meta[@property='og:title']/@content", "//title/text()", "//h1//text()"):
        found = [squash(str(v)) for v in tree.xpath(xp)]
        found = [v for v in found if v]
        if found:
            return found[0]
    return None


def page_language(tree: lxml.html.HtmlElement) -> str | None:
    """The page's declared language ("pl" from lang="pl-PL"), or None."""
    for xp in ("/html/@lang", "/html/@xml:lang", "//meta[@http-equiv='content-language']/@content"):
        try:
            values = tree.xpath(xp)
        except etree.XPathError:
            continue
        for v in values:
            code = str(v).strip().split("-")[0].split("_")[0].lower()
            if code:
                return code
    return None


def outgoing_links(*elements: etree._Element, base_url: str) -> tuple[str, ...]:
    """Absolute http(s) links inside `elements` to other pages, in page order, without
    fragments or repeats (a `<base href>` of the page is honoured)."""
    if not elements:
        return ()
    base = elements[0].getroottree().xpath("//base/@href")
    root = urljoin(base_url, str(base[0])) if base else base_url
    own = urldefrag(base_url).url
    seen: dict[str, None] = {}
    hrefs = [h for el in elements for h in el.xpath(".//a/@href")]
    for href in hrefs:
        url = urldefrag(urljoin(root, str(href).strip())).url
        if urlsplit(url).scheme in ("http", "https") and url != own:
            seen.setdefault(url, None)
    return tuple(seen)


def join_blocks(blocks: list[str]) -> str:
    """Paragraphs separated by one blank line."""
    return _BLANK_LINES.sub("\n\n", "\n\n".join(b.strip() for b in blocks if b.strip()))
