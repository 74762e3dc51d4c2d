"""Entities: countries in many languages and cases, registry aliases, names; negation."""

from dataclasses import dataclass, field

import pytest

from verify.entities import build_catalog, country_key
from verify.slots import extract_slots


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Polska", "PL"), ("Polski", "PL"), ("Polsce", "PL"), ("Польша", "PL"),
        ("Польши", "PL"), ("Литвы", "LT"), ("Литва", "LT"), ("Litwie", "LT"),
        ("Lithuanian", "LT"), ("Polish", "PL"), ("Estonian", "EE"), ("Russia", "RU"),
        ("Rosji", "RU"), ("России", "RU"), ("Российская Федерация", "RU"), ("Finnish", "FI"),
        ("Ukraine's", "UA"), ("Украины", "UA"), ("Finlandia", "FI"),
    ],
)
def test_countries_in_many_forms(word, code):
    assert country_key(word) == f"country:{code}"


@pytest.mark.parametrize("word", ["Malik", "Chadwick", "polish the floor", "Indonesian"[:5]])
def test_near_misses_are_not_countries(word):
    assert country_key(word) is None


def test_list_of_countries_in_a_sentence():
    text = "Six states near Russia—Poland, Finland, Estonia, Latvia, and Lithuania—have left."
    keys = [e.key.removeprefix("country:") for e in extract_slots(text).entities]
    assert keys == ["RU", "PL", "FI", "EE", "LV", "LT"]


@dataclass(frozen=True)
class Entity:
    key: str
    kind: str
    aliases: tuple[str, ...]
    country: str | None = None
    ids: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Registry:
    entities: dict


def test_registry_aliases_in_inflected_forms():
    reg = Registry({
        "ottawa_convention": Entity("ottawa_convention", "treaty", (
            "Ottawa Convention", "Mine Ban Treaty", "Оттавская конвенция", "konwencja ottawska")),
        "sejm": Entity(
            "sejm", "organization", ("Sejm", "lower house of the Polish parliament"), "PL"
        ),
    })
    cat = build_catalog(reg)
    for text in ("withdrew from the Ottawa Convention.", "вышли из Оттавской конвенции",
                 "wypowiedzenie konwencji ottawskiej"):
        keys = [e.key for e in extract_slots(text, catalog=cat).entities]
        assert keys == ["ottawa_convention"], text
    text = "formalized by the Sejm, the lower house of the Polish parliament"
    ents = extract_slots(text, catalog=cat).entities
    assert [e.key for e in ents] == ["sejm", "sejm"]
    assert cat.expand("sejm") == {"sejm", "country:PL"}
    assert "sejm" in cat.expand("country:PL")


def test_people_and_organisations_by_heuristics():
    ents = extract_slots(
        "Defense Minister Wladyslaw Kosiniak-Kamysz said the International Committee of the "
        "Red Cross"
    ).entities
    keys = [(e.key, e.kind) for e in ents]
    assert ("person:wladyslaw kosiniak-kamysz", "person") in keys
    assert ("org:international committee of the red cross", "organization") in keys


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("Poland would not accept any restrictions", ["not"]),
        ("We cannot allow limitations", ["cannot"]),
        ("he didn't vote", ["n't"]),
        ("the minister refused to comment", ["refused"]),
        ("Polska nie może być objęta", ["nie"]),
        ("Россия не будет", ["не"]),
        ("The Sejm voted overwhelmingly in favor", []),
    ],
)
def test_negation_cues(text, cues):
    slots = extract_slots(text)
    assert list(slots.negation_cues) == cues
    assert slots.negated is bool(cues)
