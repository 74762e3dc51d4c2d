"""Citations: attribution phrases, hyperlinks and named sources resolved to registry sources,
and routing by the registry's `covers` for claims that name no primary source.

Everything source-specific is data in the registry: aliases, hosts, covered
entities and fact types with their trigger words. No rule here names a source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from rapidfuzz import fuzz, process, utils

from verify.claims.model import CitationDraft
from verify.entities import EntityCatalog, build_catalog
from verify.registry import Registry

T = TypeVar("T")

# Phrases that introduce the one who reports, in English, Polish and Russian.
# The name is what follows, up to the next punctuation.
_NAME = (
    r"(?P<name>[^,.;:()\[\]—–\n]{2,80}?)"
    r"(?=\s*(?:[,.;:()\[\]—–]|\n|$|\s(?:that|which|who|as|on|in)\s))"
)
ATTRIBUTION_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:as\s+)?(?:reported|cited|quoted|published|confirmed|revealed)\s+by\s+{_NAME}",
        rf"\baccording\s+to\s+{_NAME}",
        # "…, LRT reported." — a name, then the verb, at the end of the sentence.
        r"(?:^|,\s+|—\s*)(?P<name>(?-i:[A-ZÀ-ÞА-ЯЁ])[^,.;:()—–\n]{1,60}?)\s+"
        r"(?:reported|reports|wrote|writes|said|says|announced)\s*[.!]?\s*$",
        rf"\b(?:citing|cites|cited)\s+{_NAME}",
        rf"\b(?:według|jak\s+podaje|podaje|jak\s+informuje|jak\s+podał[aoy]?|"
        rf"jak\s+poinformował[aoy]?|powołując\s+się\s+na|cytowan[yaei]\s+przez)\s+{_NAME}",
        rf"(?:\bкак\s+)?(?:сообщает|сообщил[аои]?|передает|передаёт|пишет|по\s+данным|"
        rf"по\s+сообщению|по\s+информации|по\s+словам|со\s+ссылкой\s+на)\s+{_NAME}",
    )
)


@dataclass(frozen=True)
class Attribution:
    name: str
    span: tuple[int, int]  # of the whole phrase, in the analysed text


def find_attributions(text: str) -> tuple[Attribution, ...]:
    out: list[Attribution] = []
    for pat in ATTRIBUTION_PATTERNS:
        for m in pat.finditer(text):
            name = re.sub(r"^(?:the|an?)\s+", "", m.group("name").strip(), flags=re.IGNORECASE)
            if name and not any(a.span[0] <= m.start() < a.span[1] for a in out):
                out.append(Attribution(name, m.span()))
    return tuple(sorted(out, key=lambda a: a.span))


@dataclass(frozen=True)
class SourceResolver:
    """Looks up sources by name (rapidfuzz over aliases), by host, and in running text."""

    registry: Registry
    aliases: tuple[tuple[str, str], ...]  # (alias, source key)
    hosts: tuple[tuple[str, str], ...]  # (host, source key)
    mentions: EntityCatalog  # source aliases as entities keyed "source:KEY"
    generic_web: str | None  # the source a link to an unknown site is read with

    def by_name(self, name: str) -> str | None:
        if not name.strip():
            return None
        names = [a for a, _ in self.aliases]
        # Whole-word containment first: "agency RIA Novosti" holds the alias "RIA Novosti".
        folded = utils.default_process(name)
        best: tuple[int, str] | None = None
        for alias, key in self.aliases:
            a = utils.default_process(alias)
            contained = a and len(a) >= 3 and re.search(rf"(?<!\w){re.escape(a)}(?!\w)", folded)
            if contained and (best is None or len(a) > best[0]):
                best = (len(a), key)
        if best is not None:
            return best[1]
        hit = process.extractOne(name, names, scorer=fuzz.ratio, processor=utils.default_process,
                                 score_cutoff=88)
        if hit is None:
            hit = process.extractOne(name, names, scorer=fuzz.token_sort_ratio,
                                     processor=utils.default_process, score_cutoff=90)
        return self.aliases[hit[2]][1] if hit is not None else None

    def by_url(self, url: str) -> str | None:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if not host:
            return None
        for h, key in self.hosts:
            if host == h or host.endswith("." + h):
                return key
        return None

    def mentioned(self, text: str) -> tuple[tuple[str, str], ...]:
        """(source key, words) for each source named in `text`."""
        return tuple(
            (e.key.removeprefix("source:"), e.text)
            for e in self.mentions.find(text, names=False)
            if e.key.startswith("source:")
        )


def per_registry(fn: Callable[[Registry], T]) -> Callable[[Registry], T]:
    """Cache one value per registry object (a Registry holds mappings: it is not hashable)."""
    memo: dict[int, tuple[Registry, T]] = {}

    def wrapper(registry: Registry) -> T:
        hit = memo.get(id(registry))
        if hit is None or hit[0] is not registry:
            hit = (registry, fn(registry))
            memo[id(registry)] = hit
        return hit[1]

    return wrapper


@per_registry
def resolver_for(registry: Registry) -> SourceResolver:
    aliases: list[tuple[str, str]] = []
    hosts: list[tuple[str, str]] = []
    generic: str | None = None
    for key, src in registry.sources.items():
        for alias in (src.name, *src.aliases):
            aliases.append((alias, key))
            if re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", alias.lower()):
                hosts.append((alias.lower().removeprefix("www."), key))
        urls = [v for k, v in src.options.items()
                if isinstance(v, str) and k.endswith(("url", "site"))]
        for url in urls:
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
            if host:
                hosts.append((host, key))
        if src.kind == "web_page" and not urls and generic is None:
            generic = key
    mentions = build_catalog(
        None, extra=[("source:" + k, "source", s.aliases) for k, s in registry.sources.items()],
        countries=False,
    )
    # Longer hosts first, so "web.archive.org" wins over "archive.org".
    hosts.sort(key=lambda h: -len(h[0]))
    return SourceResolver(registry, tuple(aliases), tuple(hosts), mentions, generic)


def cite_attribution(att: Attribution, resolver: SourceResolver) -> CitationDraft:
    return CitationDraft(att.name, resolver.by_name(att.name), False, None, "attribution")


def cite_link(text: str, href: str, resolver: SourceResolver) -> CitationDraft:
    key = resolver.by_url(href)
    return CitationDraft(text, key if key is not None else resolver.generic_web, False, href,
                         "hyperlink")


@per_registry
def _fact_patterns(registry: Registry) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for name, fact in registry.facts.items():
        # A fact type is named by its own words; its predicates' words ("left", "started")
        # only say how a claim already of that type is judged.
        words = set(fact.words)
        # One-word triggers of five letters or more take a short ending ("withdrawals").
        alts = sorted(
            (re.escape(w) + (r"[^\W\d_]{0,3}" if len(w) >= 5 and " " not in w else "")
             for w in words),
            key=len, reverse=True,
        )
        if alts:
            out.append((name, re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)", re.IGNORECASE)))
    return tuple(out)


def fact_types_of(text: str, registry: Registry) -> tuple[str, ...]:
    """The registry's fact types whose trigger words occur in `text`."""
    return tuple(name for name, pat in _fact_patterns(registry) if pat.search(text))


@per_registry
def _step_patterns(registry: Registry) -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    out = []
    for name, fact in registry.facts.items():
        for p in fact.predicates:
            if p.steps and p.words:
                alts = sorted((r"\s+".join(re.escape(w) for w in word.split())
                               for word in p.words), key=len, reverse=True)
                out.append((name, re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)",
                                             re.IGNORECASE), p.steps))
    return tuple(out)


def step_types_of(text: str, fact_types: Iterable[str], registry: Registry) -> tuple[str, ...]:
    """The fact types of the formal steps a process predicate of the claim counts
    ("initiated the process" of a withdrawal: a parliament's vote on it), so that
    routing reaches the sources that hold them."""
    types = set(fact_types)
    out: list[str] = []
    for name, pat, steps in _step_patterns(registry):
        if name in types and pat.search(text):
            out.extend(s for s in steps if s not in types and s not in out)
    return tuple(out)


def route(
    entity_keys: Iterable[str], fact_types: Iterable[str], registry: Registry,
    catalog: EntityCatalog,
) -> tuple[CitationDraft, ...]:
    """Inferred citations: the sources whose `covers` match an entity and a fact type."""
    keys: set[str] = set()
    for k in entity_keys:
        for e in catalog.expand(k):
            keys |= registry.entity_keys_for(e)
    out = []
    for key in registry.sources_covering(keys, set(fact_types)):
        src = registry.sources[key]
        out.append(CitationDraft(src.name, key, True, None, "covers"))
    return tuple(out)


def is_primary(citation: CitationDraft, registry: Registry) -> bool:
    src = registry.sources.get(citation.source or "")
    return src is not None and src.role == "primary"
