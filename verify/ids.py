"""Ids derived from content, so every store and every re-run agrees on them."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def content_id(prefix: str, *parts: Any, length: int = 20) -> str:
    """A short, stable id: `prefix` + the first `length` hex digits of a sha256
    of the parts (JSON-encoded with sorted keys, so dicts hash the same)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return prefix + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
