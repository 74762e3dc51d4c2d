"""Start-up time of the command line: `verify --help` and `verify --version`.

    .venv/bin/python bench/startup.py [N]

Runs each command N times (default 20) in a fresh process and prints the
median and the worst wall time. The target for `verify --help` is 0.3 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

VERIFY = Path(sys.executable).with_name("verify")


def measure(args: list[str], n: int) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([str(VERIFY), *args], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for args in (["--help"], ["--version"], ["sources", "--help"]):
        t = measure(args, n)
        print(f"verify {' '.join(args):<16} median {statistics.median(t) * 1000:6.1f} ms"
              f"   worst {max(t) * 1000:6.1f} ms   (n={n})")


if __name__ == "__main__":
    main()
