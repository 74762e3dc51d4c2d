"""Shared fixtures: a database on each backend, real and throwaway.

PostgreSQL: VERIFY_TEST_POSTGRES_URL names a server where we may create
databases (CI sets it and the tests fail, never skip, if it does not answer).
Without it, a local server on 127.0.0.1:5432 is tried; if none answers outside
CI, the PostgreSQL cases are skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def pytest_configure(config):
    # Cached tables (verify.cache) go to a folder of this session, never the
    # user's own cache; `verify` processes the tests start inherit it.
    import tempfile

    if "VERIFY_CACHE_DIR" not in os.environ or os.environ.get("CI"):
        os.environ["VERIFY_CACHE_DIR"] = tempfile.mkdtemp(prefix="verify-test-cache-")


def _pg_admin_url() -> str | None:
    explicit = os.environ.get("VERIFY_TEST_POSTGRES_URL")
    url = explicit or DEFAULT_PG
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as e:
        if explicit or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {url} does not answer: {e}".splitlines()[0])
        return None
    return url


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = _pg_admin_url()
    if url is None:
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432 (set VERIFY_TEST_POSTGRES_URL)")
    return url


def _with_db(url: str, dbname: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{dbname}"


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"verify_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(pg_admin_url, name)
    finally:
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The same test on an embedded SQLite file and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db' / 'verify.sqlite'}"
    return request.getfixturevalue("pg_url")


# ---------------------------------------------------------------- reporting
# CI's log must show that the PostgreSQL tests ran (they never skip there).

_PG_FIXTURES = {"pg_url", "pg_admin_url"}
_pg_outcomes: dict[str, str] = {}


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        uses_pg = bool(_PG_FIXTURES & set(item.fixturenames)) and \
            params.get("db_url", "postgres") == "postgres"
        if uses_pg or params.get("backend") == "postgres":
            item.add_marker(pytest.mark.postgres)


def pytest_runtest_logreport(report):
    if "postgres" in report.keywords and (report.when == "call" or report.outcome != "passed"):
        _pg_outcomes[report.nodeid] = report.outcome


def pytest_report_header(config):
    explicit = os.environ.get("VERIFY_TEST_POSTGRES_URL")
    return f"postgresql: {explicit or DEFAULT_PG} (VERIFY_TEST_POSTGRES_URL " \
           f"{'set' if explicit else 'not set'})"


def pytest_terminal_summary(terminalreporter):
    counts: dict[str, int] = {}
    for outcome in _pg_outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    summary = ", ".join(f"{n} {o}" for o, n in sorted(counts.items())) or "none ran"
    terminalreporter.write_line(f"PostgreSQL tests: {summary}")
