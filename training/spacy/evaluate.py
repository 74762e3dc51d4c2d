"""Score the shipped pipeline for its model card: the parser on UD English EWT test (never
trained on, never used to pick a checkpoint) and NER on UNER English-PUD (news and wiki prose,
never trained on). Both run from raw text with the pipeline's own tokenizer, so the figures
include tokenisation and sentence-splitting errors.

    python training/spacy/evaluate.py WORK MODEL     (writes MODEL/accuracy.json)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example


def score(nlp: spacy.language.Language, path: Path) -> dict[str, float]:
    gold = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    examples = [Example(nlp.make_doc(d.text), d) for d in gold]
    t = time.perf_counter()
    scores = nlp.evaluate(examples)
    scores["seconds"] = time.perf_counter() - t
    return {k: v for k, v in scores.items() if isinstance(v, int | float)}


def main() -> None:
    work, model = Path(sys.argv[1]), Path(sys.argv[2])
    nlp = spacy.load(model)
    ewt = score(nlp, work / "corpus" / "ewt-test.spacy")
    pud = score(nlp, work / "corpus" / "ner-pud.spacy")
    pud_ner = {k: pud[k] for k in ("ents_p", "ents_r", "ents_f") if k in pud}
    per_type = spacy.load(model).evaluate(
        [Example(nlp.make_doc(d.text), d)
         for d in DocBin().from_disk(work / "corpus" / "ner-pud.spacy").get_docs(nlp.vocab)]
    ).get("ents_per_type", {})
    out = {
        "ewt_test": {k: ewt[k] for k in ("dep_las", "dep_uas", "sents_f", "tag_acc", "pos_acc",
                                         "morph_acc", "lemma_acc") if k in ewt},
        "pud_ner": pud_ner,
        "pud_ner_per_type": per_type,
    }
    (model / "accuracy.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
