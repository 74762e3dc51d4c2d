"""The languages the tool reads: detection, sentence rules, lemmas, negation.

The languages in use are English, Polish, Russian, Ukrainian and Finnish (the
article and its primary sources). Detection is lingua's, restricted to those
five (measured against simplemma's detector in `bench/xling/lang_detect.py`:
both are right on every PUD sentence, lingua is right more often on three-word
texts such as titles and cells, 0.982 against 0.968). Lemmas are simplemma's
for Ukrainian and Finnish, Morfeusz 2's readings for Polish and pymorphy3's
for Russian (`bench/xling/lemmas.py`: the gold lemma is among the readings for
0.969 of Polish and 0.974 of Russian content words, against 0.918 and 0.919
for simplemma alone). Ukrainian's pymorphy3 dictionary is GPL-3.0, so
Ukrainian uses simplemma only.

Polish and Russian use Morfeusz 2 and pymorphy3 alone: simplemma's Polish
table alone costs about 400 MB and tens of seconds to load, for lemmas the
other two already give more often. Every library here is imported on first
use: `verify --help`, and runs whose sources are all English, never load them.
Every answer is a pure function of its input (the detectors and tables are
deterministic).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "pl", "ru", "uk", "fi")
# pysbd's sentence rules for each language; Ukrainian shares Russian's
# abbreviations and initials ("р.", "В. Зеленський"), Finnish has none in
# pysbd and takes English's, with ordinals ("5. kesäkuuta") mended after.
SENTENCE_RULES: dict[str, str] = {"en": "en", "pl": "pl", "ru": "ru", "uk": "ru", "fi": "en"}

# Fewer letters than this and detection is a guess: the snapshot's language stands.
_MIN_LETTERS = 12
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def base(language: str | None) -> str | None:
    """"pl-PL" -> "pl"; None or "" -> None."""
    if not language:
        return None
    return language.split("-")[0].split("_")[0].strip().lower() or None


@cache
def _detector(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_iso_codes_639_1(
        *[getattr(IsoCode639_1, x.upper()) for x in codes]).build()


@lru_cache(maxsize=4096)
def detect(text: str, among: tuple[str | None, ...] | None = None) -> str | None:
    """The language of `text` among LANGUAGES (or among those of `among` that are
    in use), or None when it is too short to tell.

    lingua loads its models for a language the first time it weighs it (about
    0.25 s each), so a caller that knows the text is one of two languages says
    so: it is cheaper, and the answer can be no third language. With one
    candidate the answer is that one, and nothing is loaded."""
    sample = text[:2000]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return None
    codes = LANGUAGES if among is None else \
        tuple(x for x in LANGUAGES if x in {base(a) for a in among})
    if len(codes) <= 1:
        return codes[0] if codes else None
    got = _detector(codes).detect_language_of(sample)
    return str(got.iso_code_639_1.name).lower() if got is not None else None


def language_of(text: str, declared: str | None = None) -> str | None:
    """A document's language: the one it declares (in LANGUAGES or not), else detected."""
    return base(declared) or detect(text)


# ---------------------------------------------------------------- lemmas


@cache
def _morfeusz() -> Any:
    import morfeusz2

    return morfeusz2.Morfeusz()


@cache
def _pymorphy(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=262144)
def lemmas(word: str, lang: str) -> frozenset[str]:
    """Dictionary forms of a (lower-cased) word in its language, the word itself included.
    English words go through `verify.evidence.text.lemmas` instead."""
    w = word.casefold()
    out = {w}
    if lang not in LANGUAGES or lang == "en" or not _LETTER.search(w):
        return frozenset(out)
    if lang == "pl":
        for _, _, (_, lemma, *_rest) in _morfeusz().analyse(w):
            out.add(str(lemma).split(":")[0].casefold())
    elif lang == "ru":
        out.update(str(p.normal_form) for p in _pymorphy("ru").parse(w))
    else:
        out.add(_simplemma().lemmatize(w, lang=lang).casefold())
    return frozenset(x.replace("ё", "е") for x in out)


@cache
def _simplemma() -> Any:
    """simplemma's lemmatizer, its default strategy over MARISA tries kept in the
    cache folder (verify/cache.py) instead of the dicts it decodes from its
    compressed tables in every process: the same lemmas, the Ukrainian table
    ready in milliseconds instead of 0.6 s (Finnish: 2.8 s). The first process
    builds a language's trie (uk 1.3 s, fi 6.3 s) and writes it; a folder that
    cannot be written costs that build every time, nothing else."""
    from simplemma import Lemmatizer
    from simplemma.__metadata__ import __version__
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries import TrieDictionaryFactory

    from verify.cache import cache_dir

    class _Tries(TrieDictionaryFactory):
        """Tries written to a temporary file and renamed into place, so a second
        process never reads half a trie (simplemma writes the final path)."""

        __slots__ = ()

        def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
            import os
            import tempfile
            from pathlib import Path

            folder = self._cache_dir
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"{lang}.", suffix=".tmp", dir=folder)
            os.close(fd)
            tmp = Path(name)
            try:
                trie.save(str(tmp))
                tmp.replace(folder / f"{lang}.dic")
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise

    tries = _Tries(disk_cache_dir=str(cache_dir() / "simplemma" / __version__))
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=tries))


# ---------------------------------------------------------------- negation

# Words that deny the clause they sit in, per language. Finnish negates with a
# verb ("ei", "eivät", ...); Polish with the particle "nie" (also prefixed to
# participles, "niepodpisany", which a word list cannot see: that reads as
# unnegated and leaves the verdict to the other checks).
NEGATION: dict[str, frozenset[str]] = {
    "pl": frozenset({"nie", "nigdy", "żaden", "żadna", "żadne", "żadnego", "żadnej", "żadnych",
                     "nikt", "nic", "bez", "ani"}),
    "ru": frozenset({"не", "нет", "ни", "никогда", "никто", "ничего", "ничто", "без",
                     "нельзя"}),
    "uk": frozenset({"не", "ні", "немає", "нема", "ніколи", "ніхто", "нічого", "без",
                     "жодного", "жодної", "жодних", "жоден", "жодна"}),
    "fi": frozenset({"ei", "en", "et", "emme", "ette", "eivät", "älä", "älkää", "ilman",
                     "koskaan", "eikä"}),
}

def _split(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words of each language: they carry no checkable content. Short,
# general lists (prepositions, conjunctions, pronouns, auxiliaries).
STOPWORDS: dict[str, frozenset[str]] = {
    "pl": _split("""a i w we z ze na do od o u za przez przy po pod nad przed dla że się jest
        są był była było były to ten ta te tego tej tym tych jak jako także też oraz lub albo czy
        który która które którego której których co który by być będzie mu mi go jej ich jego
        ale lecz tak już jeszcze tylko może można"""),
    "ru": _split("""и в во на с со к ко по о об от до из за для при под над у а но или что
        это этот эта эти того тот та как так же ли бы был была было были быть есть будет его
        ее её их он она они мы вы я который которая которые которого также тоже уже ещё еще"""),
    "uk": _split("""і й та в у на з із зі до від по про за для при під над а але або чи що
        це цей ця ці того той як так же би був була було були бути є буде його її їх він вона
        вони ми ви я який яка які якого також теж вже ще"""),
    "fi": _split("""ja tai mutta että kun jos on ovat oli olivat ole olla se ne hän he me te
        minä sinä tämä nämä tuo joka jotka mikä myös vain jo vielä kuin niin sekä"""),
}


def negation_words(lang: str) -> frozenset[str]:
    if lang == "en":
        from verify.evidence.text import NEGATION_WORDS

        return NEGATION_WORDS
    return NEGATION.get(lang, frozenset())


def stopwords(lang: str) -> frozenset[str]:
    if lang == "en":
        from verify.evidence.text import STOPWORDS as EN

        return EN
    return STOPWORDS.get(lang, frozenset())
