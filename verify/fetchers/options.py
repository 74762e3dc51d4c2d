"""The option schemas of the built-in fetcher kinds, declared apart from their parsers.

Loading sources.toml checks every source's options against its kind's schema;
with the schemas here, that check imports no fetcher module (lxml, trafilatura,
the name tables). Each built-in class takes its `summary` and `options` from
this table, so they are declared once. A third-party kind has no entry here:
its class is loaded to read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from verify.fetchers.base import Option


@dataclass(frozen=True)
class Schema:
    summary: str
    options: tuple[Option, ...]


BUILTIN: dict[str, Schema] = {
    "ria_article": Schema(
        "A RIA Novosti article (Russian), found through the daily listing pages "
        "and the RSS feed in a date window.", (
            Option("base_url", str, "the site", default="https://ria.ru"),
            Option("rss_url", str, "the RSS archive feed (about the last day of items)",
                   default="https://ria.ru/export/rss2/archive/index.xml"),
            Option("window_days", int, "days before the article's date searched when the claim "
                   "gives none", default=60),
            Option("max_days", int, "daily listing pages read for one claim, nearest the "
                   "claim's date first", default=7),
            Option("max_items", int, "articles discovery returns for one claim", default=3),
        )),
    "sejm_api": Schema(
        "The Sejm's JSON API: sittings, votings and transcripts as typed vote facts.", (
            Option("base_url", str, "the API root", default="https://api.sejm.gov.pl/sejm"),
            Option("term", int, "the Sejm term of office", required=True),
            Option("page_size", int, "items asked per page (limit)", default=50),
            Option("body", str, "registry entity key of the house, put in vote facts",
                   default="sejm"),
            Option("window_days", int, "days before the article's date searched when the "
                   "claim gives no date", default=60),
            Option("max_votings", int, "votings discovery returns for one claim", default=3),
            Option("search_terms", int, "title words searched when the claim gives no date",
                   default=3),
            Option("max_pages", int, "pages read from one paged listing", default=20),
            Option("max_sittings", int, "sittings whose transcripts are searched for a "
                   "speaker", default=10),
        )),
    "untc_status": Schema(
        "A UN Treaty Collection status page (MTDSG chapter and number): participants, "
        "status-as-at date, end-notes as typed facts.", (
            Option("base_url", str, "the UN Treaty Collection site",
                   default="https://treaties.un.org"),
            Option("language", str, "the page language code ('_en', '_fr')", default="_en"),
            Option("max_notes", int, "end-notes read from Notes.aspx for one page when the page "
                   "does not print them", default=50),
        )),
    "wayback": Schema(
        "The Internet Archive's availability API and archived copies.", (
            Option("base_url", str, "the Wayback Machine", default="https://archive.org"),
            Option("availability_url", str, "the availability API",
                   default="https://archive.org/wayback/available"),
            Option("cdx_url", str, "the CDX index API, asked when the availability API finds "
                   "nothing", default="https://web.archive.org/cdx/search/cdx"),
            Option("web_url", str, "where archived copies are served",
                   default="https://web.archive.org"),
        )),
    "web_page": Schema(
        "Any article page: main text, title, dates, language, outgoing links.", (
            Option("urls", list, "documents known to hold this source's evidence", default=[]),
            Option("site", str, "the site's address, to match hyperlinks to this source"),
        )),
}
