"""The guard's refusal names the setting that allows it, and that setting does
(issue 10, item 10)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from verify.fetch import Archive, FetchPolicy, HttpFetcher, StaticResolver

from .conftest import Server, static


def _get(policy: FetchPolicy, root: Path, url: str, resolver=None):
    archive = Archive(root)

    async def run():
        async with HttpFetcher(policy, archive, resolver=resolver) as http:
            return await http.get(url)
    try:
        return asyncio.run(run())
    finally:
        archive.close()


def test_loopback_refusal_names_the_setting_that_allows_it(tmp_path):
    server = Server()
    try:
        server.routes["/p"] = static(200, b"hello", {"Content-Type": "text/plain"})
        refused = _get(FetchPolicy(obey_robots=False), tmp_path / "a", server.url("/p"))
        assert refused.status == "blocked_address"
        assert "127.0.0.1 is a loopback address" in refused.reason
        assert 'allowed_networks = ["127.0.0.0/8"] in the [fetch] table of verify.toml' \
            in refused.reason
        assert server.hits["/p"] == 0
        # The setting it names is the one that lets the fetch through.
        allowed = _get(FetchPolicy(obey_robots=False, allowed_networks=("127.0.0.0/8",)),
                       tmp_path / "b", server.url("/p"))
        assert allowed.status == "ok" and allowed.body == b"hello"
    finally:
        server.close()


def test_a_private_address_behind_a_name_gets_its_own_network_in_the_hint(tmp_path):
    resolver = StaticResolver({"intranet.example": ["10.20.30.40"]})
    refused = _get(FetchPolicy(obey_robots=False), tmp_path,
                   "http://intranet.example/page", resolver=resolver)
    assert refused.status == "blocked_address"
    assert "10.20.30.40 is a private address" in refused.reason
    assert 'allowed_networks = ["10.20.30.40/32"]' in refused.reason


def test_cli_fetch_of_a_loopback_url_says_which_setting_allows_it(tmp_path):
    server = Server()
    try:
        server.routes["/p"] = static(200, b"hello", {"Content-Type": "text/plain"})
        (tmp_path / "verify.toml").write_text("[workspace]\n", encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "verify", "fetch", server.url("/p")],
                           capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert r.returncode == 1
        last = r.stderr.strip().splitlines()[-1]
        assert "blocked_address" in last and "allowed_networks" in last and \
            "verify.toml" in last
    finally:
        server.close()
