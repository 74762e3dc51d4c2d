"""sejm_api over real HTTP: the right sitting, the right voting, paged search, speeches."""

from __future__ import annotations

from verify.fetchers._names import person_matches
from verify.fetchers.base import DocumentRef
from verify.fetchers.sejm_api import SejmApi, parse_sittings, search_words
from verify.slots import Slots

from .helpers import Citation, Claim, day, entity, number, run, with_fetcher

JSON = "application/json"


def serve_api(server):
    api = "/sejm/term10"
    server.add(f"{api}/proceedings", "sejm/proceedings.json", JSON)
    server.add(f"{api}/votings/11", "sejm/votings-11.json", JSON)
    server.add(f"{api}/votings/12", "sejm/votings-12.json", JSON)
    server.add(f"{api}/votings/12/57", "sejm/voting-12-57.json", JSON)
    server.add(f"{api}/votings/12/56", "sejm/voting-12-56.json", JSON)
    for d in ("04", "05", "06"):
        server.add(f"{api}/proceedings/12/2024-06-{d}/transcripts",
                   f"sejm/transcripts-12-2024-06-{d}.json", JSON)
    server.add(f"{api}/proceedings/12/2024-06-05/transcripts/15",
               "sejm/statement-12-2024-06-05-15.html", "text/html; charset=utf-8")
    return server.base + api


def fetcher(server, **extra):
    return SejmApi("house", {"base_url": server.base + "/sejm", "term": 10, **extra})


def test_date_finds_the_sitting_and_the_voting(server, live, registry):
    api = serve_api(server)
    f = fetcher(server)
    claim = Claim(slots=Slots(entities=(entity("test_treaty", "treaty"), entity("house")),
                              dates=(day(2024, 6, 5),), numbers=(number(401), number(17))))

    async def go(ctx):
        refs = await f.discover(Citation(), claim, ctx)
        return refs, await f.fetch(refs[0], ctx)

    refs, (doc,) = run(with_fetcher(live, registry, go))
    # only sitting 12 holds 5 June: sitting 11's and 13's votings are never asked for
    assert "/sejm/term10/votings/12" in server.requests
    assert "/sejm/term10/votings/11" not in server.requests
    assert "/sejm/term10/votings/13" not in server.requests
    # nor the ceremonial assembly numbered 0 held on the same day
    assert "/sejm/term10/votings/0" not in server.requests
    # of four votings that sitting, three on the treaty, the vote on the whole bill
    # (the counts the claim states) comes first; the fishing accord's is not there
    urls = [r.url for r in refs]
    assert urls[0] == f"{api}/votings/12/57"
    assert f"{api}/votings/12/56" not in urls
    assert doc.parse_error is None
    (fact,) = doc.facts
    assert fact.type == "vote"
    assert fact.fields == {
        "body": "sejm", "date": "2024-06-05",
        "title": "Pkt. 7 Sprawozdanie Komisji o rządowym projekcie ustawy o wypowiedzeniu "
                 "Konwencji o sprawach testowych (druki nr 10 i 20)",
        "topic": "głosowanie nad całością projektu", "yes": 401, "no": 17, "abstain": 6,
        "not_participating": 36, "kind": "ELECTRONIC"}
    assert "401 for, 17 against, 6 abstaining, 36 not participating" in fact.text
    assert "Piotr Próbny (KLUB-B): NO" in doc.text


def test_other_day_other_voting(server, live, registry):
    api = serve_api(server)
    f = fetcher(server)
    claim = Claim(slots=Slots(entities=(entity("fishing_accord", "treaty"),),
                              dates=(day(2024, 6, 5),)))

    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    assert [r.url for r in refs] == [f"{api}/votings/12/56"]


def test_no_date_searches_titles_with_paging(server, live, registry):
    api = serve_api(server)
    server.add("/sejm/term10/votings/search?title=testowych&offset=0&limit=2",
               "sejm/search-p0.json", JSON)
    server.add("/sejm/term10/votings/search?title=testowych&offset=2&limit=2",
               "sejm/search-p1.json", JSON)
    f = fetcher(server, page_size=2, search_terms=3, max_votings=5)
    claim = Claim(slots=Slots(entities=(entity("test_treaty", "treaty"), entity("country:PL"))))

    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    # the three longest name words are searched ("convention" and "konwencja" find
    # nothing here); both pages of "testowych" are read, a third is not (page 2 was short)
    assert "/sejm/term10/votings/search?title=convention&offset=0&limit=2" in server.requests
    assert "/sejm/term10/votings/search?title=testowych&offset=2&limit=2" in server.requests
    assert not any("offset=4" in r for r in server.requests)
    # the latest voting (the whole bill) first, then the earlier ones
    assert [r.url for r in refs] == [f"{api}/votings/12/57", f"{api}/votings/12/55",
                                     f"{api}/votings/12/40"]


def test_search_words_are_the_longest_name_words():
    names = ["Konwencja o sprawach testowych", "Convention on Test Matters", "Сейм"]
    assert search_words(names, 3) == ("convention", "konwencja", "testowych")
    assert search_words(["Porozumienie o rybołówstwie"], 2) == ("porozumienie", "rybołówstwie")


def test_speech_found_by_speaker_and_parsed(server, live, registry):
    api = serve_api(server)
    f = fetcher(server)
    claim = Claim(kind="quote", speaker="Jan Probny", quote="Nie możemy przyjąć ograniczeń",
                  slots=Slots(dates=(day(2024, 6, 5),)))

    async def go(ctx):
        refs = await f.discover(Citation(), claim, ctx)
        speech = [r for r in refs if "/transcripts/" in r.url]
        return speech, await f.fetch(speech[0], ctx)

    refs, (doc,) = run(with_fetcher(live, registry, go))
    # the listing's name has a middle name ("Jan Marek Próbny") and the function apart;
    # Anna Testowa's and Mirosław Adam Próbny's statements are not taken; the number
    # is not zero-padded
    assert [r.url for r in refs] == [f"{api}/proceedings/12/2024-06-05/transcripts/15"]
    (fact,) = doc.facts
    assert fact.type == "speech"
    # the speaker is the h2.mowca, not the sitting's h1 above it
    assert fact.fields["speaker"] == "Minister Spraw Testowych Jan Marek Próbny"
    assert fact.fields["date"] == "2024-06-05"
    assert "Nie możemy przyjąć ograniczeń, które osłabiają nasze testy." in fact.fields["text"]


def test_bad_json_and_missing_voting_are_parse_errors(server, live, registry):
    serve_api(server)
    server.add("/sejm/term10/votings/12/99", b'{"yes": 1, "title": "x"', JSON)
    f = fetcher(server)

    async def go(ctx):
        docs = []
        for n in (99, 98):
            docs += await f.fetch(DocumentRef(f"{server.base}/sejm/term10/votings/12/{n}",
                                              "house", "test"), ctx)
        return docs

    truncated, missing = run(with_fetcher(live, registry, go))
    assert "JSON" in truncated.parse_error and truncated.facts == ()
    assert "404" in missing.parse_error and missing.facts == ()


def test_middle_names_and_the_latest_held_sittings(server, live, registry):
    api = serve_api(server)
    f = fetcher(server, max_sittings=2)
    claim = Claim(kind="quote", speaker="Mirosław Próbny", quote="Informuję")

    refs = run(with_fetcher(live, registry, lambda ctx: f.discover(Citation(), claim, ctx)))
    # no date: the two latest sittings that were held (13 and 12), not the planned one of
    # 2026 nor the entries numbered 0; "Mirosław Próbny" is "Mirosław Adam Próbny", not
    # "Jan Marek Próbny"
    assert [r.url for r in refs] == [f"{api}/proceedings/12/2024-06-05/transcripts/1"]
    assert not any("/proceedings/0/" in r or "2026-" in r for r in server.requests)
    assert "/sejm/term10/proceedings/13/2024-06-25/transcripts" in server.requests


def test_sittings_parsing_skips_numbered_zero_planned_and_future():
    from datetime import date

    data = [{"number": 12, "title": "12. Posiedzenie", "dates": ["2024-06-04"]},
            {"number": 0, "title": "Zgromadzenie Narodowe w dniu 6 sierpnia 2025 r.",
             "dates": ["2025-08-06"]},
            {"number": 0, "title": "Planowane Posiedzenie Sejmu RP", "dates": ["2026-10-21"]},
            {"number": 66, "title": "66. Posiedzenie Sejmu RP", "dates": ["2026-10-06"]}]
    assert [s.number for s in parse_sittings(data)] == [12, 66]
    assert [s.number for s in parse_sittings(data, as_of=date(2025, 1, 1))] == [12]


def test_person_names_with_middle_names_and_initials():
    assert person_matches("Mirosław Orliński", "Mirosław Adam Orliński")
    assert person_matches("M. Orliński", "Mirosław Adam Orliński")
    assert person_matches("Miroslaw Adam Orlinski", "Mirosław Adam Orliński")
    assert not person_matches("Jan Orliński", "Mirosław Adam Orliński")
    assert not person_matches("Mirosław Orliński", "Mirosław Kowalski")
