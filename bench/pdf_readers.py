#!/usr/bin/env python
"""Measure the PDF text libraries on real PDFs: extraction quality and speed.

    .venv/bin/python bench/pdf_readers.py DIR [DIR …] [--repeat 3]

Every `*.pdf` under the folders is read page by page by pypdf, pdfminer.six and
pypdfium2 (each must be installed; the one the project uses is a dependency, the
others are installed only to run this). For each file and library it prints
the median time of `--repeat` runs, pages and characters, and, where a LaTeX
source (`*.tex`) sits beside the PDF, two quality figures against it:

- word recall: the share of the source's words (3+ letters, commands and
  comments dropped) found in the extracted text;
- order: the share of the source's consecutive word pairs that come out
  consecutive too (reading order: columns read one after the other).

The PDFs themselves are not part of the repository.
"""

from __future__ import annotations

import argparse
import io
import itertools
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from verify.fetchers._pdf import _clean

_WORD = re.compile(r"[^\W\d_]{3,}")


def read_pypdf(data: bytes) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def read_pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return ["".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
            for page in extract_pages(io.BytesIO(data))]


def read_pdfium(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out.append(_clean(tp.get_text_range()))  # as verify reads it
            tp.close()
            page.close()
        return out
    finally:
        doc.close()


READERS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf": read_pypdf, "pdfminer.six": read_pdfminer, "pypdfium2": read_pdfium}


def tex_words(tex: str) -> list[str]:
    body = tex.split(r"\begin{document}", 1)[-1]
    body = re.sub(r"(?<!\\)%.*", "", body)
    body = re.sub(r"\\[A-Za-z]+\*?(\[[^\]]*\])?", " ", body)
    return [w.lower() for w in _WORD.findall(body)]


def quality(source: list[str], text: str) -> tuple[float, float]:
    got = [w.lower() for w in _WORD.findall(text.replace("-\n", ""))]
    have = set(got)
    recall = sum(1 for w in source if w in have) / max(1, len(source))
    pairs = set(itertools.pairwise(got))
    src_pairs = list(itertools.pairwise(source))
    order = sum(1 for p in src_pairs if p in pairs) / max(1, len(src_pairs))
    return recall, order


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(p for d in args.dirs for p in d.rglob("*.pdf") if p.stat().st_size)
    totals: dict[str, list[float]] = {k: [] for k in READERS}
    scores: dict[str, list[tuple[float, float]]] = {k: [] for k in READERS}
    failures: dict[str, int] = dict.fromkeys(READERS, 0)
    print(f"{'file':46} {'library':13} {'ms':>8} {'pages':>5} {'chars':>7} "
          f"{'recall':>6} {'order':>6}")
    for path in files:
        data = path.read_bytes()
        texs = list(path.parent.glob("*.tex"))
        source = tex_words(texs[0].read_text("utf-8", errors="replace")) if texs else None
        for name, read in READERS.items():
            times = []
            pages: list[str] = []
            error = None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                try:
                    pages = read(data)
                except Exception as e:  # noqa: BLE001 - a library's failure is a figure here
                    error = f"{type(e).__name__}: {str(e)[:40]}"
                    break
                times.append(time.perf_counter() - t0)
            label = f"{path.parent.name}/{path.name}"[-46:]
            if error:
                failures[name] += 1
                print(f"{label:46} {name:13} failed: {error}")
                continue
            ms = statistics.median(times) * 1000
            totals[name].append(ms)
            text = "\n".join(pages)
            rq = ""
            if source:
                r, o = quality(source, text)
                scores[name].append((r, o))
                rq = f"{r:6.3f} {o:6.3f}"
            print(f"{label:46} {name:13} {ms:8.1f} {len(pages):5} {len(text):7} {rq}")
    print()
    for name in READERS:
        ms = totals[name]
        sc = scores[name]
        recall = statistics.mean(r for r, _ in sc) if sc else float("nan")
        order = statistics.mean(o for _, o in sc) if sc else float("nan")
        print(f"{name:13} files {len(ms)}, failed {failures[name]}, total {sum(ms):8.1f} ms, "
              f"median {statistics.median(ms) if ms else float('nan'):6.1f} ms, "
              f"mean recall {recall:.3f}, mean order {order:.3f} (over {len(sc)} files with "
              f"a LaTeX source)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
