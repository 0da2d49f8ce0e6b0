"""Faithfulness of driver spans: deleting the top driver words must lower a marker's score more than deleting
as many random words.

    python scripts/eval_drivers.py samples/markers.jsonl --split test
    python scripts/eval_drivers.py samples/realnews.jsonl --split test --model models/framing-nli-minilm

Any labelled file (JSONL/CSV/Parquet with ``text`` and one 0/1 column per marker) works. For each marker, on the
sentences labelled 1 (``--flagged-only``: also decided positive by the model): the driver spans of
``Scorer.explain``; the words they cover, strongest span first, up to 3 ("top-3") are deleted together and the
sentence re-scored; the same number of random words (``--draws`` draws, fixed ``--seed``) and of random content
words are deleted the same way. Reported per marker: coverage (share with at least one driver), mean words
deleted, mean score drop (probability) of each deletion and the ratio top / random, and the same in log-odds.
Sentences without a driver are left out of the drops (their coverage is reported). Table: docs/drivers.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import framing  # noqa: E402
from framing._drivers import delete_spans, is_content, log_odds, words  # noqa: E402
from framing._evaluate import load_labelled  # noqa: E402


def top_words(text: str, spans: list[framing.Span], k: int) -> list[tuple[int, int]]:
    """Up to ``k`` words covered by the driver spans, strongest span first."""
    out: list[tuple[int, int]] = []
    for s in sorted(spans, key=lambda s: -(s.weight or 0.0)):
        for w in words(text):
            if s.start <= w[0] and w[1] <= s.end and len(out) < k:
                out.append(w)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labelled", type=Path)
    ap.add_argument("--split", default=None, help="only rows of this split (e.g. test)")
    ap.add_argument("--markers", nargs="*", default=None, help="default: every marker with a label column")
    ap.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    ap.add_argument("--markers-file", default=None)
    ap.add_argument("--k", type=int, default=3, help="words deleted (default 3)")
    ap.add_argument("--draws", type=int, default=5, help="random draws per sentence")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--flagged-only", action="store_true", help="only sentences the model also decides positive")
    ap.add_argument("--limit", type=int, default=0, help="at most this many positives per marker (0: all)")
    args = ap.parse_args()

    scorer = framing.Scorer(args.model, framing.load_markers(args.markers_file) if args.markers_file else None)
    names = args.markers or [m for m in scorer.markers]
    frame = load_labelled(args.labelled, args.split, [])
    names = [m for m in names if m in frame.columns]
    rng = np.random.default_rng(args.seed)
    print(f"{args.labelled.name}" + (f" split={args.split}" if args.split else "") + f", model {scorer.nli.name}, "
          f"top-{args.k} driver words vs {args.k} random words ({args.draws} draws, seed {args.seed})\n")
    print("| marker | positives | with drivers | words deleted | top drop | random drop | ratio "
          "| random content drop | ratio | top drop (log-odds) | random (log-odds) | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in names:
        texts = frame.loc[frame[m].astype(int) == 1, "text"].astype(str).tolist()
        base = scorer.score_marker_texts({m: texts})[m]
        if args.flagged_only:
            keep = base >= scorer.markers[m].threshold
            texts, base = [t for t, k in zip(texts, keep) if k], base[keep]
        if args.limit:
            texts, base = texts[: args.limit], base[: args.limit]
        explained = scorer.explain(texts, [m])
        variants: list[str] = []
        plan: list[tuple[int, str]] = []  # (sentence index, kind)
        n_words = []
        for i, (text, spans) in enumerate(zip(texts, explained)):
            top = top_words(text, spans[m], args.k)
            if not top:
                continue
            n_words.append(len(top))
            ws = words(text)
            content = [w for w in ws if is_content(text[w[0]:w[1]])]
            variants.append(delete_spans(text, top))
            plan.append((i, "top"))
            for _ in range(args.draws):
                pick = rng.choice(len(ws), size=len(top), replace=False)
                variants.append(delete_spans(text, [ws[j] for j in pick]))
                plan.append((i, "random"))
                pool = content if len(content) >= len(top) else ws
                pick = rng.choice(len(pool), size=len(top), replace=False)
                variants.append(delete_spans(text, [pool[j] for j in pick]))
                plan.append((i, "content"))
        scored = scorer.score_marker_texts({m: variants})[m] if variants else np.zeros(0)
        drops: dict[str, list[float]] = {"top": [], "random": [], "content": []}
        logit_drops: dict[str, list[float]] = {"top": [], "random": [], "content": []}
        for (i, kind), s in zip(plan, scored):
            drops[kind].append(float(base[i] - s))
            logit_drops[kind].append(float(log_odds(base[i]) - log_odds(s)))

        def mean(xs: list[float]) -> float:
            return float(np.mean(xs)) if xs else float("nan")

        top, rnd, cnt = mean(drops["top"]), mean(drops["random"]), mean(drops["content"])
        ltop, lrnd = mean(logit_drops["top"]), mean(logit_drops["random"])
        print(f"| {m} | {len(texts)} | {len(n_words) / max(1, len(texts)):.2f} | {mean(n_words):.2f} | {top:.3f} "
              f"| {rnd:.3f} | {top / rnd:.1f}x | {cnt:.3f} | {top / cnt:.1f}x | {ltop:.2f} | {lrnd:.2f} "
              f"| {ltop / lrnd:.1f}x |")


if __name__ == "__main__":
    main()
