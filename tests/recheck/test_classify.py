"""The drift rules on plain values: which word wins when several apply."""

from __future__ import annotations

from verify.recheck import EvidenceQuote, Refetched, classify

TEXT = "First line.\nThe Sejm voted 413 to 15 on 25 June 2025.\nLast line."
QUOTE = "The Sejm voted 413 to 15 on 25 June 2025."


def quote(start: int = 12, **kw) -> EvidenceQuote:
    base = dict(claim_id="claim-1", source="sejm", snapshot_id="s1",
                requested_url="http://127.0.0.1/a", final_url="http://127.0.0.1/a",
                sha256="aa" * 32, exact=QUOTE, prefix="First line.\n", suffix="\nLast line.",
                start=start, end=start + len(QUOTE))
    base.update(kw)
    return EvidenceQuote(**base)


def fetched(text: str = TEXT, **kw) -> Refetched:
    base = dict(requested_url="http://127.0.0.1/a", source="sejm", status="ok", reason="",
                final_url="http://127.0.0.1/a", sha256="aa" * 32, text=text, fact_texts=(),
                snapshot_id="s2")
    base.update(kw)
    return Refetched(**base)


def test_same_payload_is_unchanged_and_keeps_its_position():
    d = classify(quote(), fetched())
    assert d.drift == "unchanged" and d.new_position == d.old_position == (12, 12 + len(QUOTE))


def test_a_new_address_is_redirected_even_with_the_same_payload():
    d = classify(quote(), fetched(final_url="http://127.0.0.1/b"))
    assert d.drift == "redirected" and "still there" in d.reason


def test_a_failed_fetch_is_page_gone_before_anything_else():
    d = classify(quote(), fetched(status="http_error", reason="HTTP 410 Gone", sha256=None,
                                  final_url="http://127.0.0.1/b", text=""))
    assert d.drift == "page_gone" and "410" in d.reason and d.new_position is None


def test_a_quote_repeated_in_a_changed_page_anchors_by_its_context():
    changed = "Intro.\n" + QUOTE + "\nOther.\nFirst line.\n" + QUOTE + "\nLast line."
    d = classify(quote(), fetched(changed, sha256="bb" * 32))
    at = changed.rindex(QUOTE)
    assert d.drift == "changed_quote_anchors" and d.new_position == (at, at + len(QUOTE))


def test_a_changed_number_is_quote_gone():
    d = classify(quote(), fetched(TEXT.replace("413", "414"), sha256="bb" * 32))
    assert d.drift == "quote_gone" and d.new_position is None


def test_a_fact_never_anchored_in_the_text_is_found_among_the_facts():
    fact = "Sejm vote of 25 June 2025: 413 for, 15 against."
    q = quote(start=-1, end=-1, exact=fact, prefix="", suffix="")
    assert classify(q, fetched("other text", sha256="bb" * 32,
                               fact_texts=(fact,))).drift == "changed_quote_anchors"
    assert classify(q, fetched("other text", sha256="bb" * 32,
                               fact_texts=(fact.replace("413", "412"),))).drift == "quote_gone"
