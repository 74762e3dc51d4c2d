#!/usr/bin/env python
"""What each fetcher's parser gets from real recorded answers and pages.

A measuring script, not a test: it reads the real recordings kept outside the
repository (`../shared/real-recordings/`, relative to the project root; their
provenance is in SOURCES.md there), runs the parsers the fetchers use over each
one, and prints what they parsed. Nothing of the recordings is written anywhere.

Run: .venv/bin/python bench/real_formats.py [--root DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from verify.errors import ParseError
from verify.fetch.pages import recognise
from verify.fetchers._names import country_code, person_matches
from verify.fetchers.ria_article import parse_article, parse_feed
from verify.fetchers.sejm_api import (
    parse_sittings,
    parse_statement,
    parse_transcript_listing,
    parse_votings,
    vote_fact,
)
from verify.fetchers.untc_status import parse_status_page
from verify.fetchers.wayback import cdx_captures, closest_snapshot
from verify.fetchers.web_page import parse_page

HERE = Path(__file__).resolve().parent
# ../shared/real-recordings beside the project root (a checkout in a worktree folder
# finds it one level further up)
DEFAULT_ROOT = next((p / "shared" / "real-recordings" for p in HERE.parents[1:3]
                     if (p / "shared" / "real-recordings").is_dir()),
                    HERE.parent.parent / "shared" / "real-recordings")

# The depositary's names that code parsing real UNTC pages met (SOURCES.md, untc/).
UNTC_NAMES = ("Micronesia (Federated States of)", "Republic of Korea", "State of Palestine",
              "Holy See", "Democratic Republic of the Congo", "North Macedonia 4 ,",
              "United Kingdom of Great Britain and Northern Ireland 6 , 18 , 19 ,")


def _load(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def sejm(root: Path) -> list[dict[str, Any]]:
    d = root / "sejm"
    out: list[dict[str, Any]] = []
    for name in ("sejm-mcp_posiedzenia-10-bez-porzadku.EXCERPT.json",
                 "sejm_scraper_conftest_proceedings.json"):
        data = _load(d / name)
        kept = parse_sittings(data)
        out.append({"file": name, "parser": "parse_sittings",
                    "got": f"{len(kept)} of {len(data)} entries kept: "
                           + ", ".join(f"{s.number} ({len(s.dates)} days)" for s in kept)})
    for name in ("sejm-mcp_glosowania-szukaj.json", "sejm-mcp_glosowania-33.EXCERPT.json",
                 "sejm_scraper_conftest_votings-39.json"):
        votings = parse_votings(_load(d / name))
        out.append({"file": name, "parser": "parse_votings",
                    "got": f"{len(votings)} votings: " + "; ".join(
                        f"{v.sitting}/{v.number} {v.day} {v.title[:40]!r}" for v in votings[:3])})
    for name in ("sejm-mcp_glosowanie-33-5.EXCERPT.json",
                 "sejm_scraper_conftest_voting-39-205.json"):
        try:
            fact = vote_fact(_load(d / name), "sejm", name)
            got = fact.text[:160]
        except ParseError as e:
            got = f"ParseError: {e.message}"
        out.append({"file": name, "parser": "vote_fact", "got": got})
    listing = parse_transcript_listing(_load(d / "sejm-mcp_stenogram-10-2024-04-24.json"))
    matched = [st.num for st in listing if person_matches("Mirosław Orliński", st.name)]
    out.append({"file": "sejm-mcp_stenogram-10-2024-04-24.json",
                "parser": "parse_transcript_listing",
                "got": f"{len(listing)} statements, e.g. "
                       f"{listing[1] if len(listing) > 1 else None}; "
                       f"'Mirosław Orliński' matches statement(s) {matched}"})
    html = (d / "sejm-mcp_wypowiedz-10-2024-04-24-1.html").read_bytes().decode("utf-8")
    speaker, text = parse_statement(html, "wypowiedz-1")
    out.append({"file": "sejm-mcp_wypowiedz-10-2024-04-24-1.html", "parser": "parse_statement",
                "got": f"speaker {speaker!r}; {len(text)} chars, {text.count(chr(10) * 2) + 1} "
                       f"paragraphs; page is antibot: {recognise(html)}"})
    return out


def wayback(root: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted((root / "wayback").glob("*.json")):
        data = _load(path)
        out.append({"file": path.name, "parser": "closest_snapshot",
                    "got": f"{closest_snapshot(data)} (CDX rows read: {len(cdx_captures(data))}; "
                           f"an empty answer sends discovery to the CDX API)"})
    return out


def ria(root: Path) -> list[dict[str, Any]]:
    d = root / "ria"
    out = []
    for path in sorted(d.glob("*.html")):
        html = path.read_text("utf-8")
        verdict = recognise(html)
        try:
            page = parse_article(html, "https://ria.ru/" + path.name)
            got = (f"title {page.title!r}; second title {page.subtitle!r}; published "
                   f"{page.published}; dateline {page.dateline!r}; {len(page.blocks)} blocks; "
                   f"{len(page.links)} links")
        except ParseError as e:
            got = f"ParseError: {e.message}"
        out.append({"file": path.name, "parser": "recognise + parse_article",
                    "got": f"antibot: {verdict}; {got}"})
    for path in sorted(d.glob("*rss-item*")):
        # the recording is one <item> with its author's comments: put it in a channel
        item = path.read_text("utf-8")
        body = f'<rss version="2.0"><channel>{item}</channel></rss>'.encode()
        items = parse_feed(body, path.name)
        out.append({"file": path.name, "parser": "parse_feed",
                    "got": "; ".join(f"{it.day} {it.link} {it.title[:40]!r} description "
                                     f"{it.description!r}" for it in items)})
    return out


def web(root: Path) -> list[dict[str, Any]]:
    out = []
    urls = {"trafilatura_cache_dw.com.colonial.html":
            "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/"
            "a-52060881"}
    for path in sorted((root / "web").glob("*.html")):
        html = path.read_text("utf-8", errors="replace")
        page = parse_page(html, urls.get(path.name, "https://example.org/"))
        out.append({"file": path.name, "parser": "recognise + parse_page",
                    "got": f"antibot: {recognise(html)}; title {page.title!r}; published "
                           f"{page.published}; language {page.language}; {len(page.text)} chars; "
                           f"{len(page.links)} main-text links {list(page.links)}; "
                           f"{len(page.other_links)} other links"})
    return out


def untc(root: Path) -> list[dict[str, Any]]:
    out = [{"file": "(no real page recorded)", "parser": "country_code",
            "got": ", ".join(f"{n!r} -> {country_code(n)}" for n in UNTC_NAMES)}]
    for path in sorted((root / "untc").glob("*.html")) if (root / "untc").is_dir() else ():
        try:
            page = parse_status_page(path.read_text("utf-8"), path.name)
            got = (f"title {page.title!r}; {len(page.participants)} participants; "
                   f"notes {sorted(page.notes)}")
        except ParseError as e:
            got = f"ParseError: {e.message}"
        out.append({"file": path.name, "parser": "parse_status_page", "got": got})
    return out


SECTIONS: dict[str, Callable[[Path], list[dict[str, Any]]]] = {
    "sejm_api": sejm, "wayback": wayback, "ria_article": ria, "web_page": web,
    "untc_status": untc,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--json", action="store_true", help="print JSON lines")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"no recordings at {args.root}", file=sys.stderr)
        return 2
    for kind, section in SECTIONS.items():
        for row in section(args.root):
            row = {"fetcher": kind, **row}
            if args.json:
                print(json.dumps(row, ensure_ascii=False, default=str))
            else:
                print(f"{kind:12} {row['file']}\n    {row['parser']}: {row['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
