"""Fetcher kind `untc_status`: a UN Treaty Collection status page by MTDSG number.

Participants, the "status as at" date and end-notes become typed facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from verify.errors import ParseError
from verify.fetchers._dates import (
    format_day,
    iter_english_dates,
    parse_english_date,
    parse_status_as_at,
)
from verify.fetchers._documents import (
    error_document,
    fetched_text,
    fetched_url,
    get_usable,
    pdf_if_pdf,
)
from verify.fetchers._html import element_text, page_title, parse_html, squash
from verify.fetchers._names import claim_entity_keys, country_code, registry_from
from verify.fetchers.base import (
    Document,
    DocumentRef,
    FetchContext,
    Fetcher,
    TypedFact,
)
from verify.fetchers.options import BUILTIN

PREFIX = "ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_"
GRID_ID = PREFIX + "tblgrid"
# The header's cells: the treaty's title (…_rptTreaty_ctl00_tcTreaty) and the end-notes
# container (…_divNotes), as scrapers of the real pages read them.
TITLE_CELL = "tcTreaty"
NOTES_ID = PREFIX + "divNotes"
# A footnote mark's link opens the note in a frame: FillIFrame('4,', '…', '26', '5') loads
# ../Pages/Notes.aspx?index=4&chapter=26&treaty=5&noresize=yes&flag=Y.
_FILL_IFRAME = re.compile(
    r"FillIFrame\(\s*'([^']*)'\s*,\s*'[^']*'\s*,\s*'?(\w+)'?\s*,\s*'?(\w+)'?\s*\)")
_TRAILING_MARKS = re.compile(r"(?:\s*\d{1,3}\s*,?)+\s*$")

# The suffix after a date in the action column says which kind of act it was;
# the column header lists them ("Ratification, Acceptance(A), Approval(AA),
# Accession(a), Succession(d)"). No suffix: the column's first act.
SUFFIX_ACTIONS = {"a": "accession", "A": "acceptance", "AA": "approval", "d": "succession"}

# End-note verbs, checked in order: the first that a note uses names its act.
NOTE_ACTIONS = (
    ("withdrawal", re.compile(r"\bwithdr[ae]w|\bwithdrawal|\bdenunciation|\bdenounc", re.I)),
    ("suspension", re.compile(r"\bsuspen[ds]", re.I)),
)
_EFFECT = re.compile(r"\beffect|\bentr(?:y|ies|ied)\s+into\s+force|\bbecom\w*\s+effective", re.I)
_NOTIFIED = re.compile(r"\bnotif|\breceiv|\bdeposit|\bcommunicat|\binform", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NOTE_START = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s+(?=\S)")
_NOTE_HEADINGS = re.compile(r"^\s*(?:end[- ]?)?notes?\s*:?\s*$", re.I)


def roman_to_int(roman: str) -> int:
    total, prev = 0, 0
    for ch in reversed(roman.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            raise ValueError(f"not a Roman numeral: {roman!r}")
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


def status_url(base_url: str, mtdsg: str, language: str = "_en") -> str:
    """The status page of MTDSG number "XXVI-5" (chapter XXVI = 26, treaty 5)."""
    chapter = mtdsg.split("-", 1)[0]
    query = urlencode({"src": "TREATY", "mtdsg_no": mtdsg,
                       "chapter": roman_to_int(chapter), "clang": language})
    return f"{base_url.rstrip('/')}/Pages/ViewDetails.aspx?{query}"


@dataclass(frozen=True)
class Participant:
    name: str  # as printed, footnote markers removed
    state: str | None  # ISO 3166 alpha-2
    notes: tuple[int, ...]  # end-note numbers marked on the name
    signature: date | None
    action: str | None  # "ratification", "accession", …
    action_date: date | None


@dataclass(frozen=True)
class StatusPage:
    title: str | None
    status_as_at: date | None
    entry_into_force: date | None
    participants: tuple[Participant, ...]
    notes: dict[int, str]
    text: str


def _cell_date(cell: str) -> tuple[date | None, str | None]:
    """A grid cell's date and its act suffix ("12 May 2003 a" -> (date, "a"))."""
    flat = squash(cell)
    d = parse_english_date(flat)
    if d is None:
        return None, None
    m = re.search(r"\d{4}\s*([A-Za-z]{1,2})?\s*$", flat)
    return d, (m.group(1) if m and m.group(1) else None)


def parse_status_page(html: str, url: str) -> StatusPage:
    """The status page's grid, "status as at" date and end-notes; ParseError without the grid."""
    tree = parse_html(html, url)
    grids = tree.xpath(f"//table[@id='{GRID_ID}']")
    if not grids:
        raise ParseError(f"no participants grid (table id {GRID_ID})", url=url)
    grid = grids[0]
    rows = grid.xpath(".//tr")
    header = [squash(element_text(c)) for c in rows[0].xpath("./th|./td")] if rows else []
    first_act = "ratification"
    if len(header) >= 3:
        first_word = re.match(r"[A-Za-z]+", header[2])
        if first_word:
            first_act = first_word.group(0).lower()
    participants = []
    for row in rows[1:]:
        cells = row.xpath("./td|./th")
        if len(cells) < 2:
            continue
        raw = squash(element_text(cells[0], skip_sup=True))
        marks = " ".join(squash("".join(s.itertext())) for s in cells[0].xpath(".//sup"))
        # marks printed as text after the name: "North Macedonia 4 ,", "… 6 , 18 , 19 ,"
        trailing = _TRAILING_MARKS.search(raw)
        name = raw[:trailing.start()].strip() if trailing else raw
        if trailing:
            marks += " " + trailing.group(0)
        note_nums = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", marks)))
        if not name or name.lower() == "participant":
            continue
        sig, _ = _cell_date(element_text(cells[1]))
        act_date, suffix = (_cell_date(element_text(cells[2])) if len(cells) > 2
                            else (None, None))
        action = SUFFIX_ACTIONS.get(suffix or "", first_act) if act_date else None
        participants.append(Participant(name, country_code(name), note_nums, sig, action,
                                        act_date))
    page_text = element_text(tree.body if tree.body is not None else tree)
    containers = tree.xpath(f"//*[@id='{NOTES_ID}']")
    notes = (parse_notes(containers[0]) if containers else {}) or _end_notes(tree, grid)
    eif = None
    m = re.search(r"Entry\s+into\s+force\s*:?\s*(.{0,80})", page_text, re.I)
    if m:
        eif = parse_english_date(m.group(1))
    return StatusPage(title=_treaty_title(tree), status_as_at=parse_status_as_at(page_text),
                      entry_into_force=eif, participants=tuple(participants), notes=notes,
                      text=page_text)


def notes_links(html: str, page_url: str) -> dict[int, str]:
    """Note number → the Notes.aspx URL its footnote mark opens (absolute)."""
    out: dict[int, str] = {}
    for index, chapter, treaty in _FILL_IFRAME.findall(html):
        num = re.match(r"\s*(\d+)", index)
        if num is None:
            continue
        query = urlencode({"index": num.group(1), "chapter": chapter, "treaty": treaty,
                           "noresize": "yes", "flag": "Y"})
        out.setdefault(int(num.group(1)), urljoin(page_url, f"Notes.aspx?{query}"))
    return out


def parse_notes(container: Any) -> dict[int, str]:
    """Numbered notes in a container (the status page's notes div, or a Notes.aspx page)."""
    notes: dict[int, str] = {}
    current: int | None = None
    for line in element_text(container).split("\n"):
        if _NOTE_HEADINGS.match(line):
            continue
        m = _NOTE_START.match(line)
        if m:
            current = int(m.group(1))
            notes[current] = line[m.end():].strip()
        elif current is not None and line.strip():
            notes[current] += " " + line.strip()
    return notes


def parse_notes_page(html: str, url: str, number: int) -> str | None:
    """The text of note `number` from a Notes.aspx page (the notes div, else the body)."""
    tree = parse_html(html, url)
    containers = tree.xpath(f"//*[@id='{NOTES_ID}']") or [tree.body if tree.body is not None
                                                            else tree]
    notes = parse_notes(containers[0])
    if number in notes:
        return notes[number]
    text = squash(element_text(containers[0]))
    return text or None


def _treaty_title(tree: Any) -> str | None:
    for cell in tree.xpath(f"//*[substring(@id, string-length(@id) - "
                           f"{len(TITLE_CELL) - 1}) = '{TITLE_CELL}']"):
        lines = [squash(line) for line in element_text(cell).split("\n") if squash(line)]
        if lines:
            return lines[0]
    for el in tree.xpath("//h1|//h2|//h3|//span[contains(@id,'Title')]"):
        t = squash(element_text(el))
        if "convention" in t.lower() or "treaty" in t.lower() or "agreement" in t.lower():
            return t
    title: str | None = page_title(tree)
    return title


def _end_notes(tree: Any, grid: Any) -> dict[int, str]:
    """Numbered notes that follow the grid ("1. On 27 June 2025, …")."""
    after: list[str] = []
    seen_grid = False
    for el in tree.iter():
        if el is grid:
            seen_grid = True
            continue
        if not seen_grid or not isinstance(el.tag, str):
            continue
        if el.tag in ("p", "li", "div") and not el.xpath(".//p|.//li|.//div|.//table"):
            if any(a is grid for a in el.iterancestors()):
                continue
            text = squash(element_text(el))
            if el.tag == "li" and text and not _NOTE_START.match(text):
                # an <ol> numbers its items itself
                parent = el.getparent()
                index = parent.index(el) + 1 if parent is not None else 0
                start = int(parent.get("start", "1")) if parent is not None else 1
                text = f"{index + start - 1}. {text}"
            after.append(text)
    notes: dict[int, str] = {}
    current: int | None = None
    for line in after:
        if _NOTE_HEADINGS.match(line):
            continue
        m = _NOTE_START.match(line)
        if m:
            current = int(m.group(1))
            notes[current] = line[m.end():].strip()
        elif current is not None and line:
            notes[current] += " " + line
    return notes


def _note_fact(treaty: str, p: Participant | None, state: str | None, name: str,
               note: str) -> TypedFact | None:
    action = next((a for a, pat in NOTE_ACTIONS if pat.search(note)), None)
    if action is None:
        return None
    if next(iter_english_dates(note), None) is None:
        return None
    effective: date | None = None
    notified: date | None = None
    fallback: date | None = None  # a date in a sentence that names neither
    for sentence in re.split(r"(?<=[.;])\s+", note):
        sentence_hits = list(iter_english_dates(sentence))
        if not sentence_hits:
            continue
        eff = _EFFECT.search(sentence)
        later = [h for h in sentence_hits if eff is not None and h.start > eff.start()]
        if eff is not None and later and effective is None:
            # "… received on 27 June 2025 and takes effect on 27 December 2025":
            # the date after the word "effect" is the effective one.
            effective = later[0].value
            earlier = [h for h in sentence_hits if h.start < eff.start()]
            if earlier and notified is None and _NOTIFIED.search(sentence[:eff.start()]):
                notified = earlier[0].value
        elif notified is None and _NOTIFIED.search(sentence):
            notified = sentence_hits[0].value
        elif fallback is None:
            fallback = sentence_hits[0].value
    notified = notified or fallback
    fields = {"treaty": treaty, "state": state, "action": action, "date": notified,
              "date_notified": notified, "date_effective": effective}
    text = f"{name}: {action}"
    text += f"; notification received {format_day(notified)}" if notified else ""
    text += f"; takes effect {format_day(effective)}" if effective else ""
    return TypedFact("treaty_action", _iso(fields), text + ".")


def _iso(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items()}


def status_facts(page: StatusPage, treaty: str) -> tuple[TypedFact, ...]:
    """Typed facts: the treaty's status, each participant's acts, end-note withdrawals."""
    facts: list[TypedFact] = []
    status_text = "Status of the treaty"
    if page.entry_into_force:
        status_text += f": entered into force {format_day(page.entry_into_force)}"
    if page.status_as_at:
        status_text += f"; status as at {format_day(page.status_as_at)}"
    facts.append(TypedFact("treaty_status", _iso({
        "treaty": treaty, "entry_into_force": page.entry_into_force,
        "status_as_at": page.status_as_at}), status_text + "."))
    noted: set[int] = set()
    for p in page.participants:
        if p.signature:
            facts.append(TypedFact("treaty_action", _iso({
                "treaty": treaty, "state": p.state, "action": "signature", "date": p.signature,
                "date_notified": None, "date_effective": None}),
                f"{p.name}: signature {format_day(p.signature)}."))
        if p.action and p.action_date:
            facts.append(TypedFact("treaty_action", _iso({
                "treaty": treaty, "state": p.state, "action": p.action, "date": p.action_date,
                "date_notified": p.action_date, "date_effective": None}),
                f"{p.name}: {p.action} {format_day(p.action_date)}."))
        for n in p.notes:
            note = page.notes.get(n)
            fact = _note_fact(treaty, p, p.state, p.name, note) if note else None
            if fact is not None:
                facts.append(fact)
                noted.add(n)
    # A note no participant marks may still name its state ("… by the Government of X").
    for n, note in sorted(page.notes.items()):
        if n in noted:
            continue
        for p in page.participants:
            if re.search(rf"\b{re.escape(p.name)}\b", note):
                fact = _note_fact(treaty, p, p.state, p.name, note)
                if fact is not None:
                    facts.append(fact)
                break
    return tuple(facts)


def _mtdsg_of(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get("mtdsg_no")
    return values[0] if values else None


class UntcStatus(Fetcher):
    kind = "untc_status"
    summary = BUILTIN[kind].summary
    options = BUILTIN[kind].options

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        """The status page of each treaty the claim names that has an MTDSG number."""
        registry = registry_from(ctx)
        keys = list(claim_entity_keys(claim))
        covered = registry.sources.get(self.key)
        if covered is not None:  # a claim routed here by `covers` may not name the treaty
            keys += [k for k in covered.covers_entities if k not in keys]
        refs: list[DocumentRef] = []
        for key in keys:
            ent = registry.entities.get(key)
            mtdsg = ent.ids.get("mtdsg") if ent is not None else None
            if mtdsg:
                url = status_url(self.config.get("base_url", "https://treaties.un.org"),
                                 mtdsg, self.config.get("language", "_en"))
                if all(r.url != url for r in refs):
                    refs.append(DocumentRef(url, self.key, f"MTDSG {mtdsg} of entity {key}",
                                            "text/html"))
        return refs

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        fetched, problem = await get_usable(ctx, ref.url)
        if problem is not None:
            return [error_document(ref, fetched, problem)]
        if (pdf := await pdf_if_pdf(ref, fetched, ctx)) is not None:
            return pdf
        url = fetched_url(fetched, ref)
        html = fetched_text(fetched)
        try:
            page = parse_status_page(html, url)
        except ParseError as e:
            return [error_document(ref, fetched, e.message)]
        page = await self._load_notes(ctx, page, html, url)
        treaty = self._treaty_key(ref.url, ctx)
        return [Document(ref=ref, fetched=fetched, title=page.title, text=page.text,
                         language="en" if ref.url.endswith("_en") else None,
                         facts=status_facts(page, treaty), record_date=page.status_as_at)]

    async def _load_notes(self, ctx: FetchContext, page: StatusPage, html: str,
                          url: str) -> StatusPage:
        """Notes the grid marks but the page does not print, read from Notes.aspx (the
        frame the footnote marks open), at most `max_notes` of them."""
        marked = [n for p in page.participants for n in p.notes if n not in page.notes]
        links = notes_links(html, url)
        wanted = [n for n in dict.fromkeys(marked) if n in links][: self._max_notes()]
        if not wanted:
            return page
        notes = dict(page.notes)
        texts = [page.text]
        for n in wanted:
            fetched, problem = await get_usable(ctx, links[n])
            if problem is not None:
                continue
            try:
                note = parse_notes_page(fetched_text(fetched), fetched_url(
                    fetched, DocumentRef(links[n], self.key, "")), n)
            except ParseError:
                continue
            if note:
                notes[n] = note
                texts.append(f"{n}. {note}")
        return replace(page, notes=notes, text="\n".join(texts))

    def _max_notes(self) -> int:
        value = self.config.get("max_notes")
        return value if isinstance(value, int) else 50

    def _treaty_key(self, url: str, ctx: FetchContext) -> str:
        """The registry entity with this MTDSG number, else the number itself."""
        mtdsg = _mtdsg_of(url)
        if mtdsg is None:
            return url
        for ent in registry_from(ctx).entities.values():
            if ent.ids.get("mtdsg") == mtdsg:
                return ent.key
        return mtdsg

