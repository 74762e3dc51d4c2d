"""What the fetch layer returns: `Fetched`, where it is archived, and how a response is judged.

`make_fetched` is the one place that turns an HTTP status, headers and a body
into a result status, so a live fetch and its offline replay judge alike.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from verify.errors import ParseError
from verify.fetch.decode import decode_body, is_textual, media_type_of
from verify.fetch.pages import recognise
from verify.redact import redact_url

STATUSES = (
    "ok", "not_modified", "http_error", "timeout", "network_error", "blocked_address",
    "robots_disallowed", "redirect_loop", "too_large", "antibot_page", "source_unreachable",
)
OK_STATUSES = frozenset({"ok", "not_modified"})


@dataclass(frozen=True)
class WarcLocation:
    """Where a record lives in the archive."""

    file: str  # path of the WARC file relative to the archive root
    offset: int  # byte offset of the record (response or resource)
    record_id: str  # WARC-Record-ID


@dataclass(frozen=True)
class Fetched:
    """One fetched, replayed or rebuilt document — or the reason there is none."""

    requested_url: str
    final_url: str
    status: str
    http_status: int | None
    reason: str  # one line; "" when ok
    headers: tuple[tuple[str, str], ...]
    fetched_at: datetime  # UTC; for a replay, the record's WARC-Date
    media_type: str | None
    encoding: str | None  # what was used to decode `text`
    body: bytes = field(repr=False)
    text: str | None = field(repr=False)
    payload_sha256: str | None  # hex; equals the WARC payload digest
    warc: WarcLocation | None
    reconstructed: bool = False
    provenance: Mapping[str, Any] = field(default_factory=dict)
    redirects: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether `body` and `text` are the source's content (check before parsing)."""
        return self.status in OK_STATUSES

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    def json(self) -> Any:
        """The body parsed as JSON; ParseError (with the URL) if it is not JSON."""
        if self.status == "too_large":
            raise ParseError("body was cut at the size cap; not parsed as JSON",
                             url=self.final_url)
        source = self.text if self.text is not None else self.body.decode("utf-8", "replace")
        try:
            return json.loads(source)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                             url=self.final_url) from exc


# A URL that httpx's parser leaves as it is, but for the fragment: lowercase
# http(s) scheme and host (no IDNA, no IP address, no port), a path without dot
# segments and a query of characters that need no escaping. Such URLs are
# canonical without importing httpx (an offline run opens no socket and need
# not load the HTTP stack); tests/fetch compares both ways on many URLs.
_PLAIN_URL = re.compile(
    r"(?P<keep>https?://(?P<host>[a-z](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z](?:[a-z0-9-]*[a-z0-9])?)*)"
    r"(?:(?P<path>/[A-Za-z0-9._~!$&'()*+,;=:@/%-]*)(?:\?[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*)?)?)"
    r"(?:#[\x21-\x7e]*)?")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def canonical_url(url: str) -> str:
    """The form a URL is archived and looked up under: normalised, no fragment, and
    credentials redacted (so the archive never holds them, and lookups still match)."""
    plain = _PLAIN_URL.fullmatch(url) if isinstance(url, str) else None
    if (plain is not None and "xn--" not in plain["host"]
            and not _DOT_SEGMENT.search(plain["path"] or "")):
        return redact_url(plain["keep"])
    return _httpx_canonical(url)


def _httpx_canonical(url: str) -> str:
    import httpx

    try:
        return redact_url(str(httpx.URL(url).copy_with(fragment=None)))
    except (httpx.InvalidURL, TypeError, ValueError):
        return redact_url(url) if isinstance(url, str) else url


def failure(requested_url: str, status: str, reason: str, fetched_at: datetime, *,
            final_url: str | None = None, http_status: int | None = None,
            redirects: tuple[str, ...] = ()) -> Fetched:
    """A result with no document: the failure, kept as data."""
    return Fetched(requested_url=requested_url, final_url=final_url or requested_url,
                   status=status, http_status=http_status, reason=_one_line(reason),
                   headers=(), fetched_at=fetched_at, media_type=None, encoding=None,
                   body=b"", text=None, payload_sha256=None, warc=None, redirects=redirects)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def undo_content_encoding(body: bytes, content_encoding: str | None,
                          limit: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate, at most `limit` bytes out; returns (bytes, cut at the limit)."""
    coding = (content_encoding or "identity").strip().lower()
    if coding in ("identity", ""):
        return body, False
    if coding not in ("gzip", "x-gzip", "deflate"):
        return body, False  # left as sent; the media type check below keeps it out of text
    wbits = 47 if coding != "deflate" else zlib.MAX_WBITS  # 47: gzip or zlib header
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(body, limit)
        return out, bool(inflater.unconsumed_tail)
    except zlib.error:
        try:  # some servers send raw deflate without the zlib header
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            out = inflater.decompress(body, limit)
            return out, bool(inflater.unconsumed_tail)
        except zlib.error:
            return body, False


def make_fetched(
    *,
    requested_url: str,
    final_url: str,
    http_status: int | None,
    headers: tuple[tuple[str, str], ...],
    payload: bytes,
    fetched_at: datetime,
    payload_sha256: str | None,
    warc: WarcLocation | None,
    redirects: tuple[str, ...] = (),
    truncated: bool = False,
    max_body_bytes: int = 20 * 1024 * 1024,
    reconstructed: bool = False,
    provenance: Mapping[str, Any] | None = None,
) -> Fetched:
    """Judge a response (or a rebuilt resource) and decode its body."""
    lookup = {k.lower(): v for k, v in headers}
    content_type = lookup.get("content-type")
    media_type = media_type_of(content_type)
    encoding_header = lookup.get("content-encoding")
    body, cut = undo_content_encoding(payload, encoding_header, max_body_bytes)
    truncated = truncated or cut
    coded = (encoding_header or "identity").strip().lower() not in (
        "identity", "", "gzip", "x-gzip", "deflate")
    text: str | None = None
    encoding: str | None = None
    if is_textual(media_type) and not coded:
        text, encoding = decode_body(body, content_type)
    status, reason = _judge(http_status, headers, media_type, text, truncated, len(payload))
    return Fetched(
        requested_url=requested_url, final_url=final_url, status=status,
        http_status=http_status, reason=reason, headers=headers, fetched_at=fetched_at,
        media_type=media_type, encoding=encoding, body=body, text=text,
        payload_sha256=payload_sha256, warc=warc, reconstructed=reconstructed,
        provenance=dict(provenance or {}), redirects=redirects,
    )


def _judge(http_status: int | None, headers: tuple[tuple[str, str], ...],
           media_type: str | None, text: str | None, truncated: bool,
           size: int) -> tuple[str, str]:
    if truncated:
        return "too_large", f"body cut at the size cap after {size} bytes"
    page = recognise(text, headers, http_status) if text is not None and media_type in (
        "text/html", "application/xhtml+xml") else None
    if http_status is None or 200 <= http_status < 300:
        if page is not None:
            return "antibot_page", page.reason
        return "ok", ""
    if http_status == 304:
        return "not_modified", ""
    if page is not None and page.kind == "antibot":
        return "antibot_page", f"HTTP {http_status}: {page.reason}"
    phrase = _PHRASES.get(http_status, "")
    return "http_error", f"HTTP {http_status} {phrase}".strip()


_PHRASES = {
    300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone",
    429: "Too Many Requests", 451: "Unavailable For Legal Reasons",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}
