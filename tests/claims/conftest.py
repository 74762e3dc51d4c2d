from pathlib import Path

import pytest

from verify.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def registry():
    return load_registry(ROOT / "sources.toml")


@pytest.fixture(scope="session")
def seed_path():
    return ROOT / "examples" / "ottawa" / "article.txt"
