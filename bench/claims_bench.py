"""Figures for the claims stage: slot extraction per sentence, catalog build, claims per article.

Run: .venv/bin/python bench/claims_bench.py [--repeat 5]

Every input is new to the process when it is timed: sentences and articles
are the example's and the claims tests' texts with their numbers changed per
round (bench/scale's `compose`), so no cache of an earlier round can answer.
The catalog build is timed in fresh processes (cold: tables read from the
packages; warm: from the user's cache folder, see verify/cache.py).
Medians and ranges of --repeat rounds; the load average before and after.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import compose, varied

from verify.claims import article_from_bytes, extract_claims
from verify.claims.segment import split_sentences
from verify.entities import catalog_for
from verify.registry import load_registry
from verify.slots import extract_slots

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ("import time; t = time.perf_counter()\n"
           "from verify.entities import default_catalog; default_catalog()\n"
           "print(time.perf_counter() - t)")


def spread(values: list[float], unit: str, scale: float = 1.0) -> str:
    v = [x * scale for x in values]
    return f"median {statistics.median(v):.2f}{unit} (range {min(v):.2f}-{max(v):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "VERIFY_CACHE_DIR": tmp}
        cold, warm = [], []
        for _ in range(args.repeat):
            for f in Path(tmp).iterdir():
                f.unlink()
            for out in (cold, warm):
                r = subprocess.run([sys.executable, "-c", CATALOG], env=env, check=True,
                                   capture_output=True, text=True)
                out.append(float(r.stdout))
    print(f"country catalog in a new process: cold cache {spread(cold, ' s')}, "
          f"warm cache {spread(warm, ' s')}")

    registry = load_registry(ROOT / "sources.toml")
    catalog = catalog_for(registry)
    seed = compose(2)
    spans = split_sentences(seed, "en")
    per_sentence = []
    for r in range(args.repeat):
        text = varied(seed, 1000 + r)
        sentences = [text[s:e] for s, e in split_sentences(text, "en")]
        t = time.perf_counter()
        for s in sentences:
            extract_slots(s, lang="en", catalog=catalog)
        per_sentence.append((time.perf_counter() - t) / len(sentences))
    print(f"extract_slots: {spread(per_sentence, ' ms', 1e3)} per sentence "
          f"({len(spans)} sentences a round, new numbers each round)")

    for copies in (1, 16, 64):
        secs, n = [], 0
        for r in range(args.repeat):
            text = varied(compose(copies), 5000 + r)
            data = text.encode("utf-8")
            t = time.perf_counter()
            art = article_from_bytes(data, location="bench", media_type="text/plain")
            claims = extract_claims(art, registry)
            secs.append(time.perf_counter() - t)
            n = len(claims)
        print(f"{copies:>3} articles ({len(data) / 1e3:.0f} kB): {n} claims, "
              f"{spread(secs, ' s')}, {statistics.median(secs) / n * 1e3:.1f} ms per claim")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB")
    print(f"load after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
