"""Every model shipped in the package lists its files' sha256 in SHA256SUMS, and
the list is true: a run's identity reads these sums, so a changed model makes a
new run and never serves stored verdicts made with another."""

import hashlib
from pathlib import Path

import pytest

import verify
from verify.pipeline import shipped_model_hashes

MODELS = Path(verify.__file__).resolve().parent / "models"
FOLDERS = sorted(p for p in MODELS.iterdir() if p.is_dir() and not p.name.startswith("_"))
WEIGHTS = (".onnx", ".json", ".bin", ".npz", ".npy", ".cfg", ".msgpack", ".safetensors")


def test_the_package_ships_models():
    assert FOLDERS, "no model folder under verify/models"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_sha256sums_cover_every_weight_file_and_match(folder):
    sums = folder / "SHA256SUMS"
    assert sums.is_file(), f"{folder.name} has no SHA256SUMS"
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    weights = {str(p.relative_to(folder)) for p in folder.rglob("*")
               if p.is_file() and p.suffix in WEIGHTS}
    assert weights <= set(listed), f"not in SHA256SUMS: {sorted(weights - set(listed))}"
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_the_run_identity_names_every_model():
    assert set(shipped_model_hashes()) == {f.name for f in FOLDERS}
