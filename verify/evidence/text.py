"""Text normalisation for matching: detokenising, word tokens, content words, stems.

Shared by the scorer, the index and the judge so that all three see the same
words (the index can only find what the scorer would score above zero).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

# Penn-Treebank / FEVER escapes for brackets, and its spaced punctuation.
_PTB_ESCAPES = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
_PTB_RE = re.compile("|".join(re.escape(k) for k in _PTB_ESCAPES))
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)\]}])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_SPACED_CLITIC = re.compile(r"\s+('s|'re|'ve|'ll|'d|'m|n't)\b", re.IGNORECASE)
_SPACED_DASH = re.compile(r"\s+--\s+")
_WS = re.compile(r"\s+")

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Function words: they carry no checkable content, so they neither count
# towards coverage nor towards retrieval. A general English list, not one
# derived from any evaluation file.
STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "if",
        "then",
        "than",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "to",
        "into",
        "onto",
        "upon",
        "over",
        "under",
        "about",
        "above",
        "below",
        "between",
        "among",
        "through",
        "during",
        "before",
        "after",
        "since",
        "until",
        "while",
        "as",
        "per",
        "via",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "ought",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "either",
        "neither",
        "every",
        "some",
        "such",
        "same",
        "other",
        "another",
        "own",
        "also",
        "just",
        "only",
        "very",
        "too",
        "quite",
        "rather",
        "more",
        "most",
        "less",
        "least",
        "much",
        "many",
        "few",
        "s",
        "t",
        "d",
        "ll",
        "m",
        "re",
        "ve",
        "o",
        "one",
        "ones",
        "thing",
        "things",
    ]
)

# Words that deny the clause they sit in. "only", "refused" etc. are handled
# by the judge as exclusive or refusing predicates, not here.
NEGATION_WORDS: frozenset[str] = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "can't",
        "won't",
        "n't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "doesn't",
        "don't",
        "didn't",
        "hasn't",
        "haven't",
        "hadn't",
        "couldn't",
        "shouldn't",
        "wouldn't",
    ]
)


def detokenise(text: str) -> str:
    """Undo PTB/FEVER tokenisation ("-LRB- ABC -RRB-", "word ,") and normalise spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _PTB_RE.sub(lambda m: _PTB_ESCAPES[m.group(0)], text)
    text = _SPACED_DASH.sub(" – ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _SPACED_CLITIC.sub(r"\1", text)
    return _WS.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens; "Katy Perry's" -> ["katy", "perry's"]."""
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


# Punctuation that closes a phrase: words on either side are not neighbours.
_PHRASE_BREAK = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[,;:.!?()\[\]{}\"“”–—]|\s-+\s")


def phrase_numbers(text: str) -> list[int]:
    """For each word of `words(text)`, the number of the phrase it sits in;
    commas, brackets, dashes and the like start a new phrase."""
    out: list[int] = []
    phrase = 0
    for m in _PHRASE_BREAK.finditer(text.casefold()):
        if _WORD.fullmatch(m.group(0)):
            out.append(phrase)
        else:
            phrase += 1
    return out


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """A light, deterministic suffix stripper: enough to meet "modelled"/"model".

    Not Porter: it only removes inflections (plural, past, -ing, possessive,
    adverbial -ly), which is what matching a claim against a passage needs.
    """
    w = word
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if len(w) <= 3 or w.isdigit():
        return w
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 6),
        ("ness", "", 7),
        ("ments", "ment", 7),
        ("ing", "", 6),
        ("edly", "", 7),
        ("ied", "y", 5),
        ("ed", "", 5),
        ("ly", "", 6),
        ("es", "", 6),
        ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            base = w[: len(w) - len(suffix)] + repl
            # "modelled" -> "modell" -> "model"; "stopped" -> "stop"
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]
            # "produced" -> "produc", "produces" -> "produc": both meet at one stem
            if base.endswith("e") and len(base) > 4:
                base = base[:-1]
            return base
    if w.endswith("e") and len(w) > 4:
        return w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """Words that carry content (not function words), in text order, lower-cased."""
    return [w for w in words(text) if w not in STOPWORDS and w not in NEGATION_WORDS]


def content_stems(text: str) -> list[str]:
    """Stems of the content words, in order, without repeats."""
    seen: dict[str, None] = {}
    for w in content_words(text):
        seen.setdefault(stem(w), None)
    return list(seen)


# --- word forms: inflection and derivation ----------------------------------
#
# lemminflect ships its lemma tables in the wheel: nothing is fetched at run
# time, and a look-up is pure, so the judge stays deterministic.

# Derivational endings, longest first: "politician"/"politics"/"political"
# meet at "polit", "professionally"/"profession" at "profession". The root must
# keep at least _ROOT_MIN letters, so "city" or "actor" stay whole.
_DERIVATIONAL = (
    "ically",
    "ations",
    "ation",
    "ators",
    "ally",
    "ator",
    "ians",
    "ical",
    "ists",
    "ings",
    "ions",
    "ment",
    "ness",
    "ship",
    "hood",
    "ian",
    "ics",
    "ist",
    "ism",
    "ity",
    "ive",
    "ous",
    "ers",
    "ing",
    "ion",
    "ic",
    "al",
    "er",
    "or",
    "ly",
    "y",
    "e",
)
_ROOT_MIN = 4


def _read_lemma_table() -> tuple[str, str]:
    """lemminflect's lemma look-up with its overrides applied, as getAllLemmas reads
    them: the words, one a line, and on the same lines their forms as
    "POS\x1fform\x1fform\x1ePOS…". Two strings, not 70,000 nested dicts: they load
    from the cache in a millisecond and split into a dict in a few more."""
    from lemminflect import Lemmatizer

    lem = Lemmatizer()
    table = {w: dict(forms) for w, forms in lem._getLemmaDict().items()}
    for w, forms in lem._getOverridesDict().items():
        table.setdefault(w, {}).update(forms)
    words = sorted(table)
    return "\n".join(words), "\n".join(
        "\x1e".join("\x1f".join((pos, *forms)) for pos, forms in table[w].items())
        for w in words)


@cache
def _lemma_table() -> dict[str, str]:
    """The lemma table, read from lemminflect's files once and then from the user's
    cache folder (verify.cache): a few ms instead of importing and unzipping."""
    from verify.cache import cached_table, code_key, files_key, package_dir

    root = package_dir("lemminflect")
    data = [root / "resources" / n for n in ("lemma_lu.csv.gz", "lemma_overrides.csv")] \
        if root else []
    key: Any = (code_key(_read_lemma_table), files_key(data))
    words, entries = cached_table("lemmas", key, _read_lemma_table)
    return dict(zip(words.split("\n"), entries.split("\n"), strict=True))


def all_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """Dictionary forms by part of speech, as lemminflect's getAllLemmas(word) gives
    them (but in lower case: callers fold them)."""
    entry = _lemma_table().get(word.lower())
    if not entry:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for part in entry.split("\x1e"):
        pos, *forms = part.split("\x1f")
        out[pos] = tuple(forms)
    return out


@lru_cache(maxsize=262144)
def lemmas(word: str) -> frozenset[str]:
    """Dictionary forms of a word under any part of speech ("taught" -> teach)."""
    w = word.replace("'", "")
    out = {w}
    for forms in all_lemmas(w).values():
        out.update(f.casefold() for f in forms)
    return frozenset(out)


@lru_cache(maxsize=262144)
def derivational_root(word: str) -> str:
    """The word with one derivational ending removed, when enough of it is left."""
    for suffix in _DERIVATIONAL:
        if word.endswith(suffix) and len(word) - len(suffix) >= _ROOT_MIN:
            return word[: len(word) - len(suffix)]
    return word


@lru_cache(maxsize=262144)
def word_forms(word: str) -> frozenset[str]:
    """Keys under which two words count as the same: stem, lemmas, and their roots."""
    out = {stem(word)}
    for lemma in lemmas(word):
        out.add(lemma)
        out.add(derivational_root(lemma))
    return frozenset(out)


@lru_cache(maxsize=262144)
def parts_of_speech(word: str) -> frozenset[str]:
    """The open word classes a word can belong to (NOUN, VERB, ADJ, ADV);
    a word the lemma tables do not know is taken for a name, a NOUN."""
    found = {"NOUN" if pos == "PROPN" else pos for pos in all_lemmas(word.replace("'", ""))}
    return frozenset(found or {"NOUN"})
