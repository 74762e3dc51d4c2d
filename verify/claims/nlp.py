"""The English language pipeline shipped in verify/models/en_news, loaded lazily and once.

Nothing imports spaCy until a claim is extracted from an English text: `import verify`,
`verify --help` and every other stage stay free of it. The model was trained here
(training/spacy/); its files are CC BY-SA 4.0 (the treebanks' licence), see its MODEL_CARD.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from verify.errors import VerifyError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "en_news"
_LOCK = threading.Lock()
_PIPELINE: list[Language] = []


def pipeline() -> Language:
    """The loaded pipeline (loaded on the first call only)."""
    if _PIPELINE:
        return _PIPELINE[0]
    with _LOCK:
        if not _PIPELINE:
            if not (MODEL_DIR / "meta.json").exists():
                raise VerifyError(f"{MODEL_DIR}: the English language model is missing")
            import spacy

            _PIPELINE.append(spacy.load(MODEL_DIR))
    return _PIPELINE[0]


def english(lang: str | None) -> bool:
    return lang is None or lang.split("-")[0].lower() == "en"


# Longer texts are parsed a piece at a time, cut at paragraph breaks, and joined
# into one Doc: parsing a 1 MB article (178,000 tokens) whole peaked at 2.65 GB
# in the models' arrays, in pieces at 428 MB (and 21 s instead of 27-30 s), with
# the same sentences and entities. An article of ordinary length is parsed whole.
CHUNK_CHARS = 50_000


def parse(text: str, lang: str | None,
          progress: Callable[[str], None] | None = None) -> Doc | None:
    """The parsed text when it is English (None for other languages: they keep the patterns).
    `progress` hears how many characters are parsed, after each piece of a long text."""
    if not english(lang) or not text.strip():
        return None
    nlp = pipeline()
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    # the pieces cover the text exactly, so the joined Doc has the same text and offsets;
    # batch_size=1: a batch of pieces would again be one set of arrays (2.65 GB for 1 MB)
    pieces = []
    done = 0
    for piece in nlp.pipe(chunks(text, CHUNK_CHARS), batch_size=1):
        pieces.append(piece)
        done += len(piece.text)
        if progress is not None:
            progress(f"claims: parsed {done:,}/{len(text):,} characters")
    return Doc.from_docs(pieces, ensure_whitespace=False)


def chunks(text: str, size: int) -> list[str]:
    """`text` cut into consecutive pieces of at most about `size` characters, each
    ending after a paragraph break (else a line break, else a space) where there
    is one; joined, they are `text`."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep, size // 2)
            if at >= 0:
                cut = at + len(sep)
                while start + cut < len(text) and text[start + cut] in "\n ":
                    cut += 1  # the whole run of breaks stays with the piece it ends
                break
        if cut <= 0:
            cut = size  # one unbroken run of characters: cut inside it
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return [c for c in out if c]
