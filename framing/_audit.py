"""A small human audit of the model's decisions, and outlet rates corrected by it.

``sample_audit`` draws sentences to label per outlet and marker, stratified by the model's decision (half
the draws from sentences decided positive, where a rare marker would otherwise get none), in random order,
with each stratum's inverse sampling fraction recorded as ``weight``. ``write_audit`` / ``read_audit`` keep
it as a CSV a person fills in (``label`` 0 or 1, blank for not yet labelled).

``audit_stat`` turns the labels into an audited rate for one outlet and marker: the prediction-powered
estimate with power tuning (PPI++; Angelopoulos, Duchi & Zrnic 2023) with the model's score as the
prediction, in its design-based form for a stratified sample from a finite set of sentences:

    rate(lam) = lam * mean over all sentences of score + sum_h W_h * mean over labelled in h of (label - lam * score)
    var(lam)  = sum_h W_h^2 (1 - n_h / N_h) s_h^2(label - lam * score) / n_h

with ``W_h = N_h / N`` the share of the outlet's sentences in decision stratum ``h`` and ``lam`` in [0, 1]
chosen to minimise the variance (``lam = 0``: the labels alone; ``lam = 1``: plain PPI). The estimand is the
share of the outlet's scored sentences a person would label positive. ``ppi_mean`` with ``finite=False`` is
the textbook (i.i.d., separate unlabelled set) form, which agrees with ``ppi_py.ppi_mean_ci``.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Literal, Sequence

import numpy as np

from ._errors import InputError
from ._files import atomic_write_text
from ._intervals import Interval
from ._types import SentenceResult

Z95 = 1.959963984540054
COLUMNS = ("id", "sentence_index", "outlet", "marker", "decision", "score", "weight", "text", "label")
Label = Literal[0, 1]


@dataclass(frozen=True)
class AuditRow:
    """One sentence to label for one marker; ``label`` is None until a person decides."""

    doc_id: str
    index: int
    outlet: str
    marker: str
    decision: bool
    score: float
    weight: float
    text: str
    label: Label | None = None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.doc_id, self.index, self.marker)


@dataclass(frozen=True)
class AuditTable:
    """Rows to label (or labelled), in the order a person should label them."""

    rows: tuple[AuditRow, ...]

    @property
    def labelled(self) -> tuple[AuditRow, ...]:
        return tuple(r for r in self.rows if r.label is not None)

    def with_label(self, i: int, label: Label | None) -> AuditTable:
        rows = list(self.rows)
        rows[i] = replace(rows[i], label=label)
        return AuditTable(tuple(rows))


def sample_audit(results: Iterable[SentenceResult], n: int = 50, *, seed: int = 0,
                 markers: Sequence[str] | None = None) -> AuditTable:
    """Draw ``n`` sentences per outlet and marker to label, stratified by the model's decision.

    Half of the ``n`` (rounded up) come from sentences decided positive and the rest from the others; a
    stratum with too few sentences gives all it has and the other stratum makes up the difference. The
    same ``results`` and ``seed`` give the same table whatever the input order. Rows are shuffled so that
    labelling any prefix of the table labels a random subset of every stratum.
    """
    if n < 1:
        raise InputError(f"the audit needs at least 1 sentence per outlet, got {n}")
    rows_in = sorted(results, key=lambda r: (r.outlet, r.doc_id, r.index))
    if not rows_in:
        raise InputError("no scored sentences to sample an audit from")
    names = list(markers) if markers else list(rows_in[0].scores)
    for m in names:
        if m not in rows_in[0].scores:
            raise InputError(f"unknown marker {m!r}; the scores have: {', '.join(rows_in[0].scores)}")
    rng = np.random.default_rng(seed)
    by_outlet: dict[str, list[SentenceResult]] = defaultdict(list)
    for r in rows_in:
        by_outlet[r.outlet].append(r)
    out: list[AuditRow] = []
    for outlet in sorted(by_outlet):
        for m in names:
            strata = {d: [r for r in by_outlet[outlet] if bool(r.decisions[m]) == d] for d in (True, False)}
            want_pos = min(len(strata[True]), (n + 1) // 2)
            want_neg = min(len(strata[False]), n - want_pos)
            want_pos = min(len(strata[True]), n - want_neg)
            for d, k in ((True, want_pos), (False, want_neg)):
                pool = strata[d]
                if not k:
                    continue
                for i in sorted(rng.choice(len(pool), size=k, replace=False)):
                    r = pool[int(i)]
                    out.append(AuditRow(r.doc_id, r.index, outlet, m, d, round(float(r.scores[m]), 6),
                                        round(len(pool) / k, 6), r.text))
    order = rng.permutation(len(out))
    return AuditTable(tuple(out[int(i)] for i in order))


def write_audit(table: AuditTable, path: str | Path) -> Path:
    """Write the audit table as CSV (atomically)."""

    return atomic_write_text(Path(path), audit_csv(table))


def audit_csv(table: AuditTable) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in table.rows:
        w.writerow([r.doc_id, r.index, r.outlet, r.marker, int(r.decision), f"{r.score:.6f}", r.weight, r.text,
                    "" if r.label is None else r.label])
    return buf.getvalue()


def _label(value: str, where: str) -> Label | None:
    v = value.strip()
    if v == "":
        return None
    if v in ("0", "1", "0.0", "1.0"):
        return 1 if v.startswith("1") else 0
    raise InputError(f"{where}: label must be 0, 1 or blank, got {value!r}")


def read_audit(path: str | Path, results: Iterable[SentenceResult] | None = None) -> AuditTable:
    """Read an audit CSV; with ``results``, check every row names a scored sentence and a scored marker.

    Raises :class:`InputError` (one line) for a missing file or column, a label other than 0/1/blank, an
    unknown sentence or marker, or a sentence listed twice for one marker.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"audit file not found: {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read the audit file ({exc.__class__.__name__})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "sentence_index", "marker", "label") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{p}: not an audit file, missing column(s) {', '.join(missing)}; make one by sampling an audit")
    known: dict[tuple[str, int], SentenceResult] | None = None
    if results is not None:
        known = {(r.doc_id, r.index): r for r in results}
        markers = set(next(iter(known.values())).scores) if known else set()
    rows: list[AuditRow] = []
    seen: set[tuple[str, int, str]] = set()
    for line, rec in enumerate(reader, start=2):
        where = f"{p}, line {line}"
        try:
            doc_id, index = str(rec["id"]), int(str(rec["sentence_index"]).strip())
        except (TypeError, ValueError):
            raise InputError(f"{where}: sentence_index must be a whole number, got {rec.get('sentence_index')!r}") from None
        marker = str(rec["marker"] or "").strip()
        label = _label(str(rec["label"] or ""), where)
        if known is not None:
            if marker not in markers:
                raise InputError(f"{where}: marker {marker!r} is not in the scores (they have: {', '.join(sorted(markers))})")
            r = known.get((doc_id, index))
            if r is None:
                raise InputError(f"{where}: sentence {doc_id!r} #{index} is not in the scores; was the audit sampled from them?")
            row = AuditRow(doc_id, index, r.outlet, marker, bool(r.decisions[marker]), round(float(r.scores[marker]), 6),
                           _float(rec.get("weight"), 1.0), r.text, label)
        else:
            row = AuditRow(doc_id, index, str(rec.get("outlet") or ""), marker, str(rec.get("decision", "0")).strip() in ("1", "True", "true"),
                           _float(rec.get("score"), float("nan")), _float(rec.get("weight"), 1.0), str(rec.get("text") or ""), label)
        if row.key in seen:
            raise InputError(f"{where}: sentence {doc_id!r} #{index} is listed twice for {marker!r}")
        seen.add(row.key)
        rows.append(row)
    return AuditTable(tuple(rows))


def _float(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


# --- estimators -------------------------------------------------------------------------------------------

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
