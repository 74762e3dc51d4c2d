"""Fetcher kind `ria_article`: a RIA Novosti article (Russian), found through the RSS archive in a date window."""

from __future__ import annotations

from typing import Any

from verify.errors import NotBuiltError
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher, Option


class RiaArticle(Fetcher):
    kind = "ria_article"
    summary = "A RIA Novosti article (Russian), found through the RSS archive in a date window."
    options = (
        Option("base_url", str, "the site", default="https://ria.ru"),
        Option("rss_url", str, "the RSS archive feed",
               default="https://ria.ru/export/rss2/archive/index.xml"),
        Option("window_days", int, "days around the claim's date to search", default=60),
    )

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        raise NotBuiltError("fetch (discovery for ria_article)")

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        raise NotBuiltError("fetch (ria_article)")
