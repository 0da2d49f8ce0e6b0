#!/usr/bin/env python
"""BABE's outlets ranked by framing against the human labels: the product's promise on data no one here wrote.

Runs the real CLI: ``framing score`` on BABE's sentences (one sentence per record, ``--no-segment``,
loaded language only), then ``framing profile`` on the scores, and prints for each outlet with at least
``--min-sentences`` sentences framing's loaded-language rate (decisions at the marker's calibrated threshold,
with its bootstrap interval) next to the human rate, their difference, the Spearman rank correlation and
sentence-level macro-F1. Templates, thresholds and lexicons come from the project's own calibration part,
never from BABE. BABE is for evaluation only (see ../shared/data/markers/SOURCE.md). Skips when absent.

    python scripts/babe_outlets.py [--model PATH] [--markers FILE] [--split test] [--out babe-outlets.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing  # noqa: E402
from framing._evaluate import binary_metrics  # noqa: E402
from _run import framing_cli  # noqa: E402

BABE = ROOT.parent / "shared" / "data" / "markers" / "babe.jsonl"
MARKER = "loaded_language"


def babe_split(frame: pd.DataFrame, seed: int = 0, test_share: float = 0.2) -> pd.Series:
    """Fixed, seeded train/test assignment by ``source_id`` (the research recipe's 80/20 split)."""
    ids = np.array(sorted(frame["source_id"].unique()))
    rng = np.random.default_rng(seed)
    test_ids = set(rng.choice(ids, size=int(round(len(ids) * test_share)), replace=False))
    return frame["source_id"].map(lambda i: "test" if i in test_ids else "train")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--markers", help="markers TOML (default: built-in)")
    ap.add_argument("--data", default=str(BABE))
    ap.add_argument("--split", choices=["all", "train", "test"], default="all",
                    help="score all of BABE, or one side of the seeded 80/20 split by source_id")
    ap.add_argument("--min-sentences", type=int, default=100)
    ap.add_argument("--out", help="write the table and figures as JSON")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not data.exists():
        print(f"skipped: {data} not found (BABE is only beside the project's own checkout)")
        return 0
    frame = pd.read_json(data, lines=True)
    frame["part"] = babe_split(frame)
    if args.split != "all":
        frame = frame[frame["part"] == args.split]
    counts = frame["outlet"].value_counts()
    frame = frame[frame["outlet"].isin(counts[counts >= args.min_sentences].index)].reset_index(drop=True)
    extra = [*(["--model", args.model] if args.model else []), *(["--markers", args.markers] if args.markers else [])]
    with tempfile.TemporaryDirectory(prefix="framing-babe-") as tmp:
        docs, scores, profiles = (Path(tmp) / n for n in ("babe.jsonl", "scores.jsonl", "profiles.json"))
        frame[["source_id", "outlet", "text"]].rename(columns={"source_id": "id"}).to_json(
            docs, orient="records", lines=True, force_ascii=False)
        framing_cli("score", str(docs), "-o", str(scores), "--marker", MARKER, "--no-segment", "--quiet", *extra)
        framing_cli("profile", str(scores), "-o", str(profiles), "--marker", MARKER, "--quiet")
        scored = pd.read_json(scores, lines=True)
        plist = framing.load_profiles(profiles)
    rows = []
    human = frame.groupby("outlet")[MARKER].mean()
    for p in plist:
        rate = p.markers[MARKER].rate
        rows.append({"outlet": p.outlet, "sentences": int((frame["outlet"] == p.outlet).sum()),
                     "framing_rate": rate.value, "ci_low": rate.low, "ci_high": rate.high,
                     "human_rate": float(human[p.outlet])})
    table = pd.DataFrame(rows).sort_values("human_rate").reset_index(drop=True)
    table["difference"] = table["framing_rate"] - table["human_rate"]
    spearman = float(table["framing_rate"].rank().corr(table["human_rate"].rank()))
    merged = frame.merge(scored[["id", f"{MARKER}_score", MARKER]], left_on="source_id", right_on="id")
    labels = merged[MARKER + "_x"].astype(int).to_numpy()
    macro_f1 = binary_metrics(labels, merged[MARKER + "_y"].astype(float).to_numpy(), 0.5)["macro_f1"]  # decisions
    roc_auc = binary_metrics(labels, merged[f"{MARKER}_score"].to_numpy(), 0.5)["roc_auc"]
    print(f"BABE ({args.split}, outlets with >= {args.min_sentences} sentences), model {args.model or 'default'}")
    print(f"{'outlet':<12} {'n':>5} {'framing':>8} {'95% CI':>15} {'human':>7} {'diff':>7}")
    for r in table.itertuples():
        print(f"{r.outlet:<12} {r.sentences:>5} {r.framing_rate:>8.2f} [{r.ci_low:.2f}, {r.ci_high:.2f}]".ljust(43)
              + f" {r.human_rate:>7.2f} {r.difference:>+7.2f}")
    print(f"Spearman rank correlation {spearman:.3f}; max |diff| {table['difference'].abs().max():.2f}; "
          f"sentence macro-F1 at the marker threshold {macro_f1:.3f}; ROC-AUC {roc_auc:.3f}")
    out = {"split": args.split, "model": args.model or "default", "markers": args.markers or "built-in",
           "spearman": spearman, "max_abs_difference": float(table["difference"].abs().max()),
           "macro_f1": macro_f1, "roc_auc": roc_auc, "sentences": int(len(merged)),
           "outlets": table.to_dict("records")}
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
