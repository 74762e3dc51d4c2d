"""Figures for the verdict engine: cutting a large record into passages, then judging claims on it.

A synthetic depositary page: one table row per country (pycountry's list) plus
300 prose sentences, and one withdrawal fact per country. Prints the time to
cut it (first call, then cached), the time per claim with typed facts and
with prose only, and the peak of Python allocations while judging.

Run: .venv/bin/python bench/verdicts.py [--claims 50]
"""

from __future__ import annotations

import argparse
import hashlib
import time
import tracemalloc
from datetime import UTC, date, datetime

import pycountry

from verify.claims import ClaimDraft
from verify.fetch.model import Fetched
from verify.fetchers.base import Document, DocumentRef, TypedFact
from verify.registry import parse_registry
from verify.slots import extract_slots
from verify.verdicts import SourceDocs, judge_claim, passages_for

REGISTRY = """
[sources.depositary]
name = "A depositary"
role = "primary"
kind = "web_page"
[entities.harbour_accord]
kind = "treaty"
aliases = ["Harbour Accord"]
[facts.treaty_action]
fields = ["treaty", "state", "action", "date", "date_notified", "date_effective"]
words = ["withdrawn", "withdrawal"]
[facts.treaty_action.predicates.in_effect]
words = ["has withdrawn"]
date_field = "date_effective"
action = "withdrawal"
"""


def page() -> tuple[str, list[TypedFact], list[str]]:
    names = [(c.alpha_2, c.name) for c in pycountry.countries][:200]
    lines = ["Status of the Harbour Accord.", ""]
    facts = []
    for i, (code, name) in enumerate(names):
        lines.append(f"{name}\t{i % 28 + 1} Mar 2009\t{i % 28 + 1} Jun 2010")
        facts.append(TypedFact("treaty_action", {
            "treaty": "harbour_accord", "state": code, "action": "withdrawal",
            "date": "2031-03-14", "date_notified": "2031-03-14", "date_effective": "2031-09-14"},
            f"{name}: withdrawal; notification received 14 March 2031; takes effect "
            "14 September 2031."))
    prose = " ".join(f"Sentence {i} of the report is about harbours and ships in 2030."
                     for i in range(300))
    return "\n".join(lines) + "\n\n" + prose, facts, [n for _, n in names]


def document(text: str, facts: list[TypedFact]) -> Document:
    body = text.encode()
    fetched = Fetched(requested_url="https://d.test/s", final_url="https://d.test/s",
                      status="ok", http_status=200, reason="", headers=(),
                      fetched_at=datetime(2031, 1, 1, tzinfo=UTC), media_type="text/plain",
                      encoding="utf-8", body=body, text=text,
                      payload_sha256=hashlib.sha256(body).hexdigest(), warc=None)
    return Document(ref=DocumentRef("https://d.test/s", "depositary", "bench"), fetched=fetched,
                    text=text, facts=tuple(facts), language="en")


def claim(n: int, text: str) -> ClaimDraft:
    return ClaimDraft(id=f"c{n}", ordinal=n, text=text, span=(0, len(text)), kind="fact",
                      checkworthy=1.0, parent=None, slots=extract_slots(text), flags=(),
                      citations=(), speaker=None, quote=None, fact_types=(),
                      sentence=(0, len(text)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=50)
    args = ap.parse_args()
    registry = parse_registry(REGISTRY, "bench")
    text, facts, names = page()
    t0 = time.perf_counter()
    ps = passages_for("bench", text, facts)
    t1 = time.perf_counter()
    passages_for("bench", text, facts)
    t2 = time.perf_counter()
    print(f"passages_for: {len(ps)} passages from {len(text):,} characters and {len(facts)} "
          f"facts: {t1 - t0:.2f} s first call, {1000 * (t2 - t1):.1f} ms cached")
    sources = [SourceDocs("depositary", "primary", (document(text, facts),))]
    as_of = date(2031, 6, 1)
    judge_claim(claim(0, "warm-up"), sources, registry=registry, as_of=as_of)  # catalog build
    for label, texts in (
        ("typed facts", [f"{names[i % len(names)]} has withdrawn from the Harbour Accord."
                         for i in range(args.claims)]),
        ("prose only", [f"Sentence {i} of the report is about harbours and boats in 2030."
                        for i in range(args.claims)]),
    ):
        claims = [claim(i, t) for i, t in enumerate(texts)]
        tracemalloc.start()
        t0 = time.perf_counter()
        labels = [judge_claim(c, sources, registry=registry, as_of=as_of).label for c in claims]
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"judge_claim ({label}): {len(claims)} claims in {elapsed:.2f} s = "
              f"{1000 * elapsed / len(claims):.1f} ms/claim; peak {peak / 1e6:.1f} MB; "
              f"labels {dict(sorted((x, labels.count(x)) for x in set(labels)))}")


if __name__ == "__main__":
    main()
