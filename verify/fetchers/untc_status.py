"""Fetcher kind `untc_status`: a UN Treaty Collection status page (MTDSG chapter and number): participants, status-as-at date, end-notes as typed facts."""

from __future__ import annotations

from typing import Any

from verify.errors import NotBuiltError
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher, Option


class UntcStatus(Fetcher):
    kind = "untc_status"
    summary = "A UN Treaty Collection status page (MTDSG chapter and number): participants, status-as-at date, end-notes as typed facts."
    options = (
        Option("base_url", str, "the UN Treaty Collection site", default="https://treaties.un.org"),
        Option("language", str, "the page language code ('_en', '_fr')", default="_en"),
    )

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        raise NotBuiltError("fetch (discovery for untc_status)")

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        raise NotBuiltError("fetch (untc_status)")
