"""framing: measure how news outlets frame the same story.

Articles go in; each is split into clean sentences; an NLI cross-encoder scores every sentence
for stance markers (hedging, attribution, loaded language, or markers of your own); profiles
aggregate the scores per outlet with bootstrap confidence intervals.

    >>> import framing
    >>> corpus = framing.Scorer().score("examples/corpus")        # folder, file, DataFrame, list...
    >>> profiles = framing.Profiles.from_results(corpus)
    >>> profiles.compare("north", "south").markers["hedging"].rate
    >>> framing.extract_attribution("Critics claimed the levy would drive shops away.").source_type
    'unspecified'

Public names are listed in ``__all__``; everything in ``framing._*`` is private. How the modules are layered:
``docs/architecture.md``.
"""

from __future__ import annotations

from ._adapt import adapt
from ._batch import BatchSummary, check_score_file, score_file
from ._errors import FramingError, InputError, MarkerError, ModelError, OutputExistsError
from ._evaluate import EvalReport, Suite, calibrate, evaluate, load_suite
from ._evidence import extract_attribution
from ._files import refuse_input_as_output
from ._io import Columns, ReadReport, read_documents
from ._markers import Marker, builtin_markers, load_markers, save_markers, select_markers
from ._nli import NLIModel, default_model_path
from ._plots import plot_profiles
from ._profile import (
    AttributionStat,
    Comparison,
    Interval,
    MarkerDifference,
    MarkerStat,
    OutletProfile,
    Profiles,
    compare,
    load_profiles,
    profile_outlets,
    profiles_from_frame,
    profiles_to_frame,
    save_profiles,
)
from ._report import write_report
from ._results import ScoredCorpus, is_scores_file, load_scores, output_format
from ._scorer import Scorer
from ._segment import segment
from ._types import Attribution, Document, Dropped, Sentence, SentenceResult, Span
from ._version import __version__

__all__ = [
    "Attribution",
    "AttributionStat",
    "BatchSummary",
    "Columns",
    "Comparison",
    "Document",
    "Dropped",
    "EvalReport",
    "FramingError",
    "InputError",
    "Interval",
    "Marker",
    "MarkerDifference",
    "MarkerError",
    "MarkerStat",
    "ModelError",
    "NLIModel",
    "OutletProfile",
    "OutputExistsError",
    "Profiles",
    "ReadReport",
    "ScoredCorpus",
    "Scorer",
    "Sentence",
    "SentenceResult",
    "Span",
    "Suite",
    "__version__",
    "adapt",
    "builtin_markers",
    "calibrate",
    "check_score_file",
    "compare",
    "default_model_path",
    "evaluate",
    "extract_attribution",
    "is_scores_file",
    "load_markers",
    "load_profiles",
    "load_scores",
    "load_suite",
    "output_format",
    "plot_profiles",
    "profile_outlets",
    "profiles_from_frame",
    "profiles_to_frame",
    "read_documents",
    "refuse_input_as_output",
    "save_markers",
    "save_profiles",
    "score_file",
    "segment",
    "select_markers",
    "write_report",
]
