"""NLI backend: load a sequence-classification checkpoint and score (premise, hypothesis) pairs fast.

Speed comes from work not done: each distinct pair is scored once, pairs are tokenised in one
pass, sorted by length so batches carry little padding, and run under ``torch.inference_mode``
with one intra-op thread per physical core. :class:`PairClassifier` holds that batching; a
backend (:class:`NLIModel` for PyTorch, ``framing._onnx.ONNXModel`` for ONNX Runtime) only turns
a padded batch into logits.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ._errors import ModelError
from ._files import first_line
from ._modelcard import card_summary, read_card, verify_weights, weights_sha256, write_card
from ._types import ScoreMode

DEFAULT_MODEL_NAME = "framing-nli-minilm"
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "tokenizer.model", "spiece.model",
                   "sentencepiece.bpe.model", "spm.model")
SCORE_MODES = ("entailment", "entail_vs_contra")
HUB_PREFIX = "hf:"
"""A model named ``hf:owner/name`` is a Hugging Face hub id; any other name is a local folder (never looked up)."""
PRUNABLE = ("bert", "roberta", "xlm-roberta", "electra")
"""Model types whose last layer :func:`prune_last_layer` may compute for [CLS] only (checked on load)."""


def models_dir() -> Path:
    """The repository's ``models/`` folder (beside the ``framing`` package)."""
    return Path(__file__).resolve().parents[1] / "models"


def default_model_path() -> Path:
    """Where the default model loads from: ``$FRAMING_MODEL`` if set, else ``models/framing-nli-minilm``."""
    env = os.environ.get("FRAMING_MODEL")
    return Path(env) if env else models_dir() / DEFAULT_MODEL_NAME


def find_label_indices(id2label: dict[Any, str]) -> tuple[int, int | None]:
    """Indices of the entailment and contradiction labels, matched case-insensitively by prefix."""
    entail = contra = None
    for idx, name in id2label.items():
        low = str(name).lower()
        if low.startswith("entail"):
            entail = int(idx)
        elif low.startswith("contradict"):
            contra = int(idx)
    if entail is None:
        labels = ", ".join(str(v) for v in id2label.values())
        raise ModelError(f"the model's config.id2label has no 'entailment' label (it has: {labels}); "
                         "use an NLI checkpoint or fix id2label in its config.json")
    return entail, contra


def _first_line(exc: BaseException) -> str:
    """:func:`framing._files.first_line` without a final full stop; transformers' size-mismatch advice in plain words."""
    line = first_line(exc)
    if "ignore_mismatched_sizes" in line:
        return "the shapes of the weights do not match config.json"
    return line.rstrip(".")


def physical_cores() -> int:
    """CPU cores this process may use, counting physical cores (not SMT threads) where that can be seen.

    The minimum of: the affinity mask, the cgroup CPU quota, and the number of distinct
    (package, core) pairs in ``/sys`` topology (Linux); falls back to ``os.cpu_count()``.
    """
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            usable = min(usable, max(1, int(int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    try:
        cores = set()
        for cpu in Path("/sys/devices/system/cpu").glob("cpu[0-9]*"):
            topo = cpu / "topology"
            if (topo / "core_id").exists():
                cores.add(((topo / "physical_package_id").read_text().strip(), (topo / "core_id").read_text().strip()))
        if cores:
            usable = min(usable, len(cores))
    except OSError:
        pass
    return max(1, usable)


def default_threads(threads: int | None = None) -> int | None:
    """Threads to use for inference: ``threads``, else ``$FRAMING_THREADS``, else the physical cores.

    None when ``$OMP_NUM_THREADS`` is set and nothing else is (the user's choice is left alone).
    """
    if threads:
        return int(threads)
    env = os.environ.get("FRAMING_THREADS")
    if env:
        try:
            n = int(env)
        except ValueError:
            n = 0
        if n < 1:
            raise ModelError(f"FRAMING_THREADS must be a whole number of threads, at least 1, got {env!r}; "
                             "fix or unset the variable")
        return n
    if os.environ.get("OMP_NUM_THREADS"):
        return None
    return physical_cores()


def _set_torch_threads(threads: int | None) -> None:
    import torch

    n = default_threads(threads)
    if n is None:
        return
    if threads or torch.get_num_threads() > n:
        torch.set_num_threads(n)


def _cls_only_layer_class() -> Any:
    import torch

    class _ClsOnlyLastLayer(torch.nn.Module):
        """A BERT-style encoder's last layer, computed for the [CLS] position only.

        A sequence classifier reads only the first token of the last layer (pooler / head), so the
        last layer needs keys and values for every token but queries, attention output and feed-forward
        for one: about 14% fewer FLOPs for MiniLM-L6 at 40 tokens, with the same logits.
        """

        def __init__(self, layer: Any) -> None:
            super().__init__()
            self.layer = layer

        def forward(self, hidden_states: Any, attention_mask: Any = None, *args: Any, **kwargs: Any) -> Any:
            sa = self.layer.attention.self
            batch, length, _ = hidden_states.shape
            heads, size = sa.num_attention_heads, sa.attention_head_size
            cls = hidden_states[:, :1]
            q = sa.query(cls).view(batch, 1, heads, size).transpose(1, 2)
            k = sa.key(hidden_states).view(batch, length, heads, size).transpose(1, 2)
            v = sa.value(hidden_states).view(batch, length, heads, size).transpose(1, 2)
            scores = torch.matmul(q, k.transpose(2, 3)) * (size**-0.5)
            if attention_mask is not None:
                mask = attention_mask
                if mask.dim() == 4 and mask.shape[-2] != 1:
                    mask = mask[:, :, :1, :]
                elif mask.dim() == 2:
                    mask = mask[:, None, None, :]
                if mask.dtype == torch.bool:
                    mask = torch.zeros_like(mask, dtype=scores.dtype).masked_fill(~mask, torch.finfo(scores.dtype).min)
                scores = scores + mask.to(scores.dtype)
            context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(batch, 1, heads * size)
            attention_output = self.layer.attention.output(context, cls)
            return self.layer.output(self.layer.intermediate(attention_output), attention_output)

    return _ClsOnlyLastLayer


def prune_last_layer(model: Any, tokenizer: Any) -> bool:
    """Compute a BERT-style classifier's last encoder layer for [CLS] only; keep it only if logits are unchanged.

    Checked on two pairs of different lengths (so padding is exercised) against the unpruned model;
    any mismatch (> 1e-4) or error restores the original layer. Returns whether the model was pruned.
    """
    import torch

    base = getattr(model, "base_model", None)
    layers = getattr(getattr(base, "encoder", None), "layer", None)
    if layers is None or not len(layers) or getattr(model.config, "model_type", "") not in PRUNABLE:
        return False
    last = layers[-1]
    if not (hasattr(last, "attention") and hasattr(getattr(last.attention, "self", None), "query")
            and hasattr(last, "intermediate") and hasattr(last, "output")) or getattr(model.config, "is_decoder", False):
        return False
    device = next(model.parameters()).device
    enc = tokenizer(["The council may approve the plan on Monday, officials said.", "Rain."],
                    ["Someone said this.", "This claim is uncertain."], padding=True, return_tensors="pt")
    enc = {k: v.to(device) for k, v in enc.items()}
    try:
        with torch.inference_mode():
            before = model(**enc).logits.float()
            layers[-1] = _cls_only_layer_class()(last)
            after = model(**enc).logits.float()
        if after.shape == before.shape and float((after - before).abs().max()) <= 1e-4:
            return True
    except Exception:  # noqa: BLE001 - an architecture this does not fit: keep the original layer
        pass
    layers[-1] = last
    return False


class PairClassifier:
    """Shared batching of (premise, hypothesis) pairs; a backend supplies only :meth:`logits`.

    Pairs are deduplicated, tokenised in one pass (no padding), sorted by token length and cut into
    batches that are padded only to their own longest pair. Subclasses set ``tokenizer``,
    ``batch_size``, ``max_length``, ``score_mode``, ``entail_index``, ``contra_index`` and implement
    ``logits(batch: dict[str, np.ndarray]) -> np.ndarray`` (rows: pairs, columns: labels).
    """

    backend = "torch"
    tokenizer: Any
    batch_size: int
    max_length: int
    score_mode: str
    entail_index: int
    contra_index: int | None

    def logits(self, batch: dict[str, np.ndarray]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def card_summary(self) -> dict[str, Any]:
        """What ``framing info`` shows of the model's card (see :func:`framing._modelcard.card_summary`)."""
        return card_summary(getattr(self, "card", None))

    def encode(self, premises: Sequence[str], hypotheses: Sequence[str]) -> dict[str, list[list[int]]]:
        """Token ids of every pair in one tokeniser call: no padding, no attention mask (built per batch)."""
        # Characters past ~100 per token are never read (truncation), so a 5 MB "sentence" is not tokenised whole.
        cap = self.max_length * 100
        premises = [p if len(p) <= cap else p[:cap] for p in premises]
        return dict(self.tokenizer(list(premises), list(hypotheses), truncation=True, max_length=self.max_length,
                                   return_attention_mask=False))

    def batches(self, enc: dict[str, list[list[int]]]) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
        """Yield (row indices, padded int64 arrays) for batches of pairs sorted by token length."""
        ids = enc["input_ids"]
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        order = np.argsort(lengths, kind="stable")
        pad_id = self.tokenizer.pad_token_id or 0
        pad_type = getattr(self.tokenizer, "pad_token_type_id", 0) or 0
        keys = [k for k in enc if k != "attention_mask"]
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = int(lengths[idx].max())
            mask = (np.arange(width)[None, :] < lengths[idx][:, None]).astype(np.int64)
            batch = {"attention_mask": mask}
            for k in keys:
                arr = np.full((len(idx), width), pad_id if k == "input_ids" else pad_type, dtype=np.int64)
                for row, i in enumerate(idx):
                    seq = enc[k][i]
                    arr[row, : len(seq)] = seq
                batch[k] = arr
            yield idx, batch

    def _logits(self, premises: Sequence[str], hypotheses: Sequence[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Tokenise once, then yield (row indices, float32 logits) for length-sorted batches."""
        for idx, batch in self.batches(self.encode(premises, hypotheses)):
            yield idx, np.asarray(self.logits(batch), dtype=np.float32)

    def _probabilities(self, logits: np.ndarray) -> np.ndarray:
        x = logits.astype(np.float64)
        if self.score_mode == "entail_vs_contra":
            x = x[:, [self.entail_index, self.contra_index]]
            target = 0
        else:
            target = self.entail_index
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        return (e[:, target] / e.sum(axis=1)).astype(np.float32)

    def score_pairs(self, premises: Sequence[str], hypotheses: Sequence[str],
                    progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Score each (premise, hypothesis) pair; repeated pairs are computed once.

        ``progress`` is called with the number of distinct pairs finished after each batch.
        """
        if len(premises) != len(hypotheses):
            raise ValueError("premises and hypotheses must have the same length")
        if not premises:
            return np.zeros(0, dtype=np.float32)
        unique: dict[tuple[str, str], int] = {}
        inverse = np.fromiter((unique.setdefault((p, h), len(unique)) for p, h in zip(premises, hypotheses)),
                              dtype=np.int64, count=len(premises))
        out = np.empty(len(unique), dtype=np.float32)
        for idx, logits in self._logits([p for p, _ in unique], [h for _, h in unique]):
            out[idx] = self._probabilities(logits)
            if progress is not None:
                progress(len(idx))
        return out[inverse]

    def predict_labels(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """Argmax label index of each pair, in the model's own ``id2label`` order."""
        out = np.empty(len(premises), dtype=np.int64)
        if not premises:
            return out
        for idx, logits in self._logits(premises, hypotheses):
            out[idx] = logits.argmax(-1)
        return out


@dataclass
class NLIModel(PairClassifier):
    """A loaded NLI cross-encoder (PyTorch backend). Use :meth:`load` to build one.

    ``score_mode="entailment"`` gives P(entailment) over all labels; ``"entail_vs_contra"`` gives
    the softmax of entailment against contradiction only (neutral ignored; what the transformers
    zero-shot pipeline computes with ``multi_label=True``).
    """

    model: Any
    tokenizer: Any
    path: str
    entail_index: int
    contra_index: int | None
    card: dict[str, Any]
    device: str = "cpu"
    batch_size: int = 32
    max_length: int = 128
    score_mode: ScoreMode = "entailment"

    @classmethod
    def load(cls, path: str | Path | None = None, *, device: str = "cpu", batch_size: int = 32,
             max_length: int = 128, score_mode: ScoreMode = "entailment", threads: int | None = None,
             prune: bool = True) -> NLIModel:
        """Load a Hugging Face sequence-classification NLI checkpoint from a folder (or a hub id named ``hf:owner/name``).

        ``threads``: intra-op threads; default ``$FRAMING_THREADS`` or the physical cores (torch is
        only capped, never raised, and ``$OMP_NUM_THREADS`` is respected).
        ``prune``: compute the last encoder layer for [CLS] only (BERT-style models; same logits,
        checked on load; see :func:`prune_last_layer`). The loaded model is for inference only.
        """
        import torch
        from transformers import AutoModelForSequenceClassification

        if score_mode not in SCORE_MODES:
            raise ModelError(f"score_mode must be one of {SCORE_MODES}, got {score_mode!r}")
        _set_torch_threads(threads)
        p, card, tokenizer = load_folder(path)
        try:
            model = AutoModelForSequenceClassification.from_pretrained(str(p), dtype=torch.float32)
        except Exception as exc:  # noqa: BLE001 - corrupt weights, unknown architecture, shape mismatch...
            raise ModelError(f"could not load model {path or p}: {_first_line(exc)}; restore the folder, "
                             "or pass --model PATH to a sequence-classification NLI checkpoint") from None
        entail, contra = check_labels(model.config, tokenizer, score_mode)
        warn_unverified(path, p, card)
        max_length = min(max_length, getattr(model.config, "max_position_embeddings", None) or max_length)
        try:
            model.to(device)
        except (RuntimeError, AssertionError) as exc:
            raise ModelError(f"cannot use device {device!r}: {_first_line(exc)}") from None
        model.eval()
        if prune:
            prune_last_layer(model, tokenizer)
        return cls(model, tokenizer, str(p), entail, contra, card, device, batch_size, max_length, score_mode)

    @classmethod
    def from_pretrained(cls, path: str | Path | None = None, **options: Any) -> NLIModel:
        """Load a model folder, as transformers names it; the same as :meth:`load` (same keyword arguments)."""
        return cls.load(path, **options)

    def save_pretrained(self, path: str | Path) -> Path:
        """Write the weights (safetensors), the tokenizer and the card, with the weights' sha256 sums, to ``path``.

        Load with ``prune=False`` a model you mean to save: pruning changes the last layer for inference.
        """
        out = Path(path)
        self.model.save_pretrained(out, safe_serialization=True)
        self.tokenizer.save_pretrained(out)
        write_card(out, {**self.card, "weights_sha256": weights_sha256(out)})
        return out

    @property
    def name(self) -> str:
        return self.card.get("name") or Path(self.path).name

    @property
    def config(self) -> Any:
        return self.model.config

    def logits(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            out = self.model(**{k: torch.from_numpy(v).to(self.device) for k, v in batch.items()}).logits
            return out.float().cpu().numpy()


def load_folder(path: str | Path | None) -> tuple[Path, dict[str, Any], Any]:
    """Resolve a model folder (None: the default model), check it, verify its weights; return (path, card, tokenizer)."""
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    if path is None and os.environ.get("FRAMING_MODEL") and not default_model_path().is_dir():
        raise ModelError(f"model folder not found: {default_model_path()} (from the FRAMING_MODEL variable); set "
                         "FRAMING_MODEL to a model folder, or unset it to use the shipped model")
    if path is None:
        p = default_model_path()
        if not (p / "config.json").exists():
            raise ModelError(f"the default model is missing at {p}; restore it with `git checkout models/`, "
                             "train one with scripts/train_nli.py, or pass --model PATH to an NLI checkpoint")
    elif str(path).startswith(HUB_PREFIX):  # a hub id, asked for explicitly: loaded from the local hub cache
        p = Path(str(path)[len(HUB_PREFIX):])
        if not p.name or p.is_absolute():
            raise ModelError(f"{path}: name a Hugging Face model after {HUB_PREFIX}, such as {HUB_PREFIX}owner/name")
    else:
        p = Path(path).expanduser()
    local = not str(path).startswith(HUB_PREFIX)
    if local and not p.exists():
        env = os.environ.get("FRAMING_MODEL")
        where = f" (from the FRAMING_MODEL variable)" if path is None and env else ""
        raise ModelError(f"model folder not found: {p}{where}; pass a folder with config.json (a Hugging Face model "
                         f"is only looked up when named as {HUB_PREFIX}owner/name)")
    if local and not (p / "config.json").exists():
        raise ModelError(f"{p} has no config.json; pass a Hugging Face model folder (config.json, weights, tokenizer)")
    card = read_card(p) if local else {}
    if local:
        verify_weights(p, card)
        if not any((p / name).exists() for name in TOKENIZER_FILES) and not any(p.glob("*.model")):
            raise ModelError(f"{p} has no tokenizer files ({', '.join(TOKENIZER_FILES[:3])}...); save the "
                             "tokenizer with the model (tokenizer.save_pretrained), or copy it from the base model")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(p))
    except Exception as exc:  # noqa: BLE001 - a corrupt tokenizer.json raises JSON or tokenizers errors
        if not local:
            raise ModelError(f"could not load {path} from the Hugging Face hub ({_first_line(exc)}); download it "
                             "while online, or pass a model folder") from None
        raise ModelError(f"could not load the tokenizer of model {path or p}: {_first_line(exc)}; restore the "
                         "tokenizer files saved with the model") from None
    return p, card, tokenizer


def warn_unverified(path: str | Path | None, folder: Path, card: dict[str, Any]) -> None:
    """Warn that a local model folder's weights could not be checked (no card with their sha256); called once the
    model has loaded, so a folder that fails to load gives its one-line error alone."""
    if not str(path).startswith(HUB_PREFIX) and not card.get("weights_sha256"):
        warnings.warn(f"{folder}: no card.json with the weights' sha256 sums; weights not verified", UserWarning,
                      stacklevel=3)


def check_labels(config: Any, tokenizer: Any, score_mode: str) -> tuple[int, int | None]:
    """Entailment/contradiction indices of a model config; check the score mode and the tokenizer size."""
    entail, contra = find_label_indices(config.id2label)
    if score_mode == "entail_vs_contra" and contra is None:
        raise ModelError("score_mode 'entail_vs_contra' needs a 'contradiction' label in config.id2label")
    n_tokens = max(tokenizer.vocab_size, len(tokenizer))
    if n_tokens > config.vocab_size:
        raise ModelError(f"tokenizer ({n_tokens} tokens) does not match the model "
                         f"({config.vocab_size} embeddings); use the tokenizer saved with the model")
    type_vocab = getattr(config, "type_vocab_size", None)
    if type_vocab is not None and "token_type_ids" in getattr(tokenizer, "model_input_names", ()):
        types = tokenizer("a", "b").get("token_type_ids") or [0]
        if max(types) >= type_vocab:
            raise ModelError(f"tokenizer gives segment ids up to {max(types)} but the model has {type_vocab} "
                             "segment embeddings; the tokenizer is from another model family, use the one saved with the model")
    return entail, contra


DATA_LABELS = ("entailment", "neutral", "contradiction")
"""Label order of NLI evaluation data (the shared Parquet files): 0, 1, 2."""


def nli_accuracy(nli: PairClassifier, premises: Sequence[str], hypotheses: Sequence[str], labels: Sequence[int]) -> dict[str, Any]:
    """Accuracy and confusion matrix of ``nli`` on pairs labelled 0/1/2 (entailment/neutral/contradiction).

    The model's own label order is mapped through ``config.id2label`` by name.
    """
    names = {int(k): str(v).lower() for k, v in nli.config.id2label.items()}
    to_data = {}
    for idx, name in names.items():
        match = [i for i, d in enumerate(DATA_LABELS) if name.startswith(d[:7])]
        if not match:
            raise ModelError(f"model label {name!r} is not one of {DATA_LABELS}; a 3-way NLI model is needed")
        to_data[idx] = match[0]
    pred = np.array([to_data[int(p)] for p in nli.predict_labels(premises, hypotheses)], dtype=np.int64)
    gold = np.asarray(labels, dtype=np.int64)
    confusion = np.zeros((3, 3), dtype=np.int64)
    np.add.at(confusion, (gold, pred), 1)
    return {"n": int(len(gold)), "accuracy": float((pred == gold).mean()) if len(gold) else float("nan"),
            "confusion": {"rows_gold_cols_pred": list(DATA_LABELS), "matrix": confusion.tolist()}}
