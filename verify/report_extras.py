"""What a report says about its article beyond the stored article row.

Where the publication date came from (`--published`, the sidecar, or the page's
own metadata such as JSON-LD datePublished) is kept in the run's inputs, since
the same article text can arrive with its date from different places. Reports
show it next to the date, so a reader knows what the as-of date rests on.
"""

from __future__ import annotations

from typing import Any

from verify.store import Store
from verify.store import models as m


def with_article_extras(store: Store, run_id: str, report: dict[str, Any]) -> dict[str, Any]:
    """The report with `article.published_from` filled in from the run (in place)."""
    article = report.get("article")
    if not isinstance(article, dict) or "published_from" in article:
        return report
    with store.session() as s:
        run = s.get(m.Run, run_id)
        inputs = dict(run.inputs or {}) if run is not None else {}
    origin = inputs.get("published_from")
    article["published_from"] = origin if article.get("published") and origin else None
    return report
