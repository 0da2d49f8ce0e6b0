"""Honest 95% intervals for a share of sentences when sentences cluster in articles, and for differences.

A share ``sum(num) / sum(den)`` over articles gets a Wilson interval on an *effective* number of sentences,
``n / deff``. The design effect ``deff`` mixes what the articles show (the cluster-robust variance of the
ratio, worth ``k - 1`` degrees of freedom for ``k`` articles) with a prior design effect
``1 + (m - 1) * icc_prior`` (``m``: the size-weighted mean article length), worth ``prior_articles`` degrees
of freedom. With many articles the data decide; with one article the interval still has the width that
sentence-level noise plus a typical between-article variation give, never zero. The critical value is
Student's t on ``k - 1 + prior_articles`` degrees of freedom. A difference between two outlets combines the
two Wilson intervals by Newcombe's method (MOVER), so it is "clear" only when that interval excludes zero.
Coverage is checked by simulation in ``scripts/simulate_intervals.py`` (docs/intervals.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

ICC_PRIOR = 0.08
"""Assumed share of a marker's sentence-level variance that lies between articles of one outlet, used in
full when an outlet has one article and less as articles accumulate."""

PRIOR_ARTICLES = 10.0
"""Weight (in degrees of freedom, i.e. articles) of the prior design effect against the observed one."""

FEW_ARTICLES = 5
"""Outlets with fewer articles than this get a warning: their intervals rest mostly on the prior design effect."""

LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """A point estimate with a 95% confidence interval."""

    value: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interval:
        return cls(float(d["value"]), float(d["low"]), float(d["high"]))

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"

    def negated(self) -> Interval:
        """The interval of minus this quantity."""
        return Interval(-self.value, -self.high, -self.low)


def few_articles(n_articles: int) -> bool:
    """True when an outlet has fewer than :data:`FEW_ARTICLES` articles."""
    return n_articles < FEW_ARTICLES


def _t_quantile(df: np.ndarray | float, level: float = LEVEL) -> np.ndarray:
    from scipy.stats import t

    return np.asarray(t.ppf(0.5 + level / 2, df), dtype=float)


def design_effect(num: np.ndarray, den: np.ndarray, *, icc_prior: float = ICC_PRIOR,
                  prior_articles: float = PRIOR_ARTICLES) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Share, design effect, sentences and degrees of freedom, vectorised over leading axes.

    ``num`` and ``den`` have shape ``(..., k)``: per-article numerators (positives or score sums) and sentence
    counts; articles with ``den == 0`` are ignored.
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    n = den.sum(-1)
    k = (den > 0).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = num.sum(-1) / n
        m = (den ** 2).sum(-1) / n
        deff_prior = 1.0 + np.maximum(m - 1.0, 0.0) * icc_prior
        resid = num - p[..., None] * den
        var_cr = (resid ** 2).sum(-1) / n ** 2 * k / np.maximum(k - 1, 1)
        pq = p * (1 - p)
        deff_data = var_cr / (pq / n)
    usable = (k >= 2) & (pq > 1e-12) & np.isfinite(deff_data)
    w = np.where(usable, k - 1, 0.0)
    deff = (w * np.where(usable, deff_data, 0.0) + prior_articles * deff_prior) / (w + prior_articles)
    deff = np.maximum(deff, 1.0)
    df = np.maximum(k - 1, 0) + prior_articles
    return p, deff, n, df


def wilson(p: np.ndarray, n_eff: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a share ``p`` from ``n_eff`` (possibly fractional) independent draws."""
    p, n_eff, z = (np.asarray(x, dtype=float) for x in (p, n_eff, z))
    z2 = z ** 2
    centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
    half = z / (1 + z2 / n_eff) * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff ** 2))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def share_bounds(num: np.ndarray, den: np.ndarray, *, icc_prior: float = ICC_PRIOR,
                 prior_articles: float = PRIOR_ARTICLES, level: float = LEVEL
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Share, low and high, vectorised over leading axes of ``(..., k)`` article arrays (see the module doc)."""
    p, deff, n, df = design_effect(num, den, icc_prior=icc_prior, prior_articles=prior_articles)
    p = np.clip(p, 0.0, 1.0)
    low, high = wilson(p, n / deff, _t_quantile(df, level))
    return p, np.minimum(low, p), np.maximum(high, p)  # rounding must not put the point outside


def share_interval(num: Any, den: Any, *, icc_prior: float = ICC_PRIOR, prior_articles: float = PRIOR_ARTICLES,
                   level: float = LEVEL) -> Interval:
    """The share ``sum(num) / sum(den)`` with its interval; ``num``/``den`` are per-article values.

    Numerators may be counts of positive sentences or sums of scores in [0, 1] (a mean score: the Wilson
    variance ``p(1 - p)`` bounds that of any variable in [0, 1]). NaN with no sentences.
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    if den.sum() <= 0:
        nan = float("nan")
        return Interval(nan, nan, nan)
    p, low, high = share_bounds(num, den, icc_prior=icc_prior, prior_articles=prior_articles, level=level)
    return Interval(float(p), float(low), float(high))


def mover_difference(a: Interval, b: Interval) -> Interval:
    """``a - b`` with Newcombe's MOVER interval from the two intervals (independent outlets)."""
    d = a.value - b.value
    if not all(math.isfinite(x) for x in (a.value, a.low, a.high, b.value, b.low, b.high)):
        nan = float("nan")
        return Interval(d, nan, nan)
    low = d - math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2)
    high = d + math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2)
    return Interval(d, low, high)


def difference_interval(num_a: Any, den_a: Any, num_b: Any, den_b: Any, **kwargs: Any) -> Interval:
    """Share of outlet a minus share of outlet b, each from per-article values, with the MOVER interval."""
    return mover_difference(share_interval(num_a, den_a, **kwargs), share_interval(num_b, den_b, **kwargs))
