"""The sample report (data/sample_report.json, from data/make_sample.py) and hostile variants."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
SCHEMA = Path(__file__).parents[2] / "schema" / "report.schema.json"

# Untrusted text as an attacker would write it into an article or a source.
HOSTILE = ('<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'
           '"><svg onload="window.__pwned = 3"></svg>')


def load_sample() -> dict[str, Any]:
    return json.loads((DATA / "sample_report.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample() -> dict[str, Any]:
    return load_sample()


@pytest.fixture
def hostile() -> dict[str, Any]:
    """The sample with script and markup in the article, a claim, a quote, a URL and a name."""
    report = load_sample()
    text = report["article"]["text"]
    report["article"]["text"] = HOSTILE + "\n" + text
    shift = len(HOSTILE) + 1
    for claim in report["claims"]:
        if claim["span"] is not None:
            claim["span"] = [claim["span"][0] + shift, claim["span"][1] + shift]
    first = report["claims"][0]
    hostile_claim = copy.deepcopy(report["claims"][3])
    hostile_claim.update(id="c-hostile", text=HOSTILE, span=[0, len(HOSTILE)], parent=None)
    ev = hostile_claim["verdict"]["evidence"][0]
    ev["quote"] = {"exact": HOSTILE, "prefix": "<b>", "suffix": "</blockquote>"}
    ev["url"] = "javascript:window.__pwned=4"
    report["claims"].insert(0, hostile_claim)
    report["sources"][2]["name"] = "RIA <script>window.__pwned=5</script>"
    report["article"]["title"] = "</title><script>window.__pwned=6</script>"
    assert first["span"][0] >= shift
    return report


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))
