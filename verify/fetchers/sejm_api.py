"""Fetcher kind `sejm_api`: the Sejm's JSON API: sittings, votings and transcripts as typed vote facts."""

from __future__ import annotations

from typing import Any

from verify.errors import NotBuiltError
from verify.fetchers.base import Document, DocumentRef, FetchContext, Fetcher, Option


class SejmApi(Fetcher):
    kind = "sejm_api"
    summary = "The Sejm's JSON API: sittings, votings and transcripts as typed vote facts."
    options = (
        Option("base_url", str, "the API root", default="https://api.sejm.gov.pl/sejm"),
        Option("term", int, "the Sejm term of office", required=True),
        Option("page_size", int, "items asked per page (limit)", default=50),
    )

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        raise NotBuiltError("fetch (discovery for sejm_api)")

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        raise NotBuiltError("fetch (sejm_api)")
