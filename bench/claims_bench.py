"""Figures for the claims stage: slot extraction per sentence, catalog build, claims per article.

Run: .venv/bin/python bench/claims_bench.py
"""

import resource
import time
from pathlib import Path

from verify.claims import article_from_bytes, extract_claims, load_article
from verify.claims.segment import split_sentences
from verify.entities import build_catalog
from verify.registry import load_registry
from verify.slots import extract_slots

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    registry = load_registry(ROOT / "sources.toml")
    t = time.perf_counter()
    catalog = build_catalog(registry)
    print(f"catalog build: {time.perf_counter() - t:.2f} s, {len(catalog.names)} surface forms")

    seed = load_article(ROOT / "examples" / "ottawa" / "article.txt")
    sentences = [seed.text[s:e] for s, e in split_sentences(seed.text, "en")]
    rounds = 50
    t = time.perf_counter()
    for _ in range(rounds):
        for s in sentences:
            extract_slots(s, lang="en", catalog=catalog)
    per = (time.perf_counter() - t) / (rounds * len(sentences))
    print(f"extract_slots: {per * 1e3:.3f} ms per sentence ({len(sentences)} sentences x {rounds})")

    extract_claims(seed, registry)  # warm caches
    t = time.perf_counter()
    claims = extract_claims(seed, registry)
    print(f"seed article: {len(claims)} claims in {(time.perf_counter() - t) * 1e3:.0f} ms")

    for copies in (10, 100):
        data = ("\n".join([seed.text] * copies)).encode("utf-8")
        t = time.perf_counter()
        big = article_from_bytes(data, location="bench", media_type="text/plain")
        claims = extract_claims(big, registry)
        secs = time.perf_counter() - t
        print(f"{len(data) / 1e6:.2f} MB article: {len(claims)} claims in {secs:.1f} s "
              f"({len(data) / 1e3 / secs:.0f} kB/s)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
