"""robots.txt: fetched once per origin (and archived like any response), then obeyed.

Follows RFC 9309: a 4xx robots.txt means no rules; a 5xx or an unreachable one
means everything is disallowed until it can be read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

import httpx

ROBOTS_AGENT = "verify"


@dataclass(frozen=True)
class RobotsFile:
    """What one origin's robots.txt said: a reply (status, body) or why there was none."""

    http_status: int | None
    body: bytes
    failure: str | None = None  # set when no usable reply came back


RobotsGetter = Callable[[str], Awaitable[RobotsFile]]


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin, ready to ask."""

    robots_url: str
    parser: RobotFileParser | None  # None: see allow_all
    allow_all: bool
    why_not: str = ""  # for a blanket refusal

    def allows(self, url: str, agent: str = ROBOTS_AGENT) -> tuple[bool, str]:
        """(allowed, reason) for a URL."""
        if self.parser is None:
            if self.allow_all:
                return True, ""
            return False, f"{self.robots_url} {self.why_not}; everything is disallowed"
        if self.parser.can_fetch(agent, url):
            return True, ""
        return False, f"{self.robots_url} disallows {httpx.URL(url).raw_path.decode()} " \
                      f"for {agent}"


def rules_from(robots_url: str, reply: RobotsFile) -> RobotsRules:
    """Turn a robots.txt reply into rules (RFC 9309 §2.3.1)."""
    if reply.failure is not None:
        return RobotsRules(robots_url, None, False, f"could not be read ({reply.failure})")
    status = reply.http_status or 0
    if 200 <= status < 300:
        parser = RobotFileParser(robots_url)
        parser.parse(reply.body.decode("utf-8", "replace").splitlines())
        return RobotsRules(robots_url, parser, True)
    if 400 <= status < 500:
        return RobotsRules(robots_url, None, True)
    return RobotsRules(robots_url, None, False, f"answered HTTP {status}")


def robots_url_for(url: str) -> str:
    parsed = httpx.URL(url)
    return str(parsed.copy_with(path="/robots.txt", query=None, fragment=None))


class RobotsCache:
    """One robots.txt per origin, fetched at most once even under concurrency."""

    def __init__(self, fetch: RobotsGetter, agent: str = ROBOTS_AGENT) -> None:
        self._fetch = fetch
        self._agent = agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str) -> tuple[bool, str]:
        robots_url = robots_url_for(url)
        rules = self._rules.get(robots_url)
        if rules is None:
            lock = self._locks.setdefault(robots_url, asyncio.Lock())
            async with lock:
                rules = self._rules.get(robots_url)
                if rules is None:
                    rules = rules_from(robots_url, await self._fetch(robots_url))
                    self._rules[robots_url] = rules
        return rules.allows(url, self._agent)
