"""Text of a PDF, page by page, read under page, time and memory limits.

Primary documents (depositary notifications, parliamentary prints, ministry
reports, court rulings) are often PDFs. They are read with PDFium (pypdfium2),
in a child process that holds the memory limit (RLIMIT_AS) and is killed at the
time limit, because a hostile PDF — a decompression bomb, an endless content
stream — stalls or bloats inside C code that no Python check can interrupt.
A PDF with more pages than the limit is refused before any page is read.

The document's text is its pages in order, each ending with a form feed
(``\\f``, as pdftotext writes it), so a position in the text names its page:
`page_of(text, offset)`. A page with no text layer (a scanned image) is empty
and listed in `PdfText.no_text_layer`; a PDF with no text on any page is
refused as scanned, not read as empty.

    PdfError (verify.errors.ParseError)
     └── PdfRefused    limits, encryption, scanned, broken: the reason in one line
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from verify.errors import ParseError

PDF_MEDIA_TYPES = frozenset({"application/pdf", "application/x-pdf"})
PAGE_END = "\f"


class PdfRefused(ParseError):
    """The PDF was not read: over a limit, encrypted, scanned or broken."""


@dataclass(frozen=True)
class PdfLimits:
    max_pages: int = 2000
    max_seconds: float = 60.0
    max_memory_mb: int = 1024
    max_page_chars: int = 500_000  # text kept of one page; the rest is cut


@dataclass(frozen=True)
class PdfText:
    pages: tuple[str, ...]
    no_text_layer: tuple[int, ...]  # 1-based numbers of pages with images and no text
    cut_pages: tuple[int, ...] = ()  # pages whose text was cut at max_page_chars

    @property
    def text(self) -> str:
        """The pages in order, each ending with a form feed."""
        return "".join(p + PAGE_END for p in self.pages)


def is_pdf(media_type: str | None, body: bytes) -> bool:
    """Whether a body is a PDF: by its media type, or by its signature when the server
    said nothing more precise than application/octet-stream."""
    if media_type in PDF_MEDIA_TYPES:
        return True
    return media_type in (None, "application/octet-stream", "binary/octet-stream") and \
        body[:1024].lstrip().startswith(b"%PDF-")


def page_of(text: str, offset: int) -> int | None:
    """The 1-based page of a position in a PDF's text (None when the text has no pages)."""
    if PAGE_END not in text:
        return None
    return text.count(PAGE_END, 0, max(0, offset)) + 1


def page_starts(text: str) -> list[int]:
    """Where each page of a PDF's text starts."""
    starts = [0]
    at = text.find(PAGE_END)
    while at != -1 and at + 1 < len(text):
        starts.append(at + 1)
        at = text.find(PAGE_END, at + 1)
    return starts


def read_pdf(data: bytes, url: str, limits: PdfLimits | None = None) -> PdfText:
    """The text of each page; PdfRefused (naming `url`) when it cannot or may not be read."""
    lim = limits or PdfLimits()
    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise PdfRefused("not a PDF (no %PDF- header)", url=url)
    env = {**os.environ, "VERIFY_PDF_LIMITS": json.dumps(lim.__dict__)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", "from verify.fetchers._pdf import _child; _child()"],
            input=data, capture_output=True, timeout=lim.max_seconds, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise PdfRefused(f"PDF not read: it took more than the time limit of "
                         f"{lim.max_seconds:g} s (an endless or huge content stream?)",
                         url=url) from None
    answer: dict[str, Any] | None = None
    try:
        answer = json.loads(done.stdout.decode("utf-8")) if done.stdout else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        why = ("it ran out of the memory limit of "
               f"{lim.max_memory_mb} MB (a decompression bomb?)") if _out_of_memory(done) \
            else f"the reader stopped with exit status {done.returncode}"
        raise PdfRefused(f"PDF not read: {why}", url=url)
    if "error" in answer:
        raise PdfRefused(str(answer["error"]), url=url)
    pages = tuple(str(p) for p in answer.get("pages") or [])
    blank = tuple(int(n) for n in answer.get("no_text_layer") or [])
    cut = tuple(int(n) for n in answer.get("cut") or [])
    if pages and not any(p.strip() for p in pages):
        if blank:
            raise PdfRefused(f"scanned PDF: no text layer on any of its {len(pages)} pages "
                             f"(images only; text recognition is not done)", url=url)
        raise PdfRefused(f"PDF has no text on any of its {len(pages)} pages", url=url)
    return PdfText(pages, blank, cut)


def _clean(text: str) -> str:
    """PDFium's text as plain lines: CR LF to LF; a word it marks as broken by a hyphen at
    a line end (U+FFFE before the newline) joined again ("Ex-/isting" -> "Existing")."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for mark in ("\ufffe", "\x02"):  # PDFium's mark of a hyphen that breaks a word
        text = text.replace(mark + "\n", "").replace(mark, "-")
    return text.replace(PAGE_END, "\n")


def _out_of_memory(done: subprocess.CompletedProcess[bytes]) -> bool:
    err = done.stderr.decode("utf-8", "replace")
    return "MemoryError" in err or "bad_alloc" in err or "out of memory" in err.lower() \
        or done.returncode in (-6, -9, -11, 134, 137, 139)


def _child() -> None:  # pragma: no cover - runs in the child process
    """Read stdin's PDF under the limits in VERIFY_PDF_LIMITS; JSON on stdout."""
    import resource

    lim = PdfLimits(**json.loads(os.environ["VERIFY_PDF_LIMITS"]))
    data = sys.stdin.buffer.read()
    cap = lim.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = int(lim.max_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    sys.stdout.write(json.dumps(_extract(data, lim), ensure_ascii=False))
    sys.stdout.flush()


def _extract(data: bytes, lim: PdfLimits) -> dict[str, object]:  # pragma: no cover - child
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        message = str(e)
        if "password" in message.lower():
            return {"error": "encrypted PDF: it needs a password to be read"}
        return {"error": f"PDF does not parse: {message}"}
    try:
        count = len(doc)
        if count > lim.max_pages:
            return {"error": f"PDF not read: {count} pages, more than the limit of "
                             f"{lim.max_pages}"}
        pages: list[str] = []
        blank: list[int] = []
        cut: list[int] = []
        for i in range(count):
            page = doc[i]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range() if textpage.count_chars() else ""
                finally:
                    textpage.close()
                text = _clean(text)
                if len(text) > lim.max_page_chars:
                    text = text[:lim.max_page_chars]
                    cut.append(i + 1)
                if not text.strip() and any(True for _ in page.get_objects(
                        filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)):
                    blank.append(i + 1)
                pages.append(text.strip("\n"))
            finally:
                page.close()
        return {"pages": pages, "no_text_layer": blank, "cut": cut}
    finally:
        doc.close()
