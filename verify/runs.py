"""A run read back from the store as a report value (a plain, JSON-ready dict).

Every renderer (verify/reports/) and the audit take this value. Its order is
fixed (claims by position in the article, evidence by score then id), so the
same run renders to the same bytes; only `run.started_at` and
`run.finished_at` may differ between two runs of the same check.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from verify import __version__
from verify.errors import InputError
from verify.store import Store
from verify.store import models as m


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def resolve_run(store: Store, run: str | None) -> str:
    """A run id from a prefix, or the latest run."""
    with store.session() as s:
        if run:
            rows = s.exec(select(m.Run).where(col(m.Run.id).startswith(run))).all()
            if len(rows) != 1:
                raise InputError(f"no run matches {run!r}" if not rows
                                 else f"{len(rows)} runs match {run!r}; give more of the id")
            return rows[0].id
        row = s.exec(select(m.Run).order_by(col(m.Run.started_at).desc(),
                                            col(m.Run.id))).first()
        if row is None:
            raise InputError("no run in the database yet: run `verify check ARTICLE` first")
        return row.id


def build_report(store: Store, run_id: str, as_of: date | None = None) -> dict[str, Any]:
    with store.session() as s:
        run = s.get(m.Run, run_id)
        if run is None:
            raise InputError(f"no run {run_id!r} in the database")
        opts = dict(run.options or {})
        when = as_of or (date.fromisoformat(opts["as_of"]) if opts.get("as_of") else None)
        article = s.get(m.Article, run.article_id) if run.article_id else None
        claims = s.exec(select(m.Claim).where(m.Claim.article_id == run.article_id,
                                              m.Claim.dropped == False)  # noqa: E712
                        .order_by(col(m.Claim.span_start), col(m.Claim.ordinal),
                                  col(m.Claim.id))).all()
        verdicts = {v.claim_id: v for v in s.exec(select(m.Verdict).where(
            m.Verdict.run_id == run_id, m.Verdict.as_of == when,
            m.Verdict.decided_by == f"rules:{run.ruleset_version}")).all()} if when else {}
        reviews: dict[str, m.Review] = {}
        n_reviews: dict[str, int] = {}
        for review in s.exec(select(m.Review).where(m.Review.run_id == run_id)
                             .order_by(col(m.Review.at), col(m.Review.id))).all():
            reviews[review.claim_id] = review  # the latest review stands
            n_reviews[review.claim_id] = n_reviews.get(review.claim_id, 0) + 1
        cites: dict[str, list[m.Citation]] = {}
        for cite in s.exec(select(m.Citation).order_by(col(m.Citation.id))).all():
            cites.setdefault(cite.claim_id, []).append(cite)
        links = s.exec(select(m.ClaimSource).where(m.ClaimSource.run_id == run_id,
                                                   m.ClaimSource.as_of == when)
                       .order_by(m.ClaimSource.id)).all() if when else []
        snap_ids = sorted({ln.snapshot_id for ln in links if ln.snapshot_id})
        snaps = {sid: snap for sid in snap_ids if (snap := s.get(m.Snapshot, sid)) is not None}
        sources = s.exec(select(m.Source).order_by(m.Source.key)).all()
        failed_items = s.exec(select(m.WorkItem).where(
            m.WorkItem.run_id == run_id, m.WorkItem.status == "failed")
            .order_by(col(m.WorkItem.stage), col(m.WorkItem.key))).all()

        run_claims = {rc.claim_id: dict(rc.data or {}) for rc in s.exec(
            select(m.RunClaim).where(m.RunClaim.run_id == run_id)).all()}
        rows = ([_claim_from_run(cid, d) for cid, d in run_claims.items()] if run_claims
                else [_claim_from_rows(c, cites.get(c.id, [])) for c in claims])
        rows.sort(key=lambda r: (r["span"][0], r["_ordinal"], r["id"]))

        out_claims = []
        summary = {"corroborated": 0, "contradicted": 0, "unverified": 0}
        for row in rows:
            cid = row["id"]
            v = verdicts.get(cid)
            verdict = _verdict_json(v) if v is not None else None
            if verdict is not None:
                summary[verdict["label"]] = summary.get(verdict["label"], 0) + 1
            rv = reviews.get(cid)
            row.pop("_ordinal")
            out_claims.append({
                **row,
                "verdict": verdict,
                "review": ({"label": rv.label, "note": rv.note, "by": rv.who,
                            "at": _iso(rv.at), "reviews": n_reviews.get(cid, 1)}
                           if rv is not None else None),
            })
        report: dict[str, Any] = {
            "tool": "verify",
            "version": __version__,
            "run": {"id": run.id, "started_at": _iso(run.started_at),
                    "finished_at": _iso(run.finished_at), "as_of": _iso(when),
                    "ruleset": run.ruleset_version, "offline": opts.get("offline"),
                    "config_hash": run.config_hash},
            "article": ({"sha256": article.sha256, "location": article.location,
                         "url": article.url, "title": article.title,
                         "publisher": article.publisher, "published": _iso(article.published),
                         # where the date came from (--published, the sidecar, the page's
                         # own metadata): kept in the run, since the same text can arrive
                         # with its date from different places
                         "published_from": ((run.inputs or {}).get("published_from")
                                            if article.published else None),
                         "language": article.language, "text": article.text}
                        if article else None),
            "claims": out_claims,
            "summary": summary,
            "sources": list((run.inputs or {}).get("sources") or
                            [{"key": x.key, "name": x.name, "role": x.role, "kind": x.kind}
                             for x in sources]),
            "snapshots": [_snapshot_json(snaps[sid]) for sid in snap_ids if sid in snaps],
            "failures": [_failure_json(w) for w in failed_items
                         if when is None or w.stage.endswith(f"@{when.isoformat()}")
                         or "@" not in w.stage],
        }
        return report


def _failure_json(w: m.WorkItem) -> dict[str, Any]:
    """A failed work item: its stage, key, and the claim and source it served."""
    claim: str | None = None
    source: str | None = None
    if w.stage.startswith("fetch:"):
        source, _, claim = w.key.partition("|")
    elif w.stage.startswith(("judge@", "parents@")):
        claim = w.key
    return {"stage": w.stage, "key": w.key, "claim": claim, "source": source,
            "error": w.last_error or "failed"}


def _citations_json(cites: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"source": ct.get("source"), "cited_as": ct.get("cited_as"),
             "inferred": bool(ct.get("inferred")), "url": ct.get("url")}
            for ct in sorted(cites, key=lambda x: (bool(x.get("inferred")), x.get("source") or "",
                                                   x.get("cited_as") or "", x.get("url") or ""))]


def _claim_from_run(claim_id: str, d: dict[str, Any]) -> dict[str, Any]:
    """A claim as its run stored it (every run keeps its own copy)."""
    return {"id": claim_id, "text": d["text"], "kind": d["kind"], "parent": d.get("parent"),
            "span": list(d["span"]), "checkworthy": d["checkworthy"],
            "speaker": d.get("speaker"), "citations": _citations_json(d.get("citations", [])),
            "flags": list(d.get("flags", [])), "_ordinal": d.get("ordinal", 0)}


def _claim_from_rows(c: m.Claim, cites: list[m.Citation]) -> dict[str, Any]:
    """A claim of a run made before runs kept their own claims."""
    return {"id": c.id, "text": c.text, "kind": c.kind, "parent": c.parent_id,
            "span": [c.span_start, c.span_end], "checkworthy": round(c.checkworthy, 3),
            "speaker": c.speaker,
            "citations": _citations_json([{"source": ct.source_key, "cited_as": ct.cited_as,
                                           "inferred": ct.inferred, "url": ct.url}
                                          for ct in cites]),
            "flags": list(c.flags or []), "_ordinal": c.ordinal}


def _verdict_json(v: m.Verdict) -> dict[str, Any]:
    value = (v.detail or {}).get("value", {})
    return {
        "label": v.label, "qualifier": v.qualifier, "reason": v.reason,
        "confidence": round(v.confidence, 3), "as_of": _iso(v.as_of),
        "decided_by": v.decided_by, "explanation": value.get("explanation", ""),
        "evidence": [{"source": e.get("source"), "url": e.get("url"),
                      "snapshot_sha256": e.get("snapshot_sha256"),
                      "reconstructed": bool(e.get("reconstructed")),
                      "quote": {"exact": e["selector"]["exact"],
                                "prefix": e["selector"]["prefix"],
                                "suffix": e["selector"]["suffix"]},
                      "position": [e["position"]["start"], e["position"]["end"]],
                      "score": round(float(e.get("score", 0.0)), 2),
                      **({"fragment": e["fragment"]} if e.get("fragment") else {})}
                     for e in value.get("evidence", [])],
    }


def _snapshot_json(sn: m.Snapshot) -> dict[str, Any]:
    return {"id": sn.id, "source": sn.source_key, "requested_url": sn.requested_url,
            "final_url": sn.final_url, "status": sn.status, "reason": sn.reason,
            # an attempt that got nothing has no document date; when it was tried is
            # a property of the run, not of the source, and stays out of the report
            "fetched_at": _iso(sn.fetched_at) if sn.payload_sha256 else None,
            "sha256": sn.payload_sha256,
            "reconstructed": sn.reconstructed, "provenance": sn.provenance or {},
            "links": list(sn.links or []), "title": sn.title,
            "warc": ({"file": sn.warc_file, "offset": sn.warc_offset,
                      "record_id": sn.warc_record_id} if sn.warc_file else None)}
