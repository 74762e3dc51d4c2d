"""The claims stage: an article in, atomic check-worthy claims with citations out.

    article = load_article(Path("article.txt"))          # or article_from_bytes(...)
    claims = extract_claims(article, load_registry())
    rows = [claim_to_json(c) for c in claims]

Names load on first use: reading an article imports no extractor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verify._lazy import lazy_names

if TYPE_CHECKING:
    from verify.claims.article import (
        MAX_ARTICLE_BYTES,
        MAX_TEXT_CHARS,
        article_from_bytes,
        load_article,
    )
    from verify.claims.assemble import extract_claims
    from verify.claims.model import (
        FLAGS,
        KINDS,
        Article,
        CitationDraft,
        ClaimDraft,
        Link,
        claim_to_json,
        slots_to_json,
    )

__getattr__ = lazy_names(__name__, {
    "article": ("MAX_ARTICLE_BYTES", "MAX_TEXT_CHARS", "article_from_bytes", "load_article"),
    "assemble": ("extract_claims",),
    "model": ("FLAGS", "KINDS", "Article", "CitationDraft", "ClaimDraft", "Link",
              "claim_to_json", "slots_to_json"),
}, globals())

__all__ = [
    "FLAGS",
    "KINDS",
    "MAX_ARTICLE_BYTES",
    "MAX_TEXT_CHARS",
    "Article",
    "CitationDraft",
    "ClaimDraft",
    "Link",
    "article_from_bytes",
    "claim_to_json",
    "extract_claims",
    "load_article",
    "slots_to_json",
]
