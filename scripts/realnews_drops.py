"""What the page reader drops from real copy: a seeded sample of ../shared/data/realnews (Wikinews and
congressional press releases; clean article text, so nearly everything dropped should be furniture).

    python scripts/realnews_drops.py [--n 150] [--seed 0] [--show]

Prints the drops by reason, how many dropped units look like article sentences (>= 6 words, sentence end),
and the body-sentence loss rate: dropped sentence-like units / all sentence-like units. ``--show`` lists
every dropped sentence-like unit to read by hand. Skips when ../shared is absent. Evaluation only: nothing
here trains or tunes a model.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import Document, read_page, site_furniture  # noqa: E402
from framing._segment import segment_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "realnews"
FILES = ("wikinews.jsonl", "congress_press_releases.jsonl")


def sentence_like(text: str) -> bool:
    return len(re.findall(r"[\w'’]+", text)) >= 6 and text.rstrip("\"'”’) ").endswith((".", "!", "?", "…"))


def sample(n: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    docs: list[Document] = []
    for name in FILES:
        recs = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        for r in rng.sample(recs, n // len(FILES)):
            docs.append(Document(r["id"], r["outlet"], r["text"]))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    docs = sample(args.n, args.seed)
    furniture = site_furniture(docs)
    reasons: Counter[str] = Counter()
    lost: list[tuple[str, str, str]] = []
    total_like = kept_units = 0
    for doc in docs:
        kept, dropped = read_page(doc, furniture.get(doc.outlet, frozenset()))
        kept_units += len(kept)
        reasons.update(d.reason for d in dropped)
        total_like += sum(sentence_like(s.text) for s in kept)
        for d in dropped:
            if sentence_like(d.text) and d.reason != "duplicate":
                lost.append((doc.id, d.reason, d.text))
        total_like += sum(sentence_like(d.text) for d in dropped if d.reason != "duplicate")
    seg_reasons: Counter[str] = Counter(d.reason for doc in docs for d in segment_text(doc.text, doc.id, doc.outlet)[1])
    n_drop = sum(reasons.values())
    print(f"{len(docs)} documents, {kept_units} units kept, {n_drop} dropped")
    print("dropped by reason (page reader):", dict(reasons.most_common()))
    print("dropped by reason (segmenter alone):", dict(seg_reasons.most_common()))
    print(f"sentence-like units dropped (not as duplicates): {len(lost)} of {total_like} "
          f"({len(lost) / max(total_like, 1):.2%}); by reason: {dict(Counter(r for _, r, _ in lost).most_common())}")
    if args.show:
        for doc_id, reason, text in lost:
            print(f"[{reason}] {doc_id}: {text}")


if __name__ == "__main__":
    main()
