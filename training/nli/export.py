"""Export a training checkpoint to ONNX, quantise it (dynamic int8) and copy the tokenizer.

Runs in the training environment. Writes, into --out (default verify/models/nli/):
  model.onnx      the int8 model: inputs input_ids, attention_mask, token_type_ids
                  (int64, [batch, seq]); output logits (float32, [batch, 3])
  tokenizer.json  the base model's tokenizer, unchanged (for the `tokenizers` package)
  config.json     labels, max length, encoding order; the temperature is added by
                  calibrate.py (project venv), which runs the shipped runtime itself.
The fp32 intermediate stays in --work.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from train import LABELS, CrossEncoder


class Logits(torch.nn.Module):
    def __init__(self, inner: CrossEncoder) -> None:
        super().__init__()
        self.inner = inner

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        return self.inner(input_ids, attention_mask, token_type_ids)


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ckpt", type=Path, required=True, help="last.pt or epoch-N.pt")
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=root / "verify" / "models" / "nli")
    ap.add_argument("--max-len", type=int, default=128)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = CrossEncoder(str(args.base))
    state = torch.load(args.ckpt, weights_only=False)
    model.load_state_dict(state["model"])
    model.eval()
    wrapped = Logits(model).eval()
    ids = torch.ones(2, 16, dtype=torch.long)
    mask = torch.ones(2, 16, dtype=torch.long)
    types = torch.zeros(2, 16, dtype=torch.long)
    fp32 = args.work / "model-fp32.onnx"
    torch.onnx.export(
        wrapped,
        (ids, mask, types),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "token_type_ids": {0: "batch", 1: "seq"},
            "logits": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(args.out / "model.onnx"), weight_type=QuantType.QInt8)
    shutil.copyfile(args.base / "tokenizer.json", args.out / "tokenizer.json")
    cfg_path = args.out / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {}
    cfg.update(
        {
            "labels": list(LABELS),
            "max_length": args.max_len,
            "encoding": "[CLS] hypothesis [SEP] premise [SEP], longest_first truncation",
            "checkpoint": {"step": state.get("step"), "epoch": state.get("epoch")},
        }
    )
    cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
    print("wrote", args.out / "model.onnx", (args.out / "model.onnx").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
