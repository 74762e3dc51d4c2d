"""Fetcher kind `sejm_api`: the Sejm's JSON API: sittings, votings, transcripts as typed facts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from verify.errors import ParseError
from verify.fetchers._dates import DayWindow, claim_window, format_day, parse_iso_day
from verify.fetchers._documents import (
    error_document,
    fetched_json,
    fetched_text,
    fetched_url,
    get_json,
    get_usable,
    pdf_if_pdf,
)
from verify.fetchers._html import element_text, parse_html, squash
from verify.fetchers._names import (
    Mentions,
    claim_entity_keys,
    entity_names,
    fold,
    mentions_of,
    person_matches,
    registry_from,
)
from verify.fetchers.base import (
    Document,
    DocumentRef,
    FetchContext,
    Fetcher,
    TypedFact,
)
from verify.fetchers.options import BUILTIN
from verify.registry import Registry

# What the claims stage may call a claim about words said (ClaimDraft.kind).
_QUOTE_KINDS = ("quote", "attribution")


@dataclass(frozen=True)
class Sitting:
    number: int
    title: str
    dates: tuple[date, ...]


@dataclass(frozen=True)
class Voting:
    sitting: int
    number: int
    day: date | None
    title: str
    topic: str
    raw: dict[str, Any]


# ---------------------------------------------------------------- parsing (pure)

# Titles of sittings announced but not held yet ("Planowane Posiedzenie Sejmu RP w dniach …").
_PLANNED = re.compile(r"^\s*planowane\b", re.I)


def parse_sittings(data: Any, as_of: date | None = None) -> tuple[Sitting, ...]:
    """`GET /proceedings`: a list of {number, title, dates}, sittings that were held only.

    The real listing also holds entries numbered 0 — ceremonial assemblies, the
    National Assembly, and sittings planned up to two years ahead — which have no
    votings or transcripts under that number; they are left out, and so is any
    sitting whose days all fall after `as_of` (it had not happened yet).
    """
    out = []
    for item in data if isinstance(data, list) else ():
        number = item.get("number") if isinstance(item, dict) else None
        if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
            continue
        title = str(item.get("title") or "")
        days = tuple(d for d in (parse_iso_day(x) for x in item.get("dates") or ()) if d)
        if _PLANNED.match(title) or (as_of is not None and days and min(days) > as_of):
            continue
        out.append(Sitting(number, title, days))
    return tuple(out)


def parse_votings(data: Any) -> tuple[Voting, ...]:
    """A list of votings (`/votings/{sitting}` or the search endpoint)."""
    out = []
    for item in data if isinstance(data, list) else ():
        if not isinstance(item, dict):
            continue
        sitting, number = item.get("sitting"), item.get("votingNumber", item.get("number"))
        if not isinstance(sitting, int) or not isinstance(number, int):
            continue
        out.append(Voting(sitting, number, parse_iso_day(item.get("date")),
                          str(item.get("title") or ""), str(item.get("topic") or ""), item))
    return tuple(out)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def vote_fact(data: Any, body: str, url: str) -> TypedFact:
    """One voting's JSON as a `vote` fact; ParseError when it is not a voting."""
    if not isinstance(data, dict) or "yes" not in data or "title" not in data:
        raise ParseError("not a Sejm voting (no 'title' and 'yes' fields)", url=url)
    day = parse_iso_day(data.get("date"))
    fields = {
        "body": body, "date": day.isoformat() if day else None,
        "title": str(data.get("title") or ""), "topic": str(data.get("topic") or ""),
        "yes": _count(data.get("yes")), "no": _count(data.get("no")),
        "abstain": _count(data.get("abstain")),
        "not_participating": _count(data.get("notParticipating")),
        "kind": data.get("kind") if isinstance(data.get("kind"), str) else None,
    }

    def n(key: str) -> str:
        v = fields[key]
        return "unknown" if v is None else str(v)

    text = (f"{body}, vote of {format_day(day)}: {fields['title']}"
            + (f" — {fields['topic']}" if fields["topic"] else "")
            + f": {n('yes')} for, {n('no')} against, {n('abstain')} abstaining, "
            f"{n('not_participating')} not participating.")
    return TypedFact("vote", fields, text)


def voting_text(data: dict[str, Any]) -> str:
    """Plain text of a voting: its description, then each member's vote if listed."""
    lines = [squash(str(data.get(k) or "")) for k in ("title", "topic", "description")]
    for v in data.get("votes") or ():
        if isinstance(v, dict):
            name = " ".join(str(v.get(k) or "") for k in ("firstName", "lastName")).strip()
            lines.append(f"{name} ({v.get('club') or ''}): {v.get('vote') or ''}")
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Statement:
    """One entry of a day's transcript listing."""

    num: int
    name: str  # the person's full name, middle names included ("Mirosław Adam Orliński")
    function: str  # a separate field: "Sekretarz Poseł", "Minister Obrony Narodowej", ""


def parse_transcript_listing(data: Any) -> tuple[Statement, ...]:
    """The statements of one day (`{date, proceedingNum, statements: [...]}`)."""
    items = data.get("statements") if isinstance(data, dict) else data
    out = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("num"), int):
            out.append(Statement(item["num"], squash(str(item.get("name") or "")),
                                 squash(str(item.get("function") or ""))))
    return tuple(out)


def parse_statement(html: str, url: str) -> tuple[str | None, str]:
    """A statement page: the speaker heading and the words said.

    The page opens with the sitting's header (`<h1>10. kadencja, 10. posiedzenie,
    1. dzień (…)</h1>`); the speaker is the `h2.mowca` after it ("Sekretarz Poseł
    Mirosław Adam Orliński:"), else the first h2/h3 — never the h1.
    """
    tree = parse_html(html, url)
    heads = (tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' mowca ')]")
             or tree.xpath("//h2|//h3"))
    speaker = squash(element_text(heads[0])).rstrip(":").strip() or None if heads else None
    paras = [squash(element_text(p)) for p in tree.xpath("//body//p")
             if not p.xpath("ancestor::*[contains(@class,'reconstruction')]")]
    text = "\n\n".join(p for p in paras if p)
    if not text:
        raise ParseError("statement page has no paragraphs", url=url)
    return speaker, text


# ---------------------------------------------------------------- ranking (pure)

def rank_votings(votings: Iterable[Voting], sets: Mentions,
                 window: DayWindow | None, numbers: tuple[float, ...]) -> list[Voting]:
    """Votings that mention the claim's entities (and fall in the window), best first.

    Score: entities mentioned in title and topic, then counts that equal a
    number the claim states (413 of "413 for"), then the later voting — a bill's
    vote on the whole comes after the votes on its amendments.
    """
    scored = []
    for v in votings:
        if window is not None and v.day is not None and v.day not in window:
            continue
        mentions = sets.score(f"{v.title} {v.topic}") if sets else 0
        if sets and mentions == 0:
            continue
        counts = {v.raw.get(k) for k in ("yes", "no", "abstain", "notParticipating")}
        agree = sum(1 for x in numbers if x in counts)
        scored.append(((mentions, agree, v.day or date.min, v.number), v))
    scored.sort(key=lambda t: t[0], reverse=True)
    return [v for _, v in scored]


def search_words(names: Iterable[str], limit: int) -> tuple[str, ...]:
    """Title words for the search endpoint: the longest words of the entities' names.

    The longest word of a name is its most specific one, and long words are
    the least inflected part of a Polish title ("przeciwpiechotnych"). Words keep
    their diacritics: the API matches the title as printed.
    """
    found = {w.lower() for n in names for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", n)
             if len(w) >= 8}
    return tuple(sorted(found, key=lambda w: (-len(w), w))[:limit])


def _claim_numbers(claim: Any) -> tuple[float, ...]:
    slots = getattr(claim, "slots", None)
    return tuple(q.value for q in getattr(slots, "numbers", ()) or ()
                 if isinstance(getattr(q, "value", None), int | float))


# ---------------------------------------------------------------- the fetcher

class SejmApi(Fetcher):
    kind = "sejm_api"
    summary = BUILTIN[kind].summary
    options = BUILTIN[kind].options

    @property
    def root(self) -> str:
        base = str(self.config.get("base_url") or "https://api.sejm.gov.pl/sejm").rstrip("/")
        return f"{base}/term{self.config.get('term')}"

    def _str_opt(self, name: str) -> str:
        value = self.config.get(name)
        return value if isinstance(value, str) and value else str(
            next(o.default for o in self.options if o.name == name))

    def _opt(self, name: str) -> int:
        value = self.config.get(name)
        if isinstance(value, int):
            return value
        return int(next(o.default for o in self.options if o.name == name))

    # ------------------------------------------------------------ discovery

    async def discover(self, citation: Any, claim: Any, ctx: FetchContext) -> list[DocumentRef]:
        """Votings by date (the sitting whose days include it) or by title words; speeches
        of the claim's speaker in those sittings' transcripts."""
        registry = registry_from(ctx)
        keys = claim_entity_keys(claim)
        topics = self._topic_keys(keys, registry) or self._topic_keys(
            tuple((ctx.extra or {}).get("entities", ())), registry)
        sets = mentions_of(topics, registry)
        window = claim_window(claim, None, None, 0)
        numbers = _claim_numbers(claim)
        sittings = await self._sittings(ctx)
        votings: list[Voting] = []
        if window is not None:
            for s in sittings:
                if any(d in window for d in s.dates):
                    data = await get_json(ctx, f"{self.root}/votings/{s.number}")
                    votings.extend(parse_votings(data))
        elif sets:
            names = [n for k in topics for n in entity_names(k, registry)]
            for word in search_words(names, self._opt("search_terms")):
                votings.extend(await self._search(ctx, word))
        if window is None:
            window = claim_window(claim, ctx.published, ctx.as_of, self._opt("window_days"))
            # Search results with no claim date: the article's window only filters when
            # the article is dated; an undated article takes what the search found.
            if ctx.published is None:
                window = None
        ranked = rank_votings(_unique(votings), sets, window, numbers)
        refs = [DocumentRef(f"{self.root}/votings/{v.sitting}/{v.number}", self.key,
                            f"voting {v.number} of sitting {v.sitting} on {v.day}: "
                            f"{v.title[:80]}", "application/json")
                for v in ranked[: self._opt("max_votings")]]
        if self._wants_speech(claim):
            chosen = {v.sitting for v in ranked}
            refs += await self._speeches(ctx, claim, sittings, chosen, window)
        return refs

    def _topic_keys(self, keys: Iterable[str], registry: Registry) -> tuple[str, ...]:
        """What a vote would be about: the claim's entities less countries and the
        bodies this source itself covers (the Sejm is who votes, not what on)."""
        own = set(registry.sources[self.key].covers_entities) if self.key in \
            registry.sources else set()
        out = []
        for k in keys:
            ent = registry.entities.get(k)
            if k.startswith("country:") or k in own or (ent is not None and ent.kind in
                                                          ("country", "body")):
                continue
            out.append(k)
        return tuple(out)

    async def _sittings(self, ctx: FetchContext) -> tuple[Sitting, ...]:
        return parse_sittings(await get_json(ctx, f"{self.root}/proceedings"), ctx.as_of)

    async def _search(self, ctx: FetchContext, word: str) -> list[Voting]:
        found: list[Voting] = []
        limit = self._opt("page_size")
        for page in range(self._opt("max_pages")):
            query = urlencode({"title": word, "offset": page * limit, "limit": limit})
            data = await get_json(ctx, f"{self.root}/votings/search?{query}")
            items = data if isinstance(data, list) else []
            found.extend(parse_votings(items))
            if len(items) < limit:
                break
        return found

    @staticmethod
    def _wants_speech(claim: Any) -> bool:
        return bool(getattr(claim, "speaker", None)) and (
            bool(getattr(claim, "quote", None)) or getattr(claim, "kind", None) in _QUOTE_KINDS
            or "speech" in (getattr(claim, "fact_types", ()) or ()))

    async def _speeches(self, ctx: FetchContext, claim: Any, sittings: tuple[Sitting, ...],
                        chosen: set[int], window: DayWindow | None) -> list[DocumentRef]:
        """Statements by the claim's speaker on the days of the chosen sittings, or of the
        sittings in the window, or else of the latest sittings."""
        speaker = str(getattr(claim, "speaker", "") or "")
        pool = [s for s in sittings if s.number in chosen]
        if not pool and window is not None:
            pool = [s for s in sittings if any(d in window for d in s.dates)]
        if not pool:
            pool = sorted(sittings, key=lambda s: max(s.dates, default=date.min),
                          reverse=True)[: self._opt("max_sittings")]
        refs = []
        for s in pool:
            for day in s.dates:
                base = f"{self.root}/proceedings/{s.number}/{day.isoformat()}/transcripts"
                for st in parse_transcript_listing(await get_json(ctx, base)):
                    if person_matches(speaker, _without_function(st)):
                        # the statement number as the API and its clients write it: /1
                        who = " ".join(p for p in (st.function, st.name) if p)
                        refs.append(DocumentRef(f"{base}/{st.num}", self.key,
                                                f"statement {st.num} of {day} by {who}",
                                                "text/html"))
        return refs

    # ------------------------------------------------------------ fetch

    async def fetch(self, ref: DocumentRef, ctx: FetchContext) -> list[Document]:
        fetched, problem = await get_usable(ctx, ref.url)
        if problem is not None:
            return [error_document(ref, fetched, problem)]
        if (pdf := await pdf_if_pdf(ref, fetched, ctx)) is not None:
            return pdf
        url = fetched_url(fetched, ref)
        try:
            if m := re.search(r"/proceedings/(\d+)/(\d{4}-\d{2}-\d{2})/transcripts/(\d+)$",
                              ref.url):
                return [self._speech_document(ref, fetched, url, m)]
            if re.search(r"/votings/\d+/\d+$", ref.url):
                data = fetched_json(fetched, url)
                fact = vote_fact(data, self._str_opt("body"), url)
                return [Document(ref=ref, fetched=fetched, title=fact.fields["title"],
                                 text=voting_text(data), language="pl",
                                 published=parse_iso_day(data.get("date")), facts=(fact,))]
        except ParseError as e:
            return [error_document(ref, fetched, e.message)]
        return [error_document(ref, fetched, "not a Sejm voting or statement URL")]

    def _speech_document(self, ref: DocumentRef, fetched: Any, url: str,
                         m: re.Match[str]) -> Document:
        speaker, text = parse_statement(fetched_text(fetched), url)
        day = date.fromisoformat(m.group(2))
        fact = TypedFact("speech", {"speaker": speaker, "date": day.isoformat(), "text": text},
                         f"{speaker or 'A speaker'}, {format_day(day)}: {text}")
        return Document(ref=ref, fetched=fetched, title=speaker, text=text, language="pl",
                        published=day, author=speaker, facts=(fact,))


def _unique(votings: Iterable[Voting]) -> list[Voting]:
    seen: dict[tuple[int, int], Voting] = {}
    for v in votings:
        seen.setdefault((v.sitting, v.number), v)
    return list(seen.values())


def _without_function(st: Statement) -> str:
    """The person's name of a listing entry. The API keeps the function in its own field;
    a listing that prints it before the name ("Minister Obrony Narodowej Jan Kowalski")
    has it cut off when the two agree."""
    if st.function and fold(st.name).startswith(fold(st.function) + " "):
        return st.name[len(st.function):].strip()
    return st.name
