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

Audited rates (a share corrected by human labels of a stratified sample, see ``framing._audit``) get their
interval here too: ``ppi_mean`` (PPI++, design-based, stratified by the model's decision), ``audit_stat`` for
one outlet and marker, ``audit_stats`` for one outlet's sentences; docs/audit.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ._types import AuditRow, AuditTable, SentenceResult

ICC_PRIOR = 0.08
"""Assumed share of a marker's sentence-level variance that lies between articles of one outlet, used in
full when an outlet has one article and less as articles accumulate."""

PRIOR_ARTICLES = 10.0
"""Weight (in degrees of freedom, i.e. articles) of the prior design effect against the observed one."""

FEW_ARTICLES = 5
"""Outlets with fewer articles than this get a warning: their intervals rest mostly on the prior design effect."""

LEVEL = 0.95
Z95 = 1.959963984540054
"""The normal 97.5% quantile."""


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


# --- audited rates: PPI++ (see framing._audit for the sample and its CSV) ------------------------------------

@dataclass(frozen=True)
class Estimate:
    """A mean with its standard error, the power-tuning parameter used and the degrees of freedom (labels
    less strata) of the Student's t critical value its 95% interval uses."""

    value: float
    se: float
    lam: float
    df: float = math.inf

    def interval(self) -> Interval:
        from scipy.stats import t

        z = float(t.ppf(0.975, self.df)) if self.df < 1e6 else Z95
        return Interval(self.value, max(0.0, self.value - z * self.se), min(1.0, self.value + z * self.se))


def _var(x: np.ndarray) -> float:
    return float(np.var(x, ddof=1)) if len(x) > 1 else 0.0


def _cov(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.cov(x, y, ddof=1)[0, 1]) if len(x) > 1 else 0.0


def ppi_mean(y: Any, yhat: Any, yhat_all: Any, *, strata: Any = None, strata_all: Any = None,
             lam: float | None = None, finite: bool = True) -> Estimate:
    """PPI++ estimate of the mean of ``y`` over a population whose predictions ``yhat_all`` are all known.

    ``y``/``yhat``: labels and predictions of the labelled sample; ``strata``/``strata_all``: stratum of each
    labelled / population item (one stratum when None); each stratum's labelled items are a simple random
    sample of it. ``lam``: None tunes it in [0, 1]; 0 gives the labels alone, 1 plain PPI. ``finite=True``:
    the labelled items are part of the population (design-based, finite-population corrected);
    ``finite=False``: the textbook form with a separate, i.i.d. unlabelled set (as in ``ppi_py``).
    """
    y, yhat, yhat_all = (np.asarray(a, dtype=float) for a in (y, yhat, yhat_all))
    s = np.zeros(len(y), dtype=int) if strata is None else np.asarray(strata)
    s_all = np.zeros(len(yhat_all), dtype=int) if strata_all is None else np.asarray(strata_all)
    big_n = len(yhat_all)
    parts = []
    for h in np.unique(s_all):
        in_h = s == h
        n_h, big_nh = int(in_h.sum()), int((s_all == h).sum())
        if n_h == 0:
            raise ValueError(f"stratum {h!r} has no labelled item")
        w_h = big_nh / big_n
        fpc = max(0.0, 1.0 - n_h / big_nh) if finite else 1.0
        parts.append((w_h, w_h ** 2 * fpc / n_h, y[in_h], yhat[in_h]))
    imputed_var = _var(yhat_all) / big_n if not finite else 0.0
    if lam is None:
        num = sum(c * _cov(yy, hh) for _, c, yy, hh in parts)
        den = imputed_var + sum(c * _var(hh) for _, c, _, hh in parts)
        lam = float(np.clip(num / den, 0.0, 1.0)) if den > 0 else 0.0
    value = lam * float(yhat_all.mean()) + sum(w * float(np.mean(yy - lam * hh)) for w, _, yy, hh in parts)
    var = lam ** 2 * imputed_var
    for _, c, yy, hh in parts:
        r = yy - lam * hh
        floor = (1.0 / (len(r) + 2)) * (1 - 1.0 / (len(r) + 2))  # one hypothetical disagreeing label: never zero width
        var += c * max(_var(r), floor) if c > 0 else 0.0
    return Estimate(float(value), math.sqrt(var), float(lam), float(max(len(y) - len(parts), 1)))


@dataclass(frozen=True)
class AuditStat:
    """One marker in one outlet, audited: the raw rate next to the rate corrected by human labels.

    ``audited``: PPI++ rate with its 95% interval (``se``: its standard error, ``lam``: the tuned trust in the
    model); ``labels_only``: the stratified estimate from the labels alone; ``precision``, ``recall`` and
    ``kappa`` (Cohen's) of the model's decisions against the labels, weighted to the outlet's sentences
    (NaN where undefined).
    """

    n_labels: int
    raw: float
    audited: Interval
    se: float
    lam: float
    labels_only: Interval
    precision: float
    recall: float
    kappa: float

    def labels_needed(self, width: float) -> int:
        """About how many labels give a 95% interval of total ``width`` (the width shrinks as 1/sqrt(n))."""
        current = self.audited.high - self.audited.low
        return max(self.n_labels, int(math.ceil(self.n_labels * (current / width) ** 2))) if width > 0 else self.n_labels

    def to_dict(self) -> dict[str, Any]:
        return {"n_labels": self.n_labels, "raw": self.raw, "audited": self.audited.to_dict(), "se": self.se,
                "lam": self.lam, "labels_only": self.labels_only.to_dict(), "precision": self.precision,
                "recall": self.recall, "kappa": self.kappa}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AuditStat:
        return cls(int(d["n_labels"]), float(d["raw"]), Interval.from_dict(d["audited"]), float(d["se"]),
                   float(d["lam"]), Interval.from_dict(d["labels_only"]), float(d["precision"]),
                   float(d["recall"]), float(d["kappa"]))


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def audit_stat(scores: Sequence[float], decisions: Sequence[bool], labelled: Sequence[AuditRow]) -> AuditStat | None:
    """Audited rate of one outlet and marker from all its sentences' scores/decisions and the labelled rows.

    None when a decision stratum with sentences has no label (the estimate would rest on a guess).
    """
    score_all = np.asarray(scores, dtype=float)
    dec_all = np.asarray(decisions, dtype=bool)
    if not labelled or not len(score_all):
        return None
    y = np.array([r.label for r in labelled], dtype=float)
    yhat = np.array([r.score for r in labelled], dtype=float)
    d = np.array([r.decision for r in labelled], dtype=bool)
    if any((dec_all == h).any() and not (d == h).any() for h in (True, False)):
        return None
    ppi = ppi_mean(y, yhat, score_all, strata=d, strata_all=dec_all)
    alone = ppi_mean(y, yhat, score_all, strata=d, strata_all=dec_all, lam=0.0)
    w1 = float(dec_all.mean())
    y1 = float(y[d].mean()) if d.any() else 0.0
    y0 = float(y[~d].mean()) if (~d).any() else 0.0
    true_pos, pos = w1 * y1, w1 * y1 + (1 - w1) * y0
    agree = true_pos + (1 - w1) * (1 - y0)
    chance = w1 * pos + (1 - w1) * (1 - pos)
    return AuditStat(len(labelled), float(dec_all.mean()), ppi.interval(), ppi.se, ppi.lam, alone.interval(),
                     _ratio(true_pos, w1), _ratio(true_pos, pos), _ratio(agree - chance, 1 - chance))


def audit_stats(rows: Sequence[SentenceResult], table: AuditTable) -> dict[str, AuditStat | None]:
    """Per marker, the :class:`AuditStat` of the sentences ``rows`` (one outlet) from the labelled rows of
    ``table`` that belong to them."""
    ids = {(r.doc_id, r.index) for r in rows}
    out: dict[str, AuditStat | None] = {}
    for m in rows[0].scores if rows else ():
        labelled = [a for a in table.labelled if a.marker == m and (a.doc_id, a.index) in ids]
        if labelled:
            out[m] = audit_stat([r.scores[m] for r in rows], [bool(r.decisions[m]) for r in rows], labelled)
    return out
