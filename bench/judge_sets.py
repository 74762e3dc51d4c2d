"""How the text judge generalises: `verify eval` over the allowed claim/evidence sets.

Reads the training-allowed sets in the shared data folder (FNC-1 competition
test, HealthVer dev, Fool Me Twice test, SICK 2014 test), never the held-out
ones, and prints per set: accuracy, macro-F1, precision when committing (a
prediction commits when it is corroborated or contradicted), coverage (the
share that commits), the share of true claims called contradicted, and the
simple baselines of `verify eval` (each tuned on the set itself: an upper
bound for them). FNC-1 bodies are long articles: they are cut into sentences,
as the pipeline cuts a document into passages, and a seeded sample is judged.

Run: .venv/bin/python bench/judge_sets.py [--data DIR] [--fnc1 2000] [--sick 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from verify.claims.segment import split_sentences
from verify.eval import format_eval, run_eval

SETS = {
    "fm2-test": "fm2-test.jsonl",
    "healthver-dev": "healthver-dev.jsonl",
    "fnc1-test": "fnc1-competition-test.jsonl",
    "sick-test": "sick2014-test.jsonl",
}


def _default_data() -> Path:
    root = Path(__file__).resolve().parent.parent
    for up in (root.parent, root.parent.parent):
        d = up / "shared" / "data" / "claim-verification"
        if d.is_dir():
            return d
    return root.parent / "shared" / "data" / "claim-verification"


def _records(path: Path, sample: int | None, seed: int) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    out = []
    for r in rows:
        ev = r["evidence"]
        assert isinstance(ev, list)
        sentences: list[str] = []
        for e in ev:
            text = str(e)
            if len(text) > 400:
                sentences += [text[a:b] for a, b in split_sentences(text)]
            else:
                sentences.append(text)
        out.append({"id": r["id"], "claim": r["claim"], "evidence": sentences,
                    "label": r["label"]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=_default_data())
    ap.add_argument("--fnc1", type=int, default=2000, help="FNC-1 records sampled (seeded)")
    ap.add_argument("--sick", type=int, default=2000, help="SICK test records sampled (seeded)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--only", nargs="*", default=None, help="set names to run")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here too")
    args = ap.parse_args()
    samples = {"fnc1-test": args.fnc1, "sick-test": args.sick}
    figures: dict[str, object] = {}
    for name, file in SETS.items():
        if args.only and name not in args.only:
            continue
        rows = _records(args.data / file, samples.get(name), args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / f"{name}.jsonl"
            p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            t0 = time.perf_counter()
            result = run_eval(p, baselines=True)
            took = time.perf_counter() - t0
        print(f"== {name}: {len(rows)} records, {took:.1f} s")
        print(format_eval(result).replace(str(p), name))
        figures[name] = {"n": len(rows), "seconds": round(took, 1), **result.summary()}
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
