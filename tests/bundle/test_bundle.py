"""`verify bundle`: a zip of a run's report, the WARC records it cites, MANIFEST.json and
verify_bundle.py — which says OK on an intact bundle and names any changed byte."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

import verify
from verify.bundle_check import manifest_self_hash

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ottawa"
VERIFY = [sys.executable, "-m", "verify"]
INTACT_SCRIPT = ROOT / "verify" / "bundle_check.py"
NAMES = {"report.json", "report.html", "evidence.warc.gz", "MANIFEST.json", "verify_bundle.py"}


def run(ws: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([*VERIFY, *args], cwd=ws, capture_output=True, text=True, timeout=300)
    if ok:
        assert r.returncode == 0, r.stderr[-3000:]
    return r


def check_bundle(where: Path, script: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the bundle's script with the standard library only (-I: isolated, -S: no
    site-packages, so neither verify nor any installed package can be imported)."""
    script = script or where / "verify_bundle.py"
    return subprocess.run([sys.executable, "-I", "-S", str(script), str(where)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The example checked offline; its run id and the bundle of that run."""
    ws = tmp_path_factory.mktemp("bundle") / "ottawa"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("db", "__pycache__"))
    report = json.loads(run(ws, "check", "article.txt", "--offline", "--as-of", "2025-07-01",
                            "--format", "json").stdout)
    run_id = report["run"]["id"]
    out = ws / "out.zip"
    r = run(ws, "bundle", run_id[:10], str(out))
    assert str(out) in r.stdout and run_id in r.stdout
    return ws, run_id, out


def unzip(bundle: Path, dest: Path) -> Path:
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(dest)
    return dest


def test_the_bundle_holds_its_files_and_says_ok(checked, tmp_path):
    _ws, run_id, out = checked
    with zipfile.ZipFile(out) as zf:
        assert set(zf.namelist()) == NAMES
    folder = unzip(out, tmp_path / "b")
    r = check_bundle(folder)
    assert r.returncode == 0 and r.stdout.startswith("OK"), r.stdout + r.stderr
    assert run_id in r.stdout
    # the script also reads the zip itself
    r = check_bundle(out, folder / "verify_bundle.py")
    assert r.returncode == 0 and r.stdout.startswith("OK"), r.stdout


def test_the_manifest_lists_every_file_with_its_hash_size_version_and_run(checked, tmp_path):
    _ws, run_id, out = checked
    folder = unzip(out, tmp_path / "b")
    manifest = json.loads((folder / "MANIFEST.json").read_text("utf-8"))
    assert manifest["run"] == run_id and manifest["version"] == verify.__version__
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == NAMES - {"MANIFEST.json"}
    for name, entry in listed.items():
        data = (folder / name).read_bytes()
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_report_json_is_the_runs_report_and_html_is_rendered(checked, tmp_path):
    ws, run_id, out = checked
    folder = unzip(out, tmp_path / "b")
    same = run(ws, "report", run_id, "--format", "json").stdout
    assert (folder / "report.json").read_text("utf-8") == same
    html = (folder / "report.html").read_text("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and run_id in html


def test_the_warc_holds_every_cited_record_and_its_provenance(checked, tmp_path):
    """Read with warcio, an implementation independent of both verify and the script."""
    _ws, _run_id, out = checked
    folder = unzip(out, tmp_path / "b")
    report = json.loads((folder / "report.json").read_text("utf-8"))
    records = {}
    refers = set()
    with (folder / "evidence.warc.gz").open("rb") as fh:
        for rec in ArchiveIterator(fh):
            rid = rec.rec_headers.get_header("WARC-Record-ID")
            payload = rec.content_stream().read()
            records[rid] = (rec.rec_type, hashlib.sha256(payload).hexdigest())
            if rec.rec_type == "metadata":
                refers.add(rec.rec_headers.get_header("WARC-Refers-To"))
                assert json.loads(payload)["reconstruction"] is True
    cited = [s for s in report["snapshots"] if s["warc"]]
    assert cited
    for snap in cited:
        kind, sha = records[snap["warc"]["record_id"]]
        assert sha == snap["sha256"]
        if snap["reconstructed"]:
            assert kind == "resource" and snap["warc"]["record_id"] in refers
    digests = {sha for _kind, sha in records.values()}
    evidence = [e for c in report["claims"] for e in (c["verdict"] or {}).get("evidence", [])]
    assert evidence and all(e["snapshot_sha256"] in digests for e in evidence)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_flipped_byte_fails_naming_the_file(checked, tmp_path, name):
    _ws, _run_id, out = checked
    folder = unzip(out, tmp_path / "b")
    path = folder / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    # a damaged script cannot be trusted to judge itself: an intact copy judges it
    r = check_bundle(folder, INTACT_SCRIPT if name == "verify_bundle.py" else None)
    assert r.returncode == 1, r.stdout
    assert r.stdout.startswith("FAILED") and f"  {name}: " in r.stdout, r.stdout


def _rewrite(folder: Path, name: str, data: bytes) -> None:
    """Replace a file and update MANIFEST.json to match, as a forger would."""
    (folder / name).write_bytes(data)
    manifest = json.loads((folder / "MANIFEST.json").read_text("utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    text = text.replace(manifest["manifest_sha256"], manifest_self_hash(text), 1)
    (folder / "MANIFEST.json").write_text(text, encoding="utf-8")


def _members(data: bytes) -> list[bytes]:
    out, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        out.append(d.decompress(data[pos:]))
        pos = len(data) - len(d.unused_data)
    return out


def test_evidence_whose_record_is_missing_fails_even_with_a_consistent_manifest(checked,
                                                                                 tmp_path):
    _ws, _run_id, out = checked
    folder = unzip(out, tmp_path / "b")
    report = json.loads((folder / "report.json").read_text("utf-8"))
    sha = next(e["snapshot_sha256"] for c in report["claims"]
               for e in (c["verdict"] or {}).get("evidence", []))
    members = _members((folder / "evidence.warc.gz").read_bytes())
    kept = [m for m in members if _payload_sha(m) != sha]
    assert len(kept) < len(members)
    _rewrite(folder, "evidence.warc.gz", b"".join(gzip.compress(m, mtime=0) for m in kept))
    r = check_bundle(folder)
    assert r.returncode == 1 and "MANIFEST.json" not in r.stdout, r.stdout
    assert f"snapshot sha256 {sha[:12]}" in r.stdout and "report.json: evidence of" in r.stdout


def _payload_sha(member: bytes) -> str:
    rec = next(iter(ArchiveIterator(io.BytesIO(gzip.compress(member)))))
    if rec.rec_type not in ("response", "resource"):
        return ""
    return hashlib.sha256(rec.content_stream().read()).hexdigest()


def test_a_record_whose_payload_changed_is_named_even_with_a_consistent_manifest(checked,
                                                                                 tmp_path):
    _ws, _run_id, out = checked
    folder = unzip(out, tmp_path / "b")
    members = _members((folder / "evidence.warc.gz").read_bytes())
    first = members[0]
    head, block = first.split(b"\r\n\r\n", 1)
    assert b"WARC-Payload-Digest" in head
    flipped = bytearray(block)
    flipped[len(block) // 2] ^= 0x01  # same length: Content-Length still holds
    members[0] = head + b"\r\n\r\n" + bytes(flipped)
    _rewrite(folder, "evidence.warc.gz", b"".join(gzip.compress(m, mtime=0) for m in members))
    r = check_bundle(folder)
    assert r.returncode == 1, r.stdout
    rid = next(line.split(":", 1)[1].strip() for line in head.decode().split("\r\n")
               if line.startswith("WARC-Record-ID:"))
    assert f"evidence.warc.gz: record {rid}" in r.stdout and "does not match" in r.stdout


def test_the_same_run_bundles_to_the_same_bytes(checked, tmp_path):
    ws, run_id, out = checked
    again = tmp_path / "again.zip"
    run(ws, "bundle", run_id, str(again))
    assert again.read_bytes() == out.read_bytes()


def test_bad_input_is_one_line_exit_2_and_a_missing_record_exit_1(checked, tmp_path):
    ws, run_id, _out = checked
    r = run(ws, "bundle", "no-such-run", str(tmp_path / "x.zip"), ok=False)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = run(ws, "bundle", run_id, str(tmp_path / "missing" / "x.zip"), ok=False)
    assert r.returncode == 2 and "does not exist" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    # the archive moved away: a failure at run time, and no half-written bundle
    moved = tmp_path / "elsewhere"
    shutil.move(ws / "archive", moved)
    try:
        r = run(ws, "bundle", run_id, str(tmp_path / "y.zip"), ok=False)
    finally:
        shutil.move(moved, ws / "archive")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "not in the archive" in r.stderr and not (tmp_path / "y.zip").exists()
