"""Throughput, load time and peak memory of the shipped entailment model (verify/nli.py).

    .venv/bin/python bench/nli.py [ROUNDS]

Pairs are synthetic, seeded, and long enough to fill the 128-token window (claim of
~15 words, passage of ~120 words), so this is the worst case per pair. Measures, in
one fresh process:
- load time (the first call: onnxruntime import, session, tokenizer);
- pairs/second through verify.nli.predict (one pair at a time, the shipped mode,
  1 intra-op thread) and through verify.nli.logits batched (batch 16), and the
  batched mode with 2 threads, for comparison; median and range over ROUNDS rounds;
- peak RSS of the process.
The machine load (uptime) is printed before and after: on 2 shared cores it moves
the figures a lot. Target: >= 50 pairs/s at seq length 128 on 2 cores.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import time

VOCAB = (
    "council city budget million report minister water board school year health police "
    "bridge river election vote percent company workers study found said government "
    "county hospital plan new road tax rate month week increase fall"
)
WORDS = VOCAB.split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def uptime() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = random.Random(13)
    pairs = [(sentence(rng, 120), sentence(rng, 15)) for _ in range(64)]
    print(f"load average before: {uptime()}  (cores: {os.cpu_count()})")
    from verify import nli

    t0 = time.perf_counter()
    nli.predict(pairs[:1])
    load = time.perf_counter() - t0
    model = nli._load()
    lengths = [len(e.ids) for e in model.tokenizer.encode_batch([(h, p) for p, h in pairs])]
    print(f"load + first pair: {load * 1000:.0f} ms; tokens a pair: {min(lengths)}-{max(lengths)}")

    def rate(fn: object, label: str) -> None:
        runs = []
        for _ in range(rounds):
            t = time.perf_counter()
            fn()  # type: ignore[operator]
            runs.append(len(pairs) / (time.perf_counter() - t))
        print(
            f"{label:40s} median {statistics.median(runs):6.1f} pairs/s  "
            f"range {min(runs):6.1f}-{max(runs):6.1f}  (n={rounds} x {len(pairs)})"
        )

    rate(lambda: nli.predict(pairs), "predict (1 pair at a time, 1 thread)")
    rate(lambda: nli.logits(pairs, batch_size=16), "logits batch 16, 1 thread")
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    two = ort.InferenceSession(
        str(nli.MODEL_FILE), sess_options=opts, providers=["CPUExecutionProvider"]
    )

    def batched_two() -> None:
        for k in range(0, len(pairs), 16):
            two.run(["logits"], nli._encode(model, pairs[k : k + 16]))

    def single_two() -> None:
        for p in pairs:
            two.run(["logits"], nli._encode(model, [p]))

    rate(batched_two, "batch 16, 2 threads")
    rate(single_two, "1 pair at a time, 2 threads")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")
    print(f"load average after: {uptime()}")


if __name__ == "__main__":
    main()
