"""Settings: flags, then environment, then verify.toml, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.config import resolve_settings
from verify.errors import ConfigError


def _ws(tmp_path: Path, text: str) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "verify.toml").write_text(text, encoding="utf-8")
    (ws / "article.txt").write_text("x", encoding="utf-8")
    return ws


def test_defaults_are_in_the_current_folder(tmp_path):
    s = resolve_settings(cwd=tmp_path, env={})
    assert s.database_url == f"sqlite:///{tmp_path.resolve() / 'db' / 'verify.sqlite'}"
    assert s.archive_path == tmp_path.resolve() / "archive"
    assert s.sources_path is None
    assert s.origins["database"] == "default"


def test_workspace_beside_the_article_wins_over_the_current_folder(tmp_path):
    ws = _ws(tmp_path, '[workspace]\ndatabase = "state/v.sqlite"\narchive = "warcs"\n')
    s = resolve_settings(article=ws / "article.txt", cwd=tmp_path, env={})
    assert s.database_url == f"sqlite:///{ws.resolve() / 'state' / 'v.sqlite'}"
    assert s.archive_path == ws.resolve() / "warcs"
    assert s.workspace_file == ws / "verify.toml"


def test_environment_beats_workspace_and_flag_beats_environment(tmp_path):
    ws = _ws(tmp_path, '[workspace]\ndatabase = "state/v.sqlite"\n')
    env = {"VERIFY_DATABASE_URL": "postgresql://u@h:5432/d"}
    s = resolve_settings(article=ws / "article.txt", cwd=tmp_path, env=env)
    assert s.database_url == "postgresql://u@h:5432/d"
    assert s.origins["database"] == "VERIFY_DATABASE_URL"
    s = resolve_settings(db="sqlite:///flag.db", article=ws / "article.txt", cwd=tmp_path, env=env)
    assert s.database_url == "sqlite:///flag.db" and s.origins["database"] == "flag"


def test_partial_workspace_changes_only_its_keys(tmp_path):
    ws = _ws(tmp_path, '[publisher]\nname = "Desk"\n\n[sources.sejm]\nterm = 9\n')
    s = resolve_settings(article=ws / "article.txt", cwd=tmp_path, env={})
    assert s.publisher == {"name": "Desk"}
    assert s.source_overrides == {"sejm": {"term": 9}}
    assert s.archive_path == ws.resolve() / "archive"


@pytest.mark.parametrize("text, key, line", [
    ('[workspace]\ndatabse = "x"\n', "workspace.databse", 2),
    ('[fetch]\nread_timeout = "slow"\n', "fetch.read_timeout", 2),
    ('[wrokspace]\n', "wrokspace", 1),
    ('[workspace\n', None, 1),
])
def test_a_broken_workspace_file_names_file_line_and_key(tmp_path, text, key, line):
    ws = _ws(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        resolve_settings(article=ws / "article.txt", cwd=tmp_path, env={})
    assert e.value.line == line
    assert e.value.key == key
    assert str(e.value).startswith(str(ws / "verify.toml"))
