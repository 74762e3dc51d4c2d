"""Cached tables: built once, read back, rebuilt when stale or damaged, never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from verify import cache
from verify.cache import cache_dir, cached_table, code_key, files_key


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "c"))
    return tmp_path / "c"


def test_the_folder_is_the_env_var_else_xdg_else_home(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.delenv("VERIFY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "verify"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "verify"


def test_a_table_is_built_once_then_read_back(folder):
    calls = []

    def build():
        calls.append(1)
        return {"a": ("b", "c"), "n": [1, 2.5, None, True]}

    first = cached_table("t", ("k", 1), build)
    second = cached_table("t", ("k", 1), build)
    assert first == second == {"a": ("b", "c"), "n": [1, 2.5, None, True]}
    assert calls == [1]
    assert (folder / "t.marshal").is_file()


def test_a_changed_key_rebuilds(folder):
    assert cached_table("t", "v1", lambda: "old") == "old"
    assert cached_table("t", "v2", lambda: "new") == "new"
    assert cached_table("t", "v2", lambda: "never") == "new"


def test_a_damaged_file_is_rebuilt(folder):
    cached_table("t", "k", lambda: list(range(1000)))
    path = folder / "t.marshal"
    path.write_bytes(path.read_bytes()[:50])
    assert cached_table("t", "k", lambda: "rebuilt") == "rebuilt"
    path.write_bytes(b"\x00garbage")
    assert cached_table("t", "k", lambda: "again") == "again"


def test_a_folder_that_cannot_be_written_only_costs_the_rebuild(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(blocker / "sub"))
    assert cached_table("t", "k", lambda: 42) == 42


def test_keys_follow_files_and_code(tmp_path):
    f = tmp_path / "data.csv"
    f.write_text("a")
    before = files_key([f, tmp_path / "missing"])
    f.write_text("ab")
    assert files_key([f, tmp_path / "missing"]) != before

    def one():
        return 1

    def two():
        return 2

    assert code_key(one) != code_key(two)
    assert code_key(one) == code_key(one)


def test_the_lemma_table_is_what_lemminflect_gives():
    from lemminflect import getAllLemmas

    from verify.evidence.text import _lemma_table, all_lemmas

    words = list(_lemma_table())
    assert len(words) > 10_000
    probe = [*words[::7], "taught", "Taught", "BETTER", "mice", "was", "Sejm", "xyzzyq", "it's"]
    for w in probe:
        want = {pos: tuple(f.casefold() for f in forms) for pos, forms in getAllLemmas(w).items()}
        got = {pos: tuple(f.casefold() for f in forms) for pos, forms in all_lemmas(w).items()}
        assert got == want, w


def test_the_country_names_come_back_the_same_from_the_cache(folder):
    from verify import entities

    fresh = list(entities._read_country_names())
    assert not (folder / "country-names.marshal").exists()
    built = list(entities._country_names())
    assert (folder / "country-names.marshal").is_file()
    again = list(entities._country_names())
    assert built == again
    assert built[: len(fresh)] == fresh  # then the demonyms, from the code
    assert len(built) > 5000


def test_a_second_process_reads_the_tables_without_building_them(folder):
    # the first process writes the files; the second must not import the packages
    # the tables are read from
    code = ("import sys, gettext, babel\n"
            "if sys.argv[1] == 'second':\n"
            "    def boom(*a, **k):\n"
            "        raise AssertionError('read the name tables again')\n"
            "    gettext.translation = boom\n"
            "    babel.Locale.parse = boom\n"
            "from verify.entities import default_catalog\n"
            "from verify.evidence.text import lemmas\n"
            "default_catalog(); lemmas('taught')\n"
            "print(','.join(m for m in ('lemminflect',) if m in sys.modules))")
    env = {**os.environ, "VERIFY_CACHE_DIR": str(folder)}
    runs = [subprocess.run([sys.executable, "-c", code, which], capture_output=True, text=True,
                           env=env, timeout=120) for which in ("first", "second")]
    for r in runs:
        assert r.returncode == 0, r.stderr
    assert "lemminflect" in runs[0].stdout
    assert runs[1].stdout.strip() == "", runs[1].stdout
    assert sorted(p.name for p in folder.iterdir()) == [
        "country-entries.marshal", "country-names.marshal", "lemmas.marshal"]
    assert cache.FORMAT >= 1
