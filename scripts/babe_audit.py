#!/usr/bin/env python
"""Simulated audits on BABE: how close do audited outlet rates come to the human rate?

BABE's expert labels (loaded language / bias) play the human audit; they are used for evaluation only (see
../shared/data/markers/SOURCE.md), never to tune anything. For each outlet with at least ``--min-sentences``
sentences, each replicate draws an audit of N sentences per outlet with ``framing``'s own sampler
(stratified by the model's decision), labels it with BABE's labels, and estimates the outlet's rate four ways:

- raw: the share the model flags (Wilson interval, each sentence on its own: BABE has no article ids);
- labels: the labels alone (stratified estimate);
- PPI: prediction-powered, the model's score as prediction, full trust (lam = 1);
- PPI++: the same with the power-tuning parameter chosen from the data (what `framing profile --audit` reports).

It prints, per N, each method's mean absolute error against the outlet's human rate, the coverage of its 95%
interval and its mean width, overall and per outlet.

The model's scores are computed once with the CLI and cached:

    python -m framing.cli score BABE.jsonl -o /tmp/framing-babe-audit/babe_scores.jsonl --marker loaded_language --no-segment
    python scripts/babe_audit.py [--scores /tmp/framing-babe-audit/babe_scores.jsonl] [--replicates 400]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from framing._audit import sample_audit  # noqa: E402
from framing._intervals import audit_stat, ppi_mean, share_interval  # noqa: E402
from framing._results import read_results  # noqa: E402
from framing._types import AuditRow  # noqa: E402

BABE = ROOT.parent / "shared" / "data" / "markers" / "babe.jsonl"
CACHE = Path("/tmp/framing-babe-audit")
MARKER = "loaded_language"
METHODS = ("raw", "labels", "PPI", "PPI++")


def scores(data: pd.DataFrame, path: Path) -> list:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        docs = path.parent / "babe_docs.jsonl"
        data[["source_id", "outlet", "text"]].rename(columns={"source_id": "id"}).to_json(
            docs, orient="records", lines=True, force_ascii=False)
        subprocess.run([sys.executable, "-m", "framing.cli", "score", str(docs), "-o", str(path), "--marker", MARKER,
                        "--no-segment", "--quiet"], check=True, cwd=ROOT)
    return read_results(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(BABE))
    ap.add_argument("--scores", default=str(CACHE / "babe_scores.jsonl"))
    ap.add_argument("--sizes", default="20,50,100")
    ap.add_argument("--replicates", type=int, default=400)
    ap.add_argument("--min-sentences", type=int, default=100)
    ap.add_argument("--out", help="write all figures as JSON")
    args = ap.parse_args(argv)
    if not Path(args.data).exists():
        print(f"skipped: {args.data} not found (BABE is only beside the project's own checkout)")
        return 0
    data = pd.read_json(args.data, lines=True)
    counts = data["outlet"].value_counts()
    data = data[data["outlet"].isin(counts[counts >= args.min_sentences].index)]
    human_label = dict(zip(data["source_id"], data[MARKER].astype(int)))
    results = [r for r in scores(data, Path(args.scores)) if r.doc_id in human_label]
    outlets = sorted({r.outlet for r in results})
    by_outlet = {o: [r for r in results if r.outlet == o] for o in outlets}
    human = {o: float(np.mean([human_label[r.doc_id] for r in rows])) for o, rows in by_outlet.items()}
    raw = {o: share_interval([r.decisions[MARKER] for r in rows], np.ones(len(rows)), prior_articles=1e-9)
           for o, rows in by_outlet.items()}
    figures: dict = {"human": human, "sizes": {}}
    for n in (int(x) for x in args.sizes.split(",")):
        est = {(o, m): [] for o in outlets for m in METHODS}
        for rep in range(args.replicates):
            for o in outlets:
                rows = by_outlet[o]
                table = sample_audit(rows, n, seed=rep, markers=[MARKER])
                labelled = [AuditRow(a.doc_id, a.index, a.outlet, a.marker, a.decision, a.score, a.weight, a.text,
                                     human_label[a.doc_id]) for a in table.rows]
                s_all = [r.scores[MARKER] for r in rows]
                d_all = [bool(r.decisions[MARKER]) for r in rows]
                stat = audit_stat(s_all, d_all, labelled)
                ppi = ppi_mean([a.label for a in labelled], [a.score for a in labelled], s_all,
                               strata=[a.decision for a in labelled], strata_all=d_all, lam=1.0).interval()
                for m, iv in (("raw", raw[o]), ("labels", stat.labels_only), ("PPI", ppi), ("PPI++", stat.audited)):
                    est[o, m].append((iv.value, iv.low, iv.high))
        table = {}
        for o in outlets:
            for m in METHODS:
                a = np.array(est[o, m])
                table[o, m] = (float(np.mean(np.abs(a[:, 0] - human[o]))),
                               float(np.mean((a[:, 1] <= human[o]) & (human[o] <= a[:, 2]))),
                               float(np.mean(a[:, 2] - a[:, 1])))
        figures["sizes"][n] = {f"{o}|{m}": v for (o, m), v in table.items()}
        print(f"\n### {n} labelled sentences per outlet ({args.replicates} replicates, {len(outlets)} outlets)\n")
        print("| method | MAE | coverage | mean width |")
        print("|---|---|---|---|")
        for m in METHODS:
            vals = np.array([table[o, m] for o in outlets])
            print(f"| {m} | {vals[:, 0].mean():.3f} | {vals[:, 1].mean():.3f} | {vals[:, 2].mean():.3f} |")
        print("\n| outlet (sentences, human rate) | " + " | ".join(f"{m} MAE / cov / width" for m in METHODS) + " |")
        print("|---|" + "---|" * len(METHODS))
        for o in outlets:
            cells = " | ".join(f"{table[o, m][0]:.3f} / {table[o, m][1]:.2f} / {table[o, m][2]:.3f}" for m in METHODS)
            print(f"| {o} ({len(by_outlet[o])}, {human[o]:.2f}) | {cells} |")
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
