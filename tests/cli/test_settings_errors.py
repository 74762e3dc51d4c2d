"""Settings errors say which setting and where (issue 10, item 10).

[fetch] values are checked when the settings load, offline too; an error in a
workspace's override names verify.toml's own line; a registry with no source
is an error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from verify.config import resolve_settings
from verify.errors import ConfigError, RegistryError
from verify.registry import load_registry

REGISTRY = """\
[sources.sejm]
name = "Sejm"
kind = "sejm_api"
term = 10
covers = { entities = ["poland"], facts = ["vote"] }

[entities.poland]
kind = "country"
country = "PL"

[facts.vote]
fields = ["date", "yes"]
words = ["voted"]
"""


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "verify", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def workspace(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "sources.toml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "verify.toml").write_text(
        '[workspace]\nsources = "sources.toml"\n' + toml, encoding="utf-8")
    (tmp_path / "article.txt").write_text("The Sejm voted on 20 February 2025.\n",
                                          encoding="utf-8")
    return tmp_path


# ------------------------------------------------------------------ [fetch], offline too

@pytest.mark.parametrize("text, key, line, words", [
    ("[fetch]\nread_timeout = -1\n", "fetch.read_timeout", 4, "must be positive"),
    ("[fetch]\nper_host_concurrency = 0\n", "fetch.per_host_concurrency", 4, "at least 1"),
    ("[fetch]\nretries = 2\nallowed_networks = [\"10.0.0.300/8\"]\n",
     "fetch.allowed_networks", 5, "not a network"),
    ("[fetch]\nallowed_networks = [8]\n", "fetch.allowed_networks", 4, "must be strings"),
    ("[fetch]\nobey_robots = 1\n", "fetch.obey_robots", 4, "must be of type bool"),
    ("[fetch]\nurl_deadline = 0\n", "fetch.url_deadline", 4, "must be positive"),
])
def test_fetch_values_are_checked_when_the_settings_load(tmp_path, text, key, line, words):
    ws = workspace(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        resolve_settings(article=ws / "article.txt", cwd=ws, env={})
    assert (e.value.key, e.value.line) == (key, line), str(e.value)
    assert words in str(e.value)
    assert str(e.value).startswith(f"{ws / 'verify.toml'}:{line}: ")


def test_an_offline_check_refuses_a_bad_fetch_value_with_verify_toml_line(tmp_path):
    ws = workspace(tmp_path, "[fetch]\nconnect_timeout = 0\n")
    r = run_cli("check", "article.txt", "--offline", cwd=ws)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert f"{ws / 'verify.toml'}:4: [fetch.connect_timeout]" in lines[0]
    assert not (ws / "db").exists() or not any((ws / "db").iterdir())


# ------------------------------------------------------------------ overrides

@pytest.mark.parametrize("text, line, words", [
    ('[sources.sejm]\nterm = "ten"\n', 4, "option 'term' must be an integer"),
    ('\n[sources.sejm]\nbase_ulr = "https://x.example"\n', 5, "unknown option 'base_ulr'"),
    ('[sources.sjem]\nterm = 9\n', 3, "overrides a source the registry does not have"),
    ('[sources.sejm]\nrole = "tertiary"\n', 4, "role must be one of"),
])
def test_an_override_error_points_at_verify_toml(tmp_path, text, line, words):
    ws = workspace(tmp_path, text)
    settings = resolve_settings(article=ws / "article.txt", cwd=ws, env={})
    with pytest.raises(RegistryError) as e:
        load_registry(settings.sources_path, settings.source_overrides)
    assert str(e.value).startswith(f"{ws / 'verify.toml'}:{line}: "), str(e.value)
    assert words in str(e.value)
    assert "sources.toml" not in str(e.value).split(": ", 1)[0]


def test_an_error_in_the_registry_itself_still_points_at_sources_toml(tmp_path):
    ws = workspace(tmp_path, '[sources.sejm]\nterm = 9\n')
    (ws / "sources.toml").write_text(REGISTRY.replace("term = 10", "term = 10\nterms = 3"),
                                     encoding="utf-8")
    settings = resolve_settings(article=ws / "article.txt", cwd=ws, env={})
    with pytest.raises(RegistryError) as e:
        load_registry(settings.sources_path, settings.source_overrides)
    assert str(e.value).startswith(f"{ws / 'sources.toml'}:5: ")


def test_cli_sources_shows_the_override_error_at_verify_toml(tmp_path):
    ws = workspace(tmp_path, '[sources.sejm]\nterm = "ten"\n')
    r = run_cli("sources", cwd=ws)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"verify: error: {ws / 'verify.toml'}:4: [sources.sejm.term] "
                                "option 'term' must be an integer, not str")


# ------------------------------------------------------------------ an empty registry

@pytest.mark.parametrize("text", [
    "",
    "# nothing here yet\n",
    "[entities.poland]\nkind = \"country\"\ncountry = \"PL\"\n",
    "[sources]\n",
])
def test_a_registry_with_no_source_is_an_error(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    r = run_cli("sources", "--check", str(path), cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith(f"verify: error: {path}")
    assert "defines no source" in r.stderr
    assert "ok (0 sources" not in r.stdout
