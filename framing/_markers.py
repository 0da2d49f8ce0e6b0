"""Markers as data: definitions loaded from TOML, validated, merged, written back."""

from __future__ import annotations

import itertools
import math
import re
import sys
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

from ._errors import MarkerError
from ._files import atomic_write_text, read_toml
from ._types import Aggregate, Span

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BUILTIN_FILE = "builtin.toml"
_AGGREGATES = ("mean", "max")
_KNOWN_KEYS = {"description", "templates", "aggregate", "threshold", "cues", "calibration", "lexicon_weight", "evidence",
               "voice"}
_EVIDENCE = ("cues", "attribution")
_VOICES = ("own", "full")
#: Output columns of ``framing score`` that a marker name would overwrite.
_RESERVED = {"id", "outlet", "sentence_index", "sentence", "start", "end", "path"}
_NAME = re.compile(r"[^\W\d]\w*(?:-\w+)*")


def _check_name(name: Any, where: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name.endswith(("_score", "_evidence")):
        raise MarkerError(f"{where}: {name!r} is not a usable marker name; use letters, digits and _ "
                          "(starting with a letter), not ending in _score or _evidence")
    if name in _RESERVED:
        raise MarkerError(f"{where}: {name!r} is a column of the scores table; give the marker another name")


def _check_calibration(name: str, cal: Any, where: str) -> dict[str, Any] | None:
    """A calibration table ``{method = "platt", a, b[, cue]}`` or ``{method = "isotonic", x = [...], y = [...]}``."""
    if cal is None or cal == {}:
        return None
    bad = f"{where}: marker {name!r}: calibration must be a table with method = \"platt\" (a, b) or \"isotonic\" (x, y lists)"
    if not isinstance(cal, dict):
        raise MarkerError(bad)
    def numbers(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    method = cal.get("method")
    if method == "platt":
        if not (numbers(cal.get("a")) and numbers(cal.get("b")) and numbers(cal.get("cue", 0.0))
                and numbers(cal.get("structure", 0.0))):
            raise MarkerError(bad)
    elif method == "isotonic":
        x, y = cal.get("x"), cal.get("y")
        if not (isinstance(x, list) and isinstance(y, list) and 0 < len(x) == len(y)
                and all(map(numbers, x)) and all(map(numbers, y)) and x == sorted(x)):
            raise MarkerError(bad + "; isotonic x must be sorted and as long as y")
    else:
        raise MarkerError(bad)
    return dict(cal)


def _in_name(text: str, start: int, word: str) -> bool:
    """A capitalised match right after another capitalised word: part of a proper name, not the cue."""
    if not word[:1].isupper() or word.isupper():
        return False
    prev = re.search(r"([\w’'.-]+)\s+$", text[:start])
    return bool(prev) and prev.group(1)[:1].isupper()


MAX_CUE_SPANS = 50
"""Cue spans kept per marker and sentence (a sentence has a handful; a text scored unsegmented may have millions)."""


@dataclass(frozen=True)
class Marker:
    """One stance marker: NLI hypothesis templates, a cue lexicon for evidence, a decision threshold.

    ``calibration`` optionally maps the raw NLI score to a probability: ``{"method": "platt", "a": .., "b": ..}``;
    an optional Platt ``"cue"`` coefficient adds the cue lexicon as a second feature (``sigmoid(a*nli + cue*hit + b)``)
    and an optional ``"structure"`` coefficient the structured attribution evidence (a reporting cue with a source in
    the sentence, or a quotation whose speaker is found: ``+ structure*found``).
    ``lexicon_weight`` (0..1) blends the cue lexicon into the score: ``(1-w)*nli + w*lexicon_hit``.
    ``evidence``: ``"cues"`` (the lexicon cues found) or ``"attribution"`` (also the structured source, cue and
    content of the sentence's attribution, see :func:`framing.extract_attribution`); declared in the TOML file.
    ``voice``: which words the decision reads: ``"own"`` (default: the outlet's own words, quoted speech replaced by a
    placeholder) or ``"full"`` (the whole sentence, quotations included, as for attribution).
    """

    name: str
    description: str
    templates: tuple[str, ...]
    threshold: float = 0.5
    aggregate: Aggregate = "mean"
    cues: tuple[str, ...] = ()
    calibration: Mapping[str, Any] | None = None
    lexicon_weight: float = 0.0
    evidence: Literal["cues", "attribution"] = "cues"
    voice: Literal["own", "full"] = "own"

    def __post_init__(self) -> None:
        if self.voice not in _VOICES:
            raise MarkerError(f"marker {self.name!r}: voice must be one of {_VOICES}, got {self.voice!r}")
        if not self.templates:
            raise MarkerError(f"marker {self.name!r}: needs at least one template")
        if self.aggregate not in _AGGREGATES:
            raise MarkerError(f"marker {self.name!r}: aggregate must be one of {_AGGREGATES}, got {self.aggregate!r}")
        if not 0.0 <= self.threshold <= 1.0:
            raise MarkerError(f"marker {self.name!r}: threshold must be between 0 and 1, got {self.threshold}")
        if not 0.0 <= self.lexicon_weight <= 1.0:
            raise MarkerError(f"marker {self.name!r}: lexicon_weight must be between 0 and 1")
        if self.evidence not in _EVIDENCE:
            raise MarkerError(f"marker {self.name!r}: evidence must be one of {_EVIDENCE}, got {self.evidence!r}")

    @cached_property
    def _cue_pattern(self) -> re.Pattern[str] | None:
        if not self.cues:
            return None
        alternatives = sorted({c.strip() for c in self.cues if c.strip()}, key=len, reverse=True)
        if not alternatives:
            return None
        body = "|".join(r"\s+".join(map(re.escape, c.split())) for c in alternatives)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def find_cues(self, text: str, limit: int | None = MAX_CUE_SPANS) -> list[Span]:
        """The cues of the lexicon in ``text`` (the first ``limit``; None: all), longest match first, as
        ``Span(label="cue")``. The limit keeps a whole unsegmented page from giving millions of spans.

        A lowercase cue matched by a capitalised word that continues a name ("States" of "United States",
        "Post" of "the Morning Post") is not a cue."""
        if self._cue_pattern is None:
            return []
        found = (m for m in self._cue_pattern.finditer(text) if not _in_name(text, m.start(), m.group(0)))
        return [Span(m.start(), m.end(), "cue", m.group(0)) for m in itertools.islice(found, limit)]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "description": self.description,
            "templates": list(self.templates),
            "aggregate": self.aggregate,
            "threshold": self.threshold,
            "cues": list(self.cues),
        }
        # Written even when empty or 0: a file's table is merged over the built-in marker of the same name,
        # so leaving them out would silently keep the built-in calibration or blend weight.
        out["calibration"] = dict(self.calibration) if self.calibration else {}
        out["lexicon_weight"] = self.lexicon_weight
        if self.evidence != "cues":
            out["evidence"] = self.evidence
        out["voice"] = self.voice
        return out


def _marker_from_table(name: str, table: Any, where: str) -> Marker:
    _check_name(name, where)
    if not isinstance(table, dict):
        raise MarkerError(f"{where}: [{name}] must be a table with templates, threshold, cues")
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise MarkerError(f"{where}: marker {name!r} has unknown key(s) {sorted(unknown)}; allowed: {sorted(_KNOWN_KEYS)}")
    templates = table.get("templates")
    if isinstance(templates, str):
        templates = [templates]
    if not isinstance(templates, list) or not all(isinstance(t, str) and t.strip() for t in templates):
        raise MarkerError(f"{where}: marker {name!r} needs `templates`, a list of non-empty strings")
    cues = table.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise MarkerError(f"{where}: marker {name!r}: `cues` must be a list of strings")
    try:
        threshold = float(table.get("threshold", 0.5))
        weight = float(table.get("lexicon_weight", 0.0))
    except (TypeError, ValueError, OverflowError):
        raise MarkerError(f"{where}: marker {name!r}: threshold and lexicon_weight must be numbers") from None
    if isinstance(table.get("threshold"), bool) or isinstance(table.get("lexicon_weight"), bool):
        raise MarkerError(f"{where}: marker {name!r}: threshold and lexicon_weight must be numbers, not true/false")
    description = table.get("description", "")
    if not isinstance(description, str):
        raise MarkerError(f"{where}: marker {name!r}: `description` must be a string")
    return Marker(
        name=name,
        description=description,
        templates=tuple(t.strip() for t in templates),
        threshold=threshold,
        aggregate=str(table.get("aggregate", "mean")),
        cues=tuple(cues),
        calibration=_check_calibration(name, table.get("calibration"), where),
        lexicon_weight=weight,
        evidence=table.get("evidence", "cues"),
        voice=table.get("voice", "own"),
    )


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml(path, "markers file", MarkerError, "fix it (see framing/markers/builtin.toml)")


def builtin_markers() -> dict[str, Marker]:
    """The markers shipped with framing: hedging, attribution, loaded_language."""
    text = resources.files("framing").joinpath("markers", BUILTIN_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {name: _marker_from_table(name, table, BUILTIN_FILE) for name, table in data.items()}


def load_markers(path: str | Path | None = None, *, include_builtin: bool = True) -> dict[str, Marker]:
    """Load markers from a TOML file; its tables add to (or override) the built-in markers.

    A table may give only some keys (``[hedging] threshold = 0.6``): the rest come from the
    built-in marker of the same name.
    """
    markers = builtin_markers() if include_builtin else {}
    if path is None:
        return markers
    p = Path(path)
    data = _read_toml(p)
    if not data:
        raise MarkerError(f"{p}: no markers found; add a table like [my_marker] with templates = [...]")
    for name, table in data.items():
        if isinstance(table, dict) and name in markers:
            table = {**markers[name].to_dict(), **table}
        markers[name] = _marker_from_table(name, table, str(p))
    return markers


def check_marker_names(names: Iterable[str] | None, available: Iterable[str], where: str) -> list[str]:
    """The named markers (all of ``available`` when ``names`` is None or empty), each checked against ``available``;
    an unknown name is a MarkerError that says ``where`` the known names come from ("the scores have")."""
    known = list(available)
    chosen = list(names) if names else known
    for name in chosen:
        if name not in known:
            raise MarkerError(f"unknown marker {name!r}; {where}: {', '.join(known)}")
    return chosen


def select_markers(markers: Mapping[str, Marker], names: Iterable[str] | None) -> dict[str, Marker]:
    """Keep the named markers, in the given order; an unknown name is an error that lists the known ones."""
    if names is None:
        return dict(markers)
    return {name: markers[name] for name in check_marker_names(list(names), markers, "known markers")}


def as_markers(markers: Mapping[str, Marker] | Iterable[Marker | str] | str | Path | None) -> dict[str, Marker]:
    """Normalise what a user may pass as ``markers=``: None, a path, names, Marker objects or a dict."""
    if markers is None:
        return builtin_markers()
    if isinstance(markers, (str, Path)) and (str(markers).endswith(".toml") or Path(markers).exists()):
        return load_markers(markers)
    if isinstance(markers, Mapping):
        return dict(markers)
    if isinstance(markers, str):
        markers = [markers]
    known = builtin_markers()
    out: dict[str, Marker] = {}
    for m in markers:
        if isinstance(m, Marker):
            out[m.name] = m
        else:
            out.update(select_markers(known, [m]))
    return out


def save_markers(markers: Mapping[str, Marker], path: str | Path, header: str = "") -> Path:
    """Write markers to a TOML file (atomically) that :func:`load_markers` reads back unchanged.

    ``header`` is written first as ``#`` comment lines.
    """
    import tomli_w


    data = {name: m.to_dict() for name, m in markers.items()}
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return atomic_write_text(Path(path), comments + ("\n" if comments else "") + tomli_w.dumps(data))


def with_threshold(marker: Marker, threshold: float) -> Marker:
    """A copy of ``marker`` with another threshold."""
    return replace(marker, threshold=float(threshold))
