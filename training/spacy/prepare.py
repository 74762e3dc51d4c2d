"""Turn the shared treebanks into spaCy corpora for train.sh (nothing here is committed data).

Reads ../shared/data/ (relative to the project root), writes DocBin files to WORK/corpus:
- ewt-{train,dev,test}.spacy: UD English EWT via `spacy convert --converter conllu` (10 sentences a doc,
  so the parser learns sentence boundaries);
- ner-train.spacy / ner-dev.spacy: Universal NER on EWT dev+test via `spacy convert --converter iob`;
  whole documents are held out for ner-dev (every 8th `# newdoc` of the EWT dev file), so model-best is
  chosen on sentences NER never saw;
- ner-pud.spacy: UNER English-PUD, used only to report (never trained on, never used to pick a model).

Usage: python training/spacy/prepare.py WORK
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# ../shared/data beside the project root; VERIFY_SHARED_DATA names it when the checkout lives elsewhere.
DATA = Path(os.environ.get("VERIFY_SHARED_DATA") or ROOT.parent / "shared" / "data")
EWT = DATA / "ud-english-ewt"
UNER = DATA / "uner-english-ewt"


def convert(src: Path, out: Path, converter: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(src), str(out), "--converter", converter,
         "-n", "10", "--file-type", "spacy"],
        check=True,
    )


def read_iob2(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(newdoc id or '', [(token, tag)]) per sentence, in file order."""
    sentences: list[tuple[str, list[tuple[str, str]]]] = []
    doc_id = ""
    tokens: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            doc_id = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if tokens:
                sentences.append((doc_id, tokens))
                tokens = []
        else:
            cols = line.split("\t")
            word = cols[1].replace(" ", "_").replace("|", "/")
            tokens.append((word, cols[2]))
    if tokens:
        sentences.append((doc_id, tokens))
    return sentences


def write_iob(sentences: list[tuple[str, list[tuple[str, str]]]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for _, toks in sentences:
            fh.write(" ".join(f"{w}|{t}" for w, t in toks) + "\n")


def main() -> None:
    work = Path(sys.argv[1]).resolve()
    corpus = work / "corpus"
    tmp = work / "tmp"
    corpus.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        src = tmp / f"ewt-{split}.conllu"
        src.write_bytes((EWT / f"en_ewt-ud-{split}.conllu").read_bytes())
        convert(src, corpus, "conllu")

    dev = read_iob2(UNER / "en_ewt-ud-dev.iob2")
    test = read_iob2(UNER / "en_ewt-ud-test.iob2")
    docs: list[str] = []
    for doc_id, _ in dev:
        if doc_id not in docs:
            docs.append(doc_id)
    held = {d for i, d in enumerate(docs) if i % 8 == 7}
    ner_dev = [s for s in dev if s[0] in held]
    ner_train = [s for s in dev if s[0] not in held] + test
    write_iob(ner_train, tmp / "ner-train.iob")
    write_iob(ner_dev, tmp / "ner-dev.iob")
    write_iob(read_iob2(UNER / "english-pud" / "en_pud-ud-test.iob2"), tmp / "ner-pud.iob")
    for name in ("ner-train", "ner-dev", "ner-pud"):
        convert(tmp / f"{name}.iob", corpus, "iob")
    print(f"ner-train {len(ner_train)} sentences, ner-dev {len(ner_dev)} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
