"""ONNX Runtime backend: the same pair batching as :class:`framing.NLIModel`, with an exported graph.

The checkpoint is exported once with ``torch.onnx.export(..., dynamo=False)`` (dynamic batch and
sequence axes; the last layer computed for [CLS] only), its BERT-style subgraphs fused by
``onnxruntime.transformers.optimizer`` where that works, and quantised with dynamic int8 per-channel
weights (``onnxruntime.quantization.quantize_dynamic``, every layer). Both files are cached beside the model in
``<model>/onnx/`` or, when that folder is not writable, under ``~/.cache/framing/onnx/``
(``$FRAMING_CACHE_DIR`` overrides ``~/.cache/framing``). A ``build.json`` records what the files
were built from (the weights' sha256) and the sha256 of each built file: when the weights change, or a built
file no longer matches its recorded sum (damaged on disk), the files are rebuilt.

Needs the optional extra: ``pip install 'framing[onnx]'`` (onnxruntime, onnx).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from ._errors import ModelError
from ._files import atomic_write_text, cache_root, sha256_file
from ._nli import (SCORE_MODES, PairClassifier, check_labels, default_threads, load_folder, prune_last_layer,
                   warn_unverified)
from ._types import ScoreMode

PRECISIONS = ("int8", "fp32")
BACKENDS = ("torch", "onnx", "onnx-int8", "onnx-fp32")
"""Values of ``Scorer(backend=...)`` / ``--backend``: ``onnx`` means ``onnx-int8``."""
OPSET = 17
BUILD_VERSION = 5  # bump when the export recipe changes, so cached files are rebuilt
BUILD_FILE = "build.json"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "config.json")
DISABLED_OPTIMIZERS = ["SkipLayerNormFusion"]
"""Session-level fusions left off. onnxruntime's CPU SkipLayerNormalization kernel (1.32) is ~9x slower than
the Add + LayerNormalization it replaces (0.93 vs 0.10 ms for a 32x30x384 batch on 2 cores): with it, layer
norms took a fifth of the int8 model's time; without it, 4%."""
FUSABLE = {"bert": "bert", "roberta": "bert", "xlm-roberta": "bert", "distilbert": "bert", "electra": "bert",
           "deberta-v2": None, "deberta": None}


def _need_onnxruntime() -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise ModelError("the onnx backend needs the optional extra: pip install 'framing[onnx]' "
                         "(onnxruntime and onnx); or use --backend torch") from None
    return onnxruntime


def parse_backend(backend: str) -> tuple[str, str | None]:
    """``("torch", None)`` or ``("onnx", "int8" | "fp32")`` for a backend name; ModelError when unknown."""
    b = str(backend).lower().strip()
    if b == "torch":
        return "torch", None
    if b in ("onnx", "onnx-int8"):
        return "onnx", "int8"
    if b == "onnx-fp32":
        return "onnx", "fp32"
    raise ModelError(f"unknown backend {backend!r}; use one of: {', '.join(BACKENDS)}")


def _stderr(message: str) -> None:
    print(f"framing: {message}", file=sys.stderr, flush=True)


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-", delete=True)
        probe.close()
        return True
    except OSError:
        return False


def cache_dir(model_path: str | Path) -> Path:
    """Where the ONNX files of a model folder live: ``<model>/onnx`` if writable, else the user cache."""
    p = Path(model_path).resolve()
    own = p / "onnx"
    if _writable(own):
        return own
    key = hashlib.sha256(str(p).encode()).hexdigest()[:12]
    return cache_root() / "onnx" / f"{p.name}-{key}"


def _fingerprint(model_path: Path) -> dict[str, Any]:
    files = {}
    for name in WEIGHT_FILES:
        f = model_path / name
        if f.exists():
            files[name] = sha256_file(f)
    return {"build_version": BUILD_VERSION, "opset": OPSET, "files": files}


@contextlib.contextmanager
def _lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder/.lock`` (several processes, e.g. Ray actors, building at once)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux/macOS
        yield
        return
    with open(folder / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _dummy_inputs(tokenizer: Any, max_length: int) -> tuple[list[str], list[Any]]:
    import torch

    enc = tokenizer(["The council may approve the plan on Monday, officials said.", "Rain."],
                    ["Someone said this.", "This claim is uncertain."], truncation=True, max_length=max_length,
                    padding=True, return_tensors="pt")
    names = [k for k in enc if k != "attention_mask"]
    names.insert(1, "attention_mask")
    return names, [enc[k].to(torch.int64) for k in names]


def export_onnx(model_path: Path, out: Path, tokenizer: Any) -> bool:
    """Export the checkpoint at ``model_path`` to an fp32 ONNX graph with dynamic batch and sequence axes.

    The last layer is computed for [CLS] only where that gives the same logits (:func:`prune_last_layer`);
    returns whether it was.
    """
    import torch
    from transformers import AutoModelForSequenceClassification

    try:
        model = AutoModelForSequenceClassification.from_pretrained(str(model_path), dtype=torch.float32,
                                                                   attn_implementation="eager")
    except (OSError, ValueError, TypeError):
        model = AutoModelForSequenceClassification.from_pretrained(str(model_path), dtype=torch.float32)
    model.eval()
    pruned = prune_last_layer(model, tokenizer)
    names, args = _dummy_inputs(tokenizer, 128)

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, *tensors: Any) -> Any:
            return self.inner(**dict(zip(names, tensors))).logits

    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["logits"] = {0: "batch"}
    import warnings

    with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Logits().eval(), tuple(args), str(out), input_names=names, output_names=["logits"],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True, dynamo=False)
    return pruned


def fuse_onnx(src: Path, out: Path, config: Any) -> bool:
    """Fuse attention / layer norm / GELU subgraphs with onnxruntime's transformer optimizer; False if not possible."""
    kind = FUSABLE.get(getattr(config, "model_type", ""), None)
    if kind is None:
        return False
    try:
        from onnxruntime.transformers.fusion_options import FusionOptions
        from onnxruntime.transformers.optimizer import optimize_model

        options = FusionOptions(kind)
        options.enable_skip_layer_norm = False  # see DISABLED_OPTIMIZERS
        options.enable_bias_skip_layer_norm = False
        with contextlib.redirect_stdout(sys.stderr), _quiet_logging():
            opt = optimize_model(str(src), model_type=kind, num_heads=int(config.num_attention_heads),
                                 hidden_size=int(config.hidden_size), optimization_options=options)
            opt.save_model_to_file(str(out))
        return True
    except Exception:  # noqa: BLE001 - the unfused graph is correct, only slower
        return False


@contextlib.contextmanager
def _quiet_logging() -> Iterator[None]:
    import logging

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def quantize_onnx(src: Path, out: Path) -> None:
    """Dynamic int8 quantisation of every MatMul/attention: per-channel signed int8 weights, activations at run time.

    Measured on the shipped model (573 labelled test sentences): marker F1 0.878 / 0.918 / 0.891 (hedging,
    attribution, loaded language) against 0.875 / 0.922 / 0.896 with torch. Keeping the first layer in fp32
    halves the largest score changes but moved F1 by less than 0.01 and cost a fifth of the speed, so every
    layer is quantised.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet_logging():  # fused ops (com.microsoft domain) defeat shape inference: their outputs are float
        quantize_dynamic(str(src), str(out), per_channel=True, weight_type=QuantType.QInt8,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def ensure_onnx(model_path: str | Path, precision: str = "int8", *, tokenizer: Any = None, config: Any = None,
                rebuild: bool = False, message: Callable[[str], None] | None = _stderr) -> Path:
    """Path of the cached ONNX file of ``model_path`` at ``precision``; export/quantise it first when needed."""
    if precision not in PRECISIONS:
        raise ModelError(f"ONNX precision must be one of {PRECISIONS}, got {precision!r}")
    _need_onnxruntime()
    model_path = Path(model_path).resolve()
    folder = cache_dir(model_path)
    folder.mkdir(parents=True, exist_ok=True)
    fp32, int8 = folder / "model-fp32.onnx", folder / "model-int8.onnx"
    target = int8 if precision == "int8" else fp32
    want = _fingerprint(model_path)
    with _lock(folder):
        try:
            build = json.loads((folder / BUILD_FILE).read_text())
        except (OSError, ValueError):
            build = {}
        fresh = build.get("fingerprint") == want and not rebuild
        recorded = build.get("sha256") if isinstance(build.get("sha256"), dict) else {}

        def intact(f: Path) -> bool:  # the file as built: its sha256 is the one recorded in build.json
            return f.exists() and recorded.get(f.name) == sha256_file(f)

        if fresh and intact(target):
            return target
        if fresh and target.exists() and message:
            message(f"{target} does not match the sha256 recorded when it was built; rebuilding it")
        if tokenizer is None or config is None:
            from transformers import AutoConfig, AutoTokenizer

            tokenizer = tokenizer or AutoTokenizer.from_pretrained(str(model_path))
            config = config or AutoConfig.from_pretrained(str(model_path))
        started = time.perf_counter()
        if message:
            message(f"building the ONNX {precision} model (once) in {folder} ...")
        if not (fresh and intact(fp32)):
            _ensure_onnx_package()
            with tempfile.TemporaryDirectory(dir=folder, prefix=".export-") as tmp:
                raw = Path(tmp) / "raw.onnx"
                try:
                    pruned = export_onnx(model_path, raw, tokenizer)
                except Exception as exc:  # noqa: BLE001 - an unexportable model is a user-facing error
                    raise ModelError(f"could not export {model_path} to ONNX ({type(exc).__name__}: "
                                     f"{str(exc).splitlines()[0] if str(exc) else ''}); use --backend torch") from None
                fused = Path(tmp) / "fused.onnx"
                is_fused = fuse_onnx(raw, fused, config)
                os.replace(fused if is_fused else raw, fp32)
            int8.unlink(missing_ok=True)
            build = {"fingerprint": want, "fused": is_fused, "last_layer_cls_only": pruned}
        if precision == "int8" and not (fresh and intact(int8)):
            tmp_int8 = folder / ".model-int8.onnx.tmp"
            try:
                quantize_onnx(fp32, tmp_int8)
                os.replace(tmp_int8, int8)
            finally:
                tmp_int8.unlink(missing_ok=True)
        build.update(fingerprint=want, quantization={"method": "dynamic", "per_channel": True, "weight_type": "QInt8"},
                     sha256={f.name: sha256_file(f) for f in (fp32, int8) if f.exists()})
        atomic_write_text(folder / BUILD_FILE, json.dumps(build, indent=2) + "\n")
        if message:
            message(f"built {target.name} in {time.perf_counter() - started:.0f} s")
    return target


def _ensure_onnx_package() -> None:
    try:
        import onnx  # noqa: F401
    except ImportError:
        raise ModelError("exporting to ONNX needs the 'onnx' package: pip install 'framing[onnx]'") from None


@dataclass
class ONNXModel(PairClassifier):
    """An NLI cross-encoder run by ONNX Runtime on CPU; the same interface as :class:`framing.NLIModel`.

    Build with :meth:`load`: ``precision="int8"`` (default; dynamic per-channel quantisation) or ``"fp32"``.
    """

    session: Any
    tokenizer: Any
    path: str
    entail_index: int
    contra_index: int | None
    card: dict[str, Any]
    config: Any
    onnx_path: str
    precision: str = "int8"
    batch_size: int = 32
    max_length: int = 128
    score_mode: ScoreMode = "entailment"
    device: str = "cpu"

    @property
    def backend(self) -> str:  # type: ignore[override]
        return f"onnx-{self.precision}"

    @property
    def name(self) -> str:
        return self.card.get("name") or Path(self.path).name

    @classmethod
    def load(cls, path: str | Path | None = None, *, precision: str = "int8", device: str = "cpu",
             batch_size: int = 32, max_length: int = 128, score_mode: ScoreMode = "entailment",
             threads: int | None = None, rebuild: bool = False,
             message: Callable[[str], None] | None = _stderr) -> ONNXModel:
        """Load (exporting and quantising on first use) the ONNX form of an NLI checkpoint folder."""
        ort = _need_onnxruntime()
        if score_mode not in SCORE_MODES:
            raise ModelError(f"score_mode must be one of {SCORE_MODES}, got {score_mode!r}")
        if precision not in PRECISIONS:
            raise ModelError(f"ONNX precision must be one of {PRECISIONS}, got {precision!r}")
        if device != "cpu":
            raise ModelError(f"the onnx backend runs on CPU only; use --backend torch for --device {device}")
        from transformers import AutoConfig

        p, card, tokenizer = load_folder(path)
        if not p.exists():
            raise ModelError(f"the onnx backend needs a local model folder, not {path!r}")
        config = AutoConfig.from_pretrained(str(p))
        entail, contra = check_labels(config, tokenizer, score_mode)
        warn_unverified(path, p, card)
        onnx_path = ensure_onnx(p, precision, tokenizer=tokenizer, config=config, rebuild=rebuild, message=message)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.inter_op_num_threads = 1
        n = default_threads(threads)
        if n:
            options.intra_op_num_threads = n
        options.log_severity_level = 3
        try:
            session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"],
                                           disabled_optimizers=DISABLED_OPTIMIZERS)
        except Exception as exc:  # noqa: BLE001 - a corrupt cache file: say how to rebuild
            raise ModelError(f"onnxruntime cannot load {onnx_path} ({str(exc).splitlines()[0]}); delete it to rebuild") from None
        return cls(session, tokenizer, str(p), entail, contra, card, config, str(onnx_path), precision,
                   batch_size, max_length, score_mode)

    def logits(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        feeds = {i.name: batch[i.name] for i in self.session.get_inputs()}
        return self.session.run(["logits"], feeds)[0]
