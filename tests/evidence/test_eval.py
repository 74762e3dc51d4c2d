"""verify eval: reading records, metrics, predictions, errors; the FEVER-Symmetric gate."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from verify.errors import InputError
from verify.eval import format_eval, metrics, normalise_label, predict, read_records, run_eval
from verify.evidence import judge
from verify.evidence.lexicon import lexicon
from verify.evidence.text import content_stems

FEVER = Path(__file__).parent.parent / "data" / "fever" / "fever-symmetric-v0.2-dev.jsonl"
FEVER_SHA256 = "1d43d016da9264de2139cd10edd459ffbeac84f1fd85d60b70ab6ef63d283f81"
# Floors: never lowered without saying so in the commit. The target is 0.75.
# Without WordNet (Debian's wordnet-base, optional) the judge matches words by
# form only; with it, synonyms and broader terms count too.
# evidence-rules-4 abstains where the passage does not decide (missing content
# and another common word in the claim's place are unverified, the negated-claim
# flip is gone): accuracy fell from 0.7401 to 0.4689 (with WordNet; 0.7175 to
# 0.4336 without), while precision when it commits rose from 0.766 to 0.876
# and true claims called contradicted fell from 32 % to 3.4 %. On this two-way
# file an abstention counts as wrong. The floors below are the new measured
# figures, rounded down.
ACCURACY_FLOOR = 0.43
MACRO_F1_FLOOR = 0.56
WORDNET_ACCURACY_FLOOR = 0.46
WORDNET_MACRO_F1_FLOOR = 0.59
WORDNET_COMMIT_PRECISION_FLOOR = 0.87
WORDNET_COMMIT_COVERAGE_FLOOR = 0.53
WORDNET_TRUE_CALLED_CONTRADICTED_CEILING = 0.04
COMMIT_PRECISION_FLOOR = 0.87
THREE_WAY_UNVERIFIED_FLOOR = 0.98


def write(tmp_path, lines):
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("SUPPORTS", "corroborated"),
        ("Refuted", "contradicted"),
        ("NOT ENOUGH INFO", "unverified"),
        ("not_enough_info", "unverified"),
        ("NEI", "unverified"),
        ("corroborated", "corroborated"),
        ("maybe", None),
    ],
)
def test_label_spellings(raw, want):
    assert normalise_label(raw) == want


def test_metrics_count_unverified_as_wrong_on_two_way():
    m = metrics(
        ["corroborated", "contradicted", "contradicted"],
        ["corroborated", "unverified", "contradicted"],
    )
    assert m.accuracy == round(2 / 3, 4)
    assert m.confusion["contradicted"]["unverified"] == 1
    assert set(m.confusion) == {"corroborated", "contradicted"}
    assert m.macro_f1 == round((1.0 + 2 / 3) / 2, 4)


def test_malformed_lines_name_file_and_line(tmp_path):
    good = json.dumps({"id": "1", "claim": "c", "evidence": "e"})
    for bad in (
        "{not json",
        json.dumps({"id": "2", "claim": "c"}),
        json.dumps({"id": "3", "claim": "c", "evidence": "e", "label": "WHO"}),
        "[1]",
    ):
        p = write(tmp_path, [good, bad])
        with pytest.raises(InputError) as e:
            read_records(p)
        assert e.value.line == 2 and str(p) in str(e.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        run_eval(tmp_path / "absent.jsonl")


def test_unknown_keys_ignored_lists_accepted_predictions_written(tmp_path):
    p = write(
        tmp_path,
        [
            json.dumps(
                {
                    "id": 7,
                    "claim": "The bill passed with 347 votes.",
                    "evidence": ["Rain fell.", "The bill passed with 310 votes."],
                    "label": "REFUTES",
                    "extra": 1,
                }
            ),
            json.dumps(
                {"id": "8", "claim": "The bill passed.", "evidence": "The bill passed on Friday."}
            ),
        ],
    )
    out = tmp_path / "pred.jsonl"
    r = run_eval(p, out)
    assert r.n == 2 and r.metrics is not None and r.metrics.n == 1
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert preds[0]["id"] == "7" and preds[0]["label"] == "contradicted"
    assert (
        preds[0]["reason"] == "number_mismatch"
        and preds[0]["quote"] == "The bill passed with 310 votes."
    )
    assert preds[1]["gold"] is None
    assert {"n", "accuracy", "macro_f1", "confusion", "commit_precision"} <= set(r.summary())


def test_fever_data_is_the_pinned_copy():
    assert hashlib.sha256(FEVER.read_bytes()).hexdigest() == FEVER_SHA256


@pytest.fixture(scope="module")
def fever_result():
    return run_eval(FEVER, baselines=True)


def test_accuracy_gate(fever_result):
    m = fever_result.metrics
    assert fever_result.n == 708 and fever_result.two_way
    if lexicon().available:
        assert m.accuracy >= WORDNET_ACCURACY_FLOOR, m
        assert m.macro_f1 >= WORDNET_MACRO_F1_FLOOR, m
        assert m.commit_precision >= WORDNET_COMMIT_PRECISION_FLOOR, m
        assert m.commit_coverage >= WORDNET_COMMIT_COVERAGE_FLOOR, m
        assert m.true_called_false <= WORDNET_TRUE_CALLED_CONTRADICTED_CEILING, m
    else:
        assert m.accuracy >= ACCURACY_FLOOR, m
        assert m.macro_f1 >= MACRO_F1_FLOOR, m


def test_ci_has_wordnet():
    """CI installs wordnet-base: there, a missing lexicon is a broken set-up, not a skip."""
    if os.environ.get("CI") != "true" and not lexicon().available:
        pytest.skip("WordNet (Debian's wordnet-base) not installed")
    assert lexicon().available, f"CI=true but no WordNet files in {lexicon().root}"
    assert "film" in lexicon().kin("movie", "n", senses=1, up=0, down=0)


def test_without_wordnet_the_present_floors_hold(tmp_path):
    """With the lexicon absent the judge works as before WordNet: its own process,
    since the lexicon is read once per process."""
    code = (
        "import json, sys\n"
        "from verify.eval import format_eval, run_eval\n"
        "r = run_eval(sys.argv[1], baselines=True)\n"
        "m = r.metrics\n"
        "print(json.dumps([m.accuracy, m.macro_f1, m.commit_precision, format_eval(r)]))\n"
    )
    env = {**os.environ, "VERIFY_WORDNET": str(tmp_path / "no-wordnet")}
    out = subprocess.run(
        [sys.executable, "-c", code, str(FEVER)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    accuracy, macro_f1, commit_precision, text = json.loads(out.stdout)
    assert accuracy >= ACCURACY_FLOOR and macro_f1 >= MACRO_F1_FLOOR
    assert commit_precision >= COMMIT_PRECISION_FLOOR
    assert "without WordNet" in text


def test_baselines_printed_beside_the_tool(fever_result):
    names = [b.name for b in fever_result.baselines]
    assert names == ["majority", "fuzzy-only", "heuristic"]
    assert fever_result.baselines[0].metrics.accuracy == 0.5
    # The judge abstains where the passage does not decide, and on a two-way
    # file an abstention counts as wrong; the baselines never abstain. What is
    # compared: how often a committed label is right.
    m = fever_result.metrics
    assert all(m.commit_precision > b.metrics.commit_precision for b in fever_result.baselines
               if b.metrics.commit_precision is not None)
    assert m.macro_f1 > fever_result.baselines[0].metrics.macro_f1
    text = format_eval(fever_result)
    for name in ("verify", *names):
        assert name in text


def test_each_record_is_judged_alone(fever_result):
    records = read_records(FEVER)
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    by_id = {(p.id, i): p for i, p in enumerate(fever_result.predictions)}
    first = {(r.id, r.line): p for r, p in zip(records, fever_result.predictions, strict=True)}
    again = {(r.id, r.line): predict(r) for r in shuffled}
    assert again == first
    for r in records[::37]:  # single records, judged with nothing else loaded
        assert predict(r) == first[(r.id, r.line)]
    assert len(by_id) == 708


def test_three_way_unrelated_evidence_is_unverified():
    records = read_records(FEVER)
    n = len(records)
    pairs = []
    for i, r in enumerate(records):
        other = records[(i + n // 2 + 1) % n]
        if set(content_stems(r.claim)) & set(content_stems(other.claim)):
            continue  # same subject: not an unrelated pairing
        pairs.append((r.claim, other.evidence))
    unverified = sum(judge(c, list(e)).label == "unverified" for c, e in pairs)
    assert len(pairs) > 600
    assert unverified / len(pairs) >= THREE_WAY_UNVERIFIED_FLOOR


def test_committed_labels_risk_and_true_claims_called_contradicted():
    gold = ["corroborated", "corroborated", "corroborated", "contradicted", "contradicted",
            "unverified"]
    pred = ["corroborated", "contradicted", "unverified", "contradicted", "corroborated",
            "unverified"]
    conf = [0.9, 0.6, 0.5, 0.8, 0.55, 0.5]
    m = metrics(gold, pred, conf)
    assert m.commit_coverage == round(4 / 6, 4)
    assert m.commit_precision == 0.5
    assert m.true_called_false == round(1 / 3, 4)
    by = {f.label: f for f in m.per_label}
    assert (by["corroborated"].predicted, by["corroborated"].precision) == (2, 0.5)
    assert by["contradicted"].coverage == round(2 / 6, 4)
    assert by["contradicted"].recall == 0.5
    # committing only at higher confidence: fewer commit, fewer wrongly
    rows = [(r.threshold, r.coverage, r.risk) for r in m.risk_coverage]
    assert rows[0] == (0.55, round(4 / 6, 4), 0.5)
    assert rows[-1] == (0.9, round(1 / 6, 4), 0.0)
    assert [r.coverage for r in m.risk_coverage] == sorted(
        (r.coverage for r in m.risk_coverage), reverse=True)


def test_eval_reads_question_answer_evidence_and_prints_the_new_figures(tmp_path):
    p = write(tmp_path, [
        json.dumps({"id": "qa", "claim": "The city council approved the harbour budget.",
                    "evidence": ["Q: Did the city council approve the harbour budget? A: No."],
                    "label": "REFUTES"}),
        json.dumps({"id": "s", "claim": "The bill passed with 347 votes.",
                    "evidence": "The bill passed with 347 votes on Friday.",
                    "label": "SUPPORTS"}),
    ])
    r = run_eval(p)
    assert [x.label for x in r.predictions] == ["contradicted", "corroborated"]
    text = format_eval(r)
    for words in ("commits", "precision", "true claims called contradicted", "risk-coverage"):
        assert words in text
    assert r.summary()["true_called_contradicted"] == 0.0


def test_eval_with_the_model_flag_reads_each_record_through_the_shipped_model(tmp_path):
    from click.testing import CliRunner

    from verify.cli import cli

    p = write(tmp_path, [
        json.dumps({"id": "s", "claim": "The council approved the harbour budget.",
                    "evidence": "On Monday the council approved the harbour budget.",
                    "label": "SUPPORTS"}),
    ])
    out = tmp_path / "pred.jsonl"
    for flag, read in (("--model", True), ("--no-model", False)):
        r = CliRunner().invoke(cli, ["eval", str(p), "--out", str(out), flag])
        assert r.exit_code == 0, r.output
        row = json.loads(out.read_text().splitlines()[0])
        # the model's probabilities are kept beside the verdict only when it read the pair
        assert bool(row.get("model")) is read, row
