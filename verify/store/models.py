"""The tables of the store (SQLModel), as DESIGN.md's data model names them.

Ids are derived from content (see `verify.ids`), never from the database, so a
re-run, a second database or PostgreSQL instead of SQLite gives the same ids.
JSON columns hold slots, flags, facts and other structured values.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel


def _json(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


def _text() -> Any:
    return Field(default="", sa_column=Column(Text, nullable=False))


class Article(SQLModel, table=True):
    id: str = Field(primary_key=True)  # the text's sha256
    location: str  # path or URL as given
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    language: str | None = None
    media_type: str | None = None
    sha256: str = Field(index=True)
    text: str = _text()
    snapshot_id: str | None = None  # when the article itself was fetched
    created_at: datetime


class Claim(SQLModel, table=True):
    id: str = Field(primary_key=True)
    article_id: str = Field(foreign_key="article.id", index=True)
    ordinal: int
    text: str = _text()
    span_start: int
    span_end: int
    kind: str  # fact, quote, attribution, opinion
    checkworthy: float
    parent_id: str | None = Field(default=None, index=True)
    slots: dict[str, Any] | None = _json()
    flags: list[str] | None = _json()
    speaker: str | None = None
    quote: str | None = None
    fact_types: list[str] | None = _json()
    # Pronouns the claim leaves to its context and who they stand for: [["he", "Kevin Mayer"]].
    resolved_references: list[list[str]] | None = _json()
    origin: str = "extracted"  # extracted, or added by a person
    dropped: bool = False


class Correction(SQLModel, table=True):
    """A person's correction of the extraction; replayed over every re-run."""

    id: str = Field(primary_key=True)
    article_id: str = Field(foreign_key="article.id", index=True)
    claim_id: str
    action: str  # edit, drop, add
    fields: dict[str, Any] | None = _json()
    who: str
    at: datetime
    note: str | None = None


class Citation(SQLModel, table=True):
    id: str = Field(primary_key=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    cited_as: str
    source_key: str | None = None
    inferred: bool = False
    via: str  # attribution, hyperlink, covers
    url: str | None = None


class Source(SQLModel, table=True):
    key: str = Field(primary_key=True)
    name: str
    aliases: list[str] | None = _json()
    role: str
    kind: str
    options: dict[str, Any] | None = _json()
    covers: dict[str, Any] | None = _json()


class Snapshot(SQLModel, table=True):
    id: str = Field(primary_key=True)
    source_key: str | None = Field(default=None, index=True)
    requested_url: str = Field(index=True)
    final_url: str
    status: str  # ok, http_error, timeout, …, source_unreachable
    http_status: int | None = None
    reason: str = ""
    headers: list[Any] | None = _json()
    fetched_at: datetime
    media_type: str | None = None
    payload_sha256: str | None = Field(default=None, index=True)
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_record_id: str | None = None
    title: str | None = None
    text: str = _text()
    language: str | None = None
    published: date | None = None
    record_date: date | None = None
    facts: list[Any] | None = _json()
    links: list[str] | None = _json()
    reconstructed: bool = False
    provenance: dict[str, Any] | None = _json()
    parse_error: str | None = None
    # How the snapshot was cut into passages (verify.verdicts.passages.PASSAGE_CUTS);
    # None for a snapshot stored before cuts were versioned, which is cut 1.
    passage_cut: int | None = None


class ClaimSource(SQLModel, table=True):
    """What discovery found for one claim in one source during a run: a snapshot,
    or the reason there is none (the link the verdict is judged from)."""

    id: str = Field(primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    as_of: date  # discovery looks no later than this date
    source_key: str
    snapshot_id: str | None = Field(default=None, foreign_key="snapshot.id")
    url: str | None = None
    why: str = ""
    status: str  # the snapshot's status, or source_unreachable when nothing was found
    reason: str = ""

    # "this run's links for this claim" (judge, fetch): without it SQLite read
    # every link of the run through the run_id index, once per claim
    __table_args__ = (
        Index("ix_claimsource_run_claim", "run_id", "claim_id", "as_of", "source_key"),
    )


class Passage(SQLModel, table=True):
    id: str = Field(primary_key=True)
    snapshot_id: str = Field(foreign_key="snapshot.id", index=True)
    kind: str  # sentence, paragraph, row, fact
    start: int
    end: int
    text: str = _text()
    fact: dict[str, Any] | None = _json()
    language: str | None = None  # None: cut before passages carried a language


class Evidence(SQLModel, table=True):
    id: str = Field(primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    passage_id: str = Field(foreign_key="passage.id")
    snapshot_sha256: str | None = None
    score: float
    agreements: list[Any] | None = _json()
    conflicts: list[Any] | None = _json()
    quote_exact: str = _text()
    quote_prefix: str = ""
    quote_suffix: str = ""
    position_start: int
    position_end: int


class Verdict(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("run_id", "claim_id", "decided_by", "as_of"),)
    id: str = Field(primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    label: str
    qualifier: str | None = None
    reason: str
    confidence: float
    evidence_ids: list[str] | None = _json()
    as_of: date
    decided_by: str  # "rules:<version>" or "person:<name>"
    note: str | None = None
    detail: dict[str, Any] | None = _json()
    decided_at: datetime


class Review(SQLModel, table=True):
    """A person's verdict on a claim in a run, with a note. Reviews keep their
    history: every one is a row, and the latest stands."""

    id: str = Field(primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    claim_id: str = Field(foreign_key="claim.id", index=True)
    label: str
    note: str = _text()
    who: str
    at: datetime


class RunClaim(SQLModel, table=True):
    """A claim as one run extracted it: text, kind, flags, speaker and citations
    depend on the run's inputs (the extractor, the registry, the corrections),
    so a run's report reads its own copy, never another run's."""

    __table_args__ = (UniqueConstraint("run_id", "claim_id"),)
    id: str = Field(primary_key=True)
    run_id: str = Field(foreign_key="run.id", index=True)
    claim_id: str = Field(foreign_key="claim.id")
    data: dict[str, Any] | None = _json()


class Run(SQLModel, table=True):
    id: str = Field(primary_key=True)  # hash of the inputs
    article_id: str | None = Field(default=None, foreign_key="article.id")
    inputs: dict[str, Any] | None = _json()
    tool_version: str
    ruleset_version: str
    config_hash: str
    options: dict[str, Any] | None = _json()
    status: str = "open"  # open, done, failed
    started_at: datetime
    finished_at: datetime | None = None


class WorkItem(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("run_id", "stage", "key"),
        Index("ix_workitem_claimable", "run_id", "stage", "status"),
    )
    id: str = Field(primary_key=True)
    run_id: str = Field(foreign_key="run.id")
    stage: str
    key: str
    payload: dict[str, Any] | None = _json()
    status: str = "pending"  # pending, leased, done, failed
    lease_holder: str | None = None
    lease_expires: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    updated_at: datetime


# ---------------------------------------------------------------------- no credentials stored

# Every column that can hold a URL (or a message that names one), per table. The
# request itself is sent with its credentials; what is stored is redacted, before
# each insert and update, whichever code path wrote the row (issue 10, item 9).
_REDACTED_COLUMNS: dict[type[SQLModel], tuple[str, ...]] = {
    Article: ("location", "url"),
    Citation: ("url",),
    Source: ("options",),
    Snapshot: ("requested_url", "final_url", "reason", "headers", "links", "provenance",
               "parse_error"),
    ClaimSource: ("url", "reason"),
    Verdict: ("detail", "note"),
    Run: ("inputs",),
    WorkItem: ("last_error",),
    RunClaim: ("data",),
    Review: ("note",),
}


def _redact_row(_mapper: Any, _connection: Any, target: Any) -> None:
    from verify.redact import redact_value

    for name in _REDACTED_COLUMNS[type(target)]:
        value = getattr(target, name, None)
        if value is not None:
            clean = redact_value(value)
            if clean != value:
                setattr(target, name, clean)


for _table in _REDACTED_COLUMNS:
    event.listen(_table, "before_insert", _redact_row)
    event.listen(_table, "before_update", _redact_row)
