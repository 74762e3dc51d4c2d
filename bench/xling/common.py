"""Shared by the cross-language benchmarks: where the parallel data lives.

The PUD parallel file is read from the shared data folder beside the project
(`../shared/data/ud-pud/`, or `--pud PATH`); the Ukrainian and Finnish pairs
are this project's own test data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PUD = ROOT.parent / "shared" / "data" / "ud-pud" / "pud-en-pl-ru.jsonl"
OWN = ROOT / "tests" / "data" / "xling"


def pud_rows(path: Path | None = None) -> list[dict[str, Any]]:
    p = path or PUD
    if not p.exists():
        raise SystemExit(f"{p}: the PUD parallel file is missing (pass --pud PATH)")
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]


def own_rows(lang: str) -> list[dict[str, Any]]:
    p = OWN / f"en-{lang}.jsonl"
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]


def pairs(lang: str, pud: Path | None = None) -> list[tuple[str, str]]:
    """(English, foreign) pairs for one language."""
    if lang in ("pl", "ru"):
        return [(r["en"], r[lang]) for r in pud_rows(pud)]
    return [(r["en"], r[lang]) for r in own_rows(lang)]
