"""Result tables: the rows ``framing score`` writes (JSONL, CSV, Parquet), read back as a :class:`ScoredCorpus`
together with the run metadata recorded beside them (``<scores>.meta.json``)."""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from ._errors import InputError
from ._files import atomic_write, atomic_write_text, first_line as _first_line, one_line, sha256_file
from ._io import TABLE_SUFFIXES, ReadReport, _clean_value, _iter_jsonl
from ._markers import Marker, check_marker_names
from ._types import Dropped, SentenceResult

META_SUFFIX = ".meta.json"
META_FORMAT = "framing-run/1"


@dataclass
class ScoredCorpus:
    """What :meth:`Scorer.score` and :func:`load_scores` return: one result per kept sentence, what segmentation
    dropped, and (read back from a scores file) ``meta``: the run that made it, from the file beside it
    (:func:`read_run_meta`; empty when there is none or it does not describe this file)."""

    results: list[SentenceResult]
    dropped: list[Dropped] = field(default_factory=list)
    model: str = ""
    markers: dict[str, Marker] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[SentenceResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, i: int) -> SentenceResult:
        return self.results[i]

    def to_rows(self) -> list[dict[str, Any]]:
        """Flat rows, as ``framing score`` writes them."""
        return [r.to_row() for r in self.results]

    def to_pandas(self) -> Any:
        """One row per sentence: ids, text, ``<marker>_score``, ``<marker>`` decision, ``<marker>_evidence``."""
        import pandas as pd

        return pd.DataFrame(self.to_rows())

    def select(self, names: Sequence[str]) -> ScoredCorpus:
        """The same corpus with only the named markers (in that order); an unknown name is a MarkerError."""
        if not names:
            return self
        results = []
        for r in self.results:
            check_marker_names(names, r.scores, "this scores file has")
            results.append(replace(r, scores={n: r.scores[n] for n in names},
                                   decisions={n: r.decisions[n] for n in names},
                                   evidence={n: r.evidence.get(n, []) for n in names}))
        markers = {n: self.markers[n] for n in names if n in self.markers}
        return ScoredCorpus(results, self.dropped, self.model, markers, self.meta)

    def dropped_summary(self) -> dict[str, int]:
        """How many pieces segmentation dropped, by reason."""
        return dict(Counter(d.reason for d in self.dropped).most_common())


def output_format(path: str | os.PathLike[str]) -> str:
    """The table format named by a path's extension (jsonl, csv or parquet)."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"{path}: unknown output format {suffix!r}; name the file .jsonl, .csv or .parquet")
    return suffix[1:]


def write_table(rows: list[dict[str, Any]], path: str | os.PathLike[str]) -> Path:
    """Write row dicts as JSONL, CSV or Parquet (by extension), atomically.

    Nested values (evidence span lists, dicts) stay nested in JSONL and become JSON strings in CSV/Parquet.
    """
    fmt = output_format(path)
    if fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
        return atomic_write_text(Path(path), body)
    import pandas as pd

    flat = [{k: json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else v for k, v in r.items()}
            for r in rows]
    frame = pd.DataFrame(flat)
    if fmt == "csv":
        return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False))
    return atomic_write(path, lambda tmp: _to_parquet(frame, tmp))


def _to_parquet(frame: Any, path: str) -> None:
    """``frame.to_parquet``; columns whose values Arrow cannot type (mixed int/str, huge ints) become strings."""
    import pyarrow as pa

    try:
        frame.to_parquet(path, index=False)
        return
    except (pa.ArrowException, OverflowError, ValueError, TypeError):
        pass
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = [None if _clean_value(v) is None else str(v) for v in frame[col]]
    frame.to_parquet(path, index=False)


def read_table(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read rows written by :func:`write_table` (JSON strings in CSV/Parquet cells are decoded back)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"file not found: {p}")
    if p.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"{p}: unknown input format {p.suffix!r}; pass a .jsonl, .csv or .parquet file")
    fmt = output_format(p)
    if fmt == "jsonl":
        try:
            return list(_iter_jsonl(p, "fail", ReadReport()))
        except InputError as exc:  # a results table has no skip option: say how to get a whole file again
            message = str(exc).split("; fix the line")[0]
            raise InputError(f"{message}; the file is damaged or cut short: write it again") from None
    import pandas as pd

    try:
        frame = pd.read_csv(p) if fmt == "csv" else pd.read_parquet(p)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad input file
        raise InputError(f"{p}: could not read it ({_first_line(exc)})") from None
    rows = frame.to_dict("records")
    for r in rows:
        for k, v in r.items():
            if isinstance(v, str) and v[:1] in "[{":
                try:
                    r[k] = json.loads(v)
                except (ValueError, RecursionError):
                    pass
            else:
                r[k] = _clean_value(v)
    return rows


def read_results(path: str | os.PathLike[str], rows: list[dict[str, Any]] | None = None,
                 markers: Sequence[str] | None = None) -> list[SentenceResult]:
    """The :class:`SentenceResult` rows of a scores file (``framing score``); pass ``rows`` when already read,
    and ``markers`` when the run's metadata names them (else they are found from the columns).

    A row that is not a scores row is an :class:`InputError` that names the row."""
    rows = read_table(path) if rows is None else rows
    results = []
    for n, r in enumerate(rows, 1):
        try:
            results.append(SentenceResult.from_row(r, markers))
        except KeyError as exc:
            raise InputError(f"{path}: not a scores file (row {n} has no column {exc}); make one with `framing score`") from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}: row {n} is not a valid scores row ({one_line(exc)[:100]}); "
                             "make the file again with `framing score`") from None
    return results


def is_scores_file(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a table written by ``framing score`` (sentence_index and <marker>_score columns)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix not in (".jsonl", ".csv", ".parquet"):
        return False
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            names = pq.ParquetFile(path).schema_arrow.names
        else:
            with open(path, encoding="utf-8", errors="replace") as fh:
                first = fh.readline()
            names = next(csv.reader([first])) if suffix == ".csv" else list(json.loads(first))
    except Exception:  # noqa: BLE001 - unreadable: treat as raw input, whose reader reports the problem
        return False
    return "sentence_index" in names and any(n.endswith("_score") for n in names)


def meta_path(output: str | Path) -> Path:
    """Where the run metadata of a scores file lives: ``<output>.meta.json`` beside it."""
    output = Path(output)
    return output.with_name(output.name + META_SUFFIX)


def read_run_meta(scores: str | Path) -> dict[str, Any]:
    """Page metadata from the ``<scores>.meta.json`` that ``framing score`` writes beside a scores file.

    Empty when there is none. When it cannot be read, or records another output than this file (the scores
    file was changed or replaced after scoring), it is ignored and the page says so: the page never shows a
    model or thresholds that did not make these scores.
    """
    scores = Path(scores)
    side = meta_path(scores)
    if not side.is_file():
        return {}
    try:
        run = json.loads(side.read_text(encoding="utf-8"))
        if not isinstance(run, dict) or run.get("format") != META_FORMAT:
            raise ValueError(f"not {META_FORMAT} metadata")
        recorded = run["output"]
        size, digest = int(recorded["bytes"]), str(recorded["sha256"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"run_note": f"{side.name} beside the scores file is unreadable ({str(exc)[:80]}); it is ignored"}
    if size != scores.stat().st_size or digest != sha256_file(scores):
        return {"run_note": f"{side.name} records another version of {scores.name} (the file was changed after "
                            "scoring); it is ignored"}
    out: dict[str, Any] = {"run_meta": str(side), "run": run}
    if isinstance(run.get("model"), Mapping):
        out["model"] = run["model"]
    if isinstance(run.get("markers"), Mapping):
        out["markers"] = run["markers"]
        out["markers_from"] = f"recorded at scoring ({side.name})"
    if isinstance(run.get("dropped"), Mapping):
        out["dropped"] = run["dropped"]
    return out


def load_scores(path: str | os.PathLike[str]) -> ScoredCorpus:
    """Read a scores file written by ``framing score`` (or :func:`framing.score_file`) as a :class:`ScoredCorpus`,
    with the run's metadata (model, markers, dropped boilerplate) in ``meta`` when the file beside it records
    this very file (see :func:`read_run_meta`)."""
    return scores_from_rows(path, read_table(path))


def scores_from_rows(path: str | os.PathLike[str], rows: list[dict[str, Any]]) -> ScoredCorpus:
    """:func:`load_scores` for rows already read from ``path`` (by :func:`read_table`)."""
    meta = read_run_meta(path)
    recorded = meta.get("markers")  # the run's own markers: input columns such as x / x_score are not markers
    return ScoredCorpus(read_results(path, rows, list(recorded) if isinstance(recorded, Mapping) else None), meta=meta)
