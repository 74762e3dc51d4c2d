"""The WARC archive: append exchanges and rebuilt resources, find records by URL, re-verify.

Each Archive object writes to a file of its own (two processes never share
one), flushes and fsyncs after every request+response pair, and indexes the
archive by WARC-Target-URI once — from a cache file when it is still fresh.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import secrets
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders

import verify
from verify.errors import ArchiveError
from verify.fetch.model import WarcLocation, canonical_url
from verify.fetch.warcfile import (
    Record,
    Sha256WARCWriter,
    iter_members,
    parse_digest,
    parse_records,
    read_record,
)
from verify.redact import redact_headers, redact_url, redact_value

log = logging.getLogger(__name__)

INDEX_FILE = ".verify-index.json"
INDEX_VERSION = 1
CONTENT_TYPES = ("response", "resource")
# Stored headers describe the payload as archived: de-chunked by the client.
_DROPPED_HEADERS = {"transfer-encoding"}


@dataclass(frozen=True)
class IndexEntry:
    """One indexed record."""

    url: str  # canonical WARC-Target-URI
    type: str  # WARC-Type
    date: str  # WARC-Date
    http_status: int | None
    refers_to: str | None  # WARC-Refers-To, for metadata records
    location: WarcLocation


@dataclass(frozen=True)
class Problem:
    """A record that does not re-verify."""

    file: str
    offset: int
    record_id: str | None
    target_uri: str | None
    reason: str

    def __str__(self) -> str:
        who = self.record_id or "record"
        return f"{self.file}:{self.offset} {who} ({self.target_uri or '-'}): {self.reason}"


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_warc_date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _status_of(record: Record) -> int | None:
    if record.type != "response" or not record.is_http:
        return None
    end = record.block.find(b"\r\n")
    parts = record.block[:end].split(b" ", 2) if end > 0 else []
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


class Archive:
    """A directory of `*.warc.gz` files."""

    def __init__(self, root: str | os.PathLike[str], *, fsync: bool = True) -> None:
        self.root = Path(root)
        self._fsync = fsync
        self._lock = threading.Lock()
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._writer: Sha256WARCWriter | None = None
        self._by_url: dict[str, list[IndexEntry]] | None = None
        self._by_id: dict[str, IndexEntry] = {}

    # -- writing -----------------------------------------------------------------

    def _open(self) -> tuple[BinaryIO, Sha256WARCWriter, str]:
        if self._fh is None or self._writer is None or self._name is None:
            self.root.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            name = f"verify-{stamp}-{os.getpid()}-{secrets.token_hex(4)}.warc.gz"
            self._fh = (self.root / name).open("xb")
            self._name = name
            self._writer = Sha256WARCWriter(self._fh, gzip=True, warc_version="1.1")
            info = self._writer.create_warcinfo_record(name, {
                "software": f"verify/{verify.__version__}",
                "format": "WARC File Format 1.1",
            })
            self._writer.write_record(info)
            self._sync()
        return self._fh, self._writer, self._name

    def _sync(self) -> None:
        assert self._fh is not None
        self._fh.flush()
        if self._fsync:
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
            self._fh = self._writer = self._name = None

    def write_exchange(
        self,
        *,
        url: str,
        method: str,
        target: str,
        request_headers: Iterable[tuple[str, str]],
        status: int,
        reason_phrase: str,
        response_headers: Iterable[tuple[str, str]],
        payload: bytes,
        fetched_at: datetime,
        truncated: bool = False,
        ip_address: str | None = None,
    ) -> tuple[WarcLocation, str]:
        """Append a response record and its request record; returns (location, sha256 hex)."""
        uri = canonical_url(url)
        extra = {"WARC-Date": warc_date(fetched_at)}
        if truncated:
            extra["WARC-Truncated"] = "length"
        if ip_address:
            extra["WARC-IP-Address"] = ip_address
        kept = [(k, v) for k, v in response_headers if k.lower() not in _DROPPED_HEADERS]
        with self._lock, _disk_errors(self.root, uri):
            fh, writer, name = self._open()
            response = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), length=len(payload),
                http_headers=StatusAndHeaders(f"{status} {reason_phrase}".strip(), kept,
                                              protocol="HTTP/1.1"),
                warc_headers_dict=extra)
            # The archived request keeps no credential: the request line's secret
            # parameters and the Authorization header are redacted (issue 10, item 9).
            request = writer.create_warc_record(
                uri, "request", http_headers=StatusAndHeaders(
                    f"{method} {redact_url(target)} HTTP/1.1",
                    redact_headers(request_headers), is_http_request=True),
                warc_headers_dict={"WARC-Date": extra["WARC-Date"]})
            offset = fh.tell()
            writer.write_request_response_pair(request, response)
            self._sync()
            record_id = response.rec_headers.get_header("WARC-Record-ID")
            location = WarcLocation(name, offset, record_id)
            self._add(IndexEntry(uri, "response", extra["WARC-Date"], status, None, location))
        return location, hashlib.sha256(payload).hexdigest()

    def write_resource(self, url: str, content_type: str, body: bytes,
                       provenance: Mapping[str, Any], *,
                       date: datetime | None = None) -> WarcLocation:
        """Append a rebuilt document: a `resource` record and its `metadata` record."""
        if provenance.get("reconstruction") is not True:
            raise ArchiveError("a rebuilt resource needs provenance with reconstruction = true",
                               url=url)
        uri = canonical_url(url)
        stamp = warc_date(date or datetime.now(UTC))
        meta = json.dumps(redact_value(dict(provenance)), ensure_ascii=False,
                          sort_keys=True).encode()
        with self._lock, _disk_errors(self.root, uri):
            fh, writer, name = self._open()
            resource = writer.create_warc_record(
                uri, "resource", payload=io.BytesIO(body), length=len(body),
                warc_content_type=content_type,
                warc_headers_dict={"WARC-Date": stamp, "Content-Type": content_type})
            record_id = resource.rec_headers.get_header("WARC-Record-ID")
            metadata = writer.create_warc_record(
                uri, "metadata", payload=io.BytesIO(meta), length=len(meta),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": stamp, "WARC-Refers-To": record_id,
                                   "Content-Type": "application/json"})
            offset = fh.tell()
            writer.write_record(resource)
            meta_offset = fh.tell()
            writer.write_record(metadata)
            self._sync()
            location = WarcLocation(name, offset, record_id)
            self._add(IndexEntry(uri, "resource", stamp, None, None, location))
            meta_id = metadata.rec_headers.get_header("WARC-Record-ID")
            self._add(IndexEntry(uri, "metadata", stamp, None, record_id,
                                 WarcLocation(name, meta_offset, meta_id)))
        return location

    # -- the index ---------------------------------------------------------------

    def _add(self, entry: IndexEntry) -> None:
        # Before the first lookup there is no index to keep current: the first
        # lookup scans the files, these records included. So a long fetch run
        # that never looks anything up holds no per-record state.
        if self._by_url is not None:
            self._by_id[entry.location.record_id] = entry
            self._by_url.setdefault(entry.url, []).append(entry)

    def _index(self) -> dict[str, list[IndexEntry]]:
        with self._lock:
            if self._by_url is None:
                entries = self._scan()
                self._by_url = {}
                for entry in entries:
                    self._by_id[entry.location.record_id] = entry
                    self._by_url.setdefault(entry.url, []).append(entry)
            return self._by_url

    def _scan(self) -> list[IndexEntry]:
        cache_path = self.root / INDEX_FILE
        cached: dict[str, Any] = {}
        if cache_path.is_file():
            try:
                loaded = json.loads(cache_path.read_text("utf-8"))
                if loaded.get("version") == INDEX_VERSION:
                    cached = loaded.get("files", {})
            except (OSError, ValueError):
                cached = {}  # a damaged cache is only a cache: rebuild it
        files: dict[str, Any] = {}
        entries: list[IndexEntry] = []
        for path in sorted(self.root.rglob("*.warc.gz")) if self.root.is_dir() else []:
            rel = path.relative_to(self.root).as_posix()
            stat = path.stat()
            signature = [stat.st_size, stat.st_mtime_ns]
            hit = cached.get(rel)
            if hit is not None and hit.get("signature") == signature:
                found = [_entry_from_json(e) for e in hit["entries"]]
            else:
                found = list(_scan_file(path, rel))
            files[rel] = {"signature": signature, "entries": [asdict(e) for e in found]}
            entries.extend(found)
        if files != cached:
            try:
                tmp = cache_path.with_name(f"{INDEX_FILE}.{os.getpid()}.tmp")
                tmp.write_text(json.dumps({"version": INDEX_VERSION, "files": files}), "utf-8")
                tmp.replace(cache_path)
            except OSError as exc:  # a read-only archive still replays, only slower
                log.warning("cannot write the archive index cache %s: %s", cache_path, exc)
        return entries

    def entries(self, url: str) -> list[IndexEntry]:
        """Every indexed record for a URL, oldest first."""
        found = self._index().get(canonical_url(url), [])
        return sorted(found, key=lambda e: (e.date, e.location.file, e.location.offset))

    def lookup(self, url: str) -> IndexEntry | None:
        """The newest content record (response or resource) for a URL.

        A 304 response holds no body, so it never replaces the record it revalidated.
        """
        found = [e for e in self.entries(url)
                 if e.type in CONTENT_TYPES and e.http_status != 304]
        return found[-1] if found else None

    def locate(self, record_id: str) -> WarcLocation | None:
        self._index()
        entry = self._by_id.get(record_id)
        return entry.location if entry else None

    def provenance(self, resource_id: str) -> dict[str, Any]:
        """The JSON of the metadata record that refers to a rebuilt resource ({} if none)."""
        self._index()
        entry = self._by_id.get(resource_id)
        if entry is None:
            return {}
        for candidate in self.entries(entry.url):
            if candidate.type == "metadata" and candidate.refers_to == resource_id:
                try:
                    value = json.loads(self.record(candidate.location).block)
                except ValueError as exc:
                    raise ArchiveError(f"metadata record {candidate.location.record_id} "
                                       f"is not JSON", url=entry.url) from exc
                return value if isinstance(value, dict) else {"value": value}
        return {}

    # -- reading -----------------------------------------------------------------

    def record(self, location: WarcLocation) -> Record:
        path = (self.root / location.file).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ArchiveError(f"WARC file {location.file!r} is outside the archive")
        return read_record(path, location.offset, location.record_id)

    def read(self, location: WarcLocation) -> tuple[tuple[tuple[str, str], ...], bytes]:
        """(headers, payload) of a record: HTTP headers, or the Content-Type of a resource."""
        record = self.record(location)
        if record.is_http:
            _, headers, payload = record.http()
            return headers, payload
        return (("Content-Type", record.header("Content-Type") or ""),), record.block


@contextmanager
def _disk_errors(root: Path, url: str) -> Iterator[None]:
    """A full or read-only disk stops the run with the archive named, not a bare OSError."""
    try:
        yield
    except OSError as exc:
        raise ArchiveError(f"cannot write to the archive {root}: {exc.strerror or exc}",
                           url=url) from exc


def _entry_from_json(data: Mapping[str, Any]) -> IndexEntry:
    loc = data["location"]
    return IndexEntry(data["url"], data["type"], data["date"], data["http_status"],
                      data["refers_to"], WarcLocation(loc["file"], loc["offset"],
                                                      loc["record_id"]))


def _scan_file(path: Path, rel: str) -> Iterable[IndexEntry]:
    for member in iter_members(path):
        if member.data is None:
            log.warning("archive %s: skipping the record at offset %d: %s",
                        rel, member.offset, member.problem)
            continue
        try:
            records = parse_records(member.data, member.offset)
        except ArchiveError as exc:
            log.warning("archive %s: skipping offset %d: %s", rel, member.offset, exc)
            continue
        for record in records:
            uri = record.target_uri
            if uri is None or record.type not in ("response", "resource", "metadata"):
                continue
            yield IndexEntry(canonical_url(uri), record.type, record.header("WARC-Date") or "",
                             _status_of(record), record.header("WARC-Refers-To"),
                             WarcLocation(rel, member.offset, record.record_id))


def verify_archive(root: str | os.PathLike[str]) -> list[Problem]:
    """Re-hash every record in the archive; name each one that does not match."""
    base = Path(root)
    problems: list[Problem] = []
    for path in sorted(base.rglob("*.warc.gz")) if base.is_dir() else []:
        rel = path.relative_to(base).as_posix()
        for member in iter_members(path):
            if member.data is None:
                problems.append(Problem(rel, member.offset, None, None,
                                        member.problem or "unreadable"))
                continue
            try:
                records = parse_records(member.data, member.offset)
            except ArchiveError as exc:
                problems.append(Problem(rel, member.offset, None, None, exc.message))
                continue
            for record in records:
                problems.extend(_check(rel, record))
    return problems


def _check(rel: str, record: Record) -> list[Problem]:
    def problem(reason: str) -> Problem:
        return Problem(rel, record.offset, record.record_id or None, record.target_uri, reason)

    if record.truncated:
        return [problem("record is shorter than its Content-Length")]
    out: list[Problem] = []
    checks = [("WARC-Block-Digest", record.block)]
    if record.type in CONTENT_TYPES:
        try:
            checks.append(("WARC-Payload-Digest", record.payload))
        except ArchiveError as exc:
            return [problem(exc.message)]
    for name, data in checks:
        label = record.header(name)
        if label is None:
            if name == "WARC-Payload-Digest" or record.type in CONTENT_TYPES:
                out.append(problem(f"no {name}"))
            continue
        parsed = parse_digest(label)
        if parsed is None:
            out.append(problem(f"unreadable {name} {label!r}"))
        elif hashlib.new(parsed[0], data).digest() != parsed[1]:
            out.append(problem(f"{name} does not match the record's bytes"))
    return out
