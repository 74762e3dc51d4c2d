"""Recognising pages that are not the document: anti-bot walls and error pages sent as 200.

Such a page must be archived (it is what the server said) but never read as the
source's content. The checks look at the title, the first part of the visible
text and a few well-known markers, so a long article that merely mentions a
captcha is not mistaken for one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Markers of a challenge or block page, in the markup or in the headers.
_CHALLENGE_MARKUP = (
    ("cf-browser-verification", "Cloudflare browser check"),
    ("cf_chl_opt", "Cloudflare challenge"),
    ("challenge-platform", "Cloudflare challenge"),
    ("g-recaptcha", "reCAPTCHA"),
    ("h-captcha", "hCaptcha"),
    ("hcaptcha.com", "hCaptcha"),
    ("captcha-delivery.com", "DataDome captcha"),
    ("_incapsula_resource", "Incapsula block"),
    ("px-captcha", "PerimeterX captcha"),
)

# Phrases that, in a title or a short page, mean a wall or an error.
_WALL_PHRASES = (
    "just a moment", "checking your browser", "attention required", "access denied",
    "access to this page has been denied", "request blocked", "you have been blocked",
    "are you a robot", "are you a human", "verify you are human", "i am not a robot",
    "captcha", "unusual traffic", "please enable javascript", "enable javascript and cookies",
    "you need to enable javascript", "javascript is disabled", "ddos protection",
    "доступ запрещен", "доступ запрещён", "подтвердите, что вы не робот", "вы не робот",
    "dostęp zabroniony",
)
_ERROR_TITLES = re.compile(
    r"^\s*(?:[45]\d\d\b.*|.*\b(?:not found|page not found|error|forbidden|unavailable|"
    r"bad gateway|gateway time-?out|internal server error|too many requests|"
    r"страница не найдена|ошибка|nie znaleziono|błąd)\b.*)$", re.I)

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_REFRESH = re.compile(r"""<meta[^>]+http-equiv\s*=\s*["']?refresh""", re.I)
_DROP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")

SHORT_PAGE = 1500  # visible characters; walls and error pages are short


@dataclass(frozen=True)
class PageVerdict:
    """What a page is, when it is not content: `kind` is "antibot" or "error"."""

    kind: str
    reason: str


def visible_text(html: str) -> str:
    """Rough visible text: enough to measure a page, not to quote from it."""
    return _SPACE.sub(" ", _TAG.sub(" ", _DROP.sub(" ", html))).strip()


def title_of(html: str) -> str | None:
    found = _TITLE.search(html[:65536])
    return _SPACE.sub(" ", _TAG.sub("", found.group(1))).strip() if found else None


def recognise(html: str, headers: Sequence[tuple[str, str]] = ()) -> PageVerdict | None:
    """Whether an HTML page is an anti-bot wall or an error page, and why."""
    lowered_headers = {k.lower(): v.lower() for k, v in headers}
    if lowered_headers.get("cf-mitigated") == "challenge":
        return PageVerdict("antibot", "Cloudflare challenge (cf-mitigated header)")
    head = html[:200_000].lower()
    for marker, what in _CHALLENGE_MARKUP:
        if marker in head:
            return PageVerdict("antibot", f"{what} ({marker!r} in the page)")
    title = title_of(html) or ""
    text = visible_text(html[:200_000])
    for phrase in _WALL_PHRASES:
        if phrase in title.lower():
            return PageVerdict("antibot", f"title says {title!r}")
    short = len(text) < SHORT_PAGE
    if short:
        lowered = text.lower()
        for phrase in _WALL_PHRASES:
            if phrase in lowered:
                return PageVerdict("antibot", f"short page says {phrase!r}")
    if title and _ERROR_TITLES.match(title) and short:
        return PageVerdict("error", f"error page titled {title!r}")
    if _REFRESH.search(html[:65536]) and len(text) < 200:
        return PageVerdict("antibot", "tiny page that only refreshes elsewhere")
    return None
