"""The revision a database is compared with before Alembic is imported is the scripts' head."""

from verify.store.db import HEAD_REVISION, head_revision


def test_the_constant_is_the_newest_migration():
    assert head_revision() == HEAD_REVISION, (
        "a migration was added: set verify.store.db.HEAD_REVISION to its revision")
