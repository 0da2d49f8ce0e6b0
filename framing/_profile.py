"""Per-outlet framing profiles: marker rates with honest intervals (see _intervals), evidence, comparisons."""

from __future__ import annotations

import json
import math
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Sequence

import numpy as np

from ._errors import InputError
from ._evidence import classify_source, is_pronoun, normalise_source
from ._files import atomic_write, atomic_write_text
from ._intervals import Z95, AuditStat, Interval, audit_stats, few_articles, mover_difference, share_interval
from ._results import output_format
from ._speakers import SpeakerNames, merge_across, name_key
from ._types import ROLES, AuditTable, Role, SentenceResult, split_label

RateSource = Literal["raw", "audited"]


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
    audit: AuditStat | None = None
    """The rate corrected by a human audit, when one was given with labels for this outlet and marker."""
    own_rate: Interval | None = None
    """Share of sentences whose own words (quoted speech left out) carry the marker: "in the outlet's own words"."""
    quoted_rate: Interval | None = None
    """Share of the sentences with quoted words whose quoted words carry it: "in the quotes it chose"; None when
    the outlet quotes nobody."""

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "count": self.count, "rate": self.rate.to_dict(),
                "mean_score": self.mean_score.to_dict(), "top": [e.to_dict() for e in self.top],
                "terms": [[t, c] for t, c in self.terms], "audit": self.audit.to_dict() if self.audit else None,
                "own_rate": self.own_rate.to_dict() if self.own_rate else None,
                "quoted_rate": self.quoted_rate.to_dict() if self.quoted_rate else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MarkerStat:
        return cls(str(d["marker"]), int(d["count"]), Interval.from_dict(d["rate"]),
                   Interval.from_dict(d["mean_score"]), tuple(Evidence.from_dict(e) for e in d.get("top", [])),
                   _terms_from(d.get("terms")), AuditStat.from_dict(d["audit"]) if d.get("audit") else None,
                   Interval.from_dict(d["own_rate"]) if d.get("own_rate") else None,
                   Interval.from_dict(d["quoted_rate"]) if d.get("quoted_rate") else None)


def _terms_from(value: Any) -> tuple[tuple[str, int], ...]:
    return tuple((str(t), int(c)) for t, c in (value or []))


@dataclass(frozen=True)
class AttributionStat:
    """Whom an outlet quotes and how, over its sentences decided as attribution with an extracted source.

    ``sources``: every source (one name per speaker: name variants merged within each document and across the
    run, see :mod:`framing._speakers`; descriptions normalised), count, its most frequent type), most quoted
    first; pronoun sources (he, she, they) are counted in the shares but not listed, and a sentence that only
    continues a quotation counts for the quotation's speaker. ``anonymous_share`` and
    ``evaluative_share`` (share of cue verbs such as claimed, insisted, admitted) have 95% intervals for
    sentences clustered in articles; None when the outlet has no such sentence.
    """

    n: int
    sources: tuple[tuple[str, int, str], ...] = ()
    source_types: dict[str, int] = field(default_factory=dict)
    cue_types: dict[str, int] = field(default_factory=dict)
    anonymous_share: Interval | None = None
    evaluative_share: Interval | None = None
    quoted_words: tuple[tuple[str, float], ...] = ()
    """Each speaker's share of the words the outlet quotes (direct and partial quotations; quotations with no
    speaker found count in the total only), largest first."""

    def top_sources(self, k: int = 10) -> list[tuple[str, int]]:
        """The ``k`` most quoted sources with their counts."""
        return [(name, count) for name, count, _ in self.sources[:k]]

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "sources": [list(s) for s in self.sources], "source_types": dict(self.source_types),
                "cue_types": dict(self.cue_types),
                "anonymous_share": self.anonymous_share.to_dict() if self.anonymous_share else None,
                "evaluative_share": self.evaluative_share.to_dict() if self.evaluative_share else None,
                "quoted_words": [[k, v] for k, v in self.quoted_words]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AttributionStat:
        return cls(int(d["n"]), tuple((str(a), int(b), str(c)) for a, b, c in d.get("sources") or []),
                   {str(k): int(v) for k, v in (d.get("source_types") or {}).items()},
                   {str(k): int(v) for k, v in (d.get("cue_types") or {}).items()},
                   Interval.from_dict(d["anonymous_share"]) if d.get("anonymous_share") else None,
                   Interval.from_dict(d["evaluative_share"]) if d.get("evaluative_share") else None,
                   tuple((str(k), float(v)) for k, v in d.get("quoted_words") or []))


@dataclass(frozen=True)
class OutletProfile:
    """How one outlet frames its stories: counts and, per marker, a :class:`MarkerStat`.

    ``articles`` keeps per-article sums (sentences, positives and score sums per marker) so that
    :func:`profile_outlets` can recompute intervals; :func:`compare` needs only the intervals.
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

    @property
    def few_articles(self) -> bool:
        """True with fewer than ``FEW_ARTICLES`` articles: intervals then rest mostly on an assumed
        between-article variation (see docs/intervals.md), so read them as rough."""
        return few_articles(self.n_articles)

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
                "few_articles": self.few_articles, "markers": {m: s.to_dict() for m, s in self.markers.items()}, "articles": self.articles,
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


def _ratio_interval(num: np.ndarray, den: np.ndarray) -> Interval:
    return share_interval(num, den)


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


def _tally_voices(article: dict[str, Any], r: SentenceResult, markers: Sequence[str]) -> None:
    """Per-article counts for the voice rates: own-voice positives, sentences with quoted words and their positives."""
    voices = article.setdefault("voices", {"own": dict.fromkeys(markers, 0), "quoted_n": 0,
                                           "quoted": dict.fromkeys(markers, 0)})
    quoted = bool(r.quoted_decisions)
    voices["quoted_n"] += int(quoted)
    for m in markers:
        voices["own"][m] += int(r.own_decisions.get(m, r.decisions[m]))
        voices["quoted"][m] += int(r.quoted_decisions.get(m, False))


def _voice_rates(articles: dict[str, dict[str, Any]], m: str) -> tuple[Interval, Interval | None]:
    n = np.array([a["n"] for a in articles.values()], dtype=float)
    own = np.array([a["voices"]["own"][m] for a in articles.values()], dtype=float)
    qn = np.array([a["voices"]["quoted_n"] for a in articles.values()], dtype=float)
    qpos = np.array([a["voices"]["quoted"][m] for a in articles.values()], dtype=float)
    return _ratio_interval(own, n), (_ratio_interval(qpos, qn) if qn.sum() else None)


def _speaker_map(results: Sequence[SentenceResult]) -> dict[tuple[str, str], str]:
    """(doc_id, mention) → one name per speaker: variants merged within each document (appositions read from its
    sentences), then across all documents."""
    by_doc: dict[str, list[SentenceResult]] = {}
    for r in results:
        by_doc.setdefault(r.doc_id, []).append(r)
    local: dict[tuple[str, str], str] = {}
    for doc_id, rows in by_doc.items():
        names = SpeakerNames()
        names.add_text(" ".join(r.text for r in sorted(rows, key=lambda r: r.index)))
        mentions = [r.attribution.source.text for r in rows if r.attribution and r.attribution.source]
        mentions += [q.speaker for r in rows for q in r.quotes if q.speaker]
        for m in mentions:
            names.add(m)
        for m in mentions:
            resolved = names.resolve(m)
            named = classify_source(m, m) in ("named_person", "named_organisation")
            local[(doc_id, m)] = resolved if named and resolved != name_key(m) else normalise_source(resolved)
    run = merge_across(sorted(set(local.values())))
    return {k: run[v] for k, v in local.items()}


def _attribution_stat(rows: Sequence[SentenceResult], articles: dict[str, dict[str, Any]],
                      speakers: dict[tuple[str, str], str] | None = None) -> AttributionStat:
    """Sources, source types and cue types of the sentences decided as attribution; fills ``articles[..]["attr"]``."""
    speakers = speakers or {}
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
            speaker = next((q.speaker for q in r.quotes if q.kind != "scare" and q.speaker), None)
            if speaker and not is_pronoun(speaker):  # a sentence that continues a quotation
                counts[speakers.get((r.doc_id, speaker), speaker)] += 1
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
            key = speakers.get((r.doc_id, found.source.text)) or normalise_source(found.source.text)
            counts[key] += 1
            types_of.setdefault(key, Counter())[found.source_type] += 1
    sources = tuple((name, c, _top(types_of[name], 1)[0][0] if name in types_of else "named_person")
                    for name, c in _top(counts, len(counts)))
    words: Counter = Counter()
    for r in rows:
        for q in r.quotes:
            if q.kind != "scare":
                name = speakers.get((r.doc_id, q.speaker), q.speaker) if q.speaker else ""
                words[name] += len(re.findall(r"\w+", q.text))
    total = sum(words.values())
    quoted_words = tuple((name, round(c / total, 6)) for name, c in _top(words, len(words)) if name) if total else ()

    def share(num_key: str, den_key: str) -> Interval | None:
        num = np.array([a["attr"][num_key] for a in articles.values()], dtype=float)
        den = np.array([a["attr"][den_key] for a in articles.values()], dtype=float)
        return _ratio_interval(num, den) if den.sum() else None

    return AttributionStat(sum(source_types.values()), sources, dict(sorted(source_types.items())),
                           dict(sorted(cue_types.items())), share("anonymous", "sourced"), share("evaluative", "cued"),
                           quoted_words)


def parse_roles(roles: str | Iterable[str]) -> tuple[Role, ...]:
    """The roles a profile counts, from names or one comma-separated string (``"body,subhead"``), checked
    against ``headline``, ``standfirst``, ``subhead``, ``body``; an unknown or empty choice is an :class:`InputError`."""
    names = roles.split(",") if isinstance(roles, str) else roles
    out = tuple(str(r).strip() for r in names if str(r).strip())
    bad = [r for r in out if r not in ROLES]
    if not out or bad:
        raise InputError(f"roles {', '.join(bad) or '(none)'}: choose one or more of {', '.join(ROLES)}")
    return out  # type: ignore[return-value]


def profile_outlets(results: Iterable[SentenceResult], *, seed: int = 0, top_k: int = 3,
                    top_terms: int = 10, audit: AuditTable | None = None,
                    roles: Sequence[Role] = ("body",)) -> list[OutletProfile]:
    """One :class:`OutletProfile` per outlet, sorted by outlet name.

    Only sentences whose ``role`` is in ``roles`` count (by default the running body; pass
    ``("headline",)`` for the headline table); a sentence without a role (whole texts, files written
    before roles) counts as body.

    Rates and mean scores get 95% intervals that account for sentences clustering in articles and stay
    honest with few articles (a design-effect-adjusted Wilson interval, see ``framing._intervals``); outlets
    with fewer than ``FEW_ARTICLES`` articles are flagged (``few_articles``). The result does not depend on
    input order; ``seed`` is kept for compatibility (the intervals are not random).
    With an ``audit`` (see :func:`framing.read_audit`), each marker also gets an :class:`AuditStat`: the
    rate corrected by the human labels (PPI++), with the model's precision, recall and kappa on them.
    Each marker also lists its ``top_terms`` most frequent cue terms in positive sentences, and, with an
    ``attribution`` marker, the profile says whom the outlet quotes (:class:`AttributionStat`).
    """
    results = list(results)
    speakers = _speaker_map(results)
    profiles = []
    wanted = set(parse_roles(roles))
    for outlet, rows in sorted(_group(r for r in results if (r.role or "body") in wanted).items()):
        rows = sorted(rows, key=lambda r: (r.doc_id, r.index))
        markers = list(rows[0].scores)
        articles: dict[str, dict[str, Any]] = {}
        for r in rows:
            a = articles.setdefault(r.doc_id, {"n": 0, "pos": dict.fromkeys(markers, 0), "sum": dict.fromkeys(markers, 0.0)})
            a["n"] += 1
            for m in markers:
                a["pos"][m] += int(r.decisions[m])
                a["sum"][m] += float(r.scores[m])
            _tally_voices(a, r, markers)
        audited = audit_stats(rows, audit) if audit is not None else {}
        stats = {}
        for m in markers:
            n, pos, total = _article_arrays(articles, m)
            strongest = sorted((r for r in rows if r.decisions[m]), key=lambda r: (-r.scores[m], r.doc_id, r.index))[:top_k]
            top = tuple(Evidence(r.doc_id, r.index, r.text, round(r.scores[m], 6),
                                 tuple((s.start, s.end, s.label) for s in r.evidence.get(m, [])))
                        for r in strongest)
            terms = _top(Counter(t for r in rows if r.decisions[m] for t in _cue_terms(r.evidence.get(m, []))), top_terms)
            stats[m] = MarkerStat(m, int(pos.sum()), _ratio_interval(pos, n), _ratio_interval(total, n),
                                  top, terms, audited.get(m), *_voice_rates(articles, m))
        attribution = _attribution_stat(rows, articles, speakers) if "attribution" in markers else None
        profiles.append(OutletProfile(outlet, len(articles), len(rows), stats, articles, attribution))
    return profiles


@dataclass(frozen=True)
class MarkerDifference:
    """Outlet a minus outlet b for one marker, with 95% intervals; ``source`` says whether the rate
    difference is between raw rates or audited rates."""

    marker: str
    rate: Interval
    mean_score: Interval
    source: RateSource = "raw"

    @property
    def significant(self) -> bool:
        """True when the rate difference's interval excludes zero."""
        return self.rate.low > 0 or self.rate.high < 0

    def reversed(self) -> MarkerDifference:
        """Outlet b minus outlet a: the same intervals, negated."""
        return MarkerDifference(self.marker, self.rate.negated(), self.mean_score.negated(), self.source)

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "rate": self.rate.to_dict(), "mean_score": self.mean_score.to_dict(),
                "significant": self.significant, "source": self.source}


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


def _difference(a: MarkerStat, b: MarkerStat) -> MarkerDifference:
    if a.audit is not None and b.audit is not None:
        d = a.audit.audited.value - b.audit.audited.value
        half = Z95 * math.hypot(a.audit.se, b.audit.se)
        return MarkerDifference(a.marker, Interval(d, d - half, d + half), mover_difference(a.mean_score, b.mean_score),
                                "audited")
    return MarkerDifference(a.marker, mover_difference(a.rate, b.rate), mover_difference(a.mean_score, b.mean_score))


def compare(a: OutletProfile, b: OutletProfile, *, seed: int = 0) -> Comparison:
    """Per-marker differences ``a - b`` in rate and mean score, with 95% intervals combining each outlet's
    interval (Newcombe's method); audited rates (normal interval of the two PPI++ estimates) where both
    outlets have an audit of that marker. ``seed`` is kept for compatibility."""
    diffs = {m: _difference(a.markers[m], b.markers[m]) for m in a.markers if m in b.markers}
    only_a: tuple[tuple[str, int], ...] = ()
    only_b: tuple[tuple[str, int], ...] = ()
    shares: dict[str, Interval | None] = {"anonymous": None, "evaluative": None}
    if a.attribution is not None and b.attribution is not None:
        names_a = {name for name, _, _ in a.attribution.sources}
        names_b = {name for name, _, _ in b.attribution.sources}
        only_a = tuple((name, c) for name, c, _ in a.attribution.sources if name not in names_b)
        only_b = tuple((name, c) for name, c, _ in b.attribution.sources if name not in names_a)
        for what in ("anonymous", "evaluative"):
            sa, sb = getattr(a.attribution, f"{what}_share"), getattr(b.attribution, f"{what}_share")
            if sa is not None and sb is not None:
                shares[what] = mover_difference(sa, sb)
    return Comparison(a.outlet, b.outlet, diffs, only_a, only_b, shares["anonymous"], shares["evaluative"])


def _to_frame(profiles: Sequence[OutletProfile], headlines: Sequence[OutletProfile] = ()) -> Any:
    """A tidy DataFrame: one row per (outlet, marker); with ``headlines``, their rows follow and a ``table``
    column says ``rates`` or ``headlines``."""
    import pandas as pd

    frame = pd.DataFrame(_frame_rows(profiles))
    if headlines:
        frame = pd.concat([frame.assign(table="rates"), pd.DataFrame(_frame_rows(headlines)).assign(table="headlines")],
                          ignore_index=True)
    return frame


def _frame_rows(profiles: Sequence[OutletProfile]) -> list[dict[str, Any]]:
    rows = []
    for p in profiles:
        for m, s in p.markers.items():
            a = s.audit
            rows.append({"outlet": p.outlet, "marker": m, "n_articles": p.n_articles, "n_sentences": p.n_sentences,
                         "few_articles": p.few_articles, "count": s.count, "rate": s.rate.value, "rate_low": s.rate.low, "rate_high": s.rate.high,
                         "mean_score": s.mean_score.value, "mean_score_low": s.mean_score.low,
                         "mean_score_high": s.mean_score.high,
                         "top": json.dumps([e.to_dict() for e in s.top], ensure_ascii=False),
                         "terms": json.dumps([[t, c] for t, c in s.terms], ensure_ascii=False),
                         **_interval_columns("own_rate", s.own_rate), **_interval_columns("quoted_rate", s.quoted_rate),
                         "attribution": (json.dumps(p.attribution.to_dict(), ensure_ascii=False)
                                         if p.attribution is not None and m == "attribution" else None),
                         "audit": json.dumps(a.to_dict()) if a else None,
                         "audited_rate": a.audited.value if a else None, "audited_low": a.audited.low if a else None,
                         "audited_high": a.audited.high if a else None, "n_labels": a.n_labels if a else None,
                         "precision": a.precision if a else None, "recall": a.recall if a else None,
                         "kappa": a.kappa if a else None})
    return rows


def _interval_columns(name: str, value: Interval | None) -> dict[str, float]:
    nan = float("nan")
    return {name: value.value if value else nan, f"{name}_low": value.low if value else nan,
            f"{name}_high": value.high if value else nan}


def _interval_from(row: dict[str, Any], name: str) -> Interval | None:
    v = row.get(name)
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return Interval(float(v), float(row[f"{name}_low"]), float(row[f"{name}_high"]))


def _from_frame(frame: Any) -> list[OutletProfile]:
    """Inverse of :func:`_to_frame` for one table (per-article data is not part of the tidy form)."""
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
            _terms_from(json.loads(terms) if isinstance(terms, str) else None),
            AuditStat.from_dict(json.loads(row["audit"])) if isinstance(row.get("audit"), str) and row["audit"] else None,
            _interval_from(row, "own_rate"), _interval_from(row, "quoted_rate"))
        attribution = row.get("attribution")
        if isinstance(attribution, str) and attribution:
            p = OutletProfile(p.outlet, p.n_articles, p.n_sentences, p.markers, p.articles,
                              AttributionStat.from_dict(json.loads(attribution)))
        out[row["outlet"]] = p
    return list(out.values())


def _save_json(profiles: Sequence[OutletProfile], path: str | Path, meta: dict[str, Any] | None = None,
               headlines: Sequence[OutletProfile] = ()) -> Path:
    """Write profiles (and the headline table, when there is one) as JSON (atomically), with optional run metadata."""
    payload: dict[str, Any] = {"meta": meta or {}, "profiles": [p.to_dict() for p in profiles]}
    if headlines:
        payload["headlines"] = [p.to_dict() for p in headlines]
    return atomic_write_text(Path(path), json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _load_json(path: str | Path) -> tuple[list[OutletProfile], dict[str, Any], list[OutletProfile]]:
    """Profiles, run metadata and headline profiles from a file written by :meth:`Profiles.save`
    (or ``framing profile -o x.json``)."""
    p = Path(path)
    try:
        payload = json.loads(p.read_text(encoding="utf-8"))
        return ([OutletProfile.from_dict(d) for d in payload["profiles"]], dict(payload.get("meta") or {}),
                [OutletProfile.from_dict(d) for d in payload.get("headlines") or []])
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

    ``profiles`` count the sentences of the roles chosen (``meta["roles"]``; the running body by default);
    ``headlines`` are the same statistics over headline units only (empty when no headline was found), since
    headlines are where framing concentrates.
    """

    profiles: list[OutletProfile]
    meta: dict[str, Any] = field(default_factory=dict)
    headlines: list[OutletProfile] = field(default_factory=list)

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
    def from_results(cls, results: Iterable[SentenceResult], *, seed: int = 0, top_k: int = 3, top_terms: int = 10,
                     audit: AuditTable | None = None, meta: dict[str, Any] | None = None,
                     roles: str | Sequence[str] = ("body",)) -> Profiles:
        """Profile sentence results (a :class:`framing.ScoredCorpus` keeps its run metadata), see :func:`profile_outlets`:
        rates over the sentences whose role is in ``roles``, and the headline table beside them."""
        if meta is None:
            meta = dict(getattr(results, "meta", None) or {})
        chosen = parse_roles(roles)
        results = list(results)
        kw: dict[str, Any] = dict(seed=seed, top_k=top_k, top_terms=top_terms)
        headlines = profile_outlets(results, roles=("headline",), **kw) if chosen != ("headline",) else []
        if chosen != ("body",):  # the default leaves meta as before roles existed
            meta = {**meta, "roles": list(chosen)}
        return cls(profile_outlets(results, roles=chosen, audit=audit, **kw), meta, headlines)

    def to_pandas(self) -> Any:
        """A tidy DataFrame: one row per (outlet, marker); with a headline table, its rows follow and a
        ``table`` column says ``rates`` or ``headlines``."""
        return _to_frame(self.profiles, self.headlines)

    @classmethod
    def from_pandas(cls, frame: Any) -> Profiles:
        """Inverse of :meth:`to_pandas` (per-article data is not part of the tidy form)."""
        if "table" not in frame.columns:
            return cls(_from_frame(frame))
        return cls(_from_frame(frame[frame["table"] != "headlines"].drop(columns="table")), {},
                   _from_frame(frame[frame["table"] == "headlines"].drop(columns="table")))

    def save(self, path: str | Path) -> Path:
        """Write atomically: ``.json`` keeps everything (with ``meta``); ``.csv``/``.parquet`` the tidy table."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            return _save_json(self.profiles, path, self.meta, self.headlines)
        fmt = output_format(path)
        if fmt == "jsonl":
            raise InputError(f"{path}: profiles are written as .json (everything), .csv or .parquet (a table), "
                             "not .jsonl")
        frame = self.to_pandas()
        return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False) if fmt == "csv" else frame.to_parquet(tmp))

    @classmethod
    def load(cls, path: str | Path) -> Profiles:
        """Read a ``.json`` written by :meth:`save` (or ``framing profile -o``)."""
        profiles, meta, headlines = _load_json(path)
        return cls(profiles, meta, headlines)

    def compare(self, a: str, b: str, *, seed: int = 0) -> Comparison:
        """How outlet ``a`` differs from outlet ``b`` (see :func:`compare`)."""
        return compare(self[a], self[b], seed=seed)


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
