"""Finding stored snapshots by the ids people copy from reports and `verify fetch`."""

from __future__ import annotations

from sqlmodel import col, or_, select

from verify.errors import InputError
from verify.store import Store
from verify.store.models import Snapshot


def find_snapshot(store: Store, ref: str) -> Snapshot:
    """A snapshot by id, id prefix, or payload sha256 prefix (at least 6 characters)."""
    if len(ref) < 6:
        raise InputError(f"snapshot {ref!r}: give at least 6 characters of its id or sha256")
    with store.session() as s:
        rows = s.exec(select(Snapshot).where(or_(
            col(Snapshot.id).startswith(ref),
            col(Snapshot.payload_sha256).startswith(ref)))
            .order_by(col(Snapshot.fetched_at).desc(), col(Snapshot.id))).all()
    if not rows:
        raise InputError(f"no snapshot matches {ref!r}")
    ids = {r.id for r in rows}
    shas = {r.payload_sha256 for r in rows}
    if len(ids) > 1 and len(shas) > 1:
        raise InputError(f"{len(ids)} snapshots match {ref!r}; give more of the id")
    return rows[0]
