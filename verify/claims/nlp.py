"""The English language pipeline shipped in verify/models/en_news, loaded lazily and once.

Nothing imports spaCy until a claim is extracted from an English text: `import verify`,
`verify --help` and every other stage stay free of it. The model was trained here
(training/spacy/); its files are CC BY-SA 4.0 (the treebanks' licence), see its MODEL_CARD.md.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from itertools import pairwise
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
            _without_spacy_cli()
            import spacy

            if not hasattr(spacy, "cli") and "spacy.cli" in sys.modules:
                spacy.cli = sys.modules["spacy.cli"]  # type: ignore[attr-defined]  # as import does
            _PIPELINE.append(spacy.load(MODEL_DIR))
    return _PIPELINE[0]


def _without_spacy_cli() -> None:
    """spaCy 3.8's `__init__` imports its whole command-line package (typer, weasel,
    jinja2, httpx with them) for one name, `spacy.info`. Before spaCy is first imported,
    `spacy.cli` is put in place as an empty package over the real folder (each of its
    modules still imports on demand) and `spacy.cli.info` as a module whose `info`
    says it is not loaded here: 0.12 s of every extracting process, and an offline
    check opens no HTTP library. Nothing is done if spaCy is already imported (a
    library caller's own spaCy is left as it is)."""
    import types
    from importlib.util import find_spec

    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    spec = find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(next(iter(spec.submodule_search_locations))) / "cli"
    if not (folder / "info.py").is_file():
        return  # another layout than the pinned 3.8: import spaCy as it is
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [str(folder)]
    cli.__package__ = "spacy.cli"
    info = types.ModuleType("spacy.cli.info")

    def _info(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("spacy.info: spaCy's command line is not loaded inside verify")

    info.info = _info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info


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
    `progress` hears how many characters are parsed, after each piece of a long text.

    Each paragraph (verify.claims.segment.paragraphs) is parsed on its own and the pieces
    joined into one Doc with the text's offsets: a headline, a dateline line or a caption
    is never read as one tree with the paragraph after it (marking the paragraphs'
    first tokens as sentence starts instead made this parser cut names into one-word
    sentences). A long text goes through in batches of at most about `CHUNK_CHARS`."""
    if not english(lang) or not text.strip():
        return None
    nlp = pipeline()
    from spacy.tokens import Doc

    pieces = []
    done = 0
    for batch in chunks(text, CHUNK_CHARS):
        # a chunk's paragraphs go through together, a chunk at a time: the models'
        # arrays stay the size of one chunk (a 1 MB article parsed whole peaked at 2.65 GB)
        for piece in nlp.pipe(_paragraph_pieces(batch)):
            pieces.append(piece)
        done += len(batch)
        if progress is not None and len(text) > CHUNK_CHARS:
            progress(f"claims: parsed {done:,}/{len(text):,} characters")
    doc = pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)
    _referential_it(doc)
    return doc


# Predicates an expletive "it" goes with ("it is clear that …", "it seems …", "it
# took years to …"); before any other verb, "it" is the verb's subject.
_EXPLETIVE_HEADS = frozenset(("be", "seem", "appear", "happen", "remain", "take", "cost",
                              "matter", "turn", "occur", "follow", "look", "feel", "sound",
                              "emerge", "become", "rain", "snow", "get"))


def _referential_it(doc: Doc) -> None:
    """The parser labels some subjects "it" expletive ("It did not reveal the crash
    site" with `expl`); an "it" before its verb is expletive only with the predicates
    that take one, and is relabelled the subject otherwise."""
    for tok in doc:
        if tok.dep_ == "expl" and tok.lower_ == "it" and tok.i < tok.head.i and \
                tok.head.lemma_.lower() not in _EXPLETIVE_HEADS and \
                not any(c.dep_ in ("nsubj", "nsubj:pass", "csubj") for c in tok.head.children):
            tok.dep_ = "nsubj"


def _paragraph_pieces(text: str) -> list[str]:
    """`text` cut at its paragraphs' starts; joined, the pieces are `text`."""
    from verify.claims.segment import paragraphs

    cuts = [s for s, _ in paragraphs(text) if s > 0]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in pairwise(bounds) if b > a]


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
