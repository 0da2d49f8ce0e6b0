"""Time ``framing story`` on five raw articles (scoring with the default model + aligning + writing the page),
and measure how many groups articles of one story share, against articles of two stories (the refusal rule).

    python scripts/bench_story.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = REPO / "examples" / "story"
        five = Path(tmp) / "five"
        for outlet in sorted(p for p in src.iterdir() if p.is_dir())[:5]:
            shutil.copytree(outlet, five / outlet.name)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "framing.cli", "story", str(five), "--actors", str(src / "actors.toml"),
                        "-o", str(Path(tmp) / "story.html"), "-q"], check=True, cwd=REPO)
        print(f"framing story on 5 raw articles: {time.perf_counter() - t0:.1f} s wall (process start to exit)")

    import itertools
    from collections import Counter

    import framing
    from framing._results import read_results
    from framing._story import StoryConfig
    from framing._types import SentenceResult

    # the fixture story mixed with the ten articles of examples/corpus (another story): how many groups does each
    # pair of articles share? (sentences of examples/corpus unscored: the alignment does not use the scores)
    with tempfile.TemporaryDirectory() as tmp:
        scores = Path(tmp) / "scores.jsonl"
        subprocess.run([sys.executable, "-m", "framing.cli", "score", str(src), "-o", str(scores), "-q"], check=True,
                       cwd=REPO)
        results = read_results(scores)
    other = [SentenceResult(d.id, d.outlet, s.index, s.text, {"hedging": 0.0}, {"hedging": False})
             for d in framing.read_documents(REPO / "examples" / "corpus") for s in framing.segment(d)[0]]
    mixed = framing.align_story(results + other, StoryConfig(max_stray_share=1.0), actors=src / "actors.toml")
    shared: Counter = Counter()
    for g in mixed.groups:
        for a, b in itertools.combinations(sorted({(m.outlet, m.doc_id) for m in g.members}), 2):
            shared[(a, b)] += 1
    fixture = {r.doc_id for r in results}
    docs = sorted({(m.outlet, m.doc_id) for g in mixed.groups for m in g.members})
    same = [shared[(a, b)] for a, b in itertools.combinations(docs, 2) if a[1] in fixture and b[1] in fixture]
    cross = [shared[(a, b)] for a, b in itertools.combinations(docs, 2) if (a[1] in fixture) != (b[1] in fixture)]
    print(f"groups shared by two articles of the fixture story: min {min(same)}, median {sorted(same)[len(same) // 2]}; "
          f"by an article of each story: max {max(cross)} ({Counter(cross)})")
    try:
        framing.align_story(results + other, actors=src / "actors.toml")
        print("the mixed input was NOT refused")
    except framing.InputError as exc:
        print(f"the mixed input is refused: {exc}")

if __name__ == "__main__":
    main()
