"""untc_status over real HTTP: discovery by MTDSG number, the grid, status date, end-notes."""

from __future__ import annotations

from verify.fetchers.base import DocumentRef
from verify.fetchers.untc_status import UntcStatus, roman_to_int, status_url
from verify.slots import Slots

from .helpers import Citation, Claim, entity, run, with_fetcher

PATH = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVII-99&chapter=27&clang=_en"


def fetcher(server):
    return UntcStatus("treaties", {"base_url": server.base, "language": "_en"})


def test_status_url_from_mtdsg_number():
    assert roman_to_int("XXVI") == 26
    assert roman_to_int("XIV") == 14
    assert status_url("https://treaties.un.org", "XXVI-5") == (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5"
        "&chapter=26&clang=_en")


def test_discover_and_fetch_status_page(server, live, registry):
    server.add(PATH, "untc/status.html", "text/html; charset=utf-8")
    f = fetcher(server)
    claim = Claim(slots=Slots(entities=(entity("test_treaty", "treaty"),)))

    async def go(ctx):
        refs = await f.discover(Citation(), claim, ctx)
        return refs, [d for r in refs for d in await f.fetch(r, ctx)]

    refs, docs = run(with_fetcher(live, registry, go))
    assert [r.url for r in refs] == [server.base + PATH]
    (doc,) = docs
    assert doc.parse_error is None
    assert doc.record_date.isoformat() == "2024-03-15"
    # the title is the tcTreaty cell, not the page's <title>
    assert doc.title == "Convention on Test Matters"
    facts = {(f.fields.get("state"), f.fields.get("action")): f for f in doc.facts
             if f.type == "treaty_action"}
    # suffixes name the act; a tab inside a date does not break it
    assert facts[("DK", "ratification")].fields["date"] == "2002-05-29"
    assert facts[("DK", "signature")].fields["date"] == "2001-04-03"
    assert facts[("GE", "accession")].fields["date"] == "2004-06-12"
    assert facts[("JP", "acceptance")].fields["date"] == "2002-09-30"
    assert facts[("ME", "succession")].fields["date"] == "2006-10-23"
    assert facts[("NL", "approval")].fields["date"] == "2002-04-12"
    # a withdrawal end-note marked on the row (note 3 of "Montenegro 2, 3")
    w = facts[("ME", "withdrawal")]
    assert (w.fields["date_notified"], w.fields["date_effective"]) == ("2024-01-05", "2024-07-05")
    assert w.text == ("Montenegro: withdrawal; notification received 5 Jan 2024; "
                      "takes effect 5 Jul 2024.")
    # a note no row marks, naming its state; "denounce … become effective" wording
    c = facts[("CL", "withdrawal")]
    assert (c.fields["date_notified"], c.fields["date_effective"]) == ("2024-02-02", "2024-08-02")
    # a note that is not about an act gives no fact
    assert ("DK", "withdrawal") not in facts
    # the depositary's names resolve to countries, footnote marks and all
    for state, date_ in (("CD", "2002-05-02"), ("VA", "2001-04-04"), ("FM", "2005-03-07"),
                         ("MK", "2003-08-14"), ("KR", "2003-01-09"), ("PS", "2017-12-29")):
        action = next(f for (st, _), f in facts.items() if st == state and _ != "signature")
        assert action.fields["date"] == date_, state
    assert None not in {st for st, _ in facts}
    (status,) = [f for f in doc.facts if f.type == "treaty_status"]
    assert status.fields == {"treaty": "test_treaty", "entry_into_force": "2003-01-01",
                             "status_as_at": "2024-03-15"}


def test_claim_without_treaty_gets_the_covered_treaty(server, live, registry):
    f = fetcher(server)

    async def go(ctx):
        return await f.discover(Citation(), Claim(), ctx)

    refs = run(with_fetcher(live, registry, go))
    assert [r.url for r in refs] == [server.base + PATH]
    assert server.requests == []  # discovery from the registry asks nothing


def test_error_pages_become_documents_with_parse_error(server, live, registry):
    server.add(PATH, "untc/no-grid.html", "text/html; charset=utf-8")
    broken = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=I-1&chapter=1&clang=_en"
    server.add(broken, b"<html><body>Internal error</body></html>", "text/html", status=500)
    error_200 = "/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=I-2&chapter=1&clang=_en"
    server.add(error_200, b"<html><head><title>Error</title></head><body><h1>Server Error in "
               b"'/' Application.</h1></body></html>", "text/html")
    f = fetcher(server)

    async def go(ctx):
        return [d for p in (PATH, broken, error_200)
                for d in await f.fetch(DocumentRef(server.base + p, "treaties", "test"), ctx)]

    not_status, server_error, error_page = run(with_fetcher(live, registry, go))
    assert "no participants grid" in not_status.parse_error
    assert "500" in server_error.parse_error
    assert error_page.parse_error.startswith("antibot_page")
    for doc in (not_status, server_error, error_page):
        assert doc.facts == () and doc.text == "" and doc.title is None


NOTES = "/Pages/Notes.aspx?index={}&chapter=27&treaty=99&noresize=yes&flag=Y"


def test_notes_loaded_from_the_notes_frame(server, live, registry):
    server.add(PATH, "untc/status-notes-frame.html", "text/html; charset=utf-8")
    for i in (1, 2, 3):
        server.add(NOTES.format(i), f"untc/notes-{i}.html", "text/html; charset=utf-8")
    f = fetcher(server)

    (doc,) = run(with_fetcher(live, registry, lambda ctx: f.fetch(
        DocumentRef(server.base + PATH, "treaties", "test"), ctx)))
    assert doc.parse_error is None
    # the marked notes (1 on Denmark, 2 and 3 on Montenegro) are read from Notes.aspx
    assert [r for r in server.requests if "Notes.aspx" in r] == [NOTES.format(i)
                                                                 for i in (1, 2, 3)]
    (w,) = [f for f in doc.facts if f.type == "treaty_action"
            and f.fields["action"] == "withdrawal"]
    assert w.fields["state"] == "ME"
    assert (w.fields["date_notified"], w.fields["date_effective"]) == ("2024-01-05", "2024-07-05")
    assert "3. On 5 January 2024" in doc.text


def test_country_code_of_depositary_names():
    from verify.fetchers._names import country_code

    assert [country_code(n) for n in (
        "Micronesia (Federated States of)", "Republic of Korea", "State of Palestine",
        "Holy See", "Democratic Republic of the Congo", "North Macedonia 4 ,",
        "United Kingdom of Great Britain and Northern Ireland 6 , 18 , 19 ,",
        "Bolivia (Plurinational State of)", "United Republic of Tanzania", "Lithuania")] == [
        "FM", "KR", "PS", "VA", "CD", "MK", "GB", "BO", "TZ", "LT"]
    assert country_code("European Union") is None
