"""A copy of the Ottawa example workspace per test, and a way to run `verify check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ottawa"
VERIFY = [sys.executable, "-m", "verify"]


def copy_workspace(dest: Path) -> Path:
    ws = dest / "ottawa"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("db", "__pycache__"))
    return ws


def rebuild_archive(ws: Path) -> None:
    """Rebuild archive/ from the (edited) rebuilt/ documents of a workspace copy."""
    r = subprocess.run([sys.executable, str(ws / "build_archive.py"), "--rebuilt",
                        str(ws / "rebuilt"), "--out", str(ws / "archive")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr


def check(ws: Path, *args: str, db: str | None = None, timeout: int = 300) -> dict:
    """Run `verify check article.txt --offline --format json` in the workspace."""
    cmd = [*VERIFY, *(["--db", db] if db else []), "check", "article.txt", "--offline",
           "--format", "json", *args]
    r = subprocess.run(cmd, cwd=ws, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout)


def without_times(report: dict) -> str:
    """The report as bytes, but for the only fields allowed to differ."""
    copy = json.loads(json.dumps(report))
    copy["run"].pop("started_at", None)
    copy["run"].pop("finished_at", None)
    return json.dumps(copy, ensure_ascii=False, indent=2)


def verdicts(report: dict) -> dict[str, tuple]:
    return {c["id"]: (c["verdict"]["label"], c["verdict"]["qualifier"], c["verdict"]["reason"])
            for c in report["claims"]}


@pytest.fixture
def workspace(tmp_path) -> Path:
    return copy_workspace(tmp_path)


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> dict:
    """The example checked once, offline, as of 2025-07-01, on a new SQLite database."""
    ws = copy_workspace(tmp_path_factory.mktemp("baseline"))
    return check(ws, "--as-of", "2025-07-01")
