"""The work queue: pipeline stages take work items with leases.

Each item is claimed in its own short transaction and completed in another,
together with the stage's writes, only if the lease is still ours — so a
crashed worker's items are taken over when its lease expires, and no item's
effects are written twice. On PostgreSQL, workers claim with
`FOR UPDATE SKIP LOCKED`; on SQLite every transaction is IMMEDIATE, which
serialises claimers.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from verify.ids import content_id
from verify.store.models import WorkItem

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def one_line_error(exc: BaseException) -> str:
    """An exception as one line: its type and its first line of message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


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


@dataclass(frozen=True)
class Claimed:
    """An item this worker holds a lease on."""

    id: str
    run_id: str
    stage: str
    key: str
    payload: dict[str, Any]
    attempts: int


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
            q = (select(WorkItem)
                 .where(WorkItem.run_id == run_id, WorkItem.stage == stage,
                        or_(col(WorkItem.status) == "pending",
                            (col(WorkItem.status) == "leased")
                            & (col(WorkItem.lease_expires) < now)))
                 .order_by(WorkItem.key).limit(1)
                 .with_for_update(skip_locked=True))
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
        # Two workers may write the same content-addressed row (a snapshot two
        # claims share) at once; the loser retries and then finds it there.
        for attempt in range(5):
            try:
                return self.complete(item, write, status=status, error=error)
            except (IntegrityError, OperationalError):
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return False

    def drain(self, run_id: str, stage: str,
              handle: Callable[[Claimed], Callable[[Session], None] | Outcome | None],
              on_done: Callable[[Claimed], None] | None = None,
              poll: float = 0.2) -> int:
        """Claim and handle items until the stage is finished; returns how many this
        worker did. Waits while other live workers hold leases in the stage, so the
        next stage never starts on half-finished input.

        `handle` does the work outside any transaction and returns the writes to
        commit with the item (or an Outcome, to end it failed or blocked); an
        exception marks the item for retry with its message, and after
        `max_attempts` it ends failed. Items that ended failed or blocked in an
        earlier run are retried first.
        """
        done = 0
        self.retry_ended_badly(run_id, stage)
        self.release_dead(run_id, stage)
        while True:
            item = self.claim(run_id, stage)
            if item is None:
                counts = self.counts(run_id, stage)
                if not counts.get("leased") and not counts.get("pending"):
                    return done
                time.sleep(poll)
                self.release_dead(run_id, stage)
                continue
            try:
                result = handle(item)
            except Exception as e:  # noqa: BLE001 - kept on the item, the run goes on
                if self.fail(item, one_line_error(e)) == "failed" and on_done is not None:
                    on_done(item)  # ended: progress counts it, the run reports it
                continue
            if isinstance(result, Outcome):
                ok = self._complete_with_retry(item, result.write, result.status, result.error)
            else:
                ok = self._complete_with_retry(item, result)
            if ok:
                done += 1
                if on_done is not None:
                    on_done(item)
