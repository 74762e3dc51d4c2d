"""Builders for the verdict tests: documents, facts and claims as values."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from verify.claims import CitationDraft, ClaimDraft
from verify.fetch.model import Fetched
from verify.fetchers.base import Document, DocumentRef, TypedFact
from verify.registry import Registry
from verify.slots import extract_slots
from verify.verdicts import SourceDocs, VerdictValue, judge_claim

DATA = Path(__file__).parent / "data"


def fetched(url: str, text: str, *, status: str = "ok", reconstructed: bool = False) -> Fetched:
    body = text.encode("utf-8")
    ok = status == "ok"
    return Fetched(
        requested_url=url, final_url=url, status=status, http_status=200 if ok else 503,
        reason="" if ok else "service unavailable", headers=(("content-type", "text/plain"),),
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC), media_type="text/plain",
        encoding="utf-8", body=body if ok else b"", text=text if ok else None,
        payload_sha256=hashlib.sha256(body).hexdigest() if ok else None, warc=None,
        reconstructed=reconstructed)


def document(source: str, url: str, text: str = "", facts: Sequence[TypedFact] = (), *,
             author: str | None = None, title: str | None = None, status: str = "ok",
             reconstructed: bool = False, language: str | None = "en") -> Document:
    return Document(ref=DocumentRef(url, source, "test fixture"),
                    fetched=fetched(url, text, status=status, reconstructed=reconstructed),
                    title=title, text=text if status == "ok" else "", language=language,
                    author=author, facts=tuple(facts),
                    parse_error=None if status == "ok" else "source_unreachable")


def fact(kind: str, fields: Mapping[str, Any], text: str) -> TypedFact:
    return TypedFact(kind, dict(fields), text)


def claim(text: str, *, kind: str = "fact", cid: str = "c1", sources: Sequence[str] = (),
          flags: Sequence[str] = (), speaker: str | None = None, quote: str | None = None,
          fact_types: Sequence[str] = ()) -> ClaimDraft:
    cites = tuple(CitationDraft(s, s, False, None, "mention") for s in sources)
    return ClaimDraft(id=cid, ordinal=1, text=text, span=(0, len(text)), kind=kind,
                      checkworthy=0.9, parent=None, slots=extract_slots(text), flags=tuple(flags),
                      citations=cites, speaker=speaker, quote=quote,
                      fact_types=tuple(fact_types), sentence=(0, len(text)))


def primary(source: str, *docs: Document, unreachable: Sequence[str] = ()) -> SourceDocs:
    return SourceDocs(source, "primary", tuple(docs), tuple(unreachable))


def secondary(source: str, *docs: Document, unreachable: Sequence[str] = ()) -> SourceDocs:
    return SourceDocs(source, "secondary", tuple(docs), tuple(unreachable))


def verdict(registry: Registry, c: ClaimDraft, sources: Sequence[SourceDocs],
            as_of: date) -> VerdictValue:
    return judge_claim(c, sources, registry=registry, as_of=as_of)
