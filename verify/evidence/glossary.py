"""Bilingual glosses: the English words a Polish, Russian or Finnish word translates to.

Read from the FreeDict dictionaries Debian packages for the dict server
(`apt-get install dict-freedict-pol-eng dict-freedict-fin-eng
dict-freedict-eng-pol dict-freedict-eng-fin dict-freedict-eng-rus`): each is an
index (headword, offset and length in base64) and a dictzip file (a gzip
stream) whose entries begin with the headword line and then the translations.
The X-English dictionaries are read forwards, the English-X ones backwards
(each translation gives its English headword). A language whose own English
dictionaries are thin (FreeDict's English-Russian has 1,699 headwords) is also
glossed through a pivot: Russian words through their Polish translations
(`dict-freedict-pol-rus`, WikDict, 26,517 headwords) and those words' English
glosses. A pivot gloss is a translation of a translation, so it only widens
which content words can be met; numbers, dates, names and negation are still
checked on the passage itself. Like WordNet, the dictionaries are
optional: where none is installed for a language, `available(lang)` is False
and a cross-language verdict says its words could not be checked. The folder is
`/usr/share/dictd`, or `$VERIFY_FREEDICT`.

Nothing is downloaded; a dictionary is read on first use and its table kept in the
cache folder.
"""

from __future__ import annotations

import gzip
import os
import re
from functools import cache
from pathlib import Path

_ISO3 = {"pl": "pol", "ru": "rus", "uk": "ukr", "fi": "fin"}
# Languages glossed through another one's English glosses as well as their own.
_PIVOTS = {"rus": ("pol",)}
_ISO1 = {v: k for k, v in _ISO3.items()}
_B64 = {c: i for i, c in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_PRON = re.compile(r"\s*/[^/]*/\s*|\s*<[^>]*>\s*")
_SPLIT = re.compile(r"[,;]|\d+\.\s")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)


def folder() -> Path:
    return Path(os.environ.get("VERIFY_FREEDICT", "/usr/share/dictd"))


def _b64(s: str) -> int:
    n = 0
    for c in s:
        n = n * 64 + _B64[c]
    return n


def _entries(name: str) -> list[tuple[str, list[str]]]:
    """(headword, translations) of one dictionary; [] when it is not installed."""
    idx = folder() / f"freedict-{name}.index"
    data = folder() / f"freedict-{name}.dict.dz"
    if not (idx.is_file() and data.is_file()):
        return []
    body = gzip.decompress(data.read_bytes())
    out: list[tuple[str, list[str]]] = []
    for line in idx.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"):
            continue
        try:
            start, length = _b64(parts[1]), _b64(parts[2])
        except KeyError:
            continue
        entry = body[start:start + length].decode("utf-8", errors="replace").split("\n")
        if len(entry) < 2:
            continue
        translations = [t.strip() for t in _SPLIT.split(_PRON.sub(" ", entry[1])) if t.strip()]
        out.append((parts[0].casefold(), translations))
    return out


@cache
def _table(lang: str) -> dict[str, list[str]]:
    """foreign word (lower-cased) -> English words it glosses as, read from the
    dictionaries once and kept in the cache folder (verify/cache.py), keyed by
    their files: decompressing and splitting them took 0.3-0.5 s a process."""
    from verify.cache import cached_rows, code_key, files_key

    iso = _ISO3.get(lang)
    if iso is None:
        return {}
    names = [f"{iso}-eng", f"eng-{iso}"]
    for pivot in _PIVOTS.get(iso, ()):
        names += [f"{pivot}-eng", f"eng-{pivot}", f"{iso}-{pivot}", f"{pivot}-{iso}"]
    files = [folder() / f"freedict-{name}.{ext}" for name in names for ext in ("index", "dict.dz")]
    key = (lang, files_key(files), code_key(_build_table), code_key(_translations),
           code_key(_entries))
    rows = cached_rows(f"glosses-{lang}", key, lambda: (
        (k, " ".join(v)) for k, v in _build_table(iso).items()))
    return {k: v.split() for k, v in rows}


def _translations(source: str, target: str) -> dict[str, set[str]]:
    """source-language word -> the target-language words it translates to, from
    the source-target dictionary read forwards and the target-source one read
    backwards (only its one-word translations: a word translated by a phrase
    does not gloss as the phrase's head)."""
    table: dict[str, set[str]] = {}
    for head, translations in _entries(f"{source}-{target}"):
        for t in translations:
            table.setdefault(head, set()).update(w.casefold() for w in _WORD.findall(t))
    for head, translations in _entries(f"{target}-{source}"):
        theirs = {w.casefold() for w in _WORD.findall(head)}
        for t in translations:
            words = _WORD.findall(t)
            if len(words) == 1:  # a one-word translation: that word glosses as the headword
                table.setdefault(words[0].casefold(), set()).update(theirs)
    return table


def _build_table(iso: str) -> dict[str, list[str]]:
    from verify.evidence.language import stopwords

    table = _translations(iso, "eng")
    for pivot in _PIVOTS.get(iso, ()):
        via = _translations(pivot, "eng")
        # A function word of the pivot ("i", 'and', whose entry lists the letter's
        # senses too) is no translation to go through.
        skip = stopwords(_ISO1[pivot])
        for word, middle in _translations(iso, pivot).items():
            english = set().union(*(via.get(m, ()) for m in middle - skip))
            if english:
                table.setdefault(word, set()).update(english)
    return {k: sorted(v) for k, v in table.items()}


def available(lang: str) -> bool:
    """Whether any bilingual dictionary is installed for `lang`."""
    return bool(_table(lang))


def glosses(lemma: str, lang: str) -> frozenset[str]:
    """English words a foreign lemma translates to (empty when unknown)."""
    return frozenset(_table(lang).get(lemma.casefold(), ()))
