"""The store: the database (SQLModel tables, migrations, work queue)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session

from verify.store.db import create_store_engine, ensure_current, redact


@dataclass
class Store:
    url: str
    engine: Engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def display_url(self) -> str:
        return redact(self.url)


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and on first use create and migrate) the database at `url`."""
    engine = create_store_engine(url)
    if migrate:
        ensure_current(engine)
    return Store(url=url, engine=engine)
