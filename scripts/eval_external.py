#!/usr/bin/env python
"""Marker metrics on the public labelled sets in ../shared/data/markers (skips cleanly when absent).

Same metrics as `framing eval` (at each marker's shipped threshold) on: CoNLL-2010 Wikipedia hedge test,
SFU reviews and BioScope (hedging); BABE, MBIC and the propaganda corpus (loaded language); PolNeAR test
(attribution); and WNC test minimal pairs (share of pairs whose biased sentence scores above its neutral
edit). Each set is sampled (seeded) to --limit sentences to keep CPU time short. These sets are for
evaluation only: several are non-commercial or unlicensed (see their SOURCE.md).

    python scripts/eval_external.py [--model PATH] [--markers FILE] [--limit 1000] [--out external.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing  # noqa: E402
from framing._evaluate import binary_metrics  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "markers"
SETS = [  # (name, file, marker, split or None)
    ("CoNLL-2010 wiki test", "hedge_conll2010_wiki.jsonl", "hedging", "test"),
    ("SFU reviews", "hedge_sfu_reviews.jsonl", "hedging", None),
    ("BioScope", "hedge_bioscope_bio.jsonl", "hedging", None),
    ("BABE (SG2)", "babe.jsonl", "loaded_language", None),
    ("MBIC", "mbic.jsonl", "loaded_language", None),
    ("Propaganda (PTC train)", "ptc_loaded_language.jsonl", "loaded_language", None),
    ("PolNeAR test", "attribution_polnear.jsonl", "attribution", "test"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model")
    ap.add_argument("--markers", help="markers TOML (default: built-in)")
    ap.add_argument("--data-dir", default=str(DATA))
    ap.add_argument("--limit", type=int, default=1000, help="sentences sampled per set (seed 0)")
    ap.add_argument("--only", action="append", help="run only sets whose name contains this (repeatable)")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    if not data_dir.exists():
        print(f"skipped: {data_dir} not found (the public marker sets are only beside the project's own checkout)")
        print(json.dumps({"skipped": True}))
        return 0
    markers = framing.load_markers(args.markers)
    nli = framing.NLIModel.load(args.model)
    results = {}

    def scores_for(marker: str, texts: list[str]) -> np.ndarray:  # score only the marker the set labels
        return framing.Scorer(nli, {marker: markers[marker]}).score_texts(texts)[marker]

    def wanted(name: str) -> bool:
        return not args.only or any(o.lower() in name.lower() for o in args.only)

    print(f"model {nli.name}; up to {args.limit} sentences per set")
    print(f"{'set':<26} {'marker':<16} {'n':>5} {'pos':>5} {'P':>6} {'R':>6} {'F1':>6} {'macF1':>6} {'AUC':>6}")
    for name, file, marker, split in SETS:
        if not wanted(name):
            continue
        path = data_dir / file
        if not path.exists():
            print(f"{name:<26} skipped: {file} not found")
            continue
        frame = pd.read_json(path, lines=True)
        if split:
            frame = frame[frame["split"] == split]
        frame = frame[frame["text"].str.len() > 0]
        if args.limit and len(frame) > args.limit:
            frame = frame.sample(n=args.limit, random_state=0)
        scores = scores_for(marker, frame["text"].tolist())
        m = binary_metrics(frame[marker].astype(int).to_numpy(), scores, markers[marker].threshold)
        results[name] = {"marker": marker, **m}
        print(f"{name:<26} {marker:<16} {m['n']:>5} {m['positives']:>5} {m['precision']:>6.3f} {m['recall']:>6.3f} "
              f"{m['f1']:>6.3f} {m['macro_f1']:>6.3f} {m['roc_auc']:>6.3f}")
    wnc = data_dir / "wnc_pairs.jsonl"
    if wnc.exists() and wanted("WNC test pairs"):
        pairs = pd.read_json(wnc, lines=True)
        pairs = pairs[pairs["split"] == "test"]
        if args.limit and len(pairs) > args.limit:
            pairs = pairs.sample(n=args.limit, random_state=0)
        s = scores_for("loaded_language", pairs["biased"].tolist() + pairs["neutral"].tolist())
        biased, neutral = s[: len(pairs)], s[len(pairs):]
        ranked = float(np.mean(biased > neutral) + 0.5 * np.mean(biased == neutral))
        results["WNC test pairs"] = {"marker": "loaded_language", "n": int(len(pairs)), "ranked_correctly": ranked}
        print(f"{'WNC test pairs':<26} {'loaded_language':<16} {len(pairs):>5}  biased ranked above neutral: {ranked:.3f}")
    out = {"model": nli.name, "markers": args.markers or "built-in", "limit": args.limit, "results": results}
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
