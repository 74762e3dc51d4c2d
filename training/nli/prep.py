"""Build the entailment model's training, calibration and test pairs.

Reads the claim-verification sets from ../shared/data/claim-verification/ (relative
to the project root; override with --data) and writes JSONL pairs to --out (outside
the repository: the data is never committed).

Each output line: {"set", "group", "split", "premise", "hypothesis", "label", "weight"}
with label one of entails / contradicts / neither (from corroborated / contradicted /
unverified). Splits are fixed by group before any tuning: a group (FNC-1 headline,
HealthVer claim, Fool Me Twice page, SICK sentence cluster) lands on one side only,
chosen by a hash of the group key, so the split does not depend on the seed or on
the order of the files: 80 % train, 10 % calib (temperature scaling, checkpoint
choice), 10 % test (figures only).

Deliberately NOT read: any held-out set named in the project's rules, and the
FEVER-Symmetric dev file (tests/data/fever), which is the gate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import Counter
from pathlib import Path

LABEL = {"corroborated": "entails", "contradicted": "contradicts", "unverified": "neither"}
SEED = 13

# FNC-1 subsampling: every agree and disagree pair, a quarter of discuss, one in twenty
# unrelated. Sized so three epochs fit a session (7.5 pairs/s measured on 2 idle cores).
FNC_KEEP = {"agree": 1.0, "disagree": 1.0, "discuss": 0.25, "unrelated": 0.05}
FNC_SENTENCES = 2  # body sentences that bear most on the headline, kept in body order
SICK_KEEP = 0.3  # share of SICK pairs kept (bare "not" contradictions: weighted down)
SICK_WEIGHT = 0.5  # loss weight of a SICK pair

STOP_WORDS = """a an the and or but of to in on at for with by from as is are was were be been being
    it its this that these those he she they we you i his her their our your not no
    has have had do does did will would can could should may might than then there here
    what which who whom whose when where why how all any some more most other such into
    over after before about up down out off says said say new"""
STOP = set(STOP_WORDS.split())
WORD = re.compile(r"[a-z0-9]+")
SENT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(])|\n+")


def words(text: str) -> set[str]:
    return {w[:6] for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 1}


def split_of(set_name: str, group: str) -> str:
    h = int(hashlib.sha256(f"{set_name}\x00{group}".encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 80 else ("calib" if h < 90 else "test")


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pick_sentences(headline: str, body: str, k: int = FNC_SENTENCES) -> str:
    """The k body sentences sharing most content words with the headline, in body order."""
    hw = words(headline)
    sents = [s.strip() for s in SENT.split(body) if s and len(s.strip()) > 20]
    if not sents:
        return body[:600]
    scored = []
    for i, s in enumerate(sents):
        sw = words(s)
        overlap = len(hw & sw) / (len(hw) or 1)
        scored.append((overlap, -i, i))
    best = sorted(scored, reverse=True)[:k]
    return " ".join(sents[i] for _, _, i in sorted(best, key=lambda t: t[2]))


def fnc(data: Path, rng: random.Random) -> list[dict]:
    out = []
    for r in read(data / "fnc1-competition-test.jsonl"):
        stance = r["orig_label"]
        if rng.random() >= FNC_KEEP[stance]:
            continue
        out.append(
            {
                "set": "fnc1",
                "group": r["claim"].strip().lower(),
                "premise": pick_sentences(r["claim"], r["evidence"][0]),
                "hypothesis": r["claim"],
                "label": LABEL[r["label"]],
                "weight": 1.0,
                "orig": stance,
            }
        )
    return out


def healthver(data: Path) -> list[dict]:
    return [
        {
            "set": "healthver",
            "group": r["claim"].strip().lower(),
            "premise": " ".join(r["evidence"]),
            "hypothesis": r["claim"],
            "label": LABEL[r["label"]],
            "weight": 1.0,
            "orig": r["orig_label"],
        }
        for r in read(data / "healthver-dev.jsonl")
    ]


def fm2(data: Path) -> list[dict]:
    return [
        {
            "set": "fm2",
            "group": r["meta"]["page"],
            "premise": " ".join(r["evidence"]),
            "hypothesis": r["claim"],
            "label": LABEL[r["label"]],
            "weight": 1.0,
            "orig": r["orig_label"],
        }
        for r in read(data / "fm2-test.jsonl")
    ]


def sick(data: Path, rng: random.Random) -> list[dict]:
    rows = []
    for name in ("sick2014-train.jsonl", "sick2014-trial.jsonl", "sick2014-test.jsonl"):
        rows += read(data / name)
    # SICK reuses each sentence in many pairs: cluster pairs that share a sentence
    # (union-find) so a sentence never sits on both sides of the split.
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        a, b = find(r["evidence"][0]), find(r["claim"])
        if a != b:
            parent[a] = b
    out = []
    for r in rows:
        if rng.random() >= SICK_KEEP:
            continue
        out.append(
            {
                "set": "sick",
                "group": find(r["claim"]),
                "premise": r["evidence"][0],
                "hypothesis": r["claim"],
                "label": LABEL[r["label"]],
                "weight": SICK_WEIGHT,
                "orig": r["orig_label"],
            }
        )
    return out


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = root / ".." / "shared" / "data" / "claim-verification"
    ap.add_argument("--data", type=Path, default=shared)
    ap.add_argument("--out", type=Path, required=True, help="a folder outside the repository")
    args = ap.parse_args()
    rng = random.Random(SEED)
    pairs = fnc(args.data, rng) + healthver(args.data) + fm2(args.data) + sick(args.data, rng)
    for p in pairs:
        p["split"] = split_of(p["set"], p["group"])
    args.out.mkdir(parents=True, exist_ok=True)
    counts: Counter[tuple[str, str, str]] = Counter()
    for split in ("train", "calib", "test"):
        with (args.out / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for p in pairs:
                if p["split"] == split:
                    f.write(json.dumps(p, ensure_ascii=False) + "\n")
                    counts[(split, p["set"], p["label"])] += 1
    for key in sorted(counts):
        print(*key, counts[key], sep="\t")


if __name__ == "__main__":
    main()
