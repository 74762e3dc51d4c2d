"""Write a new migration by comparing the models with a database at head.

    python -m verify.store.autogen "message"

Developers only; read the generated file before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from verify.store.db import _alembic_config, create_store_engine, ensure_current, migrations_path


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_store_engine(str(Path(tmp) / "autogen.sqlite"))
        if any((migrations_path() / "versions").glob("*.py")):
            ensure_current(engine)
        with engine.connect() as conn:
            command.revision(_alembic_config(conn), message=message, autogenerate=True)
            conn.commit()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "change")
