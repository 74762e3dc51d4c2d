"""Fetcher kind `wayback`: the Internet Archive's availability API and archived copies."""

from __future__ import annotations

from typing import Any

from verify.errors import NotBuiltError
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher, Option


class Wayback(Fetcher):
    kind = "wayback"
    summary = "The Internet Archive's availability API and archived copies."
    options = (
        Option("base_url", str, "the Wayback Machine", default="https://archive.org"),
        Option("availability_url", str, "the availability API",
               default="https://archive.org/wayback/available"),
    )

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        raise NotBuiltError("fetch (discovery for wayback)")

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        raise NotBuiltError("fetch (wayback)")
