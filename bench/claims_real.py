"""The claims stage on real news: rebuild the labelled set from its public copy and measure.

    python bench/claims_real.py --benchmark-repo CLONE [--split test|dev|all] [--parts]

CLONE is a git clone of scrapinghub/article-extraction-benchmark (MIT); the articles are read
with `git show COMMIT:ground-truth.json` at the commit `bench/claims_set/annotations.json`
names, and every article's sha256 is checked before anything is measured. Nothing read here
is written into the repository. `--parts` prints the parts of compound claims for a person to
judge (grammatical, self-contained, faithful); `--judged FILE` reads those judgements back
(one line per part: sha256 of the part's text, a tab, ok or bad) and counts them.

The figures are the issue's "Must show" list, each with its counterpart (see GUIDELINES.md,
"What counts when measuring").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SET = ROOT / "bench" / "claims_set" / "annotations.json"
_MONTH_ABBR = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.")


def load_set(clone: Path) -> tuple[dict[str, Any], dict[str, str]]:
    ann = json.loads(SET.read_text(encoding="utf-8"))
    src = ann["source"]
    raw = subprocess.run(["git", "-C", str(clone), "show", f"{src['commit']}:{src['path']}"],
                         check=True, capture_output=True).stdout
    data = json.loads(raw)
    texts: dict[str, str] = {}
    for art in ann["articles"]:
        body = data[art["key"]][src["field"]]
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if digest != art["sha256"]:
            raise SystemExit(f"{art['key']}: sha256 {digest} is not the annotated {art['sha256']}")
        texts[art["key"]] = body
    joined = "".join(a["sha256"] for a in ann["articles"])
    if hashlib.sha256(joined.encode()).hexdigest() != ann["set_sha256"]:
        raise SystemExit("the set's sha256 does not match annotations.json")
    return ann, texts


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter > 0.5 * min(a[1] - a[0], b[1] - b[0])


def _norm(s: str) -> str:
    s = s.casefold().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^(the|a|an|one|two)\s+", "", s.strip())
    return re.sub(r"[^\w\s&+-]", " ", s).strip()


def same_speaker(gold: str, system: str | None) -> bool:
    if not system:
        return False
    g, s = _norm(gold), _norm(system)
    if not g or not s:
        return False
    if g in s or s in g:
        return True
    g_words, s_words = g.split(), s.split()
    return g_words[-1] in s_words or s_words[-1] in g_words


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f} % ({n}/{d})" if d else "n/a (0)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--benchmark-repo", required=True, type=Path)
    ap.add_argument("--split", default="test", choices=("test", "dev", "all"))
    ap.add_argument("--parts", action="store_true")
    ap.add_argument("--judged", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from verify.claims import article_from_bytes, extract_claims
    from verify.claims.nlp import pipeline
    from verify.registry import load_registry

    pipeline()
    load_s = time.perf_counter() - t0
    registry = load_registry(ROOT / "sources.toml")
    ann, texts = load_set(args.benchmark_repo)
    arts = [a for a in ann["articles"] if args.split == "all" or a["split"] == args.split]
    judged: dict[str, bool] = {}
    if args.judged and args.judged.exists():
        for line in args.judged.read_text().splitlines():
            if "\t" in line:
                h, v = line.split("\t")[:2]
                judged[h.strip()] = v.strip() == "ok"

    c: dict[str, int] = {k: 0 for k in (
        "spk_need", "spk_right", "spk_got", "cmp_need", "cmp_split", "parts", "parts_ok",
        "parts_judged", "ctry_gold", "ctry_found", "ctry_sys", "ctry_false", "cw_gold",
        "cw_found", "cw_low", "sys_kept", "sys_kept_cw", "ref_need", "ref_right", "claims",
        "unresolved", "long", "punct", "months", "months_read", "kind_n", "kind_right",
        "src_named", "src_named_unsourced", "anon_gold", "anon_flag",
    )}
    cpu: list[float] = []
    for art in arts:
        text = texts[art["key"]]
        article = article_from_bytes(text.encode("utf-8"), location=f"aeb:{art['key'][:12]}")
        t = time.process_time()
        claims = extract_claims(article, registry)
        cpu.append((time.process_time() - t) * 5000 / max(1, len(text.encode("utf-8"))))
        tops = [x for x in claims if x.parent is None]
        kids: dict[str, list[Any]] = {}
        for x in claims:
            if x.parent is not None:
                kids.setdefault(x.parent, []).append(x)
        for x in claims:
            c["long"] += len(x.text) > 600
            c["punct"] += not any(ch.isalnum() for ch in x.text)
        for m in _MONTH_ABBR.finditer(text):
            c["months"] += 1
            read = any(
                x.span[0] + d.span[0] <= m.start() < x.span[0] + d.span[1]
                for x in tops for d in x.slots.dates
            )
            c["months_read"] += read
            if not read and args.verbose:
                print("month not read:", text[max(0, m.start() - 30) : m.end() + 10])
        end = art["annotated"][1]
        region = [x for x in tops if x.span[0] < end]
        for x in region:
            c["claims"] += 1
            c["unresolved"] += "unresolved_reference" in x.flags
            if "low_checkworthiness" not in x.flags:
                c["sys_kept"] += 1
                golds = [g for g in art["sentences"] if overlap(tuple(g["span"]), x.span)]
                c["sys_kept_cw"] += any(g["checkworthy"] for g in golds)
        for g in art["sentences"]:
            span = tuple(g["span"])
            hits = [x for x in tops if overlap(span, x.span)]
            hit = hits[0] if hits else None
            if g["kind"] in ("fact", "quote", "attribution", "opinion") and hit is not None:
                c["kind_n"] += 1
                c["kind_right"] += hit.kind == g["kind"]
            if g["kind"] in ("quote", "attribution") and g["speaker"]:
                c["spk_need"] += 1
                sys_spk = next((h.speaker for h in hits if h.speaker), None)
                c["spk_got"] += sys_spk is not None
                ok = same_speaker(g["speaker"], sys_spk)
                c["spk_right"] += ok
                if not ok and args.verbose:
                    print(f"speaker: gold {g['speaker']!r} system {sys_spk!r}: "
                          f"{text[span[0]:span[1]][:120]}")
                if not g["anonymous"]:
                    c["src_named"] += 1
                    c["src_named_unsourced"] += any("unsourced" in h.flags for h in hits)
            if g["anonymous"]:
                c["anon_gold"] += 1
                c["anon_flag"] += any("anonymous_source" in h.flags for h in hits)
            if g["checkworthy"]:
                c["cw_gold"] += 1
                c["cw_found"] += bool(hits)
                low = bool(hits) and all("low_checkworthiness" in h.flags for h in hits)
                c["cw_low"] += low
                if low and args.verbose:
                    print(f"low: {hits[0].checkworthy} {text[span[0]:span[1]][:120]}")
            if g["checkworthy"] and g["parts"] >= 2:
                c["cmp_need"] += 1
                split = any(len(kids.get(h.id, [])) >= 2 for h in hits)
                c["cmp_split"] += split
                if not split and args.verbose:
                    print(f"not split: {text[span[0]:span[1]][:140]}")
            for h in hits:
                for part in kids.get(h.id, []):
                    c["parts"] += 1
                    digest = hashlib.sha256(part.text.encode()).hexdigest()[:16]
                    if digest in judged:
                        c["parts_judged"] += 1
                        c["parts_ok"] += judged[digest]
                    elif args.parts:
                        print(f"{digest}\t?\t{part.text}\n\t\tfrom: {text[span[0]:span[1]]}")
            gold_c = set(g["countries"])
            sys_c = {e.key.removeprefix("country:") for h in hits for e in h.slots.entities
                     if e.kind == "country"}
            c["ctry_gold"] += len(gold_c)
            c["ctry_found"] += len(gold_c & sys_c)
            c["ctry_sys"] += len(sys_c)
            c["ctry_false"] += len(sys_c - gold_c)
            if (sys_c - gold_c or gold_c - sys_c) and args.verbose:
                print(f"countries gold {sorted(gold_c)} system {sorted(sys_c)}: "
                      f"{text[span[0]:span[1]][:100]}")
            if g["referent"]:
                c["ref_need"] += 1
                refs = [r for h in hits for _, r in h.references]
                ok = any(same_speaker(g["referent"], r) for r in refs)
                c["ref_right"] += ok
                if not ok and args.verbose:
                    print(f"referent: gold {g['referent']!r} system {refs}: "
                          f"{text[span[0]:span[1]][:100]}")
    cpu.sort()
    rows = [
        ("articles", f"{len(arts)} ({args.split})"),
        ("speaker right, of quotes/attributions that have one", pct(c["spk_right"], c["spk_need"])),
        ("  ... of those, got a speaker at all", pct(c["spk_got"], c["spk_need"])),
        ("parts judged grammatical and faithful", pct(c["parts_ok"], c["parts_judged"])),
        ("  parts produced (judged)", f"{c['parts']} ({c['parts_judged']})"),
        ("compound check-worthy sentences split", pct(c["cmp_split"], c["cmp_need"])),
        ("false country mentions, of system country mentions", pct(c["ctry_false"], c["ctry_sys"])),
        ("  real country mentions found", pct(c["ctry_found"], c["ctry_gold"])),
        ("check-worthy sentences with a claim (recall)", pct(c["cw_found"], c["cw_gold"])),
        ("  ... of those flagged low_checkworthiness", pct(c["cw_low"], c["cw_found"])),
        ("  precision: kept claims that are check-worthy", pct(c["sys_kept_cw"], c["sys_kept"])),
        ("leading pronouns resolved right", pct(c["ref_right"], c["ref_need"])),
        ("  claims flagged unresolved_reference", pct(c["unresolved"], c["claims"])),
        ("claims over 600 chars (all claims, whole articles)", str(c["long"])),
        ("claims of bare punctuation", str(c["punct"])),
        ("month abbreviations read as dates", pct(c["months_read"], c["months"])),
        ("kind right", pct(c["kind_right"], c["kind_n"])),
        ("named-speaker quotes/attributions flagged unsourced",
         pct(c["src_named_unsourced"], c["src_named"])),
        ("anonymous sources flagged anonymous_source", pct(c["anon_flag"], c["anon_gold"])),
        ("import + model load (s, wall, this process)", f"{load_s:.2f}"),
        ("CPU per 5 KB article after load (s): median [min, max]",
         f"{cpu[len(cpu) // 2]:.3f} [{cpu[0]:.3f}, {cpu[-1]:.3f}]" if cpu else "n/a"),
    ]
    for k, v in rows:
        print(f"{k:58} {v}")
    if args.json:
        args.json.write_text(json.dumps({"counts": c, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
