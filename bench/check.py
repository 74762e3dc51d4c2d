"""Wall time, CPU time and peak memory of `verify check` on the example, offline.

    .venv/bin/python bench/check.py [-n 5] [--tree LABEL=DIR ...] [--postgres URL]
                                    [--env KEY=VALUE ...]

Copies examples/ottawa to a temporary folder and runs
`verify check article.txt --offline --as-of 2025-07-01 --format json`: a new
database, then the database that run filled, N times each. With several
`--tree`s (a checkout of another commit, run on this venv through PYTHONPATH)
the trees take turns in every round, so they share the machine's load.

Each figure is the median and the range (min-max) of N runs. CPU is the
child's own user+system time and peak RSS its own ru_maxrss, both from
wait4() on that child alone (not the maximum over every child so far).
Stage times are when the stage lines reach stderr. The load average is
printed before and after. Tables are cached in a folder of the bench (warm
after the first run, which is shown apart as "cold cache").
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["check", "article.txt", "--offline", "--as-of", "2025-07-01", "--format", "json"]


def run_child(cmd: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run one command; wall, CPU and peak RSS of that process alone, stage marks."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    marks = []
    cpu_marks = []
    assert proc.stderr is not None
    for line in proc.stderr:
        marks.append((time.perf_counter() - t0, line.strip()))
        cpu_marks.append(_cpu_of(proc.pid))
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {marks[-3:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024, "marks": marks, "cpu_marks": cpu_marks}


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / _TICK


def stage_ends(marks: list[tuple[float, str]]) -> dict[str, float]:
    """When each stage's last line came: claims, fetch, judge/verdicts."""
    out: dict[str, float] = {}
    for t, msg in marks:
        head = msg.split(":")[0]
        if head in ("claims", "fetch", "judge", "verdicts"):
            out[head] = t
    return out


def summary(values: list[float], unit: str, fmt: str = ".2f") -> str:
    med = statistics.median(values)
    return f"{med:{fmt}}{unit} ({min(values):{fmt}}-{max(values):{fmt}})"


def pg_database(admin_url: str) -> str:
    """A new empty PostgreSQL database on the server of `admin_url`; its URL."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_pg(admin_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--tree", action="append", default=[],
                        help="LABEL=DIR[@KEY=VALUE]: a source tree to run (default: this "
                        "one), with an environment variable of its own if given")
    parser.add_argument("--postgres", metavar="URL",
                        help="also run on new databases of this PostgreSQL server")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the child")
    args = parser.parse_args()
    trees = [tuple(t.split("=", 1)) for t in args.tree] or [("this tree", str(ROOT))]
    own_env: dict[str, dict[str, str]] = {}
    for label, tree in list(trees):
        if "@" in tree:
            path, kv = tree.split("@", 1)
            own_env[label] = dict([kv.split("=", 1)])
            trees[trees.index((label, tree))] = (label, path)
    backends = ["sqlite"] + (["postgres"] if args.postgres else [])
    print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)")
    results: dict[tuple[str, str, str], list[dict]] = {}
    cold: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.n + 1):  # round 0: cold cache, shown apart
            for label, tree in trees:
                for backend in backends:
                    env = {**os.environ, "PYTHONPATH": tree,
                           "VERIFY_CACHE_DIR": str(Path(tmp) / f"cache-{label}")}
                    env.update(dict(e.split("=", 1) for e in args.env))
                    env.update(own_env.get(label, {}))
                    ws = Path(tmp) / "ottawa"
                    shutil.rmtree(ws, ignore_errors=True)
                    shutil.copytree(ROOT / "examples" / "ottawa", ws,
                                    ignore=shutil.ignore_patterns("db", "__pycache__"))
                    db = pg_database(args.postgres) if backend == "postgres" else None
                    cmd = [sys.executable, "-m", "verify", *(["--db", db] if db else []), *ARGS]
                    try:
                        new = run_child(cmd, ws, env)
                        filled = run_child(cmd, ws, env)
                    finally:
                        if db:
                            drop_pg(args.postgres, db)
                    if i == 0:
                        cold[(label, backend)] = new
                        continue
                    results.setdefault((label, backend, "new"), []).append(new)
                    results.setdefault((label, backend, "filled"), []).append(filled)
    print(f"load after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"verify check on examples/ottawa, median (min-max) of {args.n}:")
    for (label, backend, kind), runs in results.items():
        ends = [stage_ends(r["marks"]) for r in runs]
        stages = ", ".join(f"{s} {statistics.median(e[s] for e in ends):.2f}s"
                           for s in ("claims", "fetch", "verdicts") if all(s in e for e in ends))
        print(f"  {label:<10} {backend:<8} {kind:<6} wall {summary([r['wall'] for r in runs], 's')}"
              f"  cpu {summary([r['cpu'] for r in runs], 's')}"
              f"  peak RSS {summary([r['rss'] for r in runs], ' MiB', '.0f')}")
        print(f"  {'':<10} {'':<8} {'':<6} stage ends: {stages}")
    for (label, backend), r in cold.items():
        print(f"  {label:<10} {backend:<8} new, cold cache: wall {r['wall']:.2f}s "
              f"cpu {r['cpu']:.2f}s peak RSS {r['rss']:.0f} MiB (one run)")
    if args.postgres:
        for label, _ in trees:
            for kind in ("new", "filled"):
                sq = statistics.median(r["cpu"] for r in results[(label, "sqlite", kind)])
                pg = statistics.median(r["cpu"] for r in results[(label, "postgres", kind)])
                sw = statistics.median(r["wall"] for r in results[(label, "sqlite", kind)])
                pw = statistics.median(r["wall"] for r in results[(label, "postgres", kind)])
                print(f"  {label:<10} PostgreSQL / SQLite, {kind:<6}: wall x{pw / sw:.2f}, "
                      f"cpu x{pg / sq:.2f}")


if __name__ == "__main__":
    main()
