"""Time ``framing story`` on five raw articles (scoring with the default model + aligning + writing the page),
and measure how similar articles of one story are against articles of another (the refusal threshold).

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

    import framing
    from framing._story import _canonical_actors, embed

    docs = framing.read_documents(src) + framing.read_documents(REPO / "examples" / "corpus")
    vecs = []
    for d in docs:
        sents = [s.text for s in framing.segment(d)[0]]
        v = embed(sents).mean(axis=0)
        vecs.append(v / np.linalg.norm(v))
    V = np.stack(vecs)
    sims = V @ V.T
    story = np.array([d.id.split("/")[0] in {p.name for p in src.iterdir()} for d in docs])
    iu = np.triu_indices(len(docs), 1)
    same = [sims[i, j] for i, j in zip(*iu) if story[i] == story[j]]
    cross = [sims[i, j] for i, j in zip(*iu) if story[i] != story[j]]
    print(f"article mean-embedding cosine: same story min {min(same):.3f} median {np.median(same):.3f}; "
          f"different stories max {max(cross):.3f} median {np.median(cross):.3f}")


if __name__ == "__main__":
    main()
