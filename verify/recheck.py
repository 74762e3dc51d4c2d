"""Drift: fetch a run's evidence again and say, quote by quote, whether it still stands.

Every evidence quote of a run's verdicts is classified with one drift word:
`unchanged`, `changed_quote_anchors`, `quote_gone`, `page_gone` or `redirected`.
A recheck stores the new snapshots (and the archive keeps the new records) but
never changes a verdict: it tells which verdicts' evidence moved.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import select

from verify.errors import ConfigError, InputError, VerifyError
from verify.fetch import Archive, ArchiveReplay, FetchPolicy, HttpFetcher, canonical_url
from verify.fetch.model import OK_STATUSES, failure
from verify.fetchers.base import Document, DocumentRef, FetchContext, Getter, fetcher_class
from verify.registry import Registry
from verify.store import Store
from verify.store import models as m
from verify.verdicts.anchors import reanchor

DRIFTS = ("unchanged", "changed_quote_anchors", "quote_gone", "page_gone", "redirected")
SHORT = 12  # hex digits of a sha256 shown on a line

Progress = Callable[[str], None]


def _quiet(_msg: str) -> None:
    return None


# ---------------------------------------------------------------------- values


@dataclass(frozen=True)
class EvidenceQuote:
    """One evidence quote of a verdict, with the snapshot it was read from."""

    claim_id: str
    source: str
    snapshot_id: str | None
    requested_url: str  # what is fetched again
    final_url: str  # where the recorded fetch ended
    sha256: str | None
    exact: str
    prefix: str
    suffix: str
    start: int  # -1 for a typed fact not anchored in the text
    end: int


@dataclass(frozen=True)
class Refetched:
    """What fetching a snapshot's URL again gave, parsed by its source's fetcher."""

    requested_url: str
    source: str
    status: str
    reason: str
    final_url: str
    sha256: str | None
    text: str
    fact_texts: tuple[str, ...]
    snapshot_id: str | None  # the new snapshot row

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES


@dataclass(frozen=True)
class Drift:
    """The drift of one evidence quote."""

    claim_id: str
    drift: str  # one of DRIFTS
    source: str
    url: str  # the URL fetched again
    old_final_url: str
    new_final_url: str
    old_sha256: str | None
    new_sha256: str | None
    old_snapshot: str | None
    new_snapshot: str | None
    old_position: tuple[int, int]
    new_position: tuple[int, int] | None  # None: the quote is not there (or no page)
    exact: str
    reason: str

    def line(self) -> str:
        """claim id, drift word, URL, old→new sha256 (short): one tab-separated line."""
        old = (self.old_sha256 or "-")[:SHORT]
        new = (self.new_sha256 or "-")[:SHORT]
        return f"{self.claim_id}\t{self.drift}\t{self.url}\t{old}→{new}"

    def to_json(self) -> dict[str, Any]:
        return {"claim": self.claim_id, "drift": self.drift, "source": self.source,
                "url": self.url, "old_final_url": self.old_final_url,
                "new_final_url": self.new_final_url, "old_sha256": self.old_sha256,
                "new_sha256": self.new_sha256, "old_snapshot": self.old_snapshot,
                "new_snapshot": self.new_snapshot, "old_position": list(self.old_position),
                "new_position": list(self.new_position) if self.new_position else None,
                "quote": self.exact, "reason": self.reason}


@dataclass(frozen=True)
class RecheckResult:
    run_id: str
    as_of: date
    offline: bool
    drifts: tuple[Drift, ...]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(DRIFTS, 0)
        for d in self.drifts:
            out[d.drift] += 1
        return out

    def summary(self) -> str:
        counts = self.counts()
        urls = len({d.url for d in self.drifts})
        moved = len({d.claim_id for d in self.drifts if d.drift != "unchanged"})
        parts = ", ".join(f"{n} {word}" for word, n in counts.items() if n)
        return (f"recheck of run {self.run_id} as of {self.as_of.isoformat()}: "
                f"{len(self.drifts)} evidence quote(s) from {urls} URL(s): {parts or 'none'}; "
                f"{moved} verdict(s) rest on evidence that moved")

    def to_json(self) -> dict[str, Any]:
        return {"run": self.run_id, "as_of": self.as_of.isoformat(), "offline": self.offline,
                "summary": self.counts(), "drift": [d.to_json() for d in self.drifts]}


# ---------------------------------------------------------------------- classifying


def locate(quote: EvidenceQuote, new: Refetched) -> tuple[int, int] | None:
    """Where the quote is in the new document: its span in the text, (-1, -1) for a
    typed fact found again among the new facts, or None when it is gone."""
    if quote.start < 0:  # a fact that was never anchored in the text: match facts first
        if quote.exact in new.fact_texts:
            return (-1, -1)
        return reanchor(new.text, quote.exact, hint=None)
    found = reanchor(new.text, quote.exact, quote.prefix, quote.suffix, hint=quote.start)
    if found is None and quote.exact in new.fact_texts:
        return (-1, -1)
    return found


def classify(quote: EvidenceQuote, new: Refetched) -> Drift:
    """The drift word of one quote, given what its URL gives now.

    A failed fetch is `page_gone`; a fetch that ends at another URL is `redirected`
    (whatever the content); then the same payload is `unchanged`; else the quote
    re-anchors (`changed_quote_anchors`) or not (`quote_gone`).
    """
    position = locate(quote, new) if new.ok else None
    reason = ""
    if not new.ok:
        word, reason = "page_gone", f"{new.status}: {new.reason}" if new.reason else new.status
    elif canonical_url(new.final_url) != canonical_url(quote.final_url):
        word = "redirected"
        reason = (f"now ends at {new.final_url}; the quote "
                  + ("is still there" if position is not None else "is not there"))
    elif quote.sha256 is not None and new.sha256 == quote.sha256:
        word = "unchanged"
    elif position is not None:
        word = "changed_quote_anchors"
        if position != (quote.start, quote.end):
            reason = f"the quote moved from {quote.start}..{quote.end} to " \
                     f"{position[0]}..{position[1]}"
    else:
        word = "quote_gone"
        reason = "the content changed and the quote is no longer in it"
    return Drift(claim_id=quote.claim_id, drift=word, source=quote.source,
                 url=quote.requested_url, old_final_url=quote.final_url,
                 new_final_url=new.final_url, old_sha256=quote.sha256, new_sha256=new.sha256,
                 old_snapshot=quote.snapshot_id, new_snapshot=new.snapshot_id,
                 old_position=(quote.start, quote.end), new_position=position,
                 exact=quote.exact, reason=reason)


# ---------------------------------------------------------------------- the run's evidence


def latest_as_of(store: Store, run_id: str) -> date:
    """The latest date the run's rules judged on."""
    with store.session() as s:
        run = s.get(m.Run, run_id)
        if run is None:
            raise InputError(f"no run {run_id!r} in the database")
        dates = {v.as_of for v in s.exec(select(m.Verdict).where(
            m.Verdict.run_id == run_id,
            m.Verdict.decided_by == f"rules:{run.ruleset_version}")).all()}
    if not dates:
        raise InputError(f"run {run_id} has no verdicts yet: run `verify match` first")
    return max(dates)


def evidence_of_run(store: Store, run_id: str, as_of: date,
                    sources: Iterable[str] = ()) -> tuple[EvidenceQuote, ...]:
    """Every evidence quote of the run's rule verdicts on `as_of`, claims in article
    order (only those from `sources`, when given)."""
    wanted = set(sources)
    out: list[EvidenceQuote] = []
    with store.session() as s:
        run = s.get(m.Run, run_id)
        if run is None:
            raise InputError(f"no run {run_id!r} in the database")
        claims = s.exec(select(m.Claim).where(m.Claim.article_id == run.article_id)).all()
        order = {c.id: n for n, c in enumerate(
            sorted(claims, key=lambda c: (c.span_start, c.ordinal, c.id)))}
        verdicts = sorted(s.exec(select(m.Verdict).where(
            m.Verdict.run_id == run_id, m.Verdict.as_of == as_of,
            m.Verdict.decided_by == f"rules:{run.ruleset_version}")).all(),
            key=lambda v: (order.get(v.claim_id, len(order)), v.claim_id))
        for v in verdicts:
            for e in (v.detail or {}).get("value", {}).get("evidence", []):
                if wanted and e["source"] not in wanted:
                    continue
                snap = _snapshot_of(s, e)
                out.append(EvidenceQuote(
                    claim_id=v.claim_id, source=e["source"],
                    snapshot_id=snap.id if snap else None,
                    requested_url=snap.requested_url if snap else e["url"],
                    final_url=snap.final_url if snap else e["url"],
                    sha256=e.get("snapshot_sha256"), exact=e["selector"]["exact"],
                    prefix=e["selector"]["prefix"], suffix=e["selector"]["suffix"],
                    start=int(e["position"]["start"]), end=int(e["position"]["end"])))
    return tuple(out)


def _snapshot_of(s: Any, e: Mapping[str, Any]) -> m.Snapshot | None:
    """The snapshot an evidence quote was read from: through its passage, else by URL
    and payload digest (a passage row may be missing; the verdict keeps its evidence)."""
    passage = s.get(m.Passage, e.get("passage_id"))
    if passage is not None:
        snap = s.get(m.Snapshot, passage.snapshot_id)
        if snap is not None:
            return snap  # type: ignore[no-any-return]
    rows = s.exec(select(m.Snapshot).where(m.Snapshot.final_url == e["url"],
                                           m.Snapshot.payload_sha256 == e.get("snapshot_sha256"))
                  .order_by(m.Snapshot.id)).all()
    return rows[0] if rows else None


# ---------------------------------------------------------------------- fetching again


def store_snapshot(store: Store, doc: Document, source_key: str) -> str:
    """Write a fetched document as a snapshot row with its passages, as the pipeline
    does (same id rules, so an unchanged page is the same row); returns its id."""
    from verify.pipeline import _write_document  # the one writer of snapshot rows

    with store.session() as s:
        snap_id = _write_document(s, doc, source_key)
        s.commit()
    return snap_id


def _kind_of(store: Store, registry: Registry, source: str) -> str | None:
    entry = registry.sources.get(source)
    if entry is not None:
        return entry.kind
    with store.session() as s:  # a source since dropped from the registry: the run's copy
        row = s.get(m.Source, source)
        return row.kind if row is not None else None


async def refetch(url: str, source: str, kind: str | None, registry: Registry, get: Getter,
                  as_of: date | None = None) -> Document:
    """The URL fetched again and parsed by the source's fetcher kind. Never raises for
    a failed fetch or parse: the Document carries the failure."""
    ref = DocumentRef(url, source, "recheck")
    cls = fetcher_class(kind) if kind else None
    if cls is None:
        fetched = await get(url)
        return Document(ref=ref, fetched=fetched, text=fetched.text or "",
                        parse_error=f"no fetcher of kind {kind!r} for source {source}")
    config = registry.sources[source].options if source in registry.sources else {}
    ctx = FetchContext(get=get, as_of=as_of, extra={"registry": registry})
    try:
        docs = await cls(source, config).fetch(ref, ctx)
    except VerifyError as e:  # a fetcher that fails is data, as in the pipeline
        return Document(ref=ref, fetched=failure(url, "source_unreachable", str(e),
                                                 datetime.now(UTC)), parse_error=str(e))
    if not docs:
        return Document(ref=ref, fetched=failure(url, "source_unreachable",
                                                 "the fetcher returned no document",
                                                 datetime.now(UTC)))
    return next((d for d in docs if d.fetched.requested_url == url), docs[0])


def refetched_of(doc: Document, source: str, snapshot_id: str | None) -> Refetched:
    f = doc.fetched
    # An error page is archived with its digest, but it is not the document: no sha256.
    return Refetched(requested_url=doc.ref.url, source=source, status=f.status,
                     reason=f.reason or (doc.parse_error or ""), final_url=f.final_url,
                     sha256=f.payload_sha256 if f.status in OK_STATUSES else None,
                     text=doc.text or "",
                     fact_texts=tuple(t.text for t in doc.facts), snapshot_id=snapshot_id)


async def recheck_run(store: Store, run_id: str, *, get: Getter, registry: Registry,
                      as_of: date | None = None, sources: Iterable[str] = (),
                      offline: bool = False, progress: Progress = _quiet) -> RecheckResult:
    """Fetch every evidence snapshot's URL of a run again and classify each quote."""
    unknown = sorted(set(sources) - set(registry.sources))
    if unknown:
        raise ConfigError(f"no such source: {', '.join(unknown)}", key="--source")
    when = as_of or latest_as_of(store, run_id)
    quotes = evidence_of_run(store, run_id, when, sources)
    targets = list(dict.fromkeys((q.requested_url, q.source) for q in quotes))
    progress(f"recheck: {len(quotes)} evidence quote(s), {len(targets)} URL(s) to fetch again")
    docs = await asyncio.gather(*(refetch(url, src, _kind_of(store, registry, src), registry,
                                          get, when) for url, src in targets))
    seen: dict[tuple[str, str], Refetched] = {}
    for (url, src), doc in zip(targets, docs, strict=True):
        seen[(url, src)] = refetched_of(doc, src, store_snapshot(store, doc, src))
    drifts = tuple(classify(q, seen[(q.requested_url, q.source)]) for q in quotes)
    return RecheckResult(run_id, when, offline, drifts)


@asynccontextmanager
async def fetch_layer(archive_root: Any, fetch_settings: Mapping[str, Any],
                      offline: bool) -> AsyncIterator[Getter]:
    """The getter a recheck uses: live HTTP into the archive, or replay from it."""
    archive = Archive(archive_root)
    policy = FetchPolicy(**dict(fetch_settings))
    try:
        if offline:
            yield ArchiveReplay(archive, max_redirects=policy.max_redirects,
                                max_body_bytes=policy.max_body_bytes).get
        else:
            async with HttpFetcher(policy, archive) as http:
                yield http.get
    finally:
        archive.close()


def recheck(store: Store, settings: Any, run_id: str, *, registry: Registry,
            as_of: date | None = None, sources: Iterable[str] = (), offline: bool = False,
            progress: Progress = _quiet) -> RecheckResult:
    """`verify recheck`: the workspace's fetch layer, then `recheck_run`. Call outside
    an event loop."""
    async def run() -> RecheckResult:
        async with fetch_layer(settings.archive_path, settings.fetch, offline) as get:
            return await recheck_run(store, run_id, get=get, registry=registry, as_of=as_of,
                                     sources=sources, offline=offline, progress=progress)

    return asyncio.run(run())


def drift_json(result: RecheckResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
