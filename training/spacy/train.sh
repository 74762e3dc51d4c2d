#!/bin/sh
# Trains verify's English pipeline (verify/models/en_news) from the shared treebanks.
#   sh training/spacy/train.sh WORK      (WORK: a scratch folder outside the repository)
# Steps: prepare.py makes the corpora; two seeded `spacy train` runs (parser stack on EWT train,
# NER with its own tok2vec on UNER EWT dev+test) write WORK/{parser,ner}/model-{best,last};
# assemble.py joins the two model-best pipelines into verify/models/en_news; evaluate.py scores
# the parser on EWT test and NER on UNER English-PUD for the model card.
# Each run is one seeded session (spaCy's trainer does not resume its optimiser); a stopped run
# keeps model-best/model-last as checkpoints: assemble.py takes them, or pass STEP=assemble.
# STEP=continue trains the parser stack on from a trained pipeline (SOURCE, default the shipped
# verify/models/en_news; parser-continue.cfg: its weights and labels, a fresh optimiser, the
# lemmatizer trained afresh) and keeps that pipeline's NER; then assembles and evaluates.
set -eu
WORK=${1:?scratch folder}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PY:-"$ROOT/.venv/bin/python"}
STEP=${STEP:-all}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
C="$WORK/corpus"
if [ "$STEP" = all ]; then
  "$PY" "$ROOT/training/spacy/prepare.py" "$WORK"
  "$PY" -m spacy train "$ROOT/training/spacy/parser.cfg" --output "$WORK/parser" \
      --paths.train "$C/ewt-train.spacy" --paths.dev "$C/ewt-dev.spacy" > "$WORK/parser.log" 2>&1 &
  P1=$!
  "$PY" -m spacy train "$ROOT/training/spacy/ner.cfg" --output "$WORK/ner" \
      --paths.train "$C/ner-train.spacy" --paths.dev "$C/ner-dev.spacy" > "$WORK/ner.log" 2>&1 &
  P2=$!
  wait $P1
  wait $P2
fi
if [ "$STEP" = continue ]; then
  SOURCE=${SOURCE:-"$ROOT/verify/models/en_news"}
  [ -d "$C" ] || "$PY" "$ROOT/training/spacy/prepare.py" "$WORK"
  mkdir -p "$WORK/ner"
  [ -d "$WORK/ner/model-best" ] || cp -r "$SOURCE" "$WORK/ner/model-best"
  "$PY" -m spacy train "$ROOT/training/spacy/parser-continue.cfg" --output "$WORK/parser" \
      --paths.train "$C/ewt-train.spacy" --paths.dev "$C/ewt-dev.spacy" \
      --paths.source "$SOURCE" > "$WORK/parser.log" 2>&1
fi
"$PY" "$ROOT/training/spacy/assemble.py" "$WORK" "$ROOT/verify/models/en_news"
"$PY" "$ROOT/training/spacy/evaluate.py" "$WORK" "$ROOT/verify/models/en_news"
