"""`verify fetch URL` of a PDF served on 127.0.0.1, then `verify show --text`: the
archived PDF's text page by page, the scanned page said to be one."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fetchers.pdfs import report_pdf, scanned_pdf

VERIFY = [sys.executable, "-m", "verify"]


def run(args, cwd, ok=True):
    r = subprocess.run([*VERIFY, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if ok:
        assert r.returncode == 0, r.stderr[-3000:]
    return r


@pytest.fixture
def server():
    routes = {"/prints/druk-20.pdf": report_pdf(), "/prints/scan.pdf": scanned_pdf(1)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = routes.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/pdf" if body else "text/plain")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def ws(tmp_path):
    (tmp_path / "verify.toml").write_text(
        '[fetch]\nallowed_networks = ["127.0.0.0/8"]\nretries = 0\n', encoding="utf-8")
    return tmp_path


def test_fetch_a_pdf_then_show_its_text_page_by_page(ws, server):
    r = run(["fetch", f"{server}/prints/druk-20.pdf"], ws)
    snap_id, status, sha, final = r.stdout.strip().split("\t")
    assert status == "ok" and len(sha) == 64 and final.endswith("/druk-20.pdf")
    raw = subprocess.run([*VERIFY, "show", snap_id], cwd=ws, capture_output=True,
                         timeout=300, check=True).stdout
    assert b"Content-Type: application/pdf" in raw and b"\r\n\r\n%PDF-" in raw
    text = run(["show", snap_id, "--text"], ws).stdout
    blocks = text.strip().split("\n\n")
    assert blocks[0].startswith("[page 1]\nReport of the Committee on Test Matters")
    assert blocks[2].startswith("[page 3]\n") and "Exampleria 10 July 2025" in blocks[2]
    assert blocks[3] == "[page 4 — no text layer (a scanned image); not read]"
    # offline, the archived copy gives the same
    again = run(["fetch", f"{server}/prints/druk-20.pdf", "--offline"], ws)
    assert again.stdout.split("\t")[2] == sha


def test_a_scanned_pdf_is_archived_and_said_to_be_scanned(ws, server):
    r = run(["fetch", f"{server}/prints/scan.pdf"], ws, ok=False)
    assert r.returncode == 1
    assert r.stdout.split("\t")[1] == "ok"  # archived: it is what the server sent
    errors = [line for line in r.stderr.splitlines() if line.startswith("verify: error:")]
    assert len(errors) == 1 and "scanned PDF: no text layer" in errors[0]
    shown = run(["show", r.stdout.split("\t")[0], "--text"], ws, ok=False)
    assert shown.returncode == 1 and "scanned PDF" in shown.stderr
