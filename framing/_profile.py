"""Per-outlet framing profiles: marker rates with article-bootstrap intervals, evidence, comparisons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ._types import SentenceResult

N_BOOT = 1000
"""Bootstrap resamples used for every interval."""


@dataclass(frozen=True)
class Interval:
    """A point estimate with a 95% bootstrap confidence interval."""

    value: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"value": self.value, "low": self.low, "high": self.high}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interval:
        return cls(float(d["value"]), float(d["low"]), float(d["high"]))

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


@dataclass(frozen=True)
class Evidence:
    """One strong example sentence for a marker in an outlet's profile."""

    doc_id: str
    index: int
    text: str
    score: float
    spans: tuple[tuple[int, int, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "index": self.index, "text": self.text, "score": self.score,
                "spans": [list(s) for s in self.spans]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(str(d["doc_id"]), int(d["index"]), str(d["text"]), float(d["score"]),
                   tuple((int(a), int(b), str(c)) for a, b, c in d.get("spans", [])))


@dataclass(frozen=True)
class MarkerStat:
    """One marker in one outlet: share of sentences at/over threshold, mean score, both with 95% CIs."""

    marker: str
    count: int
    rate: Interval
    mean_score: Interval
    top: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "count": self.count, "rate": self.rate.to_dict(),
                "mean_score": self.mean_score.to_dict(), "top": [e.to_dict() for e in self.top]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MarkerStat:
        return cls(str(d["marker"]), int(d["count"]), Interval.from_dict(d["rate"]),
                   Interval.from_dict(d["mean_score"]), tuple(Evidence.from_dict(e) for e in d.get("top", [])))


@dataclass(frozen=True)
class OutletProfile:
    """How one outlet frames its stories: counts and, per marker, a :class:`MarkerStat`.

    ``articles`` keeps per-article sums (sentences, positives and score sums per marker) so that
    :func:`compare` can bootstrap differences from profiles alone, e.g. after a JSON round trip.
    """

    outlet: str
    n_articles: int
    n_sentences: int
    markers: dict[str, MarkerStat]
    articles: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def rate(self, marker: str) -> float:
        return self.markers[marker].rate.value

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "n_articles": self.n_articles, "n_sentences": self.n_sentences,
                "markers": {m: s.to_dict() for m, s in self.markers.items()}, "articles": self.articles}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OutletProfile:
        return cls(str(d["outlet"]), int(d["n_articles"]), int(d["n_sentences"]),
                   {m: MarkerStat.from_dict(s) for m, s in d["markers"].items()}, dict(d.get("articles") or {}))


def _article_arrays(articles: dict[str, dict[str, Any]], marker: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = np.array([a["n"] for a in articles.values()], dtype=float)
    pos = np.array([a["pos"][marker] for a in articles.values()], dtype=float)
    total = np.array([a["sum"][marker] for a in articles.values()], dtype=float)
    return n, pos, total


def _bootstrap_weights(n_items: int, seed: int, n_boot: int = N_BOOT) -> np.ndarray:
    """Resampling counts (n_boot × n_items): how often each article is drawn in each resample."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(n_items, np.full(n_items, 1.0 / n_items), size=n_boot).astype(float)


def _ratio_interval(weights: np.ndarray, num: np.ndarray, den: np.ndarray) -> Interval:
    value = float(num.sum() / den.sum()) if den.sum() else float("nan")
    den_b = weights @ den
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (weights @ num) / den_b
    boot = boot[np.isfinite(boot)]
    if boot.size == 0:
        return Interval(value, value, value)
    low, high = np.percentile(boot, [2.5, 97.5])
    return Interval(value, float(low), float(high))


def _group(results: Iterable[SentenceResult]) -> dict[str, list[SentenceResult]]:
    groups: dict[str, list[SentenceResult]] = {}
    for r in results:
        groups.setdefault(r.outlet, []).append(r)
    return groups


def profile_outlets(results: Iterable[SentenceResult], *, seed: int = 0, top_k: int = 3,
                    n_boot: int = N_BOOT) -> list[OutletProfile]:
    """One :class:`OutletProfile` per outlet, sorted by outlet name.

    Rates and mean scores get seeded 95% bootstrap intervals that resample whole articles, since
    sentences of one article are not independent. The result does not depend on input order.
    """
    profiles = []
    for outlet, rows in sorted(_group(results).items()):
        rows = sorted(rows, key=lambda r: (r.doc_id, r.index))
        markers = list(rows[0].scores)
        articles: dict[str, dict[str, Any]] = {}
        for r in rows:
            a = articles.setdefault(r.doc_id, {"n": 0, "pos": dict.fromkeys(markers, 0), "sum": dict.fromkeys(markers, 0.0)})
            a["n"] += 1
            for m in markers:
                a["pos"][m] += int(r.decisions[m])
                a["sum"][m] += float(r.scores[m])
        weights = _bootstrap_weights(len(articles), seed, n_boot)
        stats = {}
        for m in markers:
            n, pos, total = _article_arrays(articles, m)
            strongest = sorted((r for r in rows if r.decisions[m]), key=lambda r: (-r.scores[m], r.doc_id, r.index))[:top_k]
            top = tuple(Evidence(r.doc_id, r.index, r.text, round(r.scores[m], 6),
                                 tuple((s.start, s.end, s.label) for s in r.evidence.get(m, [])))
                        for r in strongest)
            stats[m] = MarkerStat(m, int(pos.sum()), _ratio_interval(weights, pos, n), _ratio_interval(weights, total, n), top)
        profiles.append(OutletProfile(outlet, len(articles), len(rows), stats, articles))
    return profiles


@dataclass(frozen=True)
class MarkerDifference:
    """Outlet a minus outlet b for one marker, with 95% bootstrap intervals."""

    marker: str
    rate: Interval
    mean_score: Interval

    @property
    def significant(self) -> bool:
        """True when the rate difference's interval excludes zero."""
        return self.rate.low > 0 or self.rate.high < 0

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "rate": self.rate.to_dict(), "mean_score": self.mean_score.to_dict(),
                "significant": self.significant}


@dataclass(frozen=True)
class Comparison:
    """How outlet ``a`` differs from outlet ``b``, per marker."""

    a: str
    b: str
    markers: dict[str, MarkerDifference]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "markers": {m: d.to_dict() for m, d in self.markers.items()}}


def _diff_interval(wa: np.ndarray, num_a: np.ndarray, den_a: np.ndarray,
                   wb: np.ndarray, num_b: np.ndarray, den_b: np.ndarray) -> Interval:
    value = float(num_a.sum() / den_a.sum() - num_b.sum() / den_b.sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (wa @ num_a) / (wa @ den_a) - (wb @ num_b) / (wb @ den_b)
    boot = boot[np.isfinite(boot)]
    low, high = np.percentile(boot, [2.5, 97.5]) if boot.size else (value, value)
    return Interval(value, float(low), float(high))


def compare(a: OutletProfile, b: OutletProfile, *, seed: int = 0, n_boot: int = N_BOOT) -> Comparison:
    """Per-marker differences ``a - b`` in rate and mean score, with intervals that resample each outlet's articles."""
    if not a.articles or not b.articles:
        raise ValueError("compare needs profiles with per-article data (profiles made by profile_outlets)")
    wa = _bootstrap_weights(len(a.articles), seed, n_boot)
    wb = _bootstrap_weights(len(b.articles), seed + 1, n_boot)
    diffs = {}
    for m in a.markers:
        if m not in b.markers:
            continue
        na, pa, sa = _article_arrays(a.articles, m)
        nb, pb, sb = _article_arrays(b.articles, m)
        diffs[m] = MarkerDifference(m, _diff_interval(wa, pa, na, wb, pb, nb), _diff_interval(wa, sa, na, wb, sb, nb))
    return Comparison(a.outlet, b.outlet, diffs)


def profiles_to_frame(profiles: Sequence[OutletProfile]) -> Any:
    """A tidy DataFrame: one row per (outlet, marker)."""
    import pandas as pd

    rows = []
    for p in profiles:
        for m, s in p.markers.items():
            rows.append({"outlet": p.outlet, "marker": m, "n_articles": p.n_articles, "n_sentences": p.n_sentences,
                         "count": s.count, "rate": s.rate.value, "rate_low": s.rate.low, "rate_high": s.rate.high,
                         "mean_score": s.mean_score.value, "mean_score_low": s.mean_score.low,
                         "mean_score_high": s.mean_score.high,
                         "top": json.dumps([e.to_dict() for e in s.top], ensure_ascii=False)})
    return pd.DataFrame(rows)


def profiles_from_frame(frame: Any) -> list[OutletProfile]:
    """Inverse of :func:`profiles_to_frame` (per-article data is not part of the tidy form)."""
    out: dict[str, OutletProfile] = {}
    for row in frame.to_dict("records"):
        p = out.get(row["outlet"]) or OutletProfile(row["outlet"], int(row["n_articles"]), int(row["n_sentences"]), {})
        top = row.get("top")
        evidence = tuple(Evidence.from_dict(e) for e in (json.loads(top) if isinstance(top, str) else top or []))
        p.markers[row["marker"]] = MarkerStat(
            row["marker"], int(row["count"]),
            Interval(float(row["rate"]), float(row["rate_low"]), float(row["rate_high"])),
            Interval(float(row["mean_score"]), float(row["mean_score_low"]), float(row["mean_score_high"])), evidence)
        out[row["outlet"]] = p
    return list(out.values())


def save_profiles(profiles: Sequence[OutletProfile], path: str | Path, meta: dict[str, Any] | None = None) -> Path:
    """Write profiles as JSON (atomically), with optional run metadata."""
    from ._io import atomic_write_text

    payload = {"meta": meta or {}, "profiles": [p.to_dict() for p in profiles]}
    return atomic_write_text(Path(path), json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def load_profiles(path: str | Path) -> list[OutletProfile]:
    """Read profiles written by :func:`save_profiles` (or ``framing profile -o``)."""
    from ._errors import InputError

    p = Path(path)
    try:
        payload = json.loads(p.read_text(encoding="utf-8"))
        return [OutletProfile.from_dict(d) for d in payload["profiles"]]
    except FileNotFoundError:
        raise InputError(f"profile file not found: {p}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{p}: not a framing profile file ({exc}); make one with `framing profile`") from None
