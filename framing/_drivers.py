"""Driver spans: the words that drive a marker's score in a sentence, found by occlusion.

For a sentence and a marker, each candidate unit (a content word, then 2-3 word windows around the strongest
words) is deleted in turn and the variant is re-scored with the marker's own templates, calibration and cue
lexicon. The units whose deletion lowers the score most become evidence spans labelled ``driver``, with the
score drop as ``Span.weight``. Drops are measured in log-odds (``log(p / (1 - p))``): calibrated scores
saturate near 1, where deleting a clearly loaded word moves the probability by 1e-4 but the log-odds by 1 or
more, so probability drops would leave most strong flags without a reason. All variants of all sentences go to the NLI model in one call per stage (two
stages), so the cost is one extra batch of pairs, not one call per sentence. Method, cost and faithfulness:
``docs/drivers.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from ._errors import InputError
from ._types import Span

DRIVER_LABEL = "driver"
"""The label of driver spans in ``SentenceResult.evidence``."""

MarkerTextScorer = Callable[[Mapping[str, Sequence[str]]], Mapping[str, np.ndarray]]
"""Scores texts per marker (``{marker: texts}`` → ``{marker: scores}``), e.g. ``Scorer.score_marker_texts``."""

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
# Windows neither start nor end with these (no "conceded that the").
_EDGE_STOP = frozenset("a an the and or nor but this these those its his her their our my your".split())
# Function words that are skipped as single units; modals (may, might, could...), negation and reporting
# verbs are NOT here: they are what hedging and attribution scores hinge on.
STOPWORDS = frozenset("""a an the of to in on at for by with from into onto over under about as and or nor but so
yet if than then that this these those there here it its it's he she they we i you me him her them us his hers
their theirs our ours my your yours who whom whose which what where when is are was were be been being am has have
had having do does did also just very s""".split())
_NO_SPACE_BEFORE = ",.;:!?)]}”’%'\""


@dataclass(frozen=True)
class DriverConfig:
    """How driver spans are found (``Scorer(drivers=...)``).

    ``top_k``: at most this many driver spans per sentence and marker. ``min_drop``: a unit counts only when
    deleting it lowers the score's log-odds by at least this much (0.1 is about 0.025 of probability near 0.5). ``max_words``: longest window (words) tried.
    ``max_variants``: cap on single-word variants per sentence (long sentences keep cue words, then the longest
    words). ``expand``: windows are tried around this many of the strongest single words. ``phrase_gain``: a
    window replaces its best single word only when its drop is larger by at least this much. Windows never
    cross punctuation.
    """

    top_k: int = 3
    min_drop: float = 0.1
    max_words: int = 3
    max_variants: int = 32
    expand: int = 3
    phrase_gain: float = 0.2

    def __post_init__(self) -> None:
        if self.top_k < 1 or self.max_words < 1 or self.max_variants < 1 or self.expand < 0:
            raise InputError("DriverConfig: top_k, max_words and max_variants must be >= 1, expand >= 0")


def log_odds(p: np.ndarray | float) -> np.ndarray:
    """``log(p / (1 - p))`` with ``p`` clipped to [1e-9, 1 - 1e-9]."""
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    return np.log(q) - np.log1p(-q)


def words(text: str) -> list[tuple[int, int]]:
    """Character offsets of the words of ``text`` (hyphenated and apostrophe words are one word)."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def is_content(word: str) -> bool:
    return word.casefold() not in STOPWORDS


def delete_span(text: str, start: int, end: int) -> str:
    """``text`` without ``text[start:end]``, with the spaces around the gap collapsed to one."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    if not left or not right:
        return left + right
    return left + right if right[0] in _NO_SPACE_BEFORE else f"{left} {right}"


def delete_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` without each of ``spans`` (deleted right to left, so offsets stay valid)."""
    for start, end in sorted(set(spans), reverse=True):
        text = delete_span(text, start, end)
    return text


MAX_CHARS = 2000
"""Only words in a sentence's first ``MAX_CHARS`` characters are tried as drivers (the NLI model truncates longer
sentences long before that), so a huge unsegmented text costs no more than a long sentence."""


def _singles(text: str, ws: list[tuple[int, int]], cue_spans: Sequence[Span], cap: int) -> list[tuple[int, int]]:
    content = [w for w in ws if is_content(text[w[0]:w[1]])]
    if len(content) <= cap:
        return content
    in_cue = {w for w in content if any(c.start < w[1] and w[0] < c.end for c in cue_spans)}
    ranked = sorted(content, key=lambda w: (w not in in_cue, -(w[1] - w[0]), w[0]))
    return sorted(ranked[:cap])


def _windows(text: str, ws: list[tuple[int, int]], around: Sequence[tuple[int, int]], max_words: int) -> list[tuple[int, int]]:
    index = {w: i for i, w in enumerate(ws)}
    out: list[tuple[int, int]] = []
    for w in around:
        i = index[w]
        for n in range(2, max_words + 1):
            for first in range(max(0, i - n + 1), min(i, len(ws) - n) + 1):
                span = (ws[first][0], ws[first + n - 1][1])
                edges = (ws[first], ws[first + n - 1])
                gaps = [text[ws[j][1]:ws[j + 1][0]] for j in range(first, first + n - 1)]
                if (span not in out and all(text[a:b].casefold() not in _EDGE_STOP for a, b in edges)
                        and all(g.isspace() for g in gaps)):
                    out.append(span)
    return out


def find_drivers(texts: Sequence[str], positives: Mapping[str, Sequence[int]], base: Mapping[str, np.ndarray],
                 score: MarkerTextScorer, config: DriverConfig = DriverConfig(),
                 cues: Mapping[str, Callable[[str], list[Span]]] | None = None) -> dict[str, dict[int, list[Span]]]:
    """Driver spans of the sentences ``positives[marker]`` (indices into ``texts``) for each marker.

    ``base[marker]`` holds the marker's scores of all ``texts``; ``score`` re-scores variants (one call per
    stage for all markers and sentences); ``cues[marker]`` (optional) finds the marker's lexicon cues, which
    long sentences keep as candidates first. Returns ``{marker: {index: [Span(label="driver", weight=drop)]}}``,
    spans ordered by start, each with its log-odds drop as ``weight``; a sentence with no unit over
    ``config.min_drop`` gets no entry.
    """
    # stage 1: single content words
    units: dict[tuple[str, int], dict[tuple[int, int], float]] = {}
    word_lists: dict[int, list[tuple[int, int]]] = {}
    stage1: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for m, idx in positives.items():
        finder = (cues or {}).get(m)
        for i in idx:
            # the model reads a sentence's first tokens only: words past MAX_CHARS cannot drive its score
            head = texts[i][:MAX_CHARS]
            ws = word_lists.setdefault(i, [w for w in words(head) if w[1] <= MAX_CHARS])
            stage1[(m, i)] = _singles(texts[i], ws, finder(head) if finder else [], config.max_variants)
    _run(texts, stage1, base, score, units)
    # stage 2: windows of 2..max_words words around the strongest single words
    stage2: dict[tuple[str, int], list[tuple[int, int]]] = {}
    if config.max_words > 1 and config.expand:
        for key, drops in units.items():
            # around the strongest words even when none passes min_drop alone: two hedges ("may possibly")
            # back each other up, so only deleting both shows what drives the score
            top = [u for u, _ in sorted(drops.items(), key=lambda kv: -kv[1])[: config.expand]]
            stage2[key] = [w for w in _windows(texts[key[1]], word_lists[key[1]], top, config.max_words) if w not in drops]
        _run(texts, stage2, base, score, units)
    out: dict[str, dict[int, list[Span]]] = {m: {} for m in positives}
    for (m, i), drops in units.items():
        spans = _select(texts[i], drops, config)
        if spans:
            out[m][i] = spans
    return out


def _run(texts: Sequence[str], todo: Mapping[tuple[str, int], list[tuple[int, int]]], base: Mapping[str, np.ndarray],
         score: MarkerTextScorer, units: dict[tuple[str, int], dict[tuple[int, int], float]]) -> None:
    """Score every variant of ``todo`` in one call and record each unit's score drop in ``units``."""
    requests: dict[str, list[str]] = {}
    where: list[tuple[str, int, tuple[int, int], int]] = []
    for (m, i), spans in todo.items():
        units.setdefault((m, i), {})
        bucket = requests.setdefault(m, [])
        for span in spans:
            where.append((m, i, span, len(bucket)))
            bucket.append(delete_span(texts[i], *span))
    if not where:
        return
    scored = {m: log_odds(s) for m, s in score({m: ts for m, ts in requests.items() if ts}).items()}
    for m, i, span, j in where:
        units[(m, i)][span] = float(log_odds(base[m][i])) - float(scored[m][j])


def _select(text: str, drops: Mapping[tuple[int, int], float], config: DriverConfig) -> list[Span]:
    """The strongest non-overlapping units; a window only when it beats every shorter unit inside it by phrase_gain."""
    chosen: list[tuple[tuple[int, int], float]] = []
    for unit, drop in sorted(drops.items(), key=lambda kv: (-kv[1], kv[0][1] - kv[0][0], kv[0])):
        if len(chosen) == config.top_k or drop < config.min_drop:
            break
        inner = [d for u, d in drops.items() if u != unit and u[0] >= unit[0] and u[1] <= unit[1]]
        if inner and drop < max(inner) + config.phrase_gain:
            continue  # a shorter unit inside it does (nearly) as much
        if any(unit[0] < e and s < unit[1] for (s, e), _ in chosen):
            continue
        chosen.append((unit, drop))
    return sorted((Span(s, e, DRIVER_LABEL, text[s:e], round(d, 4)) for (s, e), d in chosen),
                  key=lambda sp: (sp.start, sp.end))


def merge_evidence(spans: list[Span], drivers: Sequence[Span] | None) -> list[Span]:
    """A marker's evidence spans plus its driver spans, ordered by start (cue spans are kept as they are)."""
    if not drivers:
        return spans
    return sorted([*spans, *drivers], key=lambda s: (s.start, s.end))
