"""The revision a database is compared with before Alembic is imported is the scripts' head."""

from verify.store.db import HEAD_REVISION, head_revision


def test_the_constant_is_the_newest_migration():
    assert head_revision() == HEAD_REVISION, (
        "a migration was added: set verify.store.db.HEAD_REVISION to its revision")


def _schema(url: str) -> dict:
    """Every table's columns, keys, indexes and unique constraints, as the database reports them."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        insp = inspect(engine)
        out = {}
        for table in sorted(insp.get_table_names()):
            out[table] = {
                # by name: a column a migration added sits last in a migrated table
                # and where the model declares it in a new one; nothing reads by position
                "columns": sorted((c["name"], str(c["type"]), c["nullable"])
                                  for c in insp.get_columns(table)),
                "primary": insp.get_pk_constraint(table)["constrained_columns"],
                "foreign": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                                   tuple(f["referred_columns"]))
                                  for f in insp.get_foreign_keys(table)),
                "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                                  for i in insp.get_indexes(table)),
                "unique": sorted(tuple(u["column_names"])
                                 for u in insp.get_unique_constraints(table)),
            }
        return out
    finally:
        engine.dispose()


def test_a_new_database_is_the_one_the_migrations_make(db_url, tmp_path, request):
    """A new database is made from the models and stamped (no Alembic imported);
    replaying every migration on an empty one must give the same tables, columns,
    keys and indexes, and Alembic must find nothing to change in either."""
    import uuid

    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from verify.store.db import (
        _alembic_config,
        create_store_engine,
        current_revision,
        ensure_current,
    )

    if db_url.startswith("sqlite"):
        migrated_url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        dropper = None
    else:
        import psycopg

        admin = request.getfixturevalue("pg_admin_url")
        name = f"verify_m_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        migrated_url = admin.rpartition("/")[0] + "/" + name

        def dropper() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        new = create_store_engine(db_url)
        ensure_current(new)
        assert current_revision(new) == HEAD_REVISION
        migrated = create_store_engine(migrated_url)
        with migrated.begin() as conn:
            command.upgrade(_alembic_config(conn), "head")
        assert current_revision(migrated) == HEAD_REVISION
        for engine in (new, migrated):
            with engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": True})
                assert compare_metadata(ctx, SQLModel.metadata) == []
        new.dispose()
        migrated.dispose()
        a, b = _schema(str(new.url.render_as_string(hide_password=False))), \
            _schema(str(migrated.url.render_as_string(hide_password=False)))
        assert a == b
        assert "alembic_version" in a and len(a) >= 8
    finally:
        if dropper is not None:
            dropper()
