"""Bad and odd inputs: one clear InputError with the path, or a correct result; never a hang."""

import pytest

from verify.claims import MAX_ARTICLE_BYTES, article_from_bytes, extract_claims, load_article
from verify.errors import InputError


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_empty_and_blank_files(tmp_path):
    for data in (b"", b"  \n\t\n"):
        p = write(tmp_path, "empty.txt", data)
        with pytest.raises(InputError, match="empty") as e:
            load_article(p)
        assert str(p) in str(e.value)


def test_binary_file(tmp_path):
    p = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(InputError, match="not text") as e:
        load_article(p)
    assert str(p) in str(e.value)


def test_truncated_utf8_keeps_all_whole_characters(tmp_path, registry):
    text = "Sejm przegłosował ustawę 25 czerwca 2025 r. Głosowało 413 posłów za, a 15 przeciw ż"
    data = text.encode("utf-8")[:-1]  # "ż" cut in half
    path = write(tmp_path, "cut.txt", data)
    article = load_article(path)
    # The cut character is replaced, not dropped, and the article says where it was.
    assert article.text == text[:-1] + "\ufffd"
    assert article.notes == (f"{path}: the file ends inside a UTF-8 character at byte "
                             f"offset {len(data) - 1}; decoded with U+FFFD (\ufffd) in its "
                             f"place",)
    claims = extract_claims(article, registry)
    assert claims and article.language == "pl"
    numbers = [(q.value, q.unit) for c in claims for q in c.slots.numbers]
    assert (413.0, "posłów") in numbers and (15.0, "votes") in numbers


def test_other_encodings_are_detected(tmp_path):
    text = "Литва выделила 800 млн евро на производство мин, сообщает РИА Новости. " * 3
    article = load_article(write(tmp_path, "cp1251.txt", text.encode("cp1251")))
    assert article.text == text and article.language == "ru"
    utf16 = load_article(write(tmp_path, "u16.txt", text.encode("utf-16")))
    assert utf16.text == text


def test_very_large_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.seek(100 * 1024 * 1024 - 1)
        f.write(b"\n")
    with pytest.raises(InputError, match="MiB limit") as e:
        load_article(p)
    assert str(p) in str(e.value) and "104.9 MB" in str(e.value)
    with pytest.raises(InputError, match="limit"):
        article_from_bytes(b"a" * (MAX_ARTICLE_BYTES + 1), location="stdin")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(InputError):
        load_article(tmp_path)


def test_sidecar_metadata_and_arguments_win(tmp_path):
    p = write(tmp_path, "a.txt", b"Poland voted on 25 June 2025.")
    (tmp_path / "a.toml").write_text(
        'title = "T"\nurl = "https://example.org/a"\npublisher = "P"\npublished = 2025-06-26\n',
        encoding="utf-8",
    )
    a = load_article(p)
    assert (a.title, a.url, a.publisher, a.published.isoformat()) == (
        "T", "https://example.org/a", "P", "2025-06-26")
    b = load_article(p, published="2025-07-01", url="https://example.org/b")
    got = (b.url, b.published.isoformat(), b.publisher)
    assert got == ("https://example.org/b", "2025-07-01", "P")


def test_broken_sidecar_names_file_and_line(tmp_path):
    p = write(tmp_path, "b.txt", b"Some text.")
    (tmp_path / "b.toml").write_text('title = "T"\npublished = \n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_article(p)
    assert "b.toml:2" in str(e.value)
    (tmp_path / "b.toml").write_text('titel = "T"\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown key 'titel'"):
        load_article(p)


def test_html_links_become_citations(tmp_path, registry):
    html = (
        "<html><body><p>Poland left the treaty, "
        '<a href="https://ria.ru/20250625/x.html">the agency wrote</a>.</p>'
        "<p>Lithuania allocated €800 million, "
        '<a href="https://unknown.example/a">a blog</a> says.</p>'
        "</body></html>"
    )
    article = load_article(write(tmp_path, "page.html", html.encode()))
    assert article.media_type == "text/html"
    assert [article.text[lk.span[0] : lk.span[1]] for lk in article.links] == [
        "the agency wrote", "a blog"]
    claims = extract_claims(article, registry)
    first, second = (c for c in claims if c.parent is None)
    assert ("ria", "hyperlink", "https://ria.ru/20250625/x.html") in [
        (c.source, c.via, c.url) for c in first.citations]
    assert "hyperlinked" in first.flags
    assert ("web", "https://unknown.example/a") in [(c.source, c.url) for c in second.citations]


def test_markdown_links(tmp_path):
    md = "# Title\n\nThe **vote**, [reported by RIA](https://ria.ru/a), was close.\n"
    a = load_article(write(tmp_path, "a.md", md.encode()))
    assert a.text == "Title\n\nThe vote, reported by RIA, was close.\n"
    (link,) = a.links
    assert a.text[link.span[0] : link.span[1]] == "reported by RIA"
