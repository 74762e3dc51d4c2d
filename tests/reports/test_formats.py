"""Every format renders the sample report, deterministically; JSON validates against the schema."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import jsonschema
import pytest
from bs4 import BeautifulSoup

from verify.errors import ConfigError, InputError
from verify.reports import FORMATS, ReportFormat, register_format, render
from verify.reports.html import Highlight, mark_article
from verify.reports.view import claims_in_order, label_text

from .conftest import HOSTILE, schema

PUBLISHER = {"name": "Example Fact Desk", "url": "https://factcheck.example.org"}


def _render(report, fmt):
    return render(report, fmt, publisher=PUBLISHER)


@pytest.mark.parametrize("fmt", ["md", "json", "html", "csv", "claimreview"])
def test_each_format_renders_the_same_bytes_twice(sample, fmt):
    first = _render(sample, fmt)
    again = _render(copy.deepcopy(sample), fmt)
    assert first == again
    assert first.endswith("\n")
    for claim in sample["claims"]:
        if fmt != "claimreview" or claim["verdict"] is not None:
            assert claim["id"] in first, (fmt, claim["id"])


def test_registry_refuses_duplicates_and_names_unknown_formats(sample):
    assert {"md", "json", "html", "csv", "claimreview"} <= set(FORMATS)
    with pytest.raises(ConfigError, match="already registered"):
        register_format(ReportFormat("md", lambda r: "", ".md", "text/plain"))
    with pytest.raises(ConfigError, match="unknown report format 'pdf'"):
        render(sample, "pdf")


def test_bad_report_values_give_one_error_naming_the_key(sample):
    broken = copy.deepcopy(sample)
    del broken["claims"][2]["verdict"]["label"]
    with pytest.raises(InputError, match=r"claims\[2\]\.verdict: missing key 'label'"):
        render(broken, "md")
    broken = copy.deepcopy(sample)
    broken["claims"][1]["span"] = [10, 10**6]
    with pytest.raises(InputError, match=r"claims\[1\]\.span"):
        render(broken, "html")
    broken = copy.deepcopy(sample)
    broken["claims"][0]["verdict"]["qualifier"] = "mostly"
    with pytest.raises(InputError, match="qualifier: 'mostly'"):
        render(broken, "csv")
    broken = copy.deepcopy(sample)
    broken["claims"][4]["parent"] = "c-nowhere"
    with pytest.raises(InputError, match="no claim 'c-nowhere'"):
        render(broken, "json")
    broken = copy.deepcopy(sample)
    broken["claims"][0]["verdict"]["confidence"] = float("nan")
    with pytest.raises(InputError, match="not JSON-ready"):
        render(broken, "json")


# ------------------------------------------------------------------ JSON

def test_json_is_the_value_and_validates_against_the_schema(sample):
    jsonschema.Draft202012Validator.check_schema(schema())
    out = _render(sample, "json")
    assert json.loads(out) == sample
    assert list(json.loads(out)) == list(sample)  # key order kept: run stays at the top
    jsonschema.validate(json.loads(out), schema())


@pytest.mark.parametrize(("path", "value"), [
    (("claims", 0, "verdict", "label"), "true"),
    (("claims", 0, "verdict", "reason"), "looks_fine"),
    (("claims", 0, "kind"), "rumour"),
    (("claims", 0, "flags"), ["compund"]),
    (("claims", 1, "verdict", "evidence", 0, "reconstructed"), "yes"),
    (("article", "sha256"), "not-a-hash"),
])
def test_schema_rejects_words_outside_the_vocabulary(sample, path, value):
    target = sample
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sample, schema())


# ------------------------------------------------------------------ Markdown

def test_markdown_lists_claims_in_article_order_with_parts_indented(sample):
    md = _render(sample, "md")
    views = claims_in_order(sample)
    positions = [md.index(v.id) for v in views]
    assert positions == sorted(positions)
    for v in views:
        line = next(ln for ln in md.splitlines() if v.id in ln and "—" in ln)
        if v.depth == 0:
            assert line.startswith("### ")
        else:
            assert line.startswith("  " * (v.depth - 1) + "- **")
        if v.verdict:
            assert label_text(v.verdict["label"], v.verdict["qualifier"]) in line
    counts = sample["summary"]
    assert f"{counts['contradicted']} contradicted" in md


def test_markdown_marks_every_rebuilt_evidence(sample):
    md = _render(sample, "md")
    evidence_lines = [ln for ln in md.splitlines() if ln.lstrip().startswith("- Evidence: “")]
    rebuilt = [e for c in sample["claims"] if c["verdict"] for e in c["verdict"]["evidence"]]
    assert len(evidence_lines) == len(rebuilt)
    for line, ev in zip(evidence_lines, rebuilt, strict=True):
        assert ("(rebuilt source)" in line) == ev["reconstructed"]
        assert ev["snapshot_sha256"][:12] in line


def test_markdown_escapes_untrusted_text(hostile):
    md = _render(hostile, "md")
    # Every "<" is escaped, or opens an autolink to a web URL we wrote ourselves.
    raw = re.findall(r"(?<!\\)<(?!https?://)", md)
    assert raw == []
    assert "\\<script\\>" in md
    assert "<javascript:" not in md  # not a link: shown as text


# ------------------------------------------------------------------ CSV

def test_csv_has_one_row_per_claim(sample):
    rows = list(csv.DictReader(io.StringIO(_render(sample, "csv"))))
    views = claims_in_order(sample)
    assert [r["id"] for r in rows] == [v.id for v in views]
    for row, v in zip(rows, views, strict=True):
        c = v.claim
        assert row["parent"] == (c["parent"] or "")
        assert row["text"] == c["text"]
        assert row["flags"].split(" | ") == (c["flags"] or [""])
        if c["verdict"]:
            assert row["label"] == c["verdict"]["label"]
            assert row["reason"] == c["verdict"]["reason"]
            ev = c["verdict"]["evidence"]
            assert row["reconstructed"] == " | ".join(
                "true" if e["reconstructed"] else "false" for e in ev)
            assert row["snapshot_sha256"] == " | ".join(e["snapshot_sha256"] for e in ev)
        else:
            assert row["label"] == ""


def test_csv_defuses_spreadsheet_formulas(sample):
    sample["claims"][0]["text"] = "=HYPERLINK(\"http://evil.example\",\"x\")"
    rows = list(csv.DictReader(io.StringIO(_render(sample, "csv"))))
    assert rows[0]["text"].startswith("'=")


# ------------------------------------------------------------------ ClaimReview

def test_claimreview_one_per_claim_with_a_verdict(sample):
    sample["article"]["url"] = "https://news.example.com/ottawa"
    sample["article"]["publisher"] = "Example News"
    reviews = json.loads(_render(sample, "claimreview"))
    judged = [v for v in claims_in_order(sample) if v.verdict]
    assert [r["identifier"] for r in reviews] == [v.id for v in judged]
    for r, v in zip(reviews, judged, strict=True):
        assert r["@type"] == "ClaimReview" and r["@context"] == "https://schema.org"
        assert r["claimReviewed"] == v.claim["text"]
        assert r["author"] == {"@type": "Organization", "name": PUBLISHER["name"],
                               "url": PUBLISHER["url"]}
        assert r["itemReviewed"]["author"]["name"] == "Example News"
        assert r["itemReviewed"]["appearance"]["url"] == "https://news.example.com/ottawa"
        review = v.claim["review"]
        expected = review["label"] if review else label_text(v.verdict["label"],
                                                             v.verdict["qualifier"])
        assert r["reviewRating"]["alternateName"] == expected
        rebuilt = any(e["reconstructed"] for e in v.evidence)
        assert ("(rebuilt source)" in r["reviewRating"].get("ratingExplanation", "")) == rebuilt


@pytest.mark.parametrize("publisher", [None, {}, {"url": "https://x.example"}])
def test_claimreview_without_a_publisher_says_to_add_it(sample, publisher):
    with pytest.raises(ConfigError, match=r"\[publisher\].*verify.toml"):
        render(sample, "claimreview", publisher=publisher)


# ------------------------------------------------------------------ HTML, without a browser

def _article_div(html):
    return BeautifulSoup(html, "html.parser").select_one("#article .text")


def test_html_highlights_keep_the_article_text_and_mark_each_claim(sample):
    html = _render(sample, "html")
    div = _article_div(html)
    assert div.get_text() == sample["article"]["text"]
    for v in claims_in_order(sample):
        mark = div.select_one(f"#hl-{v.id}")
        assert mark is not None, v.id
        label = v.verdict["label"] if v.verdict else "none"
        assert f"v-{label}" in mark["class"]
        start, end = v.claim["span"]
        assert mark.get_text() == sample["article"]["text"][start:end]
    # A part sits inside its parent's highlight.
    for v in claims_in_order(sample):
        if v.claim["parent"]:
            assert div.select_one(f"#hl-{v.claim['parent']} #hl-{v.id}") is not None


def test_crossing_spans_split_into_fragments_that_cover_each_span():
    text = "abcdefghijklmnopqrstuvwxyz"
    marks = [Highlight("a", 0, 10, 0, 0, "corroborated", "a"),
             Highlight("b", 5, 15, 0, 1, "contradicted", "b"),
             Highlight("c", 2, 8, 1, 2, "unverified", "c"),
             Highlight("d", 12, 26, 0, 3, None, "d")]
    div = BeautifulSoup(f"<div>{mark_article(text, marks)}</div>", "html.parser").div
    assert div.get_text() == text
    for h in marks:
        frags = div.select(f'mark[data-claim="{h.claim_id}"]')
        assert len(div.select(f"#hl-{h.claim_id}")) == 1
        covered = "".join(f.get_text() for f in frags)
        assert covered == text[h.start:h.end], h.claim_id


def test_html_is_self_contained_and_escapes_untrusted_text(hostile):
    html = _render(hostile, "html")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("link, img, iframe, object, embed, svg, script[src]")
    assert len(soup.find_all("script")) == 1  # our own
    assert HOSTILE in soup.select_one("#claim-c-hostile").get_text()
    assert not [a for a in soup.find_all("a") if a["href"].lower().startswith("javascript")]
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp
