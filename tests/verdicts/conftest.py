"""The verdict tests' registry: invented sources, entities and fact predicates."""

from __future__ import annotations

import pytest

from verify.registry import Registry, load_registry

from .builders import DATA


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(DATA / "registry.toml")
