"""Fetcher kind `web_page`: any article page: main text, title, dates, language, outgoing links."""

from __future__ import annotations

from typing import Any

from verify.errors import NotBuiltError
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher, Option


class WebPage(Fetcher):
    kind = "web_page"
    summary = "Any article page: main text, title, dates, language, outgoing links."
    options = (
        Option("urls", list, "documents known to hold this source's evidence", default=[]),
        Option("site", str, "the site's address, to match hyperlinks to this source"),
    )

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        raise NotBuiltError("fetch (discovery for web_page)")

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        raise NotBuiltError("fetch (web_page)")
