"""PDFs: text page by page, the page beside each quote, hostile PDFs refused with a reason,
and every fetcher kind handing a PDF it meets to the reader (over real HTTP)."""

from __future__ import annotations

import pytest

from verify.fetchers._pdf import PdfLimits, PdfRefused, page_of, page_starts, read_pdf
from verify.fetchers.base import DocumentRef
from verify.fetchers.ria_article import RiaArticle
from verify.fetchers.sejm_api import SejmApi
from verify.fetchers.untc_status import UntcStatus
from verify.fetchers.wayback import Wayback
from verify.fetchers.web_page import WebPage

from .helpers import run, with_fetcher
from .pdfs import RIGHT, bomb_pdf, endless_pdf, many_pages_pdf, report_pdf, scanned_pdf


@pytest.fixture(scope="module")
def report() -> bytes:
    return report_pdf()


def test_text_per_page_columns_table_and_a_page_without_text(report):
    pdf = read_pdf(report, "test.pdf")
    assert len(pdf.pages) == 4
    assert pdf.pages[0].startswith("Report of the Committee on Test Matters")
    # two columns: the left one read whole before the right one
    left_end = pdf.pages[1].index("five years of the plan.")
    assert pdf.pages[1].index("On the second day") > left_end
    assert " ".join(pdf.pages[1].split()).endswith(RIGHT)
    # the table's rows stay rows, cells in order
    assert "Exampleria 10 July 2025 10 January 2026" in pdf.pages[2].splitlines()
    # the scanned page is said to be one, and is empty
    assert pdf.no_text_layer == (4,) and pdf.pages[3] == ""
    # each page ends with a form feed, so a position names its page
    text = pdf.text
    assert text.count("\f") == 4 and len(page_starts(text)) == 4
    assert page_of(text, text.index("Exampleria")) == 3
    assert page_of(text, 0) == 1 and page_of("no pages here", 3) is None


def test_a_scanned_pdf_is_said_to_be_scanned():
    with pytest.raises(PdfRefused, match=r"scanned PDF: no text layer on any of its 2 pages"):
        read_pdf(scanned_pdf(2), "scan.pdf")


@pytest.mark.parametrize(("make", "limits", "why"), [
    (lambda: many_pages_pdf(30), PdfLimits(max_pages=10), r"30 pages, more than the limit of 10"),
    (lambda: bomb_pdf(300), PdfLimits(max_memory_mb=200), r"memory limit of 200 MB"),
    (lambda: endless_pdf(3_000_000), PdfLimits(max_seconds=2), r"time limit of 2 s"),
    (lambda: b"%PDF-1.4\nnot really", PdfLimits(), r"PDF does not parse"),
    (lambda: b"<html>not a pdf</html>", PdfLimits(), r"not a PDF"),
], ids=["pages", "decompression-bomb", "endless-stream", "broken", "not-pdf"])
def test_hostile_pdfs_are_refused_with_a_reason(make, limits, why):
    with pytest.raises(PdfRefused, match=why) as info:
        read_pdf(make(), "http://127.0.0.1/hostile.pdf", limits)
    assert info.value.url == "http://127.0.0.1/hostile.pdf"
    assert "\n" not in info.value.message


FETCHERS = {
    "web_page": lambda base: WebPage("web", {}),
    "wayback": lambda base: Wayback("wayback", {"web_url": base}),
    "ria_article": lambda base: RiaArticle("ria", {"base_url": base}),
    "untc_status": lambda base: UntcStatus("treaties", {"base_url": base}),
    "sejm_api": lambda base: SejmApi("house", {"base_url": base + "/sejm", "term": 10}),
}


@pytest.mark.parametrize("kind", sorted(FETCHERS))
def test_every_fetcher_hands_a_pdf_to_the_reader(kind, server, live, registry, report):
    # served as application/pdf, and once as octet-stream with the %PDF- signature
    a = server.add("/docs/druk-20.pdf", report, "application/pdf")
    b = server.add("/docs/C.N.99.2025.bin", report, "application/octet-stream")
    f = FETCHERS[kind](server.base)

    async def go(ctx):
        return [d for u in (a, b) for d in await f.fetch(DocumentRef(u, "x", "test"), ctx)]

    for doc in run(with_fetcher(live, registry, go)):
        assert doc.parse_error is None, doc.parse_error
        assert doc.fetched.warc is not None  # archived before it was read
        assert doc.title == "Report of the Committee on Test Matters"
        assert doc.text.count("\f") == 4 and doc.no_text_pages == (4,)
        assert "Exampleria 10 July 2025" in doc.text


def test_a_refused_pdf_is_a_document_with_its_reason(server, live, registry):
    url = server.add("/docs/scan.pdf", scanned_pdf(1), "application/pdf")
    f = WebPage("web", {})
    (doc,) = run(with_fetcher(live, registry, lambda ctx: f.fetch(DocumentRef(url, "w", "t"),
                                                                   ctx)))
    assert doc.parse_error.startswith("scanned PDF") and doc.text == ""


def test_evidence_from_a_pdf_carries_its_page(server, live, registry, report):
    from verify.reports.markdown import _page
    from verify.verdicts.documents import Doc, evidence_value
    from verify.verdicts.model import evidence_dict, verdict_from_json
    from verify.verdicts.passages import passages_for

    url = server.add("/docs/report.pdf", report, "application/pdf")
    f = WebPage("web", {})
    (doc,) = run(with_fetcher(live, registry, lambda ctx: f.fetch(DocumentRef(url, "w", "t"),
                                                                   ctx)))
    passages = passages_for("k", doc.text, ())
    p = next(p for p in passages if "Exampleria" in p.text)
    ev = evidence_value(Doc("web", "primary", doc, tuple(passages)), p, 1.0)
    assert ev.page == 3 and "Exampleria" in ev.exact
    d = evidence_dict(ev)
    assert d["fragment"] == {"type": "FragmentSelector",
                             "conformsTo": "http://tools.ietf.org/rfc/rfc8118",
                             "value": "page=3"}
    assert d["selector"]["type"] == "TextQuoteSelector"
    verdict = {"claim_id": "c", "label": "corroborated", "qualifier": None,
               "reason": "slots_agree", "confidence": 0.9, "as_of": "2025-07-01",
               "evidence": [d], "explanation": "x"}
    assert verdict_from_json(verdict).evidence[0].page == 3
    assert _page({"fragment": d["fragment"]}) == ", page 3"
    # evidence from a page that is not a PDF has no fragment
    html_doc = Doc("web", "primary", doc.__class__(ref=doc.ref, fetched=doc.fetched,
                                                   text="One sentence here."),
                   tuple(passages_for("h", "One sentence here.", ())))
    ev2 = evidence_value(html_doc, html_doc.passages[0], 1.0)
    assert ev2.page is None and "fragment" not in evidence_dict(ev2)
