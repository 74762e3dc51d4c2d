"""Sentences with their spans: pysbd per paragraph, then repairs for quotes and abbreviations.

pysbd splits inside quotations ("„Nie zgadzamy się. To błąd”"), after Polish and
Russian abbreviations ("2025 r.", "prof.", "т. е.") and misses a boundary after a
closing quote ("…survival.’ The analyst"). The repairs below fix those cases.
"""

from __future__ import annotations

import re
from functools import cache

import pysbd

_PYSBD_LANGS = frozenset({"en", "pl", "ru", "de", "fr", "es", "it", "nl", "da", "el", "fa",
                          "hy", "ar", "am", "my", "mr", "hi", "bg", "zh", "ja", "ur", "sk", "kk"})
# Words that end with a full stop yet rarely end a sentence (lower-cased, without the stop).
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\S+",
        "mr mrs ms dr prof gen col lt sgt st jr sr inc ltd co corp vs etc no nos art approx "
        "u.s u.k e.g i.e a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec "
        "gov sen rep rev hon maj capt cmdr adm supt det insp atty dept univ assn bros "
        "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo "
        "mont neb nev okla ore pa tenn tex va vt wash wis wyo n.y n.j n.m n.c s.c n.d s.d "
        "d.c w.va r.i "
        "r tzw np m.in ok ang ros ks św ul im hab inż mgr płk gen. itd itp tj dz poz nr pkt "
        "г гг т т.е т.н т.д т.п им ул проф акад руб млн млрд тыс см стр ст н.э",
    )
)
_OPENERS = {"“": "”", "„": "”", "«": "»", "‘": "’", '"': '"'}
# The longest claim: a longer "sentence" is cut at the parser's boundaries, then at ; or :.
MAX_CLAIM_CHARS = 600


@cache
def _segmenter(lang: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=lang if lang in _PYSBD_LANGS else "en", clean=False)


def split_sentences(text: str, lang: str | None = None) -> tuple[tuple[int, int], ...]:
    """Sentence spans in `text` (stripped of surrounding whitespace), in order."""
    seg = _segmenter((lang or "en").split("-")[0].lower())
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        para = text[p_start:p_end]
        pieces: list[tuple[int, int]] = []
        cursor = 0
        for sent in seg.segment(para):
            stripped = sent.strip()
            if not stripped:
                continue
            at = para.find(stripped, cursor)
            if at < 0:  # pysbd changed the text; fall back to the rest of the paragraph
                at = cursor
                stripped = para[cursor:].strip()
            pieces.append((at, at + len(stripped)))
            cursor = at + len(stripped)
        for s, e in _repair(para, pieces):
            spans.append((p_start + s, p_start + e))
    return tuple(spans)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks separated by blank lines; a single line break ends a block only after a full stop."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"\n\s*\n|(?<=[.!?…:”’»\"])[ \t]*\n", text):
        if text[start : m.start()].strip():
            out.append(_strip(text, start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append(_strip(text, start, len(text)))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _open_quote(s: str) -> bool:
    """Whether a quotation opened in `s` is still open at its end. An inch or foot mark after a
    digit (5’4", 6'2") opens nothing."""
    stack: list[str] = []
    for i, ch in enumerate(s):
        if ch in "\"'’”" and i > 0 and s[i - 1].isdigit() and (not stack or stack[-1] != ch):
            continue
        if stack and ch == stack[-1]:
            if ch == "’" and i + 1 < len(s) and s[i + 1].isalpha():
                continue  # an apostrophe: "it’s"
            stack.pop()
        elif ch in _OPENERS and (ch != '"' or not stack):
            if ch == "‘" and i > 0 and s[i - 1].isalpha():
                continue
            stack.append(_OPENERS[ch])
    return bool(stack)


def _ends_with_abbreviation(s: str) -> bool:
    m = re.search(r"(\S+)\.$", s)
    if not m:
        return False
    word = m.group(1).lower().lstrip("(\"'“„«")
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Kowalski", "В. Путин"
    return word in _ABBREVIATIONS


def _repair(para: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged:
            ps, pe = merged[-1]
            prev = para[ps:pe]
            nxt = para[s:e]
            starts_lower = nxt[:1].islower() or nxt[:1] in ",;:—–-)»”’"
            if starts_lower or _open_quote(prev) or _ends_with_abbreviation(prev):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    # Split after a closed quotation that ends a sentence: "…survival.’ The analyst warned".
    out: list[tuple[int, int]] = []
    boundary = re.compile(r"[.!?…][’”»\"](?=\s+[A-ZА-ЯЁŁŚŻŹĆŃÓĄĘ])")
    for s, e in merged:
        cut = s
        for m in boundary.finditer(para, s, e):
            if not _open_quote(para[cut : m.end()]):
                out.append((cut, m.end()))
                cut = m.end()
                while cut < e and para[cut].isspace():
                    cut += 1
        out.append((cut, e))
    return [(s, e) for s, e in out if e > s]


def split_long(text: str, spans: tuple[tuple[int, int], ...], boundaries: tuple[int, ...]
               ) -> tuple[tuple[int, int], ...]:
    """Spans longer than MAX_CLAIM_CHARS cut at real boundaries: where the parser starts a
    sentence, else after a semicolon or a colon, else after a comma before a capital; a
    piece with no boundary inside stays whole (no text is ever cut mid-clause)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if e - s <= MAX_CLAIM_CHARS:
            out.append((s, e))
            continue
        out.extend(_cut(text, s, e, boundaries))
    return tuple(out)


def _cut(text: str, s: int, e: int, boundaries: tuple[int, ...]) -> list[tuple[int, int]]:
    if e - s <= MAX_CLAIM_CHARS:
        return [(s, e)]
    inner = [b for b in boundaries if s + 20 < b < e - 20]
    if not inner:
        inner = [m.end() for m in re.finditer(r"[;:]\s+", text[s:e])]
        inner = [s + b for b in inner if 20 < b < e - s - 20]
    if not inner:
        inner = [s + m.end() for m in re.finditer(r"[.!?][”’\"]?\s+(?=[A-Z“‘\"])", text[s:e])
                 if 20 < m.end() < e - s - 20]
    if not inner:
        return [(s, e)]
    mid = s + (e - s) // 2
    cut = min(inner, key=lambda b: abs(b - mid))
    left = _strip(text, s, cut)
    right = _strip(text, cut, e)
    return _cut(text, *left, boundaries) + _cut(text, *right, boundaries)
