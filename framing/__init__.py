"""framing: measure how news outlets frame the same story.

Articles go in; each is split into clean sentences; an NLI cross-encoder scores every sentence
for stance markers (hedging, attribution, loaded language, or markers of your own); profiles
aggregate the scores per outlet with 95% intervals that stay honest with few articles, and a
small human audit corrects the rates for the model's errors (``sample_audit``, ``profile_outlets(audit=...)``).

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
from ._audit import read_audit, sample_audit, write_audit
from ._batch import BatchSummary, check_score_file, score_file
from ._drivers import DriverConfig
from ._errors import FramingError, InputError, MarkerError, ModelError, OutputExistsError
from ._evaluate import EvalReport, Suite, calibrate, evaluate, load_suite
from ._evidence import extract_attribution, extract_attributions
from ._files import refuse_input_as_output
from ._intervals import AuditStat, ppi_mean, share_interval
from ._io import Columns, ReadReport, read_documents
from ._labelserver import LabelServer
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
    parse_roles,
    profile_outlets,
    profiles_from_frame,
    profiles_to_frame,
    save_profiles,
)
from ._quotes import find_quotes
from ._report import write_report
from ._results import ScoredCorpus, is_scores_file, load_scores, output_format
from ._scorer import Scorer
from ._segment import segment
from ._speakers import SpeakerNames
from ._story import Story, StoryConfig, align_story, load_story, story_of
from ._story_page import write_story
from ._structure import read_page, site_furniture
from ._types import Attribution, AuditRow, AuditTable, Document, Dropped, Quote, Sentence, SentenceResult, Span
from ._version import __version__

__all__ = [
    "Attribution",
    "AttributionStat",
    "AuditRow",
    "AuditStat",
    "AuditTable",
    "BatchSummary",
    "Columns",
    "Comparison",
    "Document",
    "DriverConfig",
    "Dropped",
    "EvalReport",
    "FramingError",
    "InputError",
    "Interval",
    "LabelServer",
    "Marker",
    "MarkerDifference",
    "MarkerError",
    "MarkerStat",
    "ModelError",
    "NLIModel",
    "OutletProfile",
    "OutputExistsError",
    "Profiles",
    "Quote",
    "ReadReport",
    "ScoredCorpus",
    "Scorer",
    "Sentence",
    "SentenceResult",
    "Span",
    "SpeakerNames",
    "Story",
    "StoryConfig",
    "Suite",
    "__version__",
    "adapt",
    "align_story",
    "builtin_markers",
    "calibrate",
    "check_score_file",
    "compare",
    "default_model_path",
    "evaluate",
    "extract_attribution",
    "extract_attributions",
    "find_quotes",
    "is_scores_file",
    "load_markers",
    "load_profiles",
    "load_scores",
    "load_story",
    "load_suite",
    "output_format",
    "parse_roles",
    "plot_profiles",
    "ppi_mean",
    "profile_outlets",
    "profiles_from_frame",
    "profiles_to_frame",
    "read_audit",
    "read_documents",
    "read_page",
    "refuse_input_as_output",
    "sample_audit",
    "save_markers",
    "save_profiles",
    "score_file",
    "segment",
    "select_markers",
    "share_interval",
    "site_furniture",
    "story_of",
    "write_audit",
    "write_report",
    "write_story",
]
