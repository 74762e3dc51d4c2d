"""The seed article: what the brief says the claims stage must show on it."""

from datetime import date

import pytest

from verify.claims import claim_to_json, extract_claims, load_article
from verify.claims.segment import split_sentences


@pytest.fixture(scope="module")
def claims(seed_path, registry):
    article = load_article(seed_path, published=date(2025, 7, 1))
    return article, extract_claims(article, registry)


def find(claims, fragment, parent=False):
    hits = [c for c in claims if fragment in c.text and (c.parent is None) != parent]
    assert hits, fragment
    return hits[0]


def children(claims, parent):
    return [c for c in claims if c.parent == parent.id]


def test_every_sentence_yields_a_claim_with_its_span(claims):
    article, cs = claims
    sentences = split_sentences(article.text, article.language)
    assert len(sentences) == 21
    tops = [c for c in cs if c.parent is None]
    assert [c.span for c in tops] == list(sentences)
    for c in tops:
        assert article.text[c.span[0] : c.span[1]] == c.text


def test_five_countries_yield_five_children_and_a_count(claims):
    _, cs = claims
    parent = find(cs, "Five countries bordering Russia")
    assert "compound" in parent.flags
    kids = children(cs, parent)
    members = [c for c in kids if c.role.startswith("member:")]
    assert [c.role for c in members] == [
        "member:country:PL", "member:country:FI", "member:country:EE", "member:country:LV",
        "member:country:LT",
    ]
    assert members[0].text == "Poland has withdrawn from the Ottawa Convention."
    counts = [c for c in kids if c.role == "count"]
    assert len(counts) == 1 and counts[0].slots.numbers[0].value == 5
    article, _ = claims
    assert article.text[members[0].span[0] : members[0].span[1]] == "Poland"
    assert len({c.id for c in kids}) == len(kids)


def test_the_other_four_resolves_to_the_four_not_named(claims):
    _, cs = claims
    parent = find(cs, "The other four")
    kids = children(cs, parent)
    assert sorted(c.role for c in kids) == sorted(
        f"member:country:{c}" for c in ("FI", "EE", "LV", "LT")
    )
    assert "Finland has followed Poland’s lead." in [c.text for c in kids]
    resolved = {e.key for e in parent.slots.entities if e.text.startswith("The other four")}
    assert resolved == {"country:FI", "country:EE", "country:LV", "country:LT"}


def test_minister_quote_has_its_speaker_across_sentences(claims):
    _, cs = claims
    quote = find(cs, "We cannot allow limitations")
    assert quote.kind == "quote"
    assert quote.speaker == "Wladyslaw Kosiniak-Kamysz"
    assert quote.quote.startswith("We cannot allow limitations")
    assert quote.quote != quote.text


def test_analyst_quote_is_anonymous(claims):
    _, cs = claims
    quote = find(cs, "One defense analyst")
    assert quote.kind == "quote"
    assert "anonymous_source" in quote.flags
    follow = find(cs, "The analyst warned")
    assert "anonymous_source" in follow.flags
    assert follow.kind == "opinion" and "low_checkworthiness" in follow.flags


def test_reported_by_ria_cites_ria_here_and_in_the_previous_sentence(claims):
    _, cs = claims
    move = find(cs, "The move, reported by Ria Novosti")
    # "reported by" qualifies "the move" (the previous sentence's news); what this
    # sentence itself says ("marks a significant shift") is a characterization.
    assert move.kind == "opinion"
    cites = [(c.source, c.inferred, c.via) for c in move.citations]
    assert cites == [("ria", False, "attribution")]
    first = find(cs, "Five countries bordering Russia")
    assert ("ria", False) in [(c.source, c.inferred) for c in first.citations]
    for kid in children(cs, first):
        assert "ria" in [c.source for c in kid.citations]


def test_reported_by_ria_is_an_attribution_claim_of_its_own(claims):
    _, cs = claims
    move = find(cs, "The move, reported by Ria Novosti")
    assert "compound" in move.flags
    outlet, content = (next(k for k in children(cs, move) if k.role == role)
                       for role in ("outlet", "content"))
    # what RIA is said to have reported is the previous sentence ("the move")
    first = find(cs, "Five countries bordering Russia")
    assert outlet.kind == "attribution"
    assert outlet.text == f"Ria Novosti reported: {first.text}"
    # checked against RIA alone: the registry's `covers` routes nothing to it
    assert [(c.source, c.via) for c in outlet.citations] == [("ria", "attribution")]
    # the sentence's own words stay a characterization
    assert content.kind == "opinion"
    assert content.text.startswith("The move marks a significant shift")


def test_sejm_vote_cites_the_sejm(claims):
    _, cs = claims
    vote = find(cs, "formalized by the Sejm")
    assert "vote" in vote.fact_types
    assert ("sejm", False) in [(c.source, c.inferred) for c in vote.citations]


def test_entry_into_force_is_routed_to_the_depositary(claims):
    _, cs = claims
    eif = find(cs, "entered into force in 1999")
    assert [(c.source, c.inferred, c.via) for c in eif.citations] == [("untc", True, "covers")]
    assert [(d.year, d.month, d.day) for d in eif.slots.dates] == [(1999, None, None)]
    assert eif.slots.numbers[0].approximate  # hundreds of thousands


def test_relative_clauses_are_parts_of_the_entry_into_force_sentence(claims):
    article, cs = claims
    parent = find(cs, "entered into force in 1999")
    assert "compound" in parent.flags
    kids = children(cs, parent)
    by_text = {c.text: c for c in kids}
    eif = by_text["The Ottawa Convention entered into force in 1999."]
    assert [(c.source, c.inferred) for c in eif.citations] == [("untc", True)]
    assert eif.kind == "fact"
    icrc = by_text["The International Committee of the Red Cross estimates anti-personnel "
                   "mines have caused hundreds of thousands of casualties worldwide."]
    assert icrc.kind == "attribution"
    assert icrc.speaker == "the International Committee of the Red Cross"
    assert icrc.slots.numbers[0].approximate
    for kid in (eif, icrc):
        assert kid.role == "relative"
        assert article.text[kid.span[0] : kid.span[1]] in parent.text
    # "was designed to eliminate the humanitarian toll …" names no number, date or
    # source-worthy fact: it is not a part of its own.
    assert len(kids) == 2


def test_money_and_partial_date_slots(claims):
    _, cs = claims
    money = find(cs, "€800 million")
    (q,) = money.slots.numbers
    assert (q.value, q.unit) == (8e8, "EUR")
    assert "lt_mod" in [c.source for c in money.citations]
    exit_ = find(cs, "June 29")
    (d,) = exit_.slots.dates
    assert (d.year, d.month, d.day) == (None, 6, 29) and d.is_partial
    assert d.inferred_year == 2025


def test_opinions_are_kept_and_flagged(claims):
    _, cs = claims
    for fragment in ("Critics of the treaty", "proponents of the move", "likely to reverberate"):
        c = find(cs, fragment)
        assert c.kind == "opinion"
        assert "low_checkworthiness" in c.flags
    assert find(cs, "entered into force").checkworthy > find(cs, "Critics of").checkworthy


def test_ids_are_stable_and_json_has_the_shape(claims, seed_path, registry):
    _, cs = claims
    again = extract_claims(load_article(seed_path, published=date(2025, 7, 1)), registry)
    assert [c.id for c in cs] == [c.id for c in again]
    assert len({c.id for c in cs}) == len(cs)
    row = claim_to_json(cs[0])
    assert set(row) == {"id", "text", "kind", "span", "parent", "checkworthy", "slots",
                        "citations", "flags"}
    assert set(row["citations"][0]) == {"source", "cited_as", "inferred"}
    import json

    json.dumps(row)
