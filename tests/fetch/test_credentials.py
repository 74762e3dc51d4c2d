"""Credentials in URLs reach the server and nothing else (issue 10, item 9).

A real server on 127.0.0.1 serves an article whose URL carries a password and a
token, and which links to a page with an access token. After `verify check`,
`verify fetch URL` and `verify report`, the server has seen every credential;
stdout, stderr, the reports, every database row (SQLite and PostgreSQL) and
the archive's own fields (WARC headers, request and metadata records) hold none
of them.
"""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from verify.fetch.warcfile import iter_members, parse_records
from verify.redact import redact_text, redact_url

from .conftest import Server, static

SECRETS = ("PaSsWoRd1", "ArtToken77", "LinkToken88", "SigValue99", "FragToken55")


def _db_text(url: str) -> str:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                names = [r[0] for r in conn.execute(text(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"))]
            else:
                names = [r[0] for r in conn.execute(text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
            rows = [repr(tuple(r)) for n in names
                    for r in conn.execute(text(f'SELECT * FROM "{n}"'))]
    finally:
        engine.dispose()
    assert len(rows) > 10  # the check wrote rows: there is something to search
    return "\n".join(rows)


def _archive_text(root: Path) -> str:
    """What the tool itself writes into the archive: every record's WARC headers and
    the whole of each request and metadata record. A response record's HTTP block is
    the source's own bytes (a page may link to a URL with a token), kept as sent."""
    out = []
    for path in root.rglob("*.warc.gz"):
        for member in iter_members(path):
            assert member.data is not None
            for record in parse_records(member.data, member.offset):
                out.append("\n".join(f"{k}: {v}" for k, v in record.warc_headers))
                if record.type in ("request", "metadata", "warcinfo"):
                    out.append(record.block.decode("utf-8", "replace"))
    assert out
    return "\n".join(out)


def test_credentials_reach_the_server_and_are_stored_nowhere(tmp_path, db_url):
    srv = Server()
    try:
        link = "/minutes?access_token=LinkToken88&id=7"
        article = (
            "<html><head><title>Budget vote</title></head><body><article>"
            "<p>The city council approved the 2025 budget by 31 votes to 9, according to "
            f'<a href="http://127.0.0.1:{srv.port}{link}">the council minutes</a>.</p>'
            "</article></body></html>").encode()
        srv.routes["/article?token=ArtToken77&lang=en"] = static(
            200, article, {"Content-Type": "text/html; charset=utf-8"})
        srv.routes[link] = static(200, b"<html><body><p>Minutes: the budget was approved "
                                       b"by 31 votes to 9.</p></body></html>",
                                  {"Content-Type": "text/html; charset=utf-8"})
        srv.routes["/file.pdf?X-Amz-Signature=SigValue99&X-Amz-Expires=60"] = static(
            302, b"", {"Location": "/landing?sig=SigValue99"})
        srv.routes["/landing?sig=SigValue99"] = static(200, b"landed",
                                                       {"Content-Type": "text/plain"})
        ws = tmp_path / "ws"
        ws.mkdir()
        (ws / "verify.toml").write_text('[fetch]\nallowed_networks = ["127.0.0.0/8"]\n'
                                        "per_host_rate = 50.0\n", encoding="utf-8")
        base = [sys.executable, "-m", "verify", "--db", db_url]
        art_url = (f"http://reader:PaSsWoRd1@127.0.0.1:{srv.port}/article?token=ArtToken77"
                   f"&lang=en#access_token=FragToken55")
        runs = [
            subprocess.run([*base, "check", art_url, "--published", "2025-03-01",
                            "--format", "json", "-o", str(ws / "report.json")],
                           capture_output=True, text=True, timeout=300, cwd=ws),
            subprocess.run([*base, "report", "--format", "html", "-o", str(ws / "r.html")],
                           capture_output=True, text=True, timeout=120, cwd=ws),
            subprocess.run([*base, "report", "--format", "md"], capture_output=True,
                           text=True, timeout=120, cwd=ws),
            subprocess.run([*base, "fetch", f"http://127.0.0.1:{srv.port}/file.pdf?"
                            "X-Amz-Signature=SigValue99&X-Amz-Expires=60"],
                           capture_output=True, text=True, timeout=120, cwd=ws),
            subprocess.run([*base, "fetch", f"http://u:PaSsWoRd1@127.0.0.1:{srv.port}/gone"
                            "?api_key=ArtToken77"],
                           capture_output=True, text=True, timeout=120, cwd=ws),
        ]
        assert [r.returncode for r in runs] == [0, 0, 0, 0, 1], [r.stderr for r in runs]
        # The request itself carried every credential.
        by_path = {s.path: s.headers for s in srv.seen}
        auth = by_path["/article?token=ArtToken77&lang=en"].get("Authorization", "")
        assert base64.b64decode(auth.split()[1]) == b"reader:PaSsWoRd1"
        assert link in by_path and "/landing?sig=SigValue99" in by_path
        # ... and nothing the tool printed, stored, reported or archived does.
        printed = "\n".join(r.stdout + r.stderr for r in runs)
        assert "REDACTED" in printed
        assert "http_error" in runs[-1].stderr and "/gone?api_key=REDACTED" in runs[-1].stderr
        places = {
            "output": printed,
            "report.json": (ws / "report.json").read_text(encoding="utf-8"),
            "report.html": (ws / "r.html").read_text(encoding="utf-8"),
            "database": _db_text(db_url),
            "archive": _archive_text(ws / "archive"),
        }
        for where, content in places.items():
            for secret in SECRETS:
                assert secret not in content, f"{secret} in the {where}"
        assert "/minutes?access_token=REDACTED&id=7" in places["database"]
        assert "reader" not in places["report.json"]
        assert "WARC-Target-URI: http://127.0.0.1" in places["archive"]
    finally:
        srv.close()


@pytest.mark.parametrize("url, expected", [
    ("https://user:pw@example.org/a?b=1", "https://REDACTED@example.org/a?b=1"),
    ("https://tok@example.org/", "https://REDACTED@example.org/"),
    ("https://example.org/a?api_key=k&page=2&Token=t",
     "https://example.org/a?api_key=REDACTED&page=2&Token=REDACTED"),
    ("https://example.org/a?password=&sig=x", "https://example.org/a?password=REDACTED&"
     "sig=REDACTED"),
    ("https://example.org/a?my_access_token=x&keyword=budget",
     "https://example.org/a?my_access_token=REDACTED&keyword=budget"),
    ("https://example.org/cb#access_token=abc&state=1",
     "https://example.org/cb#access_token=REDACTED&state=1"),
    ("https://example.org/a?q=mail@example.org", "https://example.org/a?q=mail@example.org"),
    ("https://example.org/plain", "https://example.org/plain"),
])
def test_redact_url(url, expected):
    assert redact_url(url) == expected


def test_redact_text_finds_urls_in_messages():
    msg = "fetch: https://a:b@example.org/x?key=1 → http://example.org/y?sig=2 failed"
    assert redact_text(msg) == ("fetch: https://REDACTED@example.org/x?key=REDACTED → "
                                "http://example.org/y?sig=REDACTED failed")


def test_log_lines_and_the_source_listing_are_redacted(tmp_path):
    import logging

    from verify.cli import _RedactingFilter

    record = logging.LogRecord("verify.x", logging.WARNING, __file__, 1,
                               "cannot read %s", ("https://u:PaSsWoRd1@example.org/a?token=t",),
                               None)
    assert _RedactingFilter().filter(record)
    assert record.getMessage() == "cannot read https://REDACTED@example.org/a?token=REDACTED"
    (tmp_path / "sources.toml").write_text(
        '[sources.feed]\nname = "Feed"\nkind = "web_page"\n'
        'urls = ["https://example.org/feed?api_key=ArtToken77"]\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "verify", "--sources", "sources.toml", "sources"],
                       capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "feed?api_key=REDACTED" in r.stdout and "ArtToken77" not in r.stdout
