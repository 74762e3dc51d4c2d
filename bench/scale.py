"""How `verify check` grows with the article: time per claim and per stage, 1x to 64x.

    .venv/bin/python bench/scale.py [--sizes 1,4,16,64] [--mb 1.0] [--postgres URL]

An article of size k is k real-length articles one after another: the
example's article and the claims tests' statistics article, in turn, every
copy with its numbers changed (each number n becomes n + the copy's index,
so no two copies have the same claims, slots or ids). Each size runs in a
copy of the example workspace on a new database, offline, with a warm table
cache, and prints per stage (claims, fetch, judge, report) the time, the time
per claim, and the peak RSS; then `verify claims` alone on the same article.
`--mb` adds one article of about that many megabytes (1.0: about 10,600
claims). Linear growth shows as a flat time per claim down the table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check import drop_pg, pg_database, run_child

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "examples" / "ottawa" / "article.txt",
         ROOT / "tests" / "claims" / "data" / "stats" / "article.md"]
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")


def varied(text: str, i: int) -> str:
    if i == 0:
        return text

    def bump(m: re.Match[str]) -> str:
        s = m.group()
        if "," in s or "." in s:
            sep = "," if "," in s else "."
            whole, frac = s.split(sep)
            return f"{int(whole) + i}{sep}{frac}"
        return str(int(s) + i)

    return NUMBER.sub(bump, text)


def compose(copies: int) -> str:
    seeds = [p.read_text(encoding="utf-8").strip() for p in SEEDS]
    return "\n\n".join(varied(seeds[i % len(seeds)], i) for i in range(copies)) + "\n"


def copies_for_bytes(n_bytes: int) -> int:
    per = sum(len(p.read_bytes()) for p in SEEDS) / len(SEEDS)
    return max(1, round(n_bytes / per))


def stages(marks: list[tuple[float, str]], times: list[float],
           total: float) -> tuple[int, dict[str, float]]:
    """Claims and the time (wall or CPU, as `times` holds) each stage took."""
    t_start = t_claims = t_fetch = t_judge = None
    n = 0
    for (_w, msg), t in zip(marks, times, strict=True):
        if msg.startswith("claims: extracting"):
            t_start = t
        elif msg.startswith("claims: ") and " claims from " in msg:
            t_claims = t
            n = int(msg.split()[1])
        elif msg.startswith("fetch: "):
            t_fetch = t
        elif msg.startswith("verdicts: "):
            t_judge = t
    assert t_claims is not None and t_judge is not None, marks[-5:]
    if t_start is None:  # a tree from before the "extracting" line: start-up is in claims
        t_start = 0.0
    t_fetch = t_fetch or t_claims
    return n, {"start-up": t_start, "claims": t_claims - t_start, "fetch": t_fetch - t_claims,
               "judge": t_judge - t_fetch, "report": total - t_judge}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,16,64")
    parser.add_argument("--mb", type=float, default=None)
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--tree", default=str(ROOT),
                        help="the source tree to run (another checkout, through PYTHONPATH)")
    args = parser.parse_args()
    sizes = [(f"{k}x", int(k)) for k in args.sizes.split(",") if k]
    if args.mb:
        sizes.append((f"{args.mb:g} MB", copies_for_bytes(int(args.mb * 1_000_000))))
    print(f"tree {args.tree}; load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)")
    print(f"{'size':>7} {'KB':>6} {'claims':>6} {'wall':>7} {'cpu':>7} {'RSS':>6}  "
          "per stage: seconds (ms per claim)")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": args.tree, "VERIFY_CACHE_DIR": str(Path(tmp) / "c")}
        # one check first, not shown: it builds the cached tables (and simplemma's tries)
        warm = Path(tmp) / "warm"
        shutil.copytree(ROOT / "examples" / "ottawa", warm,
                        ignore=shutil.ignore_patterns("db", "__pycache__"))
        run_child([sys.executable, "-m", "verify", "check", "article.txt", "--offline",
                   "--as-of", "2025-07-01", "--format", "json"], warm, env)
        for label, copies in sizes:
            ws = Path(tmp) / "ws"
            shutil.rmtree(ws, ignore_errors=True)
            shutil.copytree(ROOT / "examples" / "ottawa", ws,
                            ignore=shutil.ignore_patterns("db", "__pycache__"))
            text = compose(copies)
            (ws / "article.txt").write_text(text, encoding="utf-8")
            db = pg_database(args.postgres) if args.postgres else None
            base = [sys.executable, "-m", "verify", *(["--db", db] if db else [])]
            try:
                r = run_child([*base, "check", "article.txt", "--offline", "--as-of",
                               "2025-07-01", "--format", "json"], ws, env)
                shutil.rmtree(ws / "db", ignore_errors=True)
                if db:
                    drop_pg(args.postgres, db)
                    db = pg_database(args.postgres)
                    base = [sys.executable, "-m", "verify", "--db", db]
                c = run_child([*base, "claims", "article.txt"], ws, env)
            finally:
                if db:
                    drop_pg(args.postgres, db)
            n, wall_st = stages(r["marks"], [t for t, _ in r["marks"]], r["wall"])
            _, cpu_st = stages(r["marks"], r["cpu_marks"], r["cpu"])
            for what, st in (("wall", wall_st), ("cpu", cpu_st)):
                parts = "  ".join(f"{k} {v:.2f}" + (f" ({v / n * 1000:.1f})" if k not in
                                                     ("start-up",) and n else "")
                                  for k, v in st.items())
                head = (f"{label:>7} {len(text.encode()) / 1000:6.0f} {n:6d} {r['wall']:6.1f}s "
                        f"{r['cpu']:6.1f}s {r['rss']:5.0f}M" if what == "wall" else " " * 42)
                print(f"{head}  {what:<4} {parts}", flush=True)
            print(f"{'':>7} {'':>6} {'':>6} `verify claims` alone: wall {c['wall']:.1f}s, "
                  f"cpu {c['cpu']:.1f}s, {(c['wall']) / max(n, 1) * 1000:.1f} ms per claim "
                  f"(start-up included), RSS {c['rss']:.0f}M", flush=True)
    print(f"load after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
