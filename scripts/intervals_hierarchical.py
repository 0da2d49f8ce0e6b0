#!/usr/bin/env python
"""Experiment (not shipped): a hierarchical beta-binomial posterior interval against framing's design-effect
Wilson interval, on two simulation grids: one to choose the prior on the intra-article correlation (``tune``),
another to check it (``validate``: other rates, article lengths and correlations, another seed).

    KS=1,3,10 python scripts/intervals_hierarchical.py tune 1,4 1,8 1,2 1,3     # rho ~ Beta(a, b) candidates
    python scripts/intervals_hierarchical.py validate 1,3

Each row: rate, mean article length, ICC, articles, then coverage of the shipped interval and of each
candidate. The model: article rates ~ Beta(mu, rho), positives ~ Binomial; Jeffreys prior on mu, Beta(a, b)
on rho, posterior on a grid (mu x rho), equal-tailed 95% interval of mu. Results: docs/intervals.md.
"""
import sys
from pathlib import Path
import numpy as np
from scipy.special import betaln, gammaln
from scipy.stats import beta as B
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from framing._intervals import share_bounds

RHO = np.concatenate([[1e-4], np.linspace(0.02, 0.6, 24)])

def hb_bounds(pos, n, prior_a, prior_b, level=0.95, G=100):
    """pos, n: (c, k). rho prior Beta(prior_a, prior_b) on RHO grid; mu prior Jeffreys."""
    c, k = pos.shape
    N = n.sum(1); X = pos.sum(1)
    m = (n**2).sum(1) / N
    neff = N / (1 + (m - 1) * 0.6)
    ph = X / N
    q = np.linspace(1e-5, 1 - 1e-5, G)
    mu = B.ppf(q[None, :], ph[:, None] * neff[:, None] + 0.5, (1 - ph[:, None]) * neff[:, None] + 0.5)  # (c, G)
    mu = np.clip(mu, 1e-9, 1 - 1e-9)
    logpost = np.full((c, G, len(RHO)), -np.inf)
    lp_rho = B.logpdf(np.clip(RHO, 1e-4, 1 - 1e-4), prior_a, prior_b)
    for r, rho in enumerate(RHO):
        s = (1 - rho) / rho
        a = mu * s; b = (1 - mu) * s  # (c, G)
        ll = (betaln(pos[:, None, :] + a[:, :, None], (n - pos)[:, None, :] + b[:, :, None]) - betaln(a, b)[:, :, None]).sum(-1)
        logpost[:, :, r] = ll + lp_rho[r]
    logpost += (-0.5 * np.log(mu) - 0.5 * np.log(1 - mu))[:, :, None]
    # integrate over rho (trapezoid), then mu
    mx = logpost.max(axis=(1, 2), keepdims=True)
    w = np.exp(logpost - mx)
    wr = np.trapezoid(w, RHO, axis=2)  # (c, G)
    dmu = np.gradient(mu, axis=1)
    dens = wr * dmu
    cdf = np.cumsum(dens, 1); cdf /= cdf[:, -1:]
    lo = np.array([np.interp((1 - level) / 2, cdf[i], mu[i]) for i in range(c)])
    hi = np.array([np.interp(1 - (1 - level) / 2, cdf[i], mu[i]) for i in range(c)])
    return lo, hi

def corpora(k, p, icc, c, rng, len_mean=20, len_min=5):
    lengths = len_min + rng.poisson(len_mean, size=(c, k))
    icc = np.clip(icc, 1e-6, 0.999)[:, None]
    conc = (1 - icc) / icc
    rates = rng.beta(p * conc, (1 - p) * conc, size=(c, k))
    return rng.binomial(lengths, rates), lengths

if __name__ == "__main__":
    import itertools
    grid = sys.argv[1]
    priors = [tuple(map(float, x.split(","))) for x in sys.argv[2:]]
    rng = np.random.default_rng(0 if grid == "tune" else 1)
    C = 240 if grid == "tune" else 400
    if grid == "tune":
        rates, lens, iccs = (0.03, 0.1, 0.3), (20,), (0.0, 0.05, 0.1, 0.2, 0.3)
    else:
        rates, lens, iccs = (0.05, 0.15, 0.5), (8, 40), (0.02, 0.15, 0.25)
    ks = tuple(int(x) for x in __import__("os").environ.get("KS", "1,3,10,100").split(","))
    res = {}
    for p, L, icc, k in itertools.product(rates, lens, iccs, ks):
        cc = C if k < 100 else C // 4
        pos, n = corpora(k, p, np.full(cc, icc), cc, rng, len_mean=L)
        _, lo, hi = share_bounds(pos, n)
        row = [np.mean((lo <= p) & (p <= hi))]
        for pa, pb in priors:
            l2, h2 = hb_bounds(pos, n, pa, pb)
            row.append(np.mean((l2 <= p) & (p <= h2)))
        res[p, L, icc, k] = row
        print(p, L, icc, k, " ".join(f"{x:.3f}" for x in row), flush=True)
    arr = np.array(list(res.values()))
    print("in [0.93,0.97]:", ((arr >= 0.93) & (arr <= 0.97)).sum(0), "of", len(arr))
    print("mean |cov-0.95|:", np.abs(arr - 0.95).mean(0))
    print("min:", arr.min(0))
