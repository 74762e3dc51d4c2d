"""Finding stored snapshots by the ids people copy from reports and `verify fetch`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlmodel import col, or_, select

from verify.errors import ArchiveError, InputError
from verify.fetch.archive import Archive, Problem
from verify.fetch.model import WarcLocation
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


def record_problem(archive: Archive, snap: Snapshot) -> str | None:
    """Why a snapshot's archived record is not the document the database describes
    (None when it is): a record edited and re-hashed still differs from the payload
    sha256 stored for its snapshot when it was fetched."""
    if snap.warc_file is None or snap.warc_offset is None:
        return None
    loc = WarcLocation(snap.warc_file, snap.warc_offset, snap.warc_record_id or "")
    try:
        record = archive.record(loc)
        payload = record.payload
    except ArchiveError as e:
        return f"its record cannot be read: {e.message}"
    actual = hashlib.sha256(payload).hexdigest()
    if snap.payload_sha256 and actual != snap.payload_sha256:
        return (f"the record's payload hashes to sha256 {actual[:12]}…, not the "
                f"{snap.payload_sha256[:12]}… the database holds for snapshot {snap.id}: "
                f"the record was changed after it was archived")
    return None


def check_against_store(store: Store, archive_root: Path) -> list[Problem]:
    """Every snapshot's record, hashed and compared with the sha256 the database holds."""
    archive = Archive(archive_root)
    problems: list[Problem] = []
    with store.session() as s:
        rows = s.exec(select(Snapshot).where(col(Snapshot.warc_file).is_not(None))
                      .order_by(col(Snapshot.warc_file), col(Snapshot.warc_offset),
                                col(Snapshot.id))).all()
    seen: set[tuple[str, int, str]] = set()
    for snap in rows:
        assert snap.warc_file is not None and snap.warc_offset is not None
        key = (snap.warc_file, snap.warc_offset, snap.payload_sha256 or "")
        if key in seen:
            continue
        seen.add(key)
        why = record_problem(archive, snap)
        if why is not None:
            problems.append(Problem(snap.warc_file, snap.warc_offset, snap.warc_record_id,
                                    snap.final_url, why))
    return problems
