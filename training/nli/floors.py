"""Choose the entailment model's floors (verify.evidence.entail.FLOORS) on the calib split.

Runs in the PROJECT venv, through the package's own judge and the shipped model:

  .venv/bin/python training/nli/floors.py --data WORK/data --work WORK/floors

Every calib pair of the four real sets (FNC-1, HealthVer, Fool Me Twice, SICK; not the
synthetic pairs) is judged as `verify eval --model` judges a record: the rules, with
the model reading the claim against the passage. The model's probabilities are
computed once and cached in --work. Over a grid of floors, the choice is the one with
the highest mean macro-F1 over the four sets among those that call at most 10 % of true
claims contradicted on every set, ties broken by the precision of what it commits to.
The calib split was never trained on; the gate file and the held-out sets are never read.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
from pathlib import Path

from verify import nli
from verify.eval import EvalRecord, metrics, predict
from verify.evidence import entail as E

J = importlib.import_module("verify.evidence.judge")  # the module (the package exports a function)

SETS = ("fnc1", "healthver", "fm2", "sick")
GOLD = {"entails": "corroborated", "contradicts": "contradicted", "neither": "unverified"}
GRID = {"entails": (0.5, 0.6, 0.7, 0.8, 0.9), "contradicts": (0.6, 0.7, 0.8, 0.9, 1.01),
        "neither": (0.0, 0.5, 0.7, 0.9, 1.01)}
MAX_TRUE_CALLED_CONTRADICTED = 0.10


def records(data: Path) -> dict[str, list[EvalRecord]]:
    out: dict[str, list[EvalRecord]] = {s: [] for s in SETS}
    with (data / "calib.jsonl").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            r = json.loads(line)
            if r["set"] in out:
                out[r["set"]].append(EvalRecord(f"{r['set']}-{n}", r["hypothesis"],
                                                (r["premise"],), GOLD[r["label"]], n + 1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="the folder prep.py wrote")
    ap.add_argument("--work", type=Path, required=True, help="cache (outside the repo)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cache_file = args.work / f"probs-{nli.model_sha256()[:12]}.json"
    cache: dict = ({(a, b): p for a, b, p in json.loads(cache_file.read_text())}
                   if cache_file.exists() else {})

    def model(pairs):
        need = [p for p in pairs if p not in cache]
        for p, r in zip(need, nli.predict(need) if need else [], strict=True):
            cache[p] = r
        return [cache[p] for p in pairs]

    # One pass through the judge per record, keeping what it hands to `combine`; each
    # grid point then re-runs `combine` alone (the rules do not depend on the floors).
    by_set = records(args.data)
    inputs: dict[str, list] = {s: [] for s in SETS}
    original = J.combine
    for s in SETS:
        for r in by_set[s]:
            seen: list = []

            def spy(ruled, read, seen=seen):
                seen.append((ruled, read))
                return original(ruled, read)

            J.combine = spy
            try:
                pred = predict(r, model)
            finally:
                J.combine = original
            inputs[s].append(seen[0] if seen else (pred.label, pred.confidence))
    cache_file.write_text(json.dumps([[a, b, p] for (a, b), p in cache.items()]))

    def decided(x) -> tuple[str, float]:
        if isinstance(x[0], str):
            return x
        d = E.combine(*x)
        return d.label, d.confidence

    rows = []
    for fe, fc, fn in itertools.product(*GRID.values()):
        E.FLOORS.update({"entails": fe, "contradicts": fc, "neither": fn})
        per = []
        for s in SETS:
            out = [decided(x) for x in inputs[s]]
            per.append(metrics([r.label for r in by_set[s]], [o[0] for o in out],
                               [o[1] for o in out]))
        mf1 = sum(m.macro_f1 for m in per) / len(per)
        prec = sum(m.commit_precision or 0.0 for m in per) / len(per)
        worst = max(m.true_called_false or 0.0 for m in per)
        rows.append((fe, fc, fn, mf1, prec, worst, per))
        print(f"entails {fe:.2f} contradicts {fc:.2f} neither {fn:.2f}: macro-F1 {mf1:.3f} "
              f"right when committing {prec:.3f} worst true-called-contradicted {worst:.3f} | "
              + "  ".join(f"{s} {m.macro_f1:.2f}/{(m.commit_precision or 0):.2f}/"
                          f"{m.commit_coverage:.2f}" for s, m in zip(SETS, per, strict=True)),
              flush=True)
    ok = [r for r in rows if r[5] <= MAX_TRUE_CALLED_CONTRADICTED] or rows
    best = max(ok, key=lambda r: (round(r[3], 3), r[4]))
    print(f"chosen: FLOORS = {{'entails': {best[0]}, 'contradicts': {best[1]}, "
          f"'neither': {best[2]}}}  (macro-F1 {best[3]:.3f}, right when committing "
          f"{best[4]:.3f}, worst true called contradicted {best[5]:.3f})")


if __name__ == "__main__":
    main()
