"""The command line: every command documented, honest about what is not built."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from verify import __version__
from verify.cli import cli

DESIGN_COMMANDS = ["check", "claims", "fetch", "match", "report", "audit", "recheck",
                   "review", "eval", "show", "sources", "archive", "bundle", "db"]


def _all_commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _all_commands(cmd, (*prefix, name))


def test_every_command_of_the_design_exists():
    assert set(DESIGN_COMMANDS) <= set(cli.commands)


@pytest.mark.parametrize("path", [p for p, _ in _all_commands(cli)], ids=" ".join)
def test_every_command_has_real_help(path):
    r = CliRunner().invoke(cli, [*path, "--help"])
    assert r.exit_code == 0, r.output
    cmd = dict(_all_commands(cli))[path]
    assert cmd.help and len(cmd.help.split()) >= 5, f"{path} has no real help"


def test_version():
    r = CliRunner().invoke(cli, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output


def test_help_imports_no_heavy_module():
    code = ("import sys; from verify.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'httpx', 'bs4', 'rapidfuzz',"
            " 'dateparser', 'trafilatura', 'warcio', 'alembic') if m in sys.modules]\n"
            "print(','.join(heavy), file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stderr.strip() == "", f"--help imported: {r.stderr}"
    assert "Usage" in r.stdout


def test_db_upgrade_on_sqlite_then_already_current(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    r = subprocess.run([sys.executable, "-m", "verify", "--db", url, "db", "upgrade"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "upgraded empty ->" in r.stderr
    r = subprocess.run([sys.executable, "-m", "verify", "--db", url, "db", "upgrade"],
                       capture_output=True, text=True, timeout=120)
    assert "already at" in r.stderr


def test_db_upgrade_on_postgres(pg_url):
    r = subprocess.run([sys.executable, "-m", "verify", "--db", pg_url, "db", "upgrade"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "upgraded empty ->" in r.stderr


def test_a_bad_database_url_is_one_line_exit_1(tmp_path):
    r = subprocess.run([sys.executable, "-m", "verify", "--db", "postgresql://x@127.0.0.1:1/n",
                        "db", "upgrade"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "cannot reach" in r.stderr


def test_sources_lists_outlets_and_how_each_predicate_is_judged(tmp_path, monkeypatch):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["--sources", str(root / "sources.toml"), "sources"])
    assert r.exit_code == 0, r.output
    assert "ria\tria_article\tsecondary, outlet\tRIA Novosti" in r.output
    assert "vote — a chamber's vote consenting to a bill or motion" in r.output
    assert "by the earliest formal step: date_notified or a record of vote" in r.output
    assert "by what the named agent's record shows it did" in r.output
