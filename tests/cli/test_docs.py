"""The README stays true: its commands exist, and every command is in it."""

from __future__ import annotations

import re
from pathlib import Path

from verify.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme():
    for name in cli.commands:
        assert f"`verify {name}" in README, f"verify {name} is not in the README"


def test_every_verify_command_the_readme_shows_exists():
    for line in README.splitlines():
        for m in re.finditer(r"\bverify ([a-z]+)\b", line):
            word = m.group(1)
            if line.lstrip().startswith(("verify ", "$ verify", ".venv/bin/verify")) or \
                    f"`verify {word}" in line:
                assert word in cli.commands, f"README mentions unknown command: {line}"


def test_the_readme_gives_the_two_commands():
    assert "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && " \
           ".venv/bin/verify check examples/ottawa/article.txt --offline" in README
    assert "\n    .venv/bin/python -m pytest\n" in README
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().endswith(".venv/bin/python -m pytest"), "CI must run the README's command"
    setup = next(line.strip() for line in README.splitlines()
                 if line.strip().startswith("python3 -m venv .venv"))
    ci_lines = [line.strip() for line in ci.splitlines()]
    assert setup in ci_lines, "CI must run the README's set-up command verbatim"
    before = ci_lines[: ci_lines.index(setup)]
    assert not any("pip install" in line for line in before if not line.startswith("#")), \
        "CI must not install or upgrade anything with pip before the README's set-up command"
