"""Model folders and their cards: the one owner of ``card.json`` (read, verify, summarise, write).

A model folder holds the weights (``*.safetensors``), the tokenizer files, ``config.json`` and ``card.json``:
the machine-readable card with the training facts, the evaluation figures and the weights' sha256 sums.
:func:`write_card` is the only code that writes a card (the trainer, ``adapt`` and ``scripts/make_model_card.py``
go through it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Sequence

from ._errors import InputError, ModelError, OutputExistsError
from ._files import atomic_write_text, first_line, sha256_file

CARD_FILE = "card.json"


def _first_line(exc: BaseException) -> str:
    return first_line(exc).rstrip(".")


def read_card(path: str | Path) -> dict[str, Any]:
    """The machine-readable card (``card.json``) of a model folder, or ``{}`` when there is none."""
    p = Path(path) / CARD_FILE
    if not p.exists():
        return {}
    try:
        card = json.loads(p.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ModelError(f"{p}: not valid JSON ({_first_line(exc)}); restore it from git") from None
    if not isinstance(card, dict):
        raise ModelError(f"{p}: must be a JSON object; restore it from git")
    return card


def card_summary(card: dict[str, Any] | None) -> dict[str, Any]:
    """What ``framing info`` shows of a model card: name, summary, base model, training, adaptation, accuracies."""
    card = card or {}
    out = {k: card[k] for k in ("name", "summary", "base_model", "training_rows", "train_seconds", "hardware",
                                "weights_sha256") if card.get(k) not in (None, "")}
    adapted = card.get("adapted")
    if isinstance(adapted, dict):
        out["adapted"] = {"markers": list(adapted.get("markers") or []), "sentences": adapted.get("sentences")}
    evaluation = {str(name): {"accuracy": float(res["accuracy"]), "n": res.get("n")}
                  for name, res in (card.get("evaluation") or {}).items()
                  if isinstance(res, dict) and isinstance(res.get("accuracy"), (int, float))}
    if evaluation:
        out["evaluation"] = evaluation
    return out


def verify_weights(path: Path, card: dict[str, Any]) -> None:
    """Check the weight files against the sha256 sums in the card; raise ModelError on mismatch."""
    sums = card.get("weights_sha256") or {}
    if not isinstance(sums, dict):
        raise ModelError(f"{path / CARD_FILE}: weights_sha256 must map file names to sha256 sums; restore the card")
    for name, expected in sums.items():
        f = path / name
        if not f.exists():
            raise ModelError(f"{f} is missing; the card lists it. Restore the model folder (git checkout models/)")
        if sha256_file(f) != expected:
            raise ModelError(f"{f}: sha256 does not match the model card; the weights are corrupt or were "
                             "replaced. Restore them (git checkout models/) or retrain")


def weights_sha256(folder: str | Path) -> dict[str, str]:
    """sha256 of each ``*.safetensors`` file of a model folder, by file name, sorted."""
    return {p.name: sha256_file(p) for p in sorted(Path(folder).glob("*.safetensors"))}


def write_card(folder: str | Path, card: dict[str, Any]) -> Path:
    """Write ``card`` as the folder's ``card.json`` (indented JSON, atomically); returns its path."""
    return atomic_write_text(Path(folder) / CARD_FILE, json.dumps(card, indent=2) + "\n")


# What a model folder written by framing (or any Hugging Face checkpoint) may hold; a folder with anything else
# is the user's and is never replaced.
_MODEL_FOLDER_FILES = frozenset({
    "config.json", "card.json", "README.md", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
    "vocab.txt", "vocab.json", "merges.txt", "added_tokens.json", "sentencepiece.bpe.model", "spm.model", "onnx",
    "generation_config.json",
})


def is_model_folder(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a folder holding a model (config.json and weights) and nothing but model files."""
    folder = Path(path)
    if not folder.is_dir() or not (folder / "config.json").is_file():
        return False
    names = [p.name for p in folder.iterdir()]
    has_weights = any(n.endswith((".safetensors", ".bin")) for n in names)
    return has_weights and all(n in _MODEL_FOLDER_FILES or n.endswith((".safetensors", ".bin")) for n in names)


def check_model_output(output: str | os.PathLike[str], *, overwrite: bool = False,
                       inputs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Refuse, before any training, an output folder whose writing would lose data.

    An existing path is replaced only when it is a model folder (:func:`is_model_folder`) and ``overwrite`` is
    set; an empty folder is used as is. Inputs may not lie inside the output folder.
    """
    out = Path(output)
    resolved = out.resolve()
    for item in inputs:
        src = Path(item).resolve()
        if src == resolved or resolved in src.parents:
            raise InputError(f"{out}: the model folder would hold or replace the input {item}; "
                             "choose a new folder for the model")
    if not out.exists():
        return
    if not out.is_dir():
        raise InputError(f"{out} is a file, not a model folder; choose a new folder name for the model")
    if not any(out.iterdir()):
        return
    if not is_model_folder(out):
        raise InputError(f"{out} exists and is not a model folder (it holds other files); "
                         "choose a new folder name for the model; nothing was written")
    if not overwrite:
        raise OutputExistsError(f"{out} already holds a model; choose another folder or allow replacing it")
