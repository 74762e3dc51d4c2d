"""Helpers for the fetcher tests: run a coroutine, a live context, claim drafts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from verify.fetch import HttpFetcher
from verify.fetchers.base import FetchContext
from verify.slots import DateSlot, EntityRef, Quantity, Slots


def run(coro):
    return asyncio.run(coro)


async def with_fetcher(live, registry, fn, **ctx_kw):
    """Run `fn(ctx)` with a context whose `get` is a live HttpFetcher."""
    policy, archive = live
    async with HttpFetcher(policy, archive) as http:
        ctx = FetchContext(get=http.get, extra={"registry": registry}, **ctx_kw)
        return await fn(ctx)


# ---------------------------------------------------------------- claim drafts

@dataclass(frozen=True)
class Citation:
    """Duck-typed like verify.claims' CitationDraft."""

    cited_as: str = ""
    source: str | None = None
    inferred: bool = False
    url: str | None = None
    via: str = "attribution"


@dataclass(frozen=True)
class Claim:
    """Duck-typed like verify.claims' ClaimDraft (the attributes fetchers read)."""

    text: str = ""
    slots: Slots = field(default_factory=Slots)
    kind: str = "fact"
    fact_types: tuple[str, ...] = ()
    speaker: str | None = None
    quote: str | None = None


def entity(key: str, kind: str = "other") -> EntityRef:
    return EntityRef(key, kind, key, (0, 0))


def day(y: int, m: int, d: int) -> DateSlot:
    return DateSlot(y, m, d, f"{y}-{m}-{d}", (0, 0))


def number(v: float) -> Quantity:
    return Quantity(v, None, str(v), (0, 0))
