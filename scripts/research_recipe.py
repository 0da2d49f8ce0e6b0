#!/usr/bin/env python
"""Research recipe (documented and measured, never shipped): adapt on public sets whose licences forbid
shipping the result, and measure on their held-out parts.

    babe    adapt the shipped model on a fixed, seeded 80% of BABE (split by source_id, as
            scripts/babe_outlets.py does), then macro-F1 on the other 20%
    conll   adapt the *unadapted* model (WikiWeasel holds the same Wikipedia sentences, so the shipped
            model has seen them) on the CoNLL-2010 Wikipedia training part, then F1 on its test part

Each recipe holds out 1/8 of its training sentences to choose the threshold (``framing calibrate``),
adapts with the shipped recipe (replay 0.75, 1 epoch, lr 2e-5), and evaluates with ``framing eval`` on a
generated suite, next to the starting model on the same sentences. BABE is non-commercial and the CoNLL-2010
data unlicensed: a model adapted on them is for research use only (see ../shared/data/markers/SOURCE.md).

    python scripts/research_recipe.py --recipe babe --workdir /tmp/recipe
    python scripts/research_recipe.py --recipe conll --base-model /path/to/unadapted --workdir /tmp/recipe
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
SHARED = ROOT.parent / "shared" / "data"

from _run import framing_cli  # noqa: E402
from babe_outlets import babe_split  # noqa: E402

RECIPES = {  # name: (file, marker)
    "babe": ("babe.jsonl", "loaded_language"),
    "conll": ("hedge_conll2010_wiki.jsonl", "hedging"),
}


def split_data(recipe: str, train_limit: int, seed: int) -> pd.DataFrame:
    """Rows with ``split`` = train / calibration (1/8 of the training side) / test, fixed by seed."""
    file, _ = RECIPES[recipe]
    frame = pd.read_json(SHARED / "markers" / file, lines=True)
    frame = frame[frame["text"].str.strip().str.len() > 0].reset_index(drop=True)
    side = babe_split(frame, seed) if recipe == "babe" else frame["split"].fillna("train")
    rng = np.random.default_rng(seed)
    train_idx = np.flatnonzero(side.to_numpy() == "train")
    rng.shuffle(train_idx)
    train_idx = train_idx[:train_limit] if train_limit else train_idx
    n_cal = len(train_idx) // 8
    frame["split"] = "unused"
    frame.loc[side == "test", "split"] = "test"
    frame.loc[train_idx[:n_cal], "split"] = "calibration"
    frame.loc[train_idx[n_cal:], "split"] = "train"
    return frame[frame["split"] != "unused"]


def evaluate(work: Path, name: str, data: Path, marker: str, model: str | None, markers: Path | None,
             log: Path) -> dict:
    suite = work / f"suite-{name}.toml"
    suite.write_text(f'[suite]\nname = "{name}"\ndata = "{data.name}"\nsplit = "test"\nmarkers = ["{marker}"]\n')
    out = work / f"eval-{name}.json"
    if not out.exists():
        framing_cli("eval", str(suite), "-o", str(out), *(["--model", model] if model else []),
                    *(["--markers", str(markers)] if markers else []), log=log, ok=(0, 1))
    return json.loads(out.read_text())["metrics"][marker]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--recipe", choices=list(RECIPES), required=True)
    ap.add_argument("--base-model", help="model to start from (default: the shipped model)")
    ap.add_argument("--base-markers", help="markers file calibrated for --base-model (default: built-in)")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--train-limit", type=int, default=4000, help="training-side sentences used (0: all)")
    ap.add_argument("--epochs", default="1")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found")
        return 0
    _, marker = RECIPES[args.recipe]
    work = Path(args.workdir) / args.recipe
    work.mkdir(parents=True, exist_ok=True)
    log = work / "log.txt"
    data = work / "data.jsonl"
    frame = split_data(args.recipe, args.train_limit, args.seed)
    frame[["text", marker, "split"]].to_json(data, orient="records", lines=True, force_ascii=False)
    counts = frame.groupby("split")[marker].agg(["size", "mean"]).round(3).to_dict("index")
    print(f"{args.recipe}: {counts}", flush=True)
    before = evaluate(work, "before", data, marker, args.base_model,
                      Path(args.base_markers) if args.base_markers else None, log)
    model = work / "model"
    if not (model / "card.json").exists():
        framing_cli("adapt", str(data), "-o", str(model), "--marker", marker, "--split", "train",
                    *(["--base-model", args.base_model] if args.base_model else []),
                    "--replay", str(SHARED / "nli" / "nli_train_extra.parquet"), "--replay-ratio", "0.75",
                    "--epochs", args.epochs, "--lr", "2e-5", "--seed", "13", "--checkpoint-dir", str(work / "ckpt"),
                    "--quiet", log=log, ok=(0, 1))
    markers = work / "markers.toml"
    if not markers.exists():
        framing_cli("calibrate", str(data), "-o", str(markers), "--model", str(model), "--marker", marker,
                    "--split", "calibration", "--method", "platt", "--lexicon-search", log=log, ok=(0, 1))
    after = evaluate(work, "after", data, marker, str(model), markers, log)
    result = {"recipe": args.recipe, "marker": marker, "splits": counts,
              "before": {k: before[k] for k in ("f1", "macro_f1", "roc_auc", "precision", "recall")},
              "after": {k: after[k] for k in ("f1", "macro_f1", "roc_auc", "precision", "recall")}}
    (work / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    for side in ("before", "after"):
        r = result[side]
        print(f"{args.recipe} {side:<6} test: F1 {r['f1']:.3f}  macro-F1 {r['macro_f1']:.3f}  "
              f"ROC-AUC {r['roc_auc']:.3f}  P {r['precision']:.3f}  R {r['recall']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
