"""The JSON report: the report value itself, byte-stable, described by schema/report.schema.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from verify.errors import InputError


def render_json(report: Mapping[str, Any]) -> str:
    """Keys in the order the pipeline built them (not sorted: `run` stays apart at the top)."""
    try:
        return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=False,
                          allow_nan=False) + "\n"
    except (TypeError, ValueError) as e:  # a date object or a NaN score: not JSON
        raise InputError(f"report: not JSON-ready: {e}") from e
