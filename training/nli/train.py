"""Fine-tune all-MiniLM-L6-v2 as a 3-way cross-encoder (entails / contradicts / neither).

Runs in the training environment (requirements.txt here), never in the project's.
Input: the pairs written by prep.py (--data). Output: checkpoints in --work, outside
the repository. Resumable: every --ckpt-every steps the model, optimiser, scheduler,
RNG states and the data position (epoch, batch) are saved atomically to
--work/last.pt; a restart with the same arguments continues from there. At the end of
each epoch the model weights alone go to --work/epoch-N.pt with the calib figures.

Encoding: [CLS] hypothesis (claim) [SEP] premise (evidence) [SEP], longest_first
truncation to 128 tokens; mean pooling over the last layer, dropout, linear head.
The runtime (verify/nli.py) encodes the same way.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from prep import source_set
from torch import nn
from transformers import AutoModel, AutoTokenizer

LABELS = ("entails", "contradicts", "neither")


class CrossEncoder(nn.Module):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(base)
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, len(LABELS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        out = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(out.dtype)
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def encode(tok, rows: list[dict], max_len: int) -> dict[str, torch.Tensor]:
    enc = tok(
        [r["hypothesis"] for r in rows],
        [r["premise"] for r in rows],
        truncation="longest_first",
        max_length=max_len,
        padding=True,
        return_tensors="pt",
    )
    return {k: enc[k] for k in ("input_ids", "attention_mask", "token_type_ids")}


def batches_for_epoch(lengths: list[int], batch: int, seed: int, epoch: int) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), fixed by seed and epoch."""
    rng = random.Random(seed * 1000 + epoch)
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch * 50
    out: list[list[int]] = []
    for i in range(0, len(idx), chunk):
        part = sorted(idx[i : i + chunk], key=lambda j: lengths[j])
        out += [part[k : k + batch] for k in range(0, len(part), batch)]
    rng.shuffle(out)
    return out


@torch.no_grad()
def evaluate(model: CrossEncoder, tok, rows: list[dict], max_len: int) -> dict[str, float]:
    model.eval()
    preds, gold = [], []
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["premise"]))
    for k in range(0, len(order), 32):
        part = [rows[i] for i in order[k : k + 32]]
        logits = model(**encode(tok, part, max_len))
        preds += logits.argmax(-1).tolist()
        gold += [LABELS.index(r["label"]) for r in part]
    model.train()
    p, g = np.array(preds), np.array(gold)
    f1s = []
    for c in range(len(LABELS)):
        tp = int(((p == c) & (g == c)).sum())
        fp = int(((p == c) & (g != c)).sum())
        fn = int(((p != c) & (g == c)).sum())
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return {"accuracy": float((p == g).mean()), "macro_f1": float(np.mean(f1s))}


def save_atomic(obj: object, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    tmp.replace(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--base", required=True, help="folder of the all-MiniLM-L6-v2 weights")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt-every", type=int, default=50)
    ap.add_argument("--exclude", default="", help="comma-separated sets left out (e.g. sick)")
    ap.add_argument(
        "--freeze-layers", type=int, default=3, help="embeddings and the first N layers stay fixed"
    )
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument(
        "--eval", action="store_true", help="measure calib at each epoch end (slow on 2 cores)"
    )
    ap.add_argument(
        "--max-steps",
        type=int,
        default=0,
        help="end training (and the learning-rate schedule) at this step; 0: all epochs",
    )
    ap.add_argument(
        "--limit-steps", type=int, default=0, help="stop after this many steps (timing)"
    )
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    excluded = {s for s in args.exclude.split(",") if s}

    tok = AutoTokenizer.from_pretrained(args.base)

    def kept(r: dict) -> bool:
        # a synthetic pair ("mut") is left out with the set its sentence came from
        return r["set"] not in excluded and source_set(r) not in excluded

    train = [r for r in load(args.data / "train.jsonl") if kept(r)]
    calib = [r for r in load(args.data / "calib.jsonl") if kept(r)]
    lengths = [
        len(x)
        for x in tok(
            [r["hypothesis"] for r in train],
            [r["premise"] for r in train],
            truncation="longest_first",
            max_length=args.max_len,
        )["input_ids"]
    ]
    n_batches = math.ceil(len(train) / args.batch)
    total = n_batches * args.epochs
    if args.max_steps:
        total = min(total, args.max_steps)

    model = CrossEncoder(args.base)
    if args.freeze_layers >= 0:
        for p in model.encoder.embeddings.parameters():
            p.requires_grad = False
        for layer in model.encoder.encoder.layer[: args.freeze_layers]:
            for p in layer.parameters():
                p.requires_grad = False
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head.")]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": model.head.parameters(), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    warm = max(1, int(total * args.warmup))

    def lr_at(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total - step) / max(1, total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    epoch, pos, step = 0, 0, 0
    last = args.work / "last.pt"
    if last.exists():
        st = torch.load(last, weights_only=False)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        sched.load_state_dict(st["sched"])
        epoch, pos, step = st["epoch"], st["pos"], st["step"]
        torch.set_rng_state(st["torch_rng"])
        random.setstate(st["py_rng"])
        np.random.set_state(st["np_rng"])
        print(f"resumed at epoch {epoch} batch {pos} step {step}", flush=True)
    model.train()
    loss_fn = nn.CrossEntropyLoss(reduction="none")
    log = (args.work / "train.log").open("a", encoding="utf-8")

    def checkpoint() -> None:
        save_atomic(
            {
                "model": model.state_dict(),
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "epoch": epoch,
                "pos": pos,
                "step": step,
                "torch_rng": torch.get_rng_state(),
                "py_rng": random.getstate(),
                "np_rng": np.random.get_state(),
                "args": {k: str(v) for k, v in vars(args).items()},
            },
            last,
        )

    t0, seen, run_loss, here = time.time(), 0, 0.0, 0
    while epoch < args.epochs and step < total:
        plan = batches_for_epoch(lengths, args.batch, args.seed, epoch)
        while pos < len(plan):
            rows = [train[i] for i in plan[pos]]
            enc = encode(tok, rows, args.max_len)
            y = torch.tensor([LABELS.index(r["label"]) for r in rows])
            w = torch.tensor([float(r["weight"]) for r in rows])
            loss = (loss_fn(model(**enc), y) * w).sum() / w.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            pos += 1
            step += 1
            seen += len(rows)
            lv = float(loss.detach())
            here += 1  # steps run by this process (the loss average restarts on resume)
            run_loss = 0.95 * run_loss + 0.05 * lv if here > 1 else lv
            if step % 10 == 0:
                rate = seen / (time.time() - t0)
                msg = (
                    f"epoch {epoch} batch {pos}/{len(plan)} step {step}/{total} "
                    f"loss {run_loss:.4f} lr {sched.get_last_lr()[0]:.2e} pairs/s {rate:.2f}"
                )
                print(msg, flush=True)
                log.write(msg + "\n")
                log.flush()
            if step % args.ckpt_every == 0:
                checkpoint()
            if args.limit_steps and step >= args.limit_steps:
                checkpoint()
                return
            if step >= total:
                break
        if step >= total and pos < len(plan):  # the step budget ended inside this epoch
            checkpoint()
            final = {"model": model.state_dict(), "epoch": epoch, "step": step}
            save_atomic(final, args.work / "final.pt")
            print(f"done: step budget {total} reached at epoch {epoch} batch {pos}", flush=True)
            return
        figures = evaluate(model, tok, calib, args.max_len) if args.eval else {}
        msg = f"end of epoch {epoch}: calib {json.dumps(figures)}"
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()
        save_atomic(
            {"model": model.state_dict(), "epoch": epoch, "calib": figures},
            args.work / f"epoch-{epoch}.pt",
        )
        epoch, pos = epoch + 1, 0
        checkpoint()
    save_atomic({"model": model.state_dict(), "epoch": epoch, "step": step}, args.work / "final.pt")
    print("done", flush=True)


if __name__ == "__main__":
    main()
