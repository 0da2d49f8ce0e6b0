"""``Scorer``: documents → sentences → (sentence, template) NLI pairs → per-marker scores and evidence."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from ._drivers import DriverConfig, find_drivers, merge_evidence
from ._evidence import extract_attribution, extract_attributions, marker_evidence
from ._io import Columns, as_documents
from ._markers import Marker, as_markers
from ._nli import NLIModel, PairClassifier
from ._onnx import ONNXModel, parse_backend
from ._quotes import find_quotes, own_voice_text, quoted_text, sentence_quotes
from ._results import ScoredCorpus
from ._structure import read_page, site_furniture
from ._types import Backend, Document, Dropped, Quote, ScoreMode, Sentence, SentenceResult, Span


def calibrate_score(marker: Marker, raw: np.ndarray, cue_hits: np.ndarray | None = None,
                    structure: np.ndarray | None = None) -> np.ndarray:
    """Map raw NLI scores through the marker's calibration (Platt or isotonic), if it has one.

    A Platt calibration with a ``cue`` coefficient is a logistic fit on two features, the NLI score and
    whether a cue of the marker's lexicon occurs: ``sigmoid(a * raw + cue * hit + b)``; a ``structure``
    coefficient adds the structured attribution evidence (:func:`structure_hits`) as a third.
    """
    cal = marker.calibration
    if not cal:
        return raw
    method = cal.get("method")
    if method == "platt":
        z = float(cal["a"]) * raw + float(cal["b"])
        if cal.get("cue") and cue_hits is not None:
            z = z + float(cal["cue"]) * cue_hits
        if cal.get("structure") and structure is not None:
            z = z + float(cal["structure"]) * structure
        return 1.0 / (1.0 + np.exp(-z))
    if method == "isotonic":
        return np.interp(raw, np.asarray(cal["x"], dtype=float), np.asarray(cal["y"], dtype=float))
    raise ValueError(f"marker {marker.name!r}: unknown calibration method {method!r}")


def lexicon_hits(marker: Marker, texts: list[str]) -> np.ndarray:
    """1.0 for each text in which a cue of the marker's lexicon occurs, else 0.0."""
    return np.array([1.0 if marker.find_cues(t) else 0.0 for t in texts])


def uses_structure(marker: Marker) -> bool:
    """Whether a marker's decision takes in the structured attribution evidence (its calibration says so)."""
    return bool((marker.calibration or {}).get("structure"))


def structure_hits(texts: list[str]) -> np.ndarray:
    """1.0 for each sentence that reports speech by its structure: a reporting cue with a source in it, or a
    quotation in it whose speaker is found there (each text read alone; :meth:`Scorer.score` also links
    quotations across the sentences of a document)."""
    return np.array([1.0 if _structured(t, find_quotes(t, [(0, len(t))])) else 0.0 for t in texts])


def _structured(text: str, quotes: tuple[Quote, ...] | list[Quote]) -> bool:
    found = extract_attribution(text)
    if found is not None and found.source is not None:
        return True
    return any(q.kind != "scare" and q.speaker is not None for q in quotes)


def uses_cues(marker: Marker) -> bool:
    """Whether a marker's score depends on its cue lexicon (a blend weight or a Platt ``cue`` coefficient)."""
    return bool(marker.lexicon_weight or (marker.calibration or {}).get("cue"))


def combine_scores(marker: Marker, per_template: np.ndarray, cue_hits: np.ndarray,
                   structure: np.ndarray | None = None) -> np.ndarray:
    """A marker's score from its templates' entailment scores (rows: sentences, columns: templates)."""
    raw = per_template.max(axis=1) if marker.aggregate == "max" else per_template.mean(axis=1)
    score = calibrate_score(marker, raw, cue_hits, structure)
    if marker.lexicon_weight:
        score = (1.0 - marker.lexicon_weight) * score + marker.lexicon_weight * cue_hits
    return score


def _normalised(data: Any) -> bool:
    """True for a list or tuple of :class:`Document` s with string fields and unique ids (what the readers give)."""
    if not isinstance(data, (list, tuple)) or not data:
        return False
    ids = set()
    for d in data:
        if not (isinstance(d, Document) and isinstance(d.id, str) and isinstance(d.outlet, str)
                and isinstance(d.text, str)) or d.id in ids:
            return False
        ids.add(d.id)
    return True


class Scorer:
    """Scores sentences for stance markers with an NLI cross-encoder.

    >>> scorer = framing.Scorer()                      # the shipped default model, built-in markers
    >>> corpus = scorer.score(["Officials said the bridge may reopen."])
    >>> corpus[0].scores["hedging"], corpus[0].decisions["attribution"]

    ``model``: a model folder (or a loaded :class:`NLIModel` / ONNX model); None means the default model.
    ``markers``: None (built-in), a markers TOML path, marker names, or Marker objects.
    ``backend``: ``"torch"`` (default), ``"onnx"`` (ONNX Runtime, int8 weights: faster on CPU, scores
    within about 1e-2) or ``"onnx-fp32"``; the ONNX backends need ``pip install 'framing[onnx]'`` and
    export the model once on first use (cached in ``<model>/onnx/``).
    ``threads``: inference threads (default ``$FRAMING_THREADS`` or the physical cores).
    ``drivers``: for each positive decision, add the words that drive the score as evidence spans labelled
    ``driver`` (found by occlusion, :class:`framing.DriverConfig`); True (default) uses the default settings,
    False turns them off (faster: see ``docs/drivers.md`` for the cost).
    """

    def __init__(self, model: str | Path | PairClassifier | None = None,
                 markers: Mapping[str, Marker] | Iterable[Marker | str] | str | Path | None = None, *,
                 device: str = "cpu", batch_size: int = 32, max_length: int = 128,
                 score_mode: ScoreMode = "entailment", threads: int | None = None, backend: Backend = "torch",
                 drivers: DriverConfig | bool = True) -> None:
        self.markers = as_markers(markers)
        self.drivers: DriverConfig | None = DriverConfig() if drivers is True else (drivers or None)
        if isinstance(model, PairClassifier):
            self.nli = model
            return
        kind, precision = parse_backend(backend)
        if kind == "onnx":
            self.nli = ONNXModel.load(model, precision=precision or "int8", device=device, batch_size=batch_size,
                                      max_length=max_length, score_mode=score_mode, threads=threads)
        else:
            self.nli = NLIModel.load(model, device=device, batch_size=batch_size, max_length=max_length,
                                     score_mode=score_mode, threads=threads)

    @classmethod
    def from_pretrained(cls, path: str | Path | None = None, *,
                        markers: Mapping[str, Marker] | Iterable[Marker | str] | str | Path | None = None,
                        backend: Backend = "torch", **options: Any) -> Scorer:
        """A scorer for the model folder ``path`` (None: the default model) with ``markers`` on ``backend``;
        ``options``: ``device``, ``batch_size``, ``max_length``, ``score_mode``, ``threads``, ``drivers`` as for the
        constructor."""
        return cls(path, markers, backend=backend, **options)

    @property
    def backend(self) -> str:
        """``torch``, ``onnx-int8`` or ``onnx-fp32``."""
        return self.nli.backend

    def __repr__(self) -> str:
        return f"Scorer(model={self.nli.path!r}, markers={list(self.markers)}, backend={self.backend!r})"

    def score_texts(self, sentences: list[str], progress: bool = False) -> dict[str, np.ndarray]:
        """Marker scores for plain sentences (no segmentation): ``{marker: array of scores}``."""
        structure = structure_hits(sentences) if any(map(uses_structure, self.markers.values())) else None
        return {m: s for m, (s, _) in self._score_matrix(sentences, progress, structure).items()}

    def score_marker_texts(self, texts: Mapping[str, Sequence[str]]) -> dict[str, np.ndarray]:
        """Scores of different texts per marker (``{marker: texts}`` → ``{marker: scores}``), in one NLI call."""
        premises: list[str] = []
        hypotheses: list[str] = []
        for name, ts in texts.items():
            for template in self.markers[name].templates:
                premises.extend(ts)
                hypotheses.extend([template] * len(ts))
        flat = self.nli.score_pairs(premises, hypotheses)
        out: dict[str, np.ndarray] = {}
        offset = 0
        for name, ts in texts.items():
            marker, n = self.markers[name], len(ts)
            k = len(marker.templates)
            per_template = flat[offset : offset + k * n].reshape(k, n).T
            offset += k * n
            hits = lexicon_hits(marker, list(ts)) if uses_cues(marker) else np.zeros(n)
            structure = structure_hits(list(ts)) if uses_structure(marker) else None
            out[name] = combine_scores(marker, per_template, hits, structure)
        return out

    def explain(self, sentences: list[str], markers: Sequence[str] | None = None,
                config: DriverConfig | None = None) -> list[dict[str, list[Span]]]:
        """Driver spans of each sentence for each marker (``markers``: default all), whatever the decision:
        ``[{marker: [Span(label="driver", weight=score drop)]}]``; ``config`` defaults to the scorer's."""
        names = list(markers or self.markers)
        base = self.score_marker_texts({m: sentences for m in names})
        found = find_drivers(sentences, {m: range(len(sentences)) for m in names}, base, self.score_marker_texts,
                             config or self.drivers or DriverConfig(), {m: self.markers[m].find_cues for m in names})
        return [{m: found[m].get(i, []) for m in names} for i in range(len(sentences))]

    def _score_matrix(self, texts: list[str], progress: bool,
                      structure: np.ndarray | None = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        premises: list[str] = []
        hypotheses: list[str] = []
        for marker in self.markers.values():
            for template in marker.templates:
                premises.extend(texts)
                hypotheses.extend([template] * len(texts))
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(set(zip(premises, hypotheses))), unit="pair", desc="scoring", dynamic_ncols=True)
        flat = self.nli.score_pairs(premises, hypotheses, progress=bar.update if bar else None)
        if bar:
            bar.close()
        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        offset = 0
        n = len(texts)
        for name, marker in self.markers.items():
            k = len(marker.templates)
            per_template = flat[offset : offset + k * n].reshape(k, n).T
            offset += k * n
            hits = lexicon_hits(marker, texts) if uses_cues(marker) else np.zeros(n)
            out[name] = (combine_scores(marker, per_template, hits, structure), per_template)
        return out

    def score(self, data: Any, *, segment_text: bool = True, columns: Columns | None = None,
              progress: bool = False) -> ScoredCorpus:
        """Score documents or sentences.

        ``data``: a string, a list of strings, :class:`Document` objects, dicts with ``text``/``outlet``/``id``,
        a pandas DataFrame, a ``datasets.Dataset``, or a path to a folder/JSONL/CSV/Parquet file.
        With ``segment_text=False`` each text is scored as one sentence. Documents as the readers give them
        (string fields, unique ids) are scored as they are, not normalised again.
        """
        docs = list(data) if _normalised(data) else as_documents(data, columns)
        sentences, dropped = self.segment(docs, segment_text)
        quotes = _sentence_quotes(docs, sentences)
        texts = [s.text for s in sentences]
        # extra texts only for sentences with quoted words: the outlet's words (quotes replaced) and the quotes
        own = [own_voice_text(t, q) for t, q in zip(texts, quotes)]
        quoted = [quoted_text(t, q) if o != t else "" for t, q, o in zip(texts, quotes, own)]
        extra = sorted({x for o, t in zip(own, texts) if o and o != t for x in [o]} | {x for x in quoted if x})
        structure = None
        if any(map(uses_structure, self.markers.values())):
            structure = np.array([1.0 if _structured(t, q) else 0.0 for t, q in zip(texts, quotes)]
                                 + [0.0] * len(extra))
            flag = {}
            for t, q, o, qt, st in zip(texts, quotes, own, quoted, structure):
                for x in (o, qt):
                    if x and x != t:
                        flag[x] = max(flag.get(x, 0.0), st)
            structure[len(texts):] = [flag.get(x, 0.0) for x in extra]
        matrix = self._score_matrix(texts + extra, progress, structure)
        at = {x: len(texts) + k for k, x in enumerate(extra)}
        meta_by_doc = {d.id: d.meta for d in docs}
        structured = any(mk.evidence == "attribution" for mk in self.markers.values())
        voices = []
        for i in range(len(sentences)):
            scores = {m: float(matrix[m][0][i]) for m in self.markers}
            own_scores = {m: (scores[m] if own[i] == texts[i] else 0.0 if not own[i] else float(matrix[m][0][at[own[i]]]))
                          for m in self.markers}
            quoted_scores = ({} if own[i] == texts[i] else
                             {m: (scores[m] if not own[i] or not quoted[i] else float(matrix[m][0][at[quoted[i]]]))
                              for m in self.markers})
            voices.append((scores, own_scores, quoted_scores))
        # decisions on each marker's voice (its own-voice score unless the marker says otherwise)
        decisions = [{m: (own if mk.voice == "own" else full)[m] >= mk.threshold
                      and not math.isnan((own if mk.voice == "own" else full)[m]) for m, mk in self.markers.items()}
                     for full, own, _ in voices]
        drivers: dict[str, dict[int, list[Span]]] = {}
        if self.drivers is not None:
            positive = {m: [i for i, d in enumerate(decisions) if d[m]] for m in self.markers}
            drivers = find_drivers(texts, positive, {m: s[: len(texts)] for m, (s, _) in matrix.items()},
                                   self.score_marker_texts, self.drivers,
                                   {m: mk.find_cues for m, mk in self.markers.items()})
        results = []
        for i, sent in enumerate(sentences):
            scores, own_scores, quoted_scores = voices[i]
            found = extract_attribution(sent.text) if structured else None
            every = tuple(extract_attributions(sent.text)) if structured else ()
            results.append(SentenceResult(
                doc_id=sent.doc_id, outlet=sent.outlet, index=sent.index, text=sent.text,
                scores=scores,
                decisions=decisions[i],
                evidence={m: merge_evidence(marker_evidence(m, mk, sent.text, found, every), drivers.get(m, {}).get(i))
                          for m, mk in self.markers.items()},
                meta=dict(meta_by_doc.get(sent.doc_id, {})), start=sent.start, end=sent.end, attribution=found,
                attributions=every,
                role=sent.role if segment_text else None,
                quotes=quotes[i], own_scores=own_scores, quoted_scores=quoted_scores,
                own_decisions={m: own_scores[m] >= mk.threshold for m, mk in self.markers.items()},
                quoted_decisions={m: quoted_scores[m] >= mk.threshold for m, mk in self.markers.items()
                                  if m in quoted_scores},
            ))
        return ScoredCorpus(results, dropped, self.nli.name, dict(self.markers))

    @staticmethod
    def segment(docs: Sequence[Document], segment_text: bool = True) -> tuple[list[Sentence], list[Dropped]]:
        """Split documents into sentences with their role on the page (or keep each text whole), collecting what
        was dropped. Lines that recur across several documents of the same outlet in ``docs`` are site furniture."""
        sentences: list[Sentence] = []
        dropped: list[Dropped] = []
        furniture = site_furniture(docs) if segment_text else {}
        for doc in docs:
            if segment_text:
                kept, gone = read_page(doc, furniture.get(doc.outlet, frozenset()))
                sentences.extend(kept)
                dropped.extend(gone)
            else:
                sentences.append(Sentence(doc.id, doc.outlet, 0, doc.text, 0, len(doc.text)))
        return sentences, dropped


def _sentence_quotes(docs: list[Document], sentences: list[Sentence]) -> list[tuple[Quote, ...]]:
    """Each sentence's quotations, found over its whole document (so quotations across sentences keep speakers)."""
    by_doc: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_doc.setdefault(s.doc_id, []).append(i)
    out: list[tuple[Quote, ...]] = [()] * len(sentences)
    for doc in docs:
        idx = by_doc.get(doc.id, [])
        if not idx:
            continue
        found = find_quotes(doc.text, [(sentences[i].start, sentences[i].end) for i in idx])
        for i in idx:
            s = sentences[i]
            if doc.text[s.start:s.end] == s.text:
                out[i] = sentence_quotes(found, s.start, s.end, s.text)
            else:  # a sentence whose text segmentation changed: read it alone
                out[i] = sentence_quotes(find_quotes(s.text, [(0, len(s.text))]), 0, len(s.text), s.text)
    return out
