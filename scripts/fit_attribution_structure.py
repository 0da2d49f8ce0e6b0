"""Fit and measure the attribution decision with and without the structured evidence as a feature.

    python scripts/fit_attribution_structure.py            # default model, samples/markers.jsonl

Fits on the ``calibration`` splits of samples/markers.jsonl and samples/realnews.jsonl together (Platt: NLI
score, cue-lexicon hit and, except for the design "none", a structure feature in one of two designs, see
:func:`features`), picks each threshold by F1 there, then reports precision, recall, F1 and macro-F1 on each
file's ``test`` split. Prints the fitted [attribution.calibration] tables (for framing/markers/builtin.toml).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from framing import Scorer, builtin_markers
from framing._evaluate import best_threshold, binary_metrics, fit_platt
from framing._evidence import extract_attribution
from framing._quotes import find_quotes
from framing._scorer import calibrate_score, lexicon_hits

REPO = Path(__file__).resolve().parents[1]


def macro_f1(y: np.ndarray, s: np.ndarray, t: float) -> float:
    pos = binary_metrics(y, s, t)["f1"]
    neg = binary_metrics(1 - y, 1 - s, 1 - t + 1e-12)["f1"]
    return (pos + neg) / 2


def features(texts: list[str]) -> dict[str, np.ndarray]:
    """The structure feature in two designs: "speaker" (a cue with a source, or a quotation whose speaker is found
    in the sentence) and "speaker+bare" (also a direct quotation with no speaker in the sentence: guide A6)."""
    spk, bare = [], []
    for t in texts:
        quotes = find_quotes(t, [(0, len(t))])
        found = extract_attribution(t)
        s = bool(found is not None and found.source is not None) or any(
            q.kind != "scare" and q.speaker is not None for q in quotes)
        spk.append(float(s))
        bare.append(float(s or any(q.kind == "direct" for q in quotes)))
    return {"speaker": np.array(spk), "speaker+bare": np.array(bare)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, nargs="+",
                    default=[REPO / "samples" / "markers.jsonl", REPO / "samples" / "realnews.jsonl"])
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    marker = builtin_markers()["attribution"]
    plain = replace(marker, calibration=None, lexicon_weight=0.0)
    scorer = Scorer(args.model, markers=[plain])
    feats: dict[tuple[str, str], tuple] = {}
    for path in args.data:
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        for k in ("calibration", "test"):
            rs = [r for r in rows if r.get("split") == k]
            texts = [r["text"] for r in rs]
            raw = scorer.score_texts(texts)["attribution"]
            feats[(path.stem, k)] = (np.array([r["attribution"] for r in rs]), raw, lexicon_hits(marker, texts),
                                     features(texts))
    cal = [v for (name, k), v in feats.items() if k == "calibration"]
    y = np.concatenate([v[0] for v in cal])
    raw = np.concatenate([v[1] for v in cal])
    hits = np.concatenate([v[2] for v in cal])
    out: dict[str, dict] = {}
    for design in ("none", "speaker", "speaker+bare"):
        struct = None if design == "none" else np.concatenate([v[3][design] for v in cal])
        fitted = fit_platt(y, raw, hits, structure=struct)
        m = replace(plain, calibration=fitted)
        t, _ = best_threshold(y, calibrate_score(m, raw, hits, struct))
        res: dict = {"calibration": fitted, "threshold": round(float(t), 6)}
        for (name, k), (yt, rt, ht, ft) in feats.items():
            if k != "test":
                continue
            st = None if design == "none" else ft[design]
            sc = calibrate_score(m, rt, ht, st)
            met = binary_metrics(yt, sc, t)
            res[name] = {"precision": round(met["precision"], 4), "recall": round(met["recall"], 4),
                         "f1": round(met["f1"], 4), "macro_f1": round(macro_f1(yt, sc, t), 4)}
        out[design] = res
        print(design, json.dumps(res), flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
