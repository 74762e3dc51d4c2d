"""Each command imports what it uses, and no more (the modules a start-up pays for).

A filled run (every stage done) needs no claim extraction, no verdict engine
(numpy), no migration tool (Alembic, Mako, Pygments) and no HTTP stack; an
offline run never needs httpx; loading the registry imports no fetcher.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ottawa"

# Run a command in-process, then list which of the watched modules it imported.
PROBE = """
import sys
from verify.cli import main
try:
    main(sys.argv[2:])
except SystemExit as e:
    if e.code:
        raise
watched = sys.argv[1].split(",")
print("imported:" + ",".join(m for m in watched if m in sys.modules), file=sys.stderr)
"""

HEAVY = ("numpy", "alembic", "mako", "pygments", "httpx", "trafilatura", "dateparser",
         "pysbd", "lemminflect", "jinja2", "rapidfuzz", "verify.claims.assemble",
         "verify.verdicts.rules", "verify.fetchers.web_page", "verify.fetch.client", "spacy")


def imported(args: list[str], cwd: Path, watched=HEAVY) -> set[str]:
    r = subprocess.run([sys.executable, "-c", PROBE, ",".join(watched), *args], cwd=cwd,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith("imported:"), r.stderr[-3000:]
    return set(filter(None, line.removeprefix("imported:").split(",")))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    ws = tmp_path_factory.mktemp("imports") / "ottawa"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("db", "__pycache__"))
    return ws


CHECK = ["check", "article.txt", "--offline", "--as-of", "2025-07-01", "--format", "json"]


def test_a_new_offline_check_imports_no_http_stack(workspace):
    got = imported(CHECK, workspace)
    # it extracts, fetches from the archive and judges: those it needs ...
    assert {"numpy", "verify.claims.assemble", "verify.verdicts.rules"} <= got
    # a new database is made from the models and stamped: no migration replayed
    assert not {"alembic", "mako"} & got, got
    # ... but it opens no socket, so no HTTP client: neither ours nor the one spaCy's
    # command-line package would bring (verify.claims.nlp keeps that package unloaded)
    assert "spacy" in got, got
    assert not {"verify.fetch.client", "httpx"} & got, got


def test_a_filled_check_imports_only_the_store_and_the_report(workspace):
    imported(CHECK, workspace)  # fills the database (or finds it filled)
    got = imported(CHECK, workspace)
    assert got == set(), f"a filled run imported {sorted(got)}"


def test_a_filled_check_as_html_loads_jinja_but_no_engine(workspace):
    imported(CHECK, workspace)
    got = imported([*CHECK[:-1], "html"], workspace)
    assert got == {"jinja2"}, sorted(got)


def test_loading_the_registry_imports_no_fetcher(tmp_path):
    code = ("import sys\nfrom verify.registry import load_registry\nreg = load_registry()\n"
            "assert reg.sources, 'no sources'\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith('verify.fetchers.')"
            " or m in ('lxml', 'trafilatura', 'pycountry', 'babel'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["verify.fetchers.base,verify.fetchers.options"], r.stdout


def test_a_registry_option_of_the_wrong_type_is_still_refused(tmp_path):
    # the schemas are read without the fetcher classes, and still checked
    bad = tmp_path / "sources.toml"
    bad.write_text('[sources.x]\nname = "X"\nkind = "web_page"\nsite = 3\n', encoding="utf-8")
    from verify.errors import RegistryError
    from verify.registry import load_registry

    with pytest.raises(RegistryError, match="option 'site' must be"):
        load_registry(bad)


def test_each_builtin_fetcher_declares_the_schema_the_registry_checks():
    from verify.fetchers.base import kinds
    from verify.fetchers.options import BUILTIN

    got = kinds()
    assert set(BUILTIN) <= set(got)
    for kind, schema in BUILTIN.items():
        assert got[kind].options is schema.options
        assert got[kind].summary == schema.summary
