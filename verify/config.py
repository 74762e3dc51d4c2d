"""Settings: flags, then environment, then a workspace's verify.toml, then defaults.

A workspace is a folder with a `verify.toml` — the article's folder, else the
current folder. Paths in verify.toml are relative to that file. A partial
verify.toml changes only the keys it names; its `[sources.KEY]` tables override
single options of the registry's sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from verify.errors import ConfigError

WORKSPACE_FILE = "verify.toml"
ENV_DATABASE = "VERIFY_DATABASE_URL"
ENV_SOURCES = "VERIFY_SOURCES"
ENV_ARCHIVE = "VERIFY_ARCHIVE"

_TOP_KEYS = {"workspace", "sources", "publisher", "fetch"}
_WORKSPACE_KEYS = {"database": str, "sources": str, "archive": str}
_PUBLISHER_KEYS = {"name": str, "url": str, "logo": str}
# [fetch] keys are the fields of verify.fetch.FetchPolicy, by the same names.
_FETCH_KEYS = {"connect_timeout": float, "read_timeout": float, "total_timeout": float,
               "url_deadline": float, "retries": int, "backoff_base": float,
               "backoff_max": float, "max_retry_after": float, "per_host_concurrency": int,
               "per_host_rate": float, "max_body_bytes": int, "robots_max_bytes": int,
               "max_redirects": int, "obey_robots": bool, "allowed_networks": list,
               "contact_url": str, "dns_cache_seconds": float}


@dataclass(frozen=True)
class Settings:
    """Where things are, and where each setting came from (for messages)."""

    workspace: Path
    database_url: str
    sources_path: Path | None  # None: the packaged default registry
    archive_path: Path
    source_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    publisher: Mapping[str, str] = field(default_factory=dict)
    fetch: Mapping[str, Any] = field(default_factory=dict)
    origins: Mapping[str, str] = field(default_factory=dict)
    workspace_file: Path | None = None

    def config_hash(self) -> str:
        """A hash of the settings that change results: the fetch policy and the
        overrides of sources' options (the registry itself is hashed by content
        in the run's identity). Not where the database or the archive is."""
        blob = json.dumps({"overrides": self.source_overrides, "fetch": self.fetch},
                          sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def find_workspace(article: Path | None, cwd: Path) -> Path | None:
    """The verify.toml beside the article, else in the current folder."""
    for folder in ([article.resolve().parent] if article is not None else []) + [cwd.resolve()]:
        candidate = folder / WORKSPACE_FILE
        if candidate.is_file():
            return candidate
    return None


def line_in_table(text: str, table: str, key: str | None = None) -> int | None:
    """The line of `[table]`, or of `key = ` inside that table, in raw TOML text."""
    header = re.compile(r"^\s*\[\s*" + re.escape(table).replace(r"\.", r"\s*\.\s*")
                        + r"\s*\]\s*(#.*)?$")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return None
    if key is None:
        return start + 1
    pat = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
    for i in range(start + 1, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            break
        if pat.match(lines[i]):
            return i + 1
    return start + 1


class SourceOverrides(dict[str, Any]):
    """verify.toml's `[sources.KEY]` tables, with the file they came from, so that an
    error in one is reported at verify.toml's own line (not the registry's)."""

    def __init__(self, tables: Mapping[str, Any], path: Path | None = None,
                 text: str = "") -> None:
        super().__init__(tables)
        self.path = path
        self.text = text

    def line(self, key: str, option: str | None = None) -> int | None:
        return line_in_table(self.text, f"sources.{key}", option)


def _line_of_key(text: str, key: str) -> int | None:
    for i, line in enumerate(text.splitlines(), 1):
        if re.match(r"^\s*" + re.escape(key) + r"\s*=", line) or \
           re.match(r"^\s*\[\s*" + re.escape(key) + r"\s*\]", line):
            return i
    return None


def _load_workspace_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=path) from None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+)", str(e))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise ConfigError(f"invalid TOML: {msg}", path=path,
                          line=int(m.group(1)) if m else None) from None

    def check(table: str, allowed: Mapping[str, type]) -> None:
        body = data.get(table, {})
        if not isinstance(body, dict):
            raise ConfigError("must be a table", path=path, key=table,
                              line=_line_of_key(text, table))
        for k, v in body.items():
            t = allowed.get(k)
            if t is None:
                raise ConfigError(f"unknown key (known: {', '.join(sorted(allowed))})",
                                  path=path, key=f"{table}.{k}",
                                  line=line_in_table(text, table, k))
            ok = (isinstance(v, t) and not (t is not bool and isinstance(v, bool))) or (
                t is float and isinstance(v, int) and not isinstance(v, bool))
            if not ok:
                raise ConfigError(f"must be of type {t.__name__}", path=path,
                                  key=f"{table}.{k}", line=line_in_table(text, table, k))

    for top in data:
        if top not in _TOP_KEYS:
            raise ConfigError(f"unknown table (known: {', '.join(sorted(_TOP_KEYS))})",
                              path=path, key=top, line=_line_of_key(text, top))
    check("workspace", _WORKSPACE_KEYS)
    check("publisher", _PUBLISHER_KEYS)
    check("fetch", _FETCH_KEYS)
    _check_fetch_values(data.get("fetch", {}), path, text)
    if not isinstance(data.get("sources", {}), dict):
        raise ConfigError("must be a table of source tables", path=path, key="sources")
    data["sources"] = SourceOverrides(data.get("sources", {}), path, text)
    return data


def _check_fetch_values(fetch: Mapping[str, Any], path: Path, text: str) -> None:
    """Build the HTTP policy from [fetch] now, offline or not, so a bad value fails at
    once with verify.toml's own line instead of in the middle of a live run."""
    from verify.fetch.policy import FetchPolicy  # the policy is the one definition of valid

    nets = fetch.get("allowed_networks", [])
    for item in nets if isinstance(nets, list) else []:
        if not isinstance(item, str):
            raise ConfigError(f"allowed_networks entries must be strings like "
                              f"\"127.0.0.0/8\", not {item!r}", path=path,
                              key="fetch.allowed_networks",
                              line=line_in_table(text, "fetch", "allowed_networks"))
    try:
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                                  for k, v in fetch.items()}
        FetchPolicy(**values)
    except ConfigError as e:
        key = e.key or ""
        raise ConfigError(e.message, path=path, key=f"fetch.{key}" if key else "fetch",
                          line=line_in_table(text, "fetch", key or None)) from None


def resolve_settings(*, db: str | None = None, sources: str | None = None,
                     archive: str | None = None, article: Path | None = None,
                     cwd: Path | None = None,
                     env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    ws_file = find_workspace(article, cwd)
    data = _load_workspace_file(ws_file) if ws_file else {}
    ws_dir = ws_file.parent if ws_file else cwd.resolve()
    ws = data.get("workspace", {})
    origins: dict[str, str] = {}

    def pick(flag: str | None, env_name: str, ws_key: str, default: str | None
             ) -> tuple[str | None, bool]:
        """The value and whether it is a path relative to the workspace."""
        if flag:
            origins[ws_key] = "flag"
            return flag, False
        if env.get(env_name):
            origins[ws_key] = env_name
            return env[env_name], False
        if ws_key in ws:
            origins[ws_key] = str(ws_file)
            return ws[ws_key], True
        origins[ws_key] = "default"
        return default, True

    db_val, rel = pick(db, ENV_DATABASE, "database", "db/verify.sqlite")
    assert db_val is not None
    if "://" not in db_val:
        p = Path(db_val).expanduser()
        db_val = "sqlite:///" + str((ws_dir / p) if rel and not p.is_absolute() else p.resolve())
    src_val, rel = pick(sources, ENV_SOURCES, "sources", None)
    src_path = None
    if src_val is not None:
        sp = Path(src_val).expanduser()
        src_path = ((ws_dir / sp) if rel and not sp.is_absolute() else sp).resolve()
    arc_val, rel = pick(archive, ENV_ARCHIVE, "archive", "archive")
    assert arc_val is not None
    ap = Path(arc_val).expanduser()
    arc_path = ((ws_dir / ap) if rel and not ap.is_absolute() else ap).resolve()
    return Settings(workspace=ws_dir, database_url=db_val, sources_path=src_path,
                    archive_path=arc_path, source_overrides=data.get("sources", {}),
                    publisher=data.get("publisher", {}), fetch=data.get("fetch", {}),
                    origins=origins, workspace_file=ws_file)
