"""The archive: offline replay, rebuilt resources, re-verification, crash-torn files."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import sys
from pathlib import Path

import pytest

from verify.fetch import (
    Archive,
    ArchiveReplay,
    HttpFetcher,
    render_raw,
    render_text,
    verify_archive,
)
from verify.fetch.warcfile import iter_members

from .conftest import assert_archive, exchange, records, static

HTML = {"Content-Type": "text/html; charset=utf-8"}

# Offline mode must never open a socket: an audit hook sees every connect.
_connects: list[object] = []
_watching = [False]


def _audit(event: str, args: tuple) -> None:
    if _watching[0] and event in ("socket.connect", "socket.getaddrinfo"):
        _connects.append(args)


sys.addaudithook(_audit)


def live(policy, archive, *urls):
    async def run():
        async with HttpFetcher(policy, archive) as http:
            return [await http.get(u) for u in urls]
    return asyncio.run(run())


def offline(root: Path, *urls):
    replay = ArchiveReplay(Archive(root))

    async def run():
        return [await replay.get(u) for u in urls]
    _connects.clear()
    _watching[0] = True
    try:
        return asyncio.run(run())
    finally:
        _watching[0] = False


PAGE = (b"<html><head><title>Ministry statement</title></head><body><article>"
        b"<h1>Statement on the budget</h1><p>The ministry said the budget for the year "
        b"was approved on Tuesday after a long debate in the chamber.</p>"
        b"<p>Members voted seven to two.</p></article></body></html>")


def test_live_then_offline_gives_the_same_document(server, policy, archive):
    server.routes["/statement"] = static(200, PAGE, HTML)
    server.routes["/moved"] = static(301, b"", {"Location": "/statement"})
    (moved, first) = live(policy, archive, server.url("/moved"), server.url("/statement"))
    archive.close()
    server.close()
    (again, moved_again, missing) = offline(archive.root, server.url("/statement"),
                                            server.url("/moved"), server.url("/never"))
    assert _connects == []  # no socket opened, no name looked up
    assert again.status == "ok" and again.payload_sha256 == first.payload_sha256
    assert again.text == first.text and again.body == PAGE
    assert again.headers == tuple((k, v) for k, v in first.headers
                                  if k.lower() != "transfer-encoding")
    assert again.warc == first.warc and again.fetched_at == first.fetched_at
    assert moved_again.final_url == moved.final_url == server.url("/statement")
    assert moved_again.redirects == moved.redirects
    assert moved_again.payload_sha256 == first.payload_sha256
    assert missing.status == "source_unreachable" and missing.reason.startswith("not in the")
    assert_archive(archive.root, exchange(server.url("/robots.txt"), 404)
                   + exchange(server.url("/moved"), 301)
                   + exchange(server.url("/statement"), 200) * 2)


def test_show_renders_raw_and_text(server, policy, archive):
    server.routes["/statement"] = static(200, PAGE, HTML)
    (fetched,) = live(policy, archive, server.url("/statement"))
    raw = render_raw(archive, fetched.warc)
    assert raw.startswith(b"HTTP/1.1 200 OK\r\n") and raw.endswith(b"\r\n\r\n" + PAGE)
    assert b"Content-Type: text/html; charset=utf-8" in raw
    text = render_text(archive, fetched.warc)
    assert "approved on Tuesday" in text and "<p>" not in text


def rebuilt(archive: Archive) -> tuple:
    provenance = {"reconstruction": True, "derived_from": ["https://example.org/notice"],
                  "rebuilt_on": "2025-07-01", "notes": "rebuilt from a public notice"}
    body = json.dumps({"status_as_at": "2025-06-30", "rows": 5}).encode()
    loc = archive.write_resource("https://treaties.example/status?id=5", "application/json",
                                 body, provenance)
    return loc, body, provenance


def test_rebuilt_resource_replays_as_reconstructed(tmp_path):
    archive = Archive(tmp_path / "archive")
    loc, body, provenance = rebuilt(archive)
    archive.close()
    (fetched,) = offline(archive.root, "https://treaties.example/status?id=5")
    assert fetched.status == "ok" and fetched.http_status is None
    assert fetched.reconstructed and fetched.provenance == provenance
    assert fetched.headers == (("Content-Type", "application/json"),)
    assert fetched.json() == {"status_as_at": "2025-06-30", "rows": 5}
    assert fetched.warc == loc and fetched.body == body
    assert records(archive.root) == [
        ("resource", "https://treaties.example/status?id=5", None),
        ("metadata", "https://treaties.example/status?id=5", None)]
    assert verify_archive(archive.root) == []


def test_resource_without_reconstruction_flag_is_refused(tmp_path):
    archive = Archive(tmp_path / "archive")
    with pytest.raises(Exception, match="reconstruction = true"):
        archive.write_resource("https://x.example/", "text/plain", b"x", {"notes": "n"})


def _members(path: Path) -> list[tuple[int, bytes]]:
    return [(m.offset, m.data) for m in iter_members(path)]


def test_verify_archive_names_a_record_with_one_flipped_byte(server, policy, archive):
    server.routes["/a"] = static(200, b"<p>first document</p>", HTML)
    server.routes["/b"] = static(200, b"<p>second document</p>", HTML)
    a, b = live(policy, archive, server.url("/a"), server.url("/b"))
    archive.close()
    path = archive.root / b.warc.file
    raw = path.read_bytes()
    members = _members(path)
    index = [offset for offset, _ in members].index(b.warc.offset)
    end = members[index + 1][0]
    data = bytearray(members[index][1])
    data[data.rindex(b"second")] ^= 0x20  # "second" → "Second", one bit of one byte
    path.write_bytes(raw[:b.warc.offset] + gzip.compress(bytes(data)) + raw[end:])
    problems = verify_archive(archive.root)
    assert [(p.record_id, p.offset) for p in problems] == [(b.warc.record_id, b.warc.offset)] * 2
    assert {p.reason for p in problems} == {
        "WARC-Block-Digest does not match the record's bytes",
        "WARC-Payload-Digest does not match the record's bytes"}
    assert problems[0].target_uri == server.url("/b")
    (replayed,) = offline(archive.root, server.url("/b"))
    assert replayed.status == "source_unreachable" and "digest" in replayed.reason
    (intact,) = offline(archive.root, server.url("/a"))
    assert intact.status == "ok" and intact.payload_sha256 == a.payload_sha256


def test_verify_archive_names_a_damaged_gzip_member(server, policy, archive):
    server.routes["/a"] = static(200, b"<p>first document</p>" * 50, HTML)
    server.routes["/b"] = static(200, b"<p>second document</p>", HTML)
    a, b = live(policy, archive, server.url("/a"), server.url("/b"))
    archive.close()
    path = archive.root / a.warc.file
    raw = bytearray(path.read_bytes())
    raw[a.warc.offset + 40] ^= 0xFF  # inside the compressed stream of /a's response
    path.write_bytes(bytes(raw))
    problems = verify_archive(archive.root)
    assert len(problems) == 1 and problems[0].offset == a.warc.offset
    assert problems[0].file == a.warc.file
    (after,) = offline(archive.root, server.url("/b"))  # the rest still reads
    assert after.status == "ok" and after.payload_sha256 == b.payload_sha256


def test_a_truncated_tail_is_skipped_with_a_warning(server, policy, archive, caplog):
    server.routes["/a"] = static(200, b"<p>kept</p>", HTML)
    (a,) = live(policy, archive, server.url("/a"))
    archive.close()
    path = archive.root / a.warc.file
    torn = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 5000)
    with path.open("ab") as fh:
        fh.write(torn[: len(torn) // 2])  # a crash mid-write
    with caplog.at_level(logging.WARNING, logger="verify.fetch.archive"):
        (again,) = offline(archive.root, server.url("/a"))
    assert again.status == "ok" and again.payload_sha256 == a.payload_sha256
    assert any("file ends inside this record" in r.getMessage() for r in caplog.records)
    problems = verify_archive(archive.root)
    assert [p.reason for p in problems] == ["file ends inside this record"]


def test_index_cache_is_rebuilt_when_stale(tmp_path):
    root = tmp_path / "archive"
    first = Archive(root)
    rebuilt(first)
    first.close()
    assert Archive(root).lookup("https://treaties.example/status?id=5") is not None
    assert (root / ".verify-index.json").is_file()
    second = Archive(root)
    loc = second.write_resource("https://other.example/x", "text/plain", b"later",
                                {"reconstruction": True, "derived_from": [],
                                 "rebuilt_on": "2025-07-02", "notes": ""})
    second.close()
    third = Archive(root)  # the cache predates the second file: it must be rescanned
    assert third.lookup("https://other.example/x").location == loc
    assert third.lookup("https://treaties.example/status?id=5") is not None


def test_newest_record_wins(tmp_path):
    root = tmp_path / "archive"
    older = Archive(root)
    for text in ("v1", "v2"):
        older.write_resource("https://x.example/doc", "text/plain", text.encode(),
                             {"reconstruction": True, "derived_from": [],
                              "rebuilt_on": "2025-07-01", "notes": text})
    older.close()
    (fetched,) = offline(root, "https://x.example/doc#section")
    assert fetched.text == "v2" and fetched.provenance["notes"] == "v2"
