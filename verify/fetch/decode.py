"""Turning a body into text: BOM first, then the declared charset checked against the bytes.

A declared charset can lie (a windows-1251 page sent as UTF-8 is common), so a
declaration is only trusted when the bytes agree with it; otherwise
charset-normalizer decides.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_TEXTUAL_APPLICATION = {
    "application/json", "application/xml", "application/xhtml+xml", "application/javascript",
    "application/ld+json", "application/rss+xml", "application/atom+xml", "application/csv",
}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")


def media_type_of(content_type: str | None) -> str | None:
    """`text/html; charset=utf-8` → `text/html`."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type, if any."""
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def is_textual(media_type: str | None) -> bool:
    if media_type is None:
        return False
    return (media_type.startswith("text/") or media_type in _TEXTUAL_APPLICATION
            or media_type.endswith(("+json", "+xml")))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _in_document(body: bytes, media_type: str | None) -> str | None:
    """A charset the document declares about itself (HTML meta, XML declaration)."""
    head = body[:4096]
    found = _XML_ENCODING.search(head)
    if found is None and media_type in (None, "text/html", "application/xhtml+xml"):
        found = _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _guess(body: bytes) -> str | None:
    best = from_bytes(body).best()
    return _codec(best.encoding) if best is not None else None


def decode_body(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a textual body; returns (text, the codec used).

    Order: a byte-order mark; the declared charset (header, then the document's
    own declaration) if the bytes decode under it and do not read better as
    UTF-8; otherwise charset-normalizer's best guess; UTF-8 with replacement last.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    if not body:
        return "", "utf-8"
    media_type = media_type_of(content_type)
    declared = _codec(charset_of(content_type)) or _codec(_in_document(body, media_type))
    if media_type is not None and (media_type.endswith("json") or media_type.endswith("+json")):
        declared = declared or "utf-8"  # RFC 8259: JSON is UTF-8 unless a BOM says otherwise
    if body.isascii():
        return body.decode("ascii"), declared or "ascii"
    try:
        utf8 = body.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if declared is not None:
        if utf8 is not None:
            # Multi-byte UTF-8 sequences almost never occur by accident in a
            # single-byte encoding, so valid UTF-8 wins over any declaration.
            return utf8, "utf-8"
        if declared != "utf-8":
            try:
                text = body.decode(declared)
            except UnicodeDecodeError:
                text = None
            if text is not None and _agrees(body, declared):
                return text, declared
    elif utf8 is not None:
        return utf8, "utf-8"
    guess = _guess(body)
    if guess is not None:
        return body.decode(guess, errors="replace"), guess
    return body.decode("utf-8", errors="replace"), "utf-8"


def _agrees(body: bytes, declared: str) -> bool:
    """Whether charset-normalizer finds the declared single-byte charset plausible.

    A single-byte charset decodes any bytes, so decoding succeeding proves
    nothing; the declaration stands unless charset-normalizer prefers another
    charset whose text is clearly less chaotic.
    """
    results = from_bytes(body)
    best = results.best()
    if best is None or _codec(best.encoding) == declared:
        return True
    ours = next((r for r in results if _codec(r.encoding) == declared), None)
    if ours is None:
        return False
    return ours.chaos <= best.chaos + 0.1
