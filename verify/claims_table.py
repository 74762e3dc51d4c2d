"""The plain-text table `verify claims` prints: one line a claim, parts indented."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def claims_table(claims: Sequence[Any], width: int = 70) -> str:
    by_parent: dict[str | None, list[Any]] = {}
    for c in claims:
        by_parent.setdefault(c.parent, []).append(c)
    lines = [f"{'id':<14} {'kind':<11} {'cw':>4}  {'claim':<{width}}  citations / flags"]

    def walk(parent: str | None, depth: int) -> None:
        for c in by_parent.get(parent, []):
            text = ("  " * depth + ("└ " if depth else "") + c.text).replace("\n", " ")
            if len(text) > width:
                text = text[: width - 1] + "…"
            cites = ", ".join(
                (cit.source or "?") + ("~" if cit.inferred else "") for cit in c.citations)
            extra = "; ".join(x for x in (cites, ",".join(c.flags)) if x)
            lines.append(f"{c.id[:14]:<14} {c.kind:<11} {c.checkworthy:>4.2f}  "
                         f"{text:<{width}}  {extra}")
            walk(c.id, depth + 1)

    walk(None, 0)
    orphans = [c for c in claims if c.parent and c.parent not in {x.id for x in claims}]
    for c in orphans:
        lines.append(f"{c.id[:14]:<14} {c.kind:<11} {c.checkworthy:>4.2f}  {c.text[:width]}")
    lines.append(f"\n{len(claims)} claims (~ = routed by the registry, not cited by the article)")
    return "\n".join(lines) + "\n"
