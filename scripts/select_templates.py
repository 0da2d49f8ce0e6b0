#!/usr/bin/env python
"""Choose each built-in marker's hypothesis templates by measured F1 on the calibration part.

Scores every candidate template alone, then the mean of the best 2 and 3, on the calibration
sentences of samples/markers.jsonl (never the test part); F1 is at the F1-best threshold found on the
same part. Writes the comparison table to docs/templates.md and prints the winners.

    python scripts/select_templates.py [--model PATH] [--out docs/templates.md]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from framing._evaluate import best_threshold, load_labelled, roc_auc  # noqa: E402
from framing._nli import NLIModel  # noqa: E402

CANDIDATES = {
    "hedging": [
        "This claim is uncertain.",
        "The writer is not sure whether this is true.",
        "This is speculation.",
        "Something may be true.",
        "This is not certain.",
        "The information is unconfirmed.",
        "This is a possibility, not a fact.",
    ],
    "attribution": [
        "Someone said this.",
        "This sentence reports what a person or organisation said.",
        "This is a quote.",
        "Someone made a statement.",
        "A source is cited.",
        "Someone told reporters something.",
        "Someone claims something.",
    ],
    "loaded_language": [
        "The writer uses emotionally charged language.",
        "This sentence is biased.",
        "The writer expresses a strong opinion.",
        "This sentence is negative and judgmental.",
        "The language is dramatic.",
        "Someone is insulted.",
        "The writer is angry.",
    ],
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--data", default=str(ROOT / "samples" / "markers.jsonl"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "templates.md"))
    args = ap.parse_args(argv)
    nli = NLIModel.load(args.model, batch_size=64)
    frame = load_labelled(args.data, "calibration", list(CANDIDATES))
    texts = frame["text"].astype(str).tolist()
    lines = [
        "# Choosing the built-in markers' templates",
        "",
        f"Measured by `python scripts/select_templates.py` with model `{nli.name}` on the calibration part of "
        f"`samples/markers.jsonl` ({len(frame)} sentences; the test part is never used here). Score = P(entailment) "
        "with the sentence as premise; F1 at the F1-best threshold on the same part; ROC-AUC is threshold-free.",
        "",
    ]
    winners = {}
    for marker, templates in CANDIDATES.items():
        y = frame[marker].astype(int).to_numpy()
        flat = nli.score_pairs([t for t in texts for _ in templates], [h for _ in texts for h in templates])
        scores = flat.reshape(len(texts), len(templates))
        rows = []
        for j, template in enumerate(templates):
            _, f1 = best_threshold(y, scores[:, j])
            rows.append((template, f1, roc_auc(y, scores[:, j]), [j]))
        ranked = sorted(rows, key=lambda r: -r[1])
        for k in (2, 3):
            idx = [templates.index(r[0]) for r in ranked[:k]]
            mean = scores[:, idx].mean(axis=1)
            _, f1 = best_threshold(y, mean)
            rows.append((f"mean of best {k}", f1, roc_auc(y, mean), idx))
        best = max(rows, key=lambda r: (round(r[1], 4), -len(r[3])))
        winners[marker] = [templates[j] for j in best[3]]
        lines += [f"## {marker} ({int(y.sum())} positive of {len(y)})", "", "| template | F1 | ROC-AUC |", "|---|---|---|"]
        lines += [f"| {t}{' **(chosen)**' if r is best else ''} | {f1:.3f} | {auc:.3f} |"
                  for r in rows for t, f1, auc, _ in [r]]
        lines.append("")
        print(f"{marker}: {winners[marker]} (F1 {best[1]:.3f}, ROC-AUC {best[2]:.3f})")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
