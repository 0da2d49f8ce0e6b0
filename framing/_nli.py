"""NLI backend: load a sequence-classification checkpoint and score (premise, hypothesis) pairs fast.

Speed comes from work not done: each distinct pair is scored once, pairs are tokenised in one
pass, sorted by length so batches carry little padding, and run under ``torch.inference_mode``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ._errors import ModelError

DEFAULT_MODEL_NAME = "framing-nli-minilm"
CARD_FILE = "card.json"
SCORE_MODES = ("entailment", "entail_vs_contra")


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


def read_card(path: str | Path) -> dict[str, Any]:
    """The machine-readable card (``card.json``) of a model folder, or ``{}`` when there is none."""
    p = Path(path) / CARD_FILE
    if not p.exists():
        return {}
    try:
        return json.loads(p.read_text())
    except json.JSONDecodeError as exc:
        raise ModelError(f"{p}: not valid JSON ({exc}); restore it from git") from None


def verify_weights(path: Path, card: dict[str, Any]) -> None:
    """Check the weight files against the sha256 sums in the card; raise ModelError on mismatch."""
    from ._train import sha256_file

    for name, expected in (card.get("weights_sha256") or {}).items():
        f = path / name
        if not f.exists():
            raise ModelError(f"{f} is missing; the card lists it. Restore the model folder (git checkout models/)")
        if sha256_file(f) != expected:
            raise ModelError(f"{f}: sha256 does not match the model card; the weights are corrupt or were "
                             "replaced. Restore them (git checkout models/) or retrain")


@dataclass
class NLIModel:
    """A loaded NLI cross-encoder. Use :meth:`load` to build one.

    ``score_mode="entailment"`` gives P(entailment) over all labels; ``"entail_vs_contra"`` gives
    the softmax of entailment against contradiction only (neutral ignored).
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
    score_mode: str = "entailment"

    @classmethod
    def load(cls, path: str | Path | None = None, *, device: str = "cpu", batch_size: int = 32,
             max_length: int = 128, score_mode: str = "entailment", threads: int | None = None) -> NLIModel:
        """Load a Hugging Face sequence-classification NLI checkpoint from a folder (or a hub id when online)."""
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        if score_mode not in SCORE_MODES:
            raise ModelError(f"score_mode must be one of {SCORE_MODES}, got {score_mode!r}")
        if threads:
            torch.set_num_threads(threads)
        if path is None:
            p = default_model_path()
            if not (p / "config.json").exists():
                raise ModelError(f"the default model is missing at {p}; restore it with `git checkout models/`, "
                                 "train one with scripts/train_nli.py, or pass --model PATH to an NLI checkpoint")
        else:
            p = Path(path).expanduser()
        local = p.exists()
        if not local and (str(path).startswith((".", "/", "~")) or os.sep in str(path) and str(path).count("/") != 1):
            raise ModelError(f"model folder not found: {path}; pass a folder with config.json, or a hub id when online")
        if local and not (p / "config.json").exists():
            raise ModelError(f"{p} has no config.json; pass a Hugging Face model folder (config.json, weights, tokenizer)")
        card = read_card(p) if local else {}
        if local:
            verify_weights(p, card)
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(p))
            model = AutoModelForSequenceClassification.from_pretrained(str(p), dtype=torch.float32)
        except OSError as exc:
            msg = str(exc).splitlines()[0]
            raise ModelError(f"could not load model {path or p}: {msg}") from None
        entail, contra = find_label_indices(model.config.id2label)
        if score_mode == "entail_vs_contra" and contra is None:
            raise ModelError("score_mode 'entail_vs_contra' needs a 'contradiction' label in config.id2label")
        if tokenizer.vocab_size > model.config.vocab_size:
            raise ModelError(f"tokenizer ({tokenizer.vocab_size} tokens) does not match the model "
                             f"({model.config.vocab_size} embeddings); use the tokenizer saved with the model")
        try:
            model.to(device)
        except (RuntimeError, AssertionError) as exc:
            raise ModelError(f"cannot use device {device!r}: {str(exc).splitlines()[0]}") from None
        model.eval()
        return cls(model, tokenizer, str(p), entail, contra, card, device, batch_size, max_length, score_mode)

    @property
    def name(self) -> str:
        return self.card.get("name") or Path(self.path).name

    def _probabilities(self, logits: Any) -> Any:
        import torch

        if self.score_mode == "entail_vs_contra":
            pair = logits[:, [self.entail_index, self.contra_index]]
            return torch.softmax(pair, dim=-1)[:, 0]
        return torch.softmax(logits, dim=-1)[:, self.entail_index]

    def _logits(self, premises: Sequence[str], hypotheses: Sequence[str]) -> Iterator[tuple[list[int], Any]]:
        """Tokenise once, then yield (row indices, logits) for length-sorted batches."""
        import torch

        enc = self.tokenizer(list(premises), list(hypotheses), truncation=True, max_length=self.max_length)
        ids = enc["input_ids"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        keys = list(enc.keys())
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self.tokenizer.pad([{k: enc[k][i] for k in keys} for i in idx], return_tensors="pt")
                yield idx, self.model(**{k: v.to(self.device) for k, v in batch.items()}).logits.float()

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
            out[idx] = self._probabilities(logits).cpu().numpy()
            if progress is not None:
                progress(len(idx))
        return out[inverse]

    def predict_labels(self, premises: Sequence[str], hypotheses: Sequence[str]) -> np.ndarray:
        """Argmax label index of each pair, in the model's own ``id2label`` order."""
        out = np.empty(len(premises), dtype=np.int64)
        for idx, logits in self._logits(premises, hypotheses):
            out[idx] = logits.argmax(-1).cpu().numpy()
        return out


DATA_LABELS = ("entailment", "neutral", "contradiction")
"""Label order of NLI evaluation data (the shared Parquet files): 0, 1, 2."""


def nli_accuracy(nli: NLIModel, premises: Sequence[str], hypotheses: Sequence[str], labels: Sequence[int]) -> dict[str, Any]:
    """Accuracy and confusion matrix of ``nli`` on pairs labelled 0/1/2 (entailment/neutral/contradiction).

    The model's own label order is mapped through ``config.id2label`` by name.
    """
    names = {int(k): str(v).lower() for k, v in nli.model.config.id2label.items()}
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
