"""The shipped entailment model: does an evidence passage entail, contradict or not decide a claim?

A cross-encoder fine-tuned here from all-MiniLM-L6-v2 (Apache-2.0) on open claim/evidence
data (``training/nli/``; data, licences and figures in ``verify/models/nli/MODEL_CARD.md``),
exported to ONNX and quantised to int8. It runs on onnxruntime with the ``tokenizers``
package: no torch, no download, nothing read from outside the package.

- Loaded lazily, once, on the first call to :func:`predict` (importing ``verify`` or this
  module does not import onnxruntime).
- Deterministic: fixed thread counts and sequential execution, so the same pairs give
  the same probabilities run to run and process to process. A batch's int8 activations
  are scaled over the whole batch, so a pair's probabilities depend on the pairs it is
  batched with; :func:`predict` therefore runs each pair alone (no padding, no batch
  mates) unless asked otherwise, and a pair's result is a function of that pair only.
- Calibrated: the logits are divided by a temperature fitted on a split not used for
  training (``config.json``), then soft-maxed.
- It reads English. Callers run it on passages detected as English.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from verify.errors import MatchError

LABELS = ("entails", "contradicts", "neither")
MODEL_DIR = Path(__file__).parent / "models" / "nli"
MODEL_FILE = MODEL_DIR / "model.onnx"
THREADS = 1  # fixed: identical results on every machine and run, whatever its core count


@dataclass(frozen=True)
class _Model:
    session: Any  # onnxruntime.InferenceSession (imported lazily, untyped)
    tokenizer: Any  # tokenizers.Tokenizer
    temperature: float
    max_length: int


_lock = threading.Lock()
_loaded: _Model | None = None


@cache
def model_sha256() -> str:
    """sha256 of the shipped ONNX file (hex)."""
    try:
        return hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()
    except OSError as e:
        raise MatchError(f"entailment model missing: {MODEL_FILE}: {e.strerror}") from e


def _load() -> _Model:
    global _loaded
    with _lock:
        if _loaded is not None:
            return _loaded
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            cfg = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
        except (OSError, ValueError) as e:
            raise MatchError(f"entailment model unreadable in {MODEL_DIR}: {e}") from e
        if tuple(cfg.get("labels", ())) != LABELS or "temperature" not in cfg:
            raise MatchError(f"{MODEL_DIR / 'config.json'}: labels or temperature missing")
        max_length = int(cfg["max_length"])
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length, strategy="longest_first")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = THREADS
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.log_severity_level = 3
        try:
            session = ort.InferenceSession(
                str(MODEL_FILE), sess_options=opts, providers=["CPUExecutionProvider"]
            )
        except Exception as e:  # onnxruntime raises its own untyped errors; re-raised as ours
            raise MatchError(f"entailment model does not load: {MODEL_FILE}: {e}") from e
        _loaded = _Model(session, tokenizer, float(cfg["temperature"]), max_length)
        return _loaded


def _encode(model: _Model, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
    # The model was trained on [CLS] hypothesis [SEP] premise [SEP].
    encs = model.tokenizer.encode_batch([(h, p) for p, h in pairs])
    width = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), width), dtype=np.int64)
    mask = np.zeros((len(encs), width), dtype=np.int64)
    types = np.zeros((len(encs), width), dtype=np.int64)
    for i, e in enumerate(encs):
        n = len(e.ids)
        ids[i, :n] = e.ids
        mask[i, :n] = e.attention_mask
        types[i, :n] = e.type_ids
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def _check(pairs: Sequence[tuple[str, str]]) -> None:
    for i, pair in enumerate(pairs):
        if len(pair) != 2 or not all(isinstance(s, str) for s in pair):
            raise MatchError(f"entailment pair {i}: expected (premise, hypothesis) strings")


def logits(pairs: Sequence[tuple[str, str]], batch_size: int = 1) -> np.ndarray:
    """Raw (uncalibrated) logits, shape (len(pairs), 3), in the order of LABELS.

    ``batch_size`` > 1 pads pairs together: faster, but then a pair's figures depend
    slightly on its batch mates (int8 activations are scaled per batch).
    """
    _check(pairs)
    if not pairs:
        return np.zeros((0, len(LABELS)), dtype=np.float32)
    model = _load()
    out = []
    for k in range(0, len(pairs), max(1, batch_size)):
        feeds = _encode(model, pairs[k : k + max(1, batch_size)])
        out.append(model.session.run(["logits"], feeds)[0])
    return np.concatenate(out).astype(np.float32)


def probabilities(raw: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature-scaled softmax over the last axis."""
    z = raw.astype(np.float64) / temperature
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    result: np.ndarray = e / e.sum(axis=-1, keepdims=True)
    return result


def predict(pairs: Sequence[tuple[str, str]], batch_size: int = 16) -> list[dict[str, float]]:
    """Calibrated probabilities for each (premise = evidence passage, hypothesis = claim).

    Each dict maps LABELS to probabilities summing to 1. Pairs are run one at a time so
    that each result depends on its own pair only; ``batch_size`` bounds how many pairs
    are tokenised together (memory), not how they are computed.
    """
    _check(pairs)
    if not pairs:
        return []
    model = _load()
    rows: list[dict[str, float]] = []
    for k in range(0, len(pairs), max(1, batch_size)):
        chunk = pairs[k : k + max(1, batch_size)]
        raw = np.concatenate([logits([pair], batch_size=1) for pair in chunk])
        for p in probabilities(raw, model.temperature):
            rows.append({label: float(v) for label, v in zip(LABELS, p, strict=True)})
    return rows
