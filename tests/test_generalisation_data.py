"""The appeal-to-fear generalisation data (docs/generalisation.md) is well-formed; no model needed."""

from __future__ import annotations

import json
from pathlib import Path

import framing

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _rows() -> list[dict]:
    lines = (SAMPLES / "appeal_to_fear.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_sample_file_is_well_formed():
    rows = _rows()
    assert len(rows) >= 120
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert len({r["text"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "text", "appeal_to_fear", "split"}
        assert r["text"].strip()
        assert r["appeal_to_fear"] in (0, 1) and not isinstance(r["appeal_to_fear"], bool)
        number = int(r["id"].removeprefix("f"))
        assert r["id"] == f"f{number:03d}"
        assert r["split"] == ("calibration" if number <= 60 else "test"), r["id"]
    for split in ("calibration", "test"):
        labels = {r["appeal_to_fear"] for r in rows if r["split"] == split}
        assert labels == {0, 1}, split
    assert 0.35 <= sum(r["appeal_to_fear"] for r in rows) / len(rows) <= 0.55


def test_markers_file_loads():
    markers = framing.load_markers(SAMPLES / "appeal_to_fear.toml")
    fear = markers["appeal_to_fear"]
    assert 3 <= len(fear.templates) <= 4
    assert fear.threshold == 0.5 and fear.aggregate in ("mean", "max")
    assert fear.calibration is None and fear.lexicon_weight == 0.0
    assert fear.cues and fear.description
    assert fear.find_cues("Lock your doors: he could be next.")
    assert set(markers) >= set(framing.builtin_markers())
