"""Evaluation on labelled sentences: metrics, regression suites, threshold calibration, attribution span figures."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from ._consistency import ConsistencySuite, load_consistency_table, load_groups, measure_consistency
from ._errors import InputError
from ._evidence import extract_attribution
from ._files import atomic_write_text, read_jsonl, read_toml
from ._markers import Marker, load_markers, select_markers
from ._page_eval import HTML_METRICS, PAGE_METRICS, evaluate_html_pages, evaluate_pages
from ._results import read_table
from ._scorer import Scorer, calibrate_score, combine_scores, lexicon_hits, structure_hits, uses_structure
from ._types import Backend, CalibrationMethod

METRICS = ("precision", "recall", "f1", "macro_f1", "roc_auc", "brier", "ece", "accuracy")
LOWER_IS_BETTER = ("brier", "ece")


def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """Area under the ROC curve (probability a positive outscores a negative; ties count half)."""
    y = np.asarray(y, dtype=bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    # average ranks over ties
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def expected_calibration_error(y: np.ndarray, s: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width bins: weighted mean |observed rate - mean score| per bin."""
    y = np.asarray(y, dtype=float)
    idx = np.minimum((np.asarray(s) * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() * abs(y[mask].mean() - s[mask].mean())
    return float(total / len(y)) if len(y) else float("nan")


def binary_metrics(y: Sequence[int], scores: Sequence[float], threshold: float) -> dict[str, float]:
    """Precision, recall, F1, accuracy at ``threshold``; ROC-AUC, Brier and ECE from the scores."""
    y_arr = np.asarray(y, dtype=int)
    s = np.asarray(scores, dtype=float)
    pred = s >= threshold
    tp = int((pred & (y_arr == 1)).sum())
    fp = int((pred & (y_arr == 0)).sum())
    fn = int((~pred & (y_arr == 1)).sum())
    tn = int((~pred & (y_arr == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f1_negative = 2 * tn / (2 * tn + fn + fp) if tn + fn + fp else 0.0
    return {"n": int(len(y_arr)), "positives": int(y_arr.sum()), "threshold": float(threshold),
            "precision": precision, "recall": recall, "f1": f1, "macro_f1": (f1 + f1_negative) / 2,
            "accuracy": float((pred == (y_arr == 1)).mean()),
            "roc_auc": roc_auc(y_arr, s), "brier": float(np.mean((s - y_arr) ** 2)),
            "ece": expected_calibration_error(y_arr, s)}


def best_threshold(y: Sequence[int], scores: Sequence[float]) -> tuple[float, float]:
    """The threshold that maximises F1 (midpoint between neighbouring scores), and that F1."""
    s = np.asarray(scores, dtype=float)
    candidates = np.unique(s)
    mids = np.concatenate([[0.0], (candidates[:-1] + candidates[1:]) / 2, [candidates[-1] if len(candidates) else 1.0]])
    best = (0.5, -1.0)
    for t in mids:
        f1 = binary_metrics(y, s, float(t))["f1"]
        if f1 > best[1] + 1e-12:
            best = (float(t), f1)
    return best


def fit_platt(y: Sequence[int], raw: Sequence[float], cues: Sequence[float] | None = None,
              steps: int = 2000, structure: Sequence[float] | None = None) -> dict[str, float]:
    """Logistic (Platt) scaling p = sigmoid(a * raw + b), fitted by Newton steps on the log loss.

    With ``cues`` (1.0 where a cue of the marker's lexicon occurs) the lexicon is a second feature:
    p = sigmoid(a * raw + cue * hit + b), so the lexicon shifts the log-odds and the score stays calibrated.
    With ``structure`` (1.0 where structured attribution evidence is found) that is one more feature, with an L2
    penalty of 1 on its coefficient: on labelled sets where the rules are rarely wrong the evidence alone would
    separate the classes and its coefficient grow without bound (the model would then never be heard).
    """
    x = np.asarray(raw, dtype=float)
    t = np.asarray(y, dtype=float)
    columns = ([x] + ([np.asarray(cues, dtype=float)] if cues is not None else [])
               + ([np.asarray(structure, dtype=float)] if structure is not None else []) + [np.ones_like(x)])
    design = np.stack(columns, axis=1)
    w = np.zeros(design.shape[1])
    w[0] = 1.0
    penalty = np.full(len(w), 1e-6)
    if structure is not None:
        penalty[-2] = 1.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(design @ w)))
        g = design.T @ (p - t) + penalty * w
        h = (design * (p * (1 - p) + 1e-9)[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(h, g)
        w = w - step
        if np.abs(step).max() < 1e-8:
            break
    out = {"method": "platt", "a": float(w[0]), "b": float(w[-1])}
    if cues is not None:
        out["cue"] = float(w[1])
    if structure is not None:
        out["structure"] = float(w[-2])
    return out


def fit_isotonic(y: Sequence[int], raw: Sequence[float]) -> dict[str, Any]:
    """Isotonic (pool-adjacent-violators) calibration as interpolation knots x → y."""
    order = np.argsort(raw, kind="mergesort")
    x = np.asarray(raw, dtype=float)[order]
    t = np.asarray(y, dtype=float)[order]
    blocks: list[list[float]] = []  # [sum_y, count, x_min, x_max]
    for xi, yi in zip(x, t):
        blocks.append([yi, 1.0, xi, xi])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c, lo, hi = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
            blocks[-1][3] = hi
    xs, ys = [], []
    for s, c, lo, hi in blocks:
        xs.extend([lo, hi])
        ys.extend([s / c, s / c])
    return {"method": "isotonic", "x": [float(v) for v in xs], "y": [float(v) for v in ys]}


def load_labelled(path: str | Path, split: str | None = None, markers: Sequence[str] | None = None) -> Any:
    """Labelled sentences (JSONL/CSV/Parquet with ``text`` and one 0/1 column per marker) as a DataFrame."""
    import pandas as pd

    p = Path(path)
    frame = pd.DataFrame(read_table(p))
    if "text" not in frame.columns:
        raise InputError(f"{p}: no 'text' column; columns are {list(frame.columns)}")
    if split is not None:
        if "split" not in frame.columns:
            raise InputError(f"{p}: no 'split' column, so split {split!r} cannot be selected")
        frame = frame[frame["split"] == split]
        if frame.empty:
            raise InputError(f"{p}: no rows with split == {split!r}")
    for m in markers or []:
        if m not in frame.columns:
            raise InputError(f"{p}: no label column for marker {m!r}; columns are {list(frame.columns)}")
        bad = ~frame[m].isin([0, 1, True, False])
        if bad.any():
            raise InputError(f"{p}: column {m!r} must hold 0/1 labels (row {int(np.argmax(bad.to_numpy())) + 1})")
    return frame.reset_index(drop=True)


# --- attribution spans (source, cue, content) against gold spans ------------------------------------

SPAN_ROLES = ("source", "cue", "content")
SPAN_METRICS = tuple(f"{role}_f1_{kind}" for role in SPAN_ROLES for kind in ("exact", "token")) + (
    "source_type_accuracy", "cue_type_accuracy", "found")
"""Flat names of the span figures a suite's ``[attribution_spans]`` table can bound with ``min_<name>``."""
_TOKEN = re.compile(r"\w+")

SpanPrediction = dict[str, Any]
"""``{"source": [start, end] | None, "cue": ..., "content": ..., "source_type": ..., "cue_type": ...}``; ``{}``
when nothing was found."""


def load_span_gold(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """Gold attribution spans (``samples/attribution_spans.jsonl``): one sentence a JSON line with ``id``,
    ``text``, ``source``/``cue``/``content`` as ``[start, end]`` or null, ``source_type``, ``cue_type`` and
    optionally ``split`` (only rows of ``split`` are returned when it is given)."""
    p = Path(path)
    rows = []
    for n, row in read_jsonl(p, "attribution spans file"):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "id" not in row:
            raise InputError(f"{p}: line {n} needs an 'id' and a 'text'")
        for role in SPAN_ROLES:
            span = row.get(role)
            if span is not None and not (isinstance(span, list) and len(span) == 2
                                         and 0 <= span[0] < span[1] <= len(row["text"])):
                raise InputError(f"{p}: line {n}: bad {role} span {span}")
        rows.append(row)
    if split is not None:
        rows = [r for r in rows if r.get("split") == split]
        if not rows:
            raise InputError(f"{p}: no rows with split == {split!r}")
    return rows


def predict_spans(text: str) -> SpanPrediction:
    """The rules' attribution (:func:`framing.extract_attribution`) of one sentence as a span prediction."""
    a = extract_attribution(text)
    if a is None:
        return {}
    return {"source": [a.source.start, a.source.end] if a.source else None, "cue": [a.cue.start, a.cue.end],
            "content": [a.content.start, a.content.end] if a.content else None,
            "source_type": a.source_type, "cue_type": a.cue_type}


def _span_tokens(text: str, span: Sequence[int] | None) -> set[int]:
    if not span:
        return set()
    return {m.start() for m in _TOKEN.finditer(text) if m.start() >= span[0] and m.end() <= span[1]}


def _prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_spans(gold: Sequence[Mapping[str, Any]], preds: Mapping[str, SpanPrediction],
                errors: list[tuple[Any, ...]] | None = None) -> dict[str, Any]:
    """Span figures of predictions (by gold ``id``) against gold rows.

    Per role (source, cue, content): ``exact`` precision/recall/F1 (a span counts when equal to the gold span;
    a wrong span is a false positive and a false negative) and ``token`` micro-averaged word-token overlap.
    ``source_type``/``cue_type`` accuracy over rows with a gold type (a missing prediction is wrong) and
    ``found``, the share of rows with any prediction. Disagreements go to ``errors`` as
    ``(id, what, gold, predicted)`` when a list is given.
    """
    out: dict[str, Any] = {"n": len(gold)}
    for role in SPAN_ROLES:
        tp = n_pred = n_gold = 0
        tok_overlap = tok_pred = tok_gold = 0
        for g in gold:
            p = preds.get(g["id"], {}) or {}
            gs = list(g[role]) if g.get(role) else None
            ps = list(p[role]) if p.get(role) else None
            n_gold += gs is not None
            n_pred += ps is not None
            tp += gs is not None and gs == ps
            gt, pt = _span_tokens(g["text"], gs), _span_tokens(g["text"], ps)
            tok_overlap += len(gt & pt)
            tok_gold += len(gt)
            tok_pred += len(pt)
            if gs != ps and errors is not None:
                errors.append((g["id"], role, g["text"][gs[0]:gs[1]] if gs else None,
                               g["text"][ps[0]:ps[1]] if ps else None))
        out[role] = {"exact": _prf(tp, n_pred, n_gold), "token": _prf(tok_overlap, tok_pred, tok_gold)}
    for key in ("source_type", "cue_type"):
        rows = [g for g in gold if g.get(key)]
        got = [(preds.get(g["id"], {}) or {}).get(key) for g in rows]
        out[key] = {"accuracy": round(sum(a == g[key] for a, g in zip(got, rows)) / len(rows), 4) if rows else 0.0,
                    "n": len(rows)}
        if errors is not None:
            errors.extend((g["id"], key, g[key], a) for a, g in zip(got, rows) if a != g[key])
    out["found"] = round(sum(bool(preds.get(g["id"])) for g in gold) / len(gold), 4) if gold else 0.0
    return out


def flat_span_metrics(result: Mapping[str, Any]) -> dict[str, float]:
    """:func:`score_spans` figures under the flat names of :data:`SPAN_METRICS` (plus ``n``)."""
    flat: dict[str, float] = {"n": result["n"]}
    for role in SPAN_ROLES:
        for kind in ("exact", "token"):
            flat[f"{role}_f1_{kind}"] = result[role][kind]["f1"]
    flat["source_type_accuracy"] = result["source_type"]["accuracy"]
    flat["cue_type_accuracy"] = result["cue_type"]["accuracy"]
    flat["found"] = result["found"]
    return flat


def evaluate_spans(path: str | Path, split: str | None = None) -> dict[str, float]:
    """The rules' attribution spans on a gold file, as :func:`flat_span_metrics`."""
    gold = load_span_gold(path, split)
    return flat_span_metrics(score_spans(gold, {g["id"]: predict_spans(g["text"]) for g in gold}))


@dataclass
class Check:
    """One metric of one marker against its bound."""

    marker: str
    metric: str
    value: float
    bound: float | None = None
    kind: str = "min"

    @property
    def passed(self) -> bool:
        if self.bound is None:
            return True
        if np.isnan(self.value):
            return False
        return self.value >= self.bound if self.kind == "min" else self.value <= self.bound


@dataclass
class EvalReport:
    """Metrics per marker, and pass/fail per bound of the suite."""

    name: str
    data: str
    model: str
    metrics: dict[str, dict[str, float]]
    checks: list[Check] = field(default_factory=list)
    spans: dict[str, float] | None = None
    """Attribution span figures (:data:`SPAN_METRICS`, ``n``) when the suite has ``[attribution_spans]``;
    their checks carry the marker name ``attribution_spans``."""
    spans_data: str = ""
    segmentation: dict[str, float] | None = None
    """Page-reading figures (:data:`SEGMENTATION_METRICS`) when the suite has ``[segmentation]``; their checks
    carry the marker name ``segmentation``. The real-page figures are absent when their folder is."""
    segmentation_notes: list[str] = field(default_factory=list)
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per ``[[parts]]`` table of the suite: its data and metrics per marker; checks carry ``"<part>: <marker>"``."""
    consistency: dict[str, dict[str, Any]] | None = None
    """Per marker ``groups``, ``agreement``, ``expected``, ``disagreeing`` when the suite has ``[consistency]``;
    their checks carry the metric names ``consistency_agreement`` / ``consistency_expected``."""
    consistency_data: str = ""

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def span_rows(self) -> list[tuple[str, float, Check | None]]:
        """The attribution span figures in a fixed order (:data:`SPAN_METRICS`): name, value, and its check
        (None when the suite sets no minimum for it); empty when the suite measures no spans."""
        if self.spans is None:
            return []
        bounds = {c.metric: c for c in self.checks if c.marker == SPANS_TABLE}
        return [(metric, self.spans[metric], bounds.get(metric)) for metric in SPAN_METRICS]

    def segmentation_rows(self) -> list[tuple[str, float, Check | None]]:
        """The page-reading figures that were measured, in a fixed order: name, value, and its check (None
        without a minimum); empty when the suite has no ``[segmentation]`` table."""
        if self.segmentation is None:
            return []
        bounds = {c.metric: c for c in self.checks if c.marker == SEGMENTATION_TABLE}
        return [(m, self.segmentation[m], bounds.get(m)) for m in SEGMENTATION_METRICS if m in self.segmentation]

    def consistency_rows(self) -> list[tuple[str, int, list[tuple[str, float, Check | None]]]]:
        """Per marker of the ``[consistency]`` table: name, number of groups, and ``agreement`` / ``expected``
        with their checks (None when the suite sets no minimum); empty when the suite has no such table."""
        if self.consistency is None:
            return []
        bounds = {(c.marker, c.metric): c for c in self.checks if c.metric.startswith("consistency_")}
        return [(m, int(r["groups"]), [(metric, float(r[metric]), bounds.get((m, f"consistency_{metric}")))
                                       for metric in ("agreement", "expected")])
                for m, r in self.consistency.items()]

    def save(self, path: str | Path) -> Path:
        """Write the report as JSON, atomically (see :func:`write_report_json`)."""
        return write_report_json(self, path)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "data": self.data, "model": self.model, "passed": self.passed,
                "metrics": self.metrics,
                "attribution_spans": {"data": self.spans_data, **self.spans} if self.spans is not None else None,
                **({"parts": self.parts} if self.parts else {}),
                **({"segmentation": {**self.segmentation, "notes": self.segmentation_notes}}
                   if self.segmentation is not None else {}),
                "consistency": ({"data": self.consistency_data, "markers": self.consistency}
                                if self.consistency is not None else None),
                "checks": [{"marker": c.marker, "metric": c.metric, "value": c.value, "bound": c.bound,
                            "kind": c.kind, "passed": c.passed} for c in self.checks]}


@dataclass
class Suite:
    """A regression suite: labelled data, markers, bounds per metric (see ``samples/suite.toml``)."""

    name: str
    data: Path
    split: str | None
    markers: list[str]
    markers_file: Path | None = None
    model: str | None = None
    minimums: dict[str, dict[str, float]] = field(default_factory=dict)
    maximums: dict[str, dict[str, float]] = field(default_factory=dict)
    spans: SpanSuite | None = None
    parts: list["SuitePart"] = field(default_factory=list)
    """Further labelled parts (``[[parts]]`` tables), each measured and bounded on its own."""
    segmentation: SegmentationSuite | None = None
    consistency: ConsistencySuite | None = None

    def files(self) -> list[Path]:
        """The files the suite reads: labelled data, its markers file, span and page gold data, consistency
        groups, parts (those it names)."""
        return [p for p in (self.data, self.markers_file, self.spans.data if self.spans else None,
                            self.segmentation.data if self.segmentation else None,
                            self.consistency.data if self.consistency else None,
                            *(part.data for part in self.parts)) if p is not None]


@dataclass
class SuitePart:
    """A suite's further labelled part (a ``[[parts]]`` table): name, data, split and its own bounds."""

    name: str
    data: Path
    split: str | None = None
    minimums: dict[str, dict[str, float]] = field(default_factory=dict)
    maximums: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class SpanSuite:
    """A suite's ``[attribution_spans]`` table: gold span file, optional split, ``min_<metric>`` bounds."""

    data: Path
    split: str | None = None
    minimums: dict[str, float] = field(default_factory=dict)


SPANS_TABLE = "attribution_spans"
SEGMENTATION_TABLE = "segmentation"
SEGMENTATION_METRICS = (*PAGE_METRICS, *HTML_METRICS)


@dataclass
class SegmentationSuite:
    """A suite's ``[segmentation]`` table: gold-labelled fixture pages (``data``), an optional folder of real
    HTML pages with their article body (``pages``; skipped when absent), and ``min_<metric>`` bounds."""

    data: Path
    pages: Path | None = None
    minimums: dict[str, float] = field(default_factory=dict)


def _table_minimums(where: str, table: dict[str, Any], keys: tuple[str, str],
                    metrics: Sequence[str]) -> dict[str, float]:
    """The ``min_<metric> = number`` entries of a suite table beside its two other ``keys``; anything else is an
    error that says what the table takes."""
    minimums: dict[str, float] = {}
    for key, value in table.items():
        if key in keys:
            continue
        metric = key[len("min_"):] if key.startswith("min_") else ""
        if metric not in metrics:
            raise InputError(f"{where}: unknown key {key!r}; use {keys[0]}, {keys[1]} or min_<metric> with a metric of "
                             f"{', '.join(metrics)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"{where}: {key} must be a number, got {value!r}")
        minimums[metric] = float(value)
    return minimums


def _load_segmentation_suite(p: Path, table: Any) -> SegmentationSuite:
    where = f"{p}: [{SEGMENTATION_TABLE}]"
    if not isinstance(table, dict) or "data" not in table:
        raise InputError(f'{where} needs at least data = "pages/gold.jsonl"')
    minimums = _table_minimums(where, table, ("data", "pages"), SEGMENTATION_METRICS)
    pages = (p.parent / str(table["pages"])).resolve() if table.get("pages") else None
    return SegmentationSuite((p.parent / str(table["data"])).resolve(), pages, minimums)


def evaluate_segmentation(s: SegmentationSuite) -> tuple[dict[str, float], list[str]]:
    """Page-reading figures for a ``[segmentation]`` table, and notes (real pages skipped when absent)."""
    if not s.data.exists():
        raise InputError(f"segmentation gold file not found: {s.data}")
    figures = {k: v for k, v in evaluate_pages(s.data).items() if k in PAGE_METRICS}
    notes = []
    if s.pages is None:
        pass
    elif (s.pages / "ground-truth.json").exists():
        figures.update({k: v for k, v in evaluate_html_pages(s.pages).items() if k in HTML_METRICS})
    else:
        notes.append(f"real pages not found at {s.pages}: their checks were skipped")
    return figures, notes


def _load_span_suite(p: Path, table: Any) -> SpanSuite:
    where = f"{p}: [{SPANS_TABLE}]"
    if not isinstance(table, dict) or "data" not in table:
        raise InputError(f'{where} needs at least data = "attribution_spans.jsonl"')
    minimums = _table_minimums(where, table, ("data", "split"), SPAN_METRICS)
    split = table.get("split")
    return SpanSuite((p.parent / str(table["data"])).resolve(), str(split) if split is not None else None, minimums)


def load_suite(path: str | Path) -> Suite:
    """Read a suite TOML file; relative paths are relative to the suite file."""
    p = Path(path)
    data = read_toml(p, "suite file")
    suite = data.get("suite")
    if not isinstance(suite, dict) or "data" not in suite:
        raise InputError(f"{p}: needs a [suite] table with at least data = \"labelled.jsonl\"")
    if not isinstance(suite["data"], str) or not suite["data"].strip():
        raise InputError(f"{p}: data must be the path of the labelled file, as a string, got {suite['data']!r}")
    minimums = data.get("minimums", {})
    maximums = data.get("maximums", {})
    _check_bounds(p, minimums, maximums)
    markers = suite.get("markers", sorted(set(minimums) | set(maximums)))
    if not isinstance(markers, list) or not all(isinstance(m, str) for m in markers):
        raise InputError(f"{p}: markers must be a list of marker names, got {markers!r}")
    if not markers and SPANS_TABLE not in data:
        raise InputError(f"{p}: the suite checks no marker; list them in markers = [...] and give bounds")
    base = p.parent
    parts = []
    for i, table in enumerate(data.get("parts", []) if isinstance(data.get("parts", []), list) else [None]):
        if not isinstance(table, dict) or not isinstance(table.get("data"), str):
            raise InputError(f'{p}: each [[parts]] table needs data = "labelled.jsonl" (and name, split, bounds)')
        _check_bounds(p, table.get("minimums", {}), table.get("maximums", {}))
        parts.append(SuitePart(str(table.get("name", f"part {i + 1}")), (base / table["data"]).resolve(),
                               table.get("split"), table.get("minimums", {}), table.get("maximums", {})))
    bounded = set(minimums) | set(maximums)
    for part in parts:
        bounded |= set(part.minimums) | set(part.maximums)
    unchecked = sorted(bounded - set(markers))
    if unchecked:
        raise InputError(f"{p}: bounds for {', '.join(unchecked)}, which is not in the suite's markers "
                         f"({', '.join(markers)}); add it to markers or remove its bounds")
    return Suite(name=str(suite.get("name", p.stem)), data=(base / suite["data"]).resolve(), split=suite.get("split"),
                 markers=list(markers), markers_file=(base / suite["markers_file"]).resolve() if suite.get("markers_file") else None,
                 model=suite.get("model"), minimums=minimums, maximums=maximums,
                 spans=_load_span_suite(p, data[SPANS_TABLE]) if SPANS_TABLE in data else None, parts=parts,
                 segmentation=(_load_segmentation_suite(p, data[SEGMENTATION_TABLE])
                               if SEGMENTATION_TABLE in data else None),
                 consistency=load_consistency_table(p, data["consistency"]) if "consistency" in data else None)


def _check_bounds(p: Path, minimums: Any, maximums: Any) -> None:
    for name, table in (("minimums", minimums), ("maximums", maximums)):
        if not isinstance(table, dict):
            raise InputError(f"{p}: {name} must be a table ([{name}.<marker>] with metric = value), got {table!r}")
        for marker, bounds in table.items():
            if not isinstance(bounds, dict):
                raise InputError(f"{p}: [minimums.{marker}] / [maximums.{marker}] must be tables of metric = value")
            for metric, bound in bounds.items():
                if metric not in METRICS:
                    raise InputError(f"{p}: unknown metric {metric!r} for {marker}; use one of {', '.join(METRICS)}")
                if isinstance(bound, bool) or not isinstance(bound, (int, float)) or bound != bound:
                    raise InputError(f"{p}: {name}.{marker}.{metric} must be a number, got {bound!r}")


def evaluate_scores(labels: Any, scores: Mapping[str, np.ndarray], markers: Mapping[str, Marker]) -> dict[str, dict[str, float]]:
    """Metrics per marker from labels (a DataFrame with one 0/1 column per marker) and scores."""
    return {m: binary_metrics(labels[m].astype(int).to_numpy(), scores[m], markers[m].threshold) for m in scores}


def evaluate(suite: str | Path | Suite, scorer: Any = None, *, model: str | None = None,
             markers_file: str | Path | None = None, backend: Backend = "torch") -> EvalReport:
    """Run a regression suite: score its labelled sentences, compute metrics, check the bounds.

    ``scorer`` (a :class:`framing.Scorer`) overrides the suite's model and markers; without one, the suite's
    model (or ``model``) is loaded with ``backend`` and its markers file (or ``markers_file``). A suite with an
    ``[attribution_spans]`` table also measures the attribution rules on its gold spans
    (``EvalReport.spans``) and checks them against that table's ``min_<metric>`` values; one with a
    ``[segmentation]`` table measures page reading on gold-labelled pages and, when its ``pages`` folder
    exists, HTML extraction on real pages (``EvalReport.segmentation``), checked the same way.
    ``[consistency]`` table measures decision agreement within its groups (``EvalReport.consistency``).
    """
    s = suite if isinstance(suite, Suite) else load_suite(suite)
    frame = load_labelled(s.data, s.split, s.markers)
    spans = evaluate_spans(s.spans.data, s.spans.split) if s.spans is not None else None  # fast: fail early
    segmentation, notes = evaluate_segmentation(s.segmentation) if s.segmentation is not None else (None, [])
    groups = load_groups(s.consistency.data) if s.consistency is not None else None
    if scorer is None:
        chosen = select_markers(load_markers(markers_file or s.markers_file), s.markers)
        scorer = Scorer(model or s.model, chosen, backend=backend)
    else:
        scorer = _restricted(scorer, s.markers)
    scores = scorer.score_texts(frame["text"].astype(str).tolist())
    metrics = evaluate_scores(frame, scores, scorer.markers)
    checks = _bound_checks(s.markers, metrics, s.minimums, s.maximums)
    parts: dict[str, dict[str, Any]] = {}
    for part in s.parts:
        labelled = load_labelled(part.data, part.split, s.markers)
        part_metrics = evaluate_scores(labelled, scorer.score_texts(labelled["text"].astype(str).tolist()),
                                       scorer.markers)
        parts[part.name] = {"data": part.data.name + (f" (split={part.split})" if part.split else ""),
                            "metrics": part_metrics}
        checks += _bound_checks(s.markers, part_metrics, part.minimums, part.maximums, prefix=f"{part.name}: ")
    spans_data = ""
    if s.spans is not None and spans is not None:
        for metric, bound in s.spans.minimums.items():
            checks.append(Check(SPANS_TABLE, metric, spans[metric], bound, "min"))
        spans_data = s.spans.data.name + (f" (split={s.spans.split})" if s.spans.split else "")
    if s.segmentation is not None and segmentation is not None:
        for metric, bound in s.segmentation.minimums.items():
            if metric in segmentation:  # real-page figures are absent when their folder is
                checks.append(Check(SEGMENTATION_TABLE, metric, segmentation[metric], bound, "min"))
    consistency = None
    if s.consistency is not None and groups is not None:
        def decide(texts: list[str]) -> dict[str, np.ndarray]:
            return {m: v >= scorer.markers[m].threshold for m, v in scorer.score_texts(texts).items()}

        consistency = measure_consistency(groups, decide, s.markers)
        for metric, bounds in s.consistency.minimums.items():
            for m, bound in bounds.items():
                if m not in consistency:
                    raise InputError(f"[consistency] min_{metric}.{m}: no group of {s.consistency.data.name} tests "
                                     f"marker {m!r} among the suite's markers {s.markers}")
                checks.append(Check(m, f"consistency_{metric}", consistency[m][metric], bound, "min"))
    data_name = f"{s.data.name}" + (f" (split={s.split})" if s.split else "")
    return EvalReport(s.name, data_name, scorer.nli.name, metrics, checks, spans, spans_data, segmentation, notes,
                      parts, consistency=consistency,
                      consistency_data=s.consistency.data.name if s.consistency is not None else "")


def _bound_checks(markers: Sequence[str], metrics: Mapping[str, Mapping[str, float]], minimums: Mapping[str, Any],
                  maximums: Mapping[str, Any], prefix: str = "") -> list[Check]:
    checks = []
    for m in markers:
        for metric, bound in minimums.get(m, {}).items():
            checks.append(Check(prefix + m, metric, metrics[m][metric], float(bound), "min"))
        for metric, bound in maximums.get(m, {}).items():
            checks.append(Check(prefix + m, metric, metrics[m][metric], float(bound), "max"))
    return checks


def _restricted(scorer: Any, names: Sequence[str]) -> Any:
    from copy import copy

    narrowed = copy(scorer)
    narrowed.markers = select_markers(scorer.markers, names)
    return narrowed


LEXICON_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
"""The blend weights :func:`calibrate` tries with ``lexicon_search=True``."""


def calibrate(labelled: str | Path, scorer: Any, *, split: str | None = "calibration",
              method: CalibrationMethod = "none", markers: Sequence[str] | None = None,
              lexicon_weights: Sequence[float] | None = None,
              lexicon_search: bool = False) -> tuple[dict[str, Marker], dict[str, dict[str, float]]]:
    """Fit each marker to labelled sentences: optional Platt/isotonic scaling of the NLI score, optional
    lexicon, then the F1-maximising threshold.

    The lexicon (``lexicon_weights`` given): with ``method="platt"`` the cue hit is a second feature of the
    logistic fit, so scores stay calibrated probabilities; with ``"none"`` or ``"isotonic"`` it is blended in
    with the best of ``lexicon_weights`` by F1. ``lexicon_search=True`` without ``lexicon_weights`` means
    :data:`LEXICON_WEIGHTS`.

    Returns the calibrated markers and, per marker, the F1 before and after and the chosen settings.
    """
    if method not in ("none", "platt", "isotonic"):
        raise InputError(f"calibration method must be none, platt or isotonic, got {method!r}")
    if lexicon_search and lexicon_weights is None:
        lexicon_weights = list(LEXICON_WEIGHTS)
    names = list(markers or scorer.markers)
    frame = load_labelled(labelled, split, names)
    where = f"split {split!r}" if split else "all rows"
    for m in names:
        positives = int(frame[m].astype(int).sum())
        if positives in (0, len(frame)):
            kind = "positive (1)" if positives == 0 else "negative (0)"
            raise InputError(f"{labelled}: marker {m!r} has no {kind} labels in {where} ({len(frame)} rows); "
                             "a threshold needs both; add labelled sentences of both kinds")
    texts = frame["text"].astype(str).tolist()
    narrowed = _restricted(scorer, names)
    structure = structure_hits(texts) if any(uses_structure(scorer.markers[m]) for m in names) else None
    matrix = narrowed._score_matrix(texts, progress=False, structure=structure)
    out: dict[str, Marker] = {}
    summary: dict[str, dict[str, float]] = {}
    for m in names:
        current = scorer.markers[m]
        y = frame[m].astype(int).to_numpy()
        before = binary_metrics(y, matrix[m][0], current.threshold)["f1"]
        per_template = matrix[m][1]
        plain = replace(current, calibration=None, lexicon_weight=0.0)
        raw = combine_scores(plain, per_template, np.zeros(len(texts)))
        hits = lexicon_hits(current, texts)
        cue_feature = method == "platt" and lexicon_weights is not None and hits.any() and not hits.all()
        cal = None
        with_structure = uses_structure(current) and structure is not None
        if method == "platt":
            cal = fit_platt(y, raw, hits if cue_feature else None, structure=structure if with_structure else None)
        elif method == "isotonic":
            cal = fit_isotonic(y, raw)
        calibrated = calibrate_score(replace(plain, calibration=cal), raw, hits, structure)
        best: tuple[float, float, float] = (-1.0, 0.5, 0.0)  # f1, threshold, weight
        for w in [0.0] if cue_feature else lexicon_weights or [current.lexicon_weight]:
            scores = (1 - w) * calibrated + w * hits
            threshold, f1 = best_threshold(y, scores)
            if f1 > best[0] + 1e-9:
                best = (f1, threshold, float(w))
        f1, threshold, weight = best
        out[m] = replace(plain, calibration=cal, threshold=round(threshold, 6), lexicon_weight=weight)
        summary[m] = {"f1_before": before, "f1_after": f1, "threshold": threshold, "lexicon_weight": weight,
                      "cue_coefficient": (cal or {}).get("cue")}
    return out, summary


def write_report_json(report: EvalReport, path: str | Path) -> Path:
    """Write an evaluation report as JSON, atomically."""
    return atomic_write_text(Path(path), json.dumps(report.to_dict(), indent=2) + "\n")
