"""Quotation finding and quote→speaker linking on the fictional fixtures in samples/quotes.jsonl.

    python scripts/eval_quotes.py                 # prints a table, then the figures as JSON on the last line
    python scripts/eval_quotes.py --errors        # also every miss
    python scripts/eval_quotes.py --min-speaker-accuracy 0.9   # exit 1 below it

Each line of samples/quotes.jsonl is one article: {"id", "outlet", "text", "quotes": [{"start", "end", "text",
"speaker", "kind"}]} with the gold quoted words (marks left out), the speaker as the article names them most
fully (a person's full name, or a description such as "finance ministry"), and the kind (direct, partial,
scare). A gold quotation is found when a predicted one overlaps it; its speaker is right when the predicted
speaker and the gold one have the same name key (framing._speakers.name_key), or one key's words are all in the
other's ("the official" for "palace official, who asked not to be named"). Speaker accuracy is over the gold
quotations that have a speaker (a quotation not found counts as wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from framing import segment
from framing._quotes import find_quotes
from framing._speakers import name_key
from framing._types import Document

REPO = Path(__file__).resolve().parents[1]


def same_speaker(pred: str | None, gold: str) -> bool:
    if pred is None:
        return False
    a, b = name_key(pred), name_key(gold)
    if a == b:
        return True
    wa, wb = set(a.replace(",", " ").split()), set(b.replace(",", " ").split())
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO / "samples" / "quotes.jsonl")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--min-speaker-accuracy", type=float)
    args = ap.parse_args(argv)
    docs = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()]
    n_sent = found = gold_n = pred_n = matched_pred = kind_ok = spk_ok = spk_n = 0
    errors = []
    for d in docs:
        sents, _ = segment(Document(d["id"], d["outlet"], d["text"]))
        n_sent += len(sents)
        preds = find_quotes(d["text"], [(s.start, s.end) for s in sents])
        pred_n += len(preds)
        matched_pred += sum(any(p.start < g["end"] and g["start"] < p.end for g in d["quotes"]) for p in preds)
        for g in d["quotes"]:
            gold_n += 1
            hit = next((p for p in preds if p.start < g["end"] and g["start"] < p.end), None)
            found += hit is not None
            kind_ok += hit is not None and hit.kind == g["kind"]
            if g["speaker"] is not None:
                spk_n += 1
                ok = hit is not None and same_speaker(hit.speaker, g["speaker"])
                spk_ok += ok
                if not ok:
                    errors.append((d["id"], g["text"][:50], g["speaker"], hit.speaker if hit else "(not found)"))
            elif hit is not None and hit.kind != "scare":
                errors.append((d["id"], g["text"][:50], "(scare)", hit.kind))
    res = {"articles": len(docs), "sentences": n_sent, "gold_quotes": gold_n,
           "recall": round(found / gold_n, 4), "precision": round(matched_pred / pred_n, 4) if pred_n else 0.0,
           "kind_accuracy": round(kind_ok / gold_n, 4), "speaker_accuracy": round(spk_ok / spk_n, 4), "with_speaker": spk_n}
    print(f"{len(docs)} articles, {n_sent} sentences, {gold_n} gold quotations ({spk_n} with a speaker)")
    print(f"found {res['recall']:.3f} (precision {res['precision']:.3f}), kind right {res['kind_accuracy']:.3f}, "
          f"speaker right {res['speaker_accuracy']:.3f}")
    if args.errors:
        for e in errors:
            print("  ", *e, sep=" | ")
    print(json.dumps(res))
    if args.min_speaker_accuracy is not None and res["speaker_accuracy"] < args.min_speaker_accuracy:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
