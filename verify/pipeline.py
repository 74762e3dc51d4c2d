"""The pipeline: article -> claims -> discover + fetch -> evidence -> verdicts.

Every stage goes through the work queue, one transaction per work item, so a
run that is killed resumes where it stopped and several workers (processes,
machines) can share one PostgreSQL database. The stages themselves are pure
functions in `verify.claims`, `verify.fetchers` and `verify.verdicts`; this
module only feeds them and writes what they return.

A run is identified by what determines its claims and sources (the article,
the corrections, the configuration, the tool and rule versions). Its stages:

    claims                 one item: the article
    fetch:<live|offline>   one item per (claim, cited or routed source)
    judge@<as-of>          one item per claim without parts
    parents@<as-of>        one item per compound claim, after its parts
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from verify import __version__
from verify.config import Settings
from verify.errors import InputError, VerifyError
from verify.ids import content_id
from verify.registry import Registry, load_registry
from verify.store import Store
from verify.store import models as m
from verify.store.queue import Claimed, WorkQueue, utcnow

Progress = Callable[[str], None]


def _quiet(_msg: str) -> None:
    return None


@dataclass(frozen=True)
class ArticleRequest:
    location: str  # a path or an http(s) URL
    published: date | None = None
    url: str | None = None
    publisher: str | None = None


def parse_date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} must be a date as YYYY-MM-DD, not {value!r}") from None


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


class Pipeline:
    """Runs the stages of one workspace against one store."""

    def __init__(self, store: Store, settings: Settings, *, registry: Registry | None = None,
                 offline: bool = False, progress: Progress = _quiet,
                 clock: Callable[[], datetime] = utcnow, holder: str | None = None,
                 getter: Any = None, download_progress: Any = None) -> None:
        self.store = store
        self.settings = settings
        self.registry = registry or load_registry(settings.sources_path,
                                                  settings.source_overrides)
        self.offline = offline
        self.progress = progress
        self.clock = clock
        self.queue = WorkQueue(store.engine, holder=holder, clock=clock)
        self._getter = getter
        self._download_progress = download_progress
        self._loop: asyncio.AbstractEventLoop | None = None
        self._claims_cache: dict[str, tuple[Any, ...]] = {}
        self._articles: dict[str, Any] = {}

    # ------------------------------------------------------------------ I/O at the edge

    @property
    def mode(self) -> str:
        return "offline" if self.offline else "live"

    def _run_async(self, coro: Any) -> Any:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(coro)

    def getter(self) -> Any:
        """The fetch layer: replay from the archive offline, else HTTP into it."""
        if self._getter is None:
            from verify.fetch import Archive, ArchiveReplay, FetchPolicy, HttpFetcher

            archive = Archive(self.settings.archive_path)
            policy = FetchPolicy(**_policy_fields(self.settings.fetch))
            if self.offline:
                self._getter = ArchiveReplay(archive, max_redirects=policy.max_redirects,
                                             max_body_bytes=policy.max_body_bytes)
            else:
                self._getter = HttpFetcher(policy, archive, progress=self._download_progress)
        return self._getter

    def close(self) -> None:
        if self._getter is not None and hasattr(self._getter, "aclose"):
            self._run_async(self._getter.aclose())
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    # ------------------------------------------------------------------ the article

    def load_article(self, req: ArticleRequest) -> Any:
        from verify.claims import article_from_bytes, load_article

        if not is_url(req.location):
            return load_article(Path(req.location), published=req.published, url=req.url,
                                publisher=req.publisher)
        fetched = self._run_async(self.getter().get(req.location, source="article"))
        if not fetched.ok:
            raise InputError(f"cannot fetch the article ({fetched.status}: {fetched.reason})",
                             path=req.location)
        return article_from_bytes(fetched.body, location=req.location,
                                  media_type=fetched.media_type, published=req.published,
                                  url=req.url or fetched.final_url, publisher=req.publisher)

    def _corrections(self, article_id: str) -> list[m.Correction]:
        with self.store.session() as s:
            rows = s.exec(select(m.Correction).where(m.Correction.article_id == article_id)
                          .order_by(col(m.Correction.at), col(m.Correction.id))).all()
            return list(rows)

    def claims_of(self, article: Any) -> tuple[Any, ...]:
        """The extracted claims with the people's corrections applied (memoised)."""
        if article.sha256 not in self._claims_cache:
            from verify.claims import extract_claims
            from verify.corrections import apply_corrections

            drafts = extract_claims(article, self.registry)
            fixed = apply_corrections(drafts, self._corrections(article.sha256), article,
                                      self.registry)
            self._claims_cache[article.sha256] = fixed
        return self._claims_cache[article.sha256]

    def run_id_for(self, article: Any) -> str:
        corrections = [(c.id, c.action, c.fields) for c in self._corrections(article.sha256)]
        from verify.verdicts import RULESET

        return content_id("r", article.sha256, __version__, RULESET,
                          self.settings.config_hash(), corrections)

    def open_run(self, article: Any) -> str:
        from verify.verdicts import RULESET

        run_id = self.run_id_for(article)
        self._articles[run_id] = article
        now = self.clock()
        for attempt in range(5):  # another worker may be opening the same run right now
            try:
                with self.store.session() as s:
                    if s.get(m.Article, article.sha256) is None:
                        s.add(_article_row(article, now))
                    if s.get(m.Run, run_id) is None:
                        s.add(m.Run(id=run_id, article_id=article.sha256,
                                    tool_version=__version__, ruleset_version=RULESET,
                                    config_hash=self.settings.config_hash(),
                                    inputs={"article": article.location,
                                            "sha256": article.sha256},
                                    options={}, started_at=now))
                    _sync_sources(s, self.registry)
                    s.commit()
                break
            except (IntegrityError, OperationalError):
                if attempt == 4:
                    raise
                time.sleep(0.1 * (attempt + 1))
        return run_id

    def article_for_run(self, run_id: str) -> Any:
        """The article value of a run (re-read from the store, e.g. in `verify fetch`)."""
        if run_id not in self._articles:
            from verify.claims import Article

            with self.store.session() as s:
                run = s.get(m.Run, run_id)
                if run is None or run.article_id is None:
                    raise InputError(f"no run {run_id!r} in the database")
                row = s.get(m.Article, run.article_id)
                assert row is not None
            self._articles[run_id] = Article(
                text=row.text, sha256=row.sha256, location=row.location,
                media_type=row.media_type or "text/plain", title=row.title, url=row.url,
                publisher=row.publisher, published=row.published, language=row.language)
        return self._articles[run_id]

    # ------------------------------------------------------------------ stage: claims

    def stage_claims(self, run_id: str) -> tuple[Any, ...]:
        article = self.article_for_run(run_id)
        self.queue.enqueue(run_id, "claims", [(article.sha256, {})])

        def handle(_item: Claimed) -> Callable[[Session], None]:
            claims = self.claims_of(article)
            return lambda s: _write_claims(s, article, claims)

        self.queue.drain(run_id, "claims", handle)
        claims = self.claims_of(article)
        self.progress(f"claims: {len(claims)} claims from {article.location}")
        return claims

    # ------------------------------------------------------------------ stage: fetch

    def stage_fetch(self, run_id: str, as_of: date) -> None:
        """Discover and fetch for every (claim, source) pair. Discovery looks no
        later than `as_of`: a document published after the date a claim is judged
        on cannot be what the article relied on."""
        article = self.article_for_run(run_id)
        claims = {c.id: c for c in self.claims_of(article)}
        items = []
        for claim in claims.values():
            for source in sorted({c.source for c in claim.citations if c.source}):
                items.append((f"{source}|{claim.id}", {"claim": claim.id, "source": source}))
        stage = f"fetch:{self.mode}@{as_of.isoformat()}"
        self.queue.enqueue(run_id, stage, items)
        total = len(items)
        done = [0]

        def handle(item: Claimed) -> Callable[[Session], None]:
            claim = claims[item.payload["claim"]]
            return self._discover_and_fetch(run_id, claim, item.payload["source"], article,
                                            as_of)

        def tick(_item: Claimed) -> None:
            done[0] += 1
            self.progress(f"fetch: {done[0]}/{total} (claim, source) pairs")

        self.queue.drain(run_id, stage, handle, tick)

    def _discover_and_fetch(self, run_id: str, claim: Any, source_key: str,
                            article: Any, as_of: date) -> Callable[[Session], None]:
        from verify.fetchers.base import FetchContext, fetcher_class

        src = self.registry.sources.get(source_key)
        links: list[tuple[Any, str, str, str]] = []  # (document, url, status, reason)
        if src is None or (cls := fetcher_class(src.kind)) is None:
            links.append((None, "", "source_unreachable", f"no fetcher for source {source_key}"))
        else:
            fetcher = cls(src.key, src.options)
            citation = next(c for c in claim.citations if c.source == source_key)
            ctx = FetchContext(get=self.getter().get, as_of=as_of, published=article.published,
                               extra={"registry": self.registry,
                                      "entities": self._article_entities(article)})
            try:
                refs = self._run_async(fetcher.discover(citation, claim, ctx))
                if not refs:
                    links.append((None, "", "source_unreachable",
                                  "discovery found no document that would hold the evidence"))
                for ref in refs:
                    for doc in self._run_async(fetcher.fetch(ref, ctx)):
                        links.append((doc, doc.ref.url, doc.fetched.status,
                                      doc.parse_error or doc.fetched.reason))
            except VerifyError as e:  # a source that fails is data, not a crash
                links.append((None, "", "source_unreachable", str(e)))

        def write(s: Session) -> None:
            for doc, url, status, reason in links:
                snap_id = _write_document(s, doc, source_key) if doc is not None else None
                s.merge(m.ClaimSource(
                    id=content_id("l", run_id, claim.id, as_of.isoformat(), source_key,
                                  snap_id or reason, url),
                    run_id=run_id, claim_id=claim.id, as_of=as_of, source_key=source_key,
                    snapshot_id=snap_id, url=url or None,
                    why=doc.ref.why if doc is not None else "", status=status,
                    reason=reason or ""))

        return write

    def _article_entities(self, article: Any) -> tuple[str, ...]:
        """The entities the whole article names, most named first: the topic a
        claim that names none ("the Sejm voted") is about."""
        counts: dict[str, int] = {}
        for claim in self.claims_of(article):
            for ent in claim.slots.entities:
                counts[ent.key] = counts.get(ent.key, 0) + 1
        return tuple(sorted(counts, key=lambda k: (-counts[k], k)))

    def fetch_url(self, url: str) -> m.Snapshot:
        """`verify fetch URL`: one page through the `web_page` kind into archive and store."""
        from verify.fetchers.base import DocumentRef, FetchContext, fetcher_class

        generic = next((k for k, src in sorted(self.registry.sources.items())
                        if src.kind == "web_page" and not src.options.get("site")), None)
        cls = fetcher_class("web_page")
        if cls is None:
            raise InputError("no fetcher of kind web_page is installed")
        key = generic or "web"
        fetcher = cls(key, self.registry.sources[key].options if generic else {})
        ctx = FetchContext(get=self.getter().get, extra={"registry": self.registry})
        docs = self._run_async(fetcher.fetch(DocumentRef(url, key, "asked for by URL"), ctx))
        with self.store.session() as s:
            snap_id = _write_document(s, docs[0], key)
            s.commit()
            row = s.get(m.Snapshot, snap_id)
            assert row is not None
            return row

    def fetch_summary(self, run_id: str, as_of: date | None = None) -> list[str]:
        """One line per (claim, source, document) that discovery found, or did not."""
        with self.store.session() as s:
            q = select(m.ClaimSource).where(m.ClaimSource.run_id == run_id)
            if as_of is not None:
                q = q.where(m.ClaimSource.as_of == as_of)
            rows = s.exec(q.order_by(m.ClaimSource.claim_id, m.ClaimSource.source_key,
                                    m.ClaimSource.id)).all()
            return [f"{r.claim_id[:14]}\t{r.source_key}\t{r.status}\t"
                    f"{(r.snapshot_id or '-')[:14]}\t{r.url or r.reason}" for r in rows]

    # ------------------------------------------------------------------ stage: judge

    def stage_judge(self, run_id: str, as_of: date) -> None:
        from verify.verdicts import judge_claim, judge_parent

        article = self.article_for_run(run_id)
        claims = {c.id: c for c in self.claims_of(article)}
        parents = {c.parent for c in claims.values() if c.parent}
        leaves = [c for c in claims.values() if c.id not in parents]
        stage = f"judge@{as_of.isoformat()}"
        self.queue.enqueue(run_id, stage, [(c.id, {}) for c in leaves])

        def handle(item: Claimed) -> Callable[[Session], None]:
            claim = claims[item.key]
            sources = self._source_docs(run_id, claim, as_of)
            value = judge_claim(claim, sources, registry=self.registry, as_of=as_of)
            return lambda s: _write_verdict(s, run_id, value, self.clock())

        self.queue.drain(run_id, stage, handle)
        # parents after their parts, deepest first
        pstage = f"parents@{as_of.isoformat()}"
        order = sorted(parents, key=lambda pid: (-_depth(claims, pid), pid))
        self.queue.enqueue(run_id, pstage, [(pid, {}) for pid in order if pid in claims])

        def handle_parent(item: Claimed) -> Callable[[Session], None]:
            parent = claims[item.key]
            kids = [c for c in claims.values() if c.parent == parent.id]
            child_values = [self._verdict_value(run_id, k.id, as_of) for k in kids]
            value = judge_parent(parent, [v for v in child_values if v is not None],
                                 as_of=as_of)
            return lambda s: _write_verdict(s, run_id, value, self.clock())

        self.queue.drain(run_id, pstage, handle_parent)
        self.progress(f"verdicts: {len(claims)} claims judged as of {as_of.isoformat()}")

    def _source_docs(self, run_id: str, claim: Any, as_of: date) -> list[Any]:
        from verify.verdicts import SourceDocs

        with self.store.session() as s:
            rows = s.exec(select(m.ClaimSource).where(
                m.ClaimSource.run_id == run_id, m.ClaimSource.claim_id == claim.id,
                m.ClaimSource.as_of == as_of)
                .order_by(m.ClaimSource.source_key, m.ClaimSource.id)).all()
            by_source: dict[str, tuple[list[Any], list[str]]] = {}
            seen: set[tuple[str, str]] = set()
            for row in rows:
                docs, unreachable = by_source.setdefault(row.source_key, ([], []))
                snap = s.get(m.Snapshot, row.snapshot_id) if row.snapshot_id else None
                if snap is None or snap.status not in ("ok", "not_modified") or snap.parse_error:
                    why = row.reason if row.reason and row.status in row.reason \
                        else f"{row.status}: {row.reason}" if row.reason else row.status
                    unreachable.append(f"{row.url or row.source_key}: {why}")
                    continue
                if (row.source_key, snap.id) in seen:
                    continue
                seen.add((row.source_key, snap.id))
                docs.append(StoredDocument.from_row(snap, row.source_key, row.why))
        out = []
        for key in sorted(by_source):
            docs, unreachable = by_source[key]
            src = self.registry.sources.get(key)
            out.append(SourceDocs(source=key, role=src.role if src else "secondary",
                                  documents=tuple(docs), unreachable=tuple(unreachable)))
        return out

    def _verdict_value(self, run_id: str, claim_id: str, as_of: date) -> Any:
        from verify.verdicts import RULESET, verdict_from_json

        with self.store.session() as s:
            row = s.exec(select(m.Verdict).where(
                m.Verdict.run_id == run_id, m.Verdict.claim_id == claim_id,
                m.Verdict.decided_by == f"rules:{RULESET}", m.Verdict.as_of == as_of)).first()
            if row is None or row.detail is None:
                return None
            return verdict_from_json(row.detail["value"])

    # ------------------------------------------------------------------ the whole check

    def check(self, req: ArticleRequest, as_of: date | None) -> tuple[str, date]:
        article = self.load_article(req)
        run_id = self.open_run(article)
        when = as_of or article.published or self.clock().date()
        self.stage_claims(run_id)
        self.stage_fetch(run_id, when)
        self.stage_judge(run_id, when)
        self.finish_run(run_id, when)
        return run_id, when

    def finish_run(self, run_id: str, as_of: date) -> None:
        with self.store.session() as s:
            run = s.get(m.Run, run_id)
            assert run is not None
            run.status = "done"
            run.finished_at = self.clock()
            run.options = {**(run.options or {}), "as_of": as_of.isoformat(),
                           "offline": self.offline}
            s.add(run)
            s.commit()


# ---------------------------------------------------------------------- rows


@dataclass(frozen=True)
class _Ref:
    url: str
    source: str
    why: str


@dataclass(frozen=True)
class _FetchedView:
    status: str
    final_url: str
    requested_url: str
    payload_sha256: str | None
    reconstructed: bool
    provenance: dict[str, Any]


@dataclass(frozen=True)
class StoredDocument:
    """A snapshot row seen as a fetcher's Document, for the verdict engine."""

    ref: _Ref
    fetched: _FetchedView
    snapshot_id: str
    title: str | None
    text: str
    language: str | None
    published: date | None
    record_date: date | None
    facts: tuple[Any, ...]
    links: tuple[str, ...]
    author: str | None = None
    parse_error: str | None = None

    @classmethod
    def from_row(cls, row: m.Snapshot, source: str, why: str) -> StoredDocument:
        from verify.fetchers.base import TypedFact

        facts = tuple(TypedFact(type=f["type"], fields=f["fields"], text=f["text"])
                      for f in (row.facts or []))
        return cls(ref=_Ref(row.final_url, source, why),
                   fetched=_FetchedView(row.status, row.final_url, row.requested_url,
                                        row.payload_sha256, row.reconstructed,
                                        dict(row.provenance or {})),
                   snapshot_id=row.id, title=row.title, text=row.text,
                   language=row.language, published=row.published,
                   record_date=row.record_date, facts=facts, links=tuple(row.links or ()))


def _article_row(article: Any, now: datetime) -> m.Article:
    return m.Article(id=article.sha256, location=article.location, url=article.url,
                     title=article.title, publisher=article.publisher,
                     published=article.published, language=article.language,
                     media_type=article.media_type, sha256=article.sha256, text=article.text,
                     created_at=now)


def _sync_sources(s: Session, registry: Registry) -> None:
    for src in registry.sources.values():
        s.merge(m.Source(key=src.key, name=src.name, aliases=list(src.aliases), role=src.role,
                         kind=src.kind, options=_plain(dict(src.options)),
                         covers={"entities": list(src.covers_entities),
                                 "facts": list(src.covers_facts)}))


def _write_claims(s: Session, article: Any, claims: Sequence[Any]) -> None:
    from verify.claims import slots_to_json

    keep = {c.id for c in claims}
    for row in s.exec(select(m.Claim).where(m.Claim.article_id == article.sha256)).all():
        if row.id not in keep and not row.dropped:
            row.dropped = True  # extracted before, dropped by a correction since
            s.add(row)
    for c in claims:
        s.merge(m.Claim(id=c.id, article_id=article.sha256, ordinal=c.ordinal, text=c.text,
                        span_start=c.span[0], span_end=c.span[1], kind=c.kind,
                        checkworthy=c.checkworthy, parent_id=c.parent,
                        slots=_plain(slots_to_json(c.slots)), flags=list(c.flags),
                        speaker=c.speaker, quote=c.quote, fact_types=list(c.fact_types),
                        resolved_references=[list(r) for r in getattr(c, "references", ())],
                        origin=getattr(c, "origin", "extracted"), dropped=False))
        for cit in c.citations:
            s.merge(m.Citation(id=content_id("t", c.id, cit.cited_as, cit.source, cit.via,
                                             cit.url),
                               claim_id=c.id, cited_as=cit.cited_as, source_key=cit.source,
                               inferred=cit.inferred, via=cit.via, url=cit.url))


def _write_document(s: Session, doc: Any, source_key: str) -> str:
    """A snapshot row and its passages; the id is derived from what was fetched."""
    from verify.verdicts import passages_for

    f = doc.fetched
    snap_id = content_id("s", f.requested_url, f.final_url, f.payload_sha256 or f.status,
                         f.reason)
    if s.get(m.Snapshot, snap_id) is not None:
        return snap_id
    facts = [{"type": t.type, "fields": _plain(dict(t.fields)), "text": t.text}
             for t in doc.facts]
    s.add(m.Snapshot(
        id=snap_id, source_key=source_key, requested_url=f.requested_url,
        final_url=f.final_url, status=f.status, http_status=f.http_status, reason=f.reason,
        headers=[list(h) for h in f.headers], fetched_at=f.fetched_at,
        media_type=f.media_type, payload_sha256=f.payload_sha256,
        warc_file=f.warc.file if f.warc else None, warc_offset=f.warc.offset if f.warc else None,
        warc_record_id=f.warc.record_id if f.warc else None, title=doc.title, text=doc.text or "",
        language=doc.language, published=doc.published, record_date=doc.record_date,
        facts=facts, links=list(doc.links), reconstructed=f.reconstructed,
        provenance=_plain(dict(f.provenance)), parse_error=doc.parse_error))
    s.flush()
    for p in passages_for(snap_id, doc.text or "", doc.facts):
        s.merge(m.Passage(id=p.id, snapshot_id=snap_id, kind=p.kind, start=p.start, end=p.end,
                          text=p.text, fact=_plain(dict(p.fact)) if p.fact else None))
    return snap_id


def _write_verdict(s: Session, run_id: str, value: Any, now: datetime) -> None:
    from verify.verdicts import RULESET, verdict_to_json

    evidence_ids = []
    for ev in value.evidence:
        ev_id = content_id("e", run_id, value.claim_id, value.as_of.isoformat(), ev.passage_id)
        evidence_ids.append(ev_id)
        if s.get(m.Passage, ev.passage_id) is None:
            continue  # evidence from a passage not stored (should not happen); keep the verdict
        s.merge(m.Evidence(id=ev_id, run_id=run_id, claim_id=value.claim_id,
                           passage_id=ev.passage_id, snapshot_sha256=ev.snapshot_sha256,
                           score=ev.score, agreements=_plain(list(ev.agreements)),
                           conflicts=_plain(list(ev.conflicts)), quote_exact=ev.exact,
                           quote_prefix=ev.prefix, quote_suffix=ev.suffix,
                           position_start=ev.start, position_end=ev.end))
    s.merge(m.Verdict(
        id=content_id("v", run_id, value.claim_id, RULESET, value.as_of.isoformat()),
        run_id=run_id, claim_id=value.claim_id, label=value.label, qualifier=value.qualifier,
        reason=value.reason, confidence=value.confidence, evidence_ids=evidence_ids,
        as_of=value.as_of, decided_by=value.decided_by,
        detail={"value": verdict_to_json(value)}, decided_at=now))


def _depth(claims: dict[str, Any], claim_id: str) -> int:
    depth, seen = 0, set()
    cur = claims.get(claim_id)
    while cur is not None and cur.parent and cur.parent not in seen:
        seen.add(cur.parent)
        depth += 1
        cur = claims.get(cur.parent)
    return depth


def _plain(value: Any) -> Any:
    """JSON-ready: tuples to lists, dates to ISO strings, mappings to dicts."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(o: Any) -> Any:
    if isinstance(o, date | datetime):
        return o.isoformat()
    if isinstance(o, set | frozenset | tuple):
        return sorted(o) if isinstance(o, set | frozenset) else list(o)
    if hasattr(o, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(o)
    if hasattr(o, "items"):
        return dict(o.items())
    raise TypeError(f"not JSON-ready: {type(o).__name__}")


def _policy_fields(fetch: Any) -> dict[str, Any]:
    out = dict(fetch)
    if "allowed_networks" in out:
        out["allowed_networks"] = tuple(out["allowed_networks"])
    return out
