"""One way for the evaluation scripts to run a command (the framing CLI or another script) as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], log: Path | None = None, ok: tuple[int, ...] = (0,)) -> str:
    """Run ``cmd`` offline from the repository root; append its output to ``log``; stop with its tail on failure."""
    done = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if log is not None:
        with log.open("a") as f:
            f.write(f"$ {' '.join(cmd)}\n{done.stdout}\n{done.stderr}\n")
    if done.returncode not in ok:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr.strip()[-800:]}")
    return done.stdout


def framing_cli(*args: str, log: Path | None = None, ok: tuple[int, ...] = (0,)) -> str:
    """``framing ARGS`` with this interpreter (``python -m framing.cli``)."""
    return run([sys.executable, "-m", "framing.cli", *args], log, ok)
