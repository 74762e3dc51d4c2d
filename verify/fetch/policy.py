"""The one HTTP policy every fetch obeys: timeouts, retries, limits, caps, robots, identity."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import verify
from verify.errors import ConfigError

# A placeholder until the project has a public home; deployments override it.
CONTACT_URL = "https://example.org/verify/contact"

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def user_agent(contact_url: str = CONTACT_URL) -> str:
    """The User-Agent: the tool, its version and where to reach its operators."""
    return f"verify/{verify.__version__} (+{contact_url})"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how safely to fetch. One value, shared by every fetcher."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 120.0  # one attempt, headers and body: stops slow-drip bodies
    # All of one URL: every redirect, retry and backoff wait. Without it a source that
    # sends a byte a second holds a URL for (retries + 1) x total_timeout and more.
    url_deadline: float = 180.0
    retries: int = 3  # extra attempts after the first, for 429/5xx, timeouts, network errors
    backoff_base: float = 1.0  # seconds; doubled per attempt, with jitter
    backoff_max: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After is reported, not waited for
    per_host_concurrency: int = 4
    per_host_rate: float | None = 2.0  # request starts per second per host; None = unlimited
    max_body_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    obey_robots: bool = True
    robots_max_bytes: int = 500 * 1024  # RFC 9309 lets crawlers stop at 500 KiB
    contact_url: str = CONTACT_URL
    allowed_networks: tuple[str, ...] = ()  # e.g. ("127.0.0.0/8",) for tests
    dns_cache_seconds: float = 60.0

    def __post_init__(self) -> None:
        # Settings files give lists; a frozen policy keeps a tuple so it stays hashable.
        object.__setattr__(self, "allowed_networks", tuple(self.allowed_networks))
        for name in ("connect_timeout", "read_timeout", "total_timeout", "url_deadline"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive", key=name)
        if self.retries < 0:
            raise ConfigError("retries must be 0 or more", key="retries")
        if self.per_host_concurrency < 1:
            raise ConfigError("per_host_concurrency must be at least 1",
                              key="per_host_concurrency")
        if self.per_host_rate is not None and self.per_host_rate <= 0:
            raise ConfigError("per_host_rate must be positive or None", key="per_host_rate")
        if self.max_body_bytes < 1:
            raise ConfigError("max_body_bytes must be positive", key="max_body_bytes")
        if self.max_redirects < 0:
            raise ConfigError("max_redirects must be 0 or more", key="max_redirects")
        self.networks()  # fail now, with the key, on a malformed network

    @property
    def user_agent(self) -> str:
        return user_agent(self.contact_url)

    def networks(self) -> tuple[IPNetwork, ...]:
        """The allowed networks, parsed."""
        out: list[IPNetwork] = []
        for text in self.allowed_networks:
            try:
                out.append(ipaddress.ip_network(text, strict=False))
            except ValueError as exc:
                raise ConfigError(f"not a network: {text!r} ({exc})",
                                  key="allowed_networks") from exc
        return tuple(out)

