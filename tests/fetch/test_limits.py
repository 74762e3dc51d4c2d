"""Size caps read from the header, and one deadline for all of a URL (issue 10, item 6).

A real server on 127.0.0.1; each test counts the requests it got, so "no retry"
is what the server saw, not what the client says.
"""

from __future__ import annotations

import asyncio
import time
from http.server import BaseHTTPRequestHandler

import pytest

from verify.errors import ConfigError
from verify.fetch import Archive, FetchPolicy, HttpFetcher

from .conftest import Server, static


def get(policy: FetchPolicy, archive: Archive, url: str):
    async def run():
        async with HttpFetcher(policy, archive) as http:
            return await http.get(url)
    return asyncio.run(run())


def no_robots(policy: FetchPolicy, **changes) -> FetchPolicy:
    from dataclasses import replace

    return replace(policy, obey_robots=False, **changes)


def declares(length: int, status: int = 200):
    """Headers that declare `length` bytes, then a body far shorter: the client must
    decide from the header alone."""
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(length))
        h.end_headers()
        try:
            h.wfile.write(b"<p>" + b"x" * 100)
            h.wfile.flush()
        except OSError:
            pass
        h.close_connection = True
    return route


def drip(total: int, every: float):
    """A byte at a time, `every` seconds apart: a slow-drip source."""
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        try:
            for _ in range(total):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        h.close_connection = True
    return route


def test_content_length_over_the_cap_is_refused_from_the_header_once(
        server: Server, policy, archive):
    server.routes["/big"] = declares(50 * 1024 * 1024)
    fetched = get(no_robots(policy), archive, server.url("/big"))
    assert fetched.status == "too_large"
    assert "Content-Length 52428800 bytes is over the size cap of 1048576 bytes" in \
        fetched.reason
    assert "max_body_bytes" in fetched.reason and "not downloaded" in fetched.reason
    assert server.hits["/big"] == 1  # no retry
    assert fetched.payload_sha256 is None and fetched.warc is None


def test_content_length_over_the_cap_on_a_503_is_not_retried_either(
        server: Server, policy, archive):
    # A 503 is normally retried; one that announces a body over the cap is not.
    server.routes["/busy"] = declares(5 * 1024 * 1024, status=503)
    fetched = get(no_robots(policy), archive, server.url("/busy"))
    assert fetched.status == "too_large"
    assert server.hits["/busy"] == 1


def test_content_length_at_the_cap_is_fetched(server: Server, policy, archive):
    body = b"y" * 1024
    server.routes["/fits"] = static(200, body, {"Content-Type": "text/plain"})
    fetched = get(no_robots(policy, max_body_bytes=1024), archive, server.url("/fits"))
    assert fetched.status == "ok" and fetched.body == body


def test_a_slow_drip_source_is_stopped_by_the_per_url_deadline(
        server: Server, policy, archive):
    # Each attempt alone would be allowed 2 s and there are 4 attempts: 8 s and more.
    server.routes["/drip"] = drip(100, 0.25)
    slow = no_robots(policy, read_timeout=5, total_timeout=2, retries=3, backoff_base=0.1,
                     url_deadline=3)
    started = time.monotonic()
    fetched = get(slow, archive, server.url("/drip"))
    took = time.monotonic() - started
    assert fetched.status == "timeout"
    assert "per-URL deadline of 3 s ([fetch] url_deadline)" in fetched.reason
    assert took < 6  # the deadline, not 4 attempts x 2 s plus backoff
    assert server.hits["/drip"] >= 1


def test_the_deadline_also_cuts_a_retry_after_wait(server: Server, policy, archive):
    # Not a slow body: a 503 that asks for a 30 s wait, which the policy would honour.
    server.routes["/later"] = static(503, b"busy", {"Retry-After": "30"})
    fetched = get(no_robots(policy, url_deadline=1.5, max_retry_after=60), archive,
                  server.url("/later"))
    assert fetched.status == "timeout" and "url_deadline" in fetched.reason
    assert server.hits["/later"] == 1


def test_default_deadline_is_sane():
    p = FetchPolicy()
    assert p.total_timeout < p.url_deadline <= 600
    with pytest.raises(ConfigError, match="url_deadline must be positive"):
        FetchPolicy(url_deadline=0)
