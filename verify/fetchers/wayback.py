"""Fetcher kind `wayback`: the Internet Archive's availability API, its CDX index, and
archived copies.

The availability API answers `{"archived_snapshots": {}}` for many pages that are
archived (notably `https://` URLs), so an empty answer is asked again of the CDX
API. Copies are read in their `id_` form, served as the site served them: their
relative links are relative to the original URL, not to the archive.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from verify.fetchers._dates import parse_wayback_timestamp
from verify.fetchers._documents import error_document, get_json, get_usable, pdf_if_pdf
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher
from verify.fetchers.options import BUILTIN
from verify.fetchers.web_page import page_document

# http://web.archive.org/web/20250627120000/https://example.org/ — the part the
# archive adds before the original URL.
_ARCHIVED = re.compile(r"^(https?://[^/]+/web/)(\d{8,14})([a-z_]*)/(.+)$")


def availability_query(api: str, url: str, when: date | None) -> str:
    params = {"url": url}
    if when is not None:
        params["timestamp"] = when.strftime("%Y%m%d")
    return f"{api}?{urlencode(params)}"


def closest_snapshot(data: Any) -> tuple[str, str] | None:
    """The availability API's closest archived copy: (url, timestamp), or None."""
    if not isinstance(data, dict):
        return None
    closest = (data.get("archived_snapshots") or {}).get("closest")
    if not isinstance(closest, dict) or not closest.get("available"):
        return None
    url, ts = closest.get("url"), closest.get("timestamp")
    if not isinstance(url, str) or not isinstance(ts, str):
        return None
    if str(closest.get("status", "200")) not in ("200", ""):
        return None
    return url, ts


def cdx_query(api: str, url: str, when: date | None) -> str:
    """The CDX query for the last good capture of `url` up to `when` (JSON rows)."""
    params = {"url": url, "output": "json", "fl": "timestamp,original,statuscode",
              "filter": "statuscode:200", "limit": "-1"}
    if when is not None:
        params["to"] = when.strftime("%Y%m%d")
    return f"{api}?{urlencode(params)}"


def cdx_captures(data: Any) -> list[tuple[str, str]]:
    """(timestamp, original URL) of each capture in a CDX JSON answer, as listed.

    The first row names the fields (`["urlkey","timestamp","original",…]` by default,
    or those `fl=` asked for); an empty answer is `[]`.
    """
    if not isinstance(data, list) or not data or not isinstance(data[0], list):
        return []
    header = [str(h) for h in data[0]]
    if "timestamp" not in header or "original" not in header:
        return []
    ts_i, orig_i = header.index("timestamp"), header.index("original")
    status_i = header.index("statuscode") if "statuscode" in header else None
    out = []
    for row in data[1:]:
        if not isinstance(row, list) or len(row) <= max(ts_i, orig_i):
            continue  # the blank row before a resumption key, or the key itself
        if status_i is not None and len(row) > status_i and str(row[status_i]) not in (
                "200", "-"):
            continue
        out.append((str(row[ts_i]), str(row[orig_i])))
    return out


def raw_copy_url(archived: str) -> str:
    """The copy as the site served it (the `id_` form), without the archive's toolbar."""
    m = _ARCHIVED.match(archived)
    if m is None:
        return archived
    return f"{m.group(1)}{m.group(2)}id_/{m.group(4)}"


class Wayback(Fetcher):
    kind = "wayback"
    summary = BUILTIN[kind].summary
    options = BUILTIN[kind].options

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        """The archived copy closest to the article's date of the URL the citation names
        (or `ctx.extra["url"]`, a source that is gone)."""
        target = getattr(citation, "url", None) or (ctx.extra or {}).get("url")
        if not isinstance(target, str) or not target:
            return []
        api = str(self.config.get("availability_url") or "https://archive.org/wayback/available")
        when = ctx.published or ctx.as_of
        found = closest_snapshot(await get_json(ctx, availability_query(api, target, when)))
        if found is not None:
            copy, ts = found
            return [DocumentRef(raw_copy_url(copy), self.key,
                                f"archived copy of {target} taken {ts}", None)]
        cdx = str(self.config.get("cdx_url") or "https://web.archive.org/cdx/search/cdx")
        captures = cdx_captures(await get_json(ctx, cdx_query(cdx, target, when)))
        if not captures:
            return []
        ts, original = captures[-1]
        web = str(self.config.get("web_url") or "https://web.archive.org").rstrip("/")
        return [DocumentRef(f"{web}/web/{ts}id_/{original}", self.key,
                            f"archived copy of {target} taken {ts} (CDX index)", None)]

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        fetched, problem = await get_usable(ctx, ref.url)
        if problem is not None:
            return [error_document(ref, fetched, problem)]
        if (pdf := await pdf_if_pdf(ref, fetched, ctx)) is not None:
            return pdf
        m = _ARCHIVED.match(ref.url)
        # An id_ copy is the page as the site served it: its relative links are
        # relative to the original URL. A rewritten copy's links point into the
        # archive; a source chain wants the originals either way.
        original = m.group(4) if m and "id_" in m.group(3) else None
        doc = page_document(ref, fetched, base_url=original)
        taken = parse_wayback_timestamp(m.group(2)) if m else None
        links = tuple(dict.fromkeys(_original(u) for u in doc.links))
        other = tuple(dict.fromkeys(_original(u) for u in doc.other_links))
        return [replace(doc, links=links, other_links=other,
                        record_date=taken.date() if taken else None)]


def _original(url: str) -> str:
    m = _ARCHIVED.match(url)
    return m.group(4) if m else url
