"""The work queue: leases, exactly-once effects, two real worker processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from verify.store import open_store
from verify.store.db import current_revision, head_revision
from verify.store.models import Run
from verify.store.queue import WorkQueue

WORKER = Path(__file__).with_name("queue_worker.py")


def _make_run(store, run_id="r1"):
    with store.session() as s:
        s.add(Run(id=run_id, tool_version="t", ruleset_version="r", config_hash="c",
                  started_at=datetime(2025, 1, 1, tzinfo=UTC)))
        s.commit()
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE effect (item_key VARCHAR(64), holder VARCHAR(64))"))


def _effects(store):
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT item_key, holder FROM effect"))]


def test_enqueue_is_idempotent_and_items_complete_once(db_url):
    store = open_store(db_url)
    _make_run(store)
    q = WorkQueue(store.engine, holder="w1")
    assert q.enqueue("r1", "s", [(f"k{i}", {"i": i}) for i in range(5)]) == 5
    assert q.enqueue("r1", "s", [(f"k{i}", {"i": i}) for i in range(7)]) == 2
    done = q.drain("r1", "s", lambda item: None)
    assert done == 7
    assert q.counts("r1", "s") == {"done": 7}
    assert q.claim("r1", "s") is None
    store.close()


def test_an_expired_lease_is_taken_over_and_the_old_holder_writes_nothing(db_url):
    store = open_store(db_url)
    _make_run(store)
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    slow = WorkQueue(store.engine, holder="slow", lease_seconds=60, clock=lambda: t0)
    fast = WorkQueue(store.engine, holder="fast", lease_seconds=60,
                     clock=lambda: t0 + timedelta(seconds=61))
    slow.enqueue("r1", "s", [("only", {})])
    mine = slow.claim("r1", "s")
    assert mine is not None
    assert WorkQueue(store.engine, holder="other", clock=lambda: t0).claim("r1", "s") is None
    theirs = fast.claim("r1", "s")
    assert theirs is not None and theirs.attempts == 2

    def write(holder):
        return lambda s: s.execute(text("INSERT INTO effect VALUES ('only', :h)"), {"h": holder})

    assert fast.complete(theirs, write("fast")) is True
    assert slow.complete(mine, write("slow")) is False
    assert _effects(store) == [("only", "fast")]
    store.close()


def test_a_failing_item_is_retried_then_marked_failed_with_its_error(db_url):
    store = open_store(db_url)
    _make_run(store)
    q = WorkQueue(store.engine, holder="w", max_attempts=2)
    q.enqueue("r1", "s", [("bad", {}), ("good", {})])

    def handle(item):
        if item.key == "bad":
            raise ValueError("cannot parse")
        return None

    assert q.drain("r1", "s", handle) == 1
    assert q.counts("r1", "s") == {"done": 1, "failed": 1}
    store.close()


def _run_workers(url, n_workers, run_id="r1", stage="s"):
    procs = [subprocess.Popen([sys.executable, str(WORKER), url, run_id, stage, f"w{i}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(n_workers)]
    outs = [p.communicate(timeout=240) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    return [int(out.strip()) for out, _ in outs]


def test_two_processes_drain_one_queue_on_postgres_exactly_once(pg_url):
    store = open_store(pg_url)
    _make_run(store)
    n = 400
    WorkQueue(store.engine).enqueue("r1", "s", [(f"k{i:04d}", {}) for i in range(n)])
    per_worker = _run_workers(pg_url, 2)
    effects = _effects(store)
    keys = [k for k, _ in effects]
    assert len(keys) == n, "an item was lost or done twice"
    assert sorted(set(keys)) == sorted(f"k{i:04d}" for i in range(n))
    assert sum(per_worker) == n
    assert all(c > 0 for c in per_worker), f"one worker did everything: {per_worker}"
    assert WorkQueue(store.engine).counts("r1", "s") == {"done": n}
    store.close()


def test_two_processes_drain_one_queue_on_sqlite_exactly_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    store = open_store(url)
    _make_run(store)
    n = 200
    WorkQueue(store.engine).enqueue("r1", "s", [(f"k{i:04d}", {}) for i in range(n)])
    per_worker = _run_workers(url, 2)
    keys = [k for k, _ in _effects(store)]
    assert sorted(keys) == sorted(f"k{i:04d}" for i in range(n))
    assert sum(per_worker) == n
    store.close()


UPGRADE = """
import sys
from verify.store.db import create_store_engine, upgrade
before, after = upgrade(create_store_engine(sys.argv[1]))
print(before, after)
"""


def _concurrent_upgrade(url):
    procs = [subprocess.Popen([sys.executable, "-c", UPGRADE, url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_o, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    befores = sorted(o.split()[0] for o, _ in outs)
    # exactly one process found the database empty; the other found it migrated
    assert befores == sorted(["None", head_revision()])


def test_two_processes_upgrade_one_empty_postgres_database(pg_url):
    _concurrent_upgrade(pg_url)
    store = open_store(pg_url, migrate=False)
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_two_processes_upgrade_one_empty_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    _concurrent_upgrade(url)
    store = open_store(url, migrate=False)
    assert current_revision(store.engine) == head_revision()
    store.close()
