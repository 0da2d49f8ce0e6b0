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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing._page_eval import evaluate_html_pages  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pages"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--extractors", default="trafilatura,fallback,justext")
    args = ap.parse_args()
    if not (args.pages / "ground-truth.json").exists():
        print(f"no pages at {args.pages}; skipped")
        return
    print("| extractor | precision | recall | F1 | pages |\n|---|---|---|---|---|")
    for name in args.extractors.split(","):
        r = evaluate_html_pages(args.pages, name, args.limit)  # type: ignore[arg-type]
        print(f"| {name} | {r['pages_precision']:.3f} | {r['pages_recall']:.3f} | {r['pages_token_f1']:.3f} | {r['n']} |")


if __name__ == "__main__":
    main()
