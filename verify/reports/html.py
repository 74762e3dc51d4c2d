"""The HTML report: one self-contained page, the article with every claim highlighted by verdict.

Everything from the article and the sources is untrusted and escaped (Jinja2
autoescape, markupsafe for the highlighted text). A Content-Security-Policy
allows only our own inline style and script, by hash, as a second wall.
Claims whose spans nest are nested <mark>s; spans that cross are split into
fragments, so the markup stays well-formed whatever the spans are.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from verify.reports.view import (
    LABELS,
    REBUILT_MARK,
    SCORE_HELP,
    ClaimView,
    claims_in_order,
    context_after,
    context_before,
    date_words,
    is_web_url,
    label_text,
    part_scores,
    reason_words,
    short_sha,
    shown_score,
    source_names,
    summary,
)
from verify.verdicts.model import fragment_page

_TEMPLATES = resources.files("verify.reports") / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("verify.reports", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def _asset(name: str) -> str:
    text = (_TEMPLATES / name).read_text(encoding="utf-8")
    tag = "</style" if name.endswith(".css") else "</script"
    if tag in text.lower():  # would end the element early
        raise ValueError(f"{name} must not contain {tag}")
    return text


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


_CSS = _asset("report.css")
_JS = _asset("report.js")


@dataclass(frozen=True)
class Highlight:
    """A claim's span in the article, ready to be marked."""

    claim_id: str
    start: int
    end: int
    depth: int
    order: int  # position in article order: a parent opens before a part with the same span
    label: str | None
    title: str


def highlights(views: Sequence[ClaimView]) -> list[Highlight]:
    out = []
    for order, view in enumerate(views):
        span = view.claim.get("span")
        if span is None or span[0] == span[1]:
            continue
        v = view.verdict
        label = v["label"] if v else None
        words = label_text(v["label"], v.get("qualifier")) if v else "no verdict"
        title = f"{words} — {view.number}"
        out.append(Highlight(view.id, span[0], span[1], view.depth, order, label, title))
    return out


def _open_tag(h: Highlight, first: bool) -> str:
    klass = f"hl v-{h.label or 'none'}" + ("" if first else " cont")
    ident = f' id="hl-{escape(h.claim_id)}"' if first else ""
    return (f'<mark class="{klass}"{ident} data-claim="{escape(h.claim_id)}" '
            f'title="{escape(h.title)}">')


def mark_article(text: str, marks: Sequence[Highlight]) -> Markup:
    """The article as escaped HTML with one <mark> (or several fragments) per highlight.

    At each boundary the set of covering highlights is recomputed; the open
    stack is kept as long as it stays a prefix of that set in nesting order,
    so nested spans never split and crossing spans split only where they cross.
    """
    nesting = sorted(marks, key=lambda h: (h.start, -h.end, h.depth, h.order))
    cuts = sorted({0, len(text), *(h.start for h in marks), *(h.end for h in marks)})
    parts: list[str] = []
    stack: list[Highlight] = []
    opened: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        active = [h for h in nesting if h.start <= a and b <= h.end]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            parts.append("</mark>")
            stack.pop()
        for h in active[keep:]:
            parts.append(_open_tag(h, h.claim_id not in opened))
            opened.add(h.claim_id)
            stack.append(h)
        parts.append(str(escape(text[a:b])))
    parts.extend("</mark>" for _ in stack)
    return Markup("".join(parts))  # noqa: S704 - every text piece went through escape()


def _evidence(ev: Mapping[str, Any], names: Mapping[str, str],
              score: str | None) -> dict[str, Any]:
    quote = ev.get("quote") or {}
    url = ev.get("url")
    return {
        "source": ev["source"],
        "source_name": names.get(ev["source"], ev["source"]),
        # Context is cut at word boundaries, with an ellipsis where it was cut.
        "prefix": context_before(str(quote.get("prefix", "")), ev.get("position")),
        "exact": quote.get("exact", ""),
        "suffix": context_after(str(quote.get("suffix", ""))),
        "url": url,
        "link": url if is_web_url(url) else None,
        "sha256": ev.get("snapshot_sha256") or "",
        "page": fragment_page(ev.get("fragment")),
        "rebuilt": bool(ev.get("reconstructed")),
        "score": score,
    }


def _card(view: ClaimView, names: Mapping[str, str],
          chains: Mapping[str, Mapping[str, Any]],
          parts: Mapping[Any, tuple[float, str]]) -> dict[str, Any]:
    c = view.claim
    v = view.verdict or {}
    review = c.get("review")
    span = c.get("span")
    return {
        "id": view.id,
        "number": view.number,
        "depth": min(view.depth, 3),
        "kind": c["kind"],
        "text": c["text"],
        "speaker": c.get("speaker"),
        "label": v.get("label"),
        "qualifier": v.get("qualifier"),
        "reason": v.get("reason"),
        "reason_words": reason_words(v["reason"]) if v.get("reason") else "",
        "explanation": v.get("explanation"),
        "as_of": v.get("as_of"),
        "confidence": v.get("confidence") if isinstance(v.get("confidence"), int | float) else None,
        "evidence": [_evidence(e, names, shown_score(view, e, parts)) for e in view.evidence],
        "citations": c["citations"],
        "flags": c["flags"],
        "chain": chains.get(view.id),
        "review": review if isinstance(review, Mapping) and review.get("label") else None,
        "located": span is not None and span[0] != span[1],
    }


def render_html(report: Mapping[str, Any]) -> str:
    article = report["article"]
    views = claims_in_order(report)
    names = source_names(report)
    chains = {str(ch.get("claim")): ch for ch in report.get("chains") or []
              if isinstance(ch, Mapping)}
    parts = part_scores(views)
    cards = [_card(v, names, chains, parts) for v in views]
    any_rebuilt = any(e["rebuilt"] for card in cards for e in card["evidence"])
    template = _ENV.get_template("report.html.j2")
    return template.render(
        report=report,
        run=report["run"],
        article=article,
        article_link=article.get("url") if is_web_url(article.get("url")) else None,
        title=article.get("title") or article.get("location") or article.get("url") or "article",
        ui_lang="en",
        counts=summary(report),
        labels=LABELS,
        published=date_words(article),
        score_help=SCORE_HELP,
        article_html=mark_article(article["text"], highlights(views)),
        cards=cards,
        any_rebuilt=any_rebuilt,
        rebuilt_mark=REBUILT_MARK,
        short=short_sha,
        # Our own static files, checked above not to close their element.
        css=Markup(_CSS),  # noqa: S704
        js=Markup(_JS),  # noqa: S704
        style_hash=_csp_hash(_CSS),
        script_hash=_csp_hash(_JS),
    )
