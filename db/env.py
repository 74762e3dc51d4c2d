"""Alembic environment for verify: migrations run on a connection handed in by
`verify.store.db.upgrade` (which holds the PostgreSQL advisory lock)."""

from alembic import context
from sqlmodel import SQLModel

import verify.store.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `verify db upgrade`")

context.configure(connection=connection, target_metadata=target_metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
