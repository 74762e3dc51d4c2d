"""Join the two trained pipelines into the one verify ships (verify/models/en_news).

    python training/spacy/assemble.py WORK OUT

Takes WORK/parser/model-best (tok2vec, tagger, morphologizer, lemmatizer, parser) and adds
WORK/ner/model-best's `ner` (which carries its own tok2vec) with `source=`. A run that was
stopped takes model-last when model-best is missing. Writes a meta.json with the data's
licence; the training sections of config.cfg are kept (spaCy needs them to load).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import spacy


def checkpoint(run: Path) -> Path:
    for name in ("model-best", "model-last"):
        if (run / name / "meta.json").exists():
            return run / name
    raise SystemExit(f"{run}: no model-best or model-last checkpoint")


def main() -> None:
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    parser_dir, ner_dir = checkpoint(work / "parser"), checkpoint(work / "ner")
    nlp = spacy.load(parser_dir)
    ner = spacy.load(ner_dir)
    nlp.add_pipe("ner", source=ner)
    nlp.meta.update({
        "name": "news",
        "version": "0.1.0",
        "description": "verify's English pipeline: tagger, morphologizer, lemmatizer, dependency "
                       "parser (sentence boundaries), NER (PER/ORG/LOC) with its own tok2vec.",
        "license": "CC BY-SA 4.0",
        "author": "The verify developers",
        "sources": [
            {"name": "UD English EWT v2.16", "url":
             "https://github.com/UniversalDependencies/UD_English-EWT", "license": "CC BY-SA 4.0"},
            {"name": "Universal NER English EWT (dev, test)", "url":
             "https://github.com/UniversalNER/UNER_English-EWT", "license": "CC BY-SA 4.0"},
        ],
        "checkpoints": {"parser": parser_dir.name, "ner": ner_dir.name},
    })
    nlp.meta.pop("performance", None)
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out, exclude=["vocab.vectors"] if False else [])
    print(f"{out}: {nlp.pipe_names}", file=sys.stderr)


if __name__ == "__main__":
    main()
