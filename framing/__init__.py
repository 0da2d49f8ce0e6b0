"""framing: measure how news outlets frame the same story.

Articles go in; each is split into clean sentences; an NLI cross-encoder scores every sentence
for stance markers (hedging, attribution, loaded language, or markers of your own); profiles
aggregate the scores per outlet with bootstrap confidence intervals.

    >>> import framing
    >>> corpus = framing.Scorer().score("examples/corpus")        # folder, file, DataFrame, list...
    >>> profiles = framing.profile_outlets(corpus)
    >>> framing.compare(profiles[0], profiles[1]).markers["hedging"].rate
    >>> framing.extract_attribution("Critics claimed the levy would drive shops away.").source_type
    'unspecified'

Public names are listed in ``__all__``; everything in ``framing._*`` is private.
"""

from __future__ import annotations

from ._adapt import adapt
from ._errors import FramingError, InputError, MarkerError, ModelError
from ._evaluate import EvalReport, calibrate, evaluate
from ._evidence import Attribution, extract_attribution
from ._io import read_documents
from ._markers import Marker, builtin_markers, load_markers, save_markers
from ._nli import NLIModel, default_model_path
from ._profile import (
    Comparison,
    Interval,
    MarkerStat,
    OutletProfile,
    compare,
    load_profiles,
    profile_outlets,
    profiles_from_frame,
    profiles_to_frame,
    save_profiles,
)
from ._report import plot_profiles, write_report
from ._scorer import ScoredCorpus, Scorer
from ._segment import segment
from ._story import Story, StoryConfig, align_story, load_story
from ._story_page import write_story
from ._types import Document, Dropped, Sentence, SentenceResult, Span

__version__ = "0.1.0"

__all__ = [
    "Attribution",
    "Comparison",
    "Document",
    "Dropped",
    "EvalReport",
    "FramingError",
    "InputError",
    "Interval",
    "Marker",
    "MarkerError",
    "MarkerStat",
    "ModelError",
    "NLIModel",
    "OutletProfile",
    "ScoredCorpus",
    "Scorer",
    "Sentence",
    "SentenceResult",
    "Span",
    "Story",
    "StoryConfig",
    "__version__",
    "adapt",
    "align_story",
    "builtin_markers",
    "calibrate",
    "compare",
    "default_model_path",
    "evaluate",
    "extract_attribution",
    "load_markers",
    "load_profiles",
    "load_story",
    "plot_profiles",
    "profile_outlets",
    "profiles_from_frame",
    "profiles_to_frame",
    "read_documents",
    "save_markers",
    "save_profiles",
    "segment",
    "write_report",
    "write_story",
]
