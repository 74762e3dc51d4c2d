"""The HTML report in a real headless Chromium (Debian's), driven by playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from verify.reports import render
from verify.reports.view import claims_in_order, source_names

from .conftest import HOSTILE

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    path = os.environ.get("VERIFY_TEST_CHROMIUM") or shutil.which("chromium")
    if path and Path(path).exists():
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("Debian's chromium is missing (apt-get install -y chromium, "
                    "or set VERIFY_TEST_CHROMIUM)")
    pytest.skip("no chromium (apt-get install -y chromium, or set VERIFY_TEST_CHROMIUM)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser, tmp_path, report, width=1400):
    """Load the report from a file; any request beyond the file itself is recorded and refused."""
    page_file = tmp_path / "report.html"
    page_file.write_text(render(report, "html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 1000})
    requests: list[str] = []
    errors: list[str] = []

    def refuse(route):
        if route.request.url != page_file.as_uri():
            requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", refuse)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page_file.as_uri())
    return page, requests, errors


def test_every_claim_is_highlighted_with_its_verdict_and_evidence(browser, tmp_path, sample):
    page, requests, errors = _open(browser, tmp_path, sample)
    names = source_names(sample)
    for v in claims_in_order(sample):
        mark = page.locator(f"#hl-{v.id}")
        assert mark.count() == 1
        label = v.verdict["label"] if v.verdict else "none"
        assert f"v-{label}" in mark.get_attribute("class").split()
        assert mark.is_visible()
        card = page.locator(f"#claim-{v.id}")
        assert card.is_visible()
        if v.verdict:
            assert card.locator(".label").first.inner_text() == label
            assert v.verdict["reason"] in card.inner_text()
        for i, ev in enumerate(v.evidence):
            fig = card.locator("> figure.evidence").nth(i)
            assert fig.locator(".exact").inner_text() == ev["quote"]["exact"]
            assert fig.locator(".source").inner_text() == names[ev["source"]]
            assert fig.locator("a.url").get_attribute("href") == ev["url"]
            assert fig.locator(".sha").get_attribute("title") == ev["snapshot_sha256"]
            assert fig.locator(".rebuilt").count() == (1 if ev["reconstructed"] else 0)
    # Colours come from the stylesheet, so the CSP let our own style in.
    bg = page.eval_on_selector(".claim.v-contradicted", "e => getComputedStyle(e).borderLeftColor")
    assert bg == "rgb(198, 40, 40)"
    assert requests == [] and errors == []
    page.close()


def test_clicking_a_highlight_selects_its_card(browser, tmp_path, sample):
    page, _, errors = _open(browser, tmp_path, sample)
    v = claims_in_order(sample)[3]
    page.locator(f"#hl-{v.id}").click()
    assert "active" in page.locator(f"#claim-{v.id}").get_attribute("class").split()
    assert page.locator(".claim.active").count() == 1
    assert errors == []
    page.close()


def test_hostile_text_renders_as_text_and_never_runs(browser, tmp_path, hostile):
    page, requests, errors = _open(browser, tmp_path, hostile)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    card = page.locator("#claim-c-hostile")
    assert card.locator(".exact").inner_text() == HOSTILE
    assert card.locator("blockquote").first.inner_text() == HOSTILE
    assert page.locator("#hl-c-hostile").inner_text() == HOSTILE
    assert card.locator("a.url").count() == 0  # a javascript: URL is not made a link
    assert page.title().startswith("Verification report: </title><script>")
    card.locator("a", has_text="show in the article").click()
    page.locator("#hl-c-hostile").click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert requests == []  # the <img src="x"> never loaded
    assert errors == []
    page.close()


def test_narrow_screen_puts_the_evidence_below_and_screenshots(browser, tmp_path, sample):
    page, _, _ = _open(browser, tmp_path, sample, width=600)
    article = page.locator("#article").bounding_box()
    claims = page.locator("#claims").bounding_box()
    assert claims["y"] >= article["y"] + article["height"]
    page.close()
    page, _, _ = _open(browser, tmp_path, sample, width=1400)
    article = page.locator("#article").bounding_box()
    claims = page.locator("#claims").bounding_box()
    assert claims["x"] >= article["x"] + article["width"]  # beside it on a wide screen
    shot = Path(os.environ.get("VERIFY_TEST_SCREENSHOT") or tmp_path / "report.png")
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    page.close()
