"""Lemmatisers against the PUD treebanks' gold lemmas (content words only:
NOUN, PROPN, VERB, ADJ, ADV): simplemma for every language, Morfeusz 2 for
Polish, pymorphy3 for Russian. A lemmatiser that returns several readings is
counted right when the gold lemma is among them ("any") and when its first
reading is the gold one ("first").

    python bench/xling/lemmas.py [--pud-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PUD

OPEN = {"NOUN", "PROPN", "VERB", "ADJ", "ADV"}


def gold(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit() and cols[3] in OPEN:
            out.append((cols[1], cols[2]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pud-dir", type=Path, default=PUD.parent)
    args = ap.parse_args()
    import simplemma

    def sm(lang: str):
        return lambda w: [simplemma.lemmatize(w, lang=lang)]

    import morfeusz2
    morf = morfeusz2.Morfeusz()

    def mf(w: str) -> list[str]:
        seen: dict[str, None] = {}
        for _, _, (_, lemma, *_rest) in morf.analyse(w):
            seen.setdefault(lemma.split(":")[0], None)
        return list(seen)

    import pymorphy3
    pm = pymorphy3.MorphAnalyzer(lang="ru")

    def py(w: str) -> list[str]:
        return list(dict.fromkeys(p.normal_form for p in pm.parse(w)))

    print(f"load avg {os.getloadavg()[0]:.2f}")
    for lang, fns in (("pl", {"simplemma": sm("pl"), "morfeusz2": mf}),
                      ("ru", {"simplemma": sm("ru"), "pymorphy3": py})):
        rows = gold(args.pud_dir / f"{lang}_pud-ud-test.conllu")
        for name, fn in fns.items():
            first = anyof = 0
            t = time.perf_counter()
            for form, lemma in rows:
                got = [g.casefold().replace("ё", "е") for g in fn(form)]
                want = lemma.casefold().replace("ё", "е")
                first += bool(got) and got[0] == want
                anyof += want in got
            dt = (time.perf_counter() - t) / len(rows)
            print(f"{lang} {name:10s} first {first / len(rows):.4f} any {anyof / len(rows):.4f}"
                  f" ({len(rows)} words, {dt * 1e6:.0f} us/word)")


if __name__ == "__main__":
    main()
