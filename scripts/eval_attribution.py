"""Measure attribution extraction (source, cue, content spans and their types) against gold spans.

    python scripts/eval_attribution.py                          # rules (framing._evidence) on all of the gold set
    python scripts/eval_attribution.py --system baseline        # the lexicon baseline
    python scripts/eval_attribution.py --predictions spacy.jsonl   # spans predicted elsewhere (scripts/spacy_attribution.py)
    python scripts/eval_attribution.py --split test --min-source-f1 0.8 --min-cue-f1 0.9   # regression check

Gold: samples/attribution_spans.jsonl, one sentence a line: {"id", "text", "source": [start, end] | null,
"cue": [start, end], "content": [start, end] | null, "source_type", "cue_type", "kind", "split"}.
Prints a table, then the figures as JSON on the last line. Exits 1 when a --min-* threshold is not met,
2 on bad input. With --markers-data it also reports how often a structure is found on sentences labelled
attribution 1 and 0 in samples/markers.jsonl.

The scoring is framing._evaluate's (load_span_gold, predict_spans, score_spans), the same code that checks the
[attribution_spans] table of `framing eval samples/suite.toml`; this script adds the baseline, external
predictions, per-split tables and the detection check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable

from framing import FramingError
from framing._evaluate import SPAN_ROLES as ROLES
from framing._evaluate import SpanPrediction as Prediction
from framing._evaluate import load_span_gold as load_gold
from framing._evaluate import predict_spans as rules_system
from framing._evaluate import score_spans

REPO = Path(__file__).resolve().parents[1]


_BASE_EVAL = {"claimed", "claims", "admitted", "admits", "insisted", "insists", "conceded", "alleged", "warned",
              "argued", "denied", "acknowledged", "asserted", "maintained"}


def baseline_system(text: str) -> Prediction:
    """The built-in attribution lexicon: first cue outside quotes; source = the words between the previous
    punctuation mark and the cue (or after the cue up to the next one); content = the rest of the sentence."""
    from framing import builtin_markers

    marker = builtin_markers()["attribution"]
    quotes = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]
    cues = [c for c in marker.find_cues(text) if not any(a < c.start < b for a, b in quotes)
            and c.text.lower() not in ("sources", "a spokesperson", "a spokesman", "a spokeswoman")]
    if not cues:
        return {}
    cue = cues[0]
    end = len(text.rstrip(" .”\""))
    left = text[: cue.start]
    m = re.search(r"[,.;:“”\"]\s*([^,.;:“”\"]*)$", left)
    s = m.start(1) if m else 0
    source = [s, len(left.rstrip())] if left[s:].strip() else None
    if source is None:
        m2 = re.match(r"\s*([^,.;:“”\"]+)", text[cue.end:])
        source = [cue.end + m2.start(1), cue.end + m2.end(1)] if m2 else None
        content_span = [0, max(0, cue.start - 2)] if cue.start > 2 else None
    else:
        content_span = [cue.end + 1, end] if end > cue.end + 1 else None
    src_text = text[source[0]:source[1]] if source else ""
    if src_text.lower() in ("he", "she", "they"):
        stype = "unspecified"
    elif re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+", src_text):
        stype = "named_person"
    else:
        stype = "unspecified"
    return {"source": source, "cue": [cue.start, cue.end], "content": content_span, "source_type": stype,
            "cue_type": "evaluative" if cue.text.lower() in _BASE_EVAL else "neutral"}


def reclassify(text: str, pred: Prediction) -> Prediction:
    """The prediction with its source typed by framing's rules (context: the source up to the cue, or to the end)."""
    from framing._evidence import classify_source

    if not pred or not pred.get("source"):
        return pred
    s, e = pred["source"]
    cue = pred.get("cue") or [len(text), len(text)]
    context = text[s:cue[0]] if cue[0] > s else text[s:]
    return {**pred, "source_type": classify_source(text[s:e], context)}


def detection(system: Callable[[str], Prediction], path: Path) -> dict[str, Any]:
    """How often a structure is found on sentences labelled attribution 1 (recall) and 0 (false alarms)."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    pos = [r for r in rows if r.get("attribution") == 1]
    neg = [r for r in rows if r.get("attribution") == 0]
    found_pos = sum(bool(system(r["text"])) for r in pos)
    found_neg = sum(bool(system(r["text"])) for r in neg)
    return {"n_pos": len(pos), "n_neg": len(neg), "recall": round(found_pos / len(pos), 4) if pos else 0.0,
            "false_alarm_rate": round(found_neg / len(neg), 4) if neg else 0.0}


def print_table(name: str, res: dict[str, Any], file: Any = sys.stdout) -> None:
    print(f"\n{name}: {res['n']} sentences, structure found for {res['found']:.1%}", file=file)
    print(f"{'span':<9}{'exact P':>9}{'exact R':>9}{'exact F1':>10}{'token P':>9}{'token R':>9}{'token F1':>10}", file=file)
    for role in ROLES:
        e, t = res[role]["exact"], res[role]["token"]
        print(f"{role:<9}{e['precision']:>9.3f}{e['recall']:>9.3f}{e['f1']:>10.3f}"
              f"{t['precision']:>9.3f}{t['recall']:>9.3f}{t['f1']:>10.3f}", file=file)
    print(f"source_type accuracy {res['source_type']['accuracy']:.3f} (n={res['source_type']['n']}), "
          f"cue_type accuracy {res['cue_type']['accuracy']:.3f} (n={res['cue_type']['n']})", file=file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO / "samples" / "attribution_spans.jsonl")
    ap.add_argument("--system", choices=("rules", "baseline"), default="rules")
    ap.add_argument("--predictions", type=Path, help="JSONL of predictions by id (overrides --system)")
    ap.add_argument("--reclassify", action="store_true",
                    help="re-type predicted sources with framing's rules (isolates span extraction from typing)")
    ap.add_argument("--split", choices=("all", "dev", "test", "holdout"), default="all")
    ap.add_argument("--by-split", action="store_true", help="also report each split (dev, test, holdout) separately")
    ap.add_argument("--markers-data", type=Path, help="samples/markers.jsonl: detection on attribution 1/0 sentences")
    ap.add_argument("--errors", action="store_true", help="list every disagreement")
    ap.add_argument("--min-source-f1", type=float, help="fail (exit 1) if source exact-match F1 is lower")
    ap.add_argument("--min-cue-f1", type=float, help="fail (exit 1) if cue exact-match F1 is lower")
    ap.add_argument("--min-source-token-f1", type=float, help="fail (exit 1) if source token-overlap F1 is lower")
    ap.add_argument("--min-source-type-accuracy", type=float, help="fail (exit 1) if source_type accuracy is lower")
    args = ap.parse_args(argv)

    try:
        gold_all = load_gold(args.data)
    except FramingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    by_id = {g["id"]: g for g in gold_all}
    gold = gold_all if args.split == "all" else [g for g in gold_all if g.get("split") == args.split]
    if args.predictions:
        try:
            lines = [x for x in args.predictions.read_text(encoding="utf-8").splitlines() if x.strip()]
            preds = {str(r["id"]): r for r in map(json.loads, lines)}
        except (OSError, ValueError, KeyError) as exc:
            print(f"error: {args.predictions}: {exc}", file=sys.stderr)
            return 2
        name = args.predictions.stem
        system = None
    else:
        system = rules_system if args.system == "rules" else baseline_system
        preds = {g["id"]: system(g["text"]) for g in gold_all}
        name = args.system
    if args.reclassify:
        preds = {k: reclassify(by_id[k]["text"], p) for k, p in preds.items() if k in by_id}
        name += "+rules-types"
    errors: list[tuple[Any, ...]] = []
    result = score_spans(gold, preds, errors)
    print_table(f"{name} [{args.split}]", result)
    report: dict[str, Any] = {"system": name, "split": args.split, **result}
    if args.by_split:
        for split in sorted({g.get("split") for g in gold_all if g.get("split")}):
            part = score_spans([g for g in gold_all if g.get("split") == split], preds)
            print_table(f"{name} [{split}]", part)
            report[split] = part
    if args.markers_data and system is not None:
        det = detection(system, args.markers_data)
        print(f"\ndetection on {args.markers_data.name}: found on {det['recall']:.1%} of {det['n_pos']} attribution "
              f"sentences and {det['false_alarm_rate']:.1%} of {det['n_neg']} others")
        report["detection"] = det
    if args.errors:
        print("\ndisagreements (id, what, gold, predicted):")
        for e in errors:
            print("  ", *e, sep=" | ")
    failed = []
    checks = [("source exact F1", args.min_source_f1, result["source"]["exact"]["f1"]),
              ("cue exact F1", args.min_cue_f1, result["cue"]["exact"]["f1"]),
              ("source token F1", args.min_source_token_f1, result["source"]["token"]["f1"]),
              ("source_type accuracy", args.min_source_type_accuracy, result["source_type"]["accuracy"])]
    for what, minimum, value in checks:
        if minimum is not None and value < minimum:
            failed.append(f"{what} {value:.3f} < {minimum:.3f}")
    if failed:
        print("\nREGRESSION: " + "; ".join(failed))
    report["passed"] = not failed
    print(json.dumps(report, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
