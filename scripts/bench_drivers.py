"""Cost of driver spans: ``Scorer().score`` with and without drivers on the example corpus, same process.

    python scripts/bench_drivers.py                     # examples/corpus, shipped model, torch
    python scripts/bench_drivers.py --backend onnx --repeat 3

Prints seconds per run (best of ``--repeat``), the ratio with/without, the positive decisions explained and the
pairs sent to the model. Figures: docs/drivers.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import framing  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO / "examples" / "corpus")
    ap.add_argument("--model", default=None)
    ap.add_argument("--backend", default="torch")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    docs = framing.read_documents(args.corpus)
    plain = framing.Scorer(args.model, backend=args.backend, drivers=False)
    explained = framing.Scorer(plain.nli, plain.markers)  # same loaded model, drivers on (the default)
    pairs = {"n": 0}
    score_pairs = plain.nli.score_pairs

    def counting(premises, hypotheses, progress=None):  # type: ignore[no-untyped-def]
        pairs["n"] += len(set(zip(premises, hypotheses)))
        return score_pairs(premises, hypotheses, progress)

    plain.nli.score_pairs = counting  # type: ignore[method-assign]
    plain.score(docs[:2])  # warm-up
    times: dict[str, float] = {}
    counts: dict[str, int] = {}
    corpus = None
    for name, scorer in (("without drivers", plain), ("with drivers", explained)):
        best = float("inf")
        for _ in range(args.repeat):
            pairs["n"] = 0
            t0 = time.perf_counter()
            corpus = scorer.score(docs)
            best = min(best, time.perf_counter() - t0)
        times[name], counts[name] = best, pairs["n"]
    assert corpus is not None
    positives = sum(r.decisions[m] for r in corpus for m in r.decisions)
    with_drivers = sum(any(s.label == "driver" for s in r.evidence[m]) for r in corpus for m in r.decisions
                       if r.decisions[m])
    print(f"{len(docs)} articles, {len(corpus)} sentences, {positives} positive decisions "
          f"({with_drivers} with a driver span); backend {plain.backend}, model {plain.nli.name}")
    for name in times:
        print(f"{name:>16}: {times[name]:.2f} s, {counts[name]:,} distinct pairs")
    print(f"ratio: {times['with drivers'] / times['without drivers']:.2f}x time, "
          f"{counts['with drivers'] / counts['without drivers']:.2f}x pairs")


if __name__ == "__main__":
    main()
