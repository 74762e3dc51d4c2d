"""A small reader of the WordNet 3.0 dict files: lemma -> synsets, synset -> words, hypernyms.

The files are read from $VERIFY_WORDNET, else /usr/share/wordnet (Debian's
`wordnet-base`); we read the installed files and ship none. When they are
absent the lexicon is empty and every look-up answers "nothing".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from verify.errors import InputError

DEFAULT_PATH = Path("/usr/share/wordnet")
ENV_VAR = "VERIFY_WORDNET"

# WordNet's file suffixes and the one-letter part-of-speech codes its pointers use.
_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# Pointer symbols: "@" hypernym, "@i" instance hypernym, "~" hyponym, "~i" instance hyponym.
HYPERNYM = frozenset({"@", "@i"})
HYPONYM = frozenset({"~", "~i"})

Synset = tuple[str, int]  # (part of speech, byte offset in data.<pos>)


@dataclass(frozen=True)
class SynsetEntry:
    """One data.<pos> line: its words (lower-case, "_" as space) and pointers."""

    words: tuple[str, ...]
    pointers: tuple[tuple[str, Synset], ...]  # (symbol, target)


class Lexicon:
    """The index and data files of one WordNet dict folder, parsed on first use.

    Each file is read once, as bytes; a lemma's index line is found by
    bisection (the index files are sorted), a synset's data line by its byte
    offset, which is what WordNet's offsets are. Parsed lines are kept.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._available: bool | None = None
        self._files: dict[str, bytes] = {}
        self._synsets: dict[tuple[str, str], tuple[Synset, ...]] = {}
        self._entries: dict[Synset, SynsetEntry] = {}
        self._kin: dict[tuple[str, str, int, int, int], frozenset[str]] = {}

    @property
    def available(self) -> bool:
        """Are all eight index and data files there? Asked once."""
        if self._available is None:
            self._available = all(
                (self.root / f"{k}.{v}").is_file()
                for v in _POS_FILES.values()
                for k in ("index", "data")
            )
        return self._available

    def _index_line(self, pos: str, key: str) -> tuple[str, int] | None:
        """The index line of a lemma, found by bisecting the sorted file's bytes
        (parsing all 150,000 lines would cost a quarter second and 60 MB)."""
        name = f"index.{_POS_FILES[pos]}"
        data = self._load(name)
        target = key.encode("utf-8") + b" "
        lo, hi = 0, len(data)
        while lo < hi:  # the first line start at or after `mid` whose key is >= target
            mid = (lo + hi) // 2
            start = data.rfind(b"\n", 0, mid) + 1
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            line = data[start:end]
            if line.startswith(b" ") or line < target:
                lo = end + 1
            else:
                hi = start
        if lo < len(data) and data.startswith(target, lo):
            end = data.find(b"\n", lo)
            line_no = data.count(b"\n", 0, lo) + 1
            return data[lo : len(data) if end < 0 else end].decode("utf-8", "replace"), line_no
        return None

    def _load(self, name: str) -> bytes:
        got = self._files.get(name)
        if got is None:
            path = self.root / name
            try:
                got = path.read_bytes() if path.is_file() else b""
            except OSError as e:
                raise InputError(f"cannot read WordNet file: {e}", path=path) from e
            self._files[name] = got
        return got

    def synsets(self, lemma: str, pos: str) -> tuple[Synset, ...]:
        """The synsets of a lemma under one part of speech, most frequent sense first."""
        key = lemma.casefold().replace(" ", "_")
        got = self._synsets.get((key, pos))
        if got is not None:
            return got
        found = self._index_line(pos, key) if key and " " not in key else None
        out: tuple[Synset, ...] = ()
        if found is not None:
            line, n = found
            f = line.split()
            try:
                synset_cnt = int(f[2])
                p_cnt = int(f[3])
                out = tuple((pos, int(o)) for o in f[4 + p_cnt + 2 :][:synset_cnt])
            except (IndexError, ValueError) as e:
                path = self.root / f"index.{_POS_FILES[pos]}"
                raise InputError(f"malformed WordNet index line: {e}", path=path, line=n) from e
        self._synsets[(key, pos)] = out
        return out

    def entry(self, synset: Synset) -> SynsetEntry:
        got = self._entries.get(synset)
        if got is not None:
            return got
        pos, offset = synset
        data = self._load(f"data.{_POS_FILES[pos]}")
        end = data.find(b"\n", offset)
        line = data[offset : end if end >= 0 else len(data)].decode("utf-8", errors="replace")
        f = line.split(" | ", 1)[0].split()
        path = self.root / f"data.{_POS_FILES[pos]}"
        try:
            if int(f[0]) != offset:
                raise ValueError(f"offset {offset} points inside a line")
            w_cnt = int(f[3], 16)
            ws = tuple(_clean(f[4 + 2 * i]) for i in range(w_cnt))
            at = 4 + 2 * w_cnt
            p_cnt = int(f[at])
            ptrs = []
            for i in range(p_cnt):
                sym, off, tpos = f[at + 1 + 4 * i : at + 4 + 4 * i]
                ptrs.append((sym, (_norm_pos(tpos), int(off))))
        except (IndexError, ValueError) as e:
            raise InputError(
                f"malformed WordNet data line at offset {offset}: {e}", path=path
            ) from e
        got = SynsetEntry(ws, tuple(ptrs))
        self._entries[synset] = got
        return got

    def words(self, synset: Synset) -> tuple[str, ...]:
        return self.entry(synset).words

    def related(self, synset: Synset, symbols: frozenset[str]) -> tuple[Synset, ...]:
        """Synsets this one points to with any of the given pointer symbols."""
        return tuple(t for s, t in self.entry(synset).pointers if s in symbols)

    def hypernyms(self, synset: Synset) -> tuple[Synset, ...]:
        return self.related(synset, HYPERNYM)

    def kin(self, lemma: str, pos: str, *, senses: int, up: int, down: int) -> frozenset[str]:
        """Words sharing a synset with the lemma in its first `senses` senses,
        with those of its hypernyms `up` levels up and hyponyms `down` levels down."""
        key = (lemma, pos, senses, up, down)
        got = self._kin.get(key)
        if got is not None:
            return got
        out: set[str] = set()
        for s in self.synsets(lemma, pos)[:senses]:
            out.update(self.words(s))
            for symbols, levels in ((HYPERNYM, up), (HYPONYM, down)):
                level = [s]
                for _ in range(levels):
                    level = [t for x in level for t in self.related(x, symbols)]
                    for t in level:
                        out.update(self.words(t))
        out.discard(lemma)
        got = frozenset(out)
        self._kin[key] = got
        return got


def _clean(word: str) -> str:
    """A data-file word as text: underscores to spaces, adjective markers ("(a)", "(p)") dropped."""
    if word.endswith(")") and "(" in word:
        word = word[: word.index("(")]
    return word.replace("_", " ").casefold()


def _norm_pos(p: str) -> str:
    return "a" if p == "s" else p  # satellite adjectives live in data.adj


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The process's one lexicon, from $VERIFY_WORDNET or /usr/share/wordnet."""
    return Lexicon(Path(os.environ.get(ENV_VAR) or DEFAULT_PATH))
