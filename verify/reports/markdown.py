"""The Markdown report: the run's receipt, then one section per claim in article order."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from verify.reports.view import (
    LABELS,
    REBUILT_MARK,
    SCORE_HELP,
    ClaimView,
    claims_in_order,
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

# Article text and quotes are untrusted: a renderer must not take them for
# markup. CommonMark lets any ASCII punctuation be backslash-escaped.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~!])")


def md_text(text: object) -> str:
    """Untrusted text as inert inline Markdown, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: object) -> str:
    """Our own words (ids, hashes, vocabulary) in a code span; backticks cannot occur in them."""
    return "`" + str(text).replace("`", "'") + "`"


def _link(url: object) -> str:
    if is_web_url(url):
        # An autolink may hold no space, "<" or ">": encode them so it stays one link.
        return "<" + quote(str(url), safe=_URL_SAFE) + ">"
    return md_text(url) if url else "no URL"


def _page(ev: Mapping[str, Any]) -> str:
    """", page 3" for evidence from a PDF (its RFC 8118 FragmentSelector), else ""."""
    from verify.verdicts.model import fragment_page

    page = fragment_page(ev.get("fragment"))
    return f", page {page}" if page is not None else ""


def _evidence_lines(view: ClaimView, names: Mapping[str, str],
                    parts: Mapping[Any, tuple[float, str]]) -> list[str]:
    lines = []
    for ev in view.evidence:
        quote = ev.get("quote") or {}
        rebuilt = f" {REBUILT_MARK}" if ev.get("reconstructed") else ""
        source = names.get(ev["source"], ev["source"])
        score = shown_score(view, ev, parts)
        lines.append(
            f"- Evidence: “{md_text(quote.get('exact', ''))}” — {md_text(source)}{rebuilt}, "
            f"{_link(ev.get('url'))}{_page(ev)}, "
            f"sha256 {md_code(short_sha(ev.get('snapshot_sha256')))}"
            + (f", {score}" if score else "")
        )
    return lines


def _claim_block(view: ClaimView, names: Mapping[str, str],
                 chains: Mapping[str, Mapping[str, Any]],
                 parts: Mapping[Any, tuple[float, str]]) -> list[str]:
    c = view.claim
    v = view.verdict
    head = label_text(v["label"], v.get("qualifier")) if v else "no verdict"
    title = f"{view.number}. {head} — {md_code(view.id)} ({c['kind']})"
    body: list[str] = [f"> {md_text(c['text'])}", ""]
    if c.get("speaker"):
        body.append(f"- Speaker: {md_text(c['speaker'])}")
    if c.get("parent"):
        body.append(f"- Part of: {md_code(c['parent'])}")
    cited = [f"{md_text(ct.get('cited_as') or ct.get('source') or '?')}"
             + (f" → {md_code(ct['source'])}" if ct.get("source") else " → no source found")
             + (" (inferred)" if ct.get("inferred") else "")
             for ct in c["citations"]]
    body.append("- Cited: " + ("; ".join(cited) if cited else "nothing"))
    if v:
        body.append(f"- Reason: {md_code(v['reason'])} — {md_text(reason_words(v['reason']))}")
        if v.get("explanation"):
            body.append(f"- Explanation: {md_text(v['explanation'])}")
        conf = v.get("confidence")
        as_of = v.get("as_of")
        decided = v.get("decided_by")
        body.append("- Judged" + (f" as of {md_text(as_of)}" if as_of else "")
                    + (f" by {md_code(decided)}" if decided else "")
                    + (f", confidence {conf:.2f}" if isinstance(conf, int | float) else ""))
        body.extend(_evidence_lines(view, names, parts) or ["- Evidence: none"])
    if c["flags"]:
        body.append("- Flags: " + ", ".join(md_code(f) for f in c["flags"]))
    chain = chains.get(view.id)
    if chain:
        ends = ", ".join(md_code(e) for e in chain.get("ends", [])) or "none"
        reach = "reaches" if chain.get("reaches_primary") else "does not reach"
        body.append(f"- Source chain: {reach} a primary source (ends: {ends})")
        if chain.get("flags"):
            body.append("- Audit flags: " + ", ".join(md_code(f) for f in chain["flags"]))
    review = c.get("review")
    if isinstance(review, Mapping) and review.get("label"):
        body.append(f"- Reviewed: {md_code(review['label'])} by {md_text(review.get('by') or '?')}"
                    + (f" on {md_text(review['at'])}" if review.get("at") else "")
                    + (f" — {md_text(review['note'])}" if review.get("note") else ""))
    if view.depth == 0:
        return ["", f"### {title}", "", *body]
    # A part sits under its parent as an indented list item.
    pad = "  " * (view.depth - 1)
    return ["", f"{pad}- **{title}**", *[(f"{pad}  {line}" if line else "") for line in body]]


def render_markdown(report: Mapping[str, Any]) -> str:
    article = report["article"]
    run = report["run"]
    names = source_names(report)
    counts = summary(report)
    chains = {str(ch.get("claim")): ch for ch in report.get("chains") or []
              if isinstance(ch, Mapping)}
    title = article.get("title") or article.get("location") or article.get("url") or "article"
    lines = [
        f"# Verification report: {md_text(title)}",
        "",
        f"- Article: {md_text(article.get('location') or '')} {_link(article.get('url'))}"
        if article.get("url") else f"- Article: {md_text(article.get('location') or 'unnamed')}",
        f"- Article sha256: {md_code(article.get('sha256', ''))}",
    ]
    lines.append(f"- Published: {md_text(date_words(article))}")
    if article.get("publisher"):
        lines.append(f"- Publisher: {md_text(article['publisher'])}")
    lines += [
        f"- As of: {md_text(run.get('as_of') or 'not given')}",
        f"- Run: {md_code(run.get('id', ''))} — rules {md_code(run.get('ruleset', ''))}"
        + (", offline" if run.get("offline") else "")
        + f", {md_text(report['tool'])} {md_text(report['version'])}",
        "- Summary: " + ", ".join(f"{counts[label]} {label}" for label in LABELS),
        f"- Scores: {md_text(SCORE_HELP)}",
        "",
        "## Claims",
    ]
    views = claims_in_order(report)
    parts = part_scores(views)
    for view in views:
        lines += _claim_block(view, names, chains, parts)
    if any(s.get("reconstructed") for s in report.get("snapshots") or []):
        lines += ["", f"Evidence marked {REBUILT_MARK} comes from a copy of the source rebuilt "
                  "from the public record, not fetched from it."]
    return "\n".join(lines) + "\n"
