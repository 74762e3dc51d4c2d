"""Bilingual glosses read from FreeDict's dict-server files, direct and through
a pivot language. The dictionaries here are written by the test in FreeDict's
layout (a tab-separated index of headword, base64 offset and length; a gzip
body whose entry is the headword line, then the translations)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from verify.evidence import glossary

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if not n:
            return out


def _write_dict(folder: Path, name: str, entries: list[tuple[str, str]]) -> None:
    body = b""
    index = [f"00databaseinfo\t{_b64(0)}\t{_b64(1)}"]
    for head, translations in entries:
        entry = f"{head} /pron/\n{translations}\n".encode()
        index.append(f"{head}\t{_b64(len(body))}\t{_b64(len(entry))}")
        body += entry
    (folder / f"freedict-{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    (folder / f"freedict-{name}.dict.dz").write_bytes(gzip.compress(body))


@pytest.fixture
def dictionaries(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFY_FREEDICT", str(tmp_path))
    glossary._table.cache_clear()
    yield tmp_path
    glossary._table.cache_clear()


def test_a_russian_word_is_glossed_through_its_polish_translation(dictionaries):
    _write_dict(dictionaries, "pol-eng", [("wybory", "election, poll"), ("zgoda", "consent"),
                                          ("i", "and, the letter i, iodine")])
    _write_dict(dictionaries, "pol-rus", [("wybory", "выборы"), ("zgoda", "согласие"),
                                          ("i", "и, земля")])
    assert glossary.glosses("выборы", "ru") == {"election", "poll"}
    assert glossary.glosses("согласие", "ru") == {"consent"}
    # the pivot's function word is not gone through: "земля" is not 'iodine'
    assert glossary.glosses("земля", "ru") == frozenset()
    assert glossary.available("ru")


def test_a_direct_gloss_is_kept_beside_the_pivot_ones(dictionaries):
    _write_dict(dictionaries, "pol-eng", [("umowa", "agreement")])
    _write_dict(dictionaries, "pol-rus", [("umowa", "договор")])
    _write_dict(dictionaries, "eng-rus", [("treaty", "договор")])
    assert glossary.glosses("договор", "ru") == {"agreement", "treaty"}


def test_no_dictionary_no_glosses(dictionaries):
    _write_dict(dictionaries, "pol-eng", [("umowa", "agreement")])
    assert not glossary.available("ru")
    assert not glossary.available("uk")
    assert glossary.glosses("umowa", "pl") == {"agreement"}
