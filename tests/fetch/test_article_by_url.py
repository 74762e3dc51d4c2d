"""An article fetched by URL is judged as of its own publication date, and the report
and stderr say where that date came from (issue 10, item 8). A real server on 127.0.0.1.

The page's head follows what news sites publish: Open Graph's
`article:published_time` (ogp.me) and schema.org JSON-LD `datePublished`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import Server, static

PAGE = ('<!doctype html><html lang="en"><head><title>Council vote</title>{head}</head>'
        '<body><article><p>The city council approved the 2025 budget by 31 votes to 9.</p>'
        '</article></body></html>')
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _check(ws: Path, url: str, *extra: str) -> tuple[dict, str, str]:
    run = [sys.executable, "-m", "verify"]
    r = subprocess.run([*run, "check", url, "--format", "json", *extra], cwd=ws,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    html = subprocess.run([*run, "report", "--format", "html"], cwd=ws, capture_output=True,
                          text=True, timeout=120)
    assert html.returncode == 0, html.stderr
    return json.loads(r.stdout), r.stderr, html.stdout


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "verify.toml").write_text('[fetch]\nallowed_networks = ["127.0.0.0/8"]\n',
                                          encoding="utf-8")
    return tmp_path


def test_the_pages_published_time_is_the_as_of_date_and_is_shown(tmp_path):
    srv = Server()
    try:
        srv.routes["/vote"] = static(200, PAGE.format(
            head='<meta property="article:published_time" content="2025-03-02T10:00:00Z">')
            .encode(), HTML)
        report, stderr, html = _check(_workspace(tmp_path), srv.url("/vote"))
    finally:
        srv.close()
    assert report["article"]["published"] == "2025-03-02"
    assert report["article"]["published_from"] == "the page's article:published_time"
    assert report["run"]["as_of"] == "2025-03-02"  # not today
    assert "article: published 2025-03-02 (from the page's article:published_time)" in stderr
    assert "2025-03-02 (from the page&#39;s article:published_time)" in html
    assert "Published ?" not in html


def test_json_ld_date_and_a_date_given_on_the_command_line(tmp_path):
    srv = Server()
    try:
        srv.routes["/ld"] = static(200, PAGE.format(
            head='<script type="application/ld+json">{"@context": "https://schema.org", '
                 '"@graph": [{"@type": "NewsArticle", "datePublished": "2025-02-20"}]}'
                 '</script>').encode(), HTML)
        ws = _workspace(tmp_path)
        report, stderr, _ = _check(ws, srv.url("/ld"))
        assert (report["article"]["published"], report["run"]["as_of"]) == \
            ("2025-02-20", "2025-02-20")
        assert "(from the page's JSON-LD datePublished)" in stderr
        # The user's date wins over the page's, and the report says it was given.
        given, stderr, _ = _check(ws, srv.url("/ld"), "--published", "2025-02-25")
    finally:
        srv.close()
    assert given["run"]["as_of"] == "2025-02-25"
    assert "article: published 2025-02-25 (from --published)" in stderr


def test_a_page_without_a_date_says_so(tmp_path):
    srv = Server()
    try:
        srv.routes["/nodate"] = static(200, PAGE.format(head="").encode(), HTML)
        report, stderr, html = _check(_workspace(tmp_path), srv.url("/nodate"))
    finally:
        srv.close()
    assert report["article"]["published"] is None
    assert "article: no publication date" in stderr
    assert '<dd class="published">date unknown</dd>' in html
