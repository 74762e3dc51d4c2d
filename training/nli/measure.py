"""Calibrate the shipped entailment model and measure it, through the package's own runtime.

Runs in the PROJECT venv (it imports verify.nli, exactly what the package runs):

  .venv/bin/python training/nli/measure.py --data WORK/data --work WORK/measure --fit

--fit fits the temperature on the calib split (never trained on) by minimising the
negative log-likelihood and writes it into verify/models/nli/config.json. Then it
reports, for the test split (per set and overall), the calib split and the
FEVER-Symmetric dev file (tests/data/fever, the gate: never trained on):
accuracy, macro-F1, precision when committing (entails or contradicts), coverage
(share of pairs committed), share of true claims called contradicted, expected
calibration error (15 bins over the top probability), and two simple baselines
tuned on the set itself (majority class; a fuzzy-similarity threshold), which makes
them an upper bound. Writes the figures as JSON to --work/figures.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
from prep import source_set
from rapidfuzz import fuzz

from verify import nli

ROOT = Path(__file__).resolve().parents[2]
FEVER = ROOT / "tests" / "data" / "fever" / "fever-symmetric-v0.2-dev.jsonl"
L = nli.LABELS


def load_pairs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fever_rows() -> list[dict]:
    out = []
    for r in load_pairs(FEVER):
        out.append(
            {
                "set": "fever-symmetric-dev",
                "premise": r["evidence"],
                "hypothesis": r["claim"],
                "label": "entails" if r["label"] == "SUPPORTS" else "contradicts",
            }
        )
    return out


def raw_logits(rows: list[dict], cache: Path) -> np.ndarray:
    if cache.exists():
        z = np.load(cache)
        if z.shape[0] == len(rows):
            return z
    t0 = time.time()
    z = nli.logits([(r["premise"], r["hypothesis"]) for r in rows], batch_size=1)
    print(f"  {cache.stem}: {len(rows)} pairs in {time.time() - t0:.1f}s", flush=True)
    np.save(cache, z)
    return z


def fit_temperature(z: np.ndarray, gold: np.ndarray) -> float:
    def nll(t: float) -> float:
        p = nli.probabilities(z, t)
        return float(-np.log(p[np.arange(len(gold)), gold] + 1e-12).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(10.0), 600))
    return float(min(grid, key=nll))


def macro_f1(pred: list[str], gold: list[str], labels: tuple[str, ...]) -> float:
    f1s = []
    for c in labels:
        tp = sum(p == c and g == c for p, g in zip(pred, gold, strict=True))
        fp = sum(p == c and g != c for p, g in zip(pred, gold, strict=True))
        fn = sum(p != c and g == c for p, g in zip(pred, gold, strict=True))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def ece(probs: np.ndarray, gold: np.ndarray, bins: int = 15) -> float:
    conf = probs.max(1)
    right = probs.argmax(1) == gold
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(right[m].mean() - conf[m].mean())
    return float(total)


def label_set(gold: list[str]) -> tuple[str, ...]:
    return tuple(c for c in L if c in set(gold))


def figures(pred: list[str], gold: list[str]) -> dict[str, float]:
    labels = label_set(gold)
    committed = [(p, g) for p, g in zip(pred, gold, strict=True) if p != "neither"]
    true_claims = [p for p, g in zip(pred, gold, strict=True) if g == "entails"]
    return {
        "n": len(gold),
        "accuracy": float(np.mean([p == g for p, g in zip(pred, gold, strict=True)])),
        "macro_f1": macro_f1(pred, gold, labels),
        "precision_committed": (
            float(np.mean([p == g for p, g in committed])) if committed else float("nan")
        ),
        "coverage": len(committed) / len(gold),
        "true_called_contradicted": (
            float(np.mean([p == "contradicts" for p in true_claims])) if true_claims else 0.0
        ),
    }


def baselines(rows: list[dict]) -> dict[str, float]:
    gold = [r["label"] for r in rows]
    labels = label_set(gold)
    major = Counter(gold).most_common(1)[0][0]
    out = {"majority": macro_f1([major] * len(gold), gold, labels)}
    sims = [fuzz.token_set_ratio(r["hypothesis"], r["premise"]) for r in rows]
    # Above the threshold: entails; below: the other label the set has (neither if 3-way).
    low = "neither" if "neither" in labels else "contradicts"
    best = 0.0
    for t in range(0, 101, 2):
        pred = ["entails" if s >= t else low for s in sims]
        best = max(best, macro_f1(pred, gold, labels))
    out["fuzzy_threshold"] = best
    return out


def report(name: str, rows: list[dict], z: np.ndarray, t: float) -> dict:
    gold_i = np.array([L.index(r["label"]) for r in rows])
    probs = nli.probabilities(z, t)
    pred = [L[i] for i in probs.argmax(1)]
    gold = [r["label"] for r in rows]
    f = figures(pred, gold)
    f["ece"] = ece(probs, gold_i)
    f["ece_uncalibrated"] = ece(nli.probabilities(z, 1.0), gold_i)
    f["baselines_macro_f1"] = baselines(rows)
    f["pred_counts"] = dict(Counter(pred))
    # Risk-coverage: commit only when the top label is entails/contradicts at >= t.
    f["commit_at"] = {}
    for thr in (0.5, 0.6, 0.7, 0.8, 0.9):
        sel = [
            (p, g)
            for p, g, pr in zip(pred, gold, probs, strict=True)
            if p != "neither" and pr.max() >= thr
        ]
        f["commit_at"][str(thr)] = {
            "precision": float(np.mean([p == g for p, g in sel])) if sel else float("nan"),
            "coverage": len(sel) / len(gold),
        }
    print(
        f"{name:24s} n={f['n']:4d} acc={f['accuracy']:.3f} mF1={f['macro_f1']:.3f} "
        f"prec@commit={f['precision_committed']:.3f} cov={f['coverage']:.3f} "
        f"true->contra={f['true_called_contradicted']:.3f} ECE={f['ece']:.3f} "
        f"base(maj={f['baselines_macro_f1']['majority']:.3f}, "
        f"fuzzy={f['baselines_macro_f1']['fuzzy_threshold']:.3f})",
        flush=True,
    )
    print(
        "    commit at p>=t: "
        + "  ".join(
            f"{k}: {v['precision']:.3f}/{v['coverage']:.3f}" for k, v in f["commit_at"].items()
        ),
        flush=True,
    )
    return f


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True, help="the folder prep.py wrote")
    ap.add_argument("--work", type=Path, required=True, help="cache and figures (outside the repo)")
    ap.add_argument("--fit", action="store_true", help="fit the temperature on calib and save it")
    ap.add_argument("--limit", type=int, default=0, help="first N pairs of each set (a dry run)")
    ap.add_argument("--model-dir", type=Path,
                    help="an exported candidate's folder (default: the shipped model)")
    ap.add_argument("--left-out", metavar="SET",
                    help="a leave-one-dataset-out run: fit on calib without SET, and measure "
                         "on every pair of SET (all splits: the run never saw it)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.model_dir:
        nli.MODEL_DIR = args.model_dir
        nli.MODEL_FILE = args.model_dir / "model.onnx"
    cfg_path = nli.MODEL_DIR / "config.json"
    cfg = json.loads(cfg_path.read_text())
    if "temperature" not in cfg:  # the runtime needs one to load; fitted below
        cfg["temperature"] = 1.0
        cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
    sha = nli.model_sha256()[:12]
    calib = load_pairs(args.data / "calib.jsonl")
    test = load_pairs(args.data / "test.jsonl")
    fever = fever_rows()
    if args.left_out:
        every = calib + test + load_pairs(args.data / "train.jsonl")
        test = [r for r in every if r["set"] == args.left_out]
        calib = [r for r in calib if source_set(r) != args.left_out]
    if args.limit:
        calib, test, fever = calib[: args.limit], test[: args.limit], fever[: args.limit]
    zc = raw_logits(calib, args.work / f"calib-{sha}.npy")
    if args.fit:
        t = fit_temperature(zc, np.array([L.index(r["label"]) for r in calib]))
        cfg["temperature"] = round(t, 4)
        cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
        print(f"temperature {t:.4f} written to config.json", flush=True)
    t = float(cfg["temperature"])
    zt = raw_logits(test, args.work / f"test-{sha}.npy")
    zf = raw_logits(fever, args.work / f"fever-{sha}.npy")
    out: dict[str, object] = {"model_sha256": nli.model_sha256(), "temperature": t}
    out["calib"] = report("calib (all)", calib, zc, t)
    out["test"] = report("test (all)", test, zt, t)
    for s in sorted({r["set"] for r in test}):
        idx = [i for i, r in enumerate(test) if r["set"] == s]
        out[f"test/{s}"] = report(f"test/{s}", [test[i] for i in idx], zt[idx], t)
    out["fever-symmetric-dev"] = report("FEVER-Symmetric dev", fever, zf, t)
    (args.work / "figures.json").write_text(json.dumps(out, indent=2) + "\n")
    (args.work / "figures.md").write_text(markdown(out))


def markdown(out: dict) -> str:
    """The figures as the model card's table."""
    lines = [
        "| set | n | accuracy | macro-F1 | best baseline macro-F1 (majority / fuzzy) "
        "| right when committing | commits on | true called contradicted | ECE (raw) |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for name, f in out.items():
        if not isinstance(f, dict):
            continue
        b = f["baselines_macro_f1"]
        lines.append(
            f"| {name} | {f['n']} | {f['accuracy']:.3f} | {f['macro_f1']:.3f} "
            f"| {max(b.values()):.3f} ({b['majority']:.3f} / {b['fuzzy_threshold']:.3f}) "
            f"| {f['precision_committed']:.3f} | {f['coverage']:.3f} "
            f"| {f['true_called_contradicted']:.3f} "
            f"| {f['ece']:.3f} ({f['ece_uncalibrated']:.3f}) |"
        )
    lines += ["", "Committing only when the top probability is at least t (precision / coverage):"]
    lines.append("")
    thresholds = ("0.5", "0.6", "0.7", "0.8", "0.9")
    lines.append("| set | " + " | ".join(f"t={t}" for t in thresholds) + " |")
    lines.append("| --- |" + " ---: |" * 5)
    for name, f in out.items():
        if not isinstance(f, dict):
            continue
        cells = [
            f"{v['precision']:.3f} / {v['coverage']:.3f}" for v in f["commit_at"].values()
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
