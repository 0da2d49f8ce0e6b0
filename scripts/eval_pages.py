"""Body token F1 of HTML extraction on real news pages (../shared/data/pages; evaluation only).

Usage:  python scripts/eval_pages.py [--pages ../shared/data/pages] [--limit N]

For each page, the article body found by an extractor is compared with the hand-checked
``articleBody`` as bags of whitespace tokens (the benchmark's token-level measure): precision =
shared tokens / extracted tokens, recall = shared tokens / gold tokens; figures are means over pages
(a page where the extractor finds nothing counts precision 0... recall 0).  Extractors:
``trafilatura`` (framing's HTML reader without the title line), ``fallback`` (framing's own tag
stripper, today's parser) and ``justext``.  No rule is tuned to these pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing._html import main_text  # noqa: E402
from framing._io import html_to_text  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pages"


def token_prf(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = Counter(gold.split()), Counter(pred.split())
    tp = sum((g & p).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(g.values()) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def _justext(html: str) -> str:
    import justext

    paras = justext.justext(html.encode("utf-8", "replace"), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paras if not p.is_boilerplate)


EXTRACTORS = {"trafilatura": lambda h: main_text(h)[0], "fallback": html_to_text, "justext": _justext}


def evaluate(pages: Path, names: list[str], limit: int | None = None) -> dict[str, dict[str, float]]:
    gold = json.loads((pages / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit]
    sums = {n: [0.0, 0.0, 0.0] for n in names}
    for i in ids:
        html = gzip.open(pages / "html" / f"{i}.html.gz", "rb").read().decode("utf-8", "replace")
        for n in names:
            for k, v in enumerate(token_prf(gold[i]["articleBody"], EXTRACTORS[n](html))):
                sums[n][k] += v
    return {n: {"precision": s[0] / len(ids), "recall": s[1] / len(ids), "f1": s[2] / len(ids), "n": len(ids)}
            for n, s in sums.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--extractors", default="trafilatura,fallback,justext")
    args = ap.parse_args()
    if not (args.pages / "ground-truth.json").exists():
        print(f"no pages at {args.pages}; skipped")
        return
    res = evaluate(args.pages, args.extractors.split(","), args.limit)
    print("| extractor | precision | recall | F1 | pages |\n|---|---|---|---|---|")
    for n, r in res.items():
        print(f"| {n} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['n']} |")


if __name__ == "__main__":
    main()
