"""A broken sources.toml gives one line naming file, line and key; exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from verify.errors import RegistryError
from verify.registry import load_registry

GOOD = """\
[sources.sejm]
name = "Sejm"
kind = "sejm_api"
term = 10
covers = { entities = ["poland"], facts = ["vote"] }

[entities.poland]
kind = "country"
country = "PL"

[facts.vote]
fields = ["date", "yes"]
words = ["voted"]
"""

BROKEN = {
    # name: (text, line, words the message must hold)
    "bad_toml": (GOOD.replace('term = 10', 'term = 10 10'), 4, "invalid TOML"),
    "unknown_kind": (GOOD.replace('"sejm_api"', '"sejm_apii"'), 3, "unknown fetcher kind"),
    "unknown_option": (GOOD.replace("term = 10", "term = 10\nterms = 11"), 5,
                       "unknown option 'terms'"),
    "missing_option": (GOOD.replace("term = 10\n", ""), 1, "missing option 'term'"),
    "wrong_type": (GOOD.replace("term = 10", 'term = "ten"'), 4, "must be an integer"),
    "outlet_not_a_flag": (GOOD.replace("term = 10", 'term = 10\noutlet = "yes"'), 5,
                          "must be true or false"),
    "unknown_step": (GOOD + '\n[facts.vote.predicates.began]\nwords = ["began"]\n'
                     'steps = ["decree"]\n', 17, "steps names an unknown fact type 'decree'"),
    "agent_field_not_a_field": (GOOD.replace('words = ["voted"]',
                                             'words = ["voted"]\nagent_field = "body"'), 14,
                                "agent_field 'body' is not one of the fact's fields"),
}


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sources.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_the_good_file_loads(tmp_path):
    reg = load_registry(_write(tmp_path, GOOD))
    assert reg.sources["sejm"].options["term"] == 10
    assert reg.sources_covering({"poland"}, {"vote"}) == ("sejm",)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_registry_names_file_line_and_key(tmp_path, case):
    text, line, words = BROKEN[case]
    path = _write(tmp_path, text)
    with pytest.raises(RegistryError) as e:
        load_registry(path)
    assert e.value.line == line, str(e.value)
    assert words in str(e.value)
    assert str(e.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_cli_check_gives_one_line_and_exit_2(tmp_path, case):
    text, line, words = BROKEN[case]
    path = _write(tmp_path, text)
    r = subprocess.run([sys.executable, "-m", "verify", "sources", "--check", str(path)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert f"{path}:{line}:" in lines[0] and words in lines[0]
    assert "Traceback" not in r.stderr


def test_the_repository_registry_is_valid():
    root = Path(__file__).resolve().parents[2]
    reg = load_registry(root / "sources.toml")
    assert {"untc", "sejm", "ria", "web", "wayback"} <= set(reg.sources)
    assert reg.entities["ottawa_convention"].ids["mtdsg"] == "XXVI-5"


def test_workspace_overrides_change_only_their_keys(tmp_path):
    reg = load_registry(_write(tmp_path, GOOD), overrides={"sejm": {"term": 9}})
    assert reg.sources["sejm"].options["term"] == 9
    assert reg.sources["sejm"].covers_facts == ("vote",)
    with pytest.raises(RegistryError):
        load_registry(_write(tmp_path, GOOD), overrides={"sejm": {"term": "nine"}})
