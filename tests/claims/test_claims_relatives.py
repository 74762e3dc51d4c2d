"""A second checkable statement in a ", which …," or ", who …," clause becomes a part."""

from datetime import date

from verify.claims import article_from_bytes, extract_claims
from verify.ids import content_id


def claims_of(text, registry, language=None):
    article = article_from_bytes(text.encode("utf-8"), location="invented.txt",
                                 published=date(2031, 5, 2), language=language)
    return article, extract_claims(article, registry)


def parts(cs, fragment):
    parent = next(c for c in cs if c.parent is None and fragment in c.text)
    return parent, [c for c in cs if c.parent == parent.id]


def test_a_subject_clause_and_a_checkable_main_clause_are_parts(registry):
    article, cs = claims_of("Norway, which joined the alliance in 1949, spent 2% of its "
                            "budget on defence last year.", registry)
    parent, kids = parts(cs, "Norway")
    assert "compound" in parent.flags
    assert [(c.role, c.text) for c in kids] == [
        ("relative", "Norway joined the alliance in 1949."),
        ("main", "Norway spent 2% of its budget on defence last year."),
    ]
    relative = kids[0]
    assert article.text[relative.span[0] : relative.span[1]] == "joined the alliance in 1949"
    assert [d.year for d in relative.slots.dates] == [1949]
    assert relative.kind == "fact" and relative.sentence == parent.span


def test_a_reported_finding_keeps_who_reports_it(registry):
    _, cs = claims_of("The storm caused floods, which Portugal's civil protection agency "
                      "says displaced 3,000 people.", registry)
    _, kids = parts(cs, "The storm")
    [finding] = [c for c in kids if c.role == "relative"]
    assert finding.text == ("Portugal's civil protection agency says floods displaced "
                            "3,000 people.")
    assert finding.kind == "attribution"
    assert finding.speaker == "Portugal's civil protection agency"
    assert finding.slots.numbers[0].value == 3000


def test_a_bare_noun_reporter_is_read_as_the_subject(registry):
    _, cs = claims_of("Officials questioned the Harbour Accord, which experts say has "
                      "saved 4,000 lives since 2002.", registry)
    _, kids = parts(cs, "Officials questioned")
    texts = [c.text for c in kids if c.role == "relative"]
    assert texts == ["Experts say the Harbour Accord has saved 4,000 lives since 2002."]


def test_who_after_a_name_at_the_sentence_start(registry):
    _, cs = claims_of("Ada Lovelace, who was born in 1815, wrote about the engine.", registry)
    _, kids = parts(cs, "Ada Lovelace")
    assert [c.text for c in kids if c.role == "relative"] == ["Ada Lovelace was born in 1815."]


def test_a_possessive_opens_the_noun_phrase(registry):
    _, cs = claims_of("Lisbon's mayor, who took office in 2021, resigned.", registry)
    _, kids = parts(cs, "Lisbon's mayor")
    assert [c.text for c in kids if c.role == "relative"] == [
        "Lisbon's mayor took office in 2021."]


def test_an_uncheckable_main_clause_is_not_a_part(registry):
    _, cs = claims_of("The old bridge, which opened in 1932, was meant to be temporary.",
                      registry)
    _, kids = parts(cs, "The old bridge")
    assert [(c.role, c.text) for c in kids] == [
        ("relative", "The old bridge opened in 1932.")]


def test_a_clause_stating_a_fact_without_names_or_numbers_is_a_part(registry):
    # "met behind closed doors" can be checked though it names nothing: the real
    # articles' annotations count such clauses as statements of their own
    _, cs = claims_of("The committee, which met behind closed doors, approved the plan in 2020.",
                      registry)
    _, kids = parts(cs, "The committee")
    assert sorted(c.text for c in kids) == [
        "The committee approved the plan in 2020.", "The committee met behind closed doors."]


def test_clauses_that_are_not_split(registry):
    for text in (
        # restrictive: no comma before the pronoun
        "The bridge which opened in 2003 carries cars from Lisbon to Almada.",
        # a clause too short to state anything of its own
        "The committee, which resigned, approved the plan in 2020.",
        # the clause is about the whole sentence, not a noun phrase
        "Prices rose sharply, which worried investors in 2021.",
        # an object clause with no reporting verb: no safe place for the antecedent
        "The bridge, which the city rebuilt in 2004, carries cars.",
        # an opinion is judged as a whole
        "Critics argue that Norway, which joined the alliance in 1949, should leave it.",
    ):
        _, cs = claims_of(text, registry)
        assert [c for c in cs if c.parent is not None] == [], text
        assert "compound" not in cs[0].flags, text


def test_english_only(registry):
    _, cs = claims_of("Norway, which joined the alliance in 1949, spent 2% of its budget "
                      "on defence.", registry, language="pl")
    assert [c for c in cs if c.parent is not None] == []


def test_two_clauses_in_one_sentence_and_content_ids(registry):
    text = ("Denmark, which joined in 1973, signed the Harbour Accord, which entered into "
            "force in 2010.")
    article, cs = claims_of(text, registry)
    _, again = claims_of(text, registry)
    _, kids = parts(cs, "Denmark")
    assert [c.text for c in kids if c.role == "relative"] == [
        "Denmark joined in 1973.", "The Harbour Accord entered into force in 2010."]
    assert [c.id for c in cs] == [c.id for c in again]
    assert len({c.id for c in cs}) == len(cs)
    for kid in kids:
        assert kid.id == content_id("claim-", article.sha256, list(kid.span), kid.role)
