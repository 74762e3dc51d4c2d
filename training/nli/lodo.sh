#!/usr/bin/env bash
# Leave-one-dataset-out figures for the entailment model: for each training set, a
# seeded run on all the others (their synthetic pairs included, the left-out set's
# own synthetic pairs excluded with it), exported and measured on every pair of the
# set it never saw. Resumable: each run checkpoints in WORK/lodo-SET, and a finished
# one (its figures.json written) is skipped.
#
#   TRAIN_VENV=... WORK=... [DATA=WORK/data] training/nli/lodo.sh [SET ...]
#   (default: fnc1 healthver fm2 sick)
#
# The same settings as the shipped model (requirements.txt), so the figures say how
# it carries over to a kind of data it was not trained on.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${TRAIN_VENV:?the training venv}" "${WORK:?the work folder (outside the repository)}"
EPOCHS="${EPOCHS:-2}"
DATA="${DATA:-$WORK/data}"
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(fnc1 healthver fm2 sick)
for s in "${sets[@]}"; do
  run="$WORK/lodo-$s"
  if [ -f "$run/measure/figures.json" ]; then echo "lodo $s: done"; continue; fi
  "$TRAIN_VENV/bin/python" training/nli/train.py --data "$DATA" --work "$run" \
    --base "$WORK/base" --epochs "$EPOCHS" --freeze-layers 0 --exclude "$s"
  mkdir -p "$run/export" "$run/model"
  "$TRAIN_VENV/bin/python" training/nli/export.py --ckpt "$run/final.pt" --base "$WORK/base" \
    --work "$run/export" --out "$run/model"
  .venv/bin/python training/nli/measure.py --data "$DATA" --work "$run/measure" \
    --model-dir "$run/model" --left-out "$s" --fit
done
for s in "${sets[@]}"; do
  .venv/bin/python - "$WORK/lodo-$s/measure/figures.json" "$s" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["test"]
b = max(f["baselines_macro_f1"].values())
print(f"left out {sys.argv[2]:10s} n={f['n']:5d} acc={f['accuracy']:.3f} macro-F1={f['macro_f1']:.3f} "
      f"(best baseline {b:.3f}) right when committing={f['precision_committed']:.3f} "
      f"commits on={f['coverage']:.3f} true called contradicted={f['true_called_contradicted']:.3f}")
PY
done
