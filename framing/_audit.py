"""A small human audit of the model's decisions: the sample to label and its CSV.

``sample_audit`` draws sentences to label per outlet and marker, stratified by the model's decision (half
the draws from sentences decided positive, where a rare marker would otherwise get none), in random order,
with each stratum's inverse sampling fraction recorded as ``weight``. ``write_audit`` / ``read_audit`` keep
it as a CSV a person fills in (``label`` 0 or 1, blank for not yet labelled), checked against the scores.

The labels become audited rates in ``framing._intervals`` (``audit_stat``: PPI++ in its design-based form),
which ``profile_outlets(..., audit=...)`` calls; the rows themselves (``AuditRow``, ``AuditTable``) are
types that travel (``framing._types``).
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ._errors import InputError
from ._markers import check_marker_names
from ._files import atomic_write_text
from ._types import AuditRow, AuditTable, Label, SentenceResult

COLUMNS = ("id", "sentence_index", "outlet", "marker", "decision", "score", "weight", "text", "label")


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
    names = check_marker_names(markers, rows_in[0].scores, "the scores have")
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


