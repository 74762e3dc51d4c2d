"""Pure parts of the fetch layer: charset decisions, page recognition, address rules."""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
from datetime import UTC, datetime

import pytest

from verify.errors import BlockedAddressError, ConfigError
from verify.fetch import FetchPolicy, StaticResolver, decode_body, recognise
from verify.fetch.client import retry_after
from verify.fetch.guard import AddressGuard, refusal

from .conftest import DATA

RUSSIAN = ("Министерство сообщило, что решение вступит в силу через шесть месяцев после "
           "уведомления депозитария, как это предусмотрено статьёй двадцатой.")


def test_a_bom_is_trusted_over_the_declaration():
    body = codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le")
    assert decode_body(body, "text/plain; charset=iso-8859-1") == (RUSSIAN, "utf-16")


def test_utf8_declared_as_windows_1251_reads_as_utf8():
    text, used = decode_body(RUSSIAN.encode("utf-8"), "text/html; charset=windows-1251")
    assert (text, used) == (RUSSIAN, "utf-8")


def test_windows_1251_without_a_declaration_is_detected():
    text, used = decode_body(RUSSIAN.encode("cp1251"), "text/plain")
    assert (text, used) == (RUSSIAN, "cp1251")


def test_html_meta_charset_is_used_when_the_header_says_nothing():
    body = (DATA / "cp1251-declared-utf8.html").read_bytes().replace(b"utf-8", b"windows-1251")
    text, used = decode_body(body, "text/html")
    assert used == "cp1251" and "читальный зал" in text


def test_a_true_single_byte_declaration_stands():
    text = "Zażółć gęślą jaźń — konwencja ottawska i jej wypowiedzenie przez państwa."
    assert decode_body(text.encode("cp1250"), "text/plain; charset=windows-1250") == (
        text, "cp1250")


def test_a_long_article_that_mentions_a_captcha_is_content():
    html = ("<html><head><title>How sites block scrapers</title></head><body>"
            + "<p>Many sites show a captcha or say 'access denied' to crawlers.</p>" * 60
            + "</body></html>")
    assert recognise(html) is None


def test_a_recorded_style_challenge_page_is_recognised():
    verdict = recognise((DATA / "cloudflare-iuam.html").read_text("utf-8"))
    assert verdict is not None and verdict.kind == "antibot"
    assert "Cloudflare" in verdict.reason


def test_a_real_page_with_a_hidden_recaptcha_field_is_content():
    # ria.ru's article pages carry a registration form with a hidden g-recaptcha-response
    # field (see the fixture's provenance); the page is not a challenge
    page = (DATA.parent.parent / "fetchers" / "data" / "ria" / "article.html").read_text("utf-8")
    assert 'name="g-recaptcha-response"' in page
    assert recognise(page) is None
    # the same widget on a page that is nothing but the challenge, or sent with 403, is one
    bare = ("<html><head><title>Проверка</title></head><body><form>"
            '<div class="g-recaptcha" data-sitekey="k"></div></form></body></html>')
    assert recognise(bare) is not None
    assert recognise(page, http_status=403) is not None


def test_a_headline_that_mentions_a_captcha_is_not_a_wall_title():
    html = ("<html><head><title>Why the captcha is dying, and what comes after it</title></head>"
            "<body>" + "<p>Sites move from puzzles to silent checks of the browser.</p>" * 40
            + "</body></html>")
    assert recognise(html) is None


def test_a_cloudflare_header_marks_a_challenge():
    verdict = recognise("<html><body>one moment</body></html>", [("cf-mitigated", "challenge")])
    assert verdict is not None and verdict.kind == "antibot"


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.9", "private"),
    ("169.254.169.254", "link-local"), ("::1", "loopback"), ("fe80::1", "link-local"),
    ("::ffff:10.0.0.1", "private"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "not a globally routable"), ("224.0.0.1", "multicast")])
def test_refused_addresses(address, why):
    reason = refusal(ipaddress.ip_address(address))
    assert reason is not None and why in reason


def test_public_and_allowed_addresses_pass():
    assert refusal(ipaddress.ip_address("93.184.215.14")) is None
    assert refusal(ipaddress.ip_address("127.0.0.5"),
                   [ipaddress.ip_network("127.0.0.0/8")]) is None


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    guard = AddressGuard(StaticResolver({"mixed.example": ["93.184.215.14", "10.0.0.1"]}))
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.1 is a private address"):
        asyncio.run(guard.addresses("mixed.example", 80))


def test_retry_after_in_seconds_and_as_a_date():
    now = datetime(2025, 6, 30, 10, 0, 0, tzinfo=UTC)
    assert retry_after((("Retry-After", "7"),), now) == 7.0
    assert retry_after((("retry-after", "Mon, 30 Jun 2025 10:00:30 GMT"),), now) == 30.0
    assert retry_after((("Retry-After", "soon"),), now) is None
    assert retry_after((), now) is None


def test_a_bad_policy_names_its_key():
    with pytest.raises(ConfigError) as info:
        FetchPolicy(allowed_networks=("127.0.0.0/33",))
    assert info.value.key == "allowed_networks"
    with pytest.raises(ConfigError) as info:
        FetchPolicy(read_timeout=0)
    assert info.value.key == "read_timeout"
