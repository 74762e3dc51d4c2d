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

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from verify import __version__
from verify.config import Settings
from verify.errors import InputError, VerifyError
from verify.ids import content_id
from verify.redact import redact_url
from verify.registry import Registry, load_registry
from verify.store import Store
from verify.store import models as m
from verify.store.queue import Claimed, Outcome, WorkQueue, one_line_error, utcnow

# Verdict reasons that say the tool failed, not what the evidence shows.
FAILURE_REASONS = frozenset({"fetch_failed", "judge_failed"})
# A source whose discovery found no document for a claim (the same words as
# verify.verdicts.model.NOTHING_FOUND, which the judge reads; not imported here,
# so that the fetch stage does not load the verdict engine).
NOTHING_FOUND = "discovery found no document that would hold the evidence"

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
                 getter: Any = None, download_progress: Any = None,
                 freeze_gc: bool = False) -> None:
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
        self._loop: Any = None  # an asyncio loop, made when first needed
        self._claims_cache: dict[str, tuple[Any, ...]] = {}
        self._articles: dict[str, Any] = {}
        self._memo: dict[tuple[str, str], Any] = {}  # per-article lookups built once
        # a one-run process (the CLI) may freeze the heap after extraction; a
        # long-lived one must not (frozen garbage is never collected)
        self._freeze_gc = freeze_gc
        self._documents: dict[tuple[Any, ...], list[Any]] = {}  # see _fetch_once

    # ------------------------------------------------------------------ I/O at the edge

    @property
    def mode(self) -> str:
        return "offline" if self.offline else "live"

    def _run_async(self, coro: Any) -> Any:
        if self._loop is None:
            import asyncio  # a filled run fetches nothing and needs no event loop

            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(coro)

    def getter(self) -> Any:
        """The fetch layer: replay from the archive offline, else HTTP into it."""
        if self._getter is None:
            from verify.fetch import Archive, ArchiveReplay, FetchPolicy

            archive = Archive(self.settings.archive_path)
            policy = FetchPolicy(**_policy_fields(self.settings.fetch))
            if self.offline:
                self._getter = ArchiveReplay(archive, max_redirects=policy.max_redirects,
                                             max_body_bytes=policy.max_body_bytes)
            else:
                from verify.fetch import HttpFetcher  # only live: httpx is not needed offline

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
        article = self._load_article(req)
        for note in article.notes:  # e.g. bytes that were not UTF-8, with their offset
            self.progress(f"warning: {note}")
        if article.published is not None:
            self.progress(f"article: published {article.published.isoformat()} "
                          f"(from {article.published_from or 'the article'})")
        else:
            self.progress("article: no publication date (none given, none in the article; "
                          "give --published or --as-of)")
        return article

    def _load_article(self, req: ArticleRequest) -> Any:
        from verify.claims import article_from_bytes, load_article

        if not is_url(req.location):
            return load_article(Path(req.location), published=req.published, url=req.url,
                                publisher=req.publisher)
        fetched = self._run_async(self.getter().get(req.location, source="article"))
        if not fetched.ok:
            raise InputError(f"cannot fetch the article ({fetched.status}: {fetched.reason})",
                             path=req.location)
        # The page's own date, title and publisher count when the user gives none.
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

            drafts = extract_claims(article, self.registry, progress=self.progress)
            fixed = apply_corrections(drafts, self._corrections(article.sha256), article,
                                      self.registry)
            self._claims_cache[article.sha256] = fixed
        return self._claims_cache[article.sha256]

    def identity(self, article: Any) -> dict[str, Any]:
        """Everything a run's result depends on. The same inputs resume the same
        run; any change (the article, a correction, the registry, a setting that
        changes results, live or offline, the rule set, a model) makes a new one."""
        from verify.verdicts import RULESET

        return {
            "article": article.sha256,
            "published": article.published.isoformat() if article.published else None,
            "tool": __version__,
            "ruleset": RULESET,
            "registry": registry_fingerprint(self.registry),
            "settings": self.settings.config_hash(),
            "mode": self.mode,
            "models": shipped_model_hashes(),
            "corrections": [[c.id, c.action, c.fields]
                            for c in self._corrections(article.sha256)],
        }

    def run_id_for(self, article: Any) -> str:
        return content_id("r", json.dumps(self.identity(article), sort_keys=True, default=str))

    def open_run(self, article: Any) -> str:
        from verify.verdicts import RULESET

        identity = self.identity(article)
        run_id = content_id("r", json.dumps(identity, sort_keys=True, default=str))
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
                                            "sha256": article.sha256,
                                            "identity": _plain(identity),
                                            # the sources as this run's registry has them
                                            "sources": [
                                                {"key": x.key, "name": x.name,
                                                 "role": x.role, "kind": x.kind}
                                                for _, x in sorted(self.registry.sources.items())
                                            ],
                                            "published_from": getattr(
                                                article, "published_from", None)},
                                    options={}, started_at=now))
                    _sync_sources(s, self.registry)
                    s.commit()
                break
            except (IntegrityError, OperationalError):
                if attempt == 4:
                    raise
                time.sleep(0.1 * (attempt + 1))
        return run_id

    def run_for_latest(self) -> str:
        """The run for the latest run's article under this pipeline's inputs (mode,
        registry, settings): the same run when nothing changed, else a new one with
        its claims extracted afresh. Stages never write into a run whose inputs differ."""
        from verify.runs import resolve_run

        latest = resolve_run(self.store, None)
        run_id = self.open_run(self.article_for_run(latest))
        self.stage_claims(run_id)  # nothing to do when its claims are stored already
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
        self._claims_stage(run_id)
        return self.claims_of(self.article_for_run(run_id))

    def _claims_stage(self, run_id: str) -> None:
        article = self.article_for_run(run_id)
        self.queue.enqueue(run_id, "claims", [(article.sha256, {})])

        def handle(_item: Claimed) -> Callable[[Session], None]:
            self.progress(f"claims: extracting from {article.location} "
                          f"({len(article.text):,} characters)")
            claims = self.claims_of(article)
            return lambda s: _write_claims(s, article, claims, run_id)

        self.queue.drain(run_id, "claims", handle)
        if self._freeze_gc:
            import gc

            # The claims and tables live as long as the process: GC passes stop
            # rescanning them (bench/scale, 1 MB: judge 9.7 -> 5.3 ms a claim).
            gc.freeze()
        self.progress(f"claims: {self._claim_count(article)} claims from {article.location}")

    def _claim_count(self, article: Any) -> int:
        """How many claims the article has: counted in memory when they were
        extracted in this process, else in the store (a filled run extracts nothing)."""
        if article.sha256 in self._claims_cache:
            return len(self._claims_cache[article.sha256])
        with self.store.session() as s:
            n = s.exec(select(func.count()).select_from(m.Claim).where(
                m.Claim.article_id == article.sha256, m.Claim.dropped == False)).one()  # noqa: E712
            return int(n)

    def _listed(self, run_id: str, stage: str) -> bool:
        """Whether a stage's work items are in the queue already. A stage enqueues
        them all in one transaction, so a filled run needs no claims to list them
        again, and extracts claims only if an item is still to be done."""
        return bool(self.queue.counts(run_id, stage))

    # ------------------------------------------------------------------ stage: fetch

    def stage_fetch(self, run_id: str, as_of: date) -> None:
        """Discover and fetch for every (claim, source) pair. Discovery looks no
        later than `as_of`: a document published after the date a claim is judged
        on cannot be what the article relied on."""
        article = self.article_for_run(run_id)
        stage = f"fetch:{self.mode}@{as_of.isoformat()}"
        if not self._listed(run_id, stage):
            items = []
            for claim in self.claims_of(article):
                for source in sorted({c.source for c in claim.citations if c.source}):
                    items.append((f"{source}|{claim.id}", {"claim": claim.id, "source": source}))
            self.queue.enqueue(run_id, stage, items)
        tick = self._ticker("fetch", "(claim, source) pairs", run_id, stage)

        def handle(item: Claimed) -> Callable[[Session], None] | Outcome:
            claim = self._claims_by_id(article)[item.payload["claim"]]
            return self._discover_and_fetch(run_id, claim, item.payload["source"], article,
                                            as_of)

        self.queue.drain(run_id, stage, handle, tick)

    def _claims_by_id(self, article: Any) -> dict[str, Any]:
        """The claims by id (memoised: handlers look one up per item)."""
        key = ("by_id", article.sha256)
        if key not in self._memo:
            self._memo[key] = {c.id: c for c in self.claims_of(article)}
        by_id: dict[str, Any] = self._memo[key]
        return by_id

    def _children(self, article: Any) -> dict[str, list[Any]]:
        """Each compound claim's parts, in claim order (memoised)."""
        key = ("children", article.sha256)
        if key not in self._memo:
            kids: dict[str, list[Any]] = {}
            for c in self.claims_of(article):
                if c.parent:
                    kids.setdefault(c.parent, []).append(c)
            self._memo[key] = kids
        children: dict[str, list[Any]] = self._memo[key]
        return children

    def _ticker(self, label: str, unit: str, run_id: str,
                stage: str) -> Callable[[Claimed], None]:
        """A progress line on stderr per completed batch: `label: done/total unit`.
        The total and the count include items done before (a resumed run)."""
        counts = self.queue.counts(run_id, stage)
        total = sum(counts.values())
        done = [counts.get("done", 0) + counts.get("failed", 0) + counts.get("blocked", 0)]
        last = [-1.0]

        def tick(_item: Claimed) -> None:
            done[0] += 1
            now = time.monotonic()
            # every item when there are few; at most ~4 lines a second when many
            if total <= 200 or done[0] == total or now - last[0] >= 0.25:
                last[0] = now
                self.progress(f"{label}: {done[0]}/{total} {unit}")

        return tick

    def _discover_and_fetch(self, run_id: str, claim: Any, source_key: str,
                            article: Any, as_of: date) -> Callable[[Session], None] | Outcome:
        from verify.errors import BlockedAddressError, RobotsDisallowedError
        from verify.fetchers._documents import error_document
        from verify.fetchers.base import DocumentRef, FetchContext, fetcher_class

        src = self.registry.sources.get(source_key)
        links: list[tuple[Any, str, str, str]] = []  # (document, url, status, reason)
        failures: list[str] = []  # errors inside the tool: the item fails, the run says so
        if src is None or (cls := fetcher_class(src.kind)) is None:
            links.append((None, "", "source_unreachable", f"no fetcher for source {source_key}"))
        else:
            fetcher = cls(src.key, src.options)
            got: list[Any] = []  # every response discovery and fetch asked for
            base_get = self.getter().get

            async def get(url: str, *args: Any, **kwargs: Any) -> Any:
                fetched = await base_get(url, *args, **kwargs)
                got.append(fetched)
                return fetched

            ctx = FetchContext(get=get, as_of=as_of, published=article.published,
                               extra={"registry": self.registry,
                                      "entities": self._article_entities(article)})
            # A claim may cite one source several ways (by alias and by hyperlink):
            # each citation is tried, a hyperlink first, and every document found kept.
            citations = sorted((c for c in claim.citations if c.source == source_key),
                               key=lambda c: (c.url is None, c.inferred, c.cited_as))
            try:
                refs: list[Any] = []
                for citation in citations:
                    for ref in self._run_async(fetcher.discover(citation, claim, ctx)):
                        if ref.url not in {r.url for r in refs}:
                            refs.append(ref)
                for ref in refs:
                    for doc in self._fetch_once(fetcher, ref, ctx):
                        links.append((doc, doc.ref.url, doc.fetched.status,
                                      doc.parse_error or doc.fetched.reason))
                        failed = document_failure(doc) or self._record_changed(doc)
                        if failed:
                            failures.append(failed)
                for url, fetched, reason in ctx.problems:
                    doc = error_document(DocumentRef(url, source_key, "a discovery listing"),
                                         fetched, f"did not parse: {reason}")
                    links.append((doc, url, "parse_error", f"did not parse: {reason}"))
                    failures.append(f"{url}: did not parse: {reason}")
                if not refs:
                    seen = set(failures)
                    for fetched in got:
                        why = transient_failure(fetched)
                        if why and why not in seen:
                            failures.append(why)
                            seen.add(why)
                    if not failures:
                        links.append((None, "", "source_unreachable", NOTHING_FOUND))
            except (BlockedAddressError, RobotsDisallowedError) as e:  # a refusal: no document
                links.append((None, "", "source_unreachable", str(e)))
            except VerifyError as e:  # anything else is an error inside the tool
                failures.append(f"{type(e).__name__}: {e}")

        def write(s: Session) -> None:
            # A retried item replaces what its earlier attempt found.
            for old in s.exec(select(m.ClaimSource).where(
                    m.ClaimSource.run_id == run_id, m.ClaimSource.claim_id == claim.id,
                    m.ClaimSource.as_of == as_of,
                    m.ClaimSource.source_key == source_key)).all():
                s.delete(old)
            s.flush()
            for doc, url, status, reason in links:
                snap_id = _write_document(s, doc, source_key) if doc is not None else None
                s.merge(m.ClaimSource(
                    id=content_id("l", run_id, claim.id, as_of.isoformat(), source_key,
                                  snap_id or reason, url),
                    run_id=run_id, claim_id=claim.id, as_of=as_of, source_key=source_key,
                    snapshot_id=snap_id, url=url or None,
                    why=doc.ref.why if doc is not None else "", status=status,
                    reason=reason or ""))

        if failures:
            return Outcome(write, "failed", "; ".join(failures))
        return write

    def _record_changed(self, doc: Any) -> str | None:
        """Why an archived record cannot be used: the database already holds a
        snapshot of the same record (same WARC file and offset) with another
        payload sha256 — the record was edited since it was stored. Replaying it
        would judge the edited text, so it is a failure, not evidence."""
        f = doc.fetched
        if f.warc is None or not f.payload_sha256:
            return None
        with self.store.session() as s:
            stored = s.exec(select(m.Snapshot.payload_sha256).where(
                m.Snapshot.warc_file == f.warc.file, m.Snapshot.warc_offset == f.warc.offset,
                col(m.Snapshot.payload_sha256).is_not(None))).first()
        if stored is not None and stored != f.payload_sha256:
            return (f"{doc.ref.url}: the archived record at {f.warc.file}:{f.warc.offset} does "
                    f"not match the sha256 stored for it ({stored[:12]}… stored, "
                    f"{f.payload_sha256[:12]}… now): it was changed since it was archived")
        return None

    def _fetch_once(self, fetcher: Any, ref: Any, ctx: Any) -> list[Any]:
        """The documents at `ref`, fetched (or replayed and parsed) once per process:
        the claims that cite one source mostly lead to the same documents. The key
        is the whole reference and the dates the fetcher is given, so a hit returns
        exactly what fetching again would have built from the same response."""
        key = (fetcher.key, ref, ctx.as_of, ctx.published)
        try:
            hash(key)
        except TypeError:  # a fetcher's own reference type that cannot be a key
            return list(self._run_async(fetcher.fetch(ref, ctx)))
        if key not in self._documents:
            if len(self._documents) >= 512:  # bounded: a long run keeps the recent ones
                self._documents.pop(next(iter(self._documents)))
            self._documents[key] = list(self._run_async(fetcher.fetch(ref, ctx)))
        return self._documents[key]

    def _article_entities(self, article: Any) -> tuple[str, ...]:
        """The entities the whole article names, most named first: the topic a
        claim that names none ("the Sejm voted") is about."""
        key = ("entities", article.sha256)
        if key not in self._memo:
            counts: dict[str, int] = {}
            for claim in self.claims_of(article):
                for ent in claim.slots.entities:
                    counts[ent.key] = counts.get(ent.key, 0) + 1
            self._memo[key] = tuple(sorted(counts, key=lambda k: (-counts[k], k)))
        entities: tuple[str, ...] = self._memo[key]
        return entities

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
        article = self.article_for_run(run_id)
        stage = f"judge@{as_of.isoformat()}"
        if not self._listed(run_id, stage):
            claims = self._claims_by_id(article)
            parents = {c.parent for c in claims.values() if c.parent}
            leaves = [c for c in claims.values() if c.id not in parents]
            self.queue.enqueue(run_id, stage, [(c.id, {}) for c in leaves])
        tick = self._ticker("judge", "claims", run_id, stage)
        fetch_failed = self._failed_fetches(run_id, as_of)

        def handle(item: Claimed) -> Callable[[Session], None] | Outcome:
            from verify.verdicts import judge_claim

            claim = self._claims_by_id(article)[item.key]
            sources = self._source_docs(run_id, claim, as_of, fetch_failed.get(claim.id, {}))
            try:
                value = judge_claim(claim, sources, registry=self.registry, as_of=as_of)
            except Exception as e:  # noqa: BLE001 - an error inside the tool, named in the verdict
                error = one_line_error(e)
                value = failed_verdict(claim, as_of, "judge_failed",
                                       f"Not judged: the verdict engine failed ({error}); run "
                                       "the same command again to retry, the failure says "
                                       "nothing about the claim")
                return Outcome(lambda s: _write_verdict(s, run_id, value, self.clock()),
                               "failed", error)
            if value.reason == "fetch_failed":
                return Outcome(lambda s: _write_verdict(s, run_id, value, self.clock()),
                               "blocked", "rests on fetch items that failed")
            return lambda s: _write_verdict(s, run_id, value, self.clock())

        self.queue.drain(run_id, stage, handle, tick)
        # parents after their parts, deepest first
        pstage = f"parents@{as_of.isoformat()}"
        if not self._listed(run_id, pstage):
            claims = self._claims_by_id(article)
            parents = {c.parent for c in claims.values() if c.parent}
            order = sorted(parents, key=lambda pid: (-_depth(claims, pid), pid))
            self.queue.enqueue(run_id, pstage, [(pid, {}) for pid in order if pid in claims])

        def handle_parent(item: Claimed) -> Callable[[Session], None] | Outcome:
            from verify.verdicts import judge_parent

            parent = self._claims_by_id(article)[item.key]
            kids = self._children(article).get(parent.id, [])
            child_values = [self._verdict_value(run_id, k.id, as_of) for k in kids]
            value = judge_parent(parent, [v for v in child_values if v is not None],
                                 as_of=as_of)
            def write(s: Session) -> None:
                _write_verdict(s, run_id, value, self.clock())

            if any(v is None or v.reason in FAILURE_REASONS for v in child_values):
                return Outcome(write, "blocked", "a part rests on work items that failed")
            return write

        self.queue.drain(run_id, pstage, handle_parent)
        self.progress(f"verdicts: {self._claim_count(article)} claims judged as of "
                      f"{as_of.isoformat()}")

    def _failed_fetches(self, run_id: str, as_of: date) -> dict[str, dict[str, str]]:
        """claim id -> source key -> the error of its fetch item that failed."""
        out: dict[str, dict[str, str]] = {}
        for row in self.queue.ended_badly(run_id, f"fetch:{self.mode}@{as_of.isoformat()}"):
            source, _, claim_id = row.key.partition("|")
            out.setdefault(claim_id, {})[source] = row.last_error or "failed"
        return out

    def failures(self, run_id: str) -> list[m.WorkItem]:
        """The run's work items that failed (errors inside the tool), by stage and key."""
        return self.queue.ended_badly(run_id)

    def _source_docs(self, run_id: str, claim: Any, as_of: date,
                     failed: dict[str, str] | None = None) -> list[Any]:
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
                snap = self._snapshot(s, row.snapshot_id) if row.snapshot_id else None
                if snap is None or snap.status not in ("ok", "not_modified") or snap.parse_error:
                    why = row.reason if row.reason and row.status in row.reason \
                        else f"{row.status}: {row.reason}" if row.reason else row.status
                    unreachable.append(f"{row.url or row.source_key}: {why}")
                    continue
                if (row.source_key, snap.id) in seen:
                    continue
                seen.add((row.source_key, snap.id))
                docs.append(StoredDocument.from_row(snap, row.source_key, row.why))
        failed = failed or {}
        out = []
        for key in sorted(set(by_source) | set(failed)):
            docs, unreachable = by_source.get(key, ([], []))
            src = self.registry.sources.get(key)
            out.append(SourceDocs(source=key, role=src.role if src else "secondary",
                                  documents=tuple(docs), unreachable=tuple(unreachable),
                                  failed=(failed[key],) if key in failed else ()))
        return out

    def _snapshot(self, s: Session, snap_id: str) -> m.Snapshot | None:
        """A snapshot row, read once per process: rows are content-addressed and never
        change, and the claims citing one source all read its documents."""
        key = ("snapshot", snap_id)
        if key not in self._memo:
            row = s.get(m.Snapshot, snap_id)
            if row is None:
                return None  # not kept: another worker may write it yet
            s.expunge(row)
            if len(self._memo) > 4096:
                self._memo = {k: v for k, v in self._memo.items() if k[0] != "snapshot"}
            self._memo[key] = row
        snap: m.Snapshot = self._memo[key]
        return snap

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
        self._claims_stage(run_id)
        self.stage_fetch(run_id, when)
        self.stage_judge(run_id, when)
        self.finish_run(run_id, when)
        return run_id, when

    def finish_run(self, run_id: str, as_of: date) -> None:
        with self.store.session() as s:
            run = s.get(m.Run, run_id)
            assert run is not None
            failed = s.exec(select(m.WorkItem.id).where(
                m.WorkItem.run_id == run_id, m.WorkItem.status == "failed")).first()
            run.status = "incomplete" if failed else "done"
            run.finished_at = self.clock()
            run.options = {**(run.options or {}), "as_of": as_of.isoformat(),
                           "offline": self.offline}
            s.add(run)
            s.commit()


# ---------------------------------------------------------------------- identity


def registry_fingerprint(registry: Registry) -> str:
    """A hash of what the registry says (sources, entities, fact types), not of
    where its file is: two registries that say the same give the same runs."""
    blob = json.dumps({
        "sources": {k: [s.name, list(s.aliases), s.role, s.kind, list(s.covers_entities),
                        list(s.covers_facts), _fields(s.options)]
                    + (["outlet"] if s.outlet else [])
                    for k, s in sorted(registry.sources.items())},
        "entities": {k: _fields(e) for k, e in sorted(registry.entities.items())},
        "facts": {k: _fields(f) for k, f in sorted(registry.facts.items())},
    }, sort_keys=True, default=str)
    return content_id("g", blob)


def _fields(value: Any) -> Any:
    """A dataclass, mapping or sequence as plain JSON-ready values (read-only
    mappings included, which dataclasses.asdict cannot copy)."""
    if hasattr(value, "__dataclass_fields__"):
        return {f: _fields(getattr(value, f)) for f in value.__dataclass_fields__}
    if hasattr(value, "items"):
        return {str(k): _fields(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_fields(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


def shipped_model_hashes() -> dict[str, str]:
    """model folder -> the sha256 sums it ships (its SHA256SUMS file), for every
    model inside the package: a changed model makes a new run."""
    root = Path(__file__).resolve().parent / "models"
    out: dict[str, str] = {}
    if root.is_dir():
        for sums in sorted(root.glob("*/SHA256SUMS")):
            out[sums.parent.name] = content_id("m", sums.read_text(encoding="utf-8"))
    return out


# ---------------------------------------------------------------------- failures


def transient_failure(fetched: Any) -> str | None:
    """One line when a response is an error that a retry may cure (a timeout, a
    network error, a 5xx or 429 after the client's own retries): an error of the
    fetch, not a finding about the source. None for anything else — a 404, a
    refusal, a page not in the archive offline: those are `source_unreachable`."""
    status = getattr(fetched, "status", "")
    code = getattr(fetched, "http_status", None)
    reason = getattr(fetched, "reason", "") or ""
    url = str(getattr(fetched, "requested_url", "") or "")
    if status == "timeout" or (status == "network_error"
                               and not reason.startswith(("not a URL", "only http"))):
        return f"{url}: {status}: {reason}".rstrip(": ")
    if status == "http_error" and isinstance(code, int) and (code >= 500 or code == 429):
        return f"{url}: HTTP {code} after retries"
    return None


def document_failure(doc: Any) -> str | None:
    """Why a fetched document counts as a failure of the tool, or None: a
    transient fetch error, or a response that came back fine but did not parse."""
    why = transient_failure(doc.fetched)
    if why:
        return why
    f = doc.fetched
    code = getattr(f, "http_status", None)
    if doc.parse_error and getattr(f, "ok", False) and not (isinstance(code, int) and code >= 400):
        return f"{doc.ref.url}: did not parse: {doc.parse_error}"
    return None


def failed_verdict(claim: Any, as_of: date, reason: str, explanation: str) -> Any:
    from verify.verdicts.documents import make_verdict

    return make_verdict(claim, "unverified", None, reason, 0.0, as_of, [], explanation)


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
    passage_cut: int = 1  # as stored; a row from before cuts were versioned is cut 1

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
                   record_date=row.record_date, facts=facts, links=tuple(row.links or ()),
                   passage_cut=row.passage_cut or 1)


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


def _write_claims(s: Session, article: Any, claims: Sequence[Any],
                  run_id: str | None = None) -> None:
    from verify.claims import slots_to_json

    keep = {c.id for c in claims}
    existing: set[str] = set()
    for row in s.exec(select(m.Claim).where(m.Claim.article_id == article.sha256)).all():
        existing.add(row.id)
        if row.id not in keep and not row.dropped:
            row.dropped = True  # extracted before, dropped by a correction since
            s.add(row)
    cited = set(s.exec(select(m.Citation.id).join(m.Claim, col(m.Claim.id) == m.Citation.claim_id)
                       .where(m.Claim.article_id == article.sha256)).all()) if existing else set()
    # New rows are added in bulk, a row there already (a run before) is merged;
    # claims first and flushed, since the session does not order the two tables.
    for c in claims:
        put = s.merge if c.id in existing else s.add
        put(m.Claim(id=c.id, article_id=article.sha256, ordinal=c.ordinal, text=c.text,
                    span_start=c.span[0], span_end=c.span[1], kind=c.kind,
                    checkworthy=c.checkworthy, parent_id=c.parent,
                    slots=_plain(slots_to_json(c.slots)), flags=list(c.flags),
                    speaker=c.speaker, quote=c.quote, fact_types=list(c.fact_types),
                    resolved_references=[list(r) for r in getattr(c, "references", ())],
                    origin=getattr(c, "origin", "extracted"), dropped=False))
    s.flush()
    for c in claims:
        for cit in c.citations:
            cit_id = content_id("t", c.id, cit.cited_as, cit.source, cit.via, cit.url)
            put_cite = s.merge if cit_id in cited else s.add
            cited.add(cit_id)  # the same citation twice in one claim is one row
            put_cite(m.Citation(id=cit_id, claim_id=c.id, cited_as=cit.cited_as,
                                source_key=cit.source, inferred=cit.inferred, via=cit.via,
                                url=cit.url))
    if run_id is not None:
        s.flush()
        for c in claims:
            s.merge(m.RunClaim(id=content_id("rc", run_id, c.id), run_id=run_id, claim_id=c.id,
                               data=_plain(_run_claim_json(c))))


def _run_claim_json(c: Any) -> dict[str, Any]:
    """What a report shows of a claim, as this run extracted it."""
    return {"ordinal": c.ordinal, "text": c.text, "kind": c.kind, "span": list(c.span),
            "parent": c.parent, "checkworthy": round(c.checkworthy, 3), "speaker": c.speaker,
            "flags": list(c.flags),
            "citations": [{"source": ct.source, "cited_as": ct.cited_as,
                           "inferred": ct.inferred,
                           "url": redact_url(ct.url) if ct.url else None, "via": ct.via}
                          for ct in c.citations]}


def _write_document(s: Session, doc: Any, source_key: str) -> str:
    """A snapshot row and its passages; the id is derived from what was fetched."""
    from verify.verdicts import passages_for
    from verify.verdicts.passages import PASSAGE_CUT, passage_language

    f = doc.fetched
    snap_id = content_id("s", f.requested_url, f.final_url, f.payload_sha256 or f.status,
                         f.reason)
    if s.get(m.Snapshot, snap_id) is not None:
        return snap_id
    facts = [{"type": t.type, "fields": _plain(dict(t.fields)), "text": t.text}
             for t in doc.facts]
    language = passage_language(doc) if doc.text else doc.language
    s.add(m.Snapshot(
        id=snap_id, source_key=source_key, requested_url=f.requested_url,
        final_url=f.final_url, status=f.status, http_status=f.http_status, reason=f.reason,
        headers=[list(h) for h in f.headers], fetched_at=f.fetched_at,
        media_type=f.media_type, payload_sha256=f.payload_sha256,
        warc_file=f.warc.file if f.warc else None, warc_offset=f.warc.offset if f.warc else None,
        warc_record_id=f.warc.record_id if f.warc else None, title=doc.title, text=doc.text or "",
        language=language, published=doc.published, record_date=doc.record_date,
        facts=facts, links=list(doc.links), reconstructed=f.reconstructed,
        provenance=_plain(dict(f.provenance)), parse_error=doc.parse_error,
        passage_cut=PASSAGE_CUT))
    s.flush()
    for p in passages_for(snap_id, doc.text or "", doc.facts, language=language,
                          cut=PASSAGE_CUT):
        s.merge(m.Passage(id=p.id, snapshot_id=snap_id, kind=p.kind, start=p.start, end=p.end,
                          text=p.text, fact=_plain(dict(p.fact)) if p.fact else None,
                          language=p.language))
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
