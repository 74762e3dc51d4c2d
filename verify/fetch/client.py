"""The live fetcher: one polite, guarded HTTP client that archives every response first.

`HttpFetcher.get` follows redirects itself (checking the guard and robots.txt at
every hop), retries what is worth retrying, cuts bodies at the cap while
streaming, writes each response to the archive, and only then judges it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

import httpx

from verify.errors import ArchiveError, BlockedAddressError, FetchError
from verify.fetch.archive import Archive
from verify.fetch.guard import AddressGuard, GuardedTransport, Resolver, SystemResolver
from verify.fetch.model import Fetched, WarcLocation, canonical_url, failure, make_fetched
from verify.fetch.policy import FetchPolicy
from verify.fetch.replay import fetched_from_record
from verify.fetch.robots import RobotsCache, RobotsFile
from verify.redact import redact_url

ProgressCallback = Callable[[str, int, int | None], None]  # url, bytes so far, total if known
Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_LATER = frozenset({429, 503})  # Retry-After applies
RETRY_SOON = frozenset({500, 502, 504})
ROBOTS_REDIRECTS = 5  # RFC 9309


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Exchange:
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    payload: bytes
    truncated: bool
    fetched_at: datetime
    location: WarcLocation
    sha256: str


@dataclass(frozen=True)
class _Failure:
    status: str
    reason: str


class _HostGate:
    """Per-host concurrency and request-start rate."""

    def __init__(self, concurrency: int, rate: float | None, sleep: Sleep) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._sleep = sleep

    async def __aenter__(self) -> None:
        await self._slots.acquire()
        if self._interval:
            now = time.monotonic()
            wait = self._next - now
            self._next = max(now, self._next) + self._interval
            if wait > 0:
                await self._sleep(wait)

    async def __aexit__(self, *exc: object) -> None:
        self._slots.release()


def retry_after(headers: tuple[tuple[str, str], ...], now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date)."""
    value = next((v for k, v in headers if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class HttpFetcher:
    """Fetches live, under one FetchPolicy, into one Archive. Use `async with`."""

    def __init__(
        self,
        policy: FetchPolicy,
        archive: Archive,
        *,
        resolver: Resolver | None = None,
        clock: Clock = utc_now,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.policy = policy
        self.archive = archive
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._progress = progress
        self.guard = AddressGuard(resolver or SystemResolver(), policy.networks(),
                                  cache_seconds=policy.dns_cache_seconds)
        self._client = httpx.AsyncClient(
            transport=GuardedTransport(self.guard),
            timeout=httpx.Timeout(connect=policy.connect_timeout, read=policy.read_timeout,
                                  write=policy.read_timeout, pool=policy.total_timeout),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "identity"},
            follow_redirects=False,
            trust_env=False,
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots = RobotsCache(self._fetch_robots)

    async def __aenter__(self) -> HttpFetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    # -- the public call -----------------------------------------------------------

    async def get(self, url: str, *, source: str | None = None,
                  conditional: bool = False) -> Fetched:
        """Fetch a URL. Never raises for a failed fetch: the failure is the result.

        With `conditional`, the newest archived copy's ETag / Last-Modified are sent,
        and a 304 returns that copy with status "not_modified".
        """
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            return failure(url, "network_error", f"not a URL: {exc}", self._clock())
        if parsed.scheme not in ("http", "https") or not parsed.host:
            return failure(url, "network_error", "only http and https URLs are fetched",
                           self._clock())
        validators: dict[str, str] = {}
        previous = self.archive.lookup(url) if conditional else None
        if previous is not None and previous.type == "response":
            try:
                headers, _ = self.archive.read(previous.location)
            except ArchiveError:
                previous = None  # an unreadable copy cannot be revalidated: fetch afresh
            else:
                lookup = {k.lower(): v for k, v in headers}
                if "etag" in lookup:
                    validators["If-None-Match"] = lookup["etag"]
                if "last-modified" in lookup:
                    validators["If-Modified-Since"] = lookup["last-modified"]
        deadline = self.policy.url_deadline
        try:
            async with asyncio.timeout(deadline):
                result = await self._follow(url, validators, robots=self.policy.obey_robots,
                                            max_redirects=self.policy.max_redirects,
                                            cap=self.policy.max_body_bytes)
        except TimeoutError:
            return failure(url, "timeout", f"no complete response within the per-URL deadline "
                                           f"of {deadline:g} s ([fetch] url_deadline), "
                                           f"redirects, retries and waits included",
                           self._clock())
        if isinstance(result, Fetched):
            return result
        exchange, redirects = result
        if exchange.status == 304 and previous is not None:
            try:
                earlier = fetched_from_record(self.archive, previous.location, url,
                                              exchange.url, redirects,
                                              max_body_bytes=self.policy.max_body_bytes)
            except ArchiveError:
                return await self.get(url, source=source)  # the copy went bad: refetch it
            return dataclasses.replace(earlier, status="not_modified", http_status=304,
                                       fetched_at=exchange.fetched_at)
        return make_fetched(
            requested_url=url, final_url=exchange.url, http_status=exchange.status,
            headers=exchange.headers, payload=exchange.payload,
            fetched_at=exchange.fetched_at, payload_sha256=exchange.sha256,
            warc=exchange.location, redirects=redirects, truncated=exchange.truncated,
            max_body_bytes=self.policy.max_body_bytes)

    # -- redirects, retries, one exchange -------------------------------------------

    async def _follow(
        self, url: str, validators: dict[str, str], *, robots: bool, max_redirects: int,
        cap: int,
    ) -> Fetched | tuple[_Exchange, tuple[str, ...]]:
        current = url
        redirects: list[str] = []
        seen = {canonical_url(url)}
        for hop in range(max_redirects + 1):
            target = httpx.URL(current)
            try:  # early, for a clear reason; the transport checks again at connect
                await self.guard.addresses(target.host, target.port or _default_port(target))
            except BlockedAddressError as exc:
                return self._failed(url, current, redirects, "blocked_address", exc.message)
            except FetchError as exc:
                return self._failed(url, current, redirects, "network_error", exc.message)
            if robots:
                allowed, why = await self._robots.check(current)
                if not allowed:
                    return self._failed(url, current, redirects, "robots_disallowed", why)
            outcome = await self._attempts(current, validators if hop == 0 else {}, cap)
            if isinstance(outcome, _Failure):
                return self._failed(url, current, redirects, outcome.status, outcome.reason)
            location = _header(outcome.headers, "location")
            if outcome.status not in REDIRECTS or not location:
                return outcome, tuple(redirects)
            try:
                nxt = str(target.join(location))
            except httpx.InvalidURL as exc:
                return self._failed(url, current, redirects, "http_error",
                                    f"HTTP {outcome.status} to a bad Location {location!r}: "
                                    f"{exc}")
            if httpx.URL(nxt).scheme not in ("http", "https"):
                return self._failed(url, current, redirects, "http_error",
                                    f"redirect to a non-HTTP URL {nxt}")
            redirects.append(nxt)
            if canonical_url(nxt) in seen:
                return self._failed(url, nxt, redirects, "redirect_loop",
                                    f"redirect loop: {current} → {nxt}, already visited")
            seen.add(canonical_url(nxt))
            current = nxt
        return self._failed(url, current, redirects, "redirect_loop",
                            f"more than {max_redirects} redirects")

    def _failed(self, url: str, current: str, redirects: list[str], status: str,
                reason: str) -> Fetched:
        return failure(url, status, reason, self._clock(), final_url=current,
                       redirects=tuple(redirects))

    async def _attempts(self, url: str, extra: dict[str, str],
                        cap: int) -> _Exchange | _Failure:
        policy = self.policy
        for attempt in range(policy.retries + 1):
            last_try = attempt == policy.retries
            outcome = await self._exchange(url, extra, cap)
            if isinstance(outcome, _Failure):
                if outcome.status in ("timeout", "network_error") and not last_try:
                    await self._sleep(self._backoff(attempt))
                    continue
                return outcome
            if outcome.status in RETRY_LATER or outcome.status in RETRY_SOON:
                if last_try:
                    return outcome
                delay = None
                if outcome.status in RETRY_LATER:
                    delay = retry_after(outcome.headers, self._clock())
                if delay is None:
                    delay = self._backoff(attempt)
                elif delay > policy.max_retry_after:
                    return outcome  # archived; judged http_error by the caller
                await self._sleep(delay)
                continue
            return outcome
        raise AssertionError("unreachable: the last attempt always returns")

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with 'equal jitter': half fixed, half random."""
        ceiling = min(self.policy.backoff_max, self.policy.backoff_base * 2 ** attempt)
        return float(ceiling / 2 + self._rng.uniform(0, ceiling / 2))

    def _gate(self, url: httpx.URL) -> _HostGate:
        key = f"{url.host}:{url.port or _default_port(url)}"
        gate = self._gates.get(key)
        if gate is None:
            gate = _HostGate(self.policy.per_host_concurrency, self.policy.per_host_rate,
                             self._sleep)
            self._gates[key] = gate
        return gate

    async def _exchange(self, url: str, extra: dict[str, str],
                        cap: int) -> _Exchange | _Failure:
        policy = self.policy
        request = self._client.build_request("GET", url, headers=extra)
        buffer = bytearray()
        truncated = False
        async with self._gate(request.url):
            fetched_at = self._clock()
            try:
                async with asyncio.timeout(policy.total_timeout):
                    response = await self._client.send(request, stream=True)
                    try:
                        total = _content_length(response)
                        if total is not None and total > cap:
                            # Refused from the header: nothing downloaded, nothing retried.
                            return _Failure("too_large", _over_cap(total, cap, policy))
                        async for chunk in response.aiter_raw():
                            room = cap - len(buffer)
                            if len(chunk) > room:
                                buffer += chunk[:room]
                                truncated = True
                                break  # closing the response stops the download
                            buffer += chunk
                            if self._progress is not None:
                                self._progress(url, len(buffer), total)
                        peer = _peer(response)
                    finally:
                        await response.aclose()
            except TimeoutError:
                return _Failure("timeout", f"no complete response within "
                                           f"{policy.total_timeout:g} s")
            except httpx.TimeoutException as exc:
                return _Failure("timeout", _timeout_reason(exc, policy))
            except BlockedAddressError as exc:
                return _Failure("blocked_address", exc.message)
            except FetchError as exc:
                return _Failure("network_error", exc.message)
            except httpx.TransportError as exc:
                return _Failure("network_error", f"{type(exc).__name__}: {exc}")
        payload = bytes(buffer)
        del buffer
        headers = _raw_headers(response.headers)
        location, sha256 = await asyncio.to_thread(
            self.archive.write_exchange, url=str(request.url), method=request.method,
            target=request.url.raw_path.decode("ascii"),
            request_headers=_raw_headers(request.headers), status=response.status_code,
            reason_phrase=response.reason_phrase, response_headers=headers, payload=payload,
            fetched_at=fetched_at, truncated=truncated, ip_address=peer)
        return _Exchange(str(request.url), response.status_code, headers, payload, truncated,
                         fetched_at, location, sha256)

    async def _fetch_robots(self, robots_url: str) -> RobotsFile:
        result = await self._follow(robots_url, {}, robots=False,
                                    max_redirects=ROBOTS_REDIRECTS,
                                    cap=self.policy.robots_max_bytes)
        if isinstance(result, Fetched):
            return RobotsFile(None, b"", f"{result.status}: {result.reason}")
        exchange, _ = result
        return RobotsFile(exchange.status, exchange.payload)


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _raw_headers(headers: httpx.Headers) -> tuple[tuple[str, str], ...]:
    """Headers as sent on the wire, names in their original case."""
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw)


def _header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _peer(response: httpx.Response) -> str | None:
    stream: Any = response.extensions.get("network_stream")
    if stream is None:
        return None
    addr = stream.get_extra_info("server_addr")
    return str(addr[0]) if isinstance(addr, tuple) and addr else None


def _over_cap(total: int, cap: int, policy: FetchPolicy) -> str:
    setting = "max_body_bytes" if cap == policy.max_body_bytes else "robots_max_bytes"
    return (f"Content-Length {total} bytes is over the size cap of {cap} bytes "
            f"([fetch] {setting}); not downloaded")


def _timeout_reason(exc: httpx.TimeoutException, policy: FetchPolicy) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timeout after {policy.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"read timeout: nothing received for {policy.read_timeout:g} s"
    return f"{type(exc).__name__} ({exc})"


class StderrProgress:
    """A one-line progress display for a ProgressCallback; the CLI hands it stderr."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream = stream
        self._width = width

    def __call__(self, url: str, received: int, total: int | None) -> None:
        url = redact_url(url)
        if total:
            done = min(self._width, self._width * received // total)
            bar = "#" * done + "-" * (self._width - done)
            line = f"\r[{bar}] {received // 1024} / {total // 1024} KiB {url[:60]}"
        else:
            line = f"\r{received // 1024} KiB {url[:60]}"
        self._stream.write(line)
        self._stream.flush()

    def done(self) -> None:
        self._stream.write("\n")
        self._stream.flush()


def fetch_one(url: str, policy: FetchPolicy, archive: Archive, *,
              resolver: Resolver | None = None,
              progress: ProgressCallback | None = None) -> Fetched:
    """Fetch one URL into the archive (for `verify fetch URL`). Call outside an event loop."""
    async def run() -> Fetched:
        async with HttpFetcher(policy, archive, resolver=resolver, progress=progress) as http:
            return await http.get(url)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(run())
    raise FetchError("fetch_one() was called inside an event loop; await "
                     "HttpFetcher.get() instead", url=url)
