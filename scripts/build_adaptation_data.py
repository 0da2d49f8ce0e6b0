#!/usr/bin/env python
"""Labelled sentences for adapting the default model, from the openly licensed public sets in ../shared.

Only sets whose licences allow training a shipped model are used: WikiWeasel 2.0 (hedging, CC BY-SA),
BioScope (hedging, CC BY) and the Wiki Neutrality Corpus pairs (loaded language, CC BY-SA; its official
test pairs, and any pair whose text matches one, are left out). Output: JSONL with ``text``, one 0/1
column for the marker it labels, ``split = "train"`` and ``origin``; it is written outside the repository.

    python scripts/build_adaptation_data.py --out /tmp/framing-adapt-public.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "markers"


def balanced(frame: pd.DataFrame, column: str, n: int, seed: int) -> pd.DataFrame:
    pos = frame[frame[column] == 1]
    neg = frame[frame[column] == 0]
    k = min(n // 2, len(pos), len(neg))
    return pd.concat([pos.sample(n=k, random_state=seed), neg.sample(n=k, random_state=seed)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data-dir", default=str(DATA))
    ap.add_argument("--wikiweasel", type=int, default=1000, help="sentences, balanced")
    ap.add_argument("--bioscope", type=int, default=400, help="sentences, balanced")
    ap.add_argument("--wnc", type=int, default=800, help="biased/neutral pairs (2 sentences each)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    data = Path(args.data_dir)
    if not data.exists():
        print(f"skipped: {data} not found")
        return 0
    rows = []
    for file, n, origin in (("hedge_wikiweasel2_szeged.jsonl", args.wikiweasel, "wikiweasel"),
                            ("hedge_bioscope_bio.jsonl", args.bioscope, "bioscope")):
        frame = pd.read_json(data / file, lines=True)
        if "is_title" in frame:
            frame = frame[frame["is_title"] != True]  # noqa: E712 - column holds True/False/NaN
        frame = frame[frame["text"].str.split().str.len() >= 5]
        for rec in balanced(frame, "hedging", n, args.seed).to_dict("records"):
            rows.append({"text": rec["text"], "hedging": int(rec["hedging"]), "split": "train", "origin": origin})
    wnc = pd.read_json(data / "wnc_pairs.jsonl", lines=True)
    test_texts = set(wnc.loc[wnc["split"] == "test", "biased"]) | set(wnc.loc[wnc["split"] == "test", "neutral"])
    wnc = wnc[(wnc["split"] != "test") & (wnc["text_form"] == "raw")]
    wnc = wnc[~wnc["biased"].isin(test_texts) & ~wnc["neutral"].isin(test_texts)]
    for rec in wnc.sample(n=min(args.wnc, len(wnc)), random_state=args.seed).to_dict("records"):
        rows.append({"text": rec["biased"], "loaded_language": 1, "split": "train", "origin": "wnc"})
        rows.append({"text": rec["neutral"], "loaded_language": 0, "split": "train", "origin": "wnc"})
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    counts = pd.DataFrame(rows).groupby("origin").size().to_dict()
    print(f"wrote {len(rows)} sentences to {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
