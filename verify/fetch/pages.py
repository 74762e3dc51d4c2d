"""Recognising pages that are not the document: anti-bot walls and error pages sent as 200.

Such a page must be archived (it is what the server said) but never read as the
source's content. A page is a challenge when the server says so (a header, or a
block status with a challenge in the body), when it carries a marker that only
interstitial pages have, or when it is nothing but the challenge: a short page
whose visible text is a wall's. A captcha widget or a hidden
`g-recaptcha-response` field in a login or comment form of a real article is not
a challenge: real news pages carry them (ria.ru's registration form does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Markers only interstitial (challenge or block) pages carry, whatever their length.
_INTERSTITIAL_MARKUP = (
    ("cf_chl_opt", "Cloudflare challenge"),
    ("cf-browser-verification", "Cloudflare browser check"),
    ("/cdn-cgi/l/chk_jschl", "Cloudflare challenge"),
    ("cf-challenge-running", "Cloudflare challenge"),
    ("captcha-delivery.com", "DataDome captcha"),
    ('id="px-captcha"', "PerimeterX captcha"),
    ("id='px-captcha'", "PerimeterX captcha"),
)

# Markers that real pages carry too (captcha widgets in forms, bot-management
# scripts injected on every page): they mark a challenge only on a page that is
# nothing but the challenge, or one sent with a block status.
_WIDGET_MARKUP = (
    ("challenge-platform", "Cloudflare challenge"),
    ("challenges.cloudflare.com", "Cloudflare Turnstile"),
    ("g-recaptcha", "reCAPTCHA"),
    ("recaptcha/api.js", "reCAPTCHA"),
    ("h-captcha", "hCaptcha"),
    ("hcaptcha.com", "hCaptcha"),
    ("_incapsula_resource", "Incapsula block"),
    ("px-captcha", "PerimeterX captcha"),
)
_BLOCK_STATUSES = frozenset({401, 403, 429, 503})

# Phrases that, in a title or a short page, mean a wall or an error.
_WALL_PHRASES = (
    "just a moment", "checking your browser", "attention required", "access denied",
    "access to this page has been denied", "request blocked", "you have been blocked",
    "are you a robot", "are you a human", "verify you are human", "i am not a robot",
    "captcha", "unusual traffic", "please enable javascript", "enable javascript and cookies",
    "you need to enable javascript", "javascript is disabled", "ddos protection",
    "security check", "доступ запрещен", "доступ запрещён", "подтвердите, что вы не робот",
    "вы не робот", "dostęp zabroniony",
)
# A title is a wall's when it is little more than the phrase ("Just a moment...",
# "Attention Required! | Cloudflare"), not an article's headline that mentions it.
_TITLE_SLACK = 24
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
# Visible characters outside forms below which a page with a captcha widget is nothing
# but the challenge (a challenge page says a sentence or two; an article says more).
CHALLENGE_TEXT = 600
_FORM = re.compile(r"<form\b.*?</form\s*>", re.I | re.S)


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


def _wall_title(title: str) -> str | None:
    lowered = title.lower()
    for phrase in _WALL_PHRASES:
        if phrase in lowered and len(lowered) <= len(phrase) + _TITLE_SLACK:
            return phrase
    return None


def recognise(html: str, headers: Sequence[tuple[str, str]] = (),
              http_status: int | None = None) -> PageVerdict | None:
    """Whether an HTML page is an anti-bot wall or an error page, and why."""
    lowered_headers = {k.lower(): v.lower() for k, v in headers}
    if lowered_headers.get("cf-mitigated") == "challenge":
        return PageVerdict("antibot", "Cloudflare challenge (cf-mitigated header)")
    head = html[:200_000].lower()
    for marker, what in _INTERSTITIAL_MARKUP:
        if marker in head:
            return PageVerdict("antibot", f"{what} ({marker!r} in the page)")
    title = title_of(html) or ""
    text = visible_text(html[:200_000])
    short = len(text) < SHORT_PAGE
    blocked = http_status in _BLOCK_STATUSES
    bare = len(visible_text(_FORM.sub(" ", html[:200_000]))) < CHALLENGE_TEXT
    if bare or blocked:
        for marker, what in _WIDGET_MARKUP:
            if marker in head:
                where = ("a page that is nothing but the challenge" if bare
                         else f"an HTTP {http_status} page")
                return PageVerdict("antibot", f"{what} ({marker!r} in {where})")
    phrase = _wall_title(title)
    if phrase is not None:
        return PageVerdict("antibot", f"title says {title!r}")
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
