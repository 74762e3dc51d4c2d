"""A copy of the Ottawa example checked offline, a local HTTP server whose pages can
change between rechecks, and a way to run the verify command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ottawa"
VERIFY = [sys.executable, "-m", "verify"]
AS_OF = "2025-07-01"


def verify(ws: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([*VERIFY, *args], cwd=ws, capture_output=True, text=True, timeout=300)
    if ok:
        assert r.returncode == 0, r.stderr[-3000:]
    return r


def copy_example(dest: Path) -> Path:
    ws = dest / "ottawa"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("db", "__pycache__"))
    return ws


def rebuilt_documents() -> dict[str, dict]:
    """The example's rebuilt documents by URL: file, media type, bytes."""
    manifest = tomllib.loads((EXAMPLE / "rebuilt" / "manifest.toml").read_text("utf-8"))
    return {d["url"]: {**d, "body": (EXAMPLE / "rebuilt" / d["file"]).read_bytes()}
            for d in manifest["document"]}


def check_offline(ws: Path) -> dict:
    r = verify(ws, "check", "article.txt", "--offline", "--as-of", AS_OF, "--format", "json")
    return json.loads(r.stdout)


def evidence_by_url(report: dict) -> dict[str, list[tuple[str, dict]]]:
    out: dict[str, list[tuple[str, dict]]] = {}
    for claim in report["claims"]:
        for ev in (claim["verdict"] or {}).get("evidence", []):
            out.setdefault(ev["url"], []).append((claim["id"], ev))
    return out


def without_times(report: dict) -> str:
    copy = json.loads(json.dumps(report))
    copy["run"].pop("started_at", None)
    copy["run"].pop("finished_at", None)
    return json.dumps(copy, ensure_ascii=False, sort_keys=True)


class Site:
    """A ThreadingHTTPServer on 127.0.0.1 whose routes a test changes between requests:
    path -> (status, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                status, headers, body = site.routes.get(
                    self.path, (404, {"Content-Type": "text/plain"}, b"not here"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def page(self, path: str, body: bytes, media: str = "text/html; charset=utf-8") -> None:
        self.routes[path] = (200, {"Content-Type": media}, body)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()
