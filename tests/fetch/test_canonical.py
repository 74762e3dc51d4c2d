"""canonical_url without httpx gives what httpx gives, for the URLs it keeps to itself."""

from __future__ import annotations

import itertools
import random

from verify.fetch import model
from verify.fetch.model import _httpx_canonical, canonical_url

SAMPLES = [
    "https://example.com", "https://example.com/", "https://Example.com/a", "HTTP://a.com/x",
    "http://a.com:80/", "https://a.com:8443/x", "https://a.com/a/../b", "https://a.com/./b",
    "https://a.com/a/.", "https://a.com/a b", "https://a.com/?q=a b", "https://a.com/%7e",
    "https://a.com/p#frag", "https://a.com/p?x=1#f", "https://a.com//x", "https://a.com/ä",
    "https://a.com/?a=%zz", "https://a.com/a;b", 'https://a.com/?q="x"', "https://a.com/a|b",
    "https://a.com/?q=[1]", "https://xn--bcher-kva.example/", "https://bücher.example/",
    "http://127.0.0.1:8000/x", "http://1.2.3.999/", "https://a.com?x=1", "https://a.com#top",
    "https://a-.com/", "https://a..com/", "https://a.com/p?x=1&y=2;z=3", "ftp://a.com/x",
    "https://a.com/%E2%80%94?k=%20", "https://a.com/p#a b", "https://treaties.un.org/Pages/"
    "ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en", "",
    "https://a.com/.hidden/..x", "https://a.com/...", "https://web.archive.org/web/2024/"
    "https://ria.ru/20250101/x.html",
]


def _random_urls(n: int) -> list[str]:
    rng = random.Random(7)
    alphabet = "aZ09-._~!$&'()*+,;=:@/%?#[]| \"<>^`{}\\äю"
    out = []
    for _ in range(n):
        host = rng.choice(["a.com", "Ex.org", "x-y.net", "1.2.3.4", "a.b.c.d", "localhost"])
        tail = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        out.append(f"{rng.choice(['http', 'https', 'HTTPS'])}://{host}/{tail}")
    return out


def test_the_plain_form_is_what_httpx_gives():
    urls = SAMPLES + _random_urls(5000)
    wrong = [(u, canonical_url(u), _httpx_canonical(u)) for u in urls
             if canonical_url(u) != _httpx_canonical(u)]
    assert not wrong, wrong[:5]


def test_plain_urls_take_the_fast_path(monkeypatch):
    def boom(url):
        raise AssertionError(f"httpx needed for {url}")

    monkeypatch.setattr(model, "_httpx_canonical", boom)
    for path, query in itertools.product(["", "/", "/a/b.html", "/a%20b"], ["", "?q=1&r=x"]):
        if query and not path:
            continue
        url = f"https://www.example.org{path}{query}#frag"
        assert canonical_url(url) == url.split("#")[0]
