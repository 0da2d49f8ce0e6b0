"""Consistency checks: groups of near-synonymous or paraphrased sentences whose decisions must agree.

A group file (``samples/consistency.jsonl``) holds one group a JSON line: ``id``, ``texts`` (two or more
sentences that differ only by a near-synonym or a paraphrase), optionally ``kind``, and the expected 0/1 label
for each marker the group tests (``"hedging": 1``). A suite's ``[consistency]`` table runs it (see
``docs/consistency.md``). Per marker: ``agreement``, the share of groups whose members all get the same
decision, and ``expected``, the share whose members all get the expected label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ._errors import InputError
from ._files import read_jsonl

CONSISTENCY_METRICS = ("agreement", "expected")
"""What a suite's ``[consistency]`` table can bound: ``min_agreement`` / ``min_expected`` per marker."""


@dataclass(frozen=True)
class Group:
    """Sentences whose decision must agree, with the expected label per marker they test."""

    id: str
    texts: tuple[str, ...]
    labels: Mapping[str, int]
    kind: str = ""


@dataclass(frozen=True)
class ConsistencySuite:
    """A suite's ``[consistency]`` table: the group file and ``{metric: {marker: minimum}}``."""

    data: Path
    minimums: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


def load_groups(path: str | Path) -> list[Group]:
    """Read a group file; every key other than ``id``, ``texts`` and ``kind`` is a marker's 0/1 label."""
    p = Path(path)
    groups: list[Group] = []
    for n, row in read_jsonl(p, "consistency file"):
        texts = row.get("texts") if isinstance(row, dict) else None
        if not (isinstance(texts, list) and len(texts) >= 2 and all(isinstance(t, str) and t.strip() for t in texts)):
            raise InputError(f"{p}: line {n} needs 'texts', a list of at least two sentences")
        labels = {k: v for k, v in row.items() if k not in ("id", "texts", "kind")}
        bad = [k for k, v in labels.items() if v not in (0, 1) or isinstance(v, float)]
        if bad:
            raise InputError(f"{p}: line {n}: label {bad[0]!r} must be 0 or 1")
        groups.append(Group(str(row.get("id", n)), tuple(texts), {k: int(v) for k, v in labels.items()},
                            str(row.get("kind", ""))))
    if not groups:
        raise InputError(f"{p}: no groups")
    return groups


def load_consistency_table(suite_path: Path, table: Any) -> ConsistencySuite:
    """Parse a suite's ``[consistency]`` table: ``data`` (relative to the suite) and ``min_<metric>`` tables."""
    where = f"{suite_path}: [consistency]"
    if not isinstance(table, dict) or "data" not in table:
        raise InputError(f'{where} needs at least data = "consistency.jsonl"')
    minimums: dict[str, dict[str, float]] = {}
    for key, value in table.items():
        if key == "data":
            continue
        metric = key[len("min_"):] if key.startswith("min_") else ""
        if metric not in CONSISTENCY_METRICS:
            raise InputError(f"{where}: unknown key {key!r}; use data, min_agreement or min_expected")
        if not isinstance(value, dict):
            raise InputError(f"{where}: {key} must be a table of marker = minimum, e.g. {key} = {{ hedging = 0.9 }}")
        for marker, bound in value.items():
            if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not 0 <= bound <= 1:
                raise InputError(f"{where}: {key}.{marker} must be a number between 0 and 1, got {bound!r}")
        minimums[metric] = {m: float(b) for m, b in value.items()}
    return ConsistencySuite((suite_path.parent / str(table["data"])).resolve(), minimums)


def measure_consistency(groups: Sequence[Group], decide: Callable[[list[str]], Mapping[str, np.ndarray]],
                        markers: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per marker (of ``markers`` that some group labels): ``groups`` (count), ``agreement``, ``expected`` and
    ``disagreeing`` (ids of groups whose members disagree). ``decide`` maps texts to boolean decisions per
    marker; all texts are decided in one call."""
    texts = [t for g in groups for t in g.texts]
    decisions = decide(texts)
    out: dict[str, dict[str, Any]] = {}
    for m in markers:
        tested = [(i, g) for i, g in enumerate(groups) if m in g.labels]
        if not tested:
            continue
        starts = np.cumsum([0] + [len(g.texts) for g in groups])
        agree = expected = 0
        disagreeing: list[str] = []
        for i, g in tested:
            got = np.asarray(decisions[m][starts[i]:starts[i + 1]], dtype=bool)
            if got.all() or not got.any():
                agree += 1
                expected += int(bool(got[0]) == bool(g.labels[m]))
            else:
                disagreeing.append(g.id)
        out[m] = {"groups": len(tested), "agreement": agree / len(tested), "expected": expected / len(tested),
                  "disagreeing": disagreeing}
    return out
