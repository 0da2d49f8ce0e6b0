#!/usr/bin/env python
"""Generalisation check: score a marker no model was adapted on (default: appeal to fear) with several models.

Every model scores the same sentences with the same templates (one markers file). On the ``test`` part it
reports ROC-AUC (threshold-free), F1 at the threshold that maximises F1 on the ``calibration`` part, and F1
at the markers file's threshold; with two or more models, a paired bootstrap 95% interval of each model's
test ROC-AUC minus the first model's. See docs/generalisation.md.

    nice -n 19 python scripts/eval_generalisation.py --model /work/runs/nli-base --name unadapted \\
        --model models/framing-nli-minilm --name adapted --out /work/runs/eval/generalisation.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing  # noqa: E402
from framing._evaluate import best_threshold, binary_metrics, load_labelled, roc_auc  # noqa: E402


def evaluate_model(model: str | None, marker: framing.Marker, frame: Any) -> dict[str, Any]:
    """Score every sentence of ``frame`` for ``marker``; metrics on the test part, threshold from calibration."""
    scorer = framing.Scorer(model, {marker.name: marker})
    scores, per_template = scorer._score_matrix(frame["text"].astype(str).tolist(), progress=False)[marker.name]
    y = frame[marker.name].astype(int).to_numpy()
    cal, test = (frame["split"] == "calibration").to_numpy(), (frame["split"] == "test").to_numpy()
    threshold, cal_f1 = best_threshold(y[cal], scores[cal])
    at_cal = binary_metrics(y[test], scores[test], threshold)
    at_file = binary_metrics(y[test], scores[test], marker.threshold)
    return {"model": scorer.nli.path, "test_roc_auc": at_file["roc_auc"],
            "calibration": {"roc_auc": roc_auc(y[cal], scores[cal]), "threshold": threshold, "f1": cal_f1},
            "test_at_calibrated_threshold": at_cal, "test_at_file_threshold": at_file,
            "test_roc_auc_per_template": {t: roc_auc(y[test], per_template[test, i])
                                          for i, t in enumerate(marker.templates)},
            "scores": {str(i): round(float(s), 6) for i, s in zip(frame["id"], scores)}}


def bootstrap_auc_difference(y: np.ndarray, a: np.ndarray, b: np.ndarray, n: int = 2000,
                             seed: int = 0) -> tuple[float, float]:
    """95% paired bootstrap interval (resampling sentences) of ROC-AUC(b) - ROC-AUC(a)."""
    rng = np.random.default_rng(seed)
    diffs = []
    for _ in range(n):
        idx = rng.integers(0, len(y), len(y))
        if 0 < y[idx].sum() < len(idx):
            diffs.append(roc_auc(y[idx], b[idx]) - roc_auc(y[idx], a[idx]))
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(lo), float(hi)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", action="append", help="model folder; repeat to compare (default: the shipped model)")
    ap.add_argument("--name", action="append", help="a label per --model, in the same order")
    ap.add_argument("--data", default=str(REPO / "samples" / "appeal_to_fear.jsonl"))
    ap.add_argument("--markers", default=str(REPO / "samples" / "appeal_to_fear.toml"))
    ap.add_argument("--marker", default="appeal_to_fear")
    ap.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples for the AUC difference")
    ap.add_argument("--out", help="write the results as JSON here")
    args = ap.parse_args(argv)
    models: list[str | None] = list(args.model or [None])
    names = list(args.name or [])
    if len(names) > len(models):
        ap.error("more --name than --model")
    names += [Path(m).name if m else "default" for m in models[len(names):]]

    marker = framing.load_markers(args.markers)[args.marker]
    frame = load_labelled(args.data, None, [args.marker])
    frame = frame[frame["split"].isin(["calibration", "test"])].reset_index(drop=True)
    results = {name: evaluate_model(model, marker, frame) for name, model in zip(names, models)}

    y_test = frame.loc[frame["split"] == "test", args.marker].astype(int).to_numpy()
    test_ids = frame.loc[frame["split"] == "test", "id"].astype(str)
    first = names[0]
    for name in names[1:]:
        a = np.array([results[first]["scores"][i] for i in test_ids])
        b = np.array([results[name]["scores"][i] for i in test_ids])
        results[name]["test_roc_auc_minus_" + first + "_ci95"] = bootstrap_auc_difference(y_test, a, b, args.bootstrap)

    n_cal, n_test = int((frame["split"] == "calibration").sum()), len(y_test)
    print(f"marker {args.marker}: {len(marker.templates)} templates, file threshold {marker.threshold}; "
          f"calibration {n_cal} sentences, test {n_test} ({int(y_test.sum())} positive)")
    print(f"{'model':<12} {'test AUC':>8} {'cal thr':>7} {'F1@cal thr':>10} {'P/R@cal thr':>11} "
          f"{'F1@file thr':>11} {'P/R@file thr':>12}")
    for name, r in results.items():
        c, f = r["test_at_calibrated_threshold"], r["test_at_file_threshold"]
        print(f"{name:<12} {r['test_roc_auc']:>8.3f} {r['calibration']['threshold']:>7.3f} {c['f1']:>10.3f} "
              f"{c['precision']:>5.2f}/{c['recall']:.2f} {f['f1']:>11.3f} {f['precision']:>6.2f}/{f['recall']:.2f}")
    for name in names[1:]:
        lo, hi = results[name]["test_roc_auc_minus_" + first + "_ci95"]
        diff = results[name]["test_roc_auc"] - results[first]["test_roc_auc"]
        print(f"test AUC {name} - {first}: {diff:+.3f} (95% paired bootstrap {lo:+.3f} .. {hi:+.3f})")
    if args.out:
        out = {"data": args.data, "markers": args.markers, "marker": args.marker, "templates": list(marker.templates),
               "file_threshold": marker.threshold, "n_calibration": n_cal, "n_test": n_test, "models": results}
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
