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
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_
from sqlmodel import Session, select

from verify.ids import content_id
from verify.store.models import WorkItem

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


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
        """Add items not already queued for this run and stage; returns how many."""
        added = 0
        now = self.clock()
        with Session(self.engine) as s:
            have = set(s.exec(select(WorkItem.key).where(
                WorkItem.run_id == run_id, WorkItem.stage == stage)).all())
            for key, payload in items:
                if key in have:
                    continue
                have.add(key)
                s.add(WorkItem(id=content_id("w", run_id, stage, key), run_id=run_id,
                               stage=stage, key=key, payload=payload, updated_at=now))
                added += 1
            s.commit()
        return added

    def claim(self, run_id: str, stage: str) -> Claimed | None:
        """Take the next pending item (or one whose lease expired)."""
        now = self.clock()
        with Session(self.engine) as s:
            q = (select(WorkItem)
                 .where(WorkItem.run_id == run_id, WorkItem.stage == stage,
                        or_(WorkItem.status == "pending",
                            (WorkItem.status == "leased") & (WorkItem.lease_expires < now)))
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

    def complete(self, item: Claimed, write: Callable[[Session], None] | None = None) -> bool:
        """Run `write` and mark the item done in one transaction, if the lease is
        still ours. Returns False (writing nothing) when it was lost."""
        with Session(self.engine) as s:
            row = s.exec(select(WorkItem).where(WorkItem.id == item.id)
                         .with_for_update()).first()
            if row is None or row.status != "leased" or row.lease_holder != self.holder:
                s.rollback()
                return False
            if write is not None:
                write(s)
            row.status = "done"
            row.lease_holder = None
            row.lease_expires = None
            row.last_error = None
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

    def counts(self, run_id: str, stage: str | None = None) -> dict[str, int]:
        with Session(self.engine) as s:
            q = select(WorkItem.status, func.count()).where(WorkItem.run_id == run_id)
            if stage is not None:
                q = q.where(WorkItem.stage == stage)
            rows = s.exec(q.group_by(WorkItem.status)).all()
            return {status: int(n) for status, n in rows}

    def drain(self, run_id: str, stage: str,
              handle: Callable[[Claimed], Callable[[Session], None] | None],
              on_done: Callable[[Claimed], None] | None = None) -> int:
        """Claim and handle items until none is left; returns how many this worker did.

        `handle` does the work outside any transaction and returns the writes to
        commit with the item; an exception marks the item for retry with its message.
        """
        done = 0
        while (item := self.claim(run_id, stage)) is not None:
            try:
                write = handle(item)
            except Exception as e:  # noqa: BLE001 - kept on the item, the run goes on
                self.fail(item, f"{type(e).__name__}: {e}")
                continue
            if self.complete(item, write):
                done += 1
                if on_done is not None:
                    on_done(item)
        return done
