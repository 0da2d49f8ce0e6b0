"""Types that travel through the pipeline: documents, sentences, spans, sentence results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Literal, Sequence


OnError = Literal["fail", "skip"]
"""What readers do with a malformed record: raise, or skip it and report it."""
ScoreMode = Literal["entailment", "entail_vs_contra"]
"""How an NLI output becomes a score: P(entailment), or entailment against contradiction only."""
Aggregate = Literal["mean", "max"]
"""How a marker combines the scores of its templates."""
Backend = Literal["torch", "onnx", "onnx-int8", "onnx-fp32"]
"""Which runtime scores pairs: PyTorch, or ONNX Runtime with int8 (``onnx``) or fp32 weights."""
CalibrationMethod = Literal["none", "platt", "isotonic"]
"""How :func:`framing.calibrate` scales raw scores before choosing a threshold."""


def _as_list(value: Any) -> list[Any]:
    """A list from None, a list, or an array (Parquet readers give numpy arrays for list columns)."""
    return [] if value is None else list(value)


@dataclass(frozen=True)
class Span:
    """A labelled character span ``text[start:end]`` inside a sentence (e.g. a cue word or a source)."""

    start: int
    end: int
    label: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]), str(d["label"]), str(d["text"]))


@dataclass(frozen=True)
class Attribution:
    """The main attribution of a sentence, as found by :func:`extract_attribution`.

    ``cue`` (always), ``source`` and ``content`` (None where not found) are :class:`Span` s whose offsets index
    the sentence; ``source_type`` is named_person, named_organisation, anonymous or unspecified, ``cue_type``
    neutral or evaluative.
    """

    cue: Span
    cue_type: str
    source: Span | None = None
    source_type: str | None = None
    content: Span | None = None

    def spans(self) -> list[Span]:
        """The spans as evidence: labels ``source:<type>``, ``cue:<type>``, ``content``; ordered by start."""
        out = [Span(self.cue.start, self.cue.end, f"cue:{self.cue_type}", self.cue.text)]
        if self.source is not None:
            out.append(Span(self.source.start, self.source.end, f"source:{self.source_type}", self.source.text))
        if self.content is not None:
            out.append(Span(self.content.start, self.content.end, "content", self.content.text))
        return sorted(out, key=lambda s: (s.start, s.end))

    @classmethod
    def from_spans(cls, spans: Iterable[Span]) -> Attribution | None:
        """Rebuild from evidence spans (e.g. after ``SentenceResult.from_row``); None when there is no typed cue."""
        cue = source = content = None
        cue_type = source_type = None
        for s in spans:
            role, kind = split_label(s.label)
            if role == "cue" and kind and cue is None:
                cue, cue_type = Span(s.start, s.end, "cue", s.text), kind
            elif role == "source" and source is None:
                source, source_type = Span(s.start, s.end, "source", s.text), kind
            elif role == "content" and content is None:
                content = Span(s.start, s.end, "content", s.text)
        if cue is None or cue_type is None:
            return None
        return cls(cue, cue_type, source, source_type, content)

    def to_dict(self) -> dict[str, Any]:
        return {"cue": self.cue.to_dict(), "cue_type": self.cue_type,
                "source": self.source.to_dict() if self.source else None, "source_type": self.source_type,
                "content": self.content.to_dict() if self.content else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        return cls(Span.from_dict(d["cue"]), str(d["cue_type"]),
                   Span.from_dict(d["source"]) if d.get("source") else None, d.get("source_type"),
                   Span.from_dict(d["content"]) if d.get("content") else None)


def split_label(label: str) -> tuple[str, str | None]:
    """``"source:anonymous"`` → ``("source", "anonymous")``; ``"cue"`` → ``("cue", None)``."""
    role, _, kind = label.partition(":")
    return role, (kind or None)


@dataclass(frozen=True)
class Document:
    """One article: an id, the outlet that published it, its text, and any extra fields kept from the input."""

    id: str
    outlet: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document; ``start``/``end`` are character offsets into the document's text."""

    doc_id: str
    outlet: str
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Dropped:
    """A piece of a document that segmentation removed, and why (``caption``, ``share``, ``duplicate``...)."""

    doc_id: str
    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class SentenceResult:
    """Scores of one sentence for every marker, the decisions at each marker's threshold, and evidence spans.

    ``attribution`` is the sentence's structured attribution (who says what, with which cue) when a marker
    declares ``evidence = "attribution"``; in output rows it travels as the labelled spans of that marker's
    ``<m>_evidence`` column (``source:<type>``, ``cue:<type>``, ``content``), and a result built from such spans
    without it (:meth:`from_row`, :meth:`from_dict`) rebuilds it from them.
    ``role`` (the sentence's place in its article) and ``quotes`` are left empty here, for the article-structure
    and quotation features to fill."""

    doc_id: str
    outlet: str
    index: int
    text: str
    scores: dict[str, float]
    decisions: dict[str, bool]
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    attribution: Attribution | None = None
    role: str | None = None
    quotes: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        if self.attribution is None:  # rows read back (from_row, from_dict) carry it as labelled evidence spans
            for spans in self.evidence.values():
                if any(split_label(s.label)[0] == "cue" and split_label(s.label)[1] for s in spans):
                    object.__setattr__(self, "attribution", Attribution.from_spans(spans))
                    break

    @property
    def markers(self) -> list[str]:
        return list(self.scores)

    def to_row(self) -> dict[str, Any]:
        """One flat output row: ids, the input's extra columns, then ``<m>_score``, ``<m>``, ``<m>_evidence``."""
        row: dict[str, Any] = {"id": self.doc_id, "outlet": self.outlet, "sentence_index": self.index,
                               "sentence": self.text, "start": self.start, "end": self.end}
        taken = set(row) | {f"{m}{suffix}" for m in self.scores for suffix in ("", "_score", "_evidence")}
        for k, v in self.meta.items():  # the input's own columns; one named like ours is kept as input_<name>
            name = k
            while name in taken:
                name = f"input_{name}"
            row[name] = v
            taken.add(name)
        for m, score in self.scores.items():
            row[f"{m}_score"] = round(float(score), 6)
            row[m] = bool(self.decisions[m])
            row[f"{m}_evidence"] = [s.to_dict() for s in self.evidence.get(m, [])]
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any], markers: Sequence[str] | None = None) -> SentenceResult:
        """Inverse of :meth:`to_row`. ``markers``: the markers of the run (from its metadata); without them, a
        marker is a column ``<m>`` with both ``<m>_score`` and ``<m>_evidence`` beside it (an input's own
        ``x`` / ``x_score`` pair is not a marker)."""
        for key in ("id", "outlet", "sentence_index", "sentence"):
            if key not in row:
                raise KeyError(key)
        if markers is None:
            paired = [k[: -len("_score")] for k in row if k.endswith("_score") and k[: -len("_score")] in row]
            markers = [m for m in paired if f"{m}_evidence" in row] or paired  # a table without evidence columns
        else:
            markers = [m for m in markers if f"{m}_score" in row]
        if not markers:
            raise KeyError("<marker>_score")
        core = {"id", "outlet", "sentence_index", "sentence", "start", "end"}
        core |= {f"{m}{suffix}" for m in markers for suffix in ("", "_score", "_evidence")}
        return cls(
            doc_id=str(row["id"]),
            outlet=str(row["outlet"]),
            index=int(row["sentence_index"]),
            text=str(row["sentence"]),
            scores={m: float(row[f"{m}_score"]) for m in markers},
            decisions={m: bool(row[m]) for m in markers},
            evidence={m: [Span.from_dict(s) for s in _as_list(row.get(f"{m}_evidence"))] for m in markers},
            meta={k: v for k, v in row.items() if k not in core},
            start=int(row.get("start") or 0),
            end=int(row.get("end") or 0),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "outlet": self.outlet,
            "index": self.index,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "scores": dict(self.scores),
            "decisions": dict(self.decisions),
            "evidence": {m: [s.to_dict() for s in spans] for m, spans in self.evidence.items()},
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SentenceResult:
        return cls(
            doc_id=str(d["doc_id"]),
            outlet=str(d["outlet"]),
            index=int(d["index"]),
            text=str(d["text"]),
            scores={k: float(v) for k, v in d["scores"].items()},
            decisions={k: bool(v) for k, v in d["decisions"].items()},
            evidence={m: [Span.from_dict(s) for s in spans] for m, spans in (d.get("evidence") or {}).items()},
            meta=dict(d.get("meta") or {}),
            start=int(d.get("start", 0)),
            end=int(d.get("end", 0)),
        )


