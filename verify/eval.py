"""`verify eval`: judge claim/evidence records from a JSONL file and score the judge.

Each line is `{"id", "claim", "evidence", "label"?}`; evidence is a string or a
list of strings; FEVER labels and verify's own are both accepted. Every record
is judged alone. Baselines (majority class, fuzzy-only, a short heuristic) can
be measured in the same run, to show what the rules add.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from verify.errors import InputError
from verify.evidence.judge import (
    CONTRADICTED,
    CORROBORATED,
    RULESET_VERSION,
    UNVERIFIED,
    Judgement,
    judge,
)
from verify.evidence.lexicon import lexicon
from verify.evidence.text import content_stems, detokenise, words

LABELS = (CORROBORATED, CONTRADICTED, UNVERIFIED)

_LABEL_SPELLINGS = {
    "supports": CORROBORATED,
    "support": CORROBORATED,
    "supported": CORROBORATED,
    "s": CORROBORATED,
    "true": CORROBORATED,
    "corroborated": CORROBORATED,
    "refutes": CONTRADICTED,
    "refute": CONTRADICTED,
    "refuted": CONTRADICTED,
    "r": CONTRADICTED,
    "false": CONTRADICTED,
    "contradicted": CONTRADICTED,
    "not enough info": UNVERIFIED,
    "not_enough_info": UNVERIFIED,
    "notenoughinfo": UNVERIFIED,
    "not enough information": UNVERIFIED,
    "nei": UNVERIFIED,
    "n": UNVERIFIED,
    "unverified": UNVERIFIED,
}


def normalise_label(raw: str) -> str | None:
    """A verify label for any spelling FEVER-style sets use; None if unknown."""
    key = " ".join(raw.strip().casefold().replace("-", " ").split())
    return _LABEL_SPELLINGS.get(key) or _LABEL_SPELLINGS.get(key.replace(" ", "_"))


@dataclass(frozen=True)
class EvalRecord:
    id: str
    claim: str
    evidence: tuple[str, ...]
    label: str | None  # normalised, or None when the file gives none
    line: int


@dataclass(frozen=True)
class Prediction:
    id: str
    label: str
    qualifier: str | None
    reason: str
    confidence: float
    evidence_index: int | None
    quote: str | None
    score: float
    detail: str
    gold: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "qualifier": self.qualifier,
            "reason": self.reason,
            "confidence": self.confidence,
            "evidence_index": self.evidence_index,
            "quote": self.quote,
            "score": self.score,
            "detail": self.detail,
            "gold": self.gold,
        }


@dataclass(frozen=True)
class Metrics:
    n: int
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count


@dataclass(frozen=True)
class BaselineResult:
    name: str
    description: str
    metrics: Metrics


@dataclass(frozen=True)
class EvalResult:
    path: str
    n: int
    predictions: tuple[Prediction, ...]
    metrics: Metrics | None  # None when no record has a label
    two_way: bool  # the gold labels never say unverified
    baselines: tuple[BaselineResult, ...] = ()

    def summary(self) -> dict[str, object]:
        """The one object `verify eval --json` prints."""
        m = self.metrics
        return {
            "n": self.n,
            "accuracy": m.accuracy if m else None,
            "macro_f1": m.macro_f1 if m else None,
            "confusion": m.confusion if m else None,
        }


def _record(obj: object, path: Path, line: int) -> EvalRecord:
    if not isinstance(obj, dict):
        raise InputError("a record must be a JSON object", path=path, line=line)
    rid, claim, evidence = obj.get("id"), obj.get("claim"), obj.get("evidence")
    if rid is None or not isinstance(rid, str | int) or isinstance(rid, bool):
        raise InputError("'id' is missing or not a string or number", path=path, line=line)
    if not isinstance(claim, str) or not claim.strip():
        raise InputError("'claim' is missing or not a non-empty string", path=path, line=line)
    if isinstance(evidence, str):
        ev: tuple[str, ...] = (evidence,)
    elif isinstance(evidence, list) and all(isinstance(e, str) for e in evidence):
        ev = tuple(evidence)
    else:
        raise InputError("'evidence' must be a string or a list of strings", path=path, line=line)
    raw_label = obj.get("label")
    label: str | None = None
    if raw_label is not None:
        if not isinstance(raw_label, str) or normalise_label(raw_label) is None:
            raise InputError(f"unknown label {raw_label!r}", path=path, line=line)
        label = normalise_label(raw_label)
    return EvalRecord(str(rid), claim, ev, label, line)


def read_records(path: str | Path) -> list[EvalRecord]:
    """Read claim/evidence records; a malformed line is an InputError naming file and line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", path=p) from e
    records: list[EvalRecord] = []
    for n, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"not valid JSON: {e.msg}", path=p, line=n) from e
        records.append(_record(obj, p, n))
    return records


def predict(record: EvalRecord) -> Prediction:
    """Judge one record on its own."""
    j: Judgement = judge(record.claim, record.evidence)
    return Prediction(
        record.id,
        j.label,
        j.qualifier,
        j.reason,
        j.confidence,
        j.evidence_index,
        j.quote,
        j.score,
        j.detail,
        record.label,
    )


def metrics(gold: Sequence[str], predicted: Sequence[str]) -> Metrics:
    """Accuracy, macro-F1 over the gold classes, and the confusion matrix.

    On a two-way file an `unverified` prediction is simply wrong: it is a
    missed gold class and a false positive for none.
    """
    classes = [c for c in LABELS if c in set(gold)]
    confusion = {g: {p: 0 for p in LABELS} for g in classes}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    n = len(gold)
    correct = sum(confusion[c][c] for c in classes)
    f1s = []
    for c in classes:
        tp = confusion[c][c]
        fp = sum(confusion[g][c] for g in classes if g != c)
        fn = sum(confusion[c].values()) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return Metrics(
        n=n,
        accuracy=round(correct / n, 4) if n else 0.0,
        macro_f1=round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        confusion=confusion,
    )


# --- baselines -------------------------------------------------------------


def _majority(records: Sequence[EvalRecord]) -> BaselineResult:
    gold = [r.label for r in records if r.label]
    counts = {c: gold.count(c) for c in LABELS}
    top = max(LABELS, key=lambda c: (counts[c], -LABELS.index(c)))
    return BaselineResult(
        "majority",
        f"always {top}",
        metrics(gold, [top] * len(gold)),
    )


def _fuzzy_similarity(r: EvalRecord) -> float:
    c = detokenise(r.claim)
    return max((fuzz.token_set_ratio(c, detokenise(e)) for e in r.evidence), default=0.0)


def _fuzzy(records: Sequence[EvalRecord]) -> BaselineResult:
    """rapidfuzz similarity over a threshold => corroborated; the threshold is tuned here."""
    labelled = [r for r in records if r.label]
    gold = [r.label for r in labelled]
    sims = [_fuzzy_similarity(r) for r in labelled]
    best: tuple[float, float] = (-1.0, 0.0)
    for t in sorted(set(sims)):
        pred = [CORROBORATED if s >= t else CONTRADICTED for s in sims]
        acc = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
        if acc > best[0]:
            best = (acc, t)
    t = best[1]
    pred = [CORROBORATED if s >= t else CONTRADICTED for s in sims]
    return BaselineResult(
        "fuzzy-only",
        f"token_set_ratio >= {t:.1f} (tuned on this file)",
        metrics(gold, pred),  # type: ignore[arg-type]
    )


_HEURISTIC_NEG = frozenset(["not", "no", "never", "n't", "without"])


def _heuristic_label(r: EvalRecord, threshold: float) -> str:
    """Missing content words or a one-sided negation => contradicted."""
    c = set(content_stems(detokenise(r.claim)))
    e = set(s for ev in r.evidence for s in content_stems(detokenise(ev)))
    missing = len(c - e) / len(c) if c else 1.0
    neg_c = any(w in _HEURISTIC_NEG for w in words(detokenise(r.claim)))
    neg_e = any(w in _HEURISTIC_NEG for ev in r.evidence for w in words(detokenise(ev)))
    return CONTRADICTED if missing > threshold or neg_c != neg_e else CORROBORATED


def _heuristic(records: Sequence[EvalRecord]) -> BaselineResult:
    labelled = [r for r in records if r.label]
    gold = [r.label for r in labelled]
    best: tuple[float, float] = (-1.0, 0.0)
    for t in [i / 20 for i in range(20)]:
        pred = [_heuristic_label(r, t) for r in labelled]
        acc = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
        if acc > best[0]:
            best = (acc, t)
    pred = [_heuristic_label(r, best[1]) for r in labelled]
    return BaselineResult(
        "heuristic",
        f"missing content share > {best[1]:.2f} or one-sided negation (tuned on this file)",
        metrics(gold, pred),  # type: ignore[arg-type]
    )


BASELINES: tuple[Callable[[Sequence[EvalRecord]], BaselineResult], ...] = (
    _majority,
    _fuzzy,
    _heuristic,
)


def run_eval(
    path: str | Path, out: str | Path | None = None, *, baselines: bool = False
) -> EvalResult:
    """Judge every record of a JSONL file; write predictions to `out` (JSONL) if given."""
    records = read_records(path)
    predictions = tuple(predict(r) for r in records)
    labelled = [p for p in predictions if p.gold is not None]
    m = metrics([p.gold for p in labelled], [p.label for p in labelled]) if labelled else None  # type: ignore[misc]
    two_way = bool(labelled) and all(p.gold != UNVERIFIED for p in labelled)
    base: tuple[BaselineResult, ...] = ()
    if baselines and labelled:
        base = tuple(b(records) for b in BASELINES)
    if out is not None:
        o = Path(out)
        try:
            with o.open("w", encoding="utf-8") as f:
                for p in predictions:
                    f.write(json.dumps(p.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        except OSError as e:
            raise InputError(f"cannot write predictions: {e}", path=o) from e
    return EvalResult(str(path), len(records), predictions, m, two_way, base)


def _format_metrics(m: Metrics) -> list[str]:
    cols = [c for c in LABELS]
    lines = [
        f"accuracy  {m.accuracy:.4f}",
        f"macro-F1  {m.macro_f1:.4f}",
        "confusion (rows gold, columns predicted):",
    ]
    width = max(len(c) for c in cols) + 2
    lines.append(" " * width + "".join(c.rjust(width) for c in cols))
    for g, row in m.confusion.items():
        lines.append(g.ljust(width) + "".join(str(row[c]).rjust(width) for c in cols))
    return lines


def format_eval(result: EvalResult) -> str:
    """A plain-text summary: n, accuracy, macro-F1, confusion matrix, and the baselines."""
    lines = [f"{result.path}: {result.n} records"]
    if result.metrics is None:
        lines.append("no gold labels: predictions only")
        return "\n".join(lines) + "\n"
    lines.append(
        f"n         {result.metrics.n}"
        + ("  (two-way: unverified counts as wrong)" if result.two_way else "")
    )
    lines += _format_metrics(result.metrics)
    if result.baselines:
        lines.append("")
        lines.append(f"{'system':<12}{'accuracy':>10}{'macro-F1':>10}  how")
        wordnet = "with WordNet" if lexicon().available else "without WordNet"
        rows = [("verify", result.metrics, f"the judge's rules ({RULESET_VERSION}, {wordnet})")]
        rows += [(b.name, b.metrics, b.description) for b in result.baselines]
        for name, m, how in rows:
            lines.append(f"{name:<12}{m.accuracy:>10.4f}{m.macro_f1:>10.4f}  {how}")
    return "\n".join(lines) + "\n"
