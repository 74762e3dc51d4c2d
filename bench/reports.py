"""Rendering and audit speed on a large report: the sample report repeated K times.

    .venv/bin/python bench/reports.py [K]

Builds an article of K copies of the sample article with K copies of its claims
(spans shifted, ids suffixed) and K copies of its snapshots chained to one
another, then prints the median wall time of each format, of the audit and of
PROV-JSON, and the output size and peak Python memory of each.
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from verify.audit import audit, prov_json
from verify.reports import render

SAMPLE = Path(__file__).parents[1] / "tests" / "reports" / "data" / "sample_report.json"


def scaled(k: int) -> dict:
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    text = base["article"]["text"]
    report = copy.deepcopy(base)
    report["article"]["text"] = "\n".join([text] * k)
    report["claims"], report["snapshots"] = [], []
    for i in range(k):
        shift = i * (len(text) + 1)
        for c in base["claims"]:
            c = copy.deepcopy(c)
            c["id"] = f"{c['id']}-{i}"
            c["parent"] = f"{c['parent']}-{i}" if c["parent"] else None
            c["span"] = [c["span"][0] + shift, c["span"][1] + shift]
            for ev in (c["verdict"] or {}).get("evidence", []):
                ev["snapshot"] = f"{ev['snapshot']}-{i}"
            report["claims"].append(c)
        for s in base["snapshots"]:
            s = copy.deepcopy(s)
            s["id"] = f"{s['id']}-{i}"
            s["requested_url"] = s["final_url"] = f"{s['requested_url']}?copy={i}"
            # each copy of a secondary page also cites the previous copy's pages
            s["links"] = [f"{u}?copy={i}" for u in s["links"]] + (
                [f"{u}?copy={i - 1}" for u in s["links"]] if i else [])
            report["snapshots"].append(s)
    return report


def timed(fn, n: int = 3) -> tuple[float, float, int]:
    times, out = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = len(out) if isinstance(out, str) else len(json.dumps(out))
    return statistics.median(times), peak / 2**20, size


def main() -> None:
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    report = scaled(k)
    print(f"{len(report['claims'])} claims, {len(report['snapshots'])} snapshots, "
          f"article {len(report['article']['text']):,} chars")
    publisher = {"name": "Bench Desk"}
    for fmt in ("md", "json", "html", "csv", "claimreview"):
        t, mem, size = timed(lambda fmt=fmt: render(report, fmt, publisher=publisher))
        print(f"{fmt:12} {t * 1000:8.1f} ms  peak {mem:6.1f} MiB  {size / 1024:8.0f} KiB")
    result = audit(report)
    t, mem, size = timed(lambda: audit(report))
    print(f"{'audit':12} {t * 1000:8.1f} ms  peak {mem:6.1f} MiB  {size / 1024:8.0f} KiB")
    t, mem, size = timed(lambda: prov_json(report, result))
    print(f"{'prov-json':12} {t * 1000:8.1f} ms  peak {mem:6.1f} MiB  {size / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
