#!/usr/bin/env python
"""Accuracy of an NLI model on a labelled Parquet/JSONL/CSV file of (premise, hypothesis, label 0/1/2).

Loads the model through the same loader as ``framing.Scorer()`` (default: the shipped model).
The last line printed is one JSON object with at least ``data``, ``n`` and ``accuracy``.

    python scripts/eval_nli.py --data ../shared/data/nli/mnli_dev_matched.parquet
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from framing._errors import FramingError  # noqa: E402
from framing._nli import NLIModel, nli_accuracy  # noqa: E402
from framing._train import read_pairs  # noqa: E402


def evaluate_file(data: str, model: str | None = None, limit: int | None = None, batch_size: int = 64) -> dict:
    """Load the model and data, return the JSON summary (accuracy, n, confusion, seconds)."""
    nli = NLIModel.load(model, batch_size=batch_size)
    df = read_pairs(data)
    if limit:
        df = df.iloc[:limit]
    started = time.time()
    result = nli_accuracy(nli, df["premise"].astype(str).tolist(), df["hypothesis"].astype(str).tolist(), df["label"])
    return {"data": Path(data).name, "model": nli.path, **result, "seconds": round(time.time() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="Parquet/JSONL/CSV with premise, hypothesis, label")
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--limit", type=int, help="evaluate only the first N pairs")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)
    try:
        out = evaluate_file(args.data, args.model, args.limit, args.batch_size)
    except FramingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    names = out["confusion"]["rows_gold_cols_pred"]
    print(f"model:    {out['model']}")
    print(f"data:     {args.data} ({out['n']} pairs, {out['seconds']} s)")
    print(f"accuracy: {out['accuracy']:.4f}")
    print("confusion (rows gold, columns predicted): " + " ".join(f"{n[:7]:>8}" for n in names))
    for name, row in zip(names, out["confusion"]["matrix"]):
        print(f"  {name:>13}  " + " ".join(f"{v:>8}" for v in row))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
