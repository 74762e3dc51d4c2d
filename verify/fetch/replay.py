"""Offline mode: documents served from the archive, never from a socket.

`ArchiveReplay.get` has the same signature as the live `HttpFetcher.get`, so a
fetcher never knows which mode it is in. A URL missing from the archive is a
result with status "source_unreachable", not an error.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from verify.errors import ArchiveError
from verify.fetch.archive import Archive, parse_warc_date
from verify.fetch.model import Fetched, WarcLocation, canonical_url, failure, make_fetched
from verify.fetch.pages import visible_text
from verify.fetch.warcfile import hex_of

REDIRECTS = frozenset({301, 302, 303, 307, 308})


def fetched_from_record(archive: Archive, location: WarcLocation, requested_url: str,
                        final_url: str, redirects: tuple[str, ...] = (), *,
                        max_body_bytes: int = 20 * 1024 * 1024) -> Fetched:
    """Rebuild the Fetched a record stands for; judged exactly as a live fetch is."""
    record = archive.record(location)
    fetched_at = parse_warc_date(record.header("WARC-Date") or "1970-01-01T00:00:00Z")
    digest = hex_of(record.header("WARC-Payload-Digest"))
    if record.type == "response" and record.is_http:
        status_line, headers, payload = record.http()
        parts = status_line.split(" ", 2)
        http_status: int | None = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() \
            else None
        reconstructed = False
        provenance: dict[str, object] = {}
    elif record.type == "resource":
        headers = (("Content-Type", record.header("Content-Type") or ""),)
        payload = record.block
        http_status = None
        reconstructed = True
        provenance = archive.provenance(location.record_id)
    else:
        raise ArchiveError(f"record {location.record_id} is a {record.type!r} record, "
                           f"not a document", url=final_url)
    actual = hashlib.sha256(payload).hexdigest()
    if digest is not None and digest != actual:
        raise ArchiveError(f"record {location.record_id} does not match its payload digest",
                           url=final_url)
    return make_fetched(
        requested_url=requested_url, final_url=final_url, http_status=http_status,
        headers=headers, payload=payload, fetched_at=fetched_at, payload_sha256=actual,
        warc=location, redirects=redirects,
        truncated=record.header("WARC-Truncated") is not None,
        max_body_bytes=max_body_bytes, reconstructed=reconstructed, provenance=provenance)


class ArchiveReplay:
    """Serves URLs from the archive: the newest record for each, redirects followed."""

    def __init__(self, archive: Archive, *, max_redirects: int = 10,
                 max_body_bytes: int = 20 * 1024 * 1024) -> None:
        self.archive = archive
        self._max_redirects = max_redirects
        self._max_body_bytes = max_body_bytes

    async def get(self, url: str, *, source: str | None = None,
                  conditional: bool = False) -> Fetched:
        """The archived document for a URL (`conditional` is meaningless offline)."""
        return self.replay(url)

    def replay(self, url: str) -> Fetched:
        current = url
        redirects: list[str] = []
        seen = {canonical_url(url)}
        for _ in range(self._max_redirects + 1):
            entry = self.archive.lookup(current)
            if entry is None:
                return self._missing(url, current, redirects, "not in the archive (offline)")
            try:
                fetched = fetched_from_record(self.archive, entry.location, url, current,
                                              tuple(redirects),
                                              max_body_bytes=self._max_body_bytes)
            except ArchiveError as exc:
                return self._missing(url, current, redirects, exc.message)
            location = fetched.header("location")
            if fetched.http_status not in REDIRECTS or not location:
                return fetched
            import httpx  # a redirect: rare offline, so imported only here

            try:
                nxt = str(httpx.URL(current).join(location))
            except httpx.InvalidURL:
                return fetched  # a redirect to nowhere: the redirect itself is the document
            redirects.append(nxt)
            if canonical_url(nxt) in seen:
                return failure(url, "redirect_loop", f"redirect loop: {current} → {nxt}, "
                               f"already visited", fetched.fetched_at, final_url=nxt,
                               redirects=tuple(redirects))
            seen.add(canonical_url(nxt))
            current = nxt
        return failure(url, "redirect_loop", f"more than {self._max_redirects} redirects",
                       datetime.now(UTC), final_url=current, redirects=tuple(redirects))

    def _missing(self, url: str, current: str, redirects: list[str], reason: str) -> Fetched:
        return failure(url, "source_unreachable", reason, datetime.now(UTC),
                       final_url=current, redirects=tuple(redirects))


def render_raw(archive: Archive, location: WarcLocation) -> bytes:
    """An archived document as fetched: status line, headers, blank line, payload."""
    record = archive.record(location)
    if record.is_http:
        status_line, headers, payload = record.http()
        head = "\r\n".join([f"HTTP/1.1 {status_line}" if not status_line.startswith("HTTP/")
                            else status_line, *(f"{k}: {v}" for k, v in headers)])
    else:
        payload = record.block
        head = f"Content-Type: {record.header('Content-Type') or ''}"
    return head.encode("utf-8") + b"\r\n\r\n" + payload


def render_text(archive: Archive, location: WarcLocation) -> str:
    """An archived document's text: main text for HTML, indented JSON, a PDF's text page
    by page (each under a "[page N]" line), else decoded text."""
    target = archive.record(location).target_uri or ""
    fetched = fetched_from_record(archive, location, target, target)
    from verify.fetchers._pdf import is_pdf, read_pdf

    if is_pdf(fetched.media_type, fetched.body):
        pdf = read_pdf(fetched.body, target)  # PdfRefused says why not, with the URL
        blocks = []
        for n, page in enumerate(pdf.pages, 1):
            note = (" — no text layer (a scanned image); not read" if n in pdf.no_text_layer
                    else " — no text" if not page.strip() else "")
            blocks.append(f"[page {n}{note}]" + (f"\n{page}" if page.strip() else ""))
        return "\n\n".join(blocks)
    if fetched.text is None:
        raise ArchiveError(f"{fetched.media_type or 'unknown media type'} has no text",
                           url=target)
    if fetched.media_type in ("text/html", "application/xhtml+xml"):
        import trafilatura  # imported here: slow to import, and only --text needs it

        main = trafilatura.extract(fetched.text, include_comments=False)
        return main if main else visible_text(fetched.text)
    if fetched.media_type is not None and "json" in fetched.media_type:
        try:
            return json.dumps(json.loads(fetched.text), ensure_ascii=False, indent=2)
        except ValueError:
            return fetched.text
    return fetched.text
