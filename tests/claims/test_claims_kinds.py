"""Characterizations are opinions; count claims carry the members they count."""

from datetime import date

from verify.claims import article_from_bytes, extract_claims


def claims_of(text, registry):
    article = article_from_bytes(text.encode("utf-8"), location="invented.txt",
                                 published=date(2031, 5, 2))
    return extract_claims(article, registry)


def find(cs, fragment):
    return next(c for c in cs if fragment in c.text)


TEXT = (
    "Norway, Denmark and Iceland have left the Harbour Accord. "
    "Analysts have noted that the exit of these states represents a broader shift in policy. "
    "The decision underscores the region's fear of being drawn into a war. "
    "The exit of Norway was announced on March 3, further highlighting its new course. "
    "The exit, reported by Reuters, marks a new era for the region."
)


def test_characterizations_without_numbers_or_dates_are_opinions(registry):
    cs = claims_of(TEXT, registry)
    assert find(cs, "represents a broader shift").kind == "opinion"
    assert find(cs, "underscores the region").kind == "opinion"
    assert find(cs, "marks a new era").kind == "opinion"


def test_a_dated_statement_with_a_participle_stays_a_fact(registry):
    cs = claims_of(TEXT, registry)
    assert find(cs, "was announced on March 3").kind == "fact"


def test_a_count_claim_carries_the_members_it_counts(registry):
    cs = claims_of("Three northern states—Norway, Denmark and Iceland—have left the "
                   "Harbour Accord.", registry)
    [count] = [c for c in cs if c.role == "count"]
    assert count.members == ("country:NO", "country:DK", "country:IS")
    assert all(c.members == () for c in cs if c.role != "count")


def test_a_named_speaker_with_an_age_is_not_an_anonymous_source(registry):
    # An indefinite role inside the quoted words, or in apposition to a name,
    # does not make the named speaker anonymous.
    for said in (
        "Opposition councillor Marc Dubois, 52, called it 'a plan one expert would laugh at'.",
        "Opposition councillor Marc Dubois, 52, a former police officer, called it "
        "“a betrayal of the taxpayers”.",
    ):
        cs = claims_of("The council approved the new budget on Tuesday. " + said, registry)
        assert "anonymous_source" not in find(cs, "Marc Dubois").flags, said


def test_an_unnamed_speaker_is_still_anonymous(registry):
    cs = claims_of("The council approved the new budget on Tuesday. A senior official "
                   "called it “a betrayal of the taxpayers”.", registry)
    assert "anonymous_source" in find(cs, "senior official").flags


def test_according_to_an_outlet_gives_the_attribution_and_the_content_as_claims(registry):
    cs = claims_of("Poland has withdrawn from the Ottawa Convention, according to RIA "
                   "Novosti.", registry)
    whole = find(cs, "according to RIA Novosti")
    kids = {c.role: c for c in cs if c.parent == whole.id}
    assert set(kids) == {"outlet", "content"}
    assert kids["content"].text == "Poland has withdrawn from the Ottawa Convention."
    assert kids["content"].kind == "fact"
    # the content is judged against the primary sources the registry routes it to
    assert "untc" in [c.source for c in kids["content"].citations]
    assert kids["outlet"].text == ("RIA Novosti reported: Poland has withdrawn from the "
                                   "Ottawa Convention.")
    assert [c.source for c in kids["outlet"].citations] == ["ria"]


def test_an_attribution_to_a_source_that_is_no_outlet_gets_no_outlet_part(registry):
    cs = claims_of("Poland has withdrawn from the Ottawa Convention, according to the UN "
                   "depositary.", registry)
    assert not [c for c in cs if c.role in ("outlet", "content")]
