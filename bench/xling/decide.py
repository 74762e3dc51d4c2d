"""Deciding on foreign-language evidence: the checks that work across languages
(verify.evidence.crosslang.judge_foreign) on true translation pairs and on
copies with one number, date or negation changed in the foreign sentence.

    python bench/xling/decide.py [--pud PATH] [--limit N]

Polish and Russian: the PUD pairs; each copy changes the first numeral of the
foreign sentence (its last digit; a year is a date) when it has one, else its
negation (the particle added before the first finite verb, as Morfeusz 2 or
pymorphy3 tag it, or removed when the sentence has one) — only where the
foreign sentence's negation, as the checker reads it, agrees with the English
one's (otherwise flipping it would mend the pair, not break it; the count of
pairs left without a copy is printed). Ukrainian and
Finnish: the project's own pairs and their hand-written copies.

Prints, per language: the corroborating rate on all true pairs and on those
whose numbers, dates and names carry over (every numeral of the English
sentence is in the foreign one, and it has at least one), how the copies
were judged (a corroborated copy is a failure), and how the English sentences
were judged against another pair's foreign sentence (the next one; any verdict
but `unverified` there is a failure, whatever the glosses let through).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import own_rows, pud_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from verify.evidence.crosslang import judge_foreign, negated, number_keys
from verify.evidence.language import negation_words

_DIGIT_RUN = re.compile(r"\d+")


def change_number(text: str) -> str | None:
    m = _DIGIT_RUN.search(text)
    if m is None:
        return None
    d = m.group(0)
    new = d[:-1] + str((int(d[-1]) + 1) % 10)
    return text[:m.start()] + new + text[m.end():]


def flip_negation(text: str, lang: str) -> str | None:
    toks = list(re.finditer(r"[^\W\d_]+", text))
    neg = negation_words(lang)
    particle = {"pl": "nie", "ru": "не"}[lang]
    for t in toks:
        if t.group(0).casefold() == particle:
            end = t.end() + (1 if text[t.end():t.end() + 1] == " " else 0)
            return text[:t.start()] + text[end:]
    if any(t.group(0).casefold() in neg for t in toks):
        return None  # negated otherwise ("nigdy", "без"): not flipped by one particle
    for t in toks:
        if _finite_verb(t.group(0), lang):
            return text[:t.start()] + particle + " " + text[t.start():]
    return None


def _finite_verb(word: str, lang: str) -> bool:
    if lang == "pl":
        from verify.evidence.language import _morfeusz

        return any(str(tag).split(":")[0] in ("fin", "praet", "bedzie", "impt")
                   for _, _, (_, _, tag, *_r) in _morfeusz().analyse(word))
    from verify.evidence.language import _pymorphy

    p = _pymorphy("ru").parse(word)[0]
    return p.tag.POS == "VERB"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pud", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    print(f"load before: {os.getloadavg()}")
    t0 = time.perf_counter()
    sets: dict[str, list[tuple[str, str, str | None, str]]] = {}
    pud = pud_rows(args.pud)
    if args.limit:
        pud = pud[:args.limit]
    for lang in ("pl", "ru"):
        rows = []
        for r in pud:
            num = change_number(r[lang])
            if num:
                pert, change = num, "number"
            elif negated(r["en"], "en") == negated(r[lang], lang):
                pert, change = flip_negation(r[lang], lang), "negation"
            else:
                pert, change = None, "negation"
            rows.append((r["en"], r[lang], pert, change))
        sets[lang] = rows
    for lang in ("uk", "fi"):
        sets[lang] = [(r["en"], r[lang], r["perturbed"], r["change"]) for r in own_rows(lang)]
    for lang, rows in sets.items():
        true = Counter()
        carry = Counter()
        copies: Counter[tuple[str, str]] = Counter()
        failures: list[str] = []
        others: Counter[str] = Counter()
        for i, (en, _foreign, _pert, _change) in enumerate(rows):
            other = rows[(i + 1) % len(rows)][1]
            label = judge_foreign(en, other, lang).label
            others[label] += 1
            if label != "unverified" and len(failures) < 5:
                failures.append(f"another pair's sentence {label}: {en[:60]} / {other[:60]}")
        for en, foreign, pert, change in rows:
            f = judge_foreign(en, foreign, lang)
            true[f.label] += 1
            keys = number_keys(en)
            if keys and keys <= number_keys(foreign):
                carry[f.label] += 1
            if pert is None:
                continue
            g = judge_foreign(en, pert, lang)
            copies[(change, g.label)] += 1
            if g.label == "corroborated" and len(failures) < 5:
                failures.append(f"corroborated copy, {change}: {pert[:90]}")
        n, nc = sum(true.values()), sum(carry.values())
        print(f"{lang}: pairs without a copy: {sum(1 for r in rows if r[2] is None)}")
        print(f"{lang}: true pairs {n}: corroborated {true['corroborated'] / n:.3f}, "
              f"contradicted {true['contradicted'] / n:.3f}; where numbers carry over ({nc}): "
              f"corroborated {carry['corroborated'] / max(1, nc):.3f}")
        for change in ("number", "date", "negation"):
            c = {lab: copies[(change, lab)] for lab in ("corroborated", "contradicted",
                                                          "unverified")}
            if sum(c.values()):
                print(f"    copies with a {change} changed ({sum(c.values())}): "
                      f"corroborated {c['corroborated']}, contradicted {c['contradicted']}, "
                      f"unverified {c['unverified']}")
        print(f"    another pair's sentence ({sum(others.values())}): corroborated "
              f"{others['corroborated']}, contradicted {others['contradicted']}")
        for x in failures:
            print("    FAILURE", x)
    print(f"{time.perf_counter() - t0:.1f}s; load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
