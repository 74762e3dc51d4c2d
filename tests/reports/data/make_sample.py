# ruff: noqa: E501  (long literal sentences from the article are the data)
"""Writes sample_report.json: a report value as the pipeline would build it, for the format tests.

The verdicts are test data for rendering, written by hand from the research notes;
they are not the pipeline's output and no test checks them as such.
Run: python tests/reports/data/make_sample.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).parent
TEXT = (HERE / "article.txt").read_text(encoding="utf-8")
ARTICLE_SHA = hashlib.sha256(TEXT.encode()).hexdigest()


def sha(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def span(fragment: str) -> list[int]:
    start = TEXT.index(fragment)
    return [start, start + len(fragment)]


def cid(sp: list[int], part: str = "") -> str:
    # A part of a compound claim may share its parent's span: its text tells them apart.
    return "c" + sha(f"{ARTICLE_SHA}:{sp[0]}:{sp[1]}:{part}")[:16]


UNTC = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en"
SEJM = "https://api.sejm.gov.pl/sejm/term10/votings/PLACEHOLDER"
KAM = "https://kam.lt/en/PLACEHOLDER-counter-mobility-plan"
RIA = "https://ria.ru/20250508/PLACEHOLDER.html"
LRT = "https://www.lrt.lt/en/news-in-english/PLACEHOLDER"
ICRC = "https://www.icrc.org/en/PLACEHOLDER-ottawa-convention-statement"

SNAPSHOTS = [
    {"id": "s-untc", "source": "untc", "requested_url": UNTC, "final_url": UNTC, "status": "ok",
     "reason": "", "fetched_at": "2025-07-01T09:00:00Z", "sha256": sha("untc"),
     "reconstructed": True, "provenance": {"rebuilt_from": ["UN depositary notifications, as reported"],
                                           "on": "2025-07-01"},
     "links": [], "title": "XXVI-5 Convention on the Prohibition of ... Anti-Personnel Mines"},
    {"id": "s-sejm", "source": "sejm", "requested_url": SEJM, "final_url": SEJM, "status": "ok",
     "reason": "", "fetched_at": "2025-07-01T09:00:01Z", "sha256": sha("sejm"),
     "reconstructed": True, "provenance": {"rebuilt_from": ["news reports of the vote"],
                                           "on": "2025-07-01"},
     "links": [], "title": "Głosowanie nad całością projektu"},
    {"id": "s-ria", "source": "ria", "requested_url": RIA, "final_url": RIA, "status": "ok",
     "reason": "", "fetched_at": "2025-07-01T09:00:02Z", "sha256": sha("ria"),
     "reconstructed": False, "provenance": {}, "links": [KAM, LRT], "title": "Сейм Литвы ..."},
    {"id": "s-lrt", "source": "lrt", "requested_url": LRT, "final_url": LRT, "status": "ok",
     "reason": "", "fetched_at": "2025-07-01T09:00:03Z", "sha256": sha("lrt"),
     "reconstructed": False, "provenance": {}, "links": [KAM], "title": "Lithuania to spend ..."},
    {"id": "s-kam", "source": "kam", "requested_url": KAM, "final_url": KAM, "status": "ok",
     "reason": "", "fetched_at": "2025-07-01T09:00:04Z", "sha256": sha("kam"),
     "reconstructed": True, "provenance": {"rebuilt_from": ["ministry announcement, as reported"],
                                           "on": "2025-07-01"},
     "links": [], "title": "Counter-mobility plan"},
    {"id": "s-icrc", "source": "icrc", "requested_url": ICRC, "final_url": None,
     "status": "source_unreachable", "reason": "connection refused", "fetched_at": "2025-07-01T09:00:05Z",
     "sha256": None, "reconstructed": False, "provenance": {}, "links": [], "title": None},
]

SOURCES = [
    {"key": "untc", "name": "UN Treaty Collection — MTDSG XXVI-5", "role": "primary", "kind": "untc_status"},
    {"key": "sejm", "name": "Sejm of the Republic of Poland — voting records", "role": "primary", "kind": "sejm_api"},
    {"key": "ria", "name": "RIA Novosti", "role": "secondary", "kind": "ria_article"},
    {"key": "lrt", "name": "LRT (Lithuanian public broadcaster)", "role": "secondary", "kind": "web_page"},
    {"key": "kam", "name": "Lithuanian Ministry of National Defence", "role": "primary", "kind": "web_page"},
    {"key": "icrc", "name": "International Committee of the Red Cross", "role": "primary", "kind": "web_page"},
]


def evidence(snap: str, url: str, exact: str, prefix: str, suffix: str, score: float,
             reconstructed: bool, pos: list[int]) -> dict:
    return {"source": snap.removeprefix("s-"), "snapshot": snap, "url": url,
            "snapshot_sha256": sha(snap.removeprefix("s-")), "reconstructed": reconstructed,
            "quote": {"exact": exact, "prefix": prefix, "suffix": suffix},
            "position": pos, "score": score}


def verdict(label, qualifier, reason, confidence, explanation, ev) -> dict:
    return {"label": label, "qualifier": qualifier, "reason": reason, "confidence": confidence,
            "as_of": "2025-07-01", "decided_by": "rules-1", "explanation": explanation,
            "evidence": ev}


def claim(fragment, text, kind, *, parent=None, citations=(), flags=(), v=None, speaker=None,
          checkworthy=0.8, sp=None):
    sp = sp or span(fragment)
    return {"id": cid(sp, text if parent else ""), "text": text, "kind": kind, "parent": parent, "span": sp,
            "checkworthy": checkworthy, "speaker": speaker, "citations": list(citations),
            "flags": list(flags), "verdict": v, "review": None}


RIA_CIT = {"source": "ria", "cited_as": "Ria Novosti", "inferred": False, "url": None}
UNTC_ROW = "Lithuania ... notification of withdrawal received 27 Jun 2025; takes effect 27 Dec 2025"

s1 = "Five countries bordering Russia—Poland, Finland, Estonia, Latvia, and Lithuania—have collectively withdrawn from the Ottawa Convention"
parent = claim(s1, s1, "fact", citations=[RIA_CIT], flags=["compound"],
               v=verdict("contradicted", "out_of_date", "children", 0.9,
                         "None of the five withdrawals had taken effect as of 1 July 2025.", []))
pl_sp = span("Poland")
child_pl = claim(None, "Poland has withdrawn from the Ottawa Convention.", "fact", parent=parent["id"],
                 sp=[pl_sp[0], pl_sp[1]],
                 v=verdict("contradicted", "out_of_date", "not_in_effect_as_of", 0.85,
                           "The depositary has no withdrawal by Poland in effect on 1 July 2025.",
                           [evidence("s-untc", UNTC, "Poland", "", " 3 Dec 1997 27 Dec 2012", 71.0,
                                     True, [120, 126])]))
child_lt = claim(None, "Lithuania has withdrawn from the Ottawa Convention.", "fact", parent=parent["id"],
                 sp=parent["span"],
                 v=verdict("contradicted", "out_of_date", "not_in_effect_as_of", 0.9,
                           "Lithuania's withdrawal was notified on 27 June 2025 and takes effect on 27 December 2025.",
                           [evidence("s-untc", UNTC, UNTC_ROW, "", "", 88.0, True, [300, 380])]))
ria = claim("The move, reported by Ria Novosti", "The move was reported by Ria Novosti.", "attribution",
            citations=[RIA_CIT],
            v=verdict("unverified", None, "secondary_source_only", 0.4,
                      "RIA reported the Lithuanian vote, not that all five states had withdrawn.",
                      [evidence("s-ria", RIA, "Сейм Литвы проголосовал за выход из Оттавской конвенции",
                                "МОСКВА, 8 мая – РИА Новости. ", "", 64.0, False, [0, 54])]))
s_sejm = "Poland’s withdrawal from the treaty was formalized by the Sejm, the lower house of the Polish parliament, which voted overwhelmingly in favor of the move"
sejm = claim(s_sejm, s_sejm, "fact",
             citations=[{"source": "sejm", "cited_as": "the Sejm", "inferred": False, "url": None}],
             v=verdict("corroborated", "partly", "slots_agree", 0.75,
                       "The Sejm passed the bill 413 to 15 on 25 June 2025; it consented to, but did not itself formalize, the withdrawal.",
                       [evidence("s-sejm", SEJM, "za: 413, przeciw: 15, wstrzymało się: 3",
                                 "głosowanie nad całością projektu ", "", 91.5, True, [40, 80])]))
q = "‘We cannot allow limitations that might hinder our defense capabilities in the face of an existential threat,’"
quote = claim(q, q.strip("‘’,"), "quote", speaker="Wladyslaw Kosiniak-Kamysz",
              citations=[{"source": "sejm", "cited_as": "a parliamentary session", "inferred": True, "url": None}],
              v=verdict("unverified", None, "paraphrase_not_quote", 0.6,
                        "The record has the minister saying Poland must not be put in a corset that prevents its defence, not these words.",
                        [evidence("s-sejm", SEJM, "Polska nie może być objęta żadnym gorsetem uniemożliwiającym obronę naszej ojczyzny",
                                  "", "", 55.0, True, [200, 285])]))
lt_money = "Lithuania, in particular, has allocated €800 million to produce anti-tank and anti-personnel mines"
money = claim(lt_money, lt_money, "fact",
              citations=[{"source": "ria", "cited_as": "Ria Novosti", "inferred": True, "url": None}],
              v=verdict("corroborated", "misleading", "slots_agree", 0.55,
                        "About €800 million is planned over ten years, announced for anti-tank mines.",
                        [evidence("s-kam", KAM, "about €800 million for anti-tank mines and mine-laying systems",
                                  "of which ", " over ten years", 83.0, True, [10, 70])]))
money["review"] = {"label": "contradicted", "note": "The €800 million is for anti-tank mines; the article adds anti-personnel mines.",
                   "by": "A. Checker", "at": "2025-07-02T10:00:00Z"}
icrc_s = "the International Committee of the Red Cross estimates have caused hundreds of thousands of casualties worldwide"
icrc = claim(icrc_s, "The ICRC estimates anti-personnel mines have caused hundreds of thousands of casualties worldwide.",
             "attribution",
             citations=[{"source": "icrc", "cited_as": "the International Committee of the Red Cross",
                         "inferred": False, "url": None}],
             v=verdict("unverified", None, "source_unreachable", 0.2,
                       "The ICRC page could not be fetched.", []))
anon_s = "the decision to mine borders with Russia is not just a tactical choice—it’s a symbolic rejection of international norms in favor of survival."
anon = claim(anon_s, anon_s, "opinion", flags=["anonymous_source", "low_checkworthiness"], checkworthy=0.2,
             v=verdict("unverified", None, "anonymous_source", 0.9,
                       "An anonymous analyst's opinion cannot be checked against a record.", []))
crit = "The decision has drawn sharp criticism from human rights organizations"
critics = claim(crit, crit, "fact", flags=["unsourced"], v=None)

claims = [parent, child_pl, child_lt, ria, sejm, quote, money, icrc, anon, critics]
counts = {"corroborated": 0, "contradicted": 0, "unverified": 0}
for c in claims:
    if c["verdict"]:
        counts[c["verdict"]["label"]] += 1

REPORT = {
    "tool": "verify", "version": "0.1.0",
    "run": {"id": "r" + sha("sample-run")[:16], "started_at": "2025-07-01T09:00:00Z",
            "finished_at": "2025-07-01T09:01:30Z", "as_of": "2025-07-01", "ruleset": "rules-1",
            "offline": True, "config_hash": sha("config")[:16]},
    "article": {"sha256": ARTICLE_SHA, "location": "examples/ottawa/article.txt", "url": None,
                "title": "Five countries bordering Russia withdraw from the Ottawa Convention",
                "publisher": None, "published": None, "language": "en", "text": TEXT},
    "claims": claims,
    "summary": counts,
    "sources": SOURCES,
    "snapshots": SNAPSHOTS,
}

if __name__ == "__main__":
    (HERE / "sample_report.json").write_text(
        json.dumps(REPORT, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
