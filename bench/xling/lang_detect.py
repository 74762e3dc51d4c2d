"""Language detection: lingua (restricted to the five languages in use) against
simplemma's detector, on PUD (en, pl, ru) and the project's uk/fi sentences.

    python bench/xling/lang_detect.py [--pud PATH]

Prints accuracy per language, overall, and the time per sentence.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import own_rows, pud_rows

LANGS = ("en", "pl", "ru", "uk", "fi")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pud", type=Path)
    args = ap.parse_args()
    data: list[tuple[str, str]] = []
    for r in pud_rows(args.pud):
        data += [("en", r["en"]), ("pl", r["pl"]), ("ru", r["ru"])]
    for lang in ("uk", "fi"):
        for r in own_rows(lang):
            data += [(lang, r[lang]), (lang, r["perturbed"])]

    # Short texts (a title, a table cell) are where detectors part: the first
    # three words of every sentence as a second set.
    short = [(g, " ".join(t.split()[:3])) for g, t in data]

    import simplemma
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    t = time.perf_counter()
    det = LanguageDetectorBuilder.from_iso_codes_639_1(
        *[getattr(IsoCode639_1, x.upper()) for x in LANGS]).build()
    lingua_load = time.perf_counter() - t
    # Low-accuracy mode reads trigram models only: a tenth of the load time.
    det_low = LanguageDetectorBuilder.from_iso_codes_639_1(
        *[getattr(IsoCode639_1, x.upper()) for x in LANGS]).with_low_accuracy_mode().build()

    def lingua(text: str) -> str:
        got = det.detect_language_of(text)
        return got.iso_code_639_1.name.lower() if got else "?"

    def lingua_low(text: str) -> str:
        got = det_low.detect_language_of(text)
        return got.iso_code_639_1.name.lower() if got else "?"

    def simple(text: str) -> str:
        ranked = simplemma.langdetect(text, lang=LANGS)
        return ranked[0][0] if ranked and ranked[0][0] != "unk" else "?"

    print(f"load avg {os.getloadavg()[0]:.2f}; lingua detector built in {lingua_load:.2f}s")
    for (name, fn), (setname, rows) in [(f, d) for d in (("sentences", data), ("3 words", short))
                                        for f in (("lingua", lingua), ("lingua-low", lingua_low),
                                                  ("simplemma", simple))]:
        per: dict[str, list[int]] = {x: [0, 0] for x in LANGS}
        times = []
        errors: list[str] = []
        for gold, text in rows:
            t = time.perf_counter()
            got = fn(text)
            times.append(time.perf_counter() - t)
            per[gold][1] += 1
            if got == gold:
                per[gold][0] += 1
            elif len(errors) < 4:
                errors.append(f"{gold}->{got}: {text[:60]}")
        ok = sum(v[0] for v in per.values())
        n = sum(v[1] for v in per.values())
        cells = ", ".join(f"{k} {v[0] / v[1]:.3f}" for k, v in per.items())
        print(f"{setname:9s} {name:11s} overall {ok / n:.4f} ({ok}/{n}); {cells}; "
              f"median {statistics.median(times) * 1e6:.0f} us/sentence")
        for e in errors:
            print("   ", e)


if __name__ == "__main__":
    main()
