"""A real HTTP server on 127.0.0.1 serving recorded fixtures, and the fetch layer in front of it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from verify.fetch import Archive, FetchPolicy
from verify.registry import load_registry

DATA = Path(__file__).parent / "data"


@dataclass
class Route:
    status: int
    content_type: str
    body: bytes


@dataclass
class Server:
    """Routes are exact paths with their query; `requests` records what was asked."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def add(self, path: str, fixture: str | bytes, content_type: str, status: int = 200) -> str:
        body = fixture if isinstance(fixture, bytes) else (DATA / fixture).read_bytes()
        body = body.replace(b"ARTICLE_BASE", self.base.encode()).replace(
            b"WAYBACK_BASE", self.base.encode())
        self.routes[path] = Route(status, content_type, body)
        return self.base + path


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            route = state.routes.get(self.path)
            if route is None:
                route = Route(404, "text/html; charset=utf-8",
                              b"<html><head><title>404 Not Found</title></head><body>"
                              b"<h1>Not Found</h1></body></html>")
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture
def registry():
    return load_registry(DATA / "sources.toml")


@pytest.fixture
def live(tmp_path):
    """The live fetch layer, allowed to reach loopback, writing to a temporary archive."""
    policy = FetchPolicy(allowed_networks=("127.0.0.0/8",), obey_robots=False, retries=0,
                         per_host_rate=None, connect_timeout=5, read_timeout=5,
                         total_timeout=10)
    archive = Archive(tmp_path / "archive", fsync=False)
    yield policy, archive
    archive.close()


