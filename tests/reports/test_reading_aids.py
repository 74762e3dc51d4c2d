"""What a reader needs to read the report (issue 10, item 11): a legend for the colours,
evidence context cut at word boundaries, a publication date or "date unknown", and one
documented score scale shown the same way for a compound claim and its parts.
Rendered pages are checked in headless Chromium (see test_html_browser.py)."""

from __future__ import annotations

import copy
import re

import pytest

from verify.reports import render
from verify.reports.view import (
    CONTEXT_CHARS,
    claims_in_order,
    context_after,
    context_before,
    part_scores,
    shown_score,
)
from verify.verdicts.model import SELECTOR_CONTEXT

from .test_html_browser import _open, browser  # noqa: F401 - the fixture is used by name

SOURCE = ("The withdrawal takes effect on 20 February 2026. [wording unconfirmed by the "
          "research] 5. On 20 August 2025, the Secretary-General received a notification.")


def test_the_context_length_is_the_selectors():
    assert CONTEXT_CHARS == SELECTOR_CONTEXT


def _prefix(at: int) -> str:
    return SOURCE[max(0, at - CONTEXT_CHARS):at]


def test_context_before_is_cut_at_a_word_boundary():
    at = SOURCE.index("5. On")
    prefix = _prefix(at)
    assert prefix == "ng unconfirmed by the research] "  # cut inside "wording"
    assert context_before(prefix, [at, at + 5]) == "… unconfirmed by the research] "
    # A prefix that reaches the start of the text was not cut: shown whole.
    early = SOURCE.index("takes")
    assert context_before(_prefix(early), [early, early + 5]) == "The withdrawal "
    # A prefix that is one cut word has no whole word to show: only the ellipsis.
    assert context_before("a" * CONTEXT_CHARS, [500, 510]) == "… "


def test_context_after_is_cut_at_a_word_boundary():
    end = SOURCE.index(" 20 February")
    suffix = SOURCE[end:end + CONTEXT_CHARS]
    assert suffix == " 20 February 2026. [wording unco"  # cut inside "unconfirmed"
    assert context_after(suffix) == " 20 February 2026. [wording …"
    tail = SOURCE[-20:]  # shorter than the context: it reaches the end of the text
    assert context_after(tail) == tail
    assert context_after(" " + "b" * (CONTEXT_CHARS - 1)) == " …"


def _family(sample: dict) -> dict:
    """A compound claim and two parts quoting one passage, scored 7.25 against the
    longer part and 34.91 against the shorter: the case the issue saw."""
    report = copy.deepcopy(sample)
    claims = [c for c in report["claims"] if c.get("verdict") and c["verdict"]["evidence"]]
    parent, a, b = claims[0], claims[1], claims[2]
    ev = copy.deepcopy(parent["verdict"]["evidence"][0])
    for child in (a, b):
        child["parent"] = parent["id"]
    a["verdict"]["evidence"] = [{**ev, "score": 7.25}]
    b["verdict"]["evidence"] = [{**ev, "score": 34.91}]
    parent["parent"] = None
    report["claims"] = [parent, a, b]  # just this family
    parent["verdict"]["reason"] = "children"
    parent["verdict"]["evidence"] = [{**ev, "score": 7.25}]  # whichever part came first
    return report


def test_a_compound_claim_shows_its_best_part_score_on_the_one_scale(sample):
    report = _family(sample)
    views = claims_in_order(report)
    parts = part_scores(views)
    by_score = {}
    for v in views:
        for ev in v.evidence:
            by_score.setdefault(v.id, []).append(shown_score(v, ev, parts))
    parent = next(v for v in views if v.verdict and v.verdict["reason"] == "children")
    kids = [v for v in views if v.claim.get("parent") == parent.id]
    best = next(k for k in kids if k.evidence[0]["score"] == 34.91)
    assert by_score[parent.id] == [f"match 34.9/100 (part {best.number})"]
    assert sorted(by_score[k.id][0] for k in kids) == ["match 34.9/100", "match 7.2/100"]
    md = render(report, "md")
    assert f"match 34.9/100 (part {best.number})" in md
    assert "- Scores: match: 0–100" in md
    assert re.search(r"score \d", md) is None  # no unexplained bare score left


def test_html_header_never_says_published_question_mark(sample):
    nodate = copy.deepcopy(sample)
    nodate["article"].update(published=None, publisher="Example News")
    html = render(nodate, "html")
    assert "Published ?" not in html and "?, " not in html
    assert '<dd class="published">date unknown</dd>' in html
    assert "<dt>Publisher</dt><dd>Example News</dd>" in html
    dated = copy.deepcopy(sample)
    dated["article"].update(published="2025-06-30", published_from="--published",
                            publisher=None)
    html = render(dated, "html")
    assert '<dd class="published">2025-06-30 (from --published)</dd>' in html
    assert "<dt>Publisher</dt>" not in html


@pytest.mark.browser
def test_the_legend_explains_the_colours_the_page_uses(browser, tmp_path, sample):  # noqa: F811
    page, requests, errors = _open(browser, tmp_path, _family(sample))
    legend = page.locator("details.legend")
    assert legend.is_visible()
    for label in ("corroborated", "contradicted", "unverified", "none"):
        key = legend.locator(f"mark.v-{label}")
        assert key.count() == 1 and key.is_visible()
        in_text = page.locator(f"#article mark.hl.v-{label}").first
        if in_text.count():  # the legend's swatch is the colour the article uses
            colour = "e => getComputedStyle(e).backgroundColor"
            assert key.evaluate(colour) == in_text.evaluate(colour)
    text = legend.inner_text()
    assert "match: 0–100" in text and "its parts" in text and "rebuilt" in text
    # Context shown in the page never starts or ends inside a word it cut.
    for ctx in page.locator("figure.evidence .ctx").all_inner_texts():
        if ctx.startswith("…"):
            assert ctx.startswith("… ")
        if ctx.endswith("…"):
            assert ctx.endswith(" …")
    scores = page.locator("figure.evidence .score").all_inner_texts()
    assert scores and all(re.fullmatch(r"match \d+\.\d/100( \(part [\d.]+\))?", s)
                          for s in scores)
    assert page.locator("dd.published").inner_text() in ("date unknown",) or \
        re.match(r"\d{4}-\d{2}-\d{2}", page.locator("dd.published").inner_text())
    assert requests == [] and errors == []
    page.close()
