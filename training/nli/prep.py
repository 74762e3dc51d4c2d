"""Build the entailment model's training, calibration and test pairs.

Reads the claim-verification sets from ../shared/data/claim-verification/ (relative
to the project root; override with --data) and writes JSONL pairs to --out (outside
the repository: the data is never committed).

Each output line: {"set", "group", "split", "premise", "hypothesis", "label", "weight"}
with label one of entails / contradicts / neither (from corroborated / contradicted /
unverified). Splits are fixed by group before any tuning: a group (FNC-1 headline,
HealthVer claim, Fool Me Twice page, SICK sentence cluster) lands on one side only,
chosen by a hash of the group key, so the split does not depend on the seed or on
the order of the files: 80 % train, 10 % calib (temperature scaling, checkpoint
choice), 10 % test (figures only).

Deliberately NOT read: any held-out set named in the project's rules, and the
FEVER-Symmetric dev file (tests/data/fever), which is the gate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import Counter
from pathlib import Path

LABEL = {"corroborated": "entails", "contradicted": "contradicts", "unverified": "neither"}
SEED = 13

# FNC-1 subsampling: every agree and disagree pair, a quarter of discuss, one in twenty
# unrelated. Sized so three epochs fit a session (7.5 pairs/s measured on 2 idle cores).
FNC_KEEP = {"agree": 1.0, "disagree": 1.0, "discuss": 0.25, "unrelated": 0.05}
FNC_SENTENCES = 2  # body sentences that bear most on the headline, kept in body order
SICK_KEEP = 0.3  # share of SICK pairs kept (bare "not" contradictions: weighted down)
SICK_WEIGHT = 0.5  # loss weight of a SICK pair

STOP_WORDS = """a an the and or but of to in on at for with by from as is are was were be been being
    it its this that these those he she they we you i his her their our your not no
    has have had do does did will would can could should may might than then there here
    what which who whom whose when where why how all any some more most other such into
    over after before about up down out off says said say new"""
STOP = set(STOP_WORDS.split())
WORD = re.compile(r"[a-z0-9]+")
SENT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(])|\n+")


def words(text: str) -> set[str]:
    return {w[:6] for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 1}


def split_of(set_name: str, group: str) -> str:
    h = int(hashlib.sha256(f"{set_name}\x00{group}".encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 80 else ("calib" if h < 90 else "test")


def source_set(pair: dict) -> str:
    """The training set a pair comes from: a synthetic pair's is its sentence's set."""
    return pair["orig"].split(":")[0] if pair["set"] == "mut" else pair["set"]


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pick_sentences(headline: str, body: str, k: int = FNC_SENTENCES) -> str:
    """The k body sentences sharing most content words with the headline, in body order."""
    hw = words(headline)
    sents = [s.strip() for s in SENT.split(body) if s and len(s.strip()) > 20]
    if not sents:
        return body[:600]
    scored = []
    for i, s in enumerate(sents):
        sw = words(s)
        overlap = len(hw & sw) / (len(hw) or 1)
        scored.append((overlap, -i, i))
    best = sorted(scored, reverse=True)[:k]
    return " ".join(sents[i] for _, _, i in sorted(best, key=lambda t: t[2]))


def fnc(data: Path, rng: random.Random) -> list[dict]:
    out = []
    for r in read(data / "fnc1-competition-test.jsonl"):
        stance = r["orig_label"]
        if rng.random() >= FNC_KEEP[stance]:
            continue
        out.append(
            {
                "set": "fnc1",
                "group": r["claim"].strip().lower(),
                "premise": pick_sentences(r["claim"], r["evidence"][0]),
                "hypothesis": r["claim"],
                "label": LABEL[r["label"]],
                "weight": 1.0,
                "orig": stance,
            }
        )
    return out


def healthver(data: Path) -> list[dict]:
    return [
        {
            "set": "healthver",
            "group": r["claim"].strip().lower(),
            "premise": " ".join(r["evidence"]),
            "hypothesis": r["claim"],
            "label": LABEL[r["label"]],
            "weight": 1.0,
            "orig": r["orig_label"],
        }
        for r in read(data / "healthver-dev.jsonl")
    ]


def fm2(data: Path) -> list[dict]:
    return [
        {
            "set": "fm2",
            "group": r["meta"]["page"],
            "premise": " ".join(r["evidence"]),
            "hypothesis": r["claim"],
            "label": LABEL[r["label"]],
            "weight": 1.0,
            "orig": r["orig_label"],
        }
        for r in read(data / "fm2-test.jsonl")
    ]


def sick(data: Path, rng: random.Random) -> list[dict]:
    rows = []
    for name in ("sick2014-train.jsonl", "sick2014-trial.jsonl", "sick2014-test.jsonl"):
        rows += read(data / name)
    # SICK reuses each sentence in many pairs: cluster pairs that share a sentence
    # (union-find) so a sentence never sits on both sides of the split.
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        a, b = find(r["evidence"][0]), find(r["claim"])
        if a != b:
            parent[a] = b
    out = []
    for r in rows:
        if rng.random() >= SICK_KEEP:
            continue
        out.append(
            {
                "set": "sick",
                "group": find(r["claim"]),
                "premise": r["evidence"][0],
                "hypothesis": r["claim"],
                "label": LABEL[r["label"]],
                "weight": SICK_WEIGHT,
                "orig": r["orig_label"],
            }
        )
    return out


# Synthetic pairs made from real sentences of the training sets' own passages (FNC-1
# bodies, Fool Me Twice evidence), the way FEVER's claims were written: a sentence,
# shortened, is entailed by its passage; the same sentence with one slot changed (a
# number, a year, a name from another document, a negation added or taken away, a
# word swapped for its opposite) is contradicted; the sentence against its
# neighbours alone (the same story, without it) is neither, so missing content is
# never taught as conflict, and so is the FEVER recipe's "specify": the sentence's
# core with a phrase from another document added ("... was born in Lagos"), which the
# passage does not say either way. Each source sentence gives one pair. The group is the
# source document, and the split follows the source set's own group where it has
# one (Fool Me Twice page), so no sentence crosses the split.
MUT_WEIGHT = 0.7
MUT_PER_DOC = 6  # at most this many pairs from one document (sized to fit a session)
MUT_SHARES = (("entails", 0.3), ("contradicts", 0.35), ("neither", 0.35))
ANTONYMS = """increase decrease|increased decreased|rose fell|rise fall|raised cut|more fewer
    higher lower|largest smallest|first last|won lost|before after|approved rejected
    accepted rejected|opened closed|began ended|supported opposed|allowed banned
    agreed refused|confirmed denied|gained lost|strong weak|above below|early late
    older younger|north south|east west|male female|married divorced|born died
    up down|most least|best worst|major minor|public private|legal illegal|always never"""
ANTONYM = {}
for pair in ANTONYMS.replace("\n", "|").split("|"):
    a, b = pair.split()
    ANTONYM[a], ANTONYM[b] = b, a
AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|must|did|does)\b"
                 r"(?! not\b)")
NEG = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|must|did|does)"
                 r"(?: not|n't)\b")
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])")
NAME = re.compile(r"(?<=[a-z,] )(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*)")
CLAUSE_CUTS = re.compile(r",\s+(?:which|who|according to|as|while|after|before|but)\b.*$"
                         r"|\s+\([^)]*\)|,\s+[a-z]+ (?:said|says|told)\b.*$")


def _shorten(s: str, rng: random.Random) -> str:
    """The sentence with a trailing clause or a parenthesis dropped (entailed by it)."""
    cut = CLAUSE_CUTS.sub("", s, count=1).strip()
    if cut != s and len(cut.split()) >= 5 and rng.random() < 0.7:
        return cut.rstrip(",;: ") + ("" if cut.endswith(".") else ".")
    return s


# The FEVER recipe's "extract" and "generalise": a sentence cut to its core on the
# dependency parse (the package's own English pipeline): the root with its subject,
# auxiliaries, copula, negation and objects, each with the modifiers that are dropped
# at random, so that the entailed claim says less than the passage in other words'
# places, not only at its end. Modifiers whose removal changes the meaning stay.
KEEP_ALWAYS = {"nsubj", "nsubj:pass", "expl", "aux", "aux:pass", "cop", "obj", "iobj", "det",
               "case", "compound", "flat", "fixed", "compound:prt", "nmod:poss", "mark"}
DROP_ALWAYS = {"acl:relcl", "appos", "advcl", "parataxis", "conj", "cc", "punct", "discourse",
               "vocative", "dislocated", "reparandum", "dep", "list", "orphan", "csubj"}
DROP_SOMETIMES = {"obl": 0.65, "nmod": 0.6, "amod": 0.35, "nummod": 0.4, "advmod": 0.6,
                  "acl": 0.7, "obl:tmod": 0.7, "obl:npmod": 0.7, "nmod:tmod": 0.7,
                  "nmod:unmarked": 0.5, "obl:unmarked": 0.7, "xcomp": 0.2, "ccomp": 0.5}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "last", "next", "only", "top", "leading"}
NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
NON_SUBSECTIVE = {"former", "alleged", "fake", "possible", "potential", "so-called", "false",
                  "proposed", "planned", "suspected", "reported", "claimed", "apparent",
                  "supposed", "would-be", "ex", "fictional", "mock", "virtual", "imaginary",
                  "only", "sole", "first", "last", "non", "anti", "pseudo", "failed"}


def _core(doc, rng: random.Random) -> str | None:
    """The parsed sentence cut to its core, or None when nothing could be dropped."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    keep: set[int] = set()

    def take(t) -> None:
        keep.add(t.i)
        # beside an ordinal or a superlative ("the tenth highest-grossing actor") no
        # modifier may go: the ranking is over the modified noun
        ranked = any(c.tag_ in ("JJS", "RBS") or c.lower_ in ORDINALS for c in t.children)
        for c in t.children:
            dep = c.dep_
            low = c.lower_
            if low in NEGATORS or (dep == "amod" and (low in NON_SUBSECTIVE or ranked)):
                take(c)
            elif dep in DROP_ALWAYS:
                continue
            elif dep in KEEP_ALWAYS or rng.random() >= DROP_SOMETIMES.get(dep, 0.5):
                take(c)

    take(root)
    # a mark inside a word between two kept parts stays ("Hewlett-Packard")
    keep |= {t.i for t in doc if t.is_punct and 0 < t.i < len(doc) - 1
             and t.i - 1 in keep and t.i + 1 in keep
             and not doc[t.i - 1].whitespace_ and not t.whitespace_}
    words = [t for t in doc if t.i in keep]
    if len([t for t in words if not t.is_punct]) < 4 or len(words) >= len(doc) - 1:
        return None
    text = "".join(t.text + (t.whitespace_ if i + 1 < len(words) and words[i + 1].i == t.i + 1
                             else " ")
                   for i, t in enumerate(words)).strip(" ,;:-")
    if not any(t.dep_ in ("nsubj", "nsubj:pass", "expl") for t in words):
        return None
    return text[:1].upper() + text[1:] + "."


def _phrases(doc) -> list[str]:
    """The sentence's prepositional phrases of two to six words ("in the old town")."""
    out = []
    for t in doc:
        if t.dep_ in ("obl", "nmod") and any(c.dep_ == "case" for c in t.children):
            words = list(t.subtree)
            if 2 <= len(words) <= 6 and words[0].dep_ == "case" and not any(
                    w.is_punct for w in words):
                out.append(" ".join(w.text for w in words))
    return out


def _other_number(tok: str, rng: random.Random) -> str:
    plain = tok.replace(",", "")
    if "." in plain:
        value = float(plain) * rng.choice((0.5, 1.5, 2.0, 3.0))
        return f"{value:.{len(plain.split('.')[1])}f}"
    n = int(plain)
    if 1800 <= n <= 2030 and "," not in tok:
        return str(n + rng.choice((-1, 1)) * rng.randint(1, 12))
    m = n + rng.randint(1, 9) if n < 20 else int(n * rng.choice((0.5, 0.7, 1.4, 2, 3)))
    return f"{m:,}" if "," in tok else str(m)


def _mutate(s: str, names: list[str], rng: random.Random) -> str | None:
    """The sentence with one slot changed so that the source contradicts it, or None."""
    ways = ["number", "negation", "antonym", "name"]
    rng.shuffle(ways)
    for way in ways:
        if way == "number" and (ms := list(NUMBER.finditer(s))):
            m = rng.choice(ms)
            new = _other_number(m.group(), rng)
            if new != m.group():
                return s[: m.start()] + new + s[m.end():]
        elif way == "negation":
            if m := NEG.search(s):
                return s[: m.start()] + m.group(1) + s[m.end():]
            if m := AUX.search(s):
                return s[: m.end()] + " not" + s[m.end():]
        elif way == "antonym":
            ws = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[a-z]+", s)
                  if m.group() in ANTONYM]
            if ws:
                a, b, w = rng.choice(ws)
                return s[:a] + ANTONYM[w] + s[b:]
        elif way == "name" and names and (ms := list(NAME.finditer(s))):
            m = rng.choice(ms)
            same = [n for n in names if len(n.split()) == len(m.group().split())
                    and n != m.group() and n not in s]
            if same:
                return s[: m.start()] + rng.choice(same) + s[m.end():]
    return None


def _documents(data: Path) -> list[tuple[str, str, str, list[str]]]:
    """(set, group, split, sentences) for every source document of the training sets."""
    docs = []
    seen: set[str] = set()
    for r in read(data / "fnc1-competition-test.jsonl"):
        body = r["meta"]["body_id"]
        if body in seen:
            continue
        seen.add(body)
        sents = [s.strip() for s in SENT.split(r["evidence"][0]) if s and s.strip()]
        docs.append(("fnc1", f"body {body}", split_of("mut", f"fnc1 body {body}"), sents))
    for r in read(data / "fm2-test.jsonl"):
        page = r["meta"]["page"]
        docs.append(("fm2", page, split_of("fm2", page), [e.strip() for e in r["evidence"]]))
    return docs


def mutations(data: Path, rng: random.Random) -> list[dict]:
    from verify.claims.nlp import pipeline  # the package's own English pipeline (project venv)

    nlp = pipeline()
    docs = _documents(data)
    names = [m.group() for _, _, split, sents in docs if split == "train"
             for s in sents for m in NAME.finditer(s)]
    out = []
    phrases: list[str] = []  # prepositional phrases met so far, for "specify"
    for source, group, split, sents in docs:
        made = 0
        for i, s in enumerate(sents):
            if made >= MUT_PER_DOC:
                break
            n = len(s.split())
            if not 8 <= n <= 45 or not s[0].isupper() or not s.endswith((".", '"', "”")):
                continue
            r = rng.random()
            label = "entails" if r < MUT_SHARES[0][1] else (
                "contradicts" if r < MUT_SHARES[0][1] + MUT_SHARES[1][1] else "neither")
            around = [t for t in (sents[i - 1] if i else "", sents[i + 1] if i + 1 < len(sents)
                                  else "") if t]
            doc = nlp(s)
            if split == "train":
                phrases += _phrases(doc)
            core = _core(doc, rng) if rng.random() < 0.75 else None
            hyp = core or _shorten(s, rng)
            if label == "neither" and (rng.random() < 0.5 or not around or source == "fm2"):
                # specify: the core with a phrase the passage has nothing on
                pick = [x for x in phrases[-2000:] if x.split()[0].lower() not in s.lower().split()]
                if not core or not pick:
                    continue
                premise = s
                hyp = f"{core[:-1]} {rng.choice(pick)}."
            elif label == "neither":
                premise = " ".join(around)
            else:
                # the source sentence with a neighbour beside it half the time, so the
                # passage is not always the claim's own length
                premise = s if not around or rng.random() < 0.5 else (
                    f"{around[0]} {s}" if around[0] == sents[i - 1] else f"{s} {around[0]}")
                if label == "contradicts":
                    hyp = _mutate(hyp, names, rng)
                    if hyp is None:
                        continue
            out.append({"set": "mut", "group": f"{source} {group}", "split": split,
                        "premise": premise, "hypothesis": hyp, "label": label,
                        "weight": MUT_WEIGHT, "orig": f"{source}:{label}"})
            made += 1
    return out


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = root / ".." / "shared" / "data" / "claim-verification"
    ap.add_argument("--data", type=Path, default=shared)
    ap.add_argument("--out", type=Path, required=True, help="a folder outside the repository")
    ap.add_argument("--no-mutations", action="store_true",
                    help="leave out the synthetic pairs (the previous model's data)")
    args = ap.parse_args()
    rng = random.Random(SEED)
    pairs = fnc(args.data, rng) + healthver(args.data) + fm2(args.data) + sick(args.data, rng)
    for p in pairs:
        p["split"] = split_of(p["set"], p["group"])
    if not args.no_mutations:
        pairs += mutations(args.data, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    counts: Counter[tuple[str, str, str]] = Counter()
    for split in ("train", "calib", "test"):
        with (args.out / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for p in pairs:
                if p["split"] == split:
                    f.write(json.dumps(p, ensure_ascii=False) + "\n")
                    counts[(split, p["set"], p["label"])] += 1
    for key in sorted(counts):
        print(*key, counts[key], sep="\t")


if __name__ == "__main__":
    main()
