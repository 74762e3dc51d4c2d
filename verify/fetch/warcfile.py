"""Reading and writing gzipped WARC files, one gzip member per record.

The reader walks gzip members itself so that a damaged member is named by its
offset and skipped, and a truncated tail (a crash mid-write) ends the file
quietly instead of failing every later read.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from verify.errors import ArchiveError

CHUNK = 256 * 1024
GZIP_MAGIC = b"\x1f\x8b\x08"


class Sha256WARCWriter(WARCWriter):  # type: ignore[misc]
    """warcio's writer with sha256 digests, so the payload digest is the snapshot's sha256."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def sha256_label(hex_digest: str) -> str:
    """hex sha256 → the WARC form warcio writes: `sha256:<base32>`."""
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


def parse_digest(label: str) -> tuple[str, bytes] | None:
    """`sha256:BASE32` or `sha1:hex…` → (algorithm, raw digest), or None if unreadable."""
    algo, sep, value = label.strip().partition(":")
    if not sep:
        return None
    algo = algo.lower().replace("-", "")
    try:
        size = hashlib.new(algo).digest_size
    except ValueError:
        return None
    value = value.strip()
    for decode in (bytes.fromhex, lambda v: base64.b32decode(v.upper()),
                   lambda v: base64.b64decode(v, validate=True)):
        try:
            raw = decode(value)
        except ValueError:
            continue
        if len(raw) == size:
            return algo, raw
    return None


def hex_of(label: str | None) -> str | None:
    """The hex form of a sha256 digest label; None for other algorithms."""
    parsed = parse_digest(label) if label else None
    if parsed is None or parsed[0] != "sha256":
        return None
    return parsed[1].hex()


@dataclass(frozen=True)
class Member:
    """One gzip member of a WARC file: its decompressed bytes, or what is wrong with it."""

    offset: int
    data: bytes | None
    problem: str | None = None
    truncated: bool = False  # the file ends inside this member


def iter_members(path: Path, start: int = 0) -> Iterator[Member]:
    """Every gzip member from `start` on; bad members are reported and skipped."""
    with path.open("rb") as fh:
        pos = start
        while True:
            fh.seek(pos)
            first = fh.read(len(GZIP_MAGIC))
            if not first:
                return
            if first != GZIP_MAGIC:
                nxt = _resync(fh, pos + 1)
                yield Member(pos, None, "not the start of a gzip member")
                if nxt is None:
                    return
                pos = nxt
                continue
            fh.seek(pos)
            member, used = _one_member(fh, pos)
            yield member
            if member.truncated:
                return
            if member.problem is not None:
                nxt = _resync(fh, pos + 1)
                if nxt is None:
                    return
                pos = nxt
                continue
            pos += used


def _one_member(fh: BinaryIO, offset: int) -> tuple[Member, int]:
    inflater = zlib.decompressobj(31)
    parts: list[bytes] = []
    used = 0
    while True:
        chunk = fh.read(CHUNK)
        if not chunk:
            return Member(offset, None, "file ends inside this record", truncated=True), used
        try:
            parts.append(inflater.decompress(chunk))
        except zlib.error as exc:
            return Member(offset, None, f"damaged gzip data ({exc})"), used
        if inflater.eof:
            used += len(chunk) - len(inflater.unused_data)
            return Member(offset, b"".join(parts)), used
        used += len(chunk)


def _resync(fh: BinaryIO, pos: int) -> int | None:
    """The next offset after `pos` where a gzip member that holds a WARC record starts."""
    while True:
        fh.seek(pos)
        window = fh.read(CHUNK + len(GZIP_MAGIC))
        if len(window) < len(GZIP_MAGIC):
            return None
        hit = window.find(GZIP_MAGIC)
        if hit < 0:
            pos += CHUNK
            continue
        candidate = pos + hit
        fh.seek(candidate)
        try:
            head = zlib.decompressobj(31).decompress(fh.read(4096), 16)
        except zlib.error:
            head = b""
        if head.startswith(b"WARC/"):
            return candidate
        pos = candidate + 1


@dataclass(frozen=True)
class Record:
    """A parsed WARC record: its headers and its block (for HTTP records, headers + payload)."""

    offset: int
    warc_headers: tuple[tuple[str, str], ...]
    block: bytes
    truncated: bool = False  # the block is shorter than its Content-Length

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.warc_headers if k.lower() == wanted), None)

    @property
    def type(self) -> str:
        return (self.header("WARC-Type") or "").lower()

    @property
    def record_id(self) -> str:
        return self.header("WARC-Record-ID") or ""

    @property
    def target_uri(self) -> str | None:
        uri = self.header("WARC-Target-URI")
        return uri.strip("<>") if uri else None

    @property
    def is_http(self) -> bool:
        content_type = (self.header("Content-Type") or "").lower()
        return content_type.startswith("application/http") and self.type in (
            "response", "request", "revisit")

    def http(self) -> tuple[str, tuple[tuple[str, str], ...], bytes]:
        """(status or request line, HTTP headers, payload) of an HTTP record."""
        end = self.block.find(b"\r\n\r\n")
        if end < 0:
            raise ArchiveError(f"record {self.record_id} has no end of HTTP headers",
                               url=self.target_uri)
        lines = self.block[:end].decode("iso-8859-1").split("\r\n")
        return lines[0], tuple(_header_lines(lines[1:])), self.block[end + 4:]

    @property
    def payload(self) -> bytes:
        return self.http()[2] if self.is_http else self.block


def _header_lines(lines: list[str]) -> Iterator[tuple[str, str]]:
    for line in lines:
        name, sep, value = line.partition(":")
        if sep:
            yield name.strip(), value.strip()


def parse_records(data: bytes, offset: int) -> list[Record]:
    """The records in one decompressed member (normally exactly one)."""
    out: list[Record] = []
    pos = 0
    while True:
        while data.startswith(b"\r\n", pos):
            pos += 2
        if pos >= len(data):
            return out
        end = data.find(b"\r\n\r\n", pos)
        if end < 0 or not data.startswith(b"WARC/", pos):
            raise ArchiveError(f"no WARC record header at offset {offset}")
        lines = data[pos:end].decode("utf-8", "replace").split("\r\n")
        headers = tuple(_header_lines(lines[1:]))
        record = Record(offset, headers, b"")
        try:
            length = int(record.header("Content-Length") or "")
        except ValueError as exc:
            raise ArchiveError(f"record at offset {offset} has no usable Content-Length") from exc
        block = data[end + 4:end + 4 + length]
        out.append(Record(offset, headers, block, truncated=len(block) < length))
        pos = end + 4 + length


def read_record(path: Path, offset: int, record_id: str | None = None) -> Record:
    """The record at `offset` (the one with `record_id`, if a member holds several)."""
    if not path.is_file():
        raise ArchiveError(f"no WARC file {path.name}")
    with path.open("rb") as fh:
        fh.seek(offset)
        if fh.read(len(GZIP_MAGIC)) != GZIP_MAGIC:
            raise ArchiveError(f"no record at {path.name}:{offset}")
        fh.seek(offset)
        member, _ = _one_member(fh, offset)
    if member.data is None:
        raise ArchiveError(f"record at {path.name}:{offset} cannot be read: {member.problem}")
    records = parse_records(member.data, offset)
    for record in records:
        if record_id is None or record.record_id == record_id:
            return record
    raise ArchiveError(f"record {record_id} is not at {path.name}:{offset}")
