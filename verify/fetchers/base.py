"""The fetcher contract and the registry of fetcher kinds.

A fetcher kind declares its options (validated when sources.toml loads),
`discover` — which documents would hold the evidence for a claim — and `fetch`
— the documents themselves, through the fetch layer handed to it in the
context. Fetchers never open sockets or files themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.metadata import entry_points
from typing import Any, ClassVar

from verify.errors import ConfigError


@dataclass(frozen=True)
class Option:
    """One option a fetcher kind accepts in its sources.toml table."""

    name: str
    type: type | tuple[type, ...]
    help: str
    required: bool = False
    default: Any = None


# Keys every source table may carry, whatever its kind.
COMMON_OPTIONS: tuple[Option, ...] = (
    Option("name", str, "human-readable name of the source", required=True),
    Option("kind", str, "fetcher kind that reads this source", required=True),
    Option("aliases", list, "names the articles use for this source", default=[]),
    Option("role", str, "'primary' or 'secondary'", default="secondary"),
    Option("outlet", bool, "a news outlet or agency: what an article says it reported is an "
           "attribution claim, checked against its reports", default=False),
    Option("covers", dict, "what claims it can answer: {entities = [...], facts = [...]}",
           default={}),
    Option("homepage", str, "the source's own site, for people"),
    Option("notes", str, "free text for people"),
)


@dataclass(frozen=True)
class DocumentRef:
    """A document that discovery says would hold evidence."""

    url: str
    source: str  # registry key
    why: str  # one line: how discovery chose it
    media_type: str | None = None


@dataclass(frozen=True)
class TypedFact:
    """A fact read from a structured record, compared field by field.

    `type` is declared in the registry's [facts.*] tables (e.g. "treaty_action",
    "vote"); `text` is a sentence rendering of the fields, used as a passage.
    """

    type: str
    fields: Mapping[str, Any]
    text: str


@dataclass(frozen=True)
class Document:
    """A fetched (or replayed, or rebuilt) document, parsed by its fetcher."""

    ref: DocumentRef
    fetched: Any  # verify.fetch.Fetched — what the fetch layer returned
    title: str | None = None
    text: str = ""
    language: str | None = None
    published: date | None = None
    author: str | None = None
    links: tuple[str, ...] = ()  # links of the main text (a source chain's next steps)
    other_links: tuple[str, ...] = ()  # the page's other links: menus, share buttons, …
    facts: tuple[TypedFact, ...] = ()
    record_date: date | None = None  # e.g. UNTC "status as at"
    parse_error: str | None = None
    no_text_pages: tuple[int, ...] = ()  # a PDF's pages with no text layer (scanned images)


Getter = Callable[[str], Awaitable[Any]]  # url -> verify.fetch.Fetched


@dataclass(frozen=True)
class FetchContext:
    """What a fetcher is handed: a way to get URLs, and the dates that matter."""

    get: Getter
    as_of: date | None = None
    published: date | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    # Responses a fetcher could not read (a listing whose JSON or XML does not
    # parse), as (url, Fetched, reason): the pipeline keeps each as a snapshot
    # with its reason and reports the work item as failed, instead of letting
    # "found nothing" stand for "could not read what was there".
    problems: list[tuple[str, Any, str]] = field(default_factory=list)

    def problem(self, url: str, fetched: Any, reason: str) -> None:
        self.problems.append((url, fetched, reason))


class Fetcher:
    """Base class of every fetcher kind."""

    kind: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    options: ClassVar[tuple[Option, ...]] = ()

    def __init__(self, key: str, config: Mapping[str, Any]) -> None:
        self.key = key
        self.config = dict(config)

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        raise NotImplementedError

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        raise NotImplementedError


_KINDS: dict[str, type[Fetcher]] = {}
_LOADED = False


def register(cls: type[Fetcher]) -> type[Fetcher]:
    """Register a fetcher class by its `kind`; refuse duplicates."""
    if not cls.kind:
        raise ConfigError(f"fetcher {cls.__qualname__} has no kind")
    existing = _KINDS.get(cls.kind)
    if existing is not None and existing is not cls:
        raise ConfigError(f"fetcher kind {cls.kind!r} registered twice "
                          f"({existing.__module__} and {cls.__module__})")
    _KINDS[cls.kind] = cls
    return cls


@cache
def _entry_points() -> tuple[Any, ...]:
    """The installed fetchers' entry points, read from the packages' metadata once."""
    return tuple(entry_points(group="verify.fetchers"))


def _load_entry_points() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for ep in _entry_points():
        register(ep.load())


def kinds() -> dict[str, type[Fetcher]]:
    """Every registered fetcher kind, built-in or installed."""
    _load_entry_points()
    return dict(_KINDS)


def fetcher_class(kind: str) -> type[Fetcher] | None:
    """The class of one kind: the entry points of that name are loaded first (a
    run importing the fetchers it uses, not every one); a kind whose entry point
    is named otherwise is found by loading them all."""
    cls = _KINDS.get(kind)
    if cls is None and not _LOADED:
        for ep in _entry_points():
            if ep.name == kind:
                register(ep.load())
        cls = _KINDS.get(kind)
    return cls if cls is not None else kinds().get(kind)


def option_schemas() -> dict[str, tuple[Option, ...]]:
    """The options of every registered kind, loading only the classes that do not
    declare them in verify.fetchers.options (third-party kinds): checking a
    registry then imports no built-in fetcher and none of their parsers."""
    from verify.fetchers.options import BUILTIN

    out = {kind: cls.options for kind, cls in _KINDS.items()}
    for ep in _entry_points():
        if ep.name in out:
            continue
        schema = BUILTIN.get(ep.name)
        if schema is not None and ep.value.startswith("verify.fetchers."):
            out[ep.name] = schema.options
        else:
            cls = ep.load()
            register(cls)
            out[cls.kind] = cls.options
    return out
