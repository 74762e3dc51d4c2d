#!/usr/bin/env python3
"""Check a verify evidence bundle: every file against MANIFEST.json, every evidence quote's
snapshot against the WARC records that hold it. Standard library only.

    python3 verify_bundle.py [BUNDLE_DIR_OR_ZIP]    (default: this script's folder)

Prints OK, or names every file and record that does not match, and exits 1.
`verify bundle` copies this file into each bundle as verify_bundle.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

MANIFEST = "MANIFEST.json"
SELF_HASH = re.compile(r'"manifest_sha256": "([0-9a-f]{64})"')
ZEROS = "0" * 64
GZIP_MAGIC = b"\x1f\x8b\x08"


def manifest_self_hash(text: str) -> str:
    """The manifest's sha256 over its own bytes, with its manifest_sha256 value as zeros."""
    blank = SELF_HASH.sub(f'"manifest_sha256": "{ZEROS}"', text, count=1)
    return hashlib.sha256(blank.encode("utf-8")).hexdigest()


class Bundle:
    """The files of a bundle, from a folder or straight from the zip."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self._zip = zipfile.ZipFile(where) if where.is_file() else None

    def read(self, name: str) -> bytes | None:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            return None  # a manifest never names a file outside the bundle
        if self._zip is not None:
            try:
                return self._zip.read(name)
            except KeyError:
                return None
        path = self.where / name
        return path.read_bytes() if path.is_file() else None


def gzip_members(data: bytes, problems: list[str], name: str) -> bytes:
    """The decompressed bytes of every gzip member; a damaged member is named by its
    offset and skipped, so one bad record does not hide the others."""
    out: list[bytes] = []
    pos = 0
    while pos < len(data):
        inflater = zlib.decompressobj(31)
        try:
            chunk = inflater.decompress(data[pos:])
        except zlib.error as e:
            chunk = b""
            problems.append(f"{name}: the gzip member at byte {pos} is damaged ({e})")
        else:
            if inflater.eof:
                out.append(chunk)
                pos = len(data) - len(inflater.unused_data)
                continue
            problems.append(f"{name}: the file ends inside the gzip member at byte {pos}")
            break
        nxt = data.find(GZIP_MAGIC, pos + 1)
        if nxt < 0:
            break
        pos = nxt
    return b"".join(out)


def warc_records(raw: bytes, problems: list[str], name: str
                 ) -> list[tuple[dict[str, str], bytes]]:
    """(headers, block) of every readable record of an uncompressed WARC stream."""
    out: list[tuple[dict[str, str], bytes]] = []
    pos = 0
    while True:
        while raw.startswith(b"\r\n", pos):
            pos += 2
        if pos >= len(raw):
            return out
        end = raw.find(b"\r\n\r\n", pos)
        headers: dict[str, str] = {}
        if end >= 0 and raw.startswith(b"WARC/", pos):
            for line in raw[pos:end].decode("utf-8", "replace").split("\r\n")[1:]:
                key, sep, value = line.partition(":")
                if sep:
                    headers[key.strip().lower()] = value.strip()
        length = headers.get("content-length", "")
        if not length.isdigit():
            nxt = raw.find(b"WARC/", pos + 1)  # skip to the next record header
            problems.append(f"{name}: unreadable WARC record header at byte {pos} "
                            f"of the uncompressed records")
            if nxt < 0:
                return out
            pos = nxt
            continue
        block = raw[end + 4:end + 4 + int(length)]
        if len(block) < int(length):
            problems.append(f"{name}: record {headers.get('warc-record-id', '?')} is "
                            f"shorter than its Content-Length")
            return out
        out.append((headers, block))
        pos = end + 4 + int(length)


def digest_hex(label: str | None) -> str | None:
    """`sha256:BASE32` (as verify's archive writes it) or `sha256:hex` → hex; else None."""
    if not label or not label.lower().startswith("sha256:"):
        return None
    value = label.split(":", 1)[1].strip()
    try:
        raw = bytes.fromhex(value) if len(value) == 64 else base64.b32decode(value.upper())
    except ValueError:
        return None
    return raw.hex() if len(raw) == 32 else None


def payload_of(headers: dict[str, str], block: bytes) -> bytes:
    """The payload: an HTTP record's body after its headers, else the whole block."""
    if headers.get("content-type", "").lower().startswith("application/http"):
        end = block.find(b"\r\n\r\n")
        return block[end + 4:] if end >= 0 else b""
    return block


def check_warc(name: str, data: bytes, problems: list[str]) -> dict[str, str]:
    """Re-hash every record; the verified payload sha256 of each content record by id."""
    raw = gzip_members(data, problems, name) if data[:2] == GZIP_MAGIC[:2] else data
    records = warc_records(raw, problems, name)
    verified: dict[str, str] = {}
    for headers, block in records:
        rid = headers.get("warc-record-id", "?")
        who = f"{name}: record {rid} ({headers.get('warc-target-uri', '-')})"
        block_label = headers.get("warc-block-digest")
        if block_label and digest_hex(block_label) not in (None,
                                                           hashlib.sha256(block).hexdigest()):
            problems.append(f"{who}: WARC-Block-Digest does not match the record's bytes")
        if headers.get("warc-type") not in ("response", "resource"):
            continue
        claimed = digest_hex(headers.get("warc-payload-digest"))
        actual = hashlib.sha256(payload_of(headers, block)).hexdigest()
        if claimed is None:
            problems.append(f"{who}: no sha256 WARC-Payload-Digest")
        elif claimed != actual:
            problems.append(f"{who}: WARC-Payload-Digest does not match the payload")
        else:
            verified[rid] = actual
    return verified


def check(where: Path) -> tuple[list[str], str]:
    """(problems, summary) of the bundle at `where`."""
    problems: list[str] = []
    bundle = Bundle(where)
    raw = bundle.read(MANIFEST)
    if raw is None:
        return [f"{MANIFEST}: missing"], ""
    text = raw.decode("utf-8", "replace")
    found = SELF_HASH.search(text)
    if found is None:
        problems.append(f"{MANIFEST}: no readable manifest_sha256 (changed)")
    elif found.group(1) != manifest_self_hash(text):
        problems.append(f"{MANIFEST}: does not match its own manifest_sha256 (changed)")
    try:
        manifest: dict[str, Any] = json.loads(text)
    except ValueError as e:
        return [*problems, f"{MANIFEST}: not valid JSON ({e})"], ""
    for entry in manifest.get("files", []):
        data = bundle.read(entry["path"])
        if data is None:
            problems.append(f"{entry['path']}: missing")
        elif len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['path']}: does not match its sha256 in {MANIFEST} "
                            f"(changed)")
    warc_name = manifest.get("warc", "")
    warc_data = bundle.read(warc_name) or b""
    verified = check_warc(warc_name, warc_data, problems) if warc_data else {}
    if not warc_data:
        problems.append(f"{warc_name or 'the WARC file'}: missing")
    try:
        report = json.loads(bundle.read(manifest.get("report", "report.json")) or b"")
    except ValueError as e:
        return [*problems, f"report.json: not valid JSON ({e})"], ""
    digests = set(verified.values())
    quotes = 0
    missing: dict[str, tuple[str, set[str]]] = {}  # sha256 -> (url, claims)
    for claim in report.get("claims", []):
        for ev in (claim.get("verdict") or {}).get("evidence", []):
            quotes += 1
            sha = str(ev.get("snapshot_sha256"))
            if sha not in digests:
                missing.setdefault(sha, (str(ev.get("url")), set()))[1].add(claim["id"])
    for sha, (url, claims) in sorted(missing.items()):
        problems.append(f"report.json: evidence of {', '.join(sorted(claims))} rests on "
                        f"snapshot sha256 {sha[:12]}… ({url}), which no verified record "
                        f"in {warc_name} holds")
    cited = 0
    for snap in report.get("snapshots", []):
        if not snap.get("warc"):
            continue
        cited += 1
        rid = snap["warc"]["record_id"]
        if verified.get(rid) != snap.get("sha256"):
            problems.append(f"report.json: snapshot {snap['id']} ({snap.get('final_url')}) "
                            f"names record {rid}, which {warc_name} does not hold with "
                            f"payload sha256 {str(snap.get('sha256'))[:12]}…")
    summary = (f"OK: {len(manifest.get('files', []))} files match {MANIFEST}; {quotes} "
               f"evidence quote(s) and {cited} snapshot(s) rest on {len(verified)} WARC "
               f"record(s) whose payload digests verify (run {manifest.get('run')})")
    return problems, summary


def main(argv: list[str]) -> int:
    where = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    if not where.exists():
        print(f"FAILED: no bundle at {where}")
        return 1
    try:
        problems, summary = check(where)
    except zipfile.BadZipFile as e:
        problems, summary = [f"{where.name}: not a zip file ({e})"], ""
    if problems:
        print(f"FAILED: {len(problems)} problem(s) in {where}")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as e:  # noqa: BLE001 - a damaged copy of this script must still say so
        print(f"FAILED: the check itself broke ({type(e).__name__}: {e}); this script may "
              f"be damaged: compare its sha256 with {MANIFEST}, or run an intact copy")
        sys.exit(1)
