"""Scoring beyond one process: Hugging Face ``datasets`` and Ray Data.

Both take rows that are already **sentences** (no segmentation) and add, for every marker,
``<marker>_score`` (float) and ``<marker>`` (bool decision at the marker's threshold) columns,
the same values as :meth:`framing.Scorer.score_texts` and ``framing score --no-segment``.
Segment articles first with :func:`framing.segment` (or ``Scorer.segment``) if your rows are articles.

``datasets``::

    from framing.distributed import score_batch
    ds = ds.map(score_batch, batched=True, batch_size=256)                       # default model, built-in markers
    ds = ds.map(score_batch, batched=True, fn_kwargs={"model": "path/to/model", "backend": "onnx"})
    ds = ds.map(score_batch, batched=True, num_proc=4)                           # one model per process

Ray Data (``pip install 'framing[ray]'``)::

    import ray
    from framing.distributed import RayScorer
    ds = ray.data.read_parquet("s3://bucket/sentences/")
    out = ds.map_batches(RayScorer, fn_constructor_kwargs={"model": "/models/framing-nli-minilm", "backend": "onnx"},
                         batch_size=512, concurrency=8, num_cpus=2, batch_format="pandas")
    out.write_parquet("s3://bucket/scores/")

See ``docs/scaling.md`` for running on a cluster.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np

from ._errors import InputError
from ._markers import Marker
from ._scorer import Scorer
from ._types import Backend, ScoreMode

__all__ = ["RayScorer", "get_scorer", "score_batch", "score_columns"]

_CACHE: dict[Any, Scorer] = {}
_LOCK = threading.Lock()


def _markers_key(markers: Any) -> Any:
    if markers is None or isinstance(markers, (str, Path)):
        return str(markers)
    if isinstance(markers, Mapping):
        return tuple(sorted((k, repr(v)) for k, v in markers.items()))
    return tuple(repr(m) for m in markers)


def get_scorer(model: str | Path | None = None, markers: Any = None, *, backend: Backend = "torch",
               batch_size: int = 32, threads: int | None = None, score_mode: ScoreMode = "entailment",
               device: str = "cpu") -> Scorer:
    """A :class:`framing.Scorer` built once per process for these settings (then reused from a cache).

    ``datasets.map(num_proc=N)`` forks N processes: each loads its own model on its first batch.
    """
    key = (str(model), _markers_key(markers), backend, batch_size, threads, score_mode, device)
    with _LOCK:
        scorer = _CACHE.get(key)
        if scorer is None:
            scorer = Scorer(model, markers, backend=backend, batch_size=batch_size, threads=threads,
                            score_mode=score_mode, device=device)
            _CACHE[key] = scorer
        return scorer


def score_columns(texts: Iterable[Any], scorer: Scorer) -> dict[str, list[Any]]:
    """``{"<marker>_score": [...], "<marker>": [...]}`` for a sequence of sentences (None/NaN give NaN, False)."""
    texts = list(texts)
    valid = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
    scores = scorer.score_texts([texts[i] for i in valid]) if valid else {m: np.zeros(0) for m in scorer.markers}
    out: dict[str, list[Any]] = {}
    for name, marker in scorer.markers.items():
        column = np.full(len(texts), np.nan, dtype=np.float64)
        column[valid] = scores[name]
        out[f"{name}_score"] = column.tolist()
        out[name] = [bool(not math.isnan(s) and s >= marker.threshold) for s in column]
    return out


def score_batch(batch: dict[str, list[Any]], scorer: Scorer | None = None, *, text_column: str = "text",
                model: str | Path | None = None, markers: Mapping[str, Marker] | Iterable[Any] | str | Path | None = None,
                backend: Backend = "torch", batch_size: int = 32, threads: int | None = None,
                device: str = "cpu") -> dict[str, list[Any]]:
    """Score one batch of ``datasets.Dataset.map(batched=True)``: the batch plus marker columns.

    ``scorer``: a loaded :class:`framing.Scorer`; otherwise one is built from ``model`` / ``markers`` /
    ``backend`` once per process (:func:`get_scorer`). ``text_column`` holds the sentences.
    """
    if text_column not in batch:
        raise InputError(f"no text column {text_column!r} in the batch; columns are {list(batch)}. "
                         "Pass fn_kwargs={'text_column': NAME}")
    scorer = scorer or get_scorer(model, markers, backend=backend, batch_size=batch_size, threads=threads,
                                  device=device)
    out = dict(batch)
    out.update(score_columns(batch[text_column], scorer))
    return out


class RayScorer:
    """A callable class for Ray Data ``map_batches``: loads the model once per actor, scores each batch.

    ``__call__`` takes a pandas DataFrame (``batch_format="pandas"``) or a dict of numpy arrays
    (``batch_format="numpy"``, Ray's default) and returns the same type with the marker columns added.
    """

    def __init__(self, model: str | Path | None = None, markers: Any = None, *, backend: Backend = "torch",
                 text_column: str = "text", batch_size: int = 32, threads: int | None = None,
                 score_mode: ScoreMode = "entailment", device: str = "cpu") -> None:
        self.text_column = text_column
        self.scorer = Scorer(model, markers, backend=backend, batch_size=batch_size, threads=threads,
                             score_mode=score_mode, device=device)

    def __call__(self, batch: Any) -> Any:
        if hasattr(batch, "columns") and hasattr(batch, "assign"):  # pandas DataFrame
            if self.text_column not in batch.columns:
                raise KeyError(f"no text column {self.text_column!r}; columns are {list(batch.columns)}")
            cols = score_columns(batch[self.text_column].tolist(), self.scorer)
            return batch.assign(**{k: np.asarray(v) for k, v in cols.items()})
        if self.text_column not in batch:
            raise KeyError(f"no text column {self.text_column!r}; columns are {list(batch)}")
        cols = score_columns([_as_str(t) for t in batch[self.text_column]], self.scorer)
        out = dict(batch)
        for k, v in cols.items():
            out[k] = np.asarray(v, dtype=np.float64 if k.endswith("_score") else bool)
        return out


def _as_str(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.str_):
        return str(value)
    return value
