"""Types that travel through the pipeline: documents, sentences, spans, sentence results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    """Scores of one sentence for every marker, the decisions at each marker's threshold, and evidence spans."""

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

    @property
    def markers(self) -> list[str]:
        return list(self.scores)

    def to_row(self) -> dict[str, Any]:
        """One flat output row: ids, the input's extra columns, then ``<m>_score``, ``<m>``, ``<m>_evidence``."""
        row: dict[str, Any] = {"id": self.doc_id, "outlet": self.outlet, "sentence_index": self.index,
                               "sentence": self.text, "start": self.start, "end": self.end}
        row.update({k: v for k, v in self.meta.items() if k not in row})
        for m, score in self.scores.items():
            row[f"{m}_score"] = round(float(score), 6)
            row[m] = bool(self.decisions[m])
            row[f"{m}_evidence"] = [s.to_dict() for s in self.evidence.get(m, [])]
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SentenceResult:
        """Inverse of :meth:`to_row`; markers are the columns named ``<m>_score``."""
        for key in ("id", "outlet", "sentence_index", "sentence"):
            if key not in row:
                raise KeyError(key)
        markers = [k[: -len("_score")] for k in row if k.endswith("_score") and k[: -len("_score")] in row]
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
