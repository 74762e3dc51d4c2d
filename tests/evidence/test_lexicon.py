"""The WordNet reader: a small dict folder written here, the installed one when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.errors import InputError
from verify.evidence.lexicon import DEFAULT_PATH, HYPERNYM, Lexicon, lexicon

HEADER = "  1 This software and database is being provided to you, the LICENSEE\n"


def write_dict(root: Path, synsets: dict[str, list[tuple[str, list[str], list[tuple[str, str]]]]]):
    """Write index.* and data.* files in WordNet's format.

    synsets: pos -> [(key, words, [(pointer symbol, target key)])]; offsets are
    the byte positions of the lines, as in WordNet.
    """
    root.mkdir(parents=True, exist_ok=True)
    names = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
    offsets: dict[str, tuple[str, int]] = {}
    # Offsets depend on line lengths, which depend on offsets: fixed 8-digit fields.
    for pos in names:
        at = len(HEADER.encode())
        for key, ws, ptrs in synsets.get(pos, []):
            offsets[key] = (pos, at)
            at += len(_line(0, ws, [(s, (pos, 0)) for s, _ in ptrs]).encode())
    lemma_senses: dict[tuple[str, str], list[int]] = {}
    for pos, name in names.items():
        body = HEADER
        for key, ws, ptrs in synsets.get(pos, []):
            off = offsets[key][1]
            assert len(body.encode()) == off
            body += _line(off, ws, [(s, offsets[t]) for s, t in ptrs])
            for w in ws:
                lemma_senses.setdefault((pos, w.split("(")[0].lower()), []).append(off)
        (root / f"data.{name}").write_text(body, encoding="utf-8")
        index = HEADER
        for (p, lemma), offs in sorted(lemma_senses.items()):
            if p == pos:
                index += (
                    f"{lemma} {pos} {len(offs)} 0 {len(offs)} 0 "
                    + " ".join(f"{o:08d}" for o in offs)
                    + " \n"
                )
        (root / f"index.{name}").write_text(index, encoding="utf-8")


def _line(off: int, ws: list[str], ptrs: list[tuple[str, tuple[str, int]]]) -> str:
    words = " ".join(f"{w} 0" for w in ws)
    pointers = " ".join(f"{s} {o:08d} {p} 0000" for s, (p, o) in ptrs)
    return f"{off:08d} 05 n {len(ws):02x} {words} {len(ptrs):03d} {pointers} | a gloss\n"


@pytest.fixture
def small(tmp_path):
    root = tmp_path / "dict"
    write_dict(
        root,
        {
            "n": [
                ("art", ["creation"], []),
                ("movie", ["movie", "film", "motion_picture"], [("@", "show")]),
                ("show", ["show"], [("@", "art"), ("~", "movie")]),
                ("layer", ["film", "layer"], []),
            ],
            "v": [("die", ["die", "lose_one's_life", "perish"], [])],
            "a": [("big", ["big", "large(a)"], [])],
        },
    )
    return Lexicon(root)


def test_lemmas_synsets_words_and_hypernyms(small):
    assert small.available
    movie = small.synsets("movie", "n")
    assert len(movie) == 1
    assert small.words(movie[0]) == ("movie", "film", "motion picture")
    # A lemma in two synsets lists both, in the index's order.
    assert [small.words(s)[0] for s in small.synsets("Film", "n")] == ["movie", "film"]
    (show,) = small.hypernyms(movie[0])
    assert small.words(show) == ("show",)
    assert small.words(small.hypernyms(show)[0]) == ("creation",)
    assert small.related(show, HYPERNYM) == small.hypernyms(show)
    assert small.synsets("absent", "n") == ()
    assert small.words(small.synsets("large", "a")[0]) == ("big", "large")


def test_kin_levels_and_senses(small):
    assert small.kin("movie", "n", senses=3, up=0, down=0) == {"film", "motion picture"}
    assert small.kin("movie", "n", senses=3, up=1, down=0) == {"film", "motion picture", "show"}
    assert "creation" in small.kin("movie", "n", senses=3, up=2, down=0)
    assert small.kin("show", "n", senses=3, up=0, down=1) == {"movie", "film", "motion picture"}
    # Only the first sense: "film" as a layer is left out.
    assert "layer" not in small.kin("film", "n", senses=1, up=0, down=0)
    assert "layer" in small.kin("film", "n", senses=2, up=0, down=0)
    assert "lose one's life" in small.kin("die", "v", senses=1, up=0, down=0)


def test_absent_folder_is_an_empty_lexicon(tmp_path):
    lex = Lexicon(tmp_path / "nowhere")
    assert not lex.available
    assert lex.synsets("movie", "n") == ()
    assert lex.kin("movie", "n", senses=3, up=2, down=1) == frozenset()


def test_malformed_files_are_input_errors(tmp_path, small):
    root = tmp_path / "bad"
    write_dict(root, {"n": [("movie", ["movie"], [])]})
    (root / "index.noun").write_text(HEADER + "movie n x\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        Lexicon(root).synsets("movie", "n")
    assert e.value.line == 2 and "index.noun" in str(e.value)
    root2 = tmp_path / "bad2"
    write_dict(root2, {"n": [("movie", ["movie"], [])]})
    # An offset that points inside a line names the data file.
    with pytest.raises(InputError) as e2:
        Lexicon(root2).entry(("n", 3))
    assert "data.noun" in str(e2.value)


@pytest.mark.skipif(not lexicon().available, reason="WordNet (Debian's wordnet-base) not installed")
def test_installed_wordnet_knows_common_synonyms():
    lex = lexicon()
    assert lex.root == DEFAULT_PATH or lex.root.is_dir()
    assert "film" in lex.kin("movie", "n", senses=3, up=0, down=0)
    assert "author" in lex.kin("writer", "n", senses=3, up=0, down=0)
    assert "make" in lex.kin("build", "v", senses=3, up=0, down=0)
