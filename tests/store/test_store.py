"""The store on both backends: migrations, content ids, round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from verify.errors import StoreError
from verify.ids import content_id
from verify.store import open_store
from verify.store.db import create_store_engine, current_revision, head_revision, normalise_url
from verify.store.models import Article, Claim, Snapshot


def test_new_database_is_created_and_migrated_on_first_use(db_url):
    store = open_store(db_url)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_round_trip_with_json_slots_and_partial_dates(db_url):
    store = open_store(db_url)
    now = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
    art_id = "a" * 64
    claim_id = content_id("c", art_id, 0, 10)
    with store.session() as s:
        s.add(Article(id=art_id, location="x.txt", sha256=art_id, text="Hello world.",
                      published=date(2025, 7, 1), created_at=now))
        s.add(Claim(id=claim_id, article_id=art_id, ordinal=0, text="Hello", span_start=0,
                    span_end=10, kind="fact", checkworthy=0.5,
                    slots={"dates": [{"year": None, "month": 6, "day": 29}]},
                    flags=["unsourced"]))
        s.commit()
    with store.session() as s:
        got = s.exec(select(Claim)).one()
        assert got.id == claim_id
        assert got.slots == {"dates": [{"year": None, "month": 6, "day": 29}]}
        assert got.flags == ["unsourced"]
        art = s.get(Article, art_id)
        assert art is not None and art.published == date(2025, 7, 1)
    store.close()


def test_ids_do_not_depend_on_the_backend_or_order_of_keys():
    assert content_id("c", "x", {"a": 1, "b": 2}) == content_id("c", "x", {"b": 2, "a": 1})
    assert content_id("c", "x", 1) != content_id("c", "x", 2)


def test_rejected_duplicate_leaves_the_database_consistent(db_url):
    store = open_store(db_url)
    now = datetime(2025, 7, 1, tzinfo=UTC)
    snap = dict(id="s1", requested_url="https://example.org/", final_url="https://example.org/",
                status="ok", fetched_at=now)
    with store.session() as s:
        s.add(Snapshot(**snap))
        s.commit()
    with pytest.raises(Exception), store.session() as s:  # noqa: B017 - driver-specific class
        s.add(Snapshot(**snap))
        s.commit()
    with store.session() as s:
        assert len(s.exec(select(Snapshot)).all()) == 1
    store.close()


def test_plain_postgresql_url_is_accepted_as_written():
    assert normalise_url("postgresql://u@h:5432/db") == "postgresql+psycopg://u@h:5432/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalise_url("some/file.sqlite").startswith("sqlite:///")


def test_unreachable_server_is_one_clear_error():
    engine = create_store_engine("postgresql://nobody@127.0.0.1:1/none")
    from verify.store.db import ensure_current

    with pytest.raises(StoreError) as e:
        ensure_current(engine)
    assert "cannot reach" in str(e.value)
