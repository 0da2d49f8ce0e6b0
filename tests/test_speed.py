"""The fast paths: one tokenisation pass, deduplicated length-sorted batches, and the ONNX Runtime backend."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import framing
from framing import ModelError, NLIModel
from framing._nli import default_threads

PREMISES = ["the cat sat on the mat .", "rain", "the river was wet after the rain , officials said .",
            "officials said the bridge may fail", "the mayor said the plan is a disastrous scandal , reportedly ."]
HYPOTHESES = ["it is wet .", "someone said this .", "this claim is uncertain ."]


def _pairs(repeat: int = 1) -> tuple[list[str], list[str]]:
    premises = [p for p in PREMISES for _ in HYPOTHESES] * repeat
    hypotheses = [h for _ in PREMISES for h in HYPOTHESES] * repeat
    return premises, hypotheses


def test_pairs_are_tokenised_once_deduplicated_and_batched_by_length(tiny_model: Path):
    nli = NLIModel.load(tiny_model, batch_size=4)
    calls, batches = [], []
    tokenizer, logits = nli.tokenizer, nli.logits

    class CountingTokenizer:
        def __call__(self, *args, **kwargs):
            calls.append(len(args[0]))
            return tokenizer(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(tokenizer, name)

    def recording_logits(batch):
        batches.append({k: v.copy() for k, v in batch.items()})
        return logits(batch)

    nli.tokenizer = CountingTokenizer()
    nli.logits = recording_logits  # type: ignore[method-assign]
    premises, hypotheses = _pairs(repeat=3)
    scores = nli.score_pairs(premises, hypotheses)
    distinct = len(PREMISES) * len(HYPOTHESES)
    assert calls == [distinct]  # one tokeniser call, each distinct pair once
    assert sum(len(b["input_ids"]) for b in batches) == distinct
    lengths = [b["attention_mask"].sum(1) for b in batches]
    assert all(len(b) <= 4 for b in lengths)
    flat = np.concatenate(lengths)
    assert np.all(np.diff(flat) >= 0)  # sorted by token length
    for b, n in zip(batches, lengths):
        assert b["input_ids"].shape[1] == n.max()  # each batch padded only to its own longest pair
        assert b["input_ids"].dtype == np.int64
    np.testing.assert_array_equal(scores.reshape(3, -1)[0], scores.reshape(3, -1)[2])
    nli.tokenizer, nli.logits = tokenizer, logits  # type: ignore[method-assign]
    single = NLIModel.load(tiny_model, batch_size=1)
    np.testing.assert_allclose(scores, [single.score_pairs([p], [h])[0] for p, h in zip(premises, hypotheses)],
                               atol=1e-5)


def test_last_layer_computed_for_cls_only_gives_the_same_scores(tiny_model: Path):
    premises, hypotheses = _pairs()
    pruned = NLIModel.load(tiny_model, batch_size=4)
    full = NLIModel.load(tiny_model, batch_size=4, prune=False)
    assert type(pruned.model.bert.encoder.layer[-1]).__name__ == "_ClsOnlyLastLayer"
    assert type(full.model.bert.encoder.layer[-1]).__name__ == "BertLayer"
    np.testing.assert_allclose(pruned.score_pairs(premises, hypotheses), full.score_pairs(premises, hypotheses),
                               atol=1e-6)
    np.testing.assert_array_equal(pruned.predict_labels(premises, hypotheses), full.predict_labels(premises, hypotheses))


def test_thread_default_is_the_physical_cores_unless_the_user_chose(monkeypatch):
    from framing._nli import physical_cores

    monkeypatch.delenv("FRAMING_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert 1 <= default_threads() == physical_cores() <= (os.cpu_count() or 1)
    assert default_threads(3) == 3
    monkeypatch.setenv("FRAMING_THREADS", "5")
    assert default_threads() == 5
    monkeypatch.delenv("FRAMING_THREADS")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert default_threads() is None  # leave torch / onnxruntime to the user's OMP setting


def test_unknown_backend_is_a_clear_error(tiny_model: Path):
    with pytest.raises(ModelError, match="unknown backend 'tensorflow'"):
        framing.Scorer(tiny_model, backend="tensorflow")


def test_missing_onnxruntime_is_a_one_line_error(tiny_model: Path, small_corpus: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime -> ImportError
    with pytest.raises(ModelError, match=r"pip install 'framing\[onnx\]'"):
        framing.Scorer(tiny_model, backend="onnx")
    from framing.cli import app

    res = CliRunner().invoke(app, ["score", str(small_corpus), "-o", str(tmp_path / "s.jsonl"), "--model",
                                   str(tiny_model), "--backend", "onnx"])
    assert res.exit_code == 2 and "framing[onnx]" in res.output and "Traceback" not in res.output


@pytest.fixture(scope="module")
def onnx_model(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("onnxruntime", reason="the onnx extra is not installed (pip install 'framing[onnx]')")
    pytest.importorskip("onnx", reason="the onnx extra is not installed (pip install 'framing[onnx]')")
    folder = tmp_path_factory.mktemp("onnx") / "m"
    shutil.copytree(tiny_model, folder, ignore=shutil.ignore_patterns("onnx"))
    return folder


def test_onnx_fp32_matches_torch_and_int8_is_close(onnx_model: Path):
    from framing._onnx import ONNXModel

    premises, hypotheses = _pairs()
    messages: list[str] = []
    torch_scores = NLIModel.load(onnx_model, batch_size=4).score_pairs(premises, hypotheses)
    fp32 = ONNXModel.load(onnx_model, precision="fp32", batch_size=4, message=messages.append)
    assert any("building the ONNX fp32 model" in m for m in messages)
    assert (onnx_model / "onnx" / "model-fp32.onnx").exists()
    np.testing.assert_allclose(fp32.score_pairs(premises, hypotheses), torch_scores, atol=1e-5)
    int8 = ONNXModel.load(onnx_model, batch_size=4, message=messages.append)
    assert int8.backend == "onnx-int8" and (onnx_model / "onnx" / "model-int8.onnx").exists()
    int8_scores = int8.score_pairs(premises, hypotheses)
    assert np.abs(int8_scores - torch_scores).max() < 0.02
    labels = ["the cat sat on the mat .", "rain"], ["it is wet .", "the sun is dry ."]
    np.testing.assert_array_equal(fp32.predict_labels(*labels), NLIModel.load(onnx_model).predict_labels(*labels))
    two_way = ONNXModel.load(onnx_model, precision="fp32", score_mode="entail_vs_contra", message=None)
    np.testing.assert_allclose(two_way.score_pairs(premises, hypotheses),
                               NLIModel.load(onnx_model, score_mode="entail_vs_contra").score_pairs(premises, hypotheses),
                               atol=1e-5)


def test_onnx_graph_is_fused_without_skip_layer_norm_and_quantised_in_every_layer(onnx_model: Path):
    """Attention and GELU are fused; layer norms stay Add + LayerNormalization (onnxruntime's CPU
    SkipLayerNormalization kernel is several times slower); every weight MatMul runs in int8."""
    import onnx

    from framing._onnx import DISABLED_OPTIMIZERS, ONNXModel

    int8 = ONNXModel.load(onnx_model, message=None)
    graphs = {p: onnx.load(str(onnx_model / "onnx" / f"model-{p}.onnx")).graph for p in ("fp32", "int8")}
    ops = {p: [n.op_type for n in g.node] for p, g in graphs.items()}
    weights = {t.name for t in graphs["int8"].initializer}
    float_weight_matmuls = [n.name for n in graphs["int8"].node
                            if n.op_type in ("MatMul", "Gemm", "Attention") and set(n.input) & weights]
    assert "Attention" in ops["fp32"] and "LayerNormalization" in ops["fp32"]
    assert "SkipLayerNormalization" not in ops["fp32"] + ops["int8"]
    assert "QAttention" in ops["int8"] and "MatMulInteger" in ops["int8"]
    assert float_weight_matmuls == []  # activation x activation products (the [CLS]-only last layer) stay float
    assert "SkipLayerNormFusion" in DISABLED_OPTIMIZERS
    assert int8.score_pairs(["Officials may delay the vote."], ["This sentence is hedged."]).shape == (1,)


def test_onnx_files_are_cached_and_rebuilt_when_the_weights_change(onnx_model: Path):
    from framing._onnx import ONNXModel

    messages: list[str] = []
    ONNXModel.load(onnx_model, message=messages.append)  # built by the test above (or now)
    messages.clear()
    ONNXModel.load(onnx_model, message=messages.append)
    assert messages == []  # cached: nothing rebuilt
    weights = onnx_model / "model.safetensors"
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))
    ONNXModel.load(onnx_model, message=messages.append)
    assert messages == []  # keyed on the weights' content, not their time stamp
    from conftest import build_tiny_model

    build_tiny_model(onnx_model, seed=7)  # other weights in the same folder
    ONNXModel.load(onnx_model, message=messages.append)
    assert any("building" in m for m in messages)


def test_onnx_cache_moves_to_the_user_cache_when_the_model_folder_is_read_only(onnx_model: Path, tmp_path: Path,
                                                                               monkeypatch):
    from framing import _onnx

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    real = _onnx._writable
    monkeypatch.setattr(_onnx, "_writable", lambda folder: False if onnx_model in folder.parents else real(folder))
    folder = _onnx.cache_dir(onnx_model)
    assert folder.parent == tmp_path / "cache" / "onnx" and folder.name.startswith("m-")
    path = _onnx.ensure_onnx(onnx_model, "fp32", message=None)
    assert path.parent == folder and path.exists()


def test_scorer_and_cli_take_the_onnx_backend(onnx_model: Path, small_corpus: Path, tmp_path: Path):
    import pandas as pd

    from framing.cli import app

    texts = ["The mayor said the bridge may reopen.", "The reckless regime caused chaos."]
    fast = framing.Scorer(onnx_model, backend="onnx-fp32")
    assert fast.backend == "onnx-fp32" and "onnx-fp32" in repr(fast)
    slow = framing.Scorer(onnx_model)
    for m, s in fast.score_texts(texts).items():
        np.testing.assert_allclose(s, slow.score_texts(texts)[m], atol=1e-5)
    out = tmp_path / "s.jsonl"
    res = CliRunner().invoke(app, ["score", str(small_corpus), "-o", str(out), "--model", str(onnx_model),
                                   "--backend", "onnx", "-q"])
    assert res.exit_code == 0, res.output
    assert len(pd.read_json(out, lines=True)) > 0


def test_resumed_shards_are_not_shared_between_backends(onnx_model: Path, tmp_path: Path):
    from framing._batch import _fingerprint

    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Rain fell.", "outlet": "a"}\n')
    torch_fp = _fingerprint(src, framing.Scorer(onnx_model), {})
    onnx_fp = _fingerprint(src, framing.Scorer(onnx_model, backend="onnx"), {})
    assert torch_fp != onnx_fp
