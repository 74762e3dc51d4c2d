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
from verify.evidence.entail import Entail
from verify.evidence.finding import CONTRADICTED, CORROBORATED, UNVERIFIED
from verify.evidence.judge import RULESET_VERSION, Judgement, judge
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
    evidence_indices: tuple[int, ...] = ()
    review: bool = False
    model: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "evidence_indices": list(self.evidence_indices),
            "review": self.review,
            "model": dict(self.model) if self.model else None,
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
class LabelFigures:
    """How one committed label fares: how often it is given, and how often rightly."""

    label: str
    predicted: int
    precision: float | None  # None when never predicted
    coverage: float  # share of all records given this label
    recall: float | None  # None when the gold never says it


@dataclass(frozen=True)
class RiskCoverage:
    """Commit only at or above a confidence: how many commit, how many wrongly."""

    threshold: float
    coverage: float  # share of all records committed at this threshold
    risk: float  # share of those committed predictions that are wrong


@dataclass(frozen=True)
class Metrics:
    n: int
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    # A prediction commits when it is corroborated or contradicted.
    commit_coverage: float = 0.0
    commit_precision: float | None = None
    # Of the claims whose gold label is corroborated, the share called contradicted.
    true_called_false: float | None = None
    per_label: tuple[LabelFigures, ...] = ()
    risk_coverage: tuple[RiskCoverage, ...] = ()


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
            "commit_coverage": m.commit_coverage if m else None,
            "commit_precision": m.commit_precision if m else None,
            "true_called_contradicted": m.true_called_false if m else None,
            "per_label": {
                f.label: {"predicted": f.predicted, "precision": f.precision,
                          "coverage": f.coverage, "recall": f.recall}
                for f in m.per_label
            } if m else None,
            "risk_coverage": [
                {"threshold": r.threshold, "coverage": r.coverage, "risk": r.risk}
                for r in m.risk_coverage
            ] if m else None,
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


def predict(record: EvalRecord, entail: Entail | None = None) -> Prediction:
    """Judge one record on its own; evidence items are sentences or `Q: … A: …` pairs.
    `entail`: an entailment model for the judge (None: the rules alone)."""
    j: Judgement = judge(record.claim, record.evidence, entail=entail)
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
        j.evidence_indices,
        j.review,
        j.model,
    )


COMMITTED = (CORROBORATED, CONTRADICTED)
# Risk-coverage rows: the confidence at these quantiles of the committed predictions.
RISK_QUANTILES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def risk_coverage(
    gold: Sequence[str], predicted: Sequence[str], confidence: Sequence[float]
) -> tuple[RiskCoverage, ...]:
    """Committing only at confidence >= t, for t at quantiles of the committed
    predictions' confidences: the coverage and the error rate at each t."""
    n = len(gold)
    rows = [(c, g == p) for g, p, c in zip(gold, predicted, confidence, strict=True)
            if p in COMMITTED]
    if not rows:
        return ()
    confs = sorted(c for c, _ in rows)
    cuts = sorted({confs[min(len(confs) - 1, int(q * len(confs)))] for q in RISK_QUANTILES})
    out = []
    for t in cuts:
        kept = [ok for c, ok in rows if c >= t]
        out.append(RiskCoverage(round(t, 4), round(len(kept) / n, 4),
                                round(1 - sum(kept) / len(kept), 4)))
    return tuple(out)


def metrics(
    gold: Sequence[str], predicted: Sequence[str], confidence: Sequence[float] | None = None
) -> Metrics:
    """Accuracy, macro-F1 over the gold classes, and the confusion matrix; how
    often a committed label is right and how many commit; true claims called
    contradicted; with confidences, the risk-coverage table.

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
    pairs = list(zip(gold, predicted, strict=True))
    committed = [(g, p) for g, p in pairs if p in COMMITTED]
    per_label = []
    for c in COMMITTED:
        given = [g for g, p in pairs if p == c]
        per_label.append(LabelFigures(
            c, len(given), _ratio(sum(g == c for g in given), len(given)),
            round(len(given) / n, 4) if n else 0.0,
            _ratio(sum(g == c == p for g, p in pairs), sum(g == c for g in gold))))
    true_claims = [p for g, p in pairs if g == CORROBORATED]
    return Metrics(
        n=n,
        accuracy=round(correct / n, 4) if n else 0.0,
        macro_f1=round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        confusion=confusion,
        commit_coverage=round(len(committed) / n, 4) if n else 0.0,
        commit_precision=_ratio(sum(g == p for g, p in committed), len(committed)),
        true_called_false=_ratio(sum(p == CONTRADICTED for p in true_claims), len(true_claims)),
        per_label=tuple(per_label),
        risk_coverage=(risk_coverage(gold, predicted, confidence)
                       if confidence is not None else ()),
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
    path: str | Path,
    out: str | Path | None = None,
    *,
    baselines: bool = False,
    entail: Entail | None = None,
) -> EvalResult:
    """Judge every record of a JSONL file; write predictions to `out` (JSONL) if given."""
    records = read_records(path)
    predictions = tuple(predict(r, entail) for r in records)
    labelled = [p for p in predictions if p.gold is not None]
    m = (
        metrics(
            [p.gold for p in labelled],  # type: ignore[misc]
            [p.label for p in labelled],
            [p.confidence for p in labelled],
        )
        if labelled
        else None
    )
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
    lines.append(
        f"commits   {m.commit_coverage:.4f} of records (corroborated or contradicted), "
        f"right {_pct(m.commit_precision)} of those"
    )
    for f in m.per_label:
        lines.append(
            f"  {f.label:<14} given {f.predicted:>6}  coverage {f.coverage:.4f}  "
            f"precision {_pct(f.precision)}  recall {_pct(f.recall)}"
        )
    lines.append(f"true claims called contradicted  {_pct(m.true_called_false)}")
    if m.risk_coverage:
        lines.append("risk-coverage (commit only at confidence >= t):")
        lines.append(f"  {'t':>6}  {'coverage':>8}  {'risk':>6}")
        for r in m.risk_coverage:
            lines.append(f"  {r.threshold:>6.3f}  {r.coverage:>8.4f}  {r.risk:>6.4f}")
    return lines


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.4f}"


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
        lines.append(
            f"{'system':<12}{'accuracy':>10}{'macro-F1':>10}{'commits':>9}{'right':>8}  how"
        )
        wordnet = "with WordNet" if lexicon().available else "without WordNet"
        rows = [("verify", result.metrics, f"the judge's rules ({RULESET_VERSION}, {wordnet})")]
        rows += [(b.name, b.metrics, b.description) for b in result.baselines]
        for name, m, how in rows:
            lines.append(f"{name:<12}{m.accuracy:>10.4f}{m.macro_f1:>10.4f}"
                         f"{m.commit_coverage:>9.3f}{_pct(m.commit_precision):>8}  {how}")
    return "\n".join(lines) + "\n"
