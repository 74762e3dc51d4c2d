#!/usr/bin/env python3
"""Check a verify evidence bundle: every file against MANIFEST.json, every evidence quote's
snapshot against the WARC records that hold it, and every quoted `exact` text against
the text of the archived payload it quotes. Standard library only.

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
import unicodedata
import zipfile
import zlib
from html.parser import HTMLParser
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


def content_type_of(headers: dict[str, str], block: bytes) -> str:
    """The payload's media type: an HTTP record's Content-Type, else the record's own."""
    if headers.get("content-type", "").lower().startswith("application/http"):
        end = block.find(b"\r\n\r\n")
        for line in block[:max(end, 0)].decode("iso-8859-1").split("\r\n")[1:]:
            key, sep, value = line.partition(":")
            if sep and key.strip().lower() == "content-type":
                return value.strip()
        return ""
    return headers.get("content-type", "")


class _Text(HTMLParser):
    """An HTML page's text: tags become spaces, scripts and styles are left out."""

    HIDDEN = frozenset({"script", "style", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.hidden += tag in self.HIDDEN
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _strings(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)
    elif value is not None:
        out.append(str(value))


def normal(text: str) -> str:
    """Text compared as a reader sees it: NFC, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def payload_texts(content_type: str, payload: bytes) -> list[str]:
    """The payload's text under each charset it may be in (the declared one can lie),
    markup removed, JSON as its values."""
    declared = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    out: list[str] = []
    for charset in ([declared.group(1)] if declared else []) + ["utf-8", "cp1252", "cp1251"]:
        try:
            text = payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        media = content_type.split(";")[0].strip().lower()
        if "html" in media or "xml" in media or text.lstrip()[:1] == "<":
            parser = _Text()
            parser.feed(text)
            parser.close()
            text = "".join(parser.parts)
        elif "json" in media:
            try:
                values: list[str] = []
                _strings(json.loads(text), values)
                text = " ".join(values)
            except ValueError:
                pass
        out.append(normal(text))
    return out


def check_quotes(report: dict[str, Any], payloads: dict[str, tuple[str, bytes]],
                 problems: list[str]) -> int:
    """Each quoted `exact` must be in the text of the verified payload it quotes; a
    typed fact's rendering (position -1) is not a quotation and is not looked for.
    Returns how many quotes were found."""
    texts: dict[str, list[str]] = {}
    found = 0
    for claim in report.get("claims", []):
        for ev in (claim.get("verdict") or {}).get("evidence", []):
            sha = str(ev.get("snapshot_sha256"))
            position = ev.get("position") or [-1, -1]
            exact = normal(str((ev.get("quote") or {}).get("exact", "")))
            if sha not in payloads or not exact or position[0] < 0:
                continue
            if sha not in texts:
                texts[sha] = payload_texts(*payloads[sha])
            if any(exact in text for text in texts[sha]):
                found += 1
                continue
            shown = exact if len(exact) <= 60 else exact[:57] + "..."
            problems.append(f"report.json: evidence of {claim['id']} quotes \"{shown}\", "
                            f"which is not in the text of the archived payload "
                            f"{sha[:12]}... ({ev.get('url')})")
    return found


def check_warc(name: str, data: bytes, problems: list[str],
               payloads: dict[str, tuple[str, bytes]] | None = None) -> dict[str, str]:
    """Re-hash every record; the verified payload sha256 of each content record by id.
    With `payloads`, also keep each verified payload (and its media type) by sha256."""
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
            if payloads is not None:
                payloads[actual] = (content_type_of(headers, block), payload_of(headers, block))
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
    payloads: dict[str, tuple[str, bytes]] = {}
    verified = check_warc(warc_name, warc_data, problems, payloads) if warc_data else {}
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
    in_text = check_quotes(report, payloads, problems)
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
               f"record(s) whose payload digests verify; {in_text} quoted text(s) found in "
               f"their payloads (run {manifest.get('run')})")
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
