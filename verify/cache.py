"""Tables that are pure functions of installed packages, built once and kept on disk.

Country names in fourteen languages (pycountry, babel), the catalog entries
made from them, and the English lemma table (lemminflect) take a few tenths of
a second to read from those packages; every `verify` process needs them. The
first process builds each table and writes it to the user's cache folder;
later ones load it in milliseconds. simplemma's Ukrainian and Finnish tables
are kept beside them as MARISA tries, in `simplemma/<its version>/`
(verify/evidence/language.py).

Where: $VERIFY_CACHE_DIR if set, else $XDG_CACHE_HOME/verify, else
~/.cache/verify — never the repository or the workspace. Each file carries
the cache format, the Python version and a key naming what it was built
from: the size and modification time of every package file read, and the
code of the function that builds it. A file whose key differs (a package was
upgraded, the builder changed) or that cannot be read is rebuilt; a folder
that cannot be written only costs the rebuild, every time.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

FORMAT = 1  # of the files; a new format ignores old files
ENV = "VERIFY_CACHE_DIR"

T = TypeVar("T")


def cache_dir() -> Path:
    """The folder cached tables live in (see the module's doc)."""
    explicit = os.environ.get(ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "verify"


def package_dir(name: str) -> Path | None:
    """Where an installed package's files are, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def files_key(paths: Iterable[Path]) -> list[Any]:
    """What a table built from these files depends on: path, size, mtime of each."""
    out: list[Any] = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            out.append((str(p), None))
            continue
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return out


def code_key(func: Callable[..., Any]) -> str:
    """A digest of a function's compiled code: an edited builder makes a new table."""
    return hashlib.sha256(marshal.dumps(func.__code__)).hexdigest()


def cached_table(name: str, key: Any, build: Callable[[], T]) -> T:
    """The table `name` as last built for `key`, else `build()` (then written).

    The value must be made of dicts, lists, tuples, strings, numbers, booleans
    and None (it is stored with marshal, which runs no code when read).
    """
    want = repr((FORMAT, sys.version, key))
    path = cache_dir() / f"{name}.marshal"
    enabled = gc.isenabled()
    gc.disable()  # the objects loaded are all alive: no collection while making them
    try:
        with path.open("rb") as f:
            # marshal builds values and never runs code; the folder is the user's own
            stored_key, value = marshal.load(f)  # noqa: S302
        if stored_key == want:
            return value  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing, unreadable or damaged: rebuilt below
    finally:
        if enabled:
            gc.enable()
    value = build()
    _write(path, (want, value))
    return value


def cached_rows(name: str, key: Any, build: Callable[[], Iterable[Iterable[str]]]
                ) -> list[list[str]]:
    """A table of many short rows of strings (no tab or newline in them), as last
    built for `key`: kept as one string of tab-separated lines, which loads faster
    than tens of thousands of small lists (see `cached_table`)."""
    text = cached_table(name, key, lambda: "\n".join("\t".join(row) for row in build()))
    return [line.split("\t") for line in text.split("\n")] if text else []


def _write(path: Path, payload: Any) -> None:
    """Write atomically (a reader never sees half a file); a folder we may not
    write is not an error: the table was built and is used all the same."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(payload, f)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
