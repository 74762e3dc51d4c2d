"""A seeded generator of news-like passages and claims for bench/match.

Passages are one to three sentences drawn from some forty sentence frames over
invented people, places and organisations and a few hundred ordinary news
words; entities and words are drawn with Zipf-like weights, so, as in real
news, a few names are everywhere and most are rare, and two passages seldom
share more than a frame and a couple of words. Passage i is generated from
its own block of the seed, so a claim can be derived from any passage without
generating the corpus before it. Claims keep a passage's first sentence, or
change its number, date or place, or are made up on an unrelated subject.
Same seed, same text.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_ONSETS = [
    "b",
    "br",
    "c",
    "ch",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kl",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "st",
    "t",
    "tr",
    "v",
    "w",
    "z",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia"]
_CODAS = ["", "", "n", "r", "s", "l", "k", "m", "th", "nd"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ROLES = [
    "minister",
    "spokesperson",
    "director",
    "chairman",
    "governor",
    "mayor",
    "senator",
    "ambassador",
    "commander",
    "president",
    "secretary",
    "analyst",
    "economist",
    "prosecutor",
    "judge",
    "treasurer",
    "auditor",
    "inspector",
    "editor",
    "negotiator",
    "lawyer",
    "adviser",
    "envoy",
    "commissioner",
    "deputy",
    "researcher",
    "professor",
    "coach",
    "founder",
    "chief-executive",
]
_NOUNS = [
    "workers",
    "soldiers",
    "voters",
    "students",
    "patients",
    "refugees",
    "households",
    "companies",
    "schools",
    "hospitals",
    "vehicles",
    "homes",
    "farms",
    "contracts",
    "licences",
    "tonnes",
    "barrels",
    "passengers",
    "flights",
    "tickets",
    "bridges",
    "wells",
    "clinics",
    "doctors",
    "nurses",
    "teachers",
    "pensioners",
    "migrants",
    "prisoners",
    "tourists",
    "trucks",
    "ships",
    "containers",
    "seedlings",
    "cattle",
    "sheep",
    "permits",
    "loans",
    "mortgages",
    "jobs",
    "shares",
    "bonds",
    "signatures",
    "complaints",
    "ballots",
    "rifles",
    "drones",
    "mines",
    "shells",
    "laptops",
    "vaccines",
    "doses",
    "beds",
    "classrooms",
    "apartments",
    "shops",
    "factories",
    "turbines",
    "panels",
    "kilometres",
    "hectares",
]
_VERBS = [
    "approved",
    "rejected",
    "delivered",
    "evacuated",
    "registered",
    "closed",
    "opened",
    "inspected",
    "sold",
    "bought",
    "built",
    "destroyed",
    "counted",
    "hired",
    "dismissed",
    "vaccinated",
    "repaired",
    "relocated",
    "seized",
    "released",
    "recalled",
    "audited",
    "insured",
    "subsidised",
    "exported",
    "imported",
    "cleared",
    "demolished",
    "restored",
    "licensed",
    "surveyed",
    "suspended",
    "reinstated",
    "detained",
    "treated",
    "trained",
    "rescued",
    "fined",
    "banned",
]
_TOPICS = [
    "budget",
    "election",
    "treaty",
    "pipeline",
    "harbour",
    "railway",
    "border",
    "tariff",
    "reform",
    "strike",
    "flood",
    "drought",
    "merger",
    "lawsuit",
    "summit",
    "ceasefire",
    "census",
    "pension-plan",
    "housing-scheme",
    "water-project",
    "grain-deal",
    "fishing-quota",
    "vaccination-drive",
    "tax-amnesty",
    "airport-expansion",
    "metro-line",
    "power-plant",
    "wind-farm",
    "land-reform",
    "curfew",
    "recount",
    "referendum",
    "bailout",
    "audit",
    "inquiry",
    "free-trade-agreement",
    "privatisation",
    "minimum-wage",
    "sanctions-package",
    "debt-restructuring",
    "stadium-project",
    "dam-project",
    "rail-tender",
    "school-reform",
]
_ADJECTIVES = [
    "controversial",
    "long-delayed",
    "landmark",
    "interim",
    "regional",
    "national",
    "temporary",
    "revised",
    "emergency",
    "disputed",
    "joint",
    "cross-border",
    "provisional",
    "five-year",
    "multi-million",
    "unpopular",
    "much-criticised",
    "cautious",
    "ambitious",
]
_FACILITIES = [
    "port",
    "airport",
    "border-crossing",
    "refinery",
    "power-station",
    "railway-station",
    "market",
    "stadium",
    "hospital",
    "barracks",
    "dam",
    "courthouse",
    "warehouse",
    "mine",
]
_GOODS = [
    "bread",
    "fuel",
    "rice",
    "electricity",
    "rent",
    "coffee",
    "sugar",
    "fertiliser",
    "cement",
    "diesel",
    "milk",
    "cooking-oil",
]
_FUTURES = (
    "be completed",
    "be reviewed",
    "be extended",
    "be cancelled",
    "reach parliament",
    "go to court",
    "be put to a vote",
    "be signed",
)

_FRAMES = (
    "{P}, the {R} of {O}, said on {D} that {N} {Q} had been {V} in {L}.",
    "In {L}, {O} {V} {N} {Q} on {D}, according to {P}.",
    "The {A} {T} for {L} was signed on {D} by {P} of {O}, covering {N} {Q}.",
    "{O} reported that {N} {Q} were {V} across {L} in {MY}.",
    "On {D}, {P} announced that {O} would spend {M} on the {T} in {L}.",
    "{P} told reporters in {L} that the {T} had cost {M} since {D}.",
    "A {A} report by {O} found that {PCT} of {Q} in {L} were {V} in {Y}.",
    "{P} resigned as {R} of {O} on {D} after a dispute over the {T}.",
    "Officials in {L} confirmed on {D} that {N} {Q} had been {V} during the {T}.",
    "The {T} in {L} drew {N} {Q}, {P} of {O} said on {D}.",
    "{O} and {O2} agreed on {D} to share the cost of the {A} {T}, estimated at {M}.",
    "Voters in {L} rejected the {T} on {D} by {N} votes to {N2}, {O} said.",
    "{P}, who leads {O}, was elected {R} of {L} on {D} with {PCT} of the vote.",
    "Prices of {G} in {L} rose by {PCT} in {MY}, {O} said.",
    "Police in {L} said {N} {Q} were {V} on {D} near the {F}.",
    "{P} of {O} denied on {D} that the {T} in {L} had been {V}.",
    "The court in {L} fined {O} {M} on {D} over the {T}.",
    "By {D}, {N} {Q} had been {V} at the {F} in {L}, {O} said.",
    "{O} {V} the {A} {T} in {L} on {D}, citing a shortfall of {M}.",
    "{P}, a {R} at {O}, warned on {D} that the {T} could leave {N} {Q} in {L} without support.",
    "Production at the {F} in {L} fell by {PCT} in {MY}, according to {O}.",
    "{P} and {P2} met in {L} on {D} to discuss the {A} {T}.",
    "The {T} in {L} will {FU} by {Y}, {P} said on {D}.",
    "A spokesperson for {O} said {N} {Q} in {L} had been {V} since {MY}.",
    "{O} lent {M} to {L} on {D} for the {T}, {P} confirmed.",
    "Between {MY} and {MY2}, {N} {Q} left {L}, figures from {O} show.",
    "{P} was appointed {R} of {O} on {D}, replacing {P2}.",
    "Protesters gathered outside the {F} in {L} on {D} to oppose the {A} {T}.",
    "{L} and {L2} signed the {T} on {D}, {P} of {O} said.",
    "Exports of {G} from {L} reached {N} tonnes in {Y}, {O} estimated.",
    "The {A} {T} passed its first reading in {L} on {D} by {N} votes.",
    "{O} said on {D} that it had {V} {N} {Q} in {L} and {L2}.",
    "{N} {Q} were {V} after the {F} in {L} flooded on {D}.",
    "Inflation in {L} reached {PCT} in {MY}, {P} of {O} said.",
    "{P} sued {O} in {L} on {D}, claiming {M} in damages over the {T}.",
    "The {R} of {L}, {P}, visited the {F} on {D} with {N} {Q}.",
)
_SECOND = (
    "{P} said the {T} would {FU} by {Y}.",
    "{O} did not respond to a request for comment.",
    "The {T} has been debated in {L} since {Y}.",
    "{P}, the {R} of {O}, called the decision {A}.",
    "Similar {Q} were {V} in {L} in {Y}.",
    "About {N} {Q} live in the area, according to {O}.",
    "The {F} reopened on {D}.",
    "Critics in {L} say the {T} will cost more than {M}.",
    "{O} said a second phase would begin in {MY}.",
    "{P} declined to say how many {Q} had been {V}.",
)


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)]
    parts += [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables - 1)]
    return "".join(parts).capitalize()


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    # Rank r is drawn with weight 1/(r+1)^s: a few entries are frequent, most rare.
    return list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(n)))


@dataclass(frozen=True)
class World:
    people: tuple[str, ...]
    places: tuple[str, ...]
    orgs: tuple[str, ...]


def make_world(seed: int, people: int = 60000, places: int = 12000, orgs: int = 9000) -> World:
    rng = random.Random(seed)
    firsts = sorted({_word(rng, 2) for _ in range(4000)})
    lasts = sorted({_word(rng, 3) for _ in range(people)})
    kinds = (
        "Group",
        "Council",
        "Bank",
        "Agency",
        "Institute",
        "Union",
        "Fund",
        "Ministry",
        "Party",
        "Authority",
        "Foundation",
        "Holdings",
    )
    world_people = [f"{rng.choice(firsts)} {last}" for last in lasts]
    world_places = sorted({_word(rng, rng.choice((2, 3))) for _ in range(places)})
    world_orgs = sorted({f"{_word(rng, 2)} {rng.choice(kinds)}" for _ in range(orgs)})
    # Shuffled so that Zipf rank is unrelated to alphabetical order.
    for pool in (world_people, world_places, world_orgs):
        rng.shuffle(pool)
    return World(tuple(world_people), tuple(world_places), tuple(world_orgs))


class _Draw:
    """Zipf-weighted choices from each pool, with precomputed cumulative weights."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._cum: dict[int, list[float]] = {}

    def pick(self, rng: random.Random, pool: Sequence[str], s: float = 0.9) -> str:
        cum = self._cum.get(id(pool))
        if cum is None:
            cum = self._cum[id(pool)] = _zipf_cum(len(pool), s)
        return rng.choices(pool, cum_weights=cum)[0]


_DRAWS: dict[int, _Draw] = {}


def _draw(world: World) -> _Draw:
    d = _DRAWS.get(id(world))
    if d is None or d.world is not world:
        d = _DRAWS[id(world)] = _Draw(world)
    return d


def _number(rng: random.Random) -> int:
    return rng.choice((rng.randint(2, 99), rng.randint(100, 9999), rng.randint(10, 900) * 1000))


class _Slots(dict[str, str]):
    """A frame's slot values, drawn only when the frame uses them (half the cost)."""

    def __init__(self, rng: random.Random, draw: _Draw) -> None:
        super().__init__()
        self._rng = rng
        self._draw = draw

    def __missing__(self, key: str) -> str:
        rng, draw, w = self._rng, self._draw, self._draw.world
        value: str
        if key in ("P", "P2"):
            value = draw.pick(rng, w.people)
        elif key in ("O", "O2"):
            value = draw.pick(rng, w.orgs)
        elif key in ("L", "L2"):
            value = draw.pick(rng, w.places)
        elif key == "D":
            value = f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(1990, 2025)}"
        elif key in ("MY", "MY2"):
            value = f"{rng.choice(_MONTHS)} {rng.randint(1990, 2025)}"
        elif key == "Y":
            value = str(rng.randint(1990, 2030))
        elif key in ("N", "N2"):
            value = str(_number(rng))
        elif key == "M":
            value = f"{rng.randint(2, 950)} million {rng.choice(('dollars', 'euros', 'pounds'))}"
        elif key == "PCT":
            value = f"{rng.randint(1, 99)} percent"
        elif key == "Q":
            value = draw.pick(rng, _NOUNS, 0.7)
        elif key == "V":
            value = draw.pick(rng, _VERBS, 0.7)
        elif key == "T":
            value = draw.pick(rng, _TOPICS, 0.7).replace("-", " ")
        elif key == "R":
            value = rng.choice(_ROLES).replace("-", " ")
        elif key == "A":
            value = rng.choice(_ADJECTIVES)
        elif key == "F":
            value = rng.choice(_FACILITIES).replace("-", " ")
        elif key == "G":
            value = rng.choice(_GOODS).replace("-", " ")
        elif key == "FU":
            value = rng.choice(_FUTURES)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def _sentence(rng: random.Random, draw: _Draw, frames: Sequence[str]) -> tuple[str, _Slots]:
    slots = _Slots(rng, draw)
    text = frames[rng.randrange(len(frames))].format_map(slots)
    return text[0].upper() + text[1:], slots


# Passages are generated in blocks, each from its own seed, so passage i can
# be made without making the ones before its block.
_BLOCK = 100


def _block(seed: int, block: int, draw: _Draw) -> Iterator[tuple[str, dict[str, str]]]:
    rng = random.Random(seed * 1_000_003 + block)
    for _ in range(_BLOCK):
        first, slots = _sentence(rng, draw, _FRAMES)
        extra = [_sentence(rng, draw, _SECOND)[0] for _ in range(rng.choice((0, 0, 1, 1, 2)))]
        yield " ".join([first, *extra]), slots


def passages(seed: int, count: int, world: World) -> Iterator[tuple[str, str]]:
    """(id, text) for `count` passages; ids are zero-padded so they sort as numbers."""
    draw = _draw(world)
    for b in range((count + _BLOCK - 1) // _BLOCK):
        for j, (text, _) in enumerate(_block(seed, b, draw)):
            i = b * _BLOCK + j
            if i >= count:
                return
            yield f"p{i:08d}", text


@dataclass(frozen=True)
class BenchClaim:
    text: str
    kind: str  # "kept", "number", "date", "entity", "unrelated"
    source_id: str | None


_KINDS = ("kept", "number", "date", "entity", "unrelated")


def claims(seed: int, count: int, corpus_size: int, world: World) -> list[BenchClaim]:
    """Claims derived from passages of the corpus (regenerated by id), plus unrelated ones."""
    rng = random.Random(seed * 7919 + 2)
    draw = _draw(world)
    wanted = sorted(rng.sample(range(corpus_size), k=min(count, corpus_size)))
    blocks: dict[int, list[tuple[str, dict[str, str]]]] = {}
    out: list[BenchClaim] = []
    for i in wanted:
        if i // _BLOCK not in blocks:
            blocks = {i // _BLOCK: list(_block(seed, i // _BLOCK, draw))}
        text, slots = blocks[i // _BLOCK][i % _BLOCK]
        kind = rng.choice(_KINDS)
        sentence = text.split(". ")[0].rstrip(".") + "."
        if kind == "number":
            sentence = _change_number(sentence, slots, rng)
        elif kind == "date":
            sentence = re.sub(r"\b(19|20)\d\d\b", str(rng.randint(1990, 2025)), sentence, count=1)
        elif kind == "entity":
            key = next(k for k in ("L", "O", "P") if k in slots)
            sentence = sentence.replace(slots[key], rng.choice(_POOLS[key](world)))
        elif kind == "unrelated":
            sentence = _sentence(rng, draw, _FRAMES)[0]
        out.append(BenchClaim(sentence, kind, None if kind == "unrelated" else f"p{i:08d}"))
    return out


_POOLS = {"L": lambda w: w.places, "O": lambda w: w.orgs, "P": lambda w: w.people}


def _change_number(sentence: str, slots: dict[str, str], rng: random.Random) -> str:
    # The quantity the sentence states (not a day or a year, which is "date").
    for key in ("N", "M", "PCT", "N2"):
        if key in slots and slots[key] in sentence:
            old = slots[key]
            new = re.sub(
                r"\d+", str(int(re.findall(r"\d+", old)[0]) + rng.randint(1, 500)), old, count=1
            )
            return sentence.replace(old, new, 1)
    return re.sub(r"\b(19|20)\d\d\b", str(rng.randint(1990, 2025)), sentence, count=1)
