#!/usr/bin/env python3
"""Build the Ottawa example's archive from its rebuilt documents.

    python examples/ottawa/build_archive.py [--out DIR]

Reads rebuilt/manifest.toml and writes DIR/rebuilt.warc.gz (default: archive/
beside this script): a `warcinfo` record, then for each document, in URL order,
a WARC `resource` record (never a `response`: nothing here was served by the
source) followed by a `metadata` record that says it is a reconstruction, from
which public documents, on which date, with its placeholders and unconfirmed
facts. Digests are sha256 (`sha256:<base32>`, as the fetch layer writes them).

The build is deterministic: the WARC-Date is the manifest's `rebuilt_on`,
record ids are uuid5 of the content, gzip members carry no time stamp, so two
runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tomllib
import uuid
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from warcio.warcwriter import BufferWARCWriter

HERE = Path(__file__).resolve().parent
ARCHIVE_NAME = "rebuilt.warc.gz"
# Fixed namespace for record ids: the same content always gets the same id.
ID_NAMESPACE = uuid.UUID("6f6a1a8e-2c1b-5d55-9a55-0d0e6f7474a5")
REQUIRED = ("file", "url", "media_type", "derived_from", "notes")


class BuildError(Exception):
    """The manifest or a rebuilt file cannot be used; the message names it."""


@dataclass(frozen=True)
class Entry:
    file: str
    url: str
    media_type: str
    derived_from: tuple[str, ...]
    notes: str
    placeholders: tuple[str, ...]
    unconfirmed: tuple[str, ...]


def load_manifest(path: Path) -> tuple[date, tuple[Entry, ...]]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise BuildError(f"{path}: {e}") from None
    try:
        rebuilt_on = date.fromisoformat(str(data.get("rebuilt_on", "")))
    except ValueError:
        raise BuildError(f"{path}: rebuilt_on must be a date YYYY-MM-DD") from None
    entries = []
    for i, doc in enumerate(data.get("document", []), 1):
        missing = [k for k in REQUIRED if not doc.get(k)]
        if missing:
            raise BuildError(f"{path}: document {i} lacks {', '.join(missing)}")
        entries.append(Entry(doc["file"], doc["url"], doc["media_type"],
                             tuple(doc["derived_from"]), doc["notes"],
                             tuple(doc.get("placeholders", ())),
                             tuple(doc.get("unconfirmed", ()))))
    urls = [e.url for e in entries]
    if len(set(urls)) != len(urls):
        raise BuildError(f"{path}: a URL is listed twice")
    return rebuilt_on, tuple(sorted(entries, key=lambda e: e.url))


def sha256_label(data: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode("ascii")


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, chr(0).join(parts))}>"


def _record(writer: BufferWARCWriter, uri: str | None, rec_type: str, body: bytes,
            content_type: str, headers: dict[str, str]) -> bytes:
    """One WARC record, its digests computed here (sha256), as one gzip member."""
    hdrs = {"WARC-Record-ID": headers.pop("WARC-Record-ID"), **headers,
            "WARC-Block-Digest": sha256_label(body), "Content-Type": content_type}
    if rec_type in ("resource", "metadata"):  # no HTTP envelope: payload = block
        hdrs["WARC-Payload-Digest"] = sha256_label(body)
    record = writer.create_warc_record(uri or "", rec_type, payload=io.BytesIO(body),
                                       length=len(body), warc_content_type=content_type,
                                       warc_headers_dict=hdrs)
    if uri is None:
        record.rec_headers.remove_header("WARC-Target-URI")
    raw = io.BytesIO()
    plain = BufferWARCWriter(gzip=False)
    plain.write_record(record)
    raw.write(plain.get_contents())
    # zlib's gzip wrapper writes mtime 0 and no file name: stable bytes.
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return comp.compress(raw.getvalue()) + comp.flush()


def build(rebuilt_dir: Path, out_dir: Path) -> Path:
    """Write out_dir/rebuilt.warc.gz from rebuilt_dir/manifest.toml; return its path."""
    rebuilt_on, entries = load_manifest(rebuilt_dir / "manifest.toml")
    stamp = f"{rebuilt_on.isoformat()}T00:00:00Z"
    writer = BufferWARCWriter(gzip=False)
    members: list[bytes] = []
    info = json.dumps({"software": "examples/ottawa/build_archive.py",
                       "description": "Rebuilt documents of the Ottawa example: "
                       "reconstructions, not captures", "rebuilt_on": rebuilt_on.isoformat(),
                       "documents": len(entries)}, ensure_ascii=False, sort_keys=True).encode()
    members.append(_record(writer, None, "warcinfo", info, "application/json",
                           {"WARC-Record-ID": record_id("warcinfo", info.decode()),
                            "WARC-Date": stamp, "WARC-Filename": ARCHIVE_NAME}))
    for e in entries:
        path = rebuilt_dir / e.file
        try:
            body = path.read_bytes()
        except OSError as err:
            raise BuildError(f"{path}: {err.strerror}") from None
        rid = record_id("resource", e.url, hashlib.sha256(body).hexdigest())
        members.append(_record(writer, e.url, "resource", body, e.media_type,
                               {"WARC-Record-ID": rid, "WARC-Date": stamp}))
        meta = json.dumps({
            "reconstruction": True, "rebuilt_on": rebuilt_on.isoformat(),
            "file": f"rebuilt/{e.file}", "derived_from": list(e.derived_from),
            "notes": e.notes, "placeholders": list(e.placeholders),
            "unconfirmed": list(e.unconfirmed)},
            ensure_ascii=False, sort_keys=True, indent=1).encode()
        members.append(_record(writer, e.url, "metadata", meta, "application/json",
                               {"WARC-Record-ID": record_id("metadata", rid,
                                                            hashlib.sha256(meta).hexdigest()),
                                "WARC-Date": stamp, "WARC-Refers-To": rid}))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ARCHIVE_NAME
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(b"".join(members))
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuilt", type=Path, default=HERE / "rebuilt",
                        help="folder with manifest.toml and the rebuilt files")
    parser.add_argument("--out", type=Path, default=HERE / "archive",
                        help="folder to write rebuilt.warc.gz into")
    args = parser.parse_args(argv)
    try:
        target = build(args.rebuilt, args.out)
    except BuildError as e:
        print(f"build_archive: {e}", file=sys.stderr)
        return 2
    print(f"{target}: {hashlib.sha256(target.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
