#!/usr/bin/env python
"""Coverage of framing's 95% intervals for a share on synthetic corpora with known rates.

Each corpus is one outlet with K articles (K = 1, 3, 10, 100). Article lengths are 5 + Poisson(20) sentences;
each article's own rate is drawn from a Beta distribution with mean p (the outlet's true rate) and
intra-article correlation ICC (the share of sentence-level variance between articles); sentences are
Bernoulli draws at their article's rate. An interval covers when it contains p. Fully vectorised: a few
seconds on one core.

    python scripts/simulate_intervals.py [--corpora 1000] [--seed 0] [--markdown]

The first table draws the ICC of every corpus uniformly from [0, 0.2] (typical article-level variation, see
docs/intervals.md); the second fixes it, to show what happens when one article is all there is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing._intervals import share_bounds  # noqa: E402

ARTICLES = (1, 3, 10, 100)
RATES = (0.03, 0.1, 0.3)


def simulate(k: int, p: float, icc: np.ndarray, rng: np.random.Generator, *, old: bool = False) -> tuple[float, float]:
    """Coverage and mean width over ``len(icc)`` corpora of ``k`` articles with true rate ``p``."""
    c = len(icc)
    lengths = 5 + rng.poisson(20, size=(c, k))
    icc = np.clip(icc, 1e-6, 0.999)[:, None]
    conc = (1 - icc) / icc  # Beta(a, b) with a + b = conc has correlation 1 / (1 + conc) = icc
    rates = rng.beta(p * conc, (1 - p) * conc, size=(c, k))
    pos = rng.binomial(lengths, rates)
    if old:
        low, high = _article_bootstrap(pos, lengths, rng)
    else:
        _, low, high = share_bounds(pos, lengths)
    return float(np.mean((low <= p) & (p <= high))), float(np.mean(high - low))


def _article_bootstrap(pos: np.ndarray, n: np.ndarray, rng: np.random.Generator, boots: int = 400):
    """The previous method: percentile bootstrap resampling articles."""
    c, k = pos.shape
    idx = rng.integers(0, k, size=(c, boots, k))
    rows = np.arange(c)[:, None, None]
    share = pos[rows, idx].sum(-1) / n[rows, idx].sum(-1)
    return np.percentile(share, 2.5, axis=1), np.percentile(share, 97.5, axis=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    print(f"Coverage of 95% intervals (width) over {args.corpora} corpora per cell; ICC ~ U(0, 0.2) per corpus\n")
    print("| articles | " + " | ".join(f"p = {p}" for p in RATES) + " | previous (article bootstrap), p = 0.1 |")
    print("|---|" + "---|" * (len(RATES) + 1))
    for k in ARTICLES:
        cells = []
        for p in RATES:
            cov, width = simulate(k, p, rng.uniform(0, 0.2, args.corpora), rng)
            cells.append(f"{cov:.3f} ({width:.3f})")
        cov, width = simulate(k, 0.1, rng.uniform(0, 0.2, args.corpora), rng, old=True)
        print(f"| {k} | " + " | ".join(cells) + f" | {cov:.3f} ({width:.3f}) |")
    print(f"\nSensitivity: fixed ICC, p = 0.1, {args.corpora} corpora per cell\n")
    iccs = (0.0, 0.05, 0.1, 0.2, 0.3)
    print("| articles | " + " | ".join(f"ICC = {i}" for i in iccs) + " |")
    print("|---|" + "---|" * len(iccs))
    for k in ARTICLES:
        cells = []
        for icc in iccs:
            cov, width = simulate(k, 0.1, np.full(args.corpora, icc), rng)
            cells.append(f"{cov:.3f} ({width:.3f})")
        print(f"| {k} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
