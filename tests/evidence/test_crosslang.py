"""Deciding on foreign-language evidence with the checks that work across
languages: numbers, dates, names, glossed words, negation. The pairs are the
project's own (tests/data/xling/); the glossaries are Debian's FreeDict
dictionaries (CI installs them; the tests that need one say so when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verify.evidence import glossary
from verify.evidence.crosslang import (
    judge_foreign,
    negated,
    number_keys,
    rank_candidates,
    translit,
)
from verify.verdicts.crosslang import reported_content, translated_quote
from verify.verdicts.quotes import SpeakerText

DATA = Path(__file__).resolve().parents[1] / "data" / "xling"


def _rows(lang: str) -> list[dict[str, str]]:
    return [json.loads(x) for x in (DATA / f"en-{lang}.jsonl").read_text("utf-8").splitlines()]


needs_fi = pytest.mark.skipif(not glossary.available("fi"),
                              reason="no Finnish glossary: apt-get install dict-freedict-fin-eng")
needs_pl = pytest.mark.skipif(not glossary.available("pl"),
                              reason="no Polish glossary: apt-get install dict-freedict-pol-eng")


def test_numerals_read_the_same_across_languages():
    assert number_keys("3,500 people") == number_keys("3 500 людей") == {"3500"}
    assert number_keys("3,5 mln zł") == {"3.5"}
    assert translit("Обамы")[:4] == "obam" and translit("Łódź") == "lodz"


def test_negation_is_read_in_each_language():
    assert negated("Yritys ei allekirjoittanut sopimusta.", "fi")
    assert negated("Компанія не підписала договір.", "uk")
    # "bez" denies a noun, not the clause
    assert not negated("Sejm wyraził zgodę bez sprzeciwu.", "pl")
    assert negated("The company did not sign.", "en")


@pytest.mark.parametrize("lang", ["uk", "fi"])
def test_a_copy_with_one_number_date_or_negation_changed_is_never_corroborated(lang):
    for r in _rows(lang):
        f = judge_foreign(r["en"], r["perturbed"], lang)
        assert f.label != "corroborated", (r["id"], f)


@needs_fi
def test_finnish_translations_whose_numbers_carry_over_are_mostly_corroborated():
    rows = [r for r in _rows("fi") if number_keys(r["en"])]
    labels = [judge_foreign(r["en"], r["fi"], "fi").label for r in rows]
    assert labels.count("corroborated") / len(rows) >= 0.75, labels
    assert "contradicted" not in labels


@needs_fi
def test_a_changed_number_beside_agreeing_words_contradicts():
    f = judge_foreign("The hospital in Oulu has 300 beds.", "Oulun sairaalassa on 330 sänkyä.",
                      "fi")
    assert (f.label, f.reason) == ("contradicted", "number_mismatch")


def test_no_glossary_means_undecided_with_the_reason():
    # Ukrainian has no glossary: numbers agree, but the words cannot be checked
    r = _rows("uk")[0]
    f = judge_foreign(r["en"], r["uk"], "uk")
    assert (f.label, f.reason) == ("unverified", "crosslang_undecided")
    assert "no uk–English glossary" in f.detail


@needs_fi
def test_candidates_are_ranked_by_numbers_and_glossed_words():
    rows = _rows("fi")
    pool = [(r["fi"], "fi") for r in rows]
    hits = sum(rank_candidates(r["en"], pool, k=1) == [i] for i, r in enumerate(rows))
    assert hits / len(rows) >= 0.8


def test_what_a_speaker_is_reported_to_have_said():
    assert reported_content("The minister stressed that the bill would pass.") == \
        "the bill would pass."
    assert reported_content("Taxes rose.") == "Taxes rose."


@needs_pl
def test_a_quote_rendered_sentence_for_sentence_is_translated_and_a_partial_one_is_not():
    own = [SpeakerText("Jan Nowak", "Rząd nie podniesie podatków w 2026 roku. "
                       "Budżet obrony wzrośnie.", 0, "pl")]
    full = translated_quote("The government will not raise taxes in 2026.", own)
    assert full is not None and full.reason == "slots_agree", full
    assert "sentence for sentence" in full.detail and "Rząd nie podniesie" in full.detail
    # the other polarity: not a translation, and not the gist either
    flipped = translated_quote("The government will raise taxes in 2026.", own)
    assert flipped is None or flipped.reason != "slots_agree"
    part = translated_quote("Our defence budget will grow in the face of an existential "
                            "threat from the east.", own)
    assert part is not None and part.reason == "paraphrase_not_quote", part


needs_ru = pytest.mark.skipif(not glossary.available("ru"),
                              reason="no Russian glossary: apt-get install dict-freedict-pol-rus "
                                     "dict-freedict-pol-eng")

_COAST = "The city council approved a plan in 2019 to protect the coast of Crimea."


@needs_pl
def test_a_name_translated_word_for_word_is_the_claims_name():
    # "Crimea" is "Krym" in Polish: met through its gloss, not its spelling
    f = judge_foreign(_COAST, "Rada miasta zatwierdziła w 2019 r. plan ochrony wybrzeża Krymu.",
                      "pl")
    assert f.label == "corroborated" and "entity:Crimea" in f.agreements, f
    g = judge_foreign(_COAST, "Rada miasta zatwierdziła w 2019 r. plan ochrony wybrzeża "
                              "Kaukazu.", "pl")
    assert g.label == "unverified" and "does not give Crimea" in g.detail, g


@needs_ru
def test_russian_words_are_met_through_the_polish_pivot():
    f = judge_foreign(_COAST, "В 2019 году городской совет утвердил план защиты побережья "
                              "Крыма.", "ru")
    assert f.label == "corroborated", f
    assert {"council", "plan", "coast"} <= set(f.glossed), f.glossed
    g = judge_foreign(_COAST, "В 2018 году городской совет утвердил план защиты побережья "
                              "Крыма.", "ru")
    assert g.label != "corroborated", g


def test_a_transliterated_name_meets_its_english_spelling_by_its_consonants():
    from verify.evidence.crosslang import name_keys, skeleton_meets

    # vowels a transliteration spells otherwise, an inflected ending, w/v and c/k
    for english, foreign in [("Fallon", "Майкл Фэллон сказал"), ("Clyde", "верфи Клайда"),
                             ("Campbell", "с Кэмпбеллом"), ("Wolmar", "Кристиан Вольмар"),
                             ("Olney", "Сара Олни")]:
        assert skeleton_meets(english, name_keys(foreign)), (english, foreign)
    # other consonants, or two consonants that begin otherwise, are another name
    for english, foreign in [("Fallon", "Майкл Фелтон"), ("Olney", "Сара Элни"),
                             ("Campbell", "с Кэмпом")]:
        assert not skeleton_meets(english, name_keys(foreign)), (english, foreign)
    # a name is a capitalised word: "о фэллоне" in lower case is not one
    assert not skeleton_meets("Fallon", name_keys("о фэллоне"))


def test_a_country_is_met_by_its_catalogued_names_not_by_its_consonants():
    # "Latvia" and "Литвы" (Lithuania's genitive) share l-t-v
    passage = "В 2025 году Сейм Литвы проголосовал за выход из конвенции."
    latvia = judge_foreign("Latvia voted in 2025 to leave the convention.", passage, "ru")
    assert "entity:Latvia" not in latvia.agreements and "does not give Latvia" in latvia.detail
    lithuania = judge_foreign("Lithuania voted in 2025 to leave the convention.", passage, "ru")
    assert "entity:Lithuania" in lithuania.agreements, lithuania


def test_an_international_word_meets_its_spelling_in_another_script():
    from verify.evidence.crosslang import glossed

    found, _ = glossed("The president praised the interface.",
                       "Президента впечатлил новый интерфейс.", "ru")
    assert {"president", "interface"} <= set(found), found
    # a short word's consonants are shared by unrelated words ("rate" / "рот",
    # mouth): not met that way; nor a word with other consonants
    from verify.evidence.crosslang import _cognate, _cognate_keys

    assert not _cognate("rate", _cognate_keys("рот"))
    assert not _cognate("presenter", _cognate_keys("президента"))
