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
