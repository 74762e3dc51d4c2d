"""The work queue: pipeline stages take work items with leases.

Items are claimed in short transactions and completed in others, together
with the stage's writes, only if the lease is still ours — so a crashed
worker's items are taken over when its lease expires, and no item's effects
are written twice. On PostgreSQL, workers claim with `FOR UPDATE SKIP LOCKED`;
on SQLite every transaction is IMMEDIATE, which serialises claimers.

`drain` claims fresh items in batches and completes them in batches (one
transaction for many items: a few per second instead of two per item), the
batch growing while its items are quick and shrinking when they are slow. An
item in a batch is charged an attempt when it completes or fails. Items that
come back from a worker that died, or whose lease expired, or that failed, are
claimed one at a time and charged at the claim, so an item that kills its
worker is found and, after `max_attempts`, marked failed.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from verify.ids import content_id
from verify.store.models import WorkItem

Clock = Callable[[], datetime]

# Items one batch claims at most, and how long its writes wait at most before
# they are committed (what a kill -9 can cost to redo).
MAX_BATCH = 64
BATCH_SECONDS = 0.5


def utcnow() -> datetime:
    return datetime.now(UTC)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _holder_is_dead(holder: str | None) -> bool:
    """Whether a lease holder is a process on this machine that no longer runs
    (a worker killed with -9 leaves its leases behind)."""
    if not holder:
        return False
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True)
class Outcome:
    """What a handler returns when an item ends other than "done": the writes to
    commit with it, and the status it ends in — "failed" (an error inside the
    tool, counted and retried on the next run) or "blocked" (its own work is
    written, but it rests on a failed item and is redone when that is retried)."""

    write: Callable[[Session], None] | None
    status: str
    error: str


# Statuses an item can end in; failed and blocked ones are retried by the next run.
ENDED = ("done", "failed", "blocked")

# One item ready to complete: the item, its writes, the status it ends in, its error.
Ready = tuple["Claimed", Callable[[Session], None] | None, str, str | None]


def one_line_error(exc: BaseException) -> str:
    """An exception as one line: its type and its first line of message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


@dataclass(frozen=True)
class Claimed:
    """An item this worker holds a lease on."""

    id: str
    run_id: str
    stage: str
    key: str
    payload: dict[str, Any]
    attempts: int
    charged: bool = True  # whether the claim counted the attempt (False: in a batch)


class WorkQueue:
    def __init__(self, engine: Engine, *, holder: str | None = None,
                 lease_seconds: float = 300.0, max_attempts: int = 3,
                 clock: Clock = utcnow) -> None:
        self.engine = engine
        self.holder = holder or worker_name()
        self.lease = timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.clock = clock

    def enqueue(self, run_id: str, stage: str,
                items: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Add items not already queued for this run and stage; returns how many.

        Safe when several workers enqueue the same items at once: an item that
        another worker inserted first is skipped (ON CONFLICT DO NOTHING).
        """
        now = self.clock()
        rows = []
        seen: set[str] = set()
        for key, payload in items:
            if key in seen:
                continue
            seen.add(key)
            rows.append({"id": content_id("w", run_id, stage, key), "run_id": run_id,
                         "stage": stage, "key": key, "payload": payload, "status": "pending",
                         "attempts": 0, "updated_at": now})
        if not rows:
            return 0
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            stmt: Any = pg_insert(WorkItem).on_conflict_do_nothing().returning(col(WorkItem.id))
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            stmt = sqlite_insert(WorkItem).on_conflict_do_nothing().returning(col(WorkItem.id))
        with self.engine.begin() as conn:
            added = conn.execute(stmt, rows).all()
        return len(added)

    def claim(self, run_id: str, stage: str) -> Claimed | None:
        """Take the next pending item (or one whose lease expired)."""
        now = self.clock()
        with Session(self.engine) as s:
            q = _claimable(run_id, stage, now, 1)
            item = s.exec(q).first()
            if item is None:
                return None
            item.status = "leased"
            item.lease_holder = self.holder
            item.lease_expires = now + self.lease
            item.attempts += 1
            item.updated_at = now
            claimed = Claimed(item.id, item.run_id, item.stage, item.key,
                              dict(item.payload or {}), item.attempts)
            s.add(item)
            s.commit()
            return claimed

    def claim_batch(self, run_id: str, stage: str, size: int) -> list[Claimed]:
        """Take up to `size` fresh pending items in key order, uncharged; or, when the
        next claimable item is suspect (it failed, or its worker died or lost the
        lease), that item alone, charged."""
        now = self.clock()
        with Session(self.engine) as s:
            q = _claimable(run_id, stage, now, max(1, size))
            rows = list(s.exec(q).all())
            if not rows:
                return []
            if _suspect(rows[0]):
                rows, charged = rows[:1], True
            else:
                cut = next((i for i, r in enumerate(rows) if _suspect(r)), len(rows))
                rows, charged = rows[:cut], False
            s.execute(update(WorkItem).where(col(WorkItem.id).in_([r.id for r in rows]))
                      .values(status="leased", lease_holder=self.holder,
                              lease_expires=now + self.lease, updated_at=now,
                              attempts=WorkItem.attempts + (1 if charged else 0)))
            s.commit()
            return [Claimed(r.id, r.run_id, r.stage, r.key, dict(r.payload or {}),
                            r.attempts + (1 if charged else 0), charged) for r in rows]

    def complete_batch(self, done: Sequence[Ready]) -> list[Claimed]:
        """Run the writes of the items whose lease is still ours and mark each as it
        ended (done, failed or blocked), all in one transaction; returns those items
        (the others wrote nothing)."""
        if not done:
            return []
        for _item, _write, status, _error in done:
            if status not in ENDED:
                raise ValueError(f"an item cannot end as {status!r}")
        with Session(self.engine) as s:
            ids = [entry[0].id for entry in done]
            ours = set(s.exec(select(WorkItem.id).where(
                col(WorkItem.id).in_(ids), WorkItem.status == "leased",
                WorkItem.lease_holder == self.holder).with_for_update()).all())
            kept = [entry for entry in done if entry[0].id in ours]
            for _item, write, _status, _error in kept:
                if write is not None:
                    write(s)
            now = self.clock()
            plain = [e for e in kept if e[2] == "done"]
            for charged in (True, False):
                group = [item.id for item, _w, _s, _e in plain if item.charged is charged]
                if group:
                    s.execute(update(WorkItem).where(col(WorkItem.id).in_(group))
                              .values(status="done", lease_expires=None, last_error=None,
                                      updated_at=now,
                                      attempts=WorkItem.attempts + (0 if charged else 1)))
            for item, _w, status, error in kept:
                if status != "done":
                    s.execute(update(WorkItem).where(col(WorkItem.id) == item.id)
                              .values(status=status, lease_expires=None,
                                      last_error=(error or status)[:2000], updated_at=now,
                                      attempts=WorkItem.attempts + (0 if item.charged else 1)))
            s.commit()
            return [entry[0] for entry in kept]

    def complete(self, item: Claimed, write: Callable[[Session], None] | None = None, *,
                 status: str = "done", error: str | None = None) -> bool:
        """Run `write` and mark the item done (or failed, or blocked) in one
        transaction, if the lease is still ours. Returns False (writing nothing)
        when it was lost."""
        if status not in ENDED:
            raise ValueError(f"an item cannot end as {status!r}")
        with Session(self.engine) as s:
            row = s.exec(select(WorkItem).where(WorkItem.id == item.id)
                         .with_for_update()).first()
            if row is None or row.status != "leased" or row.lease_holder != self.holder:
                s.rollback()
                return False
            if write is not None:
                write(s)
            row.status = status
            row.lease_holder = self.holder  # kept: who did it
            row.lease_expires = None
            row.last_error = error[:2000] if error else None
            row.updated_at = self.clock()
            s.add(row)
            s.commit()
            return True

    def fail(self, item: Claimed, error: str) -> str:
        """Give the item back (or mark it failed after max_attempts); returns its status."""
        with Session(self.engine) as s:
            row = s.exec(select(WorkItem).where(WorkItem.id == item.id)
                         .with_for_update()).first()
            if row is None or row.lease_holder != self.holder:
                s.rollback()
                return "lost"
            if not item.charged:
                row.attempts += 1
            row.status = "failed" if row.attempts >= self.max_attempts else "pending"
            row.lease_holder = None
            row.lease_expires = None
            row.last_error = error[:2000]
            row.updated_at = self.clock()
            s.add(row)
            s.commit()
            return row.status

    def retry_ended_badly(self, run_id: str, stage: str) -> int:
        """Put a stage's failed and blocked items back to pending, with fresh
        attempts: running the same command again retries them. Returns how many."""
        with Session(self.engine) as s:
            rows = s.exec(select(WorkItem).where(
                WorkItem.run_id == run_id, WorkItem.stage == stage,
                col(WorkItem.status).in_(("failed", "blocked")))).all()
            for r in rows:
                r.status = "pending"
                r.attempts = 0
                r.lease_holder = None
                r.lease_expires = None
                r.updated_at = self.clock()
                s.add(r)
            s.commit()
            return len(rows)

    def ended_badly(self, run_id: str, stage_prefix: str = "",
                    statuses: tuple[str, ...] = ("failed",)) -> list[WorkItem]:
        """The run's items in `statuses` whose stage starts with `stage_prefix`,
        ordered by stage and key."""
        with Session(self.engine) as s:
            rows = s.exec(select(WorkItem).where(
                WorkItem.run_id == run_id, col(WorkItem.stage).startswith(stage_prefix),
                col(WorkItem.status).in_(statuses))
                .order_by(col(WorkItem.stage), col(WorkItem.key))).all()
            return list(rows)

    def counts(self, run_id: str, stage: str | None = None) -> dict[str, int]:
        with Session(self.engine) as s:
            q = select(WorkItem.status, func.count()).where(WorkItem.run_id == run_id)
            if stage is not None:
                q = q.where(WorkItem.stage == stage)
            rows = s.exec(q.group_by(WorkItem.status)).all()
            return {status: int(n) for status, n in rows}

    def release_dead(self, run_id: str, stage: str) -> int:
        """Give back the leases of workers on this machine that died; returns how many."""
        with Session(self.engine) as s:
            rows = s.exec(select(WorkItem).where(
                WorkItem.run_id == run_id, WorkItem.stage == stage,
                WorkItem.status == "leased")).all()
            dead = [r for r in rows if _holder_is_dead(r.lease_holder)]
            for r in dead:
                r.status = "pending"
                r.last_error = f"worker {r.lease_holder} died holding the lease"
                r.lease_holder = None
                r.lease_expires = None
                s.add(r)
            s.commit()
            return len(dead)

    def _complete_with_retry(self, item: Claimed, write: Callable[[Session], None] | None,
                             status: str = "done", error: str | None = None) -> bool:
        return bool(self._complete_batch_with_retry([(item, write, status, error)]))

    def _complete_batch_with_retry(self, done: Sequence[Ready]) -> list[Claimed]:
        # Two workers may write the same content-addressed row (a snapshot two
        # claims share) at once; the loser retries and then finds it there.
        for attempt in range(5):
            try:
                return self.complete_batch(done)
            except (IntegrityError, OperationalError):
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return []

    def drain(self, run_id: str, stage: str,
              handle: Callable[[Claimed], Callable[[Session], None] | Outcome | None],
              on_done: Callable[[Claimed], None] | None = None,
              poll: float = 0.2, max_batch: int = MAX_BATCH) -> int:
        """Claim and handle items until the stage is finished; returns how many this
        worker did. Waits while other live workers hold leases in the stage, so the
        next stage never starts on half-finished input.

        `handle` does the work outside any transaction and returns the writes to
        commit with the item (or an Outcome, to end it failed or blocked); an
        exception marks the item for retry with its message, and after
        `max_attempts` it ends failed. Items that ended failed or blocked in an
        earlier run are retried first. Items are claimed in batches of up to
        `max_batch` and their writes committed together, at the latest every
        BATCH_SECONDS.
        """
        done = 0
        size = 1
        self.retry_ended_badly(run_id, stage)
        self.release_dead(run_id, stage)
        while True:
            items = self.claim_batch(run_id, stage, size)
            if not items:
                counts = self.counts(run_id, stage)
                if not counts.get("leased") and not counts.get("pending"):
                    return done
                time.sleep(poll)
                self.release_dead(run_id, stage)
                continue
            started = flushed = time.monotonic()
            ready: list[Ready] = []
            for item in items:
                try:
                    result = handle(item)
                except Exception as e:  # noqa: BLE001 - kept on the item, the run goes on
                    if self.fail(item, one_line_error(e)) == "failed" and on_done is not None:
                        on_done(item)  # ended: progress counts it, the run reports it
                else:
                    if isinstance(result, Outcome):
                        ready.append((item, result.write, result.status, result.error))
                    else:
                        ready.append((item, result, "done", None))
                if time.monotonic() - flushed >= BATCH_SECONDS:
                    done += self._finish(ready, on_done)
                    ready = []
                    flushed = time.monotonic()
            done += self._finish(ready, on_done)
            # a batch that took about BATCH_SECONDS is the right size
            per_item = (time.monotonic() - started) / len(items)
            if per_item * size * 2 <= BATCH_SECONDS:
                size = min(size * 2, max_batch)
            elif per_item * size > 2 * BATCH_SECONDS:
                size = max(1, size // 2)

    def _finish(self, ready: Sequence[Ready],
                on_done: Callable[[Claimed], None] | None) -> int:
        completed = self._complete_batch_with_retry(ready)
        if on_done is not None:
            for item in completed:
                on_done(item)
        return len(completed)


def _claimable(run_id: str, stage: str, now: datetime, limit: int) -> Any:
    """The next `limit` items of a stage a worker may take, in key order: pending
    ones, and leased ones whose lease expired; rows another worker holds locked
    are skipped."""
    return (select(WorkItem)
            .where(WorkItem.run_id == run_id, WorkItem.stage == stage,
                   or_(col(WorkItem.status) == "pending",
                       (col(WorkItem.status) == "leased")
                       & (col(WorkItem.lease_expires) < now)))
            .order_by(WorkItem.key).limit(limit)
            .with_for_update(skip_locked=True))


def _suspect(row: WorkItem) -> bool:
    """An item tried before without success: it failed, or its worker died or lost
    the lease (a leased row is claimable only once its lease has expired)."""
    return row.status == "leased" or row.last_error is not None or row.attempts > 0
