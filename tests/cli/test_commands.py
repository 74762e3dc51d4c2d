"""The stage commands as a fact-checker uses them: claims and corrections, fetch
by URL against a real local server, show, archive verify, fetch with no URL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERIFY = [sys.executable, "-m", "verify"]

PAGE = (b"<html><head><title>Parliament votes</title><meta charset='utf-8'></head><body>"
        b"<article><h1>Parliament votes</h1><p>The parliament voted 157 to 18 on 19 June "
        b"2025 to leave the convention. The vote followed a long debate in which the "
        b"government defended its plan.</p></article></body></html>")


def run(args, cwd, ok=True):
    r = subprocess.run([*VERIFY, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if ok:
        assert r.returncode == 0, r.stderr[-3000:]
    return r


@pytest.fixture
def server():
    routes = {"/page.html": ("text/html; charset=utf-8", PAGE),
              "/article.txt": ("text/plain; charset=utf-8",
                               (ROOT / "examples/ottawa/article.txt").read_bytes())}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            media, body = routes.get(self.path, ("text/plain", b"not here"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local_ws(tmp_path):
    """A workspace whose fetch policy allows the loopback test server."""
    (tmp_path / "verify.toml").write_text(
        '[fetch]\nallowed_networks = ["127.0.0.0/8"]\nretries = 0\n', encoding="utf-8")
    return tmp_path


@pytest.fixture
def example(tmp_path):
    ws = tmp_path / "ottawa"
    shutil.copytree(ROOT / "examples/ottawa", ws, ignore=shutil.ignore_patterns("db"))
    return ws


def test_claims_json_and_corrections_survive_a_rerun(example):
    claims = json.loads(run(["claims", "article.txt", "--json"], example).stdout)
    keys = {"id", "text", "kind", "span", "parent", "checkworthy", "slots", "citations", "flags"}
    assert claims and all(keys <= set(c) for c in claims)
    text = (example / "article.txt").read_text(encoding="utf-8")
    for c in claims:
        if c["parent"] is None:  # a top-level claim's span is its words in the article
            start, end = c["span"]
            assert 0 <= start < end <= len(text)
    edited, dropped = claims[0], claims[-1]
    run(["claims", "edit", edited["id"][:16], "--text", "Corrected wording of the claim.",
         "--by", "alice", "--note", "the extractor merged two sentences"], example)
    run(["claims", "drop", dropped["id"], "--by", "bob"], example)
    added_id = run(["claims", "add", "article.txt", "The Sejm voted on the bill on 25 June 2025.",
                    "--by", "carol"], example).stdout.strip()
    again = {c["id"]: c for c in json.loads(run(["claims", "article.txt", "--json"],
                                                example).stdout)}
    assert again[edited["id"]]["text"] == "Corrected wording of the claim."
    assert dropped["id"] not in again
    assert again[added_id]["text"] == "The Sejm voted on the bill on 25 June 2025."
    assert any(c["source"] for c in again[added_id]["citations"]), "added claim is routed"
    table = run(["claims", "article.txt"], example).stdout
    assert "Corrected wording" in table


def test_an_unknown_claim_is_a_one_line_error(example):
    run(["claims", "article.txt"], example)
    r = run(["claims", "drop", "claim-nonexistent"], example, ok=False)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "no claim matches" in r.stderr


def test_fetch_url_live_then_show_then_replay_offline(local_ws, server):
    r = run(["fetch", f"{server}/page.html"], local_ws)
    snap_id, status, sha, final = r.stdout.strip().split("\t")
    assert status == "ok" and len(sha) == 64 and final.endswith("/page.html")
    raw = run(["show", snap_id], local_ws).stdout
    assert "Content-Type: text/html" in raw and "<title>Parliament votes</title>" in raw
    text = run(["show", sha[:12], "--text"], local_ws).stdout
    assert "voted 157 to 18" in text and "<p>" not in text
    r2 = run(["fetch", f"{server}/page.html", "--offline"], local_ws)
    assert r2.stdout.split("\t")[2] == sha, "the replay has the same payload sha256"
    assert "every record verifies" in run(["archive", "verify"], local_ws).stderr


def test_archive_verify_names_a_record_with_one_flipped_byte(local_ws, server):
    import gzip

    run(["fetch", f"{server}/page.html"], local_ws)
    warc = next((local_ws / "archive").glob("*.warc.gz"))
    data = bytearray(gzip.decompress(warc.read_bytes()))
    at = data.find(b"voted 157")
    data[at] ^= 0x01  # "voted" -> "woted": one flipped bit in the payload
    warc.write_bytes(gzip.compress(bytes(data)))
    r = run(["archive", "verify"], local_ws, ok=False)
    assert r.returncode == 1
    assert "page.html" in r.stdout and "do not verify" in r.stderr


def test_fetch_failure_is_kept_as_a_snapshot_with_its_reason(local_ws, server):
    r = run(["fetch", f"{server}/missing.html"], local_ws, ok=False)
    assert r.returncode == 1
    status = r.stdout.split("\t")[1]
    assert status == "http_error"
    assert "404" in r.stderr or "http_error" in r.stderr


def test_fetch_refuses_a_private_address_unless_allowed(tmp_path, server):
    r = run(["fetch", f"{server}/page.html"], tmp_path, ok=False)  # no allowed_networks
    assert r.returncode == 1
    assert "blocked_address" in r.stdout


def test_claims_of_an_article_given_by_url(local_ws, server):
    claims = json.loads(run(["claims", f"{server}/article.txt", "--json"], local_ws).stdout)
    assert len(claims) > 10
    assert any("Ottawa Convention" in c["text"] for c in claims)
    assert list((local_ws / "archive").glob("*.warc.gz")), "the article itself is archived"


def test_claims_then_fetch_offline_replays_the_rebuilt_archive(example):
    run(["claims", "article.txt"], example)
    lines = run(["fetch", "--offline", "--as-of", "2025-07-01"], example).stdout.splitlines()
    rows = [ln.split("\t") for ln in lines]
    statuses = {r[2] for r in rows}
    assert "ok" in statuses
    assert statuses <= {"ok", "source_unreachable"}, statuses
    sources_ok = {r[1] for r in rows if r[2] == "ok"}
    assert {"untc", "sejm", "lt_mod"} <= sources_ok
    r = run(["archive", "verify"], example)
    assert "every record verifies" in r.stderr


def test_fetch_url_shows_a_progress_bar_on_stderr(local_ws, server):
    r = run(["fetch", f"{server}/page.html"], local_ws)
    assert "KiB" in r.stderr and "/page.html" in r.stderr
    assert "KiB" not in r.stdout


@pytest.mark.parametrize("content, why", [
    (b"", "empty"),
    (bytes(range(256)) * 64, "binary"),
    ("Zdanie po polsku: Sejm głosował".encode()[:-1], "truncated UTF-8"),
])
def test_a_malformed_article_is_one_line_and_leaves_the_database_consistent(
        local_ws, content, why):
    bad = local_ws / "bad.txt"
    bad.write_bytes(content)
    r = run(["check", "bad.txt", "--offline"], local_ws, ok=False)
    if r.returncode == 0:  # a truncated last character is decoded, not refused
        assert why == "truncated UTF-8"
        return
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.txt" in lines[0] and "Traceback" not in r.stderr
    db = local_ws / "db" / "verify.sqlite"
    if db.exists():
        import sqlite3

        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM article").fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM run").fetchone()[0] == 0
