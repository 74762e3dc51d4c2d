"""The English language pipeline shipped in verify/models/en_news, loaded lazily and once.

Nothing imports spaCy until a claim is extracted from an English text: `import verify`,
`verify --help` and every other stage stay free of it. The model was trained here
(training/spacy/); its files are CC BY-SA 4.0 (the treebanks' licence), see its MODEL_CARD.md.
"""

from __future__ import annotations

import threading
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


def parse(text: str, lang: str | None) -> Doc | None:
    """The parsed text when it is English (None for other languages: they keep the patterns)."""
    if not english(lang) or not text.strip():
        return None
    return pipeline()(text)
