"""A self-verifying evidence bundle: a run's report, the WARC records it cites, and a check.

The zip holds report.json, report.html, evidence.warc.gz (the cited records,
each copied byte for byte with its request or provenance record), MANIFEST.json
(every file's sha256 and size, the tool version, the run) and verify_bundle.py,
a stdlib-only script that re-hashes all of it: anyone can check the bundle
without verify installed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from verify import __version__
from verify.bundle_check import MANIFEST, ZEROS, manifest_self_hash
from verify.errors import ArchiveError, InputError
from verify.fetch.warcfile import Record, hex_of, iter_members, parse_records
from verify.store import Store

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
WARC_NAME = "evidence.warc.gz"
SCRIPT_NAME = "verify_bundle.py"
SCRIPT_SOURCE = Path(__file__).with_name("bundle_check.py")
# Fixed zip timestamps: the same run and archive give the same bundle bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BundleFile:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class CopiedRecord:
    record_id: str
    type: str
    target_uri: str | None
    payload_sha256: str | None  # hex; None for request and metadata records


@dataclass(frozen=True)
class BundleSummary:
    path: Path
    run_id: str
    as_of: str | None
    files: tuple[BundleFile, ...]
    records: tuple[CopiedRecord, ...]
    evidence_quotes: int

    def line(self) -> str:
        return (f"{self.path}: run {self.run_id}, {len(self.files) + 1} files, "
                f"{len(self.records)} WARC records, {self.evidence_quotes} evidence quotes")


# ---------------------------------------------------------------------- the WARC records


def _companion(first: Record, second: Record) -> bool:
    """Whether `second` belongs with `first`: its request, or its provenance record."""
    rid = first.record_id
    return bool(rid) and rid in (second.header("WARC-Concurrent-To"),
                                 second.header("WARC-Refers-To"))


def cited_records(archive_root: Path,
                  snapshots: Iterable[Mapping[str, Any]]) -> list[tuple[Record, bytes]]:
    """Each snapshot's record and the record written with it (the request of a
    response, the metadata of a rebuilt resource), as (record, uncompressed bytes).

    A record whose payload does not hash to its snapshot's sha256 is refused.
    """
    out: list[tuple[Record, bytes]] = []
    seen: set[str] = set()
    root = archive_root.resolve()
    for snap in snapshots:
        loc = snap.get("warc")
        if not loc:
            continue
        path = (root / loc["file"]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise ArchiveError(f"snapshot {snap['id']}: WARC file {loc['file']!r} is not in "
                               f"the archive {archive_root}", url=snap.get("final_url"))
        members = list(islice(iter_members(path, loc["offset"]), 2))
        parsed = [(parse_records(mb.data, mb.offset), mb.data) for mb in members
                  if mb.data is not None]
        if not parsed or not any(r.record_id == loc["record_id"] for r in parsed[0][0]):
            raise ArchiveError(f"snapshot {snap['id']}: no record {loc['record_id']} at "
                               f"{loc['file']}:{loc['offset']}", url=snap.get("final_url"))
        record = next(r for r in parsed[0][0] if r.record_id == loc["record_id"])
        actual = hashlib.sha256(record.payload).hexdigest()
        if actual != snap.get("sha256") or hex_of(record.header("WARC-Payload-Digest")) \
                not in (None, actual):
            raise ArchiveError(f"snapshot {snap['id']}: record {record.record_id} in "
                               f"{loc['file']} does not hash to the snapshot's sha256",
                               url=snap.get("final_url"))
        group = [(record, parsed[0][1])]
        if len(parsed) > 1:
            group += [(r, parsed[1][1]) for r in parsed[1][0] if _companion(record, r)]
        for rec, data in group:
            if rec.record_id not in seen:
                seen.add(rec.record_id)
                out.append((rec, data))
    return out


def warc_bytes(records: Sequence[tuple[Record, bytes]]) -> bytes:
    """The records as a .warc.gz, one gzip member each (mtime 0, so deterministic).
    Each member holds the record's bytes exactly as archived, digests included."""
    return b"".join(gzip.compress(data, mtime=0) for _, data in records)


# ---------------------------------------------------------------------- the manifest


def _entry(path: str, data: bytes) -> BundleFile:
    return BundleFile(path, hashlib.sha256(data).hexdigest(), len(data))


def manifest_text(run_id: str, as_of: str | None, files: Sequence[BundleFile],
                  records: Sequence[CopiedRecord]) -> str:
    """MANIFEST.json; its first key is the sha256 of its own bytes (with that value
    as zeros), so a changed byte anywhere in it is named."""
    body = {
        "manifest_sha256": ZEROS,
        "tool": "verify",
        "version": __version__,
        "run": run_id,
        "as_of": as_of,
        "report": REPORT_JSON,
        "warc": WARC_NAME,
        "check": f"python3 {SCRIPT_NAME}",
        "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in files],
        "records": [{"record_id": r.record_id, "type": r.type, "target_uri": r.target_uri,
                     "payload_sha256": r.payload_sha256} for r in records],
    }
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return text.replace(f'"manifest_sha256": "{ZEROS}"',
                        f'"manifest_sha256": "{manifest_self_hash(text)}"', 1)


# ---------------------------------------------------------------------- the bundle


def bundle_contents(report: Mapping[str, Any], archive_root: Path
                    ) -> tuple[dict[str, bytes], tuple[CopiedRecord, ...]]:
    """Every file of the bundle (MANIFEST.json last) and the records copied."""
    from verify.reports import render

    records = cited_records(archive_root, report.get("snapshots", []))
    copied = tuple(CopiedRecord(r.record_id, r.type, r.target_uri,
                                hashlib.sha256(r.payload).hexdigest()
                                if r.type in ("response", "resource") else None)
                   for r, _ in records)
    held = {c.payload_sha256 for c in copied}
    for claim in report.get("claims", []):
        for ev in (claim.get("verdict") or {}).get("evidence", []):
            if ev.get("snapshot_sha256") not in held:
                raise ArchiveError(f"evidence of {claim['id']} rests on a snapshot with no "
                                   f"archived record (sha256 {ev.get('snapshot_sha256')})",
                                   url=ev.get("url"))
    files = {
        REPORT_JSON: render(report, "json").encode("utf-8"),
        REPORT_HTML: render(report, "html").encode("utf-8"),
        WARC_NAME: warc_bytes(records),
        SCRIPT_NAME: SCRIPT_SOURCE.read_bytes(),
    }
    entries = [_entry(name, data) for name, data in files.items()]
    run = report.get("run") or {}
    files[MANIFEST] = manifest_text(str(run.get("id")), run.get("as_of"), entries,
                                    copied).encode("utf-8")
    return files, copied


def write_zip(out: Path, files: Mapping[str, bytes]) -> None:
    """Write the zip beside `out` and move it into place, so a failed write leaves
    no half bundle."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = (zipfile.ZIP_STORED if name.endswith(".gz")
                                      else zipfile.ZIP_DEFLATED)
                info.external_attr = (0o755 if name == SCRIPT_NAME else 0o644) << 16
                zf.writestr(info, data)
        tmp.replace(out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write the bundle: {e.strerror or e}", path=out) from None


def write_bundle(store: Store, run_id: str, out: Path, *, archive_root: Path,
                 as_of: date | None = None) -> BundleSummary:
    """`verify bundle RUN OUT.zip`: the run's report, its cited WARC records, the
    manifest and the checking script, in one zip."""
    from verify.runs import build_report

    if not out.parent.is_dir():
        raise InputError("the bundle's folder does not exist", path=out.parent)
    if out.is_dir():
        raise InputError("is a folder; give the bundle's file name (OUT.zip)", path=out)
    from verify.report_extras import with_article_extras

    report = with_article_extras(store, run_id, build_report(store, run_id, as_of))
    files, copied = bundle_contents(report, archive_root)
    write_zip(out, files)
    quotes = sum(len((c.get("verdict") or {}).get("evidence", []))
                 for c in report.get("claims", []))
    return BundleSummary(out, run_id, report["run"].get("as_of"),
                         tuple(_entry(n, d) for n, d in files.items() if n != MANIFEST),
                         copied, quotes)
