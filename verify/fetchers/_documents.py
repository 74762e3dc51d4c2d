"""Turning what the fetch layer returned into Documents, failures included.

A failed fetch, an anti-bot page or a body that does not parse becomes a
`Document` with `parse_error` set — data, not an exception that stops the run.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from verify.errors import ParseError
from verify.fetchers._pdf import PdfLimits, PdfRefused, is_pdf, read_pdf
from verify.fetchers.base import Document, DocumentRef, FetchContext

# Statuses of verify.fetch.Fetched that carry a usable body.
USABLE_STATUSES = ("ok", "not_modified")


def fetched_status(fetched: Any) -> str:
    return str(getattr(fetched, "status", "ok") or "ok")


def failure_reason(fetched: Any) -> str | None:
    """Why `fetched` holds nothing to parse, or None when it does.

    A 200 answer that the fetch layer recognised as an anti-bot or error page has
    status "antibot_page"; an HTTP error keeps its code in the reason.
    """
    status = fetched_status(fetched)
    if status not in USABLE_STATUSES:
        reason = getattr(fetched, "reason", "") or ""
        code = getattr(fetched, "http_status", None)
        parts = [status] + ([f"HTTP {code}"] if code else []) + ([reason] if reason else [])
        return ": ".join(parts)
    code = getattr(fetched, "http_status", None)
    if isinstance(code, int) and code >= 400:
        return f"http_error: HTTP {code}"
    if not fetched_body(fetched):
        return "empty body"
    return None


def fetched_body(fetched: Any) -> bytes:
    body = getattr(fetched, "body", b"")
    return body if isinstance(body, bytes) else b""


def fetched_text(fetched: Any) -> str:
    """The decoded body: the fetch layer's decoding (charset-checked) when it gave one."""
    text = getattr(fetched, "text", None)
    if isinstance(text, str):
        return text
    return fetched_body(fetched).decode("utf-8", errors="replace")


def fetched_url(fetched: Any, ref: DocumentRef) -> str:
    return str(getattr(fetched, "final_url", None) or ref.url)


def fetched_json(fetched: Any, url: str) -> Any:
    """The JSON body, or ParseError naming the URL."""
    loader = getattr(fetched, "json", None)
    if callable(loader):
        return loader()
    try:
        return json.loads(fetched_text(fetched))
    except ValueError as e:
        raise ParseError(f"not valid JSON: {e}", url=url) from None


def error_document(ref: DocumentRef, fetched: Any, reason: str) -> Document:
    """A Document that says why there is no content; never any content."""
    return Document(ref=ref, fetched=fetched, parse_error=reason)


async def get_usable(ctx: FetchContext, url: str) -> tuple[Any, str | None]:
    """Get `url` through the fetch layer; the Fetched and why it is unusable (or None)."""
    fetched = await ctx.get(url)
    return fetched, failure_reason(fetched)


async def get_json(ctx: FetchContext, url: str) -> Any | None:
    """A discovery request's JSON, or None when it failed or did not parse.

    Discovery that cannot read a listing finds nothing there; the failed
    response is in the archive already, so nothing is lost by going on.
    """
    fetched, problem = await get_usable(ctx, url)
    if problem is not None:
        return None
    try:
        return fetched_json(fetched, url)
    except ParseError as e:
        ctx.problem(url, fetched, e.message)  # kept and reported, not read as "nothing there"
        return None


def fetched_is_pdf(fetched: Any) -> bool:
    return is_pdf(getattr(fetched, "media_type", None), fetched_body(fetched))


async def pdf_document(ref: DocumentRef, fetched: Any, ctx: FetchContext) -> Document:
    """A fetched PDF as a Document: its pages' text (each page ending with a form feed,
    so a quote's position names its page), or parse_error saying why it was not read.

    Limits come from `ctx.extra["pdf_limits"]` (a PdfLimits), else the defaults.
    """
    limits = (ctx.extra or {}).get("pdf_limits")
    url = fetched_url(fetched, ref)
    try:
        pdf = await asyncio.to_thread(read_pdf, fetched_body(fetched), url,
                                      limits if isinstance(limits, PdfLimits) else None)
    except PdfRefused as e:
        return error_document(ref, fetched, e.message)
    first = next((line.strip() for page in pdf.pages for line in page.splitlines()
                  if line.strip()), None)
    return Document(ref=ref, fetched=fetched, title=first[:200] if first else None,
                    text=pdf.text, no_text_pages=pdf.no_text_layer)


async def pdf_if_pdf(ref: DocumentRef, fetched: Any, ctx: FetchContext) -> list[Document] | None:
    """[the PDF's Document] when `fetched` is a PDF, else None: every fetcher that meets
    application/pdf (already archived by the fetch layer) hands it to the PDF reader."""
    if fetched_is_pdf(fetched):
        return [await pdf_document(ref, fetched, ctx)]
    return None
