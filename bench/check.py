"""Wall time and peak memory of `verify check` on the example, offline.

    .venv/bin/python bench/check.py [N]

Copies examples/ottawa to a temporary folder and runs
`verify check article.txt --offline --as-of 2025-07-01 --format json` N times
(default 3) with a new database, then N times with the database the first run
filled. Prints wall time (start-up included), the child's peak RSS, and where
the time goes: the moments the stage messages reach stderr.
Targets: under 3 s with a new database, under 2 s with a filled one.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERIFY = Path(sys.executable).with_name("verify")
ARGS = ["check", "article.txt", "--offline", "--as-of", "2025-07-01", "--format", "json"]


def one_run(ws: Path) -> tuple[float, float, list[tuple[float, str]]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(VERIFY), *ARGS], cwd=ws, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    marks = []
    assert proc.stderr is not None
    for line in proc.stderr:
        marks.append((time.perf_counter() - t0, line.strip()))
    proc.wait()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"verify check failed: {marks[-1:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far (KiB on Linux)
    return wall, max(peak, before) / 1024, marks


def stages(marks: list[tuple[float, str]]) -> str:
    keep = []
    for t, msg in marks:
        head = msg.split(":")[0]
        if head in ("claims", "verdicts") or (msg.startswith("fetch: ") and "/" in msg):
            keep.append((t, head))
    firsts: dict[str, float] = {}
    lasts: dict[str, float] = {}
    for t, head in keep:
        firsts.setdefault(head, t)
        lasts[head] = t
    out = []
    if "claims" in firsts:
        out.append(f"start-up+article+claims {firsts['claims']:.2f}s")
    if "fetch" in lasts:
        out.append(f"fetch done {lasts['fetch']:.2f}s")
    if "verdicts" in lasts:
        out.append(f"verdicts done {lasts['verdicts']:.2f}s")
    return ", ".join(out)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("new database", "filled database"):
            walls, peaks = [], []
            last = ""
            for _ in range(n):
                ws = Path(tmp) / "ottawa"
                if label == "new database" or not ws.exists():
                    shutil.rmtree(ws, ignore_errors=True)
                    shutil.copytree(ROOT / "examples" / "ottawa", ws,
                                    ignore=shutil.ignore_patterns("db"))
                wall, peak, marks = one_run(ws)
                walls.append(wall)
                peaks.append(peak)
                last = stages(marks)
            print(f"{label:<16} wall median {statistics.median(walls):.2f}s "
                  f"(min {min(walls):.2f}, max {max(walls):.2f}, n={n}); "
                  f"peak RSS {max(peaks):.0f} MiB")
            print(f"{'':<16} last run: {last}")
    print(f"(machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
