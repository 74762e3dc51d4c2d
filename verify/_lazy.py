"""Package namespaces whose names load on first use (PEP 562).

`from verify.verdicts import RULESET` then imports verify.verdicts.model alone,
not the whole verdict engine and numpy with it; a command imports what it uses.
Each package also imports its names under TYPE_CHECKING, for mypy and readers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(package: str, where: Mapping[str, tuple[str, ...]],
               namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `where` maps a submodule (relative, or
    absolute with a dot) to the names it gives; a loaded name is kept in `namespace`."""
    module_of = {name: module for module, names in where.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        full = module if "." in module else f"{package}.{module}"
        value = getattr(import_module(full), name)
        namespace[name] = value
        return value

    return __getattr__
