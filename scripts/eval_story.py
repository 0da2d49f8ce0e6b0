"""How well ``framing.align_story`` groups a story, against hand-made gold groups (examples/story/gold.json).

    python scripts/eval_story.py                          # scores examples/story with the default model first
    python scripts/eval_story.py --scores scores.jsonl    # or reuse a scores file of examples/story

Prints, at the shipped threshold and over a grid of thresholds:
  * pairwise precision/recall/F1 over pairs of sentences (units) grouped together, vs the gold groups;
  * gold quotations grouped across all the outlets that carry them;
  * omissions (outlet, gold group every other outlet carries) found: precision and recall;
  * leave-one-outlet-out: the threshold chosen on five outlets, F1 on the pairs that involve the sixth;
  * omissions over a grid of coverage thresholds, and the coverage threshold chosen by leaving one outlet out.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy as np

import framing
from framing._results import read_results
from framing._story import DEFAULT_COVERAGE, DEFAULT_THRESHOLD, StoryConfig, embed

REPO = Path(__file__).resolve().parents[1]


def gold_keys(story: framing.Story, gold: dict) -> dict[tuple[str, str, int], str]:
    """Map each story member (outlet, doc, index) to its gold group id (members not in gold: their own key)."""
    members = [m for g in story.groups for m in g.members]
    out: dict[tuple[str, str, int], str] = {}
    for g in gold["groups"]:
        for outlet, sub in g["members"]:
            hits = [m for m in members if m.outlet == outlet and sub in m.text]
            if len(hits) != 1:
                raise SystemExit(f"gold member {outlet!r} {sub!r} matches {len(hits)} units")
            out[(hits[0].outlet, hits[0].doc_id, hits[0].index)] = g["id"]
    return out


def pairs(labels: dict[tuple, str], keep=lambda a, b: True) -> set[frozenset]:
    by: dict[str, list] = {}
    for k, lab in labels.items():
        by.setdefault(lab, []).append(k)
    return {frozenset(p) for ks in by.values() for p in combinations(sorted(ks), 2) if keep(*p)}


def evaluate(story: framing.Story, gold: dict, only_outlet: str | None = None) -> dict:
    gk = gold_keys(story, gold)
    pred = {(m.outlet, m.doc_id, m.index): g.id for g in story.groups for m in g.members}
    truth = {k: gk.get(k, f"solo:{k}") for k in pred}
    keep = (lambda a, b: True) if only_outlet is None else (lambda a, b: only_outlet in (a[0], b[0]))
    p, t = pairs(pred, keep), pairs(truth, keep)
    prec = len(p & t) / len(p) if p else 1.0
    rec = len(p & t) / len(t) if t else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    # quotations: all members of a gold quote group in one predicted group
    quotes = [g for g in gold["groups"] if g["kind"] == "quote"]
    inv = {}
    for k, gid in gk.items():
        inv.setdefault(gid, []).append(k)
    whole = sum(len({pred[k] for k in inv[g["id"]]}) == 1 for g in quotes)
    # omissions: gold = (outlet, group) carried by every other outlet; predicted via the group's majority gold id
    outlets = sorted({m.outlet for g in story.groups for m in g.members})
    gold_om = set()
    for g in gold["groups"]:
        carriers = {o for o, _ in g["members"]}
        for o in outlets:
            if o not in carriers and len(carriers) == len(outlets) - 1:
                gold_om.add((o, g["id"]))
    pred_om = set()
    for cov in story.outlets:
        for gid in cov.omitted:
            labels = [gk.get((m.outlet, m.doc_id, m.index)) for m in story.group(gid).members]
            labels = [x for x in labels if x]
            top = max(set(labels), key=labels.count) if labels else f"unmatched:{gid}"
            pred_om.add((cov.outlet, top))
    if only_outlet is not None:
        gold_om = {x for x in gold_om if x[0] == only_outlet}
        pred_om = {x for x in pred_om if x[0] == only_outlet}
    om_p = len(pred_om & gold_om) / len(pred_om) if pred_om else 1.0
    om_r = len(pred_om & gold_om) / len(gold_om) if gold_om else 1.0
    return {"precision": prec, "recall": rec, "f1": f1, "quotes_whole": whole, "quotes": len(quotes),
            "omission_precision": om_p, "omission_recall": om_r, "omissions_gold": len(gold_om),
            "omissions_pred": len(pred_om), "omissions_hit": len(pred_om & gold_om),
            "missed_omissions": sorted(gold_om - pred_om),
            "wrong_omissions": sorted(pred_om - gold_om)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--story", default=str(REPO / "examples" / "story"))
    ap.add_argument("--scores", help="a scores file of the story (default: score it now with the default model)")
    ap.add_argument("--actors", default=None, help="actors TOML (default: STORY/actors.toml)")
    args = ap.parse_args()
    story_dir = Path(args.story)
    gold = json.loads((story_dir / "gold.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    corpus = read_results(args.scores) if args.scores else framing.Scorer().score(story_dir)
    t1 = time.perf_counter()
    cache: dict[str, np.ndarray] = {}

    def encoder(texts):
        missing = [t for t in texts if t not in cache]
        if missing:
            cache.update(zip(missing, embed(missing)))
        return np.stack([cache[t] for t in texts])

    actors = args.actors or (story_dir / "actors.toml")
    story = framing.align_story(corpus, actors=actors, encoder=encoder)
    t2 = time.perf_counter()
    print(f"scoring {t1 - t0:.1f} s, aligning {t2 - t1:.1f} s; {story.meta}")
    res = evaluate(story, gold)
    print(f"threshold {DEFAULT_THRESHOLD}, coverage {DEFAULT_COVERAGE}: pairwise P {res['precision']:.3f} R {res['recall']:.3f} F1 {res['f1']:.3f}; "
          f"quotations grouped whole {res['quotes_whole']}/{res['quotes']}; omissions P {res['omission_precision']:.3f} "
          f"R {res['omission_recall']:.3f} ({res['omissions_pred']} found, {res['omissions_gold']} gold)")
    if res["missed_omissions"] or res["wrong_omissions"]:
        print("  missed omissions:", res["missed_omissions"], "wrong:", res["wrong_omissions"])
    grid = [round(x, 2) for x in np.arange(0.40, 0.86, 0.02)]
    base = story.config
    print("threshold grid (all outlets):")
    f1s = {}
    for t in grid:
        r = evaluate(framing.align_story(corpus, replace(base, threshold=t), encoder=encoder), gold)
        f1s[t] = r["f1"]
        print(f"  {t:.2f}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} quotes {r['quotes_whole']}/"
              f"{r['quotes']} omissions P {r['omission_precision']:.2f} R {r['omission_recall']:.2f}")
    outlets = sorted({r.outlet for r in corpus})
    print("leave one outlet out (threshold chosen on the other outlets, F1 on pairs involving the held-out one):")
    held = []
    for o in outlets:
        rest = [r for r in corpus if r.outlet != o]
        rest_gold = {"groups": [{**g, "members": [m for m in g["members"] if m[0] != o]} for g in gold["groups"]]}
        best = max(grid, key=lambda t: (evaluate(framing.align_story(rest, replace(base, threshold=t), encoder=encoder),
                                                 rest_gold)["f1"], -abs(t - DEFAULT_THRESHOLD)))
        r = evaluate(framing.align_story(corpus, replace(base, threshold=best), encoder=encoder), gold, only_outlet=o)
        held.append(r["f1"])
        print(f"  {o}: chosen {best:.2f}, held-out pairs F1 {r['f1']:.3f} (P {r['precision']:.3f} R {r['recall']:.3f})")
    print(f"  mean held-out F1 {np.mean(held):.3f}")

    # omissions: the coverage threshold (a sentence close to a group's mean counts as carrying it)
    cov_grid = [round(x, 2) for x in np.arange(0.30, 0.72, 0.02)] + [1.0]
    print(f"coverage threshold grid (grouping threshold {DEFAULT_THRESHOLD}; 1.00 = off, the grouping alone):")
    for c in cov_grid:
        r = evaluate(framing.align_story(corpus, replace(base, coverage_threshold=c), encoder=encoder), gold)
        print(f"  {c:.2f}: omissions P {r['omission_precision']:.3f} R {r['omission_recall']:.3f} "
              f"({r['omissions_pred']} found, {r['omissions_hit']} right, {r['omissions_gold']} gold)")

    def om_f1(r: dict) -> float:
        p, q = r["omission_precision"], r["omission_recall"]
        return 2 * p * q / (p + q) if p + q else 0.0

    print("leave one outlet out (coverage threshold chosen on the other outlets' omissions, "
          "scored on the held-out outlet's omissions):")
    hit = pred = gold_n = 0
    for o in outlets:
        rest = [r for r in corpus if r.outlet != o]
        rest_gold = {"groups": [{**g, "members": [m for m in g["members"] if m[0] != o]} for g in gold["groups"]]}
        best = max(cov_grid[:-1], key=lambda c: (om_f1(evaluate(framing.align_story(
            rest, replace(base, coverage_threshold=c), encoder=encoder), rest_gold)), -abs(c - DEFAULT_COVERAGE)))
        r = evaluate(framing.align_story(corpus, replace(base, coverage_threshold=best), encoder=encoder), gold,
                     only_outlet=o)
        hit, pred, gold_n = hit + r["omissions_hit"], pred + r["omissions_pred"], gold_n + r["omissions_gold"]
        print(f"  {o}: chosen {best:.2f}, its omissions: {r['omissions_pred']} found, {r['omissions_hit']} right, "
              f"{r['omissions_gold']} gold")
    print(f"  pooled held-out omissions: P {hit / pred if pred else 1.0:.3f} R {hit / gold_n if gold_n else 1.0:.3f}")


if __name__ == "__main__":
    main()
