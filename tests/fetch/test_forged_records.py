"""A record edited and re-hashed is caught (issue 10, item 5).

The forger edits a payload ("9 votes" -> "8 votes"), fixes Content-Length and
both WARC digests and re-gzips the member, so the archive's own digests all
pass. `verify archive verify` must still name the record (it disagrees with the
sha256 the database stored for its snapshot), `verify show` must refuse it, and
a bundle's checker must notice a quoted text that is no longer in the payload
even when report.json and MANIFEST.json were re-hashed to match.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from verify.bundle_check import manifest_self_hash
from verify.fetch import verify_archive
from verify.fetch.warcfile import iter_members, parse_records, sha256_label

from .conftest import Server, static

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ottawa"
CHECKER = ROOT / "verify" / "bundle_check.py"


def verify_cli(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "verify", *args], cwd=ws,
                          capture_output=True, text=True, timeout=300)


def forge_member(raw: bytes, old: bytes, new: bytes) -> tuple[bytes, str]:
    """One record's uncompressed bytes with `old` replaced in its payload, and its
    Content-Length and digests recomputed; (new bytes, new payload sha256)."""
    head_end = raw.index(b"\r\n\r\n")
    lines = raw[:head_end].decode("utf-8").split("\r\n")
    length = int(next(v for k, _, v in (ln.partition(": ") for ln in lines)
                      if k.lower() == "content-length"))
    block = raw[head_end + 4:head_end + 4 + length]
    assert old in block, "the text to forge is not in this record"
    block = block.replace(old, new)
    http = any(ln.lower() == "content-type: application/http; msgtype=response"
               for ln in lines)
    payload = block[block.index(b"\r\n\r\n") + 4:] if http else block
    if http:  # the HTTP Content-Length as well, when the length changed
        head, _, body = block.partition(b"\r\n\r\n")
        head = re.sub(rb"(?im)^content-length: \d+", b"Content-Length: %d" % len(body), head)
        block = head + b"\r\n\r\n" + body
        payload = body
    fixed = []
    for ln in lines:
        key = ln.split(":", 1)[0].lower()
        if key == "content-length":
            ln = f"Content-Length: {len(block)}"
        elif key == "warc-block-digest":
            ln = f"WARC-Block-Digest: {sha256_label(hashlib.sha256(block).hexdigest())}"
        elif key == "warc-payload-digest":
            ln = f"WARC-Payload-Digest: {sha256_label(hashlib.sha256(payload).hexdigest())}"
        fixed.append(ln)
    out = "\r\n".join(fixed).encode("utf-8") + b"\r\n\r\n" + block + b"\r\n\r\n"
    return out, hashlib.sha256(payload).hexdigest()


def forge_file(path: Path, record_id: str, old: bytes, new: bytes) -> str:
    """Forge the member holding `record_id` in a .warc.gz, in place; the new sha256."""
    data = path.read_bytes()
    members = list(iter_members(path))
    for i, member in enumerate(members):
        assert member.data is not None
        if any(r.record_id == record_id for r in parse_records(member.data, member.offset)):
            end = members[i + 1].offset if i + 1 < len(members) else len(data)
            raw, sha = forge_member(member.data, old, new)
            path.write_bytes(data[:member.offset] + gzip.compress(raw) + data[end:])
            return sha
    raise AssertionError(f"no record {record_id} in {path}")


def snapshot_row(ws: Path, snap_prefix: str) -> tuple[str, str, str]:
    import sqlite3

    con = sqlite3.connect(ws / "db" / "verify.sqlite")
    try:
        return con.execute("SELECT id, warc_file, warc_record_id FROM snapshot WHERE id LIKE ?",
                           (snap_prefix + "%",)).fetchone()
    finally:
        con.close()


def test_an_edited_response_record_is_caught_and_not_shown(tmp_path):
    srv = Server()
    try:
        srv.routes["/vote"] = static(
            200, b"<html><body><p>The motion passed; 9 votes were cast against it.</p>"
                 b"</body></html>", {"Content-Type": "text/html; charset=utf-8"})
        (tmp_path / "verify.toml").write_text('[fetch]\nallowed_networks = ["127.0.0.0/8"]\n',
                                              encoding="utf-8")
        fetched = verify_cli(tmp_path, "fetch", srv.url("/vote"))
        assert fetched.returncode == 0, fetched.stderr
    finally:
        srv.close()
    snap_id = fetched.stdout.split("\t")[0]
    assert verify_cli(tmp_path, "archive", "verify").returncode == 0
    assert verify_cli(tmp_path, "show", snap_id).returncode == 0
    _, warc_file, record_id = snapshot_row(tmp_path, snap_id)

    forge_file(tmp_path / "archive" / warc_file, record_id, b"9 votes", b"8 votes")
    assert verify_archive(tmp_path / "archive") == []  # its own digests all pass

    r = verify_cli(tmp_path, "archive", "verify")
    assert r.returncode == 1
    assert record_id in r.stdout and "the database holds for snapshot" in r.stdout
    assert "1 archive record(s) do not verify" in r.stderr
    for args in (("show", snap_id), ("show", "--text", snap_id)):
        shown = verify_cli(tmp_path, *args)
        assert shown.returncode == 1
        assert shown.stdout == ""  # not one edited byte served
        assert "not shown" in shown.stderr and "8 votes" not in shown.stderr


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example checked offline, and a bundle of that run."""
    ws = tmp_path_factory.mktemp("forged") / "ottawa"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("db", "__pycache__"))
    r = verify_cli(ws, "check", "article.txt", "--offline", "--as-of", "2025-07-01",
                   "--format", "json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert verify_cli(ws, "bundle", report["run"]["id"], str(ws / "b.zip")).returncode == 0
    return ws, report


def _quoted_number(report: dict) -> tuple[dict, dict, str]:
    """An evidence quote of the text that holds a number: (evidence, snapshot, number)."""
    snaps = {s["sha256"]: s for s in report["snapshots"] if s.get("warc")}
    for claim in report["claims"]:
        for ev in (claim["verdict"] or {}).get("evidence", []):
            m = re.search(r"\b\d{3,4}\b", ev["quote"]["exact"])
            if m and ev["position"][0] >= 0 and ev["snapshot_sha256"] in snaps:
                return ev, snaps[ev["snapshot_sha256"]], m.group()
    raise AssertionError("no quote with a number in the example report")


def test_an_edited_rebuilt_resource_is_caught_too(example, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(example[0], ws)
    _, snap, number = _quoted_number(example[1])
    forge_file(ws / "archive" / snap["warc"]["file"], snap["warc"]["record_id"],
               number.encode(), str(int(number) + 1).encode())
    r = verify_cli(ws, "archive", "verify")
    assert r.returncode == 1
    assert snap["warc"]["record_id"] in r.stdout and "changed after it was archived" in r.stdout
    shown = verify_cli(ws, "show", snap["id"])
    assert shown.returncode == 1 and shown.stdout == ""


def _rehash_bundle(folder: Path) -> None:
    """What a careful forger does after editing: every file's sha256 and size in the
    manifest, and the manifest's own hash."""
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    manifest["manifest_sha256"] = "0" * 64
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    text = text.replace('"manifest_sha256": "' + "0" * 64 + '"',
                        f'"manifest_sha256": "{manifest_self_hash(text)}"', 1)
    (folder / "MANIFEST.json").write_text(text, encoding="utf-8")


def _forge_bundle(example, tmp_path: Path, old: bytes, new: bytes) -> Path:
    ws, report = example
    folder = tmp_path / "bundle"
    with zipfile.ZipFile(ws / "b.zip") as zf:
        zf.extractall(folder)
    _, snap, _ = _quoted_number(report)
    new_sha = forge_file(folder / "evidence.warc.gz", snap["warc"]["record_id"], old, new)
    text = (folder / "report.json").read_text(encoding="utf-8")
    (folder / "report.json").write_text(text.replace(snap["sha256"], new_sha),
                                        encoding="utf-8")
    _rehash_bundle(folder)
    return folder


def _checker(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-I", "-S", str(CHECKER), str(folder)],
                          capture_output=True, text=True, timeout=120)


def test_the_bundle_checker_finds_a_quote_no_longer_in_its_payload(example, tmp_path):
    _, _, number = _quoted_number(example[1])
    folder = _forge_bundle(example, tmp_path, number.encode(),
                           str(int(number) + 1).encode())
    r = _checker(folder)
    assert r.returncode == 1, r.stdout
    assert "which is not in the text of the archived payload" in r.stdout
    # Nothing else gave it away: the files, digests and snapshot hashes all agree.
    assert "does not match" not in r.stdout and "no verified record" not in r.stdout


def test_the_bundle_checker_accepts_an_edit_outside_every_quote(example, tmp_path):
    # A forged byte the report does not quote changes no evidence; the checker says
    # OK and counts every quoted text as found (it does not cry wolf on markup).
    folder = _forge_bundle(example, tmp_path, b"<html", b"<HTML")
    r = _checker(folder)
    assert r.returncode == 0, r.stdout
    quoted = sum(1 for c in example[1]["claims"] for e in (c["verdict"] or {})
                 .get("evidence", []) if e["position"][0] >= 0)
    assert f"{quoted} quoted text(s) found in their payloads" in r.stdout


def test_an_offline_run_does_not_judge_on_an_edited_record(example, tmp_path):
    """Replaying a record edited since the database stored its sha256 is a failure
    of that work item, named in the verdicts that would have rested on it."""
    ws = tmp_path / "ws"
    shutil.copytree(example[0], ws)
    _ev, snap, number = _quoted_number(example[1])
    forged = forge_file(ws / "archive" / snap["warc"]["file"], snap["warc"]["record_id"],
                        number.encode(), str(int(number) + 1).encode())
    r = verify_cli(ws, "check", "article.txt", "--offline", "--as-of", "2026-03-01",
                   "--format", "json")
    assert r.returncode == 3, r.stderr[-2000:]
    report = json.loads(r.stdout)
    assert any("changed since it was archived" in f["error"] for f in report["failures"])
    cited = {e["snapshot_sha256"] for c in report["claims"]
             for e in (c["verdict"] or {}).get("evidence", [])}
    assert forged not in cited, "a verdict rests on the edited record"
    assert any(c["verdict"]["reason"] == "fetch_failed" for c in report["claims"])
