"""The Ottawa example's rebuilt archive: a deterministic build, honest records, and every URL
the built-in discovery asks for either in it or declared absent in the manifest."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from verify.fetch import Archive, ArchiveReplay, canonical_url, verify_archive
from verify.fetch.warcfile import iter_members
from verify.fetchers.base import FetchContext, kinds
from verify.registry import load_registry
from verify.slots import Slots

from .helpers import Citation, Claim, entity, run

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ottawa"
MANIFEST = tomllib.loads((EXAMPLE / "rebuilt" / "manifest.toml").read_text("utf-8"))


def build(out: Path) -> str:
    subprocess.run([sys.executable, str(EXAMPLE / "build_archive.py"), "--out", str(out)],
                   check=True, capture_output=True, timeout=120)
    return hashlib.sha256((out / "rebuilt.warc.gz").read_bytes()).hexdigest()


def test_build_is_deterministic_and_matches_the_committed_archive(tmp_path):
    first, second = build(tmp_path / "a"), build(tmp_path / "b")
    assert first == second
    committed = hashlib.sha256((EXAMPLE / "archive" / "rebuilt.warc.gz").read_bytes())
    assert committed.hexdigest() == first, "archive/ is stale: run build_archive.py"


def test_every_record_is_a_resource_with_its_metadata(tmp_path):
    build(tmp_path)
    assert verify_archive(tmp_path) == []
    import warcio.archiveiterator as ai

    with (tmp_path / "rebuilt.warc.gz").open("rb") as fh:
        records = [(r.rec_type, dict(r.rec_headers.headers), r.content_stream().read())
                   for r in ai.ArchiveIterator(fh)]
    types = [t for t, _, _ in records]
    assert types[0] == "warcinfo" and "response" not in types
    docs = {d["url"]: d for d in MANIFEST["document"]}
    resources = [(h, body) for t, h, body in records if t == "resource"]
    assert len(resources) == len(docs)
    by_id = {h["WARC-Record-ID"]: h for h, _ in resources}
    for t, h, body in records:
        if t != "metadata":
            continue
        meta = json.loads(body)
        target = by_id[h["WARC-Refers-To"]]
        assert target["WARC-Target-URI"] == h["WARC-Target-URI"]
        entry = docs[h["WARC-Target-URI"]]
        assert meta["reconstruction"] is True
        assert meta["rebuilt_on"] == MANIFEST["rebuilt_on"]
        assert meta["derived_from"] == entry["derived_from"] and meta["derived_from"]
        assert meta["placeholders"] == entry.get("placeholders", [])
        assert meta["unconfirmed"] == entry.get("unconfirmed", [])
        assert h["Content-Type"] == "application/json"
    for h, body in resources:
        entry = docs[h["WARC-Target-URI"]]
        assert h["Content-Type"] == entry["media_type"]
        assert body == (EXAMPLE / "rebuilt" / entry["file"]).read_bytes()
        assert h["WARC-Payload-Digest"].startswith("sha256:")
    # gzip members carry no timestamp: bytes 4-8 of each member's header are zero
    members = list(iter_members(tmp_path / "rebuilt.warc.gz"))
    assert len(members) == len(records)


def test_rebuilt_files_mark_placeholders_where_the_format_allows():
    for d in MANIFEST["document"]:
        text = (EXAMPLE / "rebuilt" / d["file"]).read_text("utf-8")
        if d["media_type"].startswith(("text/html", "application/rss+xml")):
            assert "RECONSTRUCTION" in text.upper(), d["file"]
        if d.get("placeholders") and "placeholder" in d["url"]:
            assert "placeholder" in text.lower(), d["file"]


def test_replay_serves_each_document_as_reconstructed():
    archive = Archive(EXAMPLE / "archive", fsync=False)
    replay = ArchiveReplay(archive)
    try:
        for d in MANIFEST["document"]:
            got = replay.replay(d["url"])
            assert got.status == "ok", (d["url"], got.reason)
            assert got.reconstructed and got.provenance["reconstruction"] is True
            body = (EXAMPLE / "rebuilt" / d["file"]).read_bytes()
            assert got.payload_sha256 == hashlib.sha256(body).hexdigest()
    finally:
        archive.close()


@pytest.fixture
def example_ctx():
    archive = Archive(EXAMPLE / "archive", fsync=False)
    replay = ArchiveReplay(archive)
    asked: list[tuple[str, str]] = []

    async def get(url: str):
        fetched = await replay.get(url)
        asked.append((url, fetched.status))
        return fetched

    registry = load_registry()
    yield FetchContext(get=get, extra={"registry": registry}), registry, asked
    archive.close()


def test_discovery_asks_only_for_archived_or_declared_absent_urls(example_ctx):
    """Claims about each registered treaty and country (from the registry, not the
    article): every request discovery and fetch make is in the archive or declared absent."""
    ctx, registry, asked = example_ctx
    treaties = [k for k, e in registry.entities.items() if e.ids.get("mtdsg")]
    countries = [f"country:{e.country}" for e in registry.entities.values()
                 if e.kind == "country"]
    claim = Claim(kind="quote", speaker="Władysław Kosiniak-Kamysz", quote="…",
                  slots=Slots(entities=tuple(entity(k) for k in treaties + countries)))
    documents = []

    async def go():
        for key, src in registry.sources.items():
            if src.kind in ("web_page", "wayback"):
                continue  # their discovery asks nothing without a URL
            fetcher = kinds()[src.kind](key, src.options)
            for ref in await fetcher.discover(Citation(), claim, ctx):
                documents.extend(await fetcher.fetch(ref, ctx))

    run(go())
    absent = {canonical_url(a["url"]) for a in MANIFEST.get("absent", [])}
    unexpected = [u for u, status in asked
                  if status != "ok" and canonical_url(u) not in absent]
    assert unexpected == []
    assert asked, "discovery asked for nothing"
    parsed = [d for d in documents if d.parse_error is None]
    facts = {f.type for d in parsed for f in d.facts}
    assert {"treaty_action", "treaty_status", "vote", "speech"} <= facts
    assert any(d.language == "ru" for d in parsed)  # the RIA report
