"""Per-outlet framing profiles: marker rates with article-bootstrap intervals, evidence, comparisons."""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from ._errors import InputError
from ._evidence import is_pronoun, normalise_source
from ._files import atomic_write, atomic_write_text
from ._results import output_format
from ._types import SentenceResult, split_label

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

    def negated(self) -> Interval:
        """The interval of minus this quantity."""
        return Interval(-self.value, -self.high, -self.low)


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
    terms: tuple[tuple[str, int], ...] = ()
    """The most frequent cue terms (casefolded) in the evidence of sentences decided positive, with counts:
    hedge cues for hedging, loaded terms for loaded_language, cue verbs for attribution."""

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "count": self.count, "rate": self.rate.to_dict(),
                "mean_score": self.mean_score.to_dict(), "top": [e.to_dict() for e in self.top],
                "terms": [[t, c] for t, c in self.terms]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MarkerStat:
        return cls(str(d["marker"]), int(d["count"]), Interval.from_dict(d["rate"]),
                   Interval.from_dict(d["mean_score"]), tuple(Evidence.from_dict(e) for e in d.get("top", [])),
                   _terms_from(d.get("terms")))


def _terms_from(value: Any) -> tuple[tuple[str, int], ...]:
    return tuple((str(t), int(c)) for t, c in (value or []))


@dataclass(frozen=True)
class AttributionStat:
    """Whom an outlet quotes and how, over its sentences decided as attribution with an extracted source.

    ``sources``: every source (normalised text, count, its most frequent type), most quoted first; pronoun
    sources (he, she, they) are counted in the shares but not listed. ``anonymous_share`` and
    ``evaluative_share`` (share of cue verbs such as claimed, insisted, admitted) have 95% intervals that
    resample articles; None when the outlet has no such sentence.
    """

    n: int
    sources: tuple[tuple[str, int, str], ...] = ()
    source_types: dict[str, int] = field(default_factory=dict)
    cue_types: dict[str, int] = field(default_factory=dict)
    anonymous_share: Interval | None = None
    evaluative_share: Interval | None = None

    def top_sources(self, k: int = 10) -> list[tuple[str, int]]:
        """The ``k`` most quoted sources with their counts."""
        return [(name, count) for name, count, _ in self.sources[:k]]

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "sources": [list(s) for s in self.sources], "source_types": dict(self.source_types),
                "cue_types": dict(self.cue_types),
                "anonymous_share": self.anonymous_share.to_dict() if self.anonymous_share else None,
                "evaluative_share": self.evaluative_share.to_dict() if self.evaluative_share else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AttributionStat:
        return cls(int(d["n"]), tuple((str(a), int(b), str(c)) for a, b, c in d.get("sources") or []),
                   {str(k): int(v) for k, v in (d.get("source_types") or {}).items()},
                   {str(k): int(v) for k, v in (d.get("cue_types") or {}).items()},
                   Interval.from_dict(d["anonymous_share"]) if d.get("anonymous_share") else None,
                   Interval.from_dict(d["evaluative_share"]) if d.get("evaluative_share") else None)


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
    attribution: AttributionStat | None = None
    """Who is quoted and how (see :class:`AttributionStat`); None without an ``attribution`` marker."""

    def rate(self, marker: str) -> float:
        return self.markers[marker].rate.value

    def top_sources(self, k: int = 10) -> list[tuple[str, int]]:
        """The most quoted sources with counts (normalised text), most quoted first."""
        return self.attribution.top_sources(k) if self.attribution else []

    def top_terms(self, marker: str, k: int = 10) -> list[tuple[str, int]]:
        """The most frequent cue terms of ``marker`` in positive sentences: hedge cues, loaded terms, cue verbs."""
        return list(self.markers[marker].terms[:k])

    @property
    def anonymous_share(self) -> Interval | None:
        """Share of attributions (with a source) whose source is anonymous."""
        return self.attribution.anonymous_share if self.attribution else None

    @property
    def evaluative_share(self) -> Interval | None:
        """Share of attributions whose cue verb is evaluative (claimed, insisted, admitted...)."""
        return self.attribution.evaluative_share if self.attribution else None

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "n_articles": self.n_articles, "n_sentences": self.n_sentences,
                "markers": {m: s.to_dict() for m, s in self.markers.items()}, "articles": self.articles,
                "attribution": self.attribution.to_dict() if self.attribution else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OutletProfile:
        return cls(str(d["outlet"]), int(d["n_articles"]), int(d["n_sentences"]),
                   {m: MarkerStat.from_dict(s) for m, s in d["markers"].items()}, dict(d.get("articles") or {}),
                   AttributionStat.from_dict(d["attribution"]) if d.get("attribution") else None)


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


def _cue_terms(spans: Iterable[Any]) -> list[str]:
    """Casefolded texts of the cue spans (``cue`` or ``cue:<type>``) among evidence spans."""
    return [re.sub(r"\s+", " ", s.text).casefold() for s in spans if split_label(s.label)[0] == "cue"]


def _top(counter: Counter, k: int) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _attribution_stat(rows: Sequence[SentenceResult], articles: dict[str, dict[str, Any]],
                      weights: np.ndarray) -> AttributionStat:
    """Sources, source types and cue types of the sentences decided as attribution; fills ``articles[..]["attr"]``."""
    counts: Counter = Counter()
    types_of: dict[str, Counter] = {}
    source_types: Counter = Counter()
    cue_types: Counter = Counter()
    for a in articles.values():
        a["attr"] = {"sourced": 0, "anonymous": 0, "cued": 0, "evaluative": 0}
    for r in rows:
        if not r.decisions.get("attribution"):
            continue
        found = r.attribution
        if found is None:
            continue
        tally = articles[r.doc_id]["attr"]
        tally["cued"] += 1
        tally["evaluative"] += int(found.cue_type == "evaluative")
        cue_types[found.cue_type] += 1
        if found.source is None or not found.source_type:
            continue
        tally["sourced"] += 1
        tally["anonymous"] += int(found.source_type == "anonymous")
        source_types[found.source_type] += 1
        if not is_pronoun(found.source.text):
            key = normalise_source(found.source.text)
            counts[key] += 1
            types_of.setdefault(key, Counter())[found.source_type] += 1
    sources = tuple((name, c, _top(types_of[name], 1)[0][0]) for name, c in _top(counts, len(counts)))

    def share(num_key: str, den_key: str) -> Interval | None:
        num = np.array([a["attr"][num_key] for a in articles.values()], dtype=float)
        den = np.array([a["attr"][den_key] for a in articles.values()], dtype=float)
        return _ratio_interval(weights, num, den) if den.sum() else None

    return AttributionStat(sum(source_types.values()), sources, dict(sorted(source_types.items())),
                           dict(sorted(cue_types.items())), share("anonymous", "sourced"), share("evaluative", "cued"))


def profile_outlets(results: Iterable[SentenceResult], *, seed: int = 0, top_k: int = 3,
                    n_boot: int = N_BOOT, top_terms: int = 10) -> list[OutletProfile]:
    """One :class:`OutletProfile` per outlet, sorted by outlet name.

    Rates and mean scores get seeded 95% bootstrap intervals that resample whole articles, since
    sentences of one article are not independent. The result does not depend on input order.
    Each marker also lists its ``top_terms`` most frequent cue terms in positive sentences, and, with an
    ``attribution`` marker, the profile says whom the outlet quotes (:class:`AttributionStat`).
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
            terms = _top(Counter(t for r in rows if r.decisions[m] for t in _cue_terms(r.evidence.get(m, []))), top_terms)
            stats[m] = MarkerStat(m, int(pos.sum()), _ratio_interval(weights, pos, n), _ratio_interval(weights, total, n),
                                  top, terms)
        attribution = _attribution_stat(rows, articles, weights) if "attribution" in markers else None
        profiles.append(OutletProfile(outlet, len(articles), len(rows), stats, articles, attribution))
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

    def reversed(self) -> MarkerDifference:
        """Outlet b minus outlet a: the same intervals, negated."""
        return MarkerDifference(self.marker, self.rate.negated(), self.mean_score.negated())

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "rate": self.rate.to_dict(), "mean_score": self.mean_score.to_dict(),
                "significant": self.significant}


@dataclass(frozen=True)
class Comparison:
    """How outlet ``a`` differs from outlet ``b``: per marker, and in whom they quote.

    ``only_in_a`` / ``only_in_b``: sources (normalised text, count) that one outlet quotes and the other does
    not, most quoted first. ``anonymous_share`` / ``evaluative_share``: ``a - b`` with 95% intervals, or None
    when either outlet has no attribution to measure.
    """

    a: str
    b: str
    markers: dict[str, MarkerDifference]
    only_in_a: tuple[tuple[str, int], ...] = ()
    only_in_b: tuple[tuple[str, int], ...] = ()
    anonymous_share: Interval | None = None
    evaluative_share: Interval | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "markers": {m: d.to_dict() for m, d in self.markers.items()},
                "only_in_a": [list(x) for x in self.only_in_a], "only_in_b": [list(x) for x in self.only_in_b],
                "anonymous_share": self.anonymous_share.to_dict() if self.anonymous_share else None,
                "evaluative_share": self.evaluative_share.to_dict() if self.evaluative_share else None}


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
    only_a: tuple[tuple[str, int], ...] = ()
    only_b: tuple[tuple[str, int], ...] = ()
    shares: dict[str, Interval | None] = {"anonymous": None, "evaluative": None}
    if a.attribution is not None and b.attribution is not None:
        names_a = {name for name, _, _ in a.attribution.sources}
        names_b = {name for name, _, _ in b.attribution.sources}
        only_a = tuple((name, c) for name, c, _ in a.attribution.sources if name not in names_b)
        only_b = tuple((name, c) for name, c, _ in b.attribution.sources if name not in names_a)
        for what, num_key, den_key in (("anonymous", "anonymous", "sourced"), ("evaluative", "evaluative", "cued")):
            arrays = []
            for p in (a, b):
                attr = [art.get("attr") or {} for art in p.articles.values()]
                arrays.append((np.array([x.get(num_key, 0) for x in attr], dtype=float),
                               np.array([x.get(den_key, 0) for x in attr], dtype=float)))
            (num_a, den_a), (num_b, den_b) = arrays
            if den_a.sum() and den_b.sum():
                shares[what] = _diff_interval(wa, num_a, den_a, wb, num_b, den_b)
    return Comparison(a.outlet, b.outlet, diffs, only_a, only_b, shares["anonymous"], shares["evaluative"])


def _to_frame(profiles: Sequence[OutletProfile]) -> Any:
    """A tidy DataFrame: one row per (outlet, marker)."""
    import pandas as pd

    rows = []
    for p in profiles:
        for m, s in p.markers.items():
            rows.append({"outlet": p.outlet, "marker": m, "n_articles": p.n_articles, "n_sentences": p.n_sentences,
                         "count": s.count, "rate": s.rate.value, "rate_low": s.rate.low, "rate_high": s.rate.high,
                         "mean_score": s.mean_score.value, "mean_score_low": s.mean_score.low,
                         "mean_score_high": s.mean_score.high,
                         "top": json.dumps([e.to_dict() for e in s.top], ensure_ascii=False),
                         "terms": json.dumps([[t, c] for t, c in s.terms], ensure_ascii=False),
                         "attribution": (json.dumps(p.attribution.to_dict(), ensure_ascii=False)
                                         if p.attribution is not None and m == "attribution" else None)})
    return pd.DataFrame(rows)


def _from_frame(frame: Any) -> list[OutletProfile]:
    """Inverse of :func:`_to_frame` (per-article data is not part of the tidy form)."""
    out: dict[str, OutletProfile] = {}
    for row in frame.to_dict("records"):
        p = out.get(row["outlet"]) or OutletProfile(row["outlet"], int(row["n_articles"]), int(row["n_sentences"]), {})
        top = row.get("top")
        evidence = tuple(Evidence.from_dict(e) for e in (json.loads(top) if isinstance(top, str) else top or []))
        terms = row.get("terms")
        p.markers[row["marker"]] = MarkerStat(
            row["marker"], int(row["count"]),
            Interval(float(row["rate"]), float(row["rate_low"]), float(row["rate_high"])),
            Interval(float(row["mean_score"]), float(row["mean_score_low"]), float(row["mean_score_high"])), evidence,
            _terms_from(json.loads(terms) if isinstance(terms, str) else None))
        attribution = row.get("attribution")
        if isinstance(attribution, str) and attribution:
            p = OutletProfile(p.outlet, p.n_articles, p.n_sentences, p.markers, p.articles,
                              AttributionStat.from_dict(json.loads(attribution)))
        out[row["outlet"]] = p
    return list(out.values())


def _save_json(profiles: Sequence[OutletProfile], path: str | Path, meta: dict[str, Any] | None = None) -> Path:
    """Write profiles as JSON (atomically), with optional run metadata."""
    payload = {"meta": meta or {}, "profiles": [p.to_dict() for p in profiles]}
    return atomic_write_text(Path(path), json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _load_json(path: str | Path) -> tuple[list[OutletProfile], dict[str, Any]]:
    """Profiles and run metadata from a file written by :meth:`Profiles.save` (or ``framing profile -o x.json``)."""
    p = Path(path)
    try:
        payload = json.loads(p.read_text(encoding="utf-8"))
        return [OutletProfile.from_dict(d) for d in payload["profiles"]], dict(payload.get("meta") or {})
    except FileNotFoundError:
        raise InputError(f"profile file not found: {p}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{p}: not a framing profile file ({exc}); make one with `framing profile`") from None


@dataclass
class Profiles:
    """Per-outlet profiles together with the run metadata they came from; mirrors :class:`framing.ScoredCorpus`.

    >>> profiles = framing.Profiles.from_results(framing.load_scores("scores.jsonl"))
    >>> profiles.compare("north", "south").markers["hedging"].significant
    >>> profiles.save("profile.json")            # or .csv / .parquet: one row per (outlet, marker)
    """

    profiles: list[OutletProfile]
    meta: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[OutletProfile]:
        return iter(self.profiles)

    def __len__(self) -> int:
        return len(self.profiles)

    def __getitem__(self, key: int | str) -> OutletProfile:
        """A profile by position, or by outlet name."""
        if isinstance(key, str):
            for p in self.profiles:
                if p.outlet == key:
                    return p
            raise KeyError(key)
        return self.profiles[key]

    @property
    def outlets(self) -> list[str]:
        return [p.outlet for p in self.profiles]

    @classmethod
    def from_results(cls, results: Iterable[SentenceResult], *, seed: int = 0, top_k: int = 3, n_boot: int = N_BOOT,
                     top_terms: int = 10, meta: dict[str, Any] | None = None) -> Profiles:
        """Profile sentence results (a :class:`framing.ScoredCorpus` keeps its run metadata), see :func:`profile_outlets`."""
        if meta is None:
            meta = dict(getattr(results, "meta", None) or {})
        return cls(profile_outlets(results, seed=seed, top_k=top_k, n_boot=n_boot, top_terms=top_terms), meta)

    def to_pandas(self) -> Any:
        """A tidy DataFrame: one row per (outlet, marker)."""
        return _to_frame(self.profiles)

    @classmethod
    def from_pandas(cls, frame: Any) -> Profiles:
        """Inverse of :meth:`to_pandas` (per-article data is not part of the tidy form)."""
        return cls(_from_frame(frame))

    def save(self, path: str | Path) -> Path:
        """Write atomically: ``.json`` keeps everything (with ``meta``); ``.csv``/``.parquet`` the tidy table."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            return _save_json(self.profiles, path, self.meta)
        fmt = output_format(path)
        if fmt == "jsonl":
            raise InputError(f"{path}: profiles are written as .json (everything), .csv or .parquet (a table), "
                             "not .jsonl")
        frame = self.to_pandas()
        return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False) if fmt == "csv" else frame.to_parquet(tmp))

    @classmethod
    def load(cls, path: str | Path) -> Profiles:
        """Read a ``.json`` written by :meth:`save` (or ``framing profile -o``)."""
        profiles, meta = _load_json(path)
        return cls(profiles, meta)

    def compare(self, a: str, b: str, *, seed: int = 0, n_boot: int = N_BOOT) -> Comparison:
        """How outlet ``a`` differs from outlet ``b`` (see :func:`compare`)."""
        return compare(self[a], self[b], seed=seed, n_boot=n_boot)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"framing.{old} is deprecated; use {new}", DeprecationWarning, stacklevel=3)


def profiles_to_frame(profiles: Sequence[OutletProfile]) -> Any:
    """Deprecated: use ``Profiles(profiles).to_pandas()``."""
    _deprecated("profiles_to_frame", "Profiles(profiles).to_pandas()")
    return _to_frame(profiles)


def profiles_from_frame(frame: Any) -> list[OutletProfile]:
    """Deprecated: use ``Profiles.from_pandas(frame)``."""
    _deprecated("profiles_from_frame", "Profiles.from_pandas(frame)")
    return _from_frame(frame)


def save_profiles(profiles: Sequence[OutletProfile], path: str | Path, meta: dict[str, Any] | None = None) -> Path:
    """Deprecated: use ``Profiles(profiles, meta).save(path)``."""
    _deprecated("save_profiles", "Profiles(profiles, meta).save(path)")
    return _save_json(profiles, path, meta)


def load_profiles(path: str | Path) -> list[OutletProfile]:
    """Deprecated: use ``Profiles.load(path)``."""
    _deprecated("load_profiles", "Profiles.load(path)")
    return _load_json(path)[0]
