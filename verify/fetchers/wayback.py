"""Fetcher kind `wayback`: the Internet Archive's availability API and archived copies."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from verify.fetchers._dates import parse_wayback_timestamp
from verify.fetchers._documents import error_document, get_json, get_usable
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
        found = closest_snapshot(await get_json(
            ctx, availability_query(api, target, ctx.published or ctx.as_of)))
        if found is None:
            return []
        copy, ts = found
        return [DocumentRef(raw_copy_url(copy), self.key,
                            f"archived copy of {target} taken {ts}", None)]

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        fetched, problem = await get_usable(ctx, ref.url)
        if problem is not None:
            return [error_document(ref, fetched, problem)]
        doc = page_document(ref, fetched)
        m = _ARCHIVED.match(ref.url)
        taken = parse_wayback_timestamp(m.group(2)) if m else None
        # The copy's links point into the archive; a source chain wants the originals.
        links = tuple(_original(u) for u in doc.links)
        return [replace(doc, links=links, record_date=taken.date() if taken else None)]


def _original(url: str) -> str:
    m = _ARCHIVED.match(url)
    return m.group(4) if m else url
