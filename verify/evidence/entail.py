"""Rules and an entailment model together: the model proposes, the slot checks decide.

An entailment model is handed in as a callable with the signature of
`verify.nli.predict`: (premise = evidence passage, hypothesis = claim) pairs in,
one dict of calibrated probabilities of "entails", "contradicts" and "neither"
per pair out. `combine` is pure: the same findings and probabilities give the
same decision.

- a slot clash (a number, date or name in the same role) where the model does
  not say "entails" -> `contradicted`, with the slot's reason;
- a slot clash where the model says "entails" -> `unverified`, flagged for
  review: one of them is wrong, and "45" against "45.1 million" must not become
  false;
- "entails" with the slots agreeing -> `corroborated`, reason `entailed`, the
  model's probability as the confidence;
- "contradicts" with no slot clash -> `contradicted`, reason
  `contradicted_by_model`;
- "neither" everywhere -> `unverified`, unless the rules found the same
  predicate negated (`negation_mismatch`, positive evidence) or decided on a
  passage the model did not read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from verify.evidence.finding import CONTRADICTED, CORROBORATED, UNVERIFIED, PassageFinding

ENTAILS = "entails"
CONTRADICTS = "contradicts"
NEITHER = "neither"
MODEL_LABELS = (ENTAILS, CONTRADICTS, NEITHER)
# At most this many passages a claim go through the model (the best-scoring related ones).
MODEL_PASSAGES = 3
# The model's reading counts only where it is sure enough: a label below its floor
# (calibrated probability) is read as "neither", and a "neither" below its floor
# leaves the rules' decision standing. Chosen on the training data's calibration
# split by training/nli/floors.py, never on the gate file or a held-out set.
FLOORS = {"entails": 0.5, "contradicts": 0.8, "neither": 0.5}

Entail = Callable[[Sequence[tuple[str, str]]], list[dict[str, float]]]


def is_english(language: str | None) -> bool:
    """The model reads English; a passage of unknown language is taken as English."""
    return language is None or language.split("-")[0].strip().lower() in ("en", "")


def model_says(probs: Mapping[str, float]) -> str:
    """The model's label: the most probable, ties broken in MODEL_LABELS order; a
    label below its floor (FLOORS) is read as "neither"."""
    top = max(MODEL_LABELS, key=lambda k: (probs.get(k, 0.0), -MODEL_LABELS.index(k)))
    return top if probs.get(top, 0.0) >= FLOORS[top] else NEITHER


@dataclass(frozen=True)
class Decision:
    label: str
    qualifier: str | None
    reason: str
    confidence: float
    index: int
    score: float
    detail: str
    review: bool = False
    model: tuple[tuple[str, float], ...] = ()  # the deciding passage's probabilities


def _probs(p: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple((k, round(float(p.get(k, 0.0)), 4)) for k in MODEL_LABELS)


def _from_rules(f: PassageFinding, p: Mapping[str, float] | None = None,
                note: str = "") -> Decision:
    return Decision(f.label, f.qualifier, f.reason, f.confidence, f.index, f.score,
                    f.detail + note, False, _probs(p) if p is not None else ())


def combine(
    ruled: PassageFinding, read: Sequence[tuple[PassageFinding, Mapping[str, float]]]
) -> Decision:
    """The verdict from the rules' decision (`ruled`, over all related passages)
    and the model's probabilities for the passages it read (`read`, each with
    the rules' finding for that passage)."""
    if not read:
        return _from_rules(ruled)
    by_index = {f.index: (f, p) for f, p in read}
    says = {f.index: model_says(p) for f, p in read}
    clashes = [f for f in ([ruled] if ruled.slot_clash else []) + [f for f, _ in read]
               if f.slot_clash]
    if clashes:
        clash = clashes[0]
        p = by_index[clash.index][1] if clash.index in by_index else None
        if p is not None and says[clash.index] == ENTAILS:
            e = round(float(p[ENTAILS]), 4)
            return Decision(
                UNVERIFIED, None, clash.reason, e, clash.index, clash.score,
                f"{clash.detail}; yet the entailment model reads the passage as saying the "
                f"claim (p = {e:.2f}): one of them is wrong, flagged for review",
                True, _probs(p))
        note = f" (the entailment model: p(entails) = {p[ENTAILS]:.2f})" if p is not None else ""
        return Decision(CONTRADICTED, None, clash.reason, clash.confidence, clash.index,
                        clash.score, clash.detail + note, False,
                        _probs(p) if p is not None else ())
    entailed = [(f, p) for f, p in read if says[f.index] == ENTAILS]
    if entailed:
        f, p = max(entailed, key=lambda x: (x[1][ENTAILS], -x[0].index))
        e = round(float(p[ENTAILS]), 4)
        objection = f.label == CONTRADICTED
        detail = f"the entailment model reads the passage as saying the claim (p = {e:.2f})"
        if objection:
            detail += f"; the rules object: {f.detail}"
        elif f.gone:
            detail += f"; the rules miss {', '.join(sorted(f.gone))}"
        return Decision(CORROBORATED, None, "entailed", e, f.index, f.score, detail,
                        objection, _probs(p))
    denied = [(f, p) for f, p in read if says[f.index] == CONTRADICTS]
    if denied:
        f, p = max(denied, key=lambda x: (x[1][CONTRADICTS], -x[0].index))
        c = round(float(p[CONTRADICTS]), 4)
        detail = f"the entailment model reads the passage as contradicting the claim (p = {c:.2f})"
        if f.label == CONTRADICTED:
            detail += f"; so do the rules: {f.detail}"
        return Decision(CONTRADICTED, None, "contradicted_by_model", c, f.index, f.score,
                        detail, False, _probs(p))
    if ruled.index not in by_index or by_index[ruled.index][1].get(NEITHER, 0.0) < FLOORS[NEITHER]:
        return _from_rules(ruled)
    if ruled.label == CONTRADICTED and ruled.reason == "negation_mismatch":
        return _from_rules(ruled, by_index[ruled.index][1],
                           " (the entailment model reads neither)")
    f, p = by_index[ruled.index]
    n = round(float(p[NEITHER]), 4)
    some = ruled.label == CORROBORATED or ruled.qualifier == "partly"
    detail = (f"the entailment model reads the passage as not deciding the claim "
              f"(p = {n:.2f})")
    if ruled.label != UNVERIFIED:
        detail += f"; the rules alone would say {ruled.label}: {ruled.detail}"
    else:
        detail += f"; {ruled.detail}"
    return Decision(UNVERIFIED, "partly" if some else None, "no_matching_passage", n,
                    ruled.index, ruled.score, detail, False, _probs(p))
