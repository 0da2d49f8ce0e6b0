"""framing.distributed: datasets.map(batched=True) and Ray Data map_batches give the Scorer's scores."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.distributed import RayScorer, score_batch

SENTENCES = ["The mayor said the bridge may reopen.", "The reckless regime caused chaos.", "Rain fell on Monday.",
             "Officials reportedly approved the plan.", "The council met.", "The minister said the water is safe."]


@pytest.fixture(scope="module")
def expected(tiny_model: Path) -> dict[str, np.ndarray]:
    import framing

    return framing.Scorer(tiny_model).score_texts(SENTENCES)


def _check(frame: pd.DataFrame, expected: dict[str, np.ndarray], thresholds: dict[str, float]) -> None:
    assert list(frame["text"]) == SENTENCES
    for m, scores in expected.items():
        np.testing.assert_allclose(frame[f"{m}_score"].to_numpy(dtype=float), scores, atol=1e-6)
        assert list(frame[m]) == [bool(s >= thresholds[m]) for s in scores]


def test_score_batch_with_datasets_map(tiny_model: Path, expected, tiny_scorer):
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"text": SENTENCES, "outlet": ["a", "b"] * 3})
    out = ds.map(score_batch, batched=True, batch_size=4, fn_kwargs={"model": str(tiny_model)},
                 load_from_cache_file=False)
    frame = out.to_pandas()
    assert list(frame["outlet"]) == ["a", "b"] * 3
    _check(frame, expected, {m: mk.threshold for m, mk in tiny_scorer.markers.items()})


def test_score_batch_takes_a_scorer_a_text_column_and_missing_text(tiny_scorer, expected):
    batch = {"body": SENTENCES + [None], "n": list(range(7))}
    out = score_batch(batch, tiny_scorer, text_column="body")
    assert out["n"] == list(range(7)) and out["body"] == batch["body"]
    np.testing.assert_allclose(out["hedging_score"][:6], expected["hedging"], atol=1e-6)
    assert np.isnan(out["hedging_score"][6]) and out["hedging"][6] is False
    from framing import InputError

    with pytest.raises(InputError, match="no text column 'text'"):
        score_batch(batch, tiny_scorer)


def test_ray_scorer_called_directly_on_pandas_and_numpy_batches(tiny_model: Path, expected, tiny_scorer):
    scorer = RayScorer(model=str(tiny_model))
    thresholds = {m: mk.threshold for m, mk in tiny_scorer.markers.items()}
    frame = scorer(pd.DataFrame({"text": SENTENCES, "id": range(6)}))
    assert list(frame["id"]) == list(range(6))
    _check(frame, expected, thresholds)
    arrays = scorer({"text": np.array(SENTENCES, dtype=object), "id": np.arange(6)})
    assert isinstance(arrays["hedging_score"], np.ndarray) and arrays["hedging"].dtype == bool
    _check(pd.DataFrame(arrays), expected, thresholds)


def test_ray_data_map_batches_on_a_local_instance(tiny_model: Path, expected, tiny_scorer):
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
        import ray.data  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - any import failure means: no usable ray here
        pytest.skip(f"ray[data] cannot be imported here ({type(exc).__name__}: {exc}); pip install 'framing[ray]'")
    try:
        ray.init(num_cpus=1, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False,
                 configure_logging=False)
    except Exception as exc:  # noqa: BLE001 - e.g. the raylet cannot start within Ray's 30 s on a loaded machine
        ray.shutdown()
        _end_ray_children()
        pytest.skip(f"a local Ray instance could not start here ({str(exc).splitlines()[0][:160]})")
    try:
        ds = ray.data.from_items([{"text": t, "id": i} for i, t in enumerate(SENTENCES)])
        out = ds.map_batches(RayScorer, fn_constructor_kwargs={"model": str(tiny_model)}, batch_size=4,
                             concurrency=1, num_cpus=1, batch_format="pandas")
        frame = out.to_pandas().sort_values("id").reset_index(drop=True)
    finally:
        ray.shutdown()
    _check(frame, expected, {m: mk.threshold for m, mk in tiny_scorer.markers.items()})


def _end_ray_children() -> None:
    """A failed ray.init leaves the processes it started (gcs_server, dashboard...): end those children of ours."""
    import signal

    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == me and b"ray" in cmdline:
            try:
                os.kill(int(stat.parent.name), signal.SIGKILL)
            except OSError:
                pass
