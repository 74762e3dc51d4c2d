"""The fetch layer: a polite, guarded HTTP client, a WARC archive, and offline replay.

The names below are loaded when first used, so an offline run (archive and
replay) never imports the HTTP client and httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verify._lazy import lazy_names

if TYPE_CHECKING:
    from verify.fetch.archive import Archive, IndexEntry, Problem, verify_archive
    from verify.fetch.client import HttpFetcher, ProgressCallback, StderrProgress, fetch_one
    from verify.fetch.decode import decode_body
    from verify.fetch.guard import AddressGuard, Resolver, StaticResolver, SystemResolver
    from verify.fetch.model import STATUSES, Fetched, WarcLocation, canonical_url
    from verify.fetch.pages import PageVerdict, recognise
    from verify.fetch.policy import FetchPolicy, user_agent
    from verify.fetch.replay import ArchiveReplay, fetched_from_record, render_raw, render_text

_WHERE = {
    "archive": ("Archive", "IndexEntry", "Problem", "verify_archive"),
    "client": ("HttpFetcher", "ProgressCallback", "StderrProgress", "fetch_one"),
    "decode": ("decode_body",),
    "guard": ("AddressGuard", "Resolver", "StaticResolver", "SystemResolver"),
    "model": ("STATUSES", "Fetched", "WarcLocation", "canonical_url"),
    "pages": ("PageVerdict", "recognise"),
    "policy": ("FetchPolicy", "user_agent"),
    "replay": ("ArchiveReplay", "fetched_from_record", "render_raw", "render_text"),
}
__getattr__ = lazy_names(__name__, _WHERE, globals())

__all__ = [
    "STATUSES",
    "AddressGuard",
    "Archive",
    "ArchiveReplay",
    "FetchPolicy",
    "Fetched",
    "HttpFetcher",
    "IndexEntry",
    "PageVerdict",
    "Problem",
    "ProgressCallback",
    "Resolver",
    "StaticResolver",
    "StderrProgress",
    "SystemResolver",
    "WarcLocation",
    "canonical_url",
    "decode_body",
    "fetch_one",
    "fetched_from_record",
    "recognise",
    "render_raw",
    "render_text",
    "user_agent",
    "verify_archive",
]
