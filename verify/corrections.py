"""People's corrections of the extraction, and their verdicts.

A correction is stored with who made it and when, and is replayed over the
extractor's output on every run, so it survives a re-run: an edited claim
keeps its id (ids come from the article and the span), a dropped claim stays
dropped (with its parts), an added claim is extracted like any sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from verify.claims.model import FLAGS, KINDS, ClaimDraft
from verify.errors import InputError
from verify.ids import content_id
from verify.registry import Registry
from verify.store import Store
from verify.store import models as m
from verify.store.queue import utcnow

LABELS = ("corroborated", "contradicted", "unverified")


def _find_claim(store: Store, ref: str) -> m.Claim:
    with store.session() as s:
        rows = s.exec(select(m.Claim).where(col(m.Claim.id).startswith(ref))).all()
    if not rows:
        raise InputError(f"no claim matches {ref!r} (see `verify claims ARTICLE`)")
    if len(rows) > 1:
        raise InputError(f"{len(rows)} claims match {ref!r}; give more of the id")
    return rows[0]


def record_correction(store: Store, claim_ref: str, action: str, fields: dict[str, Any], *,
                      who: str, note: str | None = None, now: datetime | None = None) -> str:
    """Keep an edit or a drop of a stored claim; returns the claim id."""
    if action not in ("edit", "drop"):
        raise InputError(f"unknown correction {action!r}")
    if fields.get("kind") not in (None, *KINDS):
        raise InputError(f"kind must be one of {', '.join(KINDS)}")
    for flag in (*fields.get("flag", ()), *fields.get("unflag", ())):
        if flag not in FLAGS:
            raise InputError(f"unknown flag {flag!r} (known: {', '.join(FLAGS)})")
    claim = _find_claim(store, claim_ref)
    at = now or utcnow()
    with store.session() as s:
        s.add(m.Correction(id=content_id("x", claim.id, action, fields, who, at.isoformat()),
                           article_id=claim.article_id, claim_id=claim.id, action=action,
                           fields=fields, who=who, at=at, note=note))
        s.commit()
    return claim.id


def record_addition(store: Store, article: Any, text: str, kind: str, *, who: str,
                    note: str | None = None, now: datetime | None = None) -> str:
    """Keep a claim the extractor missed; returns its id."""
    text = " ".join(text.split())
    if not text:
        raise InputError("an added claim needs its text")
    if kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}")
    at = now or utcnow()
    cid = added_claim_id(article.sha256, text)
    with store.session() as s:
        s.add(m.Correction(id=content_id("x", cid, "add", who, at.isoformat()),
                           article_id=article.sha256, claim_id=cid, action="add",
                           fields={"text": text, "kind": kind}, who=who, at=at, note=note))
        s.commit()
    return cid


def record_review(store: Store, run_id: str, claim_ref: str, label: str, note: str, *,
                  who: str, now: datetime | None = None) -> str:
    """A person's verdict on a claim, kept beside the tool's; returns its id."""
    if label not in LABELS:
        raise InputError(f"label must be one of {', '.join(LABELS)}")
    if not note.strip():
        raise InputError("a review needs a note saying why")
    claim = _find_claim(store, claim_ref)
    at = now or utcnow()
    with store.session() as s:
        # Every review is kept (a person may change their mind the same day); the
        # latest stands. The id counts earlier reviews, so two at the same instant differ.
        earlier = len(s.exec(select(m.Review.id).where(m.Review.run_id == run_id,
                                                       m.Review.claim_id == claim.id)).all())
        vid = content_id("v", run_id, claim.id, f"person:{who}", at.isoformat(), earlier)
        s.add(m.Review(id=vid, run_id=run_id, claim_id=claim.id, label=label, note=note,
                       who=who, at=at))
        s.commit()
    return vid


def added_claim_id(article_sha256: str, text: str) -> str:
    return content_id("c", article_sha256, "added", text)


def apply_corrections(drafts: Sequence[ClaimDraft], corrections: Sequence[m.Correction],
                      article: Any, registry: Registry) -> tuple[ClaimDraft, ...]:
    """The extractor's claims with every correction replayed in the order made."""
    claims = {c.id: c for c in drafts}
    order = [c.id for c in drafts]
    for corr in corrections:
        fields = dict(corr.fields or {})
        if corr.action == "drop":
            doomed = {corr.claim_id}
            changed = True
            while changed:  # a dropped claim takes its parts with it
                more = {c.id for c in claims.values() if c.parent in doomed} - doomed
                changed = bool(more)
                doomed |= more
            for cid in doomed:
                claims.pop(cid, None)
        elif corr.action == "edit" and corr.claim_id in claims:
            claims[corr.claim_id] = _edited(claims[corr.claim_id], fields, article, registry)
        elif corr.action == "add" and corr.claim_id not in claims:
            claims[corr.claim_id] = _added(corr.claim_id, fields, len(order), article,
                                           registry)
            order.append(corr.claim_id)
    return tuple(claims[cid] for cid in order if cid in claims)


def _analyse(text: str, article: Any, registry: Registry) -> dict[str, Any]:
    from verify.claims.citations import fact_types_of, route
    from verify.entities import catalog_for
    from verify.slots import extract_slots

    catalog = catalog_for(registry)
    slots = extract_slots(text, lang=article.language, catalog=catalog,
                          reference_date=article.published)
    facts = fact_types_of(text, registry)
    citations = route([e.key for e in slots.entities], facts, registry, catalog)
    return {"slots": slots, "fact_types": facts, "citations": citations}


def _edited(claim: ClaimDraft, fields: dict[str, Any], article: Any,
            registry: Registry) -> ClaimDraft:
    out = claim
    if "text" in fields and fields["text"] != claim.text:
        found = _analyse(fields["text"], article, registry)
        explicit = tuple(c for c in claim.citations if not c.inferred)
        out = replace(out, text=fields["text"], slots=found["slots"],
                      fact_types=found["fact_types"],
                      citations=explicit or found["citations"])
    if "kind" in fields:
        out = replace(out, kind=fields["kind"])
    flags = [f for f in out.flags if f not in fields.get("unflag", ())]
    flags += [f for f in fields.get("flag", ()) if f not in flags]
    if any(c.source for c in out.citations) and "unsourced" in flags \
            and "unsourced" not in fields.get("flag", ()):
        flags.remove("unsourced")
    return replace(out, flags=tuple(flags))


def _added(cid: str, fields: dict[str, Any], ordinal: int, article: Any,
           registry: Registry) -> ClaimDraft:
    text = fields["text"]
    found = _analyse(text, article, registry)
    start = article.text.find(text)
    span = (start, start + len(text)) if start >= 0 else (0, 0)
    flags = () if found["citations"] else ("unsourced",)
    return ClaimDraft(id=cid, ordinal=ordinal, text=text, span=span, kind=fields["kind"],
                      checkworthy=1.0, parent=None, slots=found["slots"], flags=flags,
                      citations=found["citations"], speaker=None, quote=None,
                      fact_types=found["fact_types"], sentence=span)
