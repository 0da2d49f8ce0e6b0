#!/usr/bin/env python
"""What each adaptation source adds: re-train the default model's adaptation without one source at a time.

Every variant starts from the same unadapted NLI model (``--base-model``) with the shipped recipe
(``framing adapt ... --replay nli_train_extra --replay-ratio 0.75 --epochs 1 --lr 2e-5 --seed 13``), then is
calibrated on the calibration part exactly as the built-in markers are (``framing calibrate --method platt
--lexicon-search``), and measured on: the own test part (``framing eval samples/suite.toml``), SFU reviews
hedging, BABE and WNC test pairs (``scripts/eval_external.py``, ``--limit`` sentences each) and MNLI
dev-matched (``scripts/eval_nli.py``, ``--mnli-limit`` pairs). Variants:

    unadapted       no adaptation (calibration only)
    own             the project's own training part, no minimal pairs
    own+pairs       + generated minimal pairs
    own+pairs+hedge + WikiWeasel and BioScope (hedging)
    own+pairs+wnc   + WNC biased/neutral pairs (loaded language)
    all             every source: the shipped recipe

Each step's output is kept in ``--workdir``, so a re-run resumes where it stopped. Needs ../shared.

    python scripts/build_adaptation_data.py --out /tmp/adapt_public.jsonl
    python scripts/ablate_adaptation.py --public /tmp/adapt_public.jsonl --base-model /path/to/unadapted \\
        --workdir /tmp/ablation --out docs/ablation.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _run import framing_cli, run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
VARIANTS: dict[str, tuple[tuple[str, ...], bool]] = {  # name: (public origins, minimal pairs)
    "unadapted": ((), False),
    "own": ((), False),
    "own+pairs": ((), True),
    "own+pairs+hedge": (("wikiweasel", "bioscope"), True),
    "own+pairs+wnc": (("wnc",), True),
    "all": (("wikiweasel", "bioscope", "wnc"), True),
}


def variant(name: str, args: argparse.Namespace, public: pd.DataFrame) -> dict:
    origins, pairs = VARIANTS[name]
    work = Path(args.workdir) / name
    work.mkdir(parents=True, exist_ok=True)
    log = work / "log.txt"
    py = sys.executable
    model = Path(args.base_model)
    if name == "all" and args.all_model:
        model = Path(args.all_model)
    elif name != "unadapted":
        model = work / "model"
        if not (model / "card.json").exists():
            labelled = [str(ROOT / "samples" / "markers.jsonl")]
            if origins:
                extra = work / "public.jsonl"
                public[public["origin"].isin(origins)].to_json(extra, orient="records", lines=True, force_ascii=False)
                labelled.append(str(extra))
            framing_cli("adapt", *labelled, "-o", str(model), "--base-model", args.base_model,
                        "--replay", str(SHARED / "nli" / "nli_train_extra.parquet"), "--replay-ratio", "0.75",
                        "--epochs", "1", "--lr", "2e-5", "--batch-size", "32", "--seed", "13",
                        "--checkpoint-dir", str(work / "ckpt"), "--quiet",
                        *([] if pairs else ["--no-minimal-pairs"]), log=log, ok=(0, 1))
    markers = work / "markers.toml"
    if not markers.exists():
        framing_cli("calibrate", str(ROOT / "samples" / "markers.jsonl"), "-o", str(markers),
                    "--model", str(model), "--method", "platt", "--lexicon-search", log=log, ok=(0, 1))
    result_file = work / "result.json"
    if result_file.exists():
        return json.loads(result_file.read_text())
    framing_cli("eval", str(ROOT / "samples" / "suite.toml"), "--model", str(model),
                "--markers", str(markers), "-o", str(work / "own_test.json"), log=log, ok=(0, 1))
    own = json.loads((work / "own_test.json").read_text())
    run([py, str(ROOT / "scripts" / "eval_external.py"), "--model", str(model), "--markers", str(markers),
         "--limit", str(args.limit), "--only", "SFU", "--only", "BABE", "--only", "WNC",
         "--out", str(work / "external.json")], log, ok=(0, 1))
    external = json.loads((work / "external.json").read_text())["results"]
    mnli = run([py, str(ROOT / "scripts" / "eval_nli.py"), "--model", str(model), "--limit", str(args.mnli_limit),
                "--data", str(SHARED / "nli" / "mnli_dev_matched.parquet")], log, ok=(0, 1))
    result = {
        "variant": name, "origins": list(origins), "minimal_pairs": pairs,
        "own_test_f1": {m: own["metrics"][m]["f1"] for m in ("hedging", "attribution", "loaded_language")},
        "sfu_hedging_f1": external["SFU reviews"]["f1"],
        "babe_macro_f1": external["BABE (SG2)"]["macro_f1"],
        "wnc_ranked": external["WNC test pairs"]["ranked_correctly"],
        "mnli_dev_matched": json.loads(mnli.strip().splitlines()[-1])["accuracy"],
    }
    result_file.write_text(json.dumps(result, indent=2) + "\n")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--public", required=True, help="output of scripts/build_adaptation_data.py")
    ap.add_argument("--base-model", required=True, help="the unadapted NLI model folder")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--all-model", help="use this model for 'all' instead of re-training (e.g. models/framing-nli-minilm)")
    ap.add_argument("--variant", action="append", choices=list(VARIANTS), help="run only these (repeatable)")
    ap.add_argument("--limit", type=int, default=1000, help="sentences per public evaluation set")
    ap.add_argument("--mnli-limit", type=int, default=3000, help="MNLI dev-matched pairs")
    ap.add_argument("--out", help="write all results as JSON")
    args = ap.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} not found")
        return 0
    public = pd.read_json(args.public, lines=True)
    results = []
    print(f"{'variant':<17} {'hedge':>6} {'attr':>6} {'loaded':>6} {'SFU':>6} {'BABE':>6} {'WNC':>6} {'MNLI':>6}")
    for name in args.variant or list(VARIANTS):
        r = variant(name, args, public)
        results.append(r)
        f1 = r["own_test_f1"]
        print(f"{name:<17} {f1['hedging']:>6.3f} {f1['attribution']:>6.3f} {f1['loaded_language']:>6.3f} "
              f"{r['sfu_hedging_f1']:>6.3f} {r['babe_macro_f1']:>6.3f} {r['wnc_ranked']:>6.3f} "
              f"{r['mnli_dev_matched']:>6.3f}", flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
