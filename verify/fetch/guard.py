"""The guard against server-side request forgery, enforced where sockets connect.

Host names are resolved by an injected resolver, every address is checked, and
the connection goes to an address that was checked — never to a second lookup —
so a DNS rebinding cannot slip a private address past the check. The Host header
and TLS SNI stay the host name, because httpcore takes them from the URL.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

import httpcore
import httpx

from verify.errors import BlockedAddressError, FetchError
from verify.fetch.policy import IPNetwork

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Resolver(Protocol):
    """Turns a host name into IP addresses (as text). Injected, so tests can lie."""

    async def resolve(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    """The operating system's resolver, through the event loop."""

    async def resolve(self, host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError(f"cannot resolve host name ({exc.strerror})", url=host) from exc
        seen: dict[str, None] = {}
        for info in infos:
            seen.setdefault(str(info[4][0]), None)
        return list(seen)


class StaticResolver:
    """A fixed table of names to addresses: for tests and for pinning hosts."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self._table = {name.lower(): list(addrs) for name, addrs in table.items()}

    async def resolve(self, host: str, port: int) -> list[str]:
        addrs = self._table.get(host.lower())
        if not addrs:
            raise FetchError("cannot resolve host name (not in the static table)", url=host)
        return list(addrs)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def refusal(ip: IPAddress, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why this address may not be fetched from, or None if it may."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    for test, what in (
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_private, "a private address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a globally routable address"),
    ):
        if test:
            return f"{ip} is {what}"
    return None


def allow_hint(ip: IPAddress) -> str:
    """Which setting would let this address through, in the words of verify.toml."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    loopback_v4 = ip.is_loopback and ip.version == 4
    net = "127.0.0.0/8" if loopback_v4 else f"{ip}/{ip.max_prefixlen}"
    return f'to allow it, set allowed_networks = ["{net}"] in the [fetch] table of verify.toml'


class AddressGuard:
    """Resolves host names and refuses addresses that are not public (unless allowed)."""

    def __init__(
        self,
        resolver: Resolver,
        allowed: Sequence[IPNetwork] = (),
        *,
        cache_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._resolver = resolver
        self._allowed = tuple(allowed)
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._cache: dict[tuple[str, int], tuple[float, list[str]]] = {}

    async def addresses(self, host: str, port: int) -> list[str]:
        """The checked addresses to connect to; raises BlockedAddressError if any is refused.

        Any refused address refuses the host: a name that resolves to a public and a
        private address is exactly what a rebinding attack looks like.
        """
        literal = _literal(host)
        if literal is not None:
            addrs = [str(literal)]
        else:
            key = (host.lower(), port)
            hit = self._cache.get(key)
            if hit is not None and hit[0] > self._clock():
                return list(hit[1])
            addrs = await self._resolver.resolve(host, port)
            if not addrs:
                raise FetchError("host name resolves to no address", url=host)
        for text in addrs:
            ip = _literal(text)
            if ip is None:
                raise FetchError(f"resolver returned a non-address {text!r}", url=host)
            why = refusal(ip, self._allowed)
            if why is not None:
                raise BlockedAddressError(f"refused: {host} → {why}; {allow_hint(ip)}",
                                          url=host)
        if literal is None:
            self._cache[(host.lower(), port)] = (self._clock() + self._cache_seconds, addrs)
        return list(addrs)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses the guard checked."""

    def __init__(self, guard: AddressGuard,
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addrs = await self._guard.addresses(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        last: Exception | None = None
        for addr in addrs:
            try:
                return await self._inner.connect_tcp(addr, port, timeout, local_address,
                                                     socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None  # addrs is never empty: addresses() raises first
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError("refused: unix sockets are never fetched from", url=path)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


# httpcore's exceptions, as the httpx ones the client expects.
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.TimeoutException, httpx.TimeoutException),
)


def _mapped(exc: Exception, request: httpx.Request) -> Exception:
    for core, ours in _EXCEPTIONS:
        if isinstance(exc, core):
            return ours(str(exc) or type(exc).__name__, request=request)
    return exc


class _Body(httpx.AsyncByteStream):
    def __init__(self, stream: Any, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for part in self._stream:
                yield part
        except httpcore.TimeoutException as exc:
            raise _mapped(exc, self._request) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _mapped(exc, self._request) from exc

    async def aclose(self) -> None:
        await self._stream.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore pool whose sockets pass the guard."""

    def __init__(self, guard: AddressGuard, *, max_connections: int = 100,
                 keepalive_expiry: float = 5.0) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            resp = await self._pool.handle_async_request(core)
        except (httpcore.TimeoutException, httpcore.NetworkError,
                httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
            raise _mapped(exc, request) from exc
        return httpx.Response(status_code=resp.status, headers=resp.headers,
                              stream=_Body(resp.stream, request), extensions=resp.extensions)

    async def aclose(self) -> None:
        await self._pool.aclose()
