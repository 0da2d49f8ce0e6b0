"""What a report or a plot is made from: a scores file (with the run metadata beside it), a profile file, or
objects in memory, read into one :class:`ReportInput`; with the story view when the input covers one story."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from ._errors import InputError
from ._markers import check_marker_names
from ._profile import OutletProfile, Profiles
from ._results import ScoredCorpus, read_table, scores_from_rows
from ._story import Story, story_of
from ._types import SentenceResult


@dataclass
class ReportInput:
    """What a report is made from: profiles, the sentence results when the input had them, and the headline
    table (profiles over headline units only; empty when the input has no headlines); the story view when the
    input covers one story, or one line saying why there is none (empty: nothing to say)."""

    profiles: list[OutletProfile]
    results: list[SentenceResult] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    headlines: list[OutletProfile] = field(default_factory=list)
    story: Story | None = None
    story_note: str = ""


def _from_results(results: list[SentenceResult], meta: dict[str, Any], seed: int) -> ReportInput:
    profiled = Profiles.from_results(results, seed=seed, meta=meta)
    return ReportInput(profiled.profiles, results, meta, profiled.headlines)


def load_report_input(path: str | Path, *, seed: int = 0) -> ReportInput:
    """Read a scores file (``framing score``: .jsonl/.csv/.parquet), a profile JSON (``framing profile -o
    p.json``) or a tidy profile table (``framing profile -o p.csv``)."""
    p = Path(path)
    hint = "pass a scores file from `framing score` or a profile .json from `framing profile -o`"
    if not p.exists():
        raise InputError(f"input not found: {p}; {hint}")
    suffix = p.suffix.lower()
    if p.is_dir() or suffix not in (".json", ".jsonl", ".csv", ".parquet"):
        raise InputError(f"{p}: not a scores or profile file; {hint}")
    if suffix == ".json":
        loaded = Profiles.load(p)
        return ReportInput(loaded.profiles, None, {"input": str(p), **loaded.meta, "source": "profile"}, loaded.headlines)
    rows = read_table(p)
    if not rows:
        raise InputError(f"{p}: no rows; {hint}")
    if "sentence_index" in rows[0]:
        corpus = scores_from_rows(p, rows)
        meta = {"input": str(p), "source": "scores", **corpus.meta}
        return _from_results(corpus.results, meta, seed)
    if {"outlet", "marker", "rate", "rate_low", "rate_high"} <= set(rows[0]):
        import pandas as pd

        table = Profiles.from_pandas(pd.DataFrame(rows))
        return ReportInput(table.profiles, None, {"input": str(p), "source": "profile table"}, table.headlines)
    raise InputError(f"{p}: neither a scores file nor a profile table (columns: {', '.join(list(rows[0])[:8])}); {hint}")


def select_markers_of(data: ReportInput, names: Sequence[str] | None) -> ReportInput:
    """Keep only the named markers (in that order)."""
    if not names:
        return data
    check_marker_names(names, data.profiles[0].markers if data.profiles else [], "this input has")
    profiles = [replace(p, markers={n: p.markers[n] for n in names}) for p in data.profiles]
    headlines = [replace(p, markers={n: p.markers[n] for n in names}) for p in data.headlines]
    results = None
    if data.results is not None:
        results = [replace(r, scores={n: r.scores[n] for n in names}, decisions={n: r.decisions[n] for n in names},
                           evidence={n: r.evidence.get(n, []) for n in names}) for r in data.results]
    return ReportInput(profiles, results, data.meta, headlines, data.story, data.story_note)


def with_story(data: ReportInput, story: Story | bool, *, actors: Any = None) -> ReportInput:
    """``data`` with its story view: ``story`` itself, or with ``True`` the story aligned from the input's
    sentences when they cover one story across two or more outlets (:func:`story_of`); ``False``: none."""
    if isinstance(story, Story):
        return replace(data, story=story, story_note="")
    if not story or data.results is None:
        return data
    found, note = story_of(data.results, actors=actors)
    return replace(data, story=found, story_note=note)


def as_report_input(data: Any, seed: int) -> tuple[ReportInput, dict[str, Any]]:
    """Normalise what write_report accepts; also return defaults taken from a ScoredCorpus (model, markers)."""
    if isinstance(data, (str, Path)):
        return load_report_input(data, seed=seed), {}
    if isinstance(data, ReportInput):
        return data, {}
    if isinstance(data, OutletProfile):
        return ReportInput([data]), {}
    extra: dict[str, Any] = {}
    if isinstance(data, ScoredCorpus):
        extra = {"model": data.model or None, "markers": data.markers or None,
                 "dropped": data.dropped_summary() if data.dropped else None}
    items = list(data)
    if not items:
        raise InputError("nothing to report: no sentence results or profiles")
    if all(isinstance(x, OutletProfile) for x in items):
        return ReportInput(items), extra
    if all(isinstance(x, SentenceResult) for x in items):
        return _from_results(items, {}, seed), extra
    raise TypeError("write_report needs sentence results (a ScoredCorpus or list of SentenceResult), "
                    "OutletProfile objects, or a path to a scores or profile file")
