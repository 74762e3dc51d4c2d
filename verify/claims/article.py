"""Loading an article: bytes in any encoding, plain text, Markdown or HTML, plus its sidecar TOML.

The text kept is what the claims' spans point into; HTML and Markdown links are
kept with their spans in that text.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from verify.claims.model import Article, Link
from verify.errors import InputError
from verify.ids import sha256_hex

# A news article is tens of kilobytes; a saved page with its markup rarely
# passes a few megabytes. Past these the input is not an article, and
# segmenting it would take minutes.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000

SIDECAR_KEYS = ("title", "url", "publisher", "published", "language")


def load_article(
    path: Path,
    *,
    published: date | str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    language: str | None = None,
) -> Article:
    """Read an article file and its sidecar (`article.txt` -> `article.toml`); arguments win."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError("not a regular file", path=path)
    except OSError as e:
        raise InputError(f"cannot read the article: {e.strerror}", path=path) from None
    if size > MAX_ARTICLE_BYTES:
        raise InputError(
            f"article is {size / 1e6:.1f} MB, over the {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB "
            "limit for one article",
            path=path,
        )
    try:
        with path.open("rb") as f:
            data = f.read(MAX_ARTICLE_BYTES + 1)
    except OSError as e:
        raise InputError(f"cannot read the article: {e.strerror}", path=path) from None
    sidecar = path.with_suffix(".toml")
    meta = read_sidecar(sidecar) if path.suffix != ".toml" else {}
    if meta.get("published") is not None:
        meta["published_from"] = f"the sidecar {sidecar.name}"
    given = {"published": published, "url": url, "publisher": publisher, "title": title,
             "language": language}
    meta.update({k: v for k, v in given.items() if v is not None})
    if published is not None:
        meta["published_from"] = "--published"
    return article_from_bytes(data, location=str(path), media_type=_media_type_of(path), **meta)


def read_sidecar(path: Path) -> dict[str, Any]:
    """The article's metadata from `ARTICLE.toml`, if it exists; {} otherwise."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the sidecar: {e}", path=path) from None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+)", str(e))
        raise InputError(f"invalid TOML: {e}", path=path,
                         line=int(m.group(1)) if m else None) from None
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise InputError(f"unknown key '{unknown[0]}' (expected one of {', '.join(SIDECAR_KEYS)})",
                         path=path)
    for key, value in data.items():
        if key != "published" and not isinstance(value, str):
            raise InputError(f"'{key}' must be a string", path=path)
    return dict(data)


def article_from_bytes(
    data: bytes, *, location: str, media_type: str | None = None, **meta: Any
) -> Article:
    """An Article from raw bytes: decoded by detection, markup turned into text."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"article is over the {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB limit for one article",
            path=location,
        )
    raw, notes = decode_article(data, location)
    kind = media_type or _sniff(raw)
    links: tuple[Link, ...] = ()
    found: dict[str, Any] = {}
    if kind == "text/html":
        from verify.claims.html import html_to_text

        text, links, found = html_to_text(raw)
    elif kind == "text/markdown":
        text, links = markdown_to_text(raw)
    else:
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError("the article has no text", path=location)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"article text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,} limit",
            path=location,
        )
    if meta.get("published") is not None:
        meta.setdefault("published_from", "--published")
    for key, value in found.items():
        if meta.get(key) is None:  # what the user gave wins; None is not a value given
            meta[key] = value
    published = _as_date(meta.get("published"), location)
    return Article(
        text=text,
        sha256=sha256_hex(text.encode("utf-8")),
        location=location,
        media_type=kind,
        title=meta.get("title"),
        url=meta.get("url"),
        publisher=meta.get("publisher"),
        published=published,
        language=meta.get("language") or detect_language(text),
        links=links,
        notes=notes,
        published_from=meta.get("published_from") if published is not None else None,
    )


def decode_text(data: bytes, location: str) -> str:
    """Bytes to text: UTF-8, else detected (see `decode_article` for what it says)."""
    return decode_article(data, location)[0]


# Past this many broken sequences a file is not UTF-8 with a few bad bytes but
# another encoding, and detection decides.
_MAX_BAD_UTF8 = 16


def _utf8_problems(data: bytes) -> list[tuple[int, str]]:
    """(byte offset, what) of each invalid UTF-8 sequence, up to one past the limit."""
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(data) and len(out) <= _MAX_BAD_UTF8:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as e:
            out.append((pos + e.start, e.reason))
            pos += e.end
    return out


def decode_article(data: bytes, location: str) -> tuple[str, tuple[str, ...]]:
    """Bytes to text, and what had to be done to get it.

    UTF-8 first. Bytes that are not valid UTF-8 in a file that is UTF-8 (it ends
    inside a character, or its other non-ASCII text is valid UTF-8) become U+FFFD
    and are reported with their byte offset, never dropped in silence: a "Café"
    cut to "Caf" would be checked as another word. Anything else is detected.
    """
    if not data.strip():
        raise InputError("the article is empty", path=location)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("not text: the file holds binary data", path=location)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    problems = _utf8_problems(data)
    replaced = data.decode("utf-8-sig", errors="replace")
    cut_at_end = len(problems) == 1 and problems[0][1] == "unexpected end of data" \
        and problems[0][0] >= len(data) - 3
    valid_non_ascii = sum(1 for ch in replaced if ord(ch) > 0x7F and ch != "\ufffd")
    if cut_at_end or (len(problems) <= _MAX_BAD_UTF8 and valid_non_ascii > len(problems)):
        first = problems[0][0]
        what = ("the file ends inside a UTF-8 character" if cut_at_end
                else f"{len(problems)} invalid UTF-8 sequence(s), the first")
        return replaced, (f"{location}: {what} at byte offset {first}; decoded with "
                          f"U+FFFD (\ufffd) in its place",)
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000] if len(data) > 1_000_000 else data).best()
    if best is None or best.encoding is None:
        raise InputError("not text: no character encoding fits the bytes", path=location)
    text = data.decode(best.encoding, errors="replace")
    head = text[:20000]
    controls = sum(1 for ch in head if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(3, len(head) // 100):
        raise InputError("not text: the file holds binary data", path=location)
    return text, ()


_PL_WORDS = frozenset({"nie", "się", "że", "jest", "oraz", "przez", "dla", "jak", "został"})
_EN_WORDS = frozenset({"the", "and", "of", "is", "that", "was", "have", "with"})


def detect_language(text: str) -> str:
    """A cheap guess from the script and a few function words: "ru", "uk", "pl" or "en"."""
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "en"
    cyr = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if cyr > len(letters) / 2:
        return "uk" if re.search(r"[іїєґ]", sample) and not re.search(r"[ыэъё]", sample) else "ru"
    words = re.findall(r"[^\W\d_]+", sample.lower())
    pl = sum(1 for w in words if w in _PL_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    polish_letters = len(re.findall(r"[ąęłńśźż]", sample.lower()))
    if pl > en or polish_letters > len(letters) / 200:
        return "pl"
    return "en"


def markdown_to_text(md: str) -> tuple[str, tuple[Link, ...]]:
    """Markdown to plain text: headings, emphasis and links stripped; links kept with spans."""
    out: list[str] = []
    links: list[Link] = []
    pos = 0
    link_re = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
    for line in md.replace("\r\n", "\n").split("\n"):
        line = re.sub(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S)|\d+\.\s+(?=\S))", "", line)
        piece: list[str] = []
        last = 0
        for m in link_re.finditer(line):
            piece.append(_strip_emphasis(line[last : m.start()]))
            if not m.group(0).startswith("!"):
                start = pos + sum(len(p) for p in piece)
                label = _strip_emphasis(m.group(1))
                piece.append(label)
                links.append(Link(label, m.group(2), (start, start + len(label))))
            last = m.end()
        piece.append(_strip_emphasis(line[last:]))
        text = "".join(piece)
        out.append(text)
        pos += len(text) + 1
    return "\n".join(out), tuple(links)


def _strip_emphasis(s: str) -> str:
    return re.sub(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1", r"\2", s)


def _media_type_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "text/html"
    if suffix in (".md", ".markdown"):
        return "text/markdown"
    if suffix in (".txt", ".text"):
        return "text/plain"
    return None


def _sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    markup = re.search(r"<(p|div|body|article)[\s>]", head)
    if head.startswith(("<!doctype html", "<html")) or markup:
        return "text/html"
    return "text/plain"


def _as_date(value: Any, location: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError(f"published must be a date YYYY-MM-DD, not {value!r}", path=location)
