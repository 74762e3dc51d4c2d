"""Quotes: only the speaker's own words in a record of that speaker corroborate."""

from __future__ import annotations

from datetime import date

from verify.verdicts.quotes import fold, quoted_words

from .builders import claim, document, fact, primary, secondary, verdict

AS_OF = date(2032, 1, 1)
SAID = ("We will not sign any agreement that leaves our harbours unprotected. "
        "The fishing fleet deserves better than promises.")


def speech(speaker: str, text: str = SAID):
    return fact("speech", {"speaker": speaker, "date": "2031-05-06", "text": text},
                f"{speaker}, 6 May 2031: {text}")


def transcript(*facts, text: str = ""):
    return [primary("parliament", document("parliament", "https://parliament.test/t/1",
                                           text, facts, title="Sitting of 6 May 2031"))]


def quote_claim(words: str, speaker: str = "Ana Ferreira", **kw):
    return claim(f"“{words},” {speaker} said in parliament.", kind="quote", speaker=speaker,
                 quote=words, **kw)


def test_the_speakers_own_words_corroborate(registry):
    c = quote_claim("We will not sign any agreement that leaves our harbours unprotected")
    v = verdict(registry, c, transcript(speech("Ana Lúcia Ferreira")), AS_OF)
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    assert v.evidence[0].exact.startswith("Ana Lúcia Ferreira, 6 May 2031")


def test_a_transcript_whose_author_is_the_speaker_is_a_record(registry):
    c = quote_claim("The fishing fleet deserves better than promises")
    doc = document("parliament", "https://parliament.test/t/2", SAID, author="Ana Ferreira")
    v = verdict(registry, c, [primary("parliament", doc)], AS_OF)
    assert (v.label, v.reason) == ("corroborated", "slots_agree")
    assert SAID[v.evidence[0].start:v.evidence[0].end] == v.evidence[0].exact
    assert "fishing fleet" in v.evidence[0].exact


def test_another_persons_words_do_not_corroborate(registry):
    c = quote_claim("We will not sign any agreement that leaves our harbours unprotected")
    v = verdict(registry, c, transcript(speech("Jonas Berg")), AS_OF)
    assert v.label != "corroborated"
    assert (v.label, v.reason) == ("contradicted", "entity_mismatch")
    assert "Jonas Berg" in v.explanation


def test_a_close_paraphrase_is_not_a_quote(registry):
    c = quote_claim("We will never sign an agreement leaving our harbours without protection")
    v = verdict(registry, c, transcript(speech("Ana Ferreira")), AS_OF)
    assert (v.label, v.reason) == ("unverified", "paraphrase_not_quote")
    assert v.evidence  # the speaker's actual words are shown


def test_other_words_on_the_same_point_are_a_paraphrase(registry):
    c = quote_claim("Promises will not help the fleet, and our harbours need protection now")
    v = verdict(registry, c, transcript(speech("Ana Ferreira")), AS_OF)
    assert v.reason == "paraphrase_not_quote"


def test_no_record_of_the_speaker_is_quote_not_found(registry):
    c = quote_claim("Our ports are open to everyone who respects the law")
    v = verdict(registry, c, transcript(speech("Jonas Berg", "The budget is balanced.")), AS_OF)
    assert (v.label, v.reason) == ("unverified", "quote_not_found")
    empty = verdict(registry, c, [], AS_OF)
    assert empty.reason == "quote_not_found"


def test_nothing_near_in_the_speakers_record_is_quote_not_found(registry):
    c = quote_claim("Our ports are open to everyone who respects the law")
    v = verdict(registry, c, transcript(speech("Ana Ferreira", "The budget is balanced.")), AS_OF)
    assert (v.label, v.reason) == ("unverified", "quote_not_found")


def test_a_quote_repeated_only_by_a_news_story_is_secondary(registry):
    c = quote_claim("Our ports are open to everyone who respects the law")
    story = document("wire", "https://wire.test/story",
                     "Ferreira said: “Our ports are open to everyone who respects the law.”")
    v = verdict(registry, c, [secondary("wire", story)], AS_OF)
    assert (v.label, v.reason) == ("unverified", "secondary_source_only")


def test_an_anonymous_speaker_cannot_be_checked(registry):
    c = claim("An official, speaking on condition of anonymity, said ‘the port will close’.",
              kind="quote", speaker="An official", flags=("anonymous_source",))
    v = verdict(registry, c, transcript(speech("Ana Ferreira")), AS_OF)
    assert (v.label, v.reason) == ("unverified", "anonymous_source")


def test_quoted_words_and_folding():
    assert quoted_words("He said ‘we cannot allow limitations,’ and left.") == \
        "we cannot allow limitations,"
    assert quoted_words("«Мы не можем» — сказал он.") == "Мы не можем"
    assert fold("Władysław: „Nie!”") == "wladyslaw nie"


def test_a_record_in_another_language_says_why_words_cannot_match(registry):
    c = quote_claim("We will not sign any agreement that leaves our harbours unprotected")
    said = "Não assinaremos nenhum acordo que deixe os nossos portos desprotegidos."
    doc = document("parliament", "https://parliament.test/t/3", said, author="Ana Ferreira",
                   language="pt")
    v = verdict(registry, c, [primary("parliament", doc)], AS_OF)
    assert (v.label, v.reason) == ("unverified", "quote_not_found")
    assert "word for word" in v.explanation and "pt" in v.explanation
