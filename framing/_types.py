"""Types that travel through the pipeline: documents, sentences, spans, sentence results."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
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
Role = Literal["headline", "standfirst", "subhead", "body"]
"""What a kept unit is on the page: the headline, the standfirst (dek, summary under the headline),
a subhead inside the article, or running body text."""
ROLES: tuple[Role, ...] = ("headline", "standfirst", "subhead", "body")


def as_role(value: Any) -> Role | None:
    """A role read back from a row or dict: ``None`` where the file has none (written before roles, or
    scored without reading pages); a value outside :data:`ROLES` is a ``ValueError``."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if value not in ROLES:
        raise ValueError(f"role {value!r} is not one of {', '.join(ROLES)}")
    return value  # type: ignore[no-any-return]


def _as_list(value: Any) -> list[Any]:
    """A list from None, a list, or an array (Parquet readers give numpy arrays for list columns)."""
    return [] if value is None else list(value)


def _present(value: Any) -> bool:
    """A cell holds a number (not None, not NaN as CSV/Parquet readers give for empty cells)."""
    if value is None or value == "":
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _flag(value: Any, default: Any) -> bool:
    """A decision cell: a bool, or what CSV gives back ("True"/"False"); ``default`` where it is empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return bool(default)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


@dataclass(frozen=True)
class Span:
    """A labelled character span ``text[start:end]`` inside a sentence (e.g. a cue word or a source).

    ``weight``: how much the span matters, where that is measured (a ``driver`` span's score drop); else None.
    """

    start: int
    end: int
    label: str
    text: str
    weight: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.weight is None:
            del d["weight"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        weight = d.get("weight")
        return cls(int(d["start"]), int(d["end"]), str(d["label"]), str(d["text"]),
                   None if weight is None or weight != weight else float(weight))


QuoteKind = Literal["direct", "partial", "scare"]


@dataclass(frozen=True)
class Quote:
    """A quotation (or the part of one inside a sentence): ``text[start:end]`` are the quoted words, marks left out.

    ``kind``: ``direct`` (quoted speech), ``partial`` (a quoted phrase inside the outlet's narration) or ``scare``
    (a word or short phrase in quote marks with no speaker: the outlet's own device of distance). ``speaker``:
    the speaker's merged name (None where not found); ``mention``: where the speaker is named, with offsets into
    the same text (None when that is outside it); ``id``: the quotation's index in its document, shared by the
    parts of a quotation that spans sentences.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None = None
    mention: Span | None = None
    id: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "speaker": self.speaker,
                "mention": self.mention.to_dict() if self.mention else None, "id": self.id}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        kind = str(d["kind"])
        if kind not in ("direct", "partial", "scare"):
            raise ValueError(f"unknown quote kind {kind!r}")
        mention = d.get("mention")
        return cls(int(d["start"]), int(d["end"]), str(d["text"]), kind,  # type: ignore[arg-type]
                   None if d.get("speaker") is None else str(d["speaker"]),
                   Span.from_dict(mention) if mention else None, int(d.get("id") or 0))


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

    def spans(self, group: int = 1) -> list[Span]:
        """The spans as evidence: labels ``source:<type>``, ``cue:<type>``, ``content``; ordered by start.
        ``group`` > 1 (a sentence's further attributions, see :func:`label_group`) adds ``#<group>`` to each label."""
        tag = f"#{group}" if group > 1 else ""
        out = [Span(self.cue.start, self.cue.end, f"cue:{self.cue_type}{tag}", self.cue.text)]
        if self.source is not None:
            out.append(Span(self.source.start, self.source.end, f"source:{self.source_type}{tag}", self.source.text))
        if self.content is not None:
            out.append(Span(self.content.start, self.content.end, f"content{tag}", self.content.text))
        return sorted(out, key=lambda s: (s.start, s.end))

    @classmethod
    def from_spans(cls, spans: Iterable[Span]) -> Attribution | None:
        """Rebuild the main attribution from evidence spans (e.g. after ``SentenceResult.from_row``): the spans with
        no ``#<group>`` tag; None when there is no typed cue among them."""
        return cls._from_group([s for s in spans if label_group(s.label) == 1])

    @classmethod
    def all_from_spans(cls, spans: Iterable[Span]) -> tuple[Attribution, ...]:
        """Rebuild every attribution from evidence spans (the main one and each ``#<group>``), ordered by cue."""
        groups: dict[int, list[Span]] = {}
        for s in spans:
            groups.setdefault(label_group(s.label), []).append(s)
        found = [a for a in (cls._from_group(g) for g in groups.values()) if a is not None]
        return tuple(sorted(found, key=lambda a: (a.cue.start, a.cue.end)))

    @classmethod
    def _from_group(cls, spans: Iterable[Span]) -> Attribution | None:
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
    """``"source:anonymous"`` → ``("source", "anonymous")``; ``"cue"`` → ``("cue", None)``; a group tag is left
    out (``"cue:neutral#2"`` → ``("cue", "neutral")``, see :func:`label_group`)."""
    role, _, kind = label.partition("#")[0].partition(":")
    return role, (kind or None)


def label_group(label: str) -> int:
    """Which attribution of its sentence an evidence span belongs to: 1 for the main one (no tag), ``n`` for a
    label tagged ``#n`` (``"source:anonymous#2"``: the second attribution found in the sentence)."""
    _, _, tag = label.rpartition("#")
    return int(tag) if "#" in label and tag.isdigit() and int(tag) > 1 else 1


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
    role: Role = "body"


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
    without it (:meth:`from_row`, :meth:`from_dict`) rebuilds it from them. ``attributions`` holds every
    attribution of the sentence in order (:func:`framing.extract_attributions`: "X said A, while Y said B" gives
    two), the main one among them; the further ones travel as spans labelled ``#2``, ``#3``… (:func:`label_group`)
    and are rebuilt the same way.
    ``role`` is the sentence's place on its page (:data:`Role`: headline, standfirst, subhead, body) as the page
    reader found it, ``None`` where pages were not read (whole texts scored, old files).

    ``quotes``: the quotations (parts) in the sentence with their speakers. ``own_scores`` / ``quoted_scores``:
    per marker, the score of the outlet's own words (quoted speech replaced by a placeholder) and of the quoted
    words alone; ``own_decisions`` / ``quoted_decisions`` the same at the marker's threshold. A sentence with no
    quoted words has empty ``quoted_scores`` and ``quoted_decisions``; a result made without voices (an old
    output read back) has all four empty.
    ``decisions`` are taken on each marker's voice (its own-voice score unless the marker says otherwise).
    """

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
    role: Role | None = None
    quotes: tuple[Quote, ...] = ()
    own_scores: dict[str, float] = field(default_factory=dict)
    quoted_scores: dict[str, float] = field(default_factory=dict)
    own_decisions: dict[str, bool] = field(default_factory=dict)
    quoted_decisions: dict[str, bool] = field(default_factory=dict)
    attributions: tuple[Attribution, ...] = ()

    def __post_init__(self) -> None:
        if self.attribution is None and not self.attributions:
            # rows read back (from_row, from_dict) carry them as labelled evidence spans
            for spans in self.evidence.values():
                if any(split_label(s.label)[0] == "cue" and split_label(s.label)[1] for s in spans):
                    object.__setattr__(self, "attribution", Attribution.from_spans(spans))
                    object.__setattr__(self, "attributions", Attribution.all_from_spans(spans))
                    break

    @property
    def markers(self) -> list[str]:
        return list(self.scores)

    def to_row(self) -> dict[str, Any]:
        """One flat output row: ids, the input's extra columns, then per marker ``<m>_score``, ``<m>``,
        ``<m>_evidence``. A result with voices (``own_scores`` set, as the scorer gives) also has ``quotes`` and, per
        marker, ``<m>_own_score``, ``<m>_own``, ``<m>_quoted_score`` and ``<m>_quoted`` (None without quoted
        words); one without them gives the rows it gave before voices existed."""
        row: dict[str, Any] = {"id": self.doc_id, "outlet": self.outlet, "sentence_index": self.index,
                               "sentence": self.text, "start": self.start, "end": self.end}
        if self.role is not None:
            row["role"] = self.role
        voiced = bool(self.own_scores)
        if voiced:
            row["quotes"] = [q.to_dict() for q in self.quotes]
        suffixes = ("", "_score", "_evidence") + (("_own_score", "_own", "_quoted_score", "_quoted") if voiced else ())
        taken = set(row) | {"role", "quotes"} | {f"{m}{suffix}" for m in self.scores for suffix in suffixes}
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
            if not voiced:
                continue
            row[f"{m}_own_score"] = round(float(self.own_scores.get(m, score)), 6)
            row[f"{m}_own"] = bool(self.own_decisions.get(m, self.decisions[m]))
            quoted = self.quoted_scores.get(m)
            row[f"{m}_quoted_score"] = None if quoted is None else round(float(quoted), 6)
            row[f"{m}_quoted"] = None if m not in self.quoted_decisions else bool(self.quoted_decisions[m])
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
            paired = [m for m in paired if not any(m in (f"{b}_own", f"{b}_quoted") for b in paired)]
            markers = [m for m in paired if f"{m}_evidence" in row] or paired  # a table without evidence columns
        else:
            markers = [m for m in markers if f"{m}_score" in row]
        if not markers:
            raise KeyError("<marker>_score")
        core = {"id", "outlet", "sentence_index", "sentence", "start", "end", "role", "quotes"}
        core |= {f"{m}{suffix}" for m in markers
                 for suffix in ("", "_score", "_evidence", "_own_score", "_quoted_score", "_own", "_quoted")}
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
            role=as_role(row.get("role")),
            quotes=tuple(Quote.from_dict(q) for q in _as_list(row.get("quotes"))),
            own_scores={m: float(row[f"{m}_own_score"]) for m in markers if _present(row.get(f"{m}_own_score"))},
            quoted_scores={m: float(row[f"{m}_quoted_score"]) for m in markers
                           if _present(row.get(f"{m}_quoted_score"))},
            own_decisions={m: _flag(row.get(f"{m}_own"), row[m]) for m in markers
                           if _present(row.get(f"{m}_own_score"))},
            quoted_decisions={m: _flag(row[f"{m}_quoted"], False) for m in markers
                              if _present(row.get(f"{m}_quoted_score")) and row.get(f"{m}_quoted") is not None},
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
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
            **({"role": self.role} if self.role is not None else {}),
        }
        if self.own_scores:
            d.update({"quotes": [q.to_dict() for q in self.quotes], "own_scores": dict(self.own_scores),
                      "quoted_scores": dict(self.quoted_scores), "own_decisions": dict(self.own_decisions),
                      "quoted_decisions": dict(self.quoted_decisions)})
        return d

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
            role=as_role(d.get("role")),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes") or []),
            own_scores={k: float(v) for k, v in (d.get("own_scores") or {}).items()},
            quoted_scores={k: float(v) for k, v in (d.get("quoted_scores") or {}).items()},
            own_decisions={k: bool(v) for k, v in (d.get("own_decisions") or {}).items()},
            quoted_decisions={k: bool(v) for k, v in (d.get("quoted_decisions") or {}).items()},
        )


Label = Literal[0, 1]
"""A person's label of one sentence for one marker in an audit: 1 the marker is present, 0 not."""


@dataclass(frozen=True)
class AuditRow:
    """One sentence to label for one marker; ``label`` is None until a person decides."""

    doc_id: str
    index: int
    outlet: str
    marker: str
    decision: bool
    score: float
    weight: float
    text: str
    label: Label | None = None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.doc_id, self.index, self.marker)


@dataclass(frozen=True)
class AuditTable:
    """Rows to label (or labelled), in the order a person should label them."""

    rows: tuple[AuditRow, ...]

    @property
    def labelled(self) -> tuple[AuditRow, ...]:
        return tuple(r for r in self.rows if r.label is not None)

    def with_label(self, i: int, label: Label | None) -> AuditTable:
        rows = list(self.rows)
        rows[i] = replace(rows[i], label=label)
        return AuditTable(tuple(rows))
