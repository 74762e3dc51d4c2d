"""A worker process for the queue tests: drains one stage, recording each effect.

usage: python queue_worker.py DB_URL RUN_ID STAGE NAME
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import text

from verify.store import open_store
from verify.store.queue import WorkQueue


def main() -> None:
    url, run_id, stage, name = sys.argv[1:5]
    store = open_store(url)
    queue = WorkQueue(store.engine, holder=name)

    def handle(item):
        time.sleep(0.002)  # some work outside the transaction

        def write(session):
            session.execute(text("INSERT INTO effect (item_key, holder) VALUES (:k, :h)"),
                            {"k": item.key, "h": name})

        return write

    done = queue.drain(run_id, stage, handle)
    print(done)


if __name__ == "__main__":
    main()
