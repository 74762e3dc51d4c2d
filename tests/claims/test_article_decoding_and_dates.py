"""Bytes that are not UTF-8 are replaced and said, never dropped (issue 10, item 7);
a page's own publication date is used when the user gives none, and where it came
from is kept (item 8).

The HTML heads below follow the shapes news sites publish: Open Graph's
`article:published_time` (ogp.me, "article" object type) and schema.org JSON-LD
(`NewsArticle.datePublished`, alone, in a list, or inside an `@graph` as Yoast
and other CMS plug-ins write it).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from verify.claims import article_from_bytes, extract_claims, load_article


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------ item 7


def test_a_character_cut_at_the_end_is_replaced_and_said(tmp_path, registry):
    data = "The council met on 3 May 2025 at the Café".encode()[:-1]  # "é" cut in half
    path = write(tmp_path, "cut.txt", data)
    article = load_article(path)
    assert article.text.endswith("Caf\ufffd")
    assert article.notes == (f"{path}: the file ends inside a UTF-8 character at byte "
                             f"offset {len(data) - 1}; decoded with U+FFFD (\ufffd) in its "
                             f"place",)
    texts = [c.text for c in extract_claims(article, registry)]
    assert not any(t.rstrip(".").endswith(" Caf") for t in texts)


def test_a_stray_byte_inside_utf8_text_keeps_the_rest_and_names_its_offset(tmp_path):
    # Not a cut at the end: one Latin-1 byte inside a UTF-8 file with Cyrillic in it.
    # Detection alone would read the whole file as another encoding.
    head = "Литва выделила 800 млн евро, сообщает РИА Новости. Caf".encode()
    data = head + b"\xe9 " + "и ещё 12 слов.".encode()
    path = write(tmp_path, "stray.txt", data)
    article = load_article(path)
    assert "Литва выделила 800 млн евро" in article.text and "ещё" in article.text
    assert "Caf\ufffd " in article.text
    assert article.notes == (f"{path}: 1 invalid UTF-8 sequence(s), the first at byte "
                             f"offset {len(head)}; decoded with U+FFFD (\ufffd) in its "
                             f"place",)


def test_a_file_in_another_encoding_is_still_detected_and_says_nothing(tmp_path):
    text = "Le café a ouvert le 3 mai 2025. Les élus ont voté à 31 voix contre 9. " * 3
    article = load_article(write(tmp_path, "cp1252.txt", text.encode("cp1252")))
    assert article.text == text and article.notes == ()


def test_cli_says_it_once_on_stderr(tmp_path):
    path = write(tmp_path, "article.txt",
                 "The Sejm voted on 25 June 2025 at the Café".encode()[:-1])
    r = subprocess.run([sys.executable, "-m", "verify", "claims", str(path), "--json"],
                       capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert warnings == [f"warning: {path}: the file ends inside a UTF-8 character at byte "
                        f"offset {path.stat().st_size - 1}; decoded with U+FFFD (\ufffd) in "
                        f"its place"]


# ------------------------------------------------------------------ item 8

OG = ('<html><head><title>Vote</title>'
      '<meta property="article:published_time" content="2025-03-02T09:30:00+01:00">'
      '</head><body><article><p>The council approved the budget by 31 votes to 9.</p>'
      '</article></body></html>')
LD = ('<html><head><title>Vote</title><script type="application/ld+json">{}</script>'
      '</head><body><article><p>The council approved the budget by 31 votes to 9.</p>'
      '</article></body></html>')


def _page(html: str, **given):
    return article_from_bytes(html.encode(), location="https://news.example/vote",
                              media_type="text/html", **given)


def test_open_graph_published_time_is_the_date_and_its_origin_is_kept():
    art = _page(OG, published=None, url=None, publisher=None)  # as a URL fetch passes them
    assert art.published == date(2025, 3, 2)
    assert art.published_from == "the page's article:published_time"


@pytest.mark.parametrize("block", [
    '{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"datePublished": "2025-03-04T08:00:00Z"}',
    '[{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "datePublished": "2025-03-04"}]',
    '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"}, '
    '{"@type": ["Article", "NewsArticle"], "datePublished": "2025-03-04T08:00:00+02:00"}]}',
])
def test_json_ld_date_published_is_the_date(block):
    art = _page(LD.replace("{}", block))
    assert art.published == date(2025, 3, 4)
    assert art.published_from == "the page's JSON-LD datePublished"


def test_broken_json_ld_is_skipped_for_the_next_statement_of_the_date():
    html = LD.replace("{}", '{"@type": "NewsArticle", "datePublished": ').replace(
        "</head>", '<meta name="date" content="2025-03-05"></head>')
    art = _page(html)
    assert art.published == date(2025, 3, 5)
    assert art.published_from == "the page's <meta name=date>"


def test_a_date_the_user_gives_wins_and_says_so(tmp_path):
    art = _page(OG, published="2025-03-10")
    assert art.published == date(2025, 3, 10) and art.published_from == "--published"
    path = write(tmp_path, "a.html", OG.encode())
    (tmp_path / "a.toml").write_text('published = "2025-03-11"\n', encoding="utf-8")
    art = load_article(path)
    assert art.published == date(2025, 3, 11) and art.published_from == "the sidecar a.toml"


def test_no_date_anywhere_is_no_date():
    art = _page(OG.replace('<meta property="article:published_time" '
                           'content="2025-03-02T09:30:00+01:00">', ""))
    assert art.published is None and art.published_from is None
