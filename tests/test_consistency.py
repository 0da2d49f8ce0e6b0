"""Consistency groups: near-synonyms and paraphrases whose decisions must agree (framing/_consistency.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import framing
from framing._consistency import Group, load_groups, measure_consistency
from framing._evaluate import load_suite
from framing.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_agreement_and_expected_label_shares_by_hand():
    groups = [Group("a", ("x1", "x2"), {"hedging": 1}), Group("b", ("y1", "y2", "y3"), {"hedging": 0, "loaded": 1}),
              Group("c", ("z1", "z2"), {"hedging": 1})]
    decided = {"x1": True, "x2": True, "y1": True, "y2": True, "y3": True, "z1": True, "z2": False}

    def decide(texts):
        return {"hedging": np.array([decided[t] for t in texts]), "loaded": np.array([decided[t] for t in texts])}

    out = measure_consistency(groups, decide, ["hedging", "loaded", "attribution"])
    assert set(out) == {"hedging", "loaded"}  # no group tests attribution
    assert out["hedging"] == {"groups": 3, "agreement": pytest.approx(2 / 3), "expected": pytest.approx(1 / 3),
                              "disagreeing": ["c"]}
    assert out["loaded"]["groups"] == 1 and out["loaded"]["agreement"] == out["loaded"]["expected"] == 1.0


def _files(tmp_path: Path, table: str) -> Path:
    (tmp_path / "labelled.jsonl").write_text(
        "".join(json.dumps({"text": t, "hedging": h}) + "\n" for t, h in [("It may rain.", 1), ("It rained.", 0)]))
    # identical members always agree; one group expects 1 and one expects 0, so exactly half match
    (tmp_path / "groups.jsonl").write_text(
        json.dumps({"id": "g1", "texts": ["It may rain.", "It may rain."], "hedging": 1}) + "\n"
        + json.dumps({"id": "g2", "texts": ["It may rain.", "It may rain."], "hedging": 0}) + "\n")
    suite = tmp_path / "suite.toml"
    suite.write_text(f'[suite]\ndata = "labelled.jsonl"\nmarkers = ["hedging"]\n\n[consistency]\n{table}')
    return suite


def test_eval_reports_consistency_and_exits_1_below_the_minimum(tiny_model, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", str(_files(tmp_path, 'data = "groups.jsonl"\nmin_agreement = { hedging = 1.0 }\n'
                                                           "min_expected = { hedging = 0.5 }\n")),
                             "--model", str(tiny_model), "-o", str(tmp_path / "r.json")])
    assert ok.exit_code == 0, ok.output
    assert "consistency: groups.jsonl" in ok.output and "passed: 2 checks" in ok.output
    report = json.loads((tmp_path / "r.json").read_text())["consistency"]
    assert report["data"] == "groups.jsonl"
    assert report["markers"]["hedging"] == {"groups": 2, "agreement": 1.0, "expected": 0.5, "disagreeing": []}
    bad = runner.invoke(app, ["eval", str(_files(tmp_path, 'data = "groups.jsonl"\nmin_expected = { hedging = 0.6 }\n')),
                              "--model", str(tiny_model)])
    assert bad.exit_code == 1, bad.output
    assert "REGRESSION hedging consistency_expected = 0.5000" in bad.output and "internal error" not in bad.output


def test_eval_refuses_to_write_over_the_groups_file(tiny_model, tmp_path):
    suite = _files(tmp_path, 'data = "groups.jsonl"\n')
    before = (tmp_path / "groups.jsonl").read_bytes()
    res = CliRunner().invoke(app, ["eval", str(suite), "--model", str(tiny_model), "-o", str(tmp_path / "groups.jsonl")])
    assert res.exit_code == 2, res.output
    assert (tmp_path / "groups.jsonl").read_bytes() == before
    assert load_suite(suite).files()[-1] == (tmp_path / "groups.jsonl").resolve()


@pytest.mark.parametrize("table, fragment", [
    ("min_agreement = { hedging = 0.5 }\n", "needs at least data"),
    ('data = "groups.jsonl"\nmin_agreemnt = { hedging = 0.5 }\n', "unknown key 'min_agreemnt'"),
    ('data = "groups.jsonl"\nmin_agreement = 0.5\n', "must be a table of marker = minimum"),
    ('data = "groups.jsonl"\nmin_agreement = { hedging = 1.5 }\n', "between 0 and 1"),
    ('data = "groups.jsonl"\nmin_agreement = { loaded_language = 0.5 }\n', "no group of groups.jsonl tests"),
    ('data = "nope.jsonl"\n', "consistency file not found"),
])
def test_bad_consistency_tables_exit_2(tiny_model, tmp_path, table, fragment):
    res = CliRunner().invoke(app, ["eval", str(_files(tmp_path, table)), "--model", str(tiny_model)])
    assert res.exit_code == 2, res.output
    assert fragment in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("line, fragment", [
    ('{"id": "x", "texts": ["only one"], "hedging": 1}', "at least two sentences"),
    ('{"id": "x", "texts": ["a", "b"], "hedging": "yes"}', "must be 0 or 1"),
    ("not json", "not valid JSON"),
])
def test_bad_group_files_are_input_errors(tmp_path, line, fragment):
    path = tmp_path / "g.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(framing.InputError, match=fragment):
        load_groups(path)


def test_the_shipped_groups_cover_each_kind_and_marker():
    groups = load_groups(SAMPLES / "consistency.jsonl")
    pairs = sum(len(g.texts) * (len(g.texts) - 1) // 2 for g in groups)
    assert len(groups) >= 150 and pairs >= 150
    assert {"hedged_modal", "hedged_adverb", "attributed_neutral", "attributed_evaluative", "loaded", "neutral"} <= {
        g.kind for g in groups}
    for marker in ("hedging", "attribution", "loaded_language"):
        assert {0, 1} <= {g.labels[marker] for g in groups if marker in g.labels}
    assert all(len(set(g.texts)) == len(g.texts) for g in groups)  # members differ
    suite = load_suite(SAMPLES / "suite.toml")
    assert suite.consistency is not None and suite.consistency.data == SAMPLES / "consistency.jsonl"
