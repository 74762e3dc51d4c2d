"""The example's sources in their own languages: the minister's English quote and
reported position against his Polish words, and what changes when his record
is edited to translate the quote sentence for sentence."""

from __future__ import annotations

import re

from .conftest import check, copy_workspace, rebuild_archive, verdicts

_SAID = "Polska nie może być objęta żadnym gorsetem uniemożliwiającym obronę naszej ojczyzny."
# A sentence-for-sentence Polish rendering of the article's quote, written for this test.
_TRANSLATION = ("Nie możemy pozwolić na ograniczenia, które mogłyby osłabić nasze zdolności "
                "obronne w obliczu zagrożenia egzystencjalnego.")


def _claim(report: dict, pattern: str) -> dict:
    [c] = [c for c in report["claims"] if re.search(pattern, c["text"])]
    return c


def test_the_quote_matches_his_polish_words_only_in_gist(baseline):
    quote = _claim(baseline, r"^‘We cannot allow")
    v = quote["verdict"]
    assert (v["label"], v["reason"]) == ("unverified", "paraphrase_not_quote")
    assert "only in gist" in v["explanation"] and "gorsetem" in v["explanation"]
    position = _claim(baseline, r"emphasized that Poland would not accept")
    p = position["verdict"]
    assert (p["label"], p["reason"]) == ("unverified", "crosslang_undecided")
    assert "in pl" in p["explanation"] and "ojczyzny" in p["explanation"]


def test_a_record_that_translates_the_quote_corroborates_it_as_translated(baseline, tmp_path):
    ws = copy_workspace(tmp_path)
    path = ws / "rebuilt" / "sejm" / "transcript-999-2025-06-25-999.html"
    text = path.read_text(encoding="utf-8")
    assert _SAID in text, "the rebuilt transcript changed: update this test with it"
    path.write_text(text.replace(_SAID, _TRANSLATION), encoding="utf-8")
    rebuild_archive(ws)
    after = check(ws, "--as-of", "2025-07-01")
    quote = _claim(after, r"^‘We cannot allow")
    v = quote["verdict"]
    assert (v["label"], v["qualifier"], v["reason"]) == ("corroborated", "translated",
                                                         "slots_agree")
    assert "sentence for sentence" in v["explanation"] and _TRANSLATION in v["explanation"]
    # only claims that rest on the minister's words may change
    a, b = verdicts(baseline), verdicts(after)
    changed = {cid for cid in a if a[cid] != b[cid]}
    speech = {c["id"] for c in baseline["claims"] if c.get("speaker")}
    assert quote["id"] in changed and changed <= speech
