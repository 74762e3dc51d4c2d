"""Word forms for matching: lemmas, derivational roots, phrases."""

from __future__ import annotations

import pytest

from verify.evidence.text import (
    derivational_root,
    lemmas,
    parts_of_speech,
    phrase_numbers,
    word_forms,
    words,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("taught", "teaching"),
        ("wrote", "writes"),
        ("politician", "politics"),
        ("professionally", "profession"),
        ("began", "beginning"),
    ],
)
def test_related_words_share_a_form(a, b):
    assert word_forms(a) & word_forms(b)


@pytest.mark.parametrize(("a", "b"), [("city", "county"), ("actor", "action"), ("film", "book")])
def test_different_words_share_none(a, b):
    assert not word_forms(a) & word_forms(b)


def test_lemmas_and_roots():
    assert "teach" in lemmas("taught")
    assert lemmas("Trieste".casefold()) == frozenset({"trieste"})
    assert derivational_root("political") == derivational_root("politics") == "polit"
    assert derivational_root("city") == "city"  # too little would be left


def test_parts_of_speech_take_unknown_words_for_names():
    assert parts_of_speech("died") == frozenset({"VERB"})
    assert parts_of_speech("zdzisławów") == frozenset({"NOUN"})


def test_phrase_numbers_follow_punctuation():
    text = "Kyle (April 8, 1974) was a sniper – and a writer."
    ws = words(text)
    ph = phrase_numbers(text)
    assert len(ph) == len(ws)
    by_word = dict(zip(ws, ph, strict=True))
    assert by_word["kyle"] != by_word["april"] != by_word["sniper"]
    assert by_word["was"] == by_word["sniper"] != by_word["writer"]
