"""Fetchers: one module per source kind, registered by `kind`.

Built-ins register through the same entry-point group a third-party fetcher
uses (`verify.fetchers` in pyproject.toml), so the pipeline never names a kind.
"""
