"""The live fetcher against a real local server: one test per case, archive checked each time."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

import verify
from verify.errors import ParseError
from verify.fetch import (
    Archive,
    ArchiveReplay,
    FetchPolicy,
    HttpFetcher,
    StaticResolver,
    fetch_one,
)
from verify.fetch.warcfile import hex_of, read_record

from .conftest import DATA, Server, assert_archive, exchange, respond, sequence, slow, static

HTML = {"Content-Type": "text/html; charset=utf-8"}


def get(policy: FetchPolicy, archive: Archive, url: str, **kw):
    async def run():
        async with HttpFetcher(policy, archive, resolver=kw.pop("resolver", None)) as http:
            return await http.get(url, **kw)
    return asyncio.run(run())


def robots404(server: Server) -> list:
    return exchange(server.url("/robots.txt"), 404)


def test_ok_page_is_archived_with_sha256_payload_digest(server, policy, archive):
    body = b"<html><head><title>Budget</title></head><body>" + b"<p>line</p>" * 300 + \
        b"</body></html>"
    server.routes["/page"] = static(200, body, {**HTML, "ETag": '"v1"'})
    fetched = get(policy, archive, server.url("/page"))
    assert fetched.status == "ok" and fetched.ok and fetched.reason == ""
    assert fetched.http_status == 200 and fetched.body == body
    assert fetched.media_type == "text/html" and fetched.encoding == "utf-8"
    assert fetched.payload_sha256 == hashlib.sha256(body).hexdigest()
    record = read_record(archive.root / fetched.warc.file, fetched.warc.offset)
    assert hex_of(record.header("WARC-Payload-Digest")) == fetched.payload_sha256
    assert record.record_id == fetched.warc.record_id
    ua = server.seen[-1].headers["User-Agent"]
    assert ua.startswith(f"verify/{verify.__version__} (+http")
    assert_archive(archive.root, robots404(server) + exchange(server.url("/page"), 200))


def test_slow_response_times_out(server, policy, archive):
    server.routes["/slow"] = slow(1.5, static(200, b"late", HTML))
    quick = FetchPolicy(**{**policy.__dict__, "read_timeout": 0.3, "retries": 1})
    started = time.monotonic()
    fetched = get(quick, archive, server.url("/slow"))
    assert fetched.status == "timeout" and not fetched.ok
    assert "read timeout" in fetched.reason
    assert fetched.warc is None and fetched.body == b""
    assert server.hits["/slow"] == 2  # the first try and one retry
    assert time.monotonic() - started < 1.5 * 2
    assert_archive(archive.root, robots404(server))  # nothing half-written for /slow


def test_429_with_retry_after_then_success(server, policy, archive):
    server.routes["/busy"] = sequence(
        static(429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "1"}),
        static(200, b"<p>fine now</p>", HTML))
    started = time.monotonic()
    fetched = get(policy, archive, server.url("/busy"))
    waited = time.monotonic() - started
    assert fetched.status == "ok" and fetched.text == "<p>fine now</p>"
    assert waited >= 0.95  # Retry-After: 1 was honoured, not the 0.05 s backoff
    assert server.hits["/busy"] == 2
    url = server.url("/busy")
    assert_archive(archive.root, robots404(server) + exchange(url, 429) + exchange(url, 200))
    assert archive.lookup(url).location == fetched.warc


def test_500_then_success(server, policy, archive):
    server.routes["/flaky"] = sequence(static(500, b"oops", {"Content-Type": "text/plain"}),
                                       static(200, b"{\"a\": 1}",
                                              {"Content-Type": "application/json"}))
    fetched = get(policy, archive, server.url("/flaky"))
    assert fetched.status == "ok" and fetched.json() == {"a": 1}
    url = server.url("/flaky")
    assert_archive(archive.root, robots404(server) + exchange(url, 500) + exchange(url, 200))


def test_500_every_time_is_an_http_error(server, policy, archive):
    server.routes["/down"] = static(500, b"oops", {"Content-Type": "text/plain"})
    fetched = get(policy, archive, server.url("/down"))
    assert fetched.status == "http_error" and fetched.http_status == 500
    assert fetched.reason == "HTTP 500 Internal Server Error"
    assert server.hits["/down"] == policy.retries + 1
    url = server.url("/down")
    assert_archive(archive.root, robots404(server) + exchange(url, 500) * 3)


def test_redirect_followed(server, policy, archive):
    server.routes["/old"] = static(301, b"", {"Location": "/new"})
    server.routes["/new"] = static(200, b"<p>moved here</p>", HTML)
    fetched = get(policy, archive, server.url("/old"))
    assert fetched.status == "ok" and fetched.final_url == server.url("/new")
    assert fetched.requested_url == server.url("/old")
    assert fetched.redirects == (server.url("/new"),)
    assert_archive(archive.root, robots404(server) + exchange(server.url("/old"), 301)
                   + exchange(server.url("/new"), 200))


def test_redirect_loop(server, policy, archive):
    server.routes["/a"] = static(302, b"", {"Location": "/b"})
    server.routes["/b"] = static(302, b"", {"Location": "/a"})
    fetched = get(policy, archive, server.url("/a"))
    assert fetched.status == "redirect_loop" and "already visited" in fetched.reason
    assert fetched.redirects == (server.url("/b"), server.url("/a"))
    assert server.hits["/a"] == 1 and server.hits["/b"] == 1
    assert_archive(archive.root, robots404(server) + exchange(server.url("/a"), 302)
                   + exchange(server.url("/b"), 302))


def test_redirect_limit(server, policy, archive):
    for i in range(5):
        server.routes[f"/hop{i}"] = static(302, b"", {"Location": f"/hop{i + 1}"})
    short = FetchPolicy(**{**policy.__dict__, "max_redirects": 2})
    fetched = get(short, archive, server.url("/hop0"))
    assert fetched.status == "redirect_loop" and fetched.reason == "more than 2 redirects"
    assert sum(server.hits[f"/hop{i}"] for i in range(5)) == 3


def test_redirect_to_a_private_address_is_refused(server, policy, archive):
    server.routes["/go"] = static(302, b"", {"Location": "http://169.254.169.254/latest/"})
    fetched = get(policy, archive, server.url("/go"))
    assert fetched.status == "blocked_address"
    assert "169.254.169.254 is a link-local address" in fetched.reason
    assert fetched.final_url == "http://169.254.169.254/latest/"
    assert_archive(archive.root, robots404(server) + exchange(server.url("/go"), 302))


def test_host_name_resolving_to_a_private_address_is_refused(server, policy, archive):
    resolver = StaticResolver({"intranet.example": ["10.20.30.40"]})
    fetched = get(policy, archive, f"http://intranet.example:{server.port}/secret",
                  resolver=resolver)
    assert fetched.status == "blocked_address"
    assert "intranet.example" in fetched.reason and "10.20.30.40 is a private" in fetched.reason
    assert server.hits == {}  # not even robots.txt was asked for
    assert_archive(archive.root, [])


def test_injected_resolver_connects_to_the_checked_address_keeping_the_host(
        server, policy, archive):
    resolver = StaticResolver({"docs.example": ["127.0.0.1"]})
    server.routes["/doc"] = static(200, b"<p>doc</p>", HTML)
    url = f"http://docs.example:{server.port}/doc"
    fetched = get(policy, archive, url, resolver=resolver)
    assert fetched.status == "ok"
    assert server.seen[-1].headers["Host"] == f"docs.example:{server.port}"
    assert archive.record(fetched.warc).header("WARC-IP-Address") == "127.0.0.1"
    assert_archive(archive.root, exchange(f"http://docs.example:{server.port}/robots.txt", 404)
                   + exchange(url, 200))


class FlippingResolver:
    """Answers a loopback address once, then a private one: a DNS rebinding."""

    def __init__(self) -> None:
        self.calls = 0

    async def resolve(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return ["127.0.0.1"] if self.calls == 1 else ["10.9.8.7"]


def test_a_rebinding_name_is_looked_up_once_and_connected_to_as_checked(
        server, policy, archive):
    resolver = FlippingResolver()
    server.routes["/doc"] = static(200, b"<p>doc</p>", HTML)
    url = f"http://rebind.example:{server.port}/doc"
    fetched = get(policy, archive, url, resolver=resolver)
    assert fetched.status == "ok" and resolver.calls == 1  # robots.txt and /doc: one lookup
    assert server.hits["/robots.txt"] == 1 and server.hits["/doc"] == 1
    # With no DNS cache the early check (127.0.0.1) and the connect (10.9.8.7) each
    # look up: the connect-time check is the one that refuses the rebound name.
    no_cache = FetchPolicy(**{**policy.__dict__, "dns_cache_seconds": 0,
                              "obey_robots": False})
    rebound = get(no_cache, archive, url, resolver=FlippingResolver())
    assert rebound.status == "blocked_address" and "10.9.8.7 is a private" in rebound.reason
    assert server.hits["/doc"] == 1
    assert_archive(archive.root, exchange(f"http://rebind.example:{server.port}/robots.txt", 404)
                   + exchange(url, 200))


def test_loopback_refused_unless_allowed(server, archive):
    strict = FetchPolicy(retries=0)
    server.routes["/x"] = static(200, b"x", HTML)
    fetched = get(strict, archive, server.url("/x"))
    assert fetched.status == "blocked_address" and "loopback" in fetched.reason
    assert server.hits == {}
    assert_archive(archive.root, [])


def endless(sent: list[int], stop: threading.Event) -> object:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        h.send_header("Connection", "close")
        h.end_headers()
        block = b"x" * 65536
        try:
            while not stop.is_set() and sent[0] < 1 << 30:
                h.wfile.write(block)
                sent[0] += len(block)
        except OSError:
            pass  # the client hung up: what the cap is for
        h.close_connection = True
    return route


def test_endless_body_is_cut_at_the_cap(server, policy, archive):
    sent, stop = [0], threading.Event()
    server.routes["/forever"] = endless(sent, stop)
    cap = policy.max_body_bytes
    tracemalloc.start()
    try:
        fetched = get(policy, archive, server.url("/forever"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        stop.set()
    assert fetched.status == "too_large" and len(fetched.body) == cap
    assert peak < 4 * cap + 2 * 1024 * 1024  # bounded: the cap, its copies, no stream kept
    time.sleep(0.2)
    assert sent[0] < 64 * cap  # the server was cut off, not read to the end
    record = archive.record(fetched.warc)
    assert record.header("WARC-Truncated") == "length"
    replayed = ArchiveReplay(Archive(archive.root)).replay(server.url("/forever"))
    assert replayed.status == "too_large" and replayed.payload_sha256 == fetched.payload_sha256
    assert_archive(archive.root, robots404(server) + exchange(server.url("/forever"), 200))


def test_windows_1251_page_declared_utf8_is_decoded_right(server, policy, archive):
    body = (DATA / "cp1251-declared-utf8.html").read_bytes()
    server.routes["/ru"] = static(200, body, HTML)
    fetched = get(policy, archive, server.url("/ru"))
    assert fetched.status == "ok" and fetched.encoding == "cp1251"
    assert "Городская библиотека открыла новый читальный зал" in fetched.text
    assert fetched.body == body  # archived and returned as sent, not re-encoded
    assert_archive(archive.root, robots404(server) + exchange(server.url("/ru"), 200))


def test_gzip_sent_anyway_is_archived_as_sent_and_decoded(server, policy, archive):
    text = "<p>" + "compressed paragraph " * 200 + "</p>"
    wire = gzip.compress(text.encode())
    server.routes["/gz"] = static(200, wire, {**HTML, "Content-Encoding": "gzip"})
    fetched = get(policy, archive, server.url("/gz"))
    assert server.seen[-1].headers["Accept-Encoding"] == "identity"
    assert fetched.status == "ok" and fetched.text == text
    assert fetched.payload_sha256 == hashlib.sha256(wire).hexdigest()  # the WARC payload
    assert archive.read(fetched.warc)[1] == wire
    assert_archive(archive.root, robots404(server) + exchange(server.url("/gz"), 200))


def test_malformed_html_is_fetched_and_archived_as_sent(server, policy, archive):
    body = (DATA / "malformed.html").read_bytes()
    server.routes["/minutes"] = static(200, body, HTML)
    fetched = get(policy, archive, server.url("/minutes"))
    assert fetched.status == "ok" and fetched.text == body.decode("utf-8")
    assert "approved <i>by seven votes</b>" in fetched.text
    assert_archive(archive.root, robots404(server) + exchange(server.url("/minutes"), 200))


@pytest.mark.parametrize(("name", "problem"), [
    ("malformed.json", "Expecting"), ("truncated.json", "Unterminated string")])
def test_bad_json_is_archived_and_json_raises_parse_error(server, policy, archive, name,
                                                          problem):
    body = (DATA / name).read_bytes()
    server.routes["/api"] = static(200, body, {"Content-Type": "application/json"})
    fetched = get(policy, archive, server.url("/api"))
    assert fetched.status == "ok" and fetched.body == body
    with pytest.raises(ParseError) as info:
        fetched.json()
    assert info.value.url == server.url("/api") and problem in str(info.value)
    assert_archive(archive.root, robots404(server) + exchange(server.url("/api"), 200))


def test_robots_disallow(server, policy, archive):
    server.routes["/robots.txt"] = static(
        200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    server.routes["/private/doc"] = static(200, b"secret", HTML)
    server.routes["/public"] = static(200, b"<p>open</p>", HTML)
    async def run():
        async with HttpFetcher(policy, archive) as http:
            return (await http.get(server.url("/private/doc")),
                    await http.get(server.url("/public")))
    refused, allowed = asyncio.run(run())
    assert refused.status == "robots_disallowed" and refused.warc is None
    assert refused.reason == f"{server.url('/robots.txt')} disallows /private/doc for verify"
    assert allowed.status == "ok"
    assert server.hits["/private/doc"] == 0 and server.hits["/robots.txt"] == 1
    assert_archive(archive.root, exchange(server.url("/robots.txt"), 200)
                   + exchange(server.url("/public"), 200))


def test_robots_unreachable_disallows_everything(server, policy, archive):
    server.routes["/robots.txt"] = static(503, b"down", {"Content-Type": "text/plain"})
    quick = FetchPolicy(**{**policy.__dict__, "retries": 0})
    fetched = get(quick, archive, server.url("/doc"))
    assert fetched.status == "robots_disallowed" and "answered HTTP 503" in fetched.reason
    assert server.hits["/doc"] == 0
    assert_archive(archive.root, exchange(server.url("/robots.txt"), 503))


@pytest.mark.parametrize(("name", "why"), [
    ("cloudflare.html", "Cloudflare"), ("captcha.html", "reCAPTCHA"),
    ("access-denied.html", "Access Denied"), ("enable-js.html", "enable javascript"),
    ("refresh.html", "refreshes"), ("error-title.html", "Page not found")])
def test_antibot_or_error_page_with_status_200(server, policy, archive, name, why):
    server.routes["/article"] = static(200, (DATA / name).read_bytes(), HTML)
    fetched = get(policy, archive, server.url("/article"))
    assert fetched.status == "antibot_page" and not fetched.ok
    assert why.lower() in fetched.reason.lower()
    assert fetched.warc is not None  # what the server said is kept
    assert_archive(archive.root, robots404(server) + exchange(server.url("/article"), 200))


def test_conditional_refetch_sends_validators_and_keeps_the_body(server, policy, archive):
    body = b"<p>stable</p>"

    def route(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            respond(h, 304, b"", {"ETag": '"v1"'})
        else:
            respond(h, 200, body, {**HTML, "ETag": '"v1"',
                                   "Last-Modified": "Mon, 30 Jun 2025 10:00:00 GMT"})
    server.routes["/page"] = route
    first = get(policy, archive, server.url("/page"))
    second = get(policy, archive, server.url("/page"), conditional=True)
    assert first.status == "ok" and second.status == "not_modified" and second.ok
    assert server.seen[-1].headers["If-Modified-Since"] == "Mon, 30 Jun 2025 10:00:00 GMT"
    assert second.body == body and second.payload_sha256 == first.payload_sha256
    assert second.warc == first.warc and second.fetched_at > first.fetched_at
    url = server.url("/page")
    assert_archive(archive.root, robots404(server) + exchange(url, 200)
                   + robots404(server) + exchange(url, 304))
    assert archive.lookup(url).location == first.warc  # a 304 never hides the body


def test_fetch_one_records_failures_as_results(tmp_path: Path, server, policy):
    archive = Archive(tmp_path / "a")
    fetched = fetch_one("ftp://example.org/file", policy, archive)
    assert fetched.status == "network_error" and "http" in fetched.reason
    server.routes["/one"] = static(200, b"<p>one</p>", HTML)
    progress: list[tuple[int, int | None]] = []
    ok = fetch_one(server.url("/one"), policy, archive,
                   progress=lambda url, got, total: progress.append((got, total)))
    assert ok.status == "ok" and progress[-1] == (10, 10)
    archive.close()
    assert_archive(tmp_path / "a", robots404(server) + exchange(server.url("/one"), 200))


def test_per_host_concurrency_limit_holds(server, policy, archive):
    active, peak, lock = [0], [0], threading.Lock()

    def route(h: BaseHTTPRequestHandler) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        respond(h, 200, b"<p>x</p>", HTML)
    for i in range(12):
        server.routes[f"/p{i}"] = route
    limited = FetchPolicy(**{**policy.__dict__, "per_host_concurrency": 3})

    async def run():
        async with HttpFetcher(limited, archive) as http:
            return await asyncio.gather(*(http.get(server.url(f"/p{i}")) for i in range(12)))
    results = asyncio.run(run())
    assert all(r.status == "ok" for r in results)
    assert peak[0] == 3
    assert len(archive.entries(server.url("/p0"))) == 1
    assert server.hits["/robots.txt"] == 1  # fetched once per host, even under concurrency
