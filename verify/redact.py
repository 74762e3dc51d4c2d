"""Credentials in URLs, redacted: for everything but the request itself.

A URL such as `https://user:pass@host/feed?api_key=…` is sent as given, but
what the tool prints, logs, stores, reports or writes into the archive's own
fields carries `https://REDACTED@host/feed?api_key=REDACTED`. Standard library
only, and cheap: a URL without credentials comes back unchanged, character for
character.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus

REDACTED = "REDACTED"

# Query (or fragment) parameter names whose values are secrets, compared after
# lower-casing and turning "-" into "_" ("X-Amz-Signature" is x_amz_signature).
SECRET_PARAMS = frozenset({
    "access_token", "refresh_token", "id_token", "auth_token", "session_token", "token",
    "api_key", "apikey", "key", "sig", "signature", "password", "passwd", "pwd", "pass",
    "secret", "client_secret", "auth", "x_amz_signature", "x_amz_credential",
    "x_amz_security_token", "x_goog_signature", "x_goog_credential",
})
SECRET_SUFFIXES = ("_token", "_secret", "_password", "_apikey", "_api_key", "_signature")
# Request headers whose values are credentials, for the archived request record.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})

_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>`]+")
_AUTHORITY = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?//(?P<auth>[^/?#]*)")


def is_secret_param(name: str) -> bool:
    key = unquote_plus(name).strip().lower().replace("-", "_")
    return key in SECRET_PARAMS or key.endswith(SECRET_SUFFIXES)


def _params(part: str) -> str:
    """`a=1&token=x` with each secret value replaced; the rest kept as written."""
    out = []
    for pair in part.split("&"):
        name, sep, _value = pair.partition("=")
        out.append(f"{name}={REDACTED}" if sep and is_secret_param(name) else pair)
    return "&".join(out)


def redact_url(url: str) -> str:
    """The URL with its userinfo and secret-looking parameter values replaced."""
    if "@" not in url and "=" not in url:
        return url  # the common case, at no cost
    head, hash_sign, fragment = url.partition("#")
    base, qmark, query = head.partition("?")
    m = _AUTHORITY.match(base)
    if m is not None and "@" in m.group("auth"):
        host = m.group("auth").rpartition("@")[2]
        base = f"{m.group('scheme') or ''}//{REDACTED}@{host}{base[m.end():]}"
    if qmark:
        query = _params(query)
    if hash_sign and "=" in fragment:  # OAuth's implicit flow puts tokens in the fragment
        fragment = _params(fragment)
    return base + qmark + query + hash_sign + fragment


def redact_text(text: str) -> str:
    """Every URL inside a message, log line or reason, redacted."""
    if "://" not in text:
        return text
    return _URL.sub(lambda m: redact_url(m.group(0)), text)


def redact_value(value: Any) -> Any:
    """A JSON-like value (str, list, dict, …) with every string passed through
    `redact_text`; other values as they are."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: redact_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(redact_value(v) for v in value)
    return value


def redact_headers(headers: Any) -> list[tuple[str, str]]:
    """Request headers as archived: credential headers' values replaced."""
    return [(k, REDACTED if k.lower() in SECRET_HEADERS else redact_text(v))
            for k, v in headers]
