"""Token-level source / cue / content F1 and quote→speaker accuracy on PolNeAR (real news, evaluation only).

    python scripts/eval_polnear.py                      # test split, ../shared/data/markers/attribution_polnear.jsonl
    python scripts/eval_polnear.py --split dev
    PYTHONPATH=/path/to/older/checkout python scripts/eval_polnear.py   # "before" figures of another version

PolNeAR (Newell, Margolin & Ruths, LREC 2018) labels every attribution of a sentence with source, cue and
content spans, clipped to the sentence (see SOURCE.md there: no licence stated, so it is used to measure only;
nothing is fitted on it). Tokens are \\w+ runs; for each role the gold tokens are the union of the role's spans
in the sentence and the predicted tokens those of framing's spans; precision, recall and F1 are micro-averaged
over all sentences of the split (sentences without attribution count for false positives).

Systems: ``rules`` = framing.extract_attribution per sentence (the main attribution of each sentence);
``rules+quotes`` adds the quotation structure read over the whole article (sentences joined in order): a
sentence inside a quotation whose speaker is found gets the quoted words as content, and the speaker mention
as source where it lies in the sentence and the rules found none; ``all+quotes`` also adds every attribution of
the sentence (framing.extract_attributions: what ``Scorer.score`` puts in the attribution evidence, with the wider
cues: participles, colons and dashes before or after a quotation, cited, called for...).

Cue spans follow framing's convention (the reporting verb alone, docs/attribution.md section 2); PolNeAR's cues
include auxiliaries, adverbials and particles ("has also called for", "said in a recent interview"). The
``cue_one_word_ceiling`` figure is the token recall a system would reach if it found every gold cue as one word.

Quote→speaker: for every direct quotation whose text overlaps gold content in the sentence that closes it (or
opens it) and where that sentence has gold source spans, the speaker is right when framing's speaker mention
overlaps a gold source span of that sentence. A quotation with no speaker found counts as wrong.
The figures are printed as a table, then as JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "markers" / "attribution_polnear.jsonl"
ROLES = ("source", "cue", "content")
_TOKEN = re.compile(r"\w+")


def tokens(text: str, spans: list[list[int]] | list[tuple[int, int]]) -> set[int]:
    """Start offsets of the \\w+ tokens that overlap any of ``spans``."""
    out = set()
    for m in _TOKEN.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in spans):
            out.add(m.start())
    return out


def load(path: Path, split: str) -> dict[str, list[dict[str, Any]]]:
    docs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if r.get("split") != split:
            continue
        doc, idx = r["source_id"].rsplit(":", 1)
        r["_idx"] = int(idx)
        docs[doc].append(r)
    for rows in docs.values():
        rows.sort(key=lambda r: r["_idx"])
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (PolNeAR is shared evaluation data)", file=sys.stderr)
        return 0
    from framing._evidence import extract_attribution

    try:
        from framing._quotes import find_quotes, sentence_quotes
    except ImportError:  # an older version without quotation structure
        find_quotes = sentence_quotes = None  # type: ignore[assignment]

    docs = load(args.data, args.split)
    try:
        from framing._evidence import extract_attributions
    except ImportError:
        extract_attributions = None  # type: ignore[assignment]
    systems = ("rules", "rules+quotes", "all+quotes")
    counts = {sys_: {role: [0, 0, 0] for role in ROLES} for sys_ in systems}  # tp, fp, fn
    linked = [0, 0]  # right, total
    n_sent = 0
    for rows in docs.values():
        text = " ".join(r["text"] for r in rows)
        bounds, pos = [], 0
        for r in rows:
            bounds.append((pos, pos + len(r["text"])))
            pos += len(r["text"]) + 1
        quotes = find_quotes(text, bounds) if find_quotes else []
        for r, (a, b) in zip(rows, bounds):
            n_sent += 1
            t = r["text"]
            found = extract_attribution(t)
            pred: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
            if found is not None:
                for role in ROLES:
                    sp = getattr(found, role)
                    if sp is not None:
                        pred[role].append((sp.start, sp.end))
            parts = sentence_quotes(quotes, a, b, t) if sentence_quotes else ()
            with_q = {role: list(v) for role, v in pred.items()}
            for q in parts:
                if q.kind == "scare" or q.speaker is None:
                    continue
                with_q["content"].append((q.start, q.end))
                if q.mention is not None and not pred["source"]:
                    with_q["source"].append((q.mention.start, q.mention.end))
            every = {role: list(v) for role, v in with_q.items()}
            for extra in (extract_attributions(t) if extract_attributions else []):
                for role in ROLES:
                    sp = getattr(extra, role)
                    if sp is not None:
                        every[role].append((sp.start, sp.end))
            for sys_, p in (("rules", pred), ("rules+quotes", with_q), ("all+quotes", every)):
                for role in ROLES:
                    gold = tokens(t, r[role])
                    got = tokens(t, p[role])
                    c = counts[sys_][role]
                    c[0] += len(gold & got)
                    c[1] += len(got - gold)
                    c[2] += len(gold - got)
        # quote -> speaker
        for q in quotes:
            if q.kind != "direct":
                continue
            for k in (_index(bounds, q.end - 1), _index(bounds, q.start)):
                r = rows[k]
                sa = bounds[k][0]
                gold_src = [(x + sa, y + sa) for x, y in r["source"]]
                gold_content = [(x + sa, y + sa) for x, y in r["content"]]
                if not gold_src or not any(x < q.end and q.start < y for x, y in gold_content):
                    continue
                linked[1] += 1
                m = q.mention
                linked[0] += int(m is not None and any(x < m.end and m.start < y for x, y in gold_src))
                break
    report: dict[str, Any] = {"split": args.split, "sentences": n_sent, "documents": len(docs)}
    print(f"PolNeAR {args.split}: {len(docs)} articles, {n_sent} sentences; token-level micro P / R / F1")
    for sys_, per in counts.items():
        report[sys_] = {}
        for role, (tp, fp, fn) in per.items():
            p = tp / (tp + fp) if tp + fp else 0.0
            rcl = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * rcl / (p + rcl) if p + rcl else 0.0
            report[sys_][role] = {"precision": round(p, 4), "recall": round(rcl, 4), "f1": round(f1, 4)}
            print(f"  {sys_:<13} {role:<8} {p:.3f} / {rcl:.3f} / {f1:.3f}")
    gold_spans = sum(len(r["cue"]) for rows in docs.values() for r in rows)
    gold_tokens = sum(len(tokens(r["text"], r["cue"])) for rows in docs.values() for r in rows)
    ceiling = gold_spans / gold_tokens if gold_tokens else 0.0
    report["cue_one_word_ceiling"] = {"recall": round(ceiling, 4), "gold_cues": gold_spans, "gold_tokens": gold_tokens}
    print(f"  cue token recall if every gold cue were found as one word: {ceiling:.3f} "
          f"({gold_spans} cues, {gold_tokens} tokens)")
    acc = linked[0] / linked[1] if linked[1] else 0.0
    report["quote_speaker"] = {"accuracy": round(acc, 4), "n": linked[1]}
    print(f"  quote→speaker accuracy {acc:.3f} over {linked[1]} direct quotations with a gold source")
    print(json.dumps(report))
    return 0


def _index(bounds: list[tuple[int, int]], pos: int) -> int:
    for k, (a, b) in enumerate(bounds):
        if a <= pos <= b:
            return k
    return len(bounds) - 1


if __name__ == "__main__":
    sys.exit(main())
