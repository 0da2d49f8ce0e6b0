#!/usr/bin/env python
"""NLI alone, the cue lexicon alone, and their blend: test-part F1 of each, all fitted on the calibration part.

For every marker: (a) NLI score with Platt scaling and an F1-best threshold, (b) lexicon hit (0/1),
(c) the blend (1-w)*NLI + w*hit with w and the threshold chosen on the calibration part (what
`framing calibrate --lexicon-search` does). Each is then scored once on the test part. Writes a Markdown
table (default docs/lexicon-vs-nli.md).

    python scripts/lexicon_vs_nli.py [--model PATH] [--out docs/lexicon-vs-nli.md]
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing  # noqa: E402
from framing._evaluate import best_threshold, binary_metrics, fit_platt, load_labelled  # noqa: E402
from framing._scorer import calibrate_score, combine_scores  # noqa: E402

WEIGHTS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model")
    ap.add_argument("--data", default=str(ROOT / "samples" / "markers.jsonl"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "lexicon-vs-nli.md"))
    args = ap.parse_args(argv)
    markers = {m: replace(mk, calibration=None, lexicon_weight=0.0) for m, mk in framing.builtin_markers().items()}
    scorer = framing.Scorer(args.model, markers)
    parts = {split: load_labelled(args.data, split, list(markers)) for split in ("calibration", "test")}
    matrices = {split: scorer._score_matrix(frame["text"].astype(str).tolist(), progress=False) for split, frame in parts.items()}
    lines = ["# NLI, lexicon, or both", "",
             f"Measured by `python scripts/lexicon_vs_nli.py` with model `{scorer.nli.name}`. Every choice (Platt scaling, "
             "blend weight, threshold) is fitted on the calibration part of `samples/markers.jsonl`; F1 is on the test part.",
             "", "| marker | NLI only (Platt + threshold) | lexicon only | blend (weight) |", "|---|---|---|---|"]
    for m, marker in markers.items():
        fitted = {}
        for split, frame in parts.items():
            texts = frame["text"].astype(str).tolist()
            raw = combine_scores(marker, matrices[split][m][1], np.zeros(len(texts)))
            hits = np.array([1.0 if marker.find_cues(t) else 0.0 for t in texts])
            fitted[split] = (frame[m].astype(int).to_numpy(), raw, hits)
        y, raw, hits = fitted["calibration"]
        platt = fit_platt(y, raw)
        cal = calibrate_score(replace(marker, calibration=platt), raw)
        t_nli, _ = best_threshold(y, cal)
        best = max(((best_threshold(y, (1 - w) * cal + w * hits), w) for w in WEIGHTS), key=lambda r: r[0][1])
        (t_blend, _), w_blend = best
        yt, raw_t, hits_t = fitted["test"]
        cal_t = calibrate_score(replace(marker, calibration=platt), raw_t)
        f_nli = binary_metrics(yt, cal_t, t_nli)["f1"]
        f_lex = binary_metrics(yt, hits_t, 0.5)["f1"]
        f_blend = binary_metrics(yt, (1 - w_blend) * cal_t + w_blend * hits_t, t_blend)["f1"]
        lines.append(f"| {m} | {f_nli:.3f} | {f_lex:.3f} | {f_blend:.3f} ({w_blend:.1f}) |")
        print(f"{m}: NLI {f_nli:.3f}  lexicon {f_lex:.3f}  blend {f_blend:.3f} (w={w_blend:.1f})")
    lines += ["", "The built-in markers ship with whichever of these `framing calibrate --lexicon-search` picks; "
              "a blend weight of 0 means NLI alone won on the calibration part."]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
