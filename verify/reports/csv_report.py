"""The CSV report: one row per claim, in article order, for spreadsheets.

Cells that hold several values (flags, sources, evidence) join them with " | ",
evidence columns in the same order. Untrusted text that a spreadsheet would
take for a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from verify.reports.view import claims_in_order

COLUMNS = (
    "id", "parent", "kind", "text", "label", "qualifier", "reason", "confidence", "as_of",
    "flags", "sources", "evidence_url", "quote", "snapshot_sha256", "reconstructed",
    "review_label",
)
JOIN = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(text: object) -> str:
    s = "" if text is None else str(text)
    return "'" + s if s.startswith(_FORMULA_START) else s


def _row(claim: Mapping[str, Any]) -> list[str]:
    v = claim.get("verdict") or {}
    evidence = v.get("evidence") or []
    sources = list(dict.fromkeys(ct.get("source") or "" for ct in claim["citations"]))
    conf = v.get("confidence")
    review = claim.get("review") or {}
    return [
        claim["id"],
        claim.get("parent") or "",
        claim["kind"],
        _cell_text(claim["text"]),
        v.get("label", ""),
        v.get("qualifier") or "",
        v.get("reason", ""),
        f"{conf:.2f}" if isinstance(conf, int | float) else "",
        v.get("as_of") or "",
        JOIN.join(claim["flags"]),
        JOIN.join(s for s in sources if s),
        JOIN.join(_cell_text(e.get("url") or "") for e in evidence),
        JOIN.join(_cell_text((e.get("quote") or {}).get("exact", "")) for e in evidence),
        JOIN.join(e.get("snapshot_sha256") or "" for e in evidence),
        JOIN.join("true" if e.get("reconstructed") else "false" for e in evidence),
        review.get("label", "") if isinstance(review, Mapping) else "",
    ]


def render_csv(report: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for view in claims_in_order(report):
        writer.writerow(_row(view.claim))
    return out.getvalue()
