"""A real HTTP server on 127.0.0.1 serving recorded responses, and archive helpers."""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from verify.fetch import Archive, FetchPolicy, verify_archive

DATA = Path(__file__).parent / "data"

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class Server:
    """ThreadingHTTPServer on a free port; routes are plain functions of the handler."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.seen: list[Seen] = []
        self.bytes_sent: Counter[str] = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every keep-alive response.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                server.hits[self.path] += 1
                server.seen.append(Seen(self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    respond(self, 404, b"not here", {"Content-Type": "text/plain"})
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def respond(handler: BaseHTTPRequestHandler, status: int, body: bytes,
            headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def static(status: int, body: bytes, headers: dict[str, str] | None = None) -> Route:
    return lambda h: respond(h, status, body, headers)


def sequence(*routes: Route) -> Route:
    """A different response per hit; the last one repeats."""
    count = [0]

    def route(h: BaseHTTPRequestHandler) -> None:
        i = min(count[0], len(routes) - 1)
        count[0] += 1
        routes[i](h)

    return route


def slow(seconds: float, then: Route) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(h)

    return route


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


@pytest.fixture
def policy() -> FetchPolicy:
    return FetchPolicy(connect_timeout=2, read_timeout=2, total_timeout=10, retries=2,
                       backoff_base=0.05, backoff_max=0.2, per_host_rate=None,
                       allowed_networks=("127.0.0.0/8",), max_body_bytes=1024 * 1024)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arc = Archive(tmp_path / "archive")
    yield arc
    arc.close()


def records(root: Path) -> list[tuple[str, str, int | None]]:
    """(type, target URI, HTTP status) of every record but warcinfo, read by warcio itself."""
    out: list[tuple[str, str, int | None]] = []
    for path in sorted(root.rglob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                if rec.rec_type == "warcinfo":
                    continue
                status = None
                if rec.rec_type == "response" and rec.http_headers is not None:
                    status = int(rec.http_headers.get_statuscode())
                rec.content_stream().read()
                assert rec.digest_checker.passed is not False, rec.digest_checker.problems
                out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"),
                            status))
    return out


def assert_archive(root: Path, expected: list[tuple[str, str, int | None]]) -> None:
    """The archive holds exactly these records (in order) and every one re-verifies."""
    assert records(root) == expected
    assert verify_archive(root) == []


def exchange(url: str, status: int) -> list[tuple[str, str, int | None]]:
    """The two records one HTTP exchange leaves: the response, then its request."""
    return [("response", url, status), ("request", url, None)]


def gunzip_member(data: bytes) -> bytes:
    return gzip.GzipFile(fileobj=io.BytesIO(data)).read()
