"""Opening the database: URL rules, engine set-up per backend, migrations.

SQLite is the embedded default; PostgreSQL is one URL away. A new database is
created on first use (from the models, stamped with the head revision), an
older one migrated. On PostgreSQL an upgrade holds an advisory
lock, so two processes upgrading one empty database cannot race; on SQLite the
upgrade runs in one IMMEDIATE transaction, which serialises writers.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from verify.errors import StoreError

# The newest revision in db/versions. A database already at it needs no
# migration, so opening it imports no Alembic (nor Mako and Pygments with it);
# tests/store keeps this equal to the scripts' head.
HEAD_REVISION = "0005"

# pg_advisory_lock key for migrations: any constant; this one spells "verify".
_MIGRATION_LOCK = 0x766572696679


def normalise_url(url: str) -> str:
    """Accept `postgresql://user@host:port/db` as written (psycopg 3 driver),
    a bare path as SQLite, and any SQLAlchemy URL."""
    if "://" not in url:
        return "sqlite:///" + str(Path(url).expanduser())
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def create_store_engine(url: str) -> Engine:
    full = normalise_url(url)
    try:
        u = make_url(full)
    except ArgumentError:
        raise StoreError("not a database URL", url=url) from None
    kwargs: dict[str, Any] = {}
    if u.get_backend_name() == "sqlite":
        db_path = u.database
        if db_path and db_path != ":memory:":
            try:
                Path(db_path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create the database folder: {e.strerror}",
                                 url=url) from None
        kwargs["connect_args"] = {"timeout": 60}
    elif u.get_backend_name() == "postgresql":
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 10}
    try:
        engine = create_engine(full, **kwargs)
    except (ArgumentError, SQLAlchemyError, ImportError) as e:
        raise StoreError(f"cannot use this database URL: {e}", url=redact(url)) from None
    if engine.dialect.name == "sqlite":
        _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    """pysqlite's own transaction handling defers BEGIN; take it over so every
    transaction is IMMEDIATE (one writer at a time, no lock upgrades that fail
    with 'database is locked') and the file is in WAL mode (readers never block)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=60000")
        # Switching a new file to WAL takes an exclusive lock and answers "database
        # is locked" at once, without the busy handler, while another process is
        # doing the same: retry for a while instead of failing.
        for attempt in range(100):
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 99:
                    raise
                time.sleep(0.05 + 0.01 * attempt)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def migrations_path() -> Path:
    """The Alembic scripts: packaged in a wheel, or `db/` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_db"
    if (packaged / "env.py").is_file():
        return packaged
    return here.parent / "db"


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    if head is None:
        raise StoreError("no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest revision; returns (before, after). A database with
    no tables at all is created from the models and stamped with the head
    revision instead (see `_create_new`)."""
    try:
        with engine.connect() as conn:
            if is_postgres(engine):
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
                conn.commit()
            try:
                # one transaction: on SQLite it is IMMEDIATE, so a second process
                # waits here and then finds the database already migrated
                with conn.begin():
                    before = _revision_on(conn)
                    if before is None and not inspect(conn).get_table_names():
                        _create_new(conn)
                    else:
                        from alembic import command

                        command.upgrade(_alembic_config(conn), "head")
                    after = _revision_on(conn)
            finally:
                if is_postgres(engine):
                    conn.rollback()
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"),
                                 {"k": _MIGRATION_LOCK})
                    conn.commit()
    except OperationalError as e:
        raise StoreError(f"cannot reach or migrate the database: {_first_line(e)}",
                         url=redact(str(engine.url))) from None
    return before, after or ""


def _create_new(conn: Any) -> None:
    """An empty database: its tables made from the models and stamped with the head
    revision, as Alembic's own cookbook does ("create_all, then stamp"), without
    importing Alembic and replaying every migration (0.15-0.25 s of a first
    check). tests/store keeps the two ways of making a database identical,
    table by table, column by column, on both backends."""
    from sqlmodel import SQLModel

    import verify.store.models  # noqa: F401  (the tables register on import)

    SQLModel.metadata.create_all(conn, checkfirst=False)  # the database has no tables
    conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                 {"v": HEAD_REVISION})


def _revision_on(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def _first_line(e: BaseException) -> str:
    msg = str(getattr(e, "orig", None) or e).strip()
    return msg.splitlines()[0] if msg else type(e).__name__


def ensure_current(engine: Engine) -> None:
    """Create and migrate a new (or old) database on first use."""
    try:
        current = current_revision(engine)
    except OperationalError as e:
        raise StoreError(f"cannot reach the database: {_first_line(e)}",
                         url=redact(str(engine.url))) from None
    if current == HEAD_REVISION:
        return  # the common case, decided without importing Alembic
    if current is None or current != head_revision():
        upgrade(engine)
