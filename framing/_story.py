"""The story view: line up what several outlets report about one story, sentence by sentence.

:func:`align_story` groups sentences (a quotation split across sentences counts as one unit) from different
articles that report the same thing:

* the same quotation: quoted words matched with ``rapidfuzz.fuzz.partial_ratio`` on normalised text, fragment by
  fragment (cuts, ellipses and changed punctuation do not matter);
* the same fact, claim or reported statement: cosine similarity of sentence embeddings from the base encoder
  all-MiniLM-L6-v2 (mean pooling, through sentence-transformers), above a threshold chosen by measurement
  (``docs/story.md``), with a small bonus when both sentences have the same speaker.

Clusters grow greedily from the strongest link (average linkage over the embeddings, at most one unit per
article). Each :class:`Group` has its members, its most common wording (the member closest to all others) and a
word-level diff (difflib) of each member against it, with the differing words classified: a marker's cue
(hedge, loaded word) added or removed, the attribution verb changed, an actor named differently (country,
capital, seat of government). :class:`OutletCoverage` says, per outlet, which groups only it carries and which
every other outlet carries but it leaves out. Scaling and limits: ``docs/story.md``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Mapping, Sequence

import numpy as np

from ._errors import FramingError, InputError
from ._files import atomic_write_text, read_toml
from ._io import TABLE_SUFFIXES
from ._evidence import CUE_VERBS, extract_attribution, is_pronoun, normalise_source
from ._markers import Marker, builtin_markers
from ._results import ScoredCorpus, read_results, write_table
from ._train import default_base_model
from ._types import Attribution, SentenceResult, Span

GroupKind = Literal["quote", "statement", "fact"]
Prominence = Literal["headline", "lead", "body", "end"]
ActorForm = Literal["country", "people", "capital", "seat"]
DiffKind = Literal["hedge_added", "hedge_removed", "loaded_added", "loaded_removed", "cue_added", "cue_removed",
                   "attribution_verb_changed", "actor_named_differently"]
ACTOR_FORMS: tuple[ActorForm, ...] = ("country", "people", "capital", "seat")

DEFAULT_THRESHOLD = 0.56
"""Cosine similarity above which two sentences report the same fact (chosen on examples/story, docs/story.md)."""

DEFAULT_COVERAGE = 0.50
"""Cosine similarity of a sentence to a group's mean embedding above which its outlet has the group close (is not
said to leave it out; chosen by leaving one outlet out, docs/story.md)."""

# A few real actors named by country, people, capital or seat of government; fictional ones come through
# ``StoryConfig.actors`` (e.g. a TOML file, see :func:`load_actors`).
GAZETTEER: dict[str, dict[ActorForm, tuple[str, ...]]] = {
    "Russia": {"country": ("Russia",), "people": ("Russian",), "capital": ("Moscow",), "seat": ("Kremlin",)},
    "United States": {"country": ("United States", "U.S.", "US", "America"), "people": ("American",),
                      "capital": ("Washington",), "seat": ("White House",)},
    "United Kingdom": {"country": ("United Kingdom", "Britain", "UK", "U.K."), "people": ("British",),
                       "capital": ("London",), "seat": ("Downing Street", "Whitehall")},
    "China": {"country": ("China",), "people": ("Chinese",), "capital": ("Beijing",), "seat": ("Zhongnanhai",)},
    "France": {"country": ("France",), "people": ("French",), "capital": ("Paris",), "seat": ("Elysee", "Élysée")},
    "Germany": {"country": ("Germany",), "people": ("German",), "capital": ("Berlin",), "seat": ("Chancellery",)},
    "Ukraine": {"country": ("Ukraine",), "people": ("Ukrainian",), "capital": ("Kyiv", "Kiev"), "seat": ()},
    "Iran": {"country": ("Iran",), "people": ("Iranian",), "capital": ("Tehran",), "seat": ()},
    "Israel": {"country": ("Israel",), "people": ("Israeli",), "capital": ("Jerusalem",), "seat": ("Knesset",)},
    "Japan": {"country": ("Japan",), "people": ("Japanese",), "capital": ("Tokyo",), "seat": ("Kantei",)},
    "India": {"country": ("India",), "people": ("Indian",), "capital": ("New Delhi", "Delhi"), "seat": ()},
    "Turkey": {"country": ("Turkey", "Türkiye"), "people": ("Turkish",), "capital": ("Ankara",), "seat": ()},
    "European Union": {"country": ("European Union", "EU"), "people": (), "capital": ("Brussels",),
                       "seat": ("European Commission",)},
}

_MARKER_SHORT = {"hedging": "hedge", "loaded_language": "loaded"}
_TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")
_QUOTE_PAIRS = {"“": "”", '"': '"'}
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]|\s[-–—]\s|[–—]")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")


@dataclass(frozen=True)
class StoryConfig:
    """How :func:`align_story` groups sentences.

    ``threshold``: cosine similarity of sentence embeddings for the same fact; ``speaker_bonus`` is added when
    both sentences have the same speaker (the same reported statement). ``quote_min_words`` and
    ``quote_ratio`` (0-100): a quotation fragment of at least that many words found in another's quoted words
    with at least that ``partial_ratio`` is the same quotation. ``lead_sentences``: body sentences at the top
    that count as the lead; ``end_share``: the last share of an article that counts as its end.
    ``omission_share``: an outlet leaves a group out when at least this share of the other outlets (and two
    of them) carry it. ``coverage_threshold``: an outlet with a sentence at least this similar to a group's mean
    embedding (but not grouped with it: worded too differently, or its article already has a member) has it
    close (:attr:`Group.near`): it does not leave the group out, and counts as carrying it for the others. ``story_links``: two articles belong to one story when they share at least this many
    groups; ``max_stray_share``: the most articles outside the largest story before the input is refused.
    ``actors``: names of actors beyond the built-in gazetteer, ``{actor: {form: [names]}}``.
    """

    threshold: float = DEFAULT_THRESHOLD
    speaker_bonus: float = 0.05
    quote_min_words: int = 3
    quote_ratio: float = 90.0
    lead_sentences: int = 3
    end_share: float = 0.25
    omission_share: float = 1.0
    coverage_threshold: float = DEFAULT_COVERAGE
    story_links: int = 2
    max_stray_share: float = 0.2
    actors: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    model: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0 or not 0.0 < self.omission_share <= 1.0 \
                or not 0.0 < self.coverage_threshold <= 1.0:
            raise InputError("story threshold, coverage threshold and omission share must be in (0, 1]")
        for actor, forms in self.actors.items():
            bad = set(forms) - set(ACTOR_FORMS)
            if bad:
                raise InputError(f"actor {actor!r}: unknown name kind {sorted(bad)[0]!r}; use {', '.join(ACTOR_FORMS)}")


@dataclass(frozen=True)
class WordDiff:
    """One differing stretch of a member against its group's wording: ``ref`` words became ``text`` words.

    ``start``/``end`` index the member's text (an empty range where words were left out); ``kinds`` classify
    the difference where possible and ``detail`` says how (``"said → claimed"``, ``"Marrovia (country) →
    Teskov (capital)"``)."""

    op: Literal["replace", "insert", "delete"]
    ref: str
    text: str
    start: int
    end: int
    kinds: tuple[DiffKind, ...] = ()
    detail: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "ref": self.ref, "text": self.text, "start": self.start, "end": self.end,
                "kinds": list(self.kinds), "detail": list(self.detail)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WordDiff:
        return cls(d["op"], d["ref"], d["text"], int(d["start"]), int(d["end"]), tuple(d.get("kinds") or ()),
                   tuple(d.get("detail") or ()))


@dataclass(frozen=True)
class Member:
    """One outlet's version: a sentence (or a quotation split over consecutive sentences) of one article."""

    outlet: str
    doc_id: str
    index: int
    indices: tuple[int, ...]
    role: str
    prominence: Prominence
    text: str
    markers: tuple[str, ...]
    scores: Mapping[str, float]
    evidence: Mapping[str, tuple[Span, ...]]
    speaker: str | None
    quotes: tuple[str, ...]
    diffs: tuple[WordDiff, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "doc_id": self.doc_id, "index": self.index, "indices": list(self.indices),
                "role": self.role, "prominence": self.prominence, "text": self.text, "markers": list(self.markers),
                "scores": dict(self.scores), "evidence": {m: [s.to_dict() for s in v] for m, v in self.evidence.items()},
                "speaker": self.speaker, "quotes": list(self.quotes), "diffs": [d.to_dict() for d in self.diffs]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Member:
        return cls(d["outlet"], d["doc_id"], int(d["index"]), tuple(d["indices"]), d["role"], d["prominence"],
                   d["text"], tuple(d["markers"]), dict(d["scores"]),
                   {m: tuple(Span.from_dict(s) for s in v) for m, v in d["evidence"].items()}, d.get("speaker"),
                   tuple(d.get("quotes") or ()), tuple(WordDiff.from_dict(x) for x in d.get("diffs") or ()))


@dataclass(frozen=True)
class Group:
    """Sentences from one or more articles that report the same thing; ``wording`` is the most common one.
    ``outlets`` carry it; ``near`` have a sentence close to it that was not grouped with it
    (``StoryConfig.coverage_threshold``); ``missing``: the others."""

    id: str
    kind: GroupKind
    wording: str
    members: tuple[Member, ...]
    outlets: tuple[str, ...]
    missing: tuple[str, ...]
    near: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "wording": self.wording, "outlets": list(self.outlets),
                "missing": list(self.missing), "near": list(self.near), "members": [m.to_dict() for m in self.members]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Group:
        return cls(d["id"], d["kind"], d["wording"], tuple(Member.from_dict(m) for m in d["members"]),
                   tuple(d["outlets"]), tuple(d["missing"]), tuple(d.get("near") or ()))


@dataclass(frozen=True)
class SpeakerShare:
    """A speaker quoted by an outlet: sentences attributed to them and their share of the outlet's quoted words."""

    speaker: str
    sentences: int
    quoted_words: int
    share: float


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet carries: its groups, the groups only it carries, those it leaves out, whom it quotes."""

    outlet: str
    articles: int
    groups: tuple[str, ...]
    only: tuple[str, ...]
    omitted: tuple[str, ...]
    speakers: tuple[SpeakerShare, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "articles": self.articles, "groups": list(self.groups), "only": list(self.only),
                "omitted": list(self.omitted), "speakers": [vars(s) for s in self.speakers]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> OutletCoverage:
        return cls(d["outlet"], int(d["articles"]), tuple(d["groups"]), tuple(d["only"]), tuple(d["omitted"]),
                   tuple(SpeakerShare(**s) for s in d["speakers"]))


@dataclass(frozen=True)
class Story:
    """What :func:`align_story` returns: groups (most outlets first) and per-outlet coverage."""

    groups: tuple[Group, ...]
    outlets: tuple[OutletCoverage, ...]
    markers: tuple[str, ...]
    config: StoryConfig
    meta: Mapping[str, Any] = field(default_factory=dict)

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def shared(self, min_outlets: int = 2) -> list[Group]:
        """Groups carried by at least ``min_outlets`` outlets."""
        return [g for g in self.groups if len(g.outlets) >= min_outlets]

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per member: the group, the outlet's sentence, its markers, speaker and classified differences."""
        rows = []
        for g in self.groups:
            for m in g.members:
                rows.append({"group": g.id, "kind": g.kind, "group_outlets": len(g.outlets), "outlet": m.outlet,
                             "id": m.doc_id, "sentence_index": m.index, "role": m.role, "prominence": m.prominence,
                             "speaker": m.speaker, "sentence": m.text, "wording": g.wording,
                             "markers": list(m.markers), "differences": sorted({k for d in m.diffs for k in d.kinds}),
                             "diffs": [d.to_dict() for d in m.diffs]})
        return rows

    def to_pandas(self) -> Any:
        """One row per member (see :meth:`to_rows`)."""
        import pandas as pd

        return pd.DataFrame(self.to_rows())

    def to_dict(self) -> dict[str, Any]:
        cfg = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in vars(self.config).items()}
        return {"format": "framing-story/1", "markers": list(self.markers), "config": cfg, "meta": dict(self.meta),
                "outlets": [o.to_dict() for o in self.outlets], "groups": [g.to_dict() for g in self.groups]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Story:
        if d.get("format") != "framing-story/1":
            raise InputError("not a story file; make one with align_story(...).save('story.json')")
        return cls(tuple(Group.from_dict(g) for g in d["groups"]), tuple(OutletCoverage.from_dict(o) for o in d["outlets"]),
                   tuple(d["markers"]), StoryConfig(**d["config"]), dict(d.get("meta") or {}))

    def save(self, path: str | Path) -> Path:
        """Write the story as JSON (everything, :meth:`from_dict` reads it back) or as a table (.parquet/.csv/.jsonl,
        one row per member); atomically."""
        p = Path(path)
        if p.suffix.lower() == ".json":
            return atomic_write_text(p, json.dumps(self.to_dict(), ensure_ascii=False, indent=1))
        if p.suffix.lower() in TABLE_SUFFIXES:
            return write_table(self.to_rows(), p)
        raise InputError(f"{p}: unknown story output format {p.suffix!r}; name the file .json, .parquet, .csv or .jsonl")


def load_actors(path: str | Path) -> dict[str, dict[str, list[str]]]:
    """Actors from a TOML file: one table per actor, its names by kind (country, people, capital, seat)."""

    p = Path(path)
    data = read_toml(p, "actors file")
    out: dict[str, dict[str, list[str]]] = {}
    for actor, forms in data.items():
        if not isinstance(forms, dict) or not all(isinstance(v, list) for v in forms.values()):
            raise InputError(f"{p}: [{actor}] must list names by kind, e.g. capital = [\"Teskov\"]")
        out[actor] = {k: [str(x) for x in v] for k, v in forms.items()}
    StoryConfig(actors=out)  # validates the kinds
    return out


# --- units -------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    outlet: str
    doc_id: str
    indices: list[int]
    text: str
    results: list[SentenceResult]
    quotes: list[str] = field(default_factory=list)
    speaker_raw: str | None = None
    speaker_type: str | None = None
    speaker: str | None = None
    role: str = "body"
    prominence: Prominence = "body"


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted passages (inner offsets); an opening mark with no close runs to the end, a closing mark with no
    opening starts at the beginning (a quotation the segmenter split)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    first_open = min([p for p in (text.find("“"), text.find('"')) if p >= 0], default=n)
    first_close = text.find("”")
    if 0 <= first_close < first_open:
        spans.append((0, first_close))
        i = first_close + 1
    while i < n:
        ch = text[i]
        if ch in _QUOTE_PAIRS:
            j = text.find(_QUOTE_PAIRS[ch], i + 1)
            spans.append((i + 1, n if j < 0 else j))
            i = n if j < 0 else j + 1
        else:
            i += 1
    return spans


def _open_quote(text: str) -> bool:
    """Whether a quotation opened in ``text`` is still open at its end."""
    curly = text.count("“") - text.count("”")
    return curly > 0 or text.count('"') % 2 == 1


def _norm_words(text: str) -> list[str]:
    return re.findall(r"\w+(?:[’']\w+)*", text.casefold().replace("’", "'"))


_SINGLE_QUOTED = re.compile(r"(?<!\w)‘(.+?)’(?!\w)")
"""A passage in single curly quotes (British style); a ’ inside a word is an apostrophe, not the close."""


def _quote_fragments(text: str) -> list[str]:
    """The normalised word strings of each quoted passage (double quotes, or single curly quotes when there are
    no double ones), split at ellipses and dashes."""
    out = []
    spans = _quote_spans(text)
    if not spans:
        spans = [(m.start(1), m.end(1)) for m in _SINGLE_QUOTED.finditer(text)]
    for a, b in spans:
        for piece in _ELLIPSIS.split(text[a:b]):
            words = _norm_words(piece)
            if words:
                out.append(" ".join(words))
    return out


def _role(r: SentenceResult) -> str:
    role = r.meta.get("role")
    if isinstance(role, str) and role:
        return role
    return "headline" if r.index == 0 and not _TERMINAL.search(r.text.strip()) else "body"


def _units(results: Sequence[SentenceResult], config: StoryConfig) -> list[_Unit]:
    by_doc: dict[tuple[str, str], list[SentenceResult]] = defaultdict(list)
    for r in results:
        by_doc[(r.outlet, r.doc_id)].append(r)
    units: list[_Unit] = []
    for (outlet, doc), rows in by_doc.items():
        rows.sort(key=lambda r: r.index)
        doc_units: list[_Unit] = []
        for r in rows:
            prev = doc_units[-1] if doc_units else None
            if prev is not None and _open_quote(prev.text) and len(prev.results) < 4:
                prev.text = f"{prev.text} {r.text}"
                prev.indices.append(r.index)
                prev.results.append(r)
            else:
                doc_units.append(_Unit(outlet, doc, [r.index], r.text, [r], role=_role(r)))
        body = [u for u in doc_units if u.role != "headline"]
        for rank, u in enumerate(body):
            if rank < config.lead_sentences:
                u.prominence = "lead"
            elif rank >= len(body) * (1.0 - config.end_share):
                u.prominence = "end"
        for u in doc_units:
            if u.role == "headline":
                u.prominence = "headline"
            u.quotes = _quote_fragments(u.text)
        _speakers(doc_units)
        units.extend(doc_units)
    return units


_TITLE_WORDS = re.compile(r"^(?:(?:prime|foreign|deputy|interior|chief|fire|opposition|police|former|brevnian|the)\s+)*"
                          r"(?:minister|president|chief|executive|leader|mayor|governor|secretary|spokes\w+|chair\w*|"
                          r"director|senator|commissioner)\s+", re.IGNORECASE)


def _speakers(units: list[_Unit]) -> None:
    """The source of each unit's attribution (sources of more than six words are not names: dropped); a pronoun,
    or a quotation without a source, takes the nearest named source of the two units before it."""
    for u in units:
        att: Attribution | None = None
        for r in u.results:
            att = Attribution.from_spans(r.evidence.get("attribution", [])) or att
        att = att or extract_attribution(u.text)
        src = att.source if att is not None else None
        if src is not None and not is_pronoun(src.text) and len(src.text.split()) <= 6:
            u.speaker_raw, u.speaker_type = src.text, att.source_type if att else None
        elif src is not None and is_pronoun(src.text) or src is None and u.quotes:
            u.speaker_type = "pronoun"


def _resolve_pronouns(units: list[_Unit]) -> None:
    """A pronoun source is the last known person whose surname appears in this unit or the one before it,
    else the previous unit's speaker."""
    surnames = {normalise_source(u.speaker_raw).split()[-1]: u for u in units
                if u.speaker_raw and u.speaker_type == "named_person"}
    for k, u in enumerate(units):
        if u.speaker_type != "pronoun":
            continue
        u.speaker_type = None
        prev = units[k - 1] if k and units[k - 1].doc_id == u.doc_id and units[k - 1].outlet == u.outlet else None
        for text in (u.text, prev.text if prev else ""):
            words = [w.casefold() for w in re.findall(r"\w+", text)]
            hit = [w for w in words if w in surnames]
            if hit:
                u.speaker_raw, u.speaker_type = surnames[hit[-1]].speaker_raw, "named_person"
                break
        else:
            if prev is not None and prev.speaker_raw:
                u.speaker_raw, u.speaker_type = prev.speaker_raw, prev.speaker_type


def _merge_speakers(units: list[_Unit]) -> None:
    """One name per speaker across the story: persons by surname (``Rostek`` = ``Prime Minister Hana Rostek``),
    others by their normalised text; shown in their most common full form."""
    keys: dict[int, str] = {}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for i, u in enumerate(units):
        if not u.speaker_raw:
            continue
        name = normalise_source(u.speaker_raw)
        if u.speaker_type == "named_person":
            key = "person:" + name.split()[-1]
            shown = _TITLE_WORDS.sub("", u.speaker_raw.strip(" ,.;:")).strip()
        else:
            key, shown = "other:" + name, u.speaker_raw.strip(" ,.;:")
        keys[i] = key
        forms[key][shown] += 1
    best = {k: max(c.items(), key=lambda kv: (len(kv[0].split()) >= 2, kv[1], len(kv[0])))[0] for k, c in forms.items()}
    for i, key in keys.items():
        units[i].speaker = best[key]


# --- grouping ----------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _sentence_model(path: str) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu")


def embed(texts: Sequence[str], model: str | None = None) -> np.ndarray:
    """Unit-length sentence embeddings (all-MiniLM-L6-v2 by default, mean pooling)."""

    path = model or default_base_model()
    if not Path(path).is_dir():
        raise InputError(f"sentence encoder folder not found: {path}")
    vecs = _sentence_model(str(path)).encode(list(texts), batch_size=64, normalize_embeddings=True,
                                             show_progress_bar=False, convert_to_numpy=True)
    return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)


def _quote_links(units: list[_Unit], config: StoryConfig) -> dict[tuple[int, int], int]:
    """Pairs of units (different articles) that share a quotation fragment of ``quote_min_words`` words or more,
    with the word count of the longest shared fragment."""
    from rapidfuzz import fuzz

    frags = [[f for f in u.quotes if len(f.split()) >= config.quote_min_words] for u in units]
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, fs in enumerate(frags):
        for f in fs:
            w = f.split()
            for k in range(len(w) - 1):
                index[(w[k], w[k + 1])].add(i)
    links: dict[tuple[int, int], int] = {}
    for i, fs in enumerate(frags):
        cands: set[int] = set()
        for f in fs:
            w = f.split()
            for k in range(len(w) - 1):
                cands |= index.get((w[k], w[k + 1]), set())
        for j in cands:
            if j <= i or units[j].doc_id == units[i].doc_id and units[j].outlet == units[i].outlet:
                continue
            shared = [min(len(a.split()), len(b.split())) for a in fs for b in frags[j]
                      if fuzz.partial_ratio(a, b) >= config.quote_ratio]
            if shared:
                links[(i, j)] = max(shared)
    return links


def _cluster(units: list[_Unit], emb: np.ndarray, quote_links: Mapping[tuple[int, int], int],
             config: StoryConfig) -> tuple[list[list[int]], set[int]]:
    """Greedy average-linkage clustering from the strongest link, at most one unit per article; quotation links
    merge first (a shared fragment under five words, e.g. "the United States", only where the sentences are
    also similar: ``threshold - 0.2``). Returns clusters and the units that head a cluster joined by a quotation."""
    n = len(units)
    edges: list[tuple[float, int, int, bool]] = [
        (2.0 + float(emb[i] @ emb[j]), i, j, True) for (i, j), words in quote_links.items()
        if words >= 5 or float(emb[i] @ emb[j]) >= config.threshold - 0.2]
    speakers = [u.speaker for u in units]
    docs = [(u.outlet, u.doc_id) for u in units]
    floor = config.threshold - config.speaker_bonus
    for a in range(0, n, 1024):
        block = emb[a:a + 1024] @ emb.T
        for ii, jj in zip(*np.nonzero(block >= floor)):
            i, j = a + int(ii), int(jj)
            if j <= i or docs[i] == docs[j]:
                continue
            s = float(block[ii, jj]) + (config.speaker_bonus if speakers[i] and speakers[i] == speakers[j] else 0.0)
            if s >= config.threshold:
                edges.append((s, i, j, False))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums = {i: emb[i].astype(np.float64).copy() for i in range(n)}
    doc_sets = {i: {docs[i]} for i in range(n)}
    quoted: set[int] = set()

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j, is_quote in edges:
        a, b = root(i), root(j)
        if a == b or doc_sets[a] & doc_sets[b]:
            continue
        if not is_quote:
            mean = float(sums[a] @ sums[b]) / (len(members[a]) * len(members[b]))
            if mean < floor:
                continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        parent[b] = a
        members[a].extend(members.pop(b))
        sums[a] += sums.pop(b)
        doc_sets[a] |= doc_sets.pop(b)
        if is_quote or b in quoted:
            quoted.add(a)
    clusters = sorted((sorted(m) for m in members.values()), key=lambda m: m[0])
    quoted_roots = {root(m[0]) for m in clusters if root(m[0]) in quoted}
    return clusters, {i for m in clusters if root(m[0]) in quoted_roots for i in m[:1]}


def story_components(docs: Sequence[tuple[str, str]], groups: Iterable[Sequence[tuple[str, str]]],
                     min_shared: int) -> list[list[int]]:
    """Articles split into stories: connected components of the graph that joins two articles when at least
    ``min_shared`` groups have members in both; each component lists indices into ``docs``, largest first."""
    index = {d: k for k, d in enumerate(docs)}
    parent = list(range(len(docs)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    shared: Counter[tuple[int, int]] = Counter()
    for members in groups:
        ks = sorted({index[d] for d in members})
        for a in range(len(ks)):
            for b in range(a + 1, len(ks)):
                shared[(ks[a], ks[b])] += 1
    for (a, b), n in shared.items():
        if n >= min_shared:
            parent[root(a)] = root(b)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        comps[root(i)].append(i)
    return sorted(comps.values(), key=lambda c: (-len(c), c[0]))


# --- differences -------------------------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _actor_patterns(config: StoryConfig) -> list[tuple[re.Pattern[str], str, str]]:
    table: dict[str, Mapping[str, Sequence[str]]] = {**GAZETTEER, **config.actors}
    out = []
    for actor, forms in table.items():
        for form, names in forms.items():
            for name in names:
                out.append((re.compile(r"(?<![\w-])" + re.escape(name) + r"(?:[’']s)?(?![\w-])"), actor, form))
    return out


def _actor_mentions(text: str, patterns: list[tuple[re.Pattern[str], str, str]]) -> list[tuple[int, int, str, str, str]]:
    found = []
    for pat, actor, form in patterns:
        for m in pat.finditer(text):
            found.append((m.start(), m.end(), actor, form, m.group(0)))
    return found


def _canonical_actors(text: str, patterns: list[tuple[re.Pattern[str], str, str]]) -> str:
    """``text`` with each capital or seat of government replaced by its country's name (for embedding only:
    "Teskov denied" and "Marrovia denied" report the same thing)."""
    for pat, actor, form in patterns:
        if form in ("capital", "seat"):
            text = pat.sub(actor, text)
    return text


def _cue_words(marker: Marker, text: str, a: int, b: int) -> list[str]:
    return [s.text.casefold() for s in marker.find_cues(text) if s.start < b and a < s.end]


def _classify(ref: str, rtoks: list[tuple[str, int, int]], r0: int, r1: int, text: str,
              mtoks: list[tuple[str, int, int]], m0: int, m1: int, markers: Mapping[str, Marker],
              patterns: list[tuple[re.Pattern[str], str, str]]) -> tuple[tuple[DiffKind, ...], tuple[str, ...]]:
    ra = rtoks[r0][1] if r0 < r1 else (rtoks[r0 - 1][2] if r0 else 0)
    rb = rtoks[r1 - 1][2] if r0 < r1 else ra
    ma = mtoks[m0][1] if m0 < m1 else (mtoks[m0 - 1][2] if m0 else 0)
    mb = mtoks[m1 - 1][2] if m0 < m1 else ma
    kinds: list[DiffKind] = []
    detail: list[str] = []
    for name, marker in markers.items():
        if name == "attribution":
            continue
        short = _MARKER_SHORT.get(name, "cue")
        in_ref, in_mem = _cue_words(marker, ref, ra, rb), _cue_words(marker, text, ma, mb)
        added = [w for w in in_mem if w not in _cue_words(marker, ref, 0, len(ref))]
        removed = [w for w in in_ref if w not in _cue_words(marker, text, 0, len(text))]
        if added:
            kinds.append(f"{short}_added")  # type: ignore[arg-type]
            detail.append(f"{name} + {', '.join(dict.fromkeys(added))}")
        if removed:
            kinds.append(f"{short}_removed")  # type: ignore[arg-type]
            detail.append(f"{name} − {', '.join(dict.fromkeys(removed))}")
    ref_mentions = _actor_mentions(ref, patterns)
    for s, e, actor, form, name in _actor_mentions(text, patterns):
        if not (s < mb and ma < e) and not (ma == mb and s <= ma <= e):
            continue
        other = [(f, n) for _, _, act, f, n in ref_mentions if act == actor]
        if other and all(f != form for f, _ in other):
            kinds.append("actor_named_differently")
            detail.append(f"{other[0][1]} ({other[0][0]}) → {name} ({form})")
            break
    return tuple(dict.fromkeys(kinds)), tuple(dict.fromkeys(detail))


def word_diff(ref: str, text: str, markers: Mapping[str, Marker] | None = None,
              config: StoryConfig | None = None) -> tuple[WordDiff, ...]:
    """The word-level differences of ``text`` against ``ref`` (difflib on casefolded words), classified."""
    markers = builtin_markers() if markers is None else markers
    patterns = _actor_patterns(config or StoryConfig())
    rtoks, mtoks = _tokens(ref), _tokens(text)
    sm = difflib.SequenceMatcher(None, [t[0].casefold() for t in rtoks], [t[0].casefold() for t in mtoks],
                                 autojunk=False)
    ra, ma = extract_attribution(ref), extract_attribution(text)
    verbs = (ra.cue, ma.cue) if ra and ma and ra.cue.text.casefold() != ma.cue.text.casefold() else None
    out = []
    for op, r0, r1, m0, m1 in sm.get_opcodes():
        if op == "equal":
            continue
        ref_words = " ".join(t[0] for t in rtoks[r0:r1])
        mem_words = " ".join(t[0] for t in mtoks[m0:m1])
        if not re.search(r"\w", ref_words + mem_words):
            continue  # punctuation only
        start = mtoks[m0][1] if m0 < m1 else (mtoks[m0 - 1][2] if m0 else 0)
        end = mtoks[m1 - 1][2] if m0 < m1 else start
        kinds, detail = _classify(ref, rtoks, r0, r1, text, mtoks, m0, m1, markers, patterns)
        if verbs and start <= verbs[1].start < max(end, start + 1):
            kinds += ("attribution_verb_changed",)
            detail += (f"{verbs[0].text} ({CUE_VERBS.get(verbs[0].text.casefold(), 'neutral')}) → {verbs[1].text} "
                       f"({CUE_VERBS.get(verbs[1].text.casefold(), 'neutral')})",)
        out.append(WordDiff(op, ref_words, mem_words, start, end, kinds, detail))  # type: ignore[arg-type]
    return tuple(out)


def _wording(texts: Sequence[str]) -> int:
    """Index of the most common wording: the text closest (rapidfuzz ratio) to all the others."""
    from rapidfuzz import fuzz

    if len(texts) <= 2:
        return 0
    totals = [sum(fuzz.ratio(a, b) for b in texts) for a in texts]
    return int(np.argmax(totals))


# --- the story ---------------------------------------------------------------------------------------


def _as_results(corpus: Any) -> tuple[list[SentenceResult], tuple[str, ...], dict[str, Marker]]:

    if isinstance(corpus, (str, Path)):
        if not Path(corpus).is_file():
            raise InputError(f"scores file not found: {corpus}; score the articles first (Scorer().score)")
        results = read_results(corpus)
        markers: dict[str, Marker] = {}
    elif isinstance(corpus, ScoredCorpus):
        results, markers = list(corpus.results), dict(corpus.markers)
    else:
        results = list(corpus)
        markers = {}
        if results and not all(isinstance(r, SentenceResult) for r in results):
            raise InputError("align_story takes a ScoredCorpus, SentenceResults or a scores file; score texts first")
    names = tuple(results[0].scores) if results else ()
    builtin = builtin_markers()
    for n in names:
        if n not in markers and n in builtin:
            markers[n] = builtin[n]
    return results, names, markers


def align_story(corpus: Any, config: StoryConfig | None = None, *, actors: str | Path | Mapping[str, Any] | None = None,
                encoder: Callable[[Sequence[str]], np.ndarray] | None = None) -> Story:
    """Line up what each outlet reports about one story: groups of sentences that report the same thing.

    ``corpus``: what :meth:`Scorer.score` returns, a list of :class:`SentenceResult`, or a scores file.
    ``actors``: names of actors beyond the built-in gazetteer (a TOML path or ``{actor: {form: [names]}}``).
    ``encoder``: texts → unit-length vectors, instead of the default sentence encoder.
    An input that covers several unrelated stories is refused (:class:`InputError`): split it by story first.
    """
    config = config or StoryConfig()
    if actors is not None:
        table = load_actors(actors) if isinstance(actors, (str, Path)) else dict(actors)
        from dataclasses import replace

        config = replace(config, actors={**config.actors, **table})
    results, names, markers = _as_results(corpus)
    if not results:
        raise InputError("no sentences to align; the input is empty")
    units = _units(results, config)
    _resolve_pronouns(units)
    _merge_speakers(units)
    patterns = _actor_patterns(config)
    texts = [_canonical_actors(u.text, patterns) for u in units]
    vecs = encoder(texts) if encoder else embed(texts, config.model)
    vecs = np.asarray(vecs, dtype=np.float32)
    clusters, quoted = _cluster(units, vecs, _quote_links(units, config), config)
    docs = sorted({(u.outlet, u.doc_id) for u in units})
    comps = story_components(docs, [[(units[i].outlet, units[i].doc_id) for i in cl] for cl in clusters],
                             config.story_links)
    stray = 1.0 - len(comps[0]) / len(docs)
    if len(docs) > 2 and stray > config.max_stray_share:
        sizes = ", ".join(str(len(c)) for c in comps[:5])
        examples = "; ".join(f"{docs[c[0]][1]}" for c in comps[:3])
        raise InputError(f"the input covers {len(comps)} separate stories (articles per story: {sizes}"
                         f"{', ...' if len(comps) > 5 else ''}; e.g. {examples}); align one story at a time: "
                         "split the articles by story")
    all_outlets = tuple(sorted({u.outlet for u in units}))
    near = _near(units, vecs, clusters, config)
    groups = _groups(units, clusters, quoted, near, all_outlets, markers, config)
    coverage = _coverage(units, groups, all_outlets, config)
    meta = {"units": len(units), "sentences": len(results), "articles": len(docs), "stories": len(comps),
            "stray_share": round(stray, 4)}
    return Story(groups, coverage, names, config, meta)


STORY_MAX_ARTICLES = 100
"""The most articles :func:`story_of` aligns unasked (a report of a bigger input says how to align one story)."""


def story_of(corpus: Any, config: StoryConfig | None = None, *, actors: str | Path | Mapping[str, Any] | None = None,
             encoder: Callable[[Sequence[str]], np.ndarray] | None = None,
             max_articles: int | None = STORY_MAX_ARTICLES) -> tuple[Story | None, str]:
    """The story view of an input when it covers one story across two or more outlets, else ``None`` and why.

    The reason is empty when there is nothing to say (one outlet, no sentences); otherwise one line: the input
    covers several stories (:func:`align_story`'s measure), two articles that share too little to be one story,
    more than ``max_articles`` articles (not aligned; ``None``: no limit), or no sentence encoder."""
    if isinstance(actors, (str, Path)):
        actors = load_actors(actors)  # a bad actors file is the caller's error, not a reason to skip the story
    results, _, _ = _as_results(corpus)
    outlets = {r.outlet for r in results}
    if len(outlets) < 2:
        return None, ""
    articles = len({(r.outlet, r.doc_id) for r in results})
    if max_articles is not None and articles > max_articles:
        return None, (f"{articles} articles: more than {max_articles} are not aligned unasked; align one story at a "
                      "time (split the articles by story)")
    try:
        story = align_story(results if isinstance(corpus, (str, Path)) else corpus, config, actors=actors, encoder=encoder)
    except FramingError as exc:  # several stories, or no sentence encoder
        return None, str(exc)
    if story.meta.get("stories", 1) > 1 and articles <= 2:
        return None, "the two articles share too little to be one story"
    return story, ""


def _near(units: list[_Unit], vecs: np.ndarray, clusters: list[list[int]], config: StoryConfig) -> list[tuple[str, ...]]:
    """Per cluster, the outlets outside it with a unit whose cosine to the cluster's mean embedding is at least
    ``coverage_threshold`` and at least its cosine to the mean of its own group's other members (a sentence that
    reports something else with other outlets is not evidence of this)."""
    if not clusters:
        return []
    centroids = np.stack([vecs[cl].mean(axis=0) for cl in clusters])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    own = np.full(len(units), -1.0, dtype=np.float32)  # cosine to the rest of its own group; -1 alone
    for cl in clusters:
        if len(cl) > 1:
            total = vecs[cl].sum(axis=0)
            for i in cl:
                rest = total - vecs[i]
                own[i] = float(vecs[i] @ rest) / max(float(np.linalg.norm(rest)), 1e-9)
    outlets = [u.outlet for u in units]
    out = []
    for a in range(0, len(clusters), 1024):  # units x 1024 groups at a time: memory stays bounded
        sims = vecs @ centroids[a:a + 1024].T
        close = (sims >= config.coverage_threshold) & (sims >= own[:, None])
        for k, cl in enumerate(clusters[a:a + 1024]):
            inside = {outlets[i] for i in cl}
            out.append(tuple(sorted({outlets[i] for i in np.nonzero(close[:, k])[0]} - inside)))
    return out


def _groups(units: list[_Unit], clusters: list[list[int]], quoted: set[int], near: list[tuple[str, ...]],
            all_outlets: tuple[str, ...], markers: Mapping[str, Marker], config: StoryConfig) -> tuple[Group, ...]:
    built = []
    for cl, close in zip(clusters, near):
        texts = [units[i].text for i in cl]
        ref = texts[_wording(texts)]
        outlets = tuple(sorted({units[i].outlet for i in cl}))
        speakers = {units[i].speaker for i in cl}
        kind: GroupKind = "quote" if cl[0] in quoted else ("statement" if len(speakers) == 1 and None not in speakers
                                                          and len(cl) > 1 else "fact")
        members = []
        for i in sorted(cl, key=lambda i: (units[i].outlet, units[i].doc_id)):
            u = units[i]
            decided = tuple(m for m in (u.results[0].scores if u.results else {}) if any(r.decisions.get(m) for r in u.results))
            scores = {m: max(r.scores[m] for r in u.results) for m in u.results[0].scores}
            evidence: dict[str, tuple[Span, ...]] = {}
            offset = 0
            for r in u.results:
                for m, spans in r.evidence.items():
                    evidence[m] = evidence.get(m, ()) + tuple(Span(s.start + offset, s.end + offset, s.label, s.text)
                                                               for s in spans)
                offset += len(r.text) + 1
            diffs = word_diff(ref, u.text, markers, config) if len(cl) > 1 else ()
            members.append(Member(u.outlet, u.doc_id, u.indices[0], tuple(u.indices), u.role, u.prominence, u.text,
                                  decided, scores, evidence, u.speaker, tuple(u.quotes), diffs))
        built.append((ref, kind, tuple(members), outlets, close))
    built.sort(key=lambda g: (-len(g[3]), min(m.index for m in g[2]), g[2][0].outlet))
    return tuple(Group(f"g{k + 1}", kind, ref, members, outlets,
                       tuple(o for o in all_outlets if o not in outlets and o not in close), close)
                 for k, (ref, kind, members, outlets, close) in enumerate(built))


def _coverage(units: list[_Unit], groups: tuple[Group, ...], all_outlets: tuple[str, ...],
              config: StoryConfig) -> tuple[OutletCoverage, ...]:
    out = []
    for o in all_outlets:
        others = [x for x in all_outlets if x != o]
        carried = tuple(g.id for g in groups if o in g.outlets)
        only = tuple(g.id for g in groups if g.outlets == (o,) and not g.near)
        omitted = tuple(g.id for g in groups if o not in g.outlets and o not in g.near and len(g.outlets) >= 2
                        and len(g.outlets) + len(g.near) >= config.omission_share * len(others) - 1e-9)
        words: Counter[str] = Counter()
        sents: Counter[str] = Counter()
        for u in units:
            if u.outlet == o and u.speaker:
                sents[u.speaker] += 1
                words[u.speaker] += sum(len(f.split()) for f in u.quotes)
        total = sum(words.values())
        speakers = tuple(SpeakerShare(s, sents[s], words[s], round(words[s] / total, 4) if total else 0.0)
                         for s, _ in sorted(sents.items(), key=lambda kv: (-words[kv[0]], -kv[1], kv[0])))
        articles = len({u.doc_id for u in units if u.outlet == o})
        out.append(OutletCoverage(o, articles, carried, only, omitted, speakers))
    return tuple(out)


def load_story(path: str | Path) -> Story:
    """Read a story saved as JSON by :meth:`Story.save`."""
    p = Path(path)
    try:
        return Story.from_dict(json.loads(p.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{p}: not a story JSON file ({str(exc)[:80]})") from None

