"""The HTML report of the real example run, in Debian's chromium: every claim the
pipeline judged is highlighted with its verdict, and rebuilt evidence says so."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_html_browser import _open, browser  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    import json

    ws = tmp_path_factory.mktemp("html") / "ottawa"
    shutil.copytree(ROOT / "examples" / "ottawa", ws, ignore=shutil.ignore_patterns("db"))
    r = subprocess.run([sys.executable, "-m", "verify", "check", "article.txt", "--offline",
                        "--as-of", "2025-07-01", "--format", "json"], cwd=ws,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


def test_the_example_report_renders_every_verdict(browser, tmp_path, example_report):  # noqa: F811
    page, requests, errors = _open(browser, tmp_path, example_report)
    assert requests == [] and errors == []
    for claim in example_report["claims"]:
        mark = page.locator(f"#hl-{claim['id']}")
        assert mark.count() == 1, claim["text"]
        assert f"v-{claim['verdict']['label']}" in mark.get_attribute("class").split()
    cards = page.locator(".evidence")
    text = page.locator("body").inner_text()
    assert "rebuilt source" in text
    assert cards.count() >= 1
    assert "Poland has withdrawn from the Ottawa Convention." in text
    assert page.screenshot(full_page=True)[:8] == b"\x89PNG\r\n\x1a\n"
