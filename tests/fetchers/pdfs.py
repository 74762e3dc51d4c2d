"""Test PDFs made here: several pages, two columns, a table, a page with no text layer,
and hostile ones (too many pages, a decompression bomb, an endless content stream).

Made with fpdf2 (a dev dependency) or written byte by byte; the texts are this
project's own.
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime

from fpdf import FPDF

LEFT = ("The committee heard the ministry on the first day. It asked how the budget for "
        "testing equipment would be spent over the five years of the plan.")
RIGHT = ("On the second day the committee voted. Eleven members supported the report and "
         "four opposed it, after a debate on the costs of the programme.")
TABLE = (("Member state", "Notified", "Takes effect"),
         ("Testland", "27 June 2025", "27 December 2025"),
         ("Exampleria", "10 July 2025", "10 January 2026"))


def png(width: int = 64, height: int = 64) -> bytes:
    """A grey-scale PNG: what a scanner's page image stands in for."""
    raw = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(width))
                   for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    # a fixed time stamp: the same bytes on every run
    pdf.set_creation_date(datetime(2025, 6, 5, tzinfo=UTC))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    return pdf


def report_pdf() -> bytes:
    """Four pages: prose; two columns; a table; a scanned page (an image, no text)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Report of the Committee on Test Matters", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "The report covers the sittings of 3 and 4 June 2025. "
                   "The committee recommends that the plan be adopted.")
    pdf.add_page()
    y = pdf.get_y()
    pdf.set_xy(10, y)
    pdf.multi_cell(90, 6, LEFT)
    pdf.set_xy(110, y)
    pdf.multi_cell(90, 6, RIGHT)
    pdf.add_page()
    with pdf.table() as table:
        for row in TABLE:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.add_page()
    pdf.image(io.BytesIO(png()), x=10, y=10, w=190)
    return bytes(pdf.output())


def scanned_pdf(pages: int = 2) -> bytes:
    pdf = _pdf()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(png()), x=10, y=10, w=190)
    return bytes(pdf.output())


def many_pages_pdf(pages: int) -> bytes:
    pdf = _pdf()
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {n}")
    return bytes(pdf.output())


def raw_pdf(content: bytes, *, filter_flate: bool) -> bytes:
    """A one-page PDF written byte by byte around a given content stream."""
    stream = zlib.compress(content, 9) if filter_flate else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode()
        + (b" /Filter /FlateDecode" if filter_flate else b"") + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            f"%%EOF\n").encode()
    return bytes(out)


def bomb_pdf(megabytes: int = 400) -> bytes:
    """A content stream that inflates from under a megabyte to `megabytes` of text."""
    chunk = b"BT /F1 12 Tf 72 720 Td (boom) Tj ET\n"
    compressor = zlib.compressobj(9)
    parts = []
    block = chunk * (1024 * 1024 // len(chunk))
    for _ in range(megabytes):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    stream = b"".join(parts)
    return raw_pdf(b"", filter_flate=False).replace(
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
        + stream + b"\nendstream")


def endless_pdf(operators: int = 3_000_000) -> bytes:
    """A content stream of millions of tiny drawing operators: slow to interpret."""
    return raw_pdf(b"0 0 m 1 1 l S\n" * operators, filter_flate=True)
