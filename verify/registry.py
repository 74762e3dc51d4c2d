"""The source registry: sources.toml loaded, validated and made immutable.

A broken file fails at load time with one `RegistryError` naming the file, the
line and the key — never later in the middle of a run. Source options are
validated against the options each fetcher kind declares.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from verify.errors import RegistryError
from verify.fetchers.base import COMMON_OPTIONS, Option, option_schemas

ROLES = ("primary", "secondary")
ENTITY_KINDS = ("country", "treaty", "body", "organization", "person", "other")
ENTITY_KEYS = {"kind": str, "aliases": list, "country": str, "notes": str,
               "mtdsg": str, "wikidata": str}
ID_KEYS = ("mtdsg", "wikidata")
FACT_KEYS = {"help": str, "fields": list, "words": list, "predicates": dict, "claim_kinds": list,
             "step": str, "agent_field": str, "effect": bool}
PREDICATE_KEYS = {"words": list, "date_field": str, "action": str, "help": str,
                  "share": float, "steps": list, "agent": bool, "act_words": list}


@dataclass(frozen=True)
class SourceEntry:
    key: str
    name: str
    aliases: tuple[str, ...]
    role: str
    kind: str
    covers_entities: tuple[str, ...]
    covers_facts: tuple[str, ...]
    options: Mapping[str, Any]  # the kind's own options, defaults filled in
    line: int = 0
    # A news outlet or agency: "reported by X" / "according to X" naming it is an
    # attribution claim of its own, checked against its reports.
    outlet: bool = False


@dataclass(frozen=True)
class EntityEntry:
    key: str
    kind: str
    aliases: tuple[str, ...]
    country: str | None  # ISO 3166 alpha-2 this entity stands for or belongs to
    ids: Mapping[str, str]  # keys in primary registries, e.g. {"mtdsg": "XXVI-5"}


@dataclass(frozen=True)
class Predicate:
    """How a verb phrase about a fact is judged, e.g. "have withdrawn" by date_effective."""

    name: str
    words: tuple[str, ...]
    date_field: str | None
    action: str | None
    share: float | None = None  # a minimum share, e.g. of votes, that the words claim
    # A process predicate ("initiated the process"): the fact types of other
    # primary records whose act is a formal step of the same process (a
    # parliament's vote); the earliest step on record, of these or of the
    # fact's own `date_field`, decides.
    steps: tuple[str, ...] = ()
    # An agent predicate ("formalized by B"): what B's record shows B did is
    # compared with the act named (verify.verdicts.process).
    agent: bool = False
    # The words that name the predicate's act in another record's title or topic
    # (any language; inflected endings allowed), for `steps` and `agent`; the
    # fact type's own words when not given.
    act_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactType:
    name: str
    fields: tuple[str, ...]
    words: tuple[str, ...]  # words that say a claim is about this kind of fact
    predicates: tuple[Predicate, ...]
    # claim kinds that are about this kind of fact whatever their words, when the
    # claim names its speaker (a quote or attribution is about what was said)
    claim_kinds: tuple[str, ...] = ()
    # What a record of this type is in law, in words for explanations ("a
    # notification to the depositary"); the field naming who acted; and whether
    # its act is the step that takes effect (a chamber's consent to a bill is not).
    step: str | None = None
    agent_field: str | None = None
    effect: bool = False


@dataclass(frozen=True)
class Registry:
    path: str
    sources: Mapping[str, SourceEntry]
    entities: Mapping[str, EntityEntry]
    facts: Mapping[str, FactType]

    def entity_keys_for(self, ref_key: str) -> frozenset[str]:
        """The registry keys an extracted entity key stands for ("country:PL" -> {"poland"})."""
        keys = {ref_key}
        if ref_key.startswith("country:"):
            code = ref_key.split(":", 1)[1]
            keys.update(e.key for e in self.entities.values()
                        if e.kind == "country" and e.country == code)
        return frozenset(keys)

    def sources_covering(self, entity_keys: set[str], fact_types: set[str]) -> tuple[str, ...]:
        """Sources whose `covers` match an entity and a fact type of a claim, by key order."""
        out = []
        for src in self.sources.values():
            if (set(src.covers_entities) & entity_keys) and (set(src.covers_facts) & fact_types):
                out.append(src.key)
        return tuple(sorted(out))


def default_registry_path() -> Path:
    """The checkout's root sources.toml, or the copy packaged in the wheel."""
    here = Path(__file__).resolve().parent
    packaged = here / "_defaults" / "sources.toml"
    if packaged.is_file():
        return packaged
    return here.parent / "sources.toml"


# ---------------------------------------------------------------- locating keys

def _line_of(text: str, table: str | None, key: str | None) -> int | None:
    """The line of `[table]` (or of `key = ` inside it) in the raw TOML text."""
    lines = text.splitlines()
    start = 0
    if table is not None:
        header = re.compile(r"^\s*\[\s*" + re.escape(table).replace(r"\.", r"\s*\.\s*")
                            + r"\s*\]\s*(#.*)?$")
        for i, line in enumerate(lines):
            if header.match(line):
                start = i
                break
        else:
            return None
        if key is None:
            return start + 1
    if key is not None:
        pat = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for i in range(start + (1 if table else 0), len(lines)):
            if table and i > start and re.match(r"^\s*\[", lines[i]):
                break
            if pat.match(lines[i]):
                return i + 1
        return start + 1 if table else None
    return None


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             list: "a list", dict: "a table"}
    if isinstance(t, tuple):
        return " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


def _check_type(value: Any, t: type | tuple[type, ...]) -> bool:
    types = t if isinstance(t, tuple) else (t,)
    if bool in types:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, types)


# ---------------------------------------------------------------- loading

def load_registry(path: str | Path | None = None,
                  overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Registry:
    """Load and validate a registry; `overrides` changes only the keys it names
    (a workspace's `[sources.X]` tables in verify.toml)."""
    p = Path(path) if path is not None else default_registry_path()
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise RegistryError(f"cannot read the source registry: {e.strerror}", path=p) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise RegistryError("not UTF-8 text", path=p, line=line) from None
    return parse_registry(text, p, overrides)


def parse_registry(text: str, path: str | Path,
                   overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Registry:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise RegistryError(f"invalid TOML: {msg}", path=path,
                            line=int(m.group(1)) if m else None) from None

    def fail(msg: str, table: str | None, key: str | None = None) -> RegistryError:
        return RegistryError(msg, path=path, line=_line_of(text, table, key),
                             key=f"{table}.{key}" if table and key else (table or key))

    for top in data:
        if top not in ("sources", "entities", "facts"):
            raise fail("unknown top-level table (expected sources, entities, facts)", top)

    facts = _load_facts(data.get("facts", {}), fail)
    entities = _load_entities(data.get("entities", {}), fail)
    sources = _load_sources(data.get("sources", {}), overrides or {}, fail, text,
                            set(entities), set(facts))
    if not sources:
        # A registry with no source cannot verify anything: every claim would come out
        # source_unreachable, which reads like a finding about the article.
        raise RegistryError("the registry defines no source (add a [sources.KEY] table)",
                            path=path, line=_line_of(text, "sources", None))
    return Registry(path=str(path), sources=MappingProxyType(sources),
                    entities=MappingProxyType(entities), facts=MappingProxyType(facts))


def _load_sources(tables: Any, overrides: Mapping[str, Mapping[str, Any]], fail: Any,
                  text: str, entity_keys: set[str], fact_keys: set[str]) -> dict[str, SourceEntry]:
    if not isinstance(tables, dict):
        raise fail("must be a table of sources", "sources")
    registered = option_schemas()
    origin = getattr(overrides, "path", None)  # verify.toml, when the overrides carry it

    def fail_at(msg: str, key: str, option: str | None = None) -> RegistryError:
        """An error in a value the workspace overrides is reported at verify.toml's line."""
        given = overrides.get(key)
        if key in overrides and (option is None
                                 or (isinstance(given, Mapping) and option in given)):
            line_of = getattr(overrides, "line", None)
            line = line_of(key, option) if line_of is not None else None
            where = f"sources.{key}" + (f".{option}" if option else "")
            return RegistryError(msg, path=origin or "verify.toml", line=line, key=where)
        return fail(msg, f"sources.{key}", option)  # type: ignore[no-any-return]

    out: dict[str, SourceEntry] = {}
    for key in list(tables) + [k for k in overrides if k not in tables]:
        table = f"sources.{key}"
        if key not in tables:
            raise fail_at("the workspace overrides a source the registry does not have "
                          f"(known: {', '.join(sorted(tables)) or 'none'})", key)
        if key in overrides and not isinstance(overrides[key], Mapping):
            raise fail_at("must be a table of options", key)
        body = tables[key]
        if not isinstance(body, dict):
            raise fail("must be a table", table)
        body = {**body, **dict(overrides.get(key, {}))}
        kind = body.get("kind")
        if kind is None:
            raise fail("missing option 'kind'", table)
        if not isinstance(kind, str):
            raise fail_at("'kind' must be a string", key, "kind")
        if kind not in registered:
            known = ", ".join(sorted(registered)) or "none installed"
            raise fail_at(f"unknown fetcher kind {kind!r} (known: {known})", key, "kind")
        declared: dict[str, Option] = {o.name: o for o in COMMON_OPTIONS}
        declared.update({o.name: o for o in registered[kind]})
        for opt_name, value in body.items():
            opt = declared.get(opt_name)
            if opt is None:
                raise fail_at(f"unknown option {opt_name!r} for kind {kind!r} "
                              f"(known: {', '.join(sorted(declared))})", key, opt_name)
            if not _check_type(value, opt.type):
                raise fail_at(f"option {opt_name!r} must be {_type_name(opt.type)}, "
                              f"not {type(value).__name__}", key, opt_name)
        for opt in declared.values():
            if opt.required and opt.name not in body:
                raise fail(f"missing option {opt.name!r} (required by kind {kind!r})", table)
        role = body.get("role", "secondary")
        if role not in ROLES:
            raise fail_at(f"role must be one of {', '.join(ROLES)}", key, "role")
        covers = body.get("covers", {})
        for ck in covers:
            if ck not in ("entities", "facts"):
                raise fail(f"unknown key {ck!r} in covers (expected entities, facts)",
                           table, "covers")
        c_ent = tuple(covers.get("entities", ()))
        c_fact = tuple(covers.get("facts", ()))
        for e in c_ent:
            if e not in entity_keys:
                raise fail(f"covers an unknown entity {e!r}", table, "covers")
        for f in c_fact:
            if f not in fact_keys:
                raise fail(f"covers an unknown fact type {f!r}", table, "covers")
        own = {o.name: body.get(o.name, o.default) for o in registered[kind]}
        out[key] = SourceEntry(
            key=key, name=body["name"], aliases=tuple(body.get("aliases", ())), role=role,
            kind=kind, covers_entities=c_ent, covers_facts=c_fact,
            options=MappingProxyType(own), line=_line_of(text, table, None) or 0,
            outlet=bool(body.get("outlet", False)))
    return out


def _check_keys(body: Any, allowed: Mapping[str, type], table: str, fail: Any) -> None:
    if not isinstance(body, dict):
        raise fail("must be a table", table)
    for k, v in body.items():
        if k not in allowed:
            raise fail(f"unknown key {k!r} (known: {', '.join(sorted(allowed))})", table, k)
        if not _check_type(v, allowed[k]):
            raise fail(f"{k!r} must be {_type_name(allowed[k])}", table, k)


def _load_entities(tables: Any, fail: Any) -> dict[str, EntityEntry]:
    out: dict[str, EntityEntry] = {}
    for key, body in tables.items():
        table = f"entities.{key}"
        _check_keys(body, ENTITY_KEYS, table, fail)
        kind = body.get("kind", "other")
        if kind not in ENTITY_KINDS:
            raise fail(f"kind must be one of {', '.join(ENTITY_KINDS)}", table, "kind")
        out[key] = EntityEntry(
            key=key, kind=kind, aliases=tuple(body.get("aliases", ())),
            country=body.get("country"),
            ids=MappingProxyType({k: body[k] for k in ID_KEYS if k in body}))
    return out


def _load_facts(tables: Any, fail: Any) -> dict[str, FactType]:
    out: dict[str, FactType] = {}
    for name, body in tables.items():
        table = f"facts.{name}"
        _check_keys(body, FACT_KEYS, table, fail)
        preds = []
        for pname, pbody in body.get("predicates", {}).items():
            ptable = f"{table}.predicates.{pname}"
            _check_keys(pbody, PREDICATE_KEYS, ptable, fail)
            date_field = pbody.get("date_field")
            if date_field is not None and date_field not in body.get("fields", ()):
                raise fail(f"date_field {date_field!r} is not one of the fact's fields",
                           ptable, "date_field")
            preds.append(Predicate(pname, tuple(pbody.get("words", ())), date_field,
                                   pbody.get("action"), pbody.get("share"),
                                   tuple(pbody.get("steps", ())), bool(pbody.get("agent")),
                                   tuple(pbody.get("act_words", ()))))
        kinds = body.get("claim_kinds", [])
        if not all(isinstance(k, str) for k in kinds):
            raise fail("claim_kinds must be a list of claim kinds", table, "claim_kinds")
        agent_field = body.get("agent_field")
        if agent_field is not None and agent_field not in body.get("fields", ()):
            raise fail(f"agent_field {agent_field!r} is not one of the fact's fields", table,
                       "agent_field")
        out[name] = FactType(name, tuple(body.get("fields", ())), tuple(body.get("words", ())),
                             tuple(preds), tuple(kinds), body.get("step"), agent_field,
                             bool(body.get("effect", False)))
    for name, ft in out.items():
        for p in ft.predicates:
            for step in p.steps:
                if step not in out:
                    raise fail(f"steps names an unknown fact type {step!r}",
                               f"facts.{name}.predicates.{p.name}", "steps")
    return out
