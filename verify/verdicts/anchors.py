"""W3C TextQuoteSelector: a quote with some context on each side, and finding it again.

A position alone breaks when a page gains a line; the exact text with ~32
characters of prefix and suffix finds the quote again in a changed snapshot
(https://www.w3.org/TR/annotation-model/#text-quote-selector).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from verify.errors import MatchError
from verify.verdicts.model import SELECTOR_CONTEXT


@dataclass(frozen=True)
class QuoteSelector:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def select(text: str, start: int, end: int, context: int = SELECTOR_CONTEXT) -> QuoteSelector:
    """The selector of text[start:end]: the exact span and up to `context`
    characters before and after it."""
    if not 0 <= start <= end <= len(text):
        raise MatchError(f"quote span {start}..{end} is outside a text of {len(text)} characters")
    return QuoteSelector(text[start:end], text[max(0, start - context):start],
                         text[end:end + context], start, end)


def reanchor(text: str, exact: str, prefix: str = "", suffix: str = "",
             hint: int | None = None) -> tuple[int, int] | None:
    """Where a selector's quote is in `text` now, or None when it is gone.

    Of several occurrences of `exact`, the one whose surroundings best match the
    prefix and suffix wins; then the one nearest `hint` (the old position); then
    the first.
    """
    if not exact:
        return None
    best: tuple[float, int, int] | None = None
    at = text.find(exact)
    while at >= 0:
        before = text[max(0, at - len(prefix)):at]
        after = text[at + len(exact):at + len(exact) + len(suffix)]
        fit = 0.0
        if prefix:
            fit += fuzz.ratio(prefix, before)
        if suffix:
            fit += fuzz.ratio(suffix, after)
        distance = abs(at - hint) if hint is not None else 0
        key = (-fit, distance, at)
        if best is None or key < best:
            best = key
        at = text.find(exact, at + 1)
    if best is None:
        return None
    return best[2], best[2] + len(exact)
