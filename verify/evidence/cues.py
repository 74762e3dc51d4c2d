"""Polarity cues: negation words, refusing predicates, antonyms and exclusive words.

General English word knowledge, written from grammar and a dictionary, not
from any evaluation file: words that deny a clause, verbs whose object did not
happen ("refused to model"), and pairs of opposite words.
"""

from __future__ import annotations

from collections.abc import Sequence

from verify.evidence.text import NEGATION_WORDS, stem

# Verbs and adjectives that say the thing after them did not happen or is
# absent: "refused to", "failed to", "unable to", "lack of".
DENYING_WORDS: frozenset[str] = frozenset(
    stem(w)
    for w in [
        "refuse",
        "refused",
        "refuses",
        "refusing",
        "refusal",
        "declined",
        "decline",
        "declines",
        "declining",
        "fail",
        "failed",
        "fails",
        "failing",
        "failure",
        "unable",
        "incapable",
        "deny",
        "denied",
        "denies",
        "denying",
        "reject",
        "rejected",
        "rejects",
        "rejecting",
        "reluctant",
        "avoid",
        "avoided",
        "avoids",
        "lack",
        "lacked",
        "lacks",
        "lacking",
        "absent",
        "absence",
        "prevented",
        "prevent",
        "forbade",
        "forbidden",
        "banned",
        "stopped",
        "quit",
        "ceased",
        "ceases",
        "abandon",
        "abandoned",
        "cancelled",
        "canceled",
    ]
)

# Opposite words, by meaning (one pair a line in spirit). Morphological
# opposites (un-, in-, dis-, non-) are found by rule in `antonym_pairs`.
_ANTONYMS = """
begin end|began end|begun end|begin finish|start end|start finish|start stop|open close|first last
born die|birth death|alive dead|live die|win lose|won lost|victory defeat
success failure|successful failed|accept reject|allow forbid|allow ban|permit forbid
increase decrease|rise fall|rose fell|gain lose|grow shrink|expand contract
more less|most least|many few|large small|big small|long short|tall short|high low
higher lower|highest lowest|larger smaller|largest smallest|bigger smaller
biggest smallest|longer shorter|longest shortest|greater lesser|greatest least
best worst|better worse|good bad|positive negative|major minor|maximum minimum
early late|earlier later|earliest latest|before after|old new|older newer
oldest newest|older younger|oldest youngest|young old|ancient modern|past future
male female|man woman|men women|boy girl|father mother|son daughter|brother sister
husband wife|king queen|prince princess|actor actress|masculine feminine
north south|east west|northern southern|eastern western|left right|up down
above below|top bottom|inside outside|internal external|domestic foreign
national international|public private|urban rural|indoor outdoor
true false|right wrong|correct incorrect|real fake|real fictional|fact fiction
legal illegal|always never|all none|everyone nobody|everything nothing
include exclude|included excluded|join leave|joined left|enter exit|arrive depart
buy sell|bought sold|give take|gave took|send receive|sent received|lend borrow
import export|attack defend|offense defense|offensive defensive|war peace
rich poor|wealthy poor|cheap expensive|free paid|hot cold|warm cool|wet dry
light dark|light heavy|fast slow|quick slow|hard soft|hard easy|difficult easy
strong weak|loud quiet|full empty|heavy light|thick thin|wide narrow|deep shallow
love hate|like dislike|friend enemy|ally enemy|hero villain|agree disagree
support oppose|supported opposed|pro anti|love hatred|praise criticize
praised criticized|acclaimed panned|popular unpopular|famous unknown|known unknown
win defeat|won defeated|pass fail|passed failed|appear disappear|present absent
found lost|create destroy|created destroyed|build demolish|built demolished
marry divorce|married divorced|hire fire|hired fired|employ dismiss|elected defeated
add remove|added removed|increase reduce|increased reduced|raise lower|raised lowered
comedy tragedy|fiction nonfiction
day night|summer winter|spring autumn|spring fall|morning evening|sunrise sunset
natural artificial|organic synthetic
single double|odd even|plural singular|same different
similar different|common rare|usual unusual|normal abnormal|regular irregular
original copy|original remake|original cover|professional amateur|expert novice
senior junior|major minor|upper lower|inner outer|front back|head tail|first final
"""


def _pairs() -> frozenset[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for group in _ANTONYMS.replace("\n", "|").split("|"):
        parts = group.split()
        if len(parts) != 2:
            continue
        a, b = stem(parts[0]), stem(parts[1])
        if a != b:
            out.add((a, b))
            out.add((b, a))
    return frozenset(out)


ANTONYMS: frozenset[tuple[str, str]] = _pairs()

_NEG_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non", "non-", "a")

# "only", "sole", "exclusively" make a claim false when the passage names
# others beside it; "first"/"last" rank in a sequence.
EXCLUSIVE_WORDS: frozenset[str] = frozenset({"only", "sole", "solely", "exclusively", "alone"})


def is_negation_word(word: str) -> bool:
    return word in NEGATION_WORDS or word.endswith("n't")


def _denies(word_list: Sequence[str], i: int) -> bool:
    w = word_list[i]
    if is_negation_word(w) or stem(w) in DENYING_WORDS:
        return True
    # "has yet to appear" says it has not appeared.
    return w == "yet" and i + 1 < len(word_list) and word_list[i + 1] == "to"


def polarity_cues(word_list: Sequence[str]) -> list[str]:
    """The words in a sentence that deny what follows them."""
    return [w for i, w in enumerate(word_list) if _denies(word_list, i)]


def polarity_scopes(
    word_list: Sequence[str], phrases: Sequence[int], reach: int
) -> list[tuple[str, frozenset[int]]]:
    """Each denying word with the positions it reaches: the words after it in
    its phrase, at most `reach` of them ("did not attract tourists, ..."),
    and the word before it ("no longer", "never", "not" deny a verb nearby)."""
    out: list[tuple[str, frozenset[int]]] = []
    for i in range(len(word_list)):
        if not _denies(word_list, i):
            continue
        scope = {
            j
            for j in range(max(0, i - 1), min(len(word_list), i + 1 + reach))
            if j != i and phrases[j] == phrases[i]
        }
        out.append((word_list[i], frozenset(scope)))
    return out


def morphological_opposite(a: str, b: str) -> bool:
    """ "successful"/"unsuccessful", "legal"/"illegal", "fiction"/"nonfiction"."""
    if a == b:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 4:
        return False
    return any(long_ == p + short or long_ == p + "-" + short for p in _NEG_PREFIXES)


def opposite_pairs(claim_stems: set[str], passage_stems: set[str]) -> list[tuple[str, str]]:
    """(claim word, passage word) pairs that are opposites, where the passage
    lacks the claim's word and the claim lacks the passage's."""
    found: list[tuple[str, str]] = []
    only_claim = sorted(claim_stems - passage_stems)
    only_passage = sorted(passage_stems - claim_stems)
    for a in only_claim:
        for b in only_passage:
            if (a, b) in ANTONYMS or morphological_opposite(a, b):
                found.append((a, b))
    return found
