"""schema.org ClaimReview JSON-LD: one review per judged claim, by verify.toml's publisher.

The rating's alternateName is the verdict's own words (`contradicted (out_of_date)`);
a person's review, when there is one, is the published rating. The reviewing
organisation comes from the `[publisher]` table of verify.toml, passed in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from verify.errors import ConfigError
from verify.reports.view import REBUILT_MARK, claims_in_order, is_web_url, label_text, reason_words

CONTEXT = "https://schema.org"


def _organisation(publisher: Mapping[str, Any]) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": publisher["name"]}
    if publisher.get("url"):
        org["url"] = publisher["url"]
    if publisher.get("logo"):
        org["logo"] = {"@type": "ImageObject", "url": publisher["logo"]}
    return org


def _check_publisher(publisher: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if not publisher:
        raise ConfigError("ClaimReview needs the reviewing organisation: add a [publisher] table "
                          "to verify.toml with name = \"...\" and url = \"...\"", key="publisher")
    name = publisher.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("ClaimReview needs the publisher's name: add name = \"...\" to the "
                          "[publisher] table of verify.toml", key="publisher.name")
    return publisher


def _item_reviewed(claim: Mapping[str, Any], article: Mapping[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if article.get("publisher"):
        item["author"] = {"@type": "Organization", "name": article["publisher"]}
    if article.get("published"):
        item["datePublished"] = article["published"]
    if is_web_url(article.get("url")):
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article["url"]}
        if article.get("title"):
            appearance["headline"] = article["title"]
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    return item


def _rating(claim: Mapping[str, Any], verdict: Mapping[str, Any]) -> dict[str, Any]:
    review = claim.get("review")
    if isinstance(review, Mapping) and review.get("label"):
        name = str(review["label"])
        explanation = str(review.get("note") or "")
    else:
        name = label_text(verdict["label"], verdict.get("qualifier"))
        explanation = str(verdict.get("explanation") or reason_words(verdict["reason"]))
    if any(e.get("reconstructed") for e in verdict.get("evidence") or []):
        explanation = (f"{explanation} Evidence {REBUILT_MARK}: "
                       "a copy rebuilt from the public record.").strip()
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": name}
    if explanation:
        rating["ratingExplanation"] = explanation
    return rating


def claimreviews(report: Mapping[str, Any],
                 publisher: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The ClaimReview objects, in article order (claims without a verdict have none)."""
    publisher = _check_publisher(publisher)
    article = report["article"]
    finished = str(report["run"].get("finished_at") or "")[:10]
    out = []
    for view in claims_in_order(report):
        verdict = view.verdict
        if verdict is None:
            continue
        review: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "identifier": view.id,
            "claimReviewed": view.claim["text"],
            "author": _organisation(publisher),
            "reviewRating": _rating(view.claim, verdict),
            "itemReviewed": _item_reviewed(view.claim, article),
        }
        if finished:
            review["datePublished"] = finished
        out.append(review)
    return out


def render_claimreview(report: Mapping[str, Any], *, publisher: Mapping[str, Any] | None) -> str:
    return json.dumps(claimreviews(report, publisher), indent=2, ensure_ascii=False) + "\n"
