from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import framing
from framing._evaluate import (
    best_threshold,
    binary_metrics,
    expected_calibration_error,
    fit_isotonic,
    fit_platt,
    load_suite,
    roc_auc,
)
from framing.cli import app


def test_binary_metrics_by_hand():
    y = [1, 1, 0, 0, 1]
    s = [0.9, 0.4, 0.6, 0.1, 0.7]
    m = binary_metrics(y, s, 0.5)  # predicted 1,0,1,0,1 -> tp 2, fp 1, fn 1
    assert (m["precision"], m["recall"], m["f1"]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert m["brier"] == pytest.approx(np.mean((np.array(s) - np.array(y)) ** 2))


def test_roc_auc_equals_pairwise_ranking_with_ties():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 60)
    s = np.round(rng.random(60), 1)
    pairs = [(a, b) for a, b in itertools.product(np.flatnonzero(y == 1), np.flatnonzero(y == 0))]
    expected = np.mean([1.0 if s[a] > s[b] else 0.5 if s[a] == s[b] else 0.0 for a, b in pairs])
    assert roc_auc(y, s) == pytest.approx(expected)


def test_calibration_fits_improve_calibration_error():
    rng = np.random.default_rng(1)
    raw = rng.random(400)
    y = (rng.random(400) < raw**3).astype(int)  # raw scores are over-confident
    platt = fit_platt(y, raw)
    p = 1 / (1 + np.exp(-(platt["a"] * raw + platt["b"])))
    assert expected_calibration_error(y, p) < expected_calibration_error(y, raw)
    iso = fit_isotonic(y, raw)
    assert iso["y"] == sorted(iso["y"])
    fitted = np.interp(raw, iso["x"], iso["y"])
    assert expected_calibration_error(y, fitted) < expected_calibration_error(y, raw)


def test_best_threshold_is_the_f1_maximum():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 80)
    s = np.clip(y * 0.3 + rng.random(80) * 0.7, 0, 1)
    t, f1 = best_threshold(y, s)
    assert f1 == pytest.approx(binary_metrics(y, s, t)["f1"])
    assert f1 >= max(binary_metrics(y, s, u)["f1"] for u in np.linspace(0, 1, 101)) - 1e-9


@pytest.fixture()
def labelled(tmp_path: Path) -> Path:
    rows = [
        {"id": f"x{i}", "text": t, "hedging": h, "attribution": a, "loaded_language": l, "split": sp}
        for i, (t, h, a, l, sp) in enumerate([
            ("Officials said the bridge may reopen.", 1, 1, 0, "calibration"),
            ("The regime slammed critics.", 0, 0, 1, "calibration"),
            ("The council met on Monday.", 0, 0, 0, "calibration"),
            ("The plan could reportedly fail.", 1, 0, 0, "calibration"),
            ("The minister told reporters the water is safe.", 0, 1, 0, "test"),
            ("A disastrous and reckless scheme.", 0, 0, 1, "test"),
            ("It may rain.", 1, 0, 0, "test"),
            ("The river is calm.", 0, 0, 0, "test"),
        ])
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _suite(tmp_path: Path, labelled: Path, f1_min: float) -> Path:
    suite = tmp_path / "suite.toml"
    suite.write_text(f'[suite]\nname = "t"\ndata = "{labelled.name}"\nsplit = "test"\n'
                     f'markers = ["hedging", "attribution"]\n\n[minimums.hedging]\nroc_auc = 0.0\n\n'
                     f'[minimums.attribution]\nf1 = {f1_min}\n\n[maximums.attribution]\nbrier = 1.0\n')
    return suite


def test_eval_passes_fails_and_writes_json(tiny_model, tmp_path, labelled):
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", str(_suite(tmp_path, labelled, 0.0)), "--model", str(tiny_model), "-o", str(tmp_path / "r.json")])
    assert ok.exit_code == 0, ok.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["passed"] and set(report["metrics"]) == {"hedging", "attribution"}
    assert report["metrics"]["attribution"]["n"] == 4 and report["metrics"]["attribution"]["positives"] == 1
    bad = runner.invoke(app, ["eval", str(_suite(tmp_path, labelled, 1.01)), "--model", str(tiny_model)])
    assert bad.exit_code == 1 and "REGRESSION attribution f1" in bad.output
    assert "internal error" not in bad.output  # a regression is a result, not a bug
    api = framing.evaluate(_suite(tmp_path, labelled, 1.01), model=str(tiny_model))
    assert not api.passed and [c.metric for c in api.failures] == ["f1"]


def test_eval_measures_and_bounds_each_further_part_on_its_own(tiny_model, tmp_path, labelled):
    suite = tmp_path / "parts.toml"
    suite.write_text(f'[suite]\ndata = "{labelled.name}"\nsplit = "test"\nmarkers = ["hedging"]\n\n'
                     f'[[parts]]\nname = "real"\ndata = "{labelled.name}"\nsplit = "calibration"\n'
                     f'[parts.minimums.hedging]\nf1 = 1.01\n')
    res = CliRunner().invoke(app, ["eval", str(suite), "--model", str(tiny_model), "-o", str(tmp_path / "r.json")])
    assert res.exit_code == 1 and "REGRESSION real: hedging f1" in res.output, res.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["parts"]["real"]["data"] == "labelled.jsonl (split=calibration)"
    assert report["parts"]["real"]["metrics"]["hedging"]["n"] == 4 and report["metrics"]["hedging"]["n"] == 4
    assert [c["marker"] for c in report["checks"]] == ["real: hedging"]
    suite.write_text(suite.read_text().replace('data = "labelled.jsonl"\nsplit = "calibration"', "split = 1"))
    res = CliRunner().invoke(app, ["eval", str(suite), "--model", str(tiny_model)])
    assert res.exit_code == 2 and "[[parts]]" in res.output


GOLD_SPANS = Path(__file__).resolve().parents[1] / "samples" / "attribution_spans.jsonl"


def _span_suite(tmp_path: Path, labelled: Path, source_min: float) -> Path:
    suite = tmp_path / "spans.toml"
    suite.write_text(f'[suite]\ndata = "{labelled.name}"\nsplit = "test"\nmarkers = ["attribution"]\n\n'
                     f'[attribution_spans]\ndata = "{GOLD_SPANS.as_posix()}"\nsplit = "holdout"\n'
                     f'min_source_f1_exact = {source_min}\nmin_cue_f1_token = 0.9\n')
    return suite


def test_eval_checks_attribution_span_minimums(tiny_model, tmp_path, labelled):
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", str(_span_suite(tmp_path, labelled, 0.9)), "--model", str(tiny_model),
                             "-o", str(tmp_path / "r.json")])
    assert ok.exit_code == 0, ok.output
    assert "attribution spans (rules)" in ok.output and "source_f1_exact" in ok.output and "passed: 2 checks" in ok.output
    report = json.loads((tmp_path / "r.json").read_text())
    spans = report["attribution_spans"]
    assert spans["n"] == 50 and spans["data"] == "attribution_spans.jsonl (split=holdout)"
    assert {"source_f1_exact", "source_f1_token", "cue_f1_exact", "cue_f1_token"} <= set(spans)
    assert [(c["marker"], c["metric"], c["passed"]) for c in report["checks"]] == [
        ("attribution_spans", "source_f1_exact", True), ("attribution_spans", "cue_f1_token", True)]
    bad = runner.invoke(app, ["eval", str(_span_suite(tmp_path, labelled, 1.01)), "--model", str(tiny_model)])
    assert bad.exit_code == 1, bad.output
    assert "REGRESSION attribution_spans source_f1_exact" in bad.output and "internal error" not in bad.output
    api = framing.evaluate(_span_suite(tmp_path, labelled, 1.01), model=str(tiny_model))
    assert not api.passed and [(c.marker, c.metric) for c in api.failures] == [("attribution_spans", "source_f1_exact")]
    assert api.spans["source_f1_exact"] == api.to_dict()["attribution_spans"]["source_f1_exact"] <= 1.0


def test_the_shipped_suite_checks_span_figures_it_meets():
    from framing._evaluate import evaluate_spans

    suite = load_suite(Path(__file__).resolve().parents[1] / "samples" / "suite.toml")
    assert suite.spans is not None and suite.spans.data == GOLD_SPANS
    assert {"source_f1_exact", "source_f1_token", "cue_f1_exact", "cue_f1_token"} <= set(suite.spans.minimums)
    measured = evaluate_spans(suite.spans.data, suite.spans.split)
    assert measured["n"] >= 150
    for metric, minimum in suite.spans.minimums.items():
        assert measured[metric] >= minimum, (metric, measured[metric], minimum)


@pytest.mark.parametrize("body, fragment", [
    ("[suite]\n", "needs a [suite] table"),
    ('[suite]\ndata = "labelled.jsonl"\n[attribution_spans]\nmin_cue_f1_exact = 0.5\n', "needs at least data"),
    ('[suite]\ndata = "labelled.jsonl"\n[attribution_spans]\ndata = "labelled.jsonl"\nmin_cue_f2 = 0.5\n',
     "unknown key 'min_cue_f2'"),
    ('[suite]\ndata = "labelled.jsonl"\n[attribution_spans]\ndata = "labelled.jsonl"\nmin_cue_f1_exact = "high"\n',
     "must be a number"),
    ('[suite]\ndata = "labelled.jsonl"\nmarkers = ["hedging"]\n[attribution_spans]\ndata = "nope.jsonl"\n',
     "attribution spans file not found"),
    ('[suite]\ndata = "labelled.jsonl"\n[minimums.hedging]\nf2 = 0.5\n', "unknown metric 'f2'"),
    ('[suite]\ndata = "missing.jsonl"\nmarkers = ["hedging"]\n', "file not found"),
])
def test_bad_suites_exit_2(tiny_model, tmp_path, labelled, body, fragment):
    suite = tmp_path / "bad.toml"
    suite.write_text(body)
    res = CliRunner().invoke(app, ["eval", str(suite), "--model", str(tiny_model)])
    assert res.exit_code == 2 and fragment in res.output


def test_calibrate_writes_markers_whose_thresholds_maximise_calibration_f1(tiny_model, tmp_path, labelled):
    out = tmp_path / "cal.toml"
    res = CliRunner().invoke(app, ["calibrate", str(labelled), "-o", str(out), "--model", str(tiny_model),
                                   "--method", "platt", "--lexicon-search"])
    assert res.exit_code == 0, res.output
    markers = framing.load_markers(out)
    assert markers["hedging"].calibration["method"] == "platt"
    scorer = framing.Scorer(tiny_model, markers)
    frame = framing._evaluate.load_labelled(labelled, "calibration")
    scores = scorer.score_texts(frame["text"].tolist())
    for m in ("hedging", "attribution", "loaded_language"):
        y = frame[m].to_numpy()
        assert binary_metrics(y, scores[m], markers[m].threshold)["f1"] == pytest.approx(best_threshold(y, scores[m])[1], abs=1e-6)
    assert load_suite(_suite(tmp_path, labelled, 0.5)).minimums["attribution"] == {"f1": 0.5}


def test_platt_with_a_cue_feature_recovers_both_coefficients_and_stays_calibrated():
    rng = np.random.default_rng(3)
    raw = rng.random(4000)
    hits = (rng.random(4000) < 0.3).astype(float)
    y = (rng.random(4000) < 1 / (1 + np.exp(-(5.0 * raw + 2.0 * hits - 3.0)))).astype(int)
    fit = fit_platt(y, raw, hits)
    assert fit["a"] == pytest.approx(5.0, abs=0.6) and fit["cue"] == pytest.approx(2.0, abs=0.4)
    assert fit["b"] == pytest.approx(-3.0, abs=0.4)
    marker = framing.Marker("m", "d", ("t",), calibration=fit)
    with_cue = framing._scorer.combine_scores(marker, raw[:, None], hits)
    assert expected_calibration_error(y, with_cue) < 0.03
    # the old blend (calibrated NLI score mixed with the 0/1 hit) is not a probability
    platt = fit_platt(y, raw)
    nli = 1 / (1 + np.exp(-(platt["a"] * raw + platt["b"])))
    assert expected_calibration_error(y, 0.6 * nli + 0.4 * hits) > 2 * expected_calibration_error(y, with_cue)


def test_calibrated_file_overrides_the_builtin_blend_and_calibration(tiny_model, tmp_path, labelled):
    """A calibration that drops the built-in lexicon blend must not inherit it when the file is read back."""
    out = tmp_path / "cal.toml"
    res = CliRunner().invoke(app, ["calibrate", str(labelled), "-o", str(out), "--model", str(tiny_model),
                                   "--method", "none"])
    assert res.exit_code == 0, res.output
    for name, marker in framing.load_markers(out).items():
        assert marker.calibration is None and marker.lexicon_weight == 0.0, name
    blended = {n: dataclasses.replace(m, lexicon_weight=0.4, calibration=None) for n, m in framing.builtin_markers().items()}
    framing.save_markers(blended, tmp_path / "b.toml")
    assert all(m.lexicon_weight == 0.4 for m in framing.load_markers(tmp_path / "b.toml").values())
