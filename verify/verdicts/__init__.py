"""The verdict engine: passages, evidence, typed-fact comparison, time, quotes, parents.

    judge_claim(claim, sources, registry=..., as_of=...) -> VerdictValue
    judge_parent(parent, children, as_of=...)            -> VerdictValue
    passages_for(snapshot_key, text, facts)              -> tuple[PassageValue, ...]

RULESET names the rule set; it changes whenever a verdict could change.
Names load on first use: `RULESET` alone imports no engine (and no numpy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verify._lazy import lazy_names

if TYPE_CHECKING:
    from verify.entities import catalog_for
    from verify.verdicts.anchors import QuoteSelector, reanchor, select
    from verify.verdicts.model import (
        RULESET,
        ClaimLike,
        DocumentLike,
        EvidenceValue,
        PassageValue,
        SourceDocs,
        VerdictValue,
        verdict_dict,
        verdict_from_json,
        verdict_json,
        verdict_to_json,
    )
    from verify.verdicts.parents import judge_parent
    from verify.verdicts.passages import passages_for, snapshot_key_of
    from verify.verdicts.rules import judge_claim

__getattr__ = lazy_names(__name__, {
    "verify.entities": ("catalog_for",),
    "anchors": ("QuoteSelector", "reanchor", "select"),
    "model": ("RULESET", "ClaimLike", "DocumentLike", "EvidenceValue", "PassageValue",
              "SourceDocs", "VerdictValue", "verdict_dict", "verdict_from_json", "verdict_json",
              "verdict_to_json"),
    "parents": ("judge_parent",),
    "passages": ("passages_for", "snapshot_key_of"),
    "rules": ("judge_claim",),
}, globals())

__all__ = [
    "RULESET",
    "ClaimLike",
    "DocumentLike",
    "EvidenceValue",
    "PassageValue",
    "QuoteSelector",
    "SourceDocs",
    "VerdictValue",
    "catalog_for",
    "judge_claim",
    "judge_parent",
    "passages_for",
    "reanchor",
    "select",
    "snapshot_key_of",
    "verdict_dict",
    "verdict_from_json",
    "verdict_json",
    "verdict_to_json",
]
