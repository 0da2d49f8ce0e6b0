"""Marker adaptation: labelled sentences → NLI pairs (several templates, minimal pairs, generic replay) → the one trainer.

A sentence labelled 1 for a marker becomes (sentence, template, entailment) for each of the marker's
templates; labelled 0 it becomes (sentence, template, contradiction) — or neutral, by choice. Minimal
pairs swap a loaded word for its neutral counterpart or insert a hedge, so the model learns from the
one edit that changes the label. Generic NLI pairs are mixed in so the model stays an NLI model.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ._errors import InputError
from ._evaluate import load_labelled
from ._files import atomic_write, atomic_write_text, cache_root
from ._markers import Marker, as_markers
from ._modelcard import check_model_output, read_card, write_card
from ._nli import default_model_path
from ._train import TrainConfig, read_pairs, train

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENTAILMENT, NEUTRAL, CONTRADICTION = 0, 1, 2


@dataclass
class AdaptConfig:
    """Settings of an adaptation run (training settings are passed on to the trainer)."""

    labelled: list[str]
    output: str
    base_model: str | None = None
    markers: list[Any] | None = None
    split: str | None = "train"
    negative_label: str = "contradiction"
    minimal_pairs: bool = True
    replay: list[str] = field(default_factory=list)
    replay_ratio: float = 1.0
    extra_pairs: list[str] = field(default_factory=list)
    epochs: float = 1.0
    learning_rate: float = 2e-5
    batch_size: int = 32
    max_length: int = 128
    seed: int = 13
    checkpoint_dir: str | None = None
    threads: int | None = None
    overwrite: bool = False


def load_minimal_pair_lexicons() -> tuple[dict[str, str], dict[str, str]]:
    """The project's paired lexicons: loaded → neutral words, and plain → hedged edits."""
    data = _minimal_pair_tables()
    return dict(data.get("loaded_neutral", {})), dict(data.get("hedge_insertions", {}))


def _minimal_pair_tables() -> dict[str, Any]:
    path = resources.files("framing").joinpath("markers", "minimal_pairs.toml")
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_hedge_removals() -> tuple[str, ...]:
    """Hedging adverbs that can be deleted from a sentence and leave it grammatical (hedging 1 → 0)."""
    return tuple(_minimal_pair_tables().get("hedge_removals", {}).get("adverbs", ()))


def _swap(text: str, mapping: Mapping[str, str]) -> str | None:
    """Replace the first whole-word occurrence of any key (longest first), keeping a leading capital."""
    for key in sorted(mapping, key=len, reverse=True):
        m = re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text, flags=re.IGNORECASE)
        if m:
            new = mapping[key]
            if m.group(0)[:1].isupper():
                new = new[:1].upper() + new[1:]
            return text[: m.start()] + new + text[m.end() :]
    return None


def _remove_hedge(text: str, adverbs: Sequence[str], hedge: Marker | None) -> str | None:
    """The sentence without its one hedging adverb, when that adverb is the only hedge cue the lexicon finds."""
    if hedge is None or len(hedge.find_cues(text)) != 1:
        return None
    for word in adverbs:
        m = re.search(rf"(?:,\s*)?(?<![\w-]){re.escape(word)}(?![\w-])(?:\s*,)?\s*", text, flags=re.IGNORECASE)
        if not m:
            continue
        edited = text[: m.start()] + (" " if m.start() > 0 and m.end() < len(text) else "") + text[m.end():]
        edited = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", edited)).strip()
        if m.start() == 0:
            edited = edited[:1].upper() + edited[1:]
        return None if hedge.find_cues(edited) else edited
    return None


_QUOTE_TAG = re.compile(
    r'^[“"](?P<quote>[^“”"]{20,400}?)[,.!?]?[”"],? (?P<tag>(?:he|she|they|[A-Z][\w.\'\- ]{1,60}?|(?:an?|the|one) [a-z][\w \-]{1,40}?)'
    r" (?:said|says|added|told reporters|wrote|noted|explained|stated))\.?$")
_SPEAKERS = (("a spokesperson", "said"), ("the minister", "added"), ("one resident", "told reporters"),
             ("the senator", "wrote"), ("she", "noted"), ("officials", "said"))


def _unquote(text: str) -> str | None:
    """A quoted sentence with its speaker tag (“…,” she said.) as the bare quotation, which nobody is credited with."""
    m = _QUOTE_TAG.match(text.strip())
    if not m:
        return None
    body = m.group("quote").strip()
    return body[:1].upper() + body[1:] + ("" if body.endswith((".", "!", "?")) else ".")


def _quote(text: str, index: int) -> str | None:
    """An outlet's plain statement put in a source's mouth (“…,” a spokesperson said.): attribution 0 → 1."""
    t = text.strip()
    if not (30 <= len(t) <= 250) or any(q in t for q in "“”\"") or not t.endswith(".") or "?" in t:
        return None
    who, verb = _SPEAKERS[index % len(_SPEAKERS)]
    return f"“{t[:-1]},” {who} {verb}."


def _labelled_for_all(rec: Mapping[str, Any], markers: Sequence[str]) -> bool:
    """Whether a row carries a 0/1 label for every marker (rows labelled by the guide, not a one-marker public set)."""
    return all(rec.get(m) in (0, 1) for m in markers)


def minimal_pairs(frame: pd.DataFrame, markers: Sequence[str], hedge: Marker | None = None,
                  attribution: Marker | None = None) -> pd.DataFrame:
    """Contrastive edits of labelled sentences, each flipping one label and keeping the others:
    loaded → neutral (loaded_language 1 → 0); plain → hedged (hedging 0 → 1); one hedging adverb deleted
    (hedging 1 → 0, only when ``hedge``'s cue lexicon finds no other hedge, and only in rows labelled for every
    marker: a one-marker public set may count hedges, such as weasel words, that the lexicon does not know); quoted with a speaker tag → the bare
    quotation (attribution 1 → 0); and, for every fourth own-voice sentence without any reporting cue of
    ``attribution``, the reverse (attribution 0 → 1). Hedging and loaded wording are labelled on every voice (the
    labelling guide, section 5), so quoting or unquoting keeps those labels: the model learns that the speaker
    changes attribution only."""
    loaded_neutral, hedge_insertions = load_minimal_pair_lexicons()
    removals = load_hedge_removals()
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        text = rec["text"]
        if "loaded_language" in markers and rec.get("loaded_language") == 1 and loaded_neutral:
            edited = _swap(text, loaded_neutral)
            if edited and _swap(edited, loaded_neutral) is None:  # the edit removed the only loaded cue we know
                rows.append({**rec, "text": edited, "loaded_language": 0, "origin": "minimal_pair"})
        if "hedging" in markers and rec.get("hedging") == 0 and hedge_insertions:
            edited = _swap(text, hedge_insertions)
            if edited:
                rows.append({**rec, "text": edited, "hedging": 1, "origin": "minimal_pair"})
        if "hedging" in markers and rec.get("hedging") == 1 and removals and _labelled_for_all(rec, markers):
            edited = _remove_hedge(text, removals, hedge)
            if edited:
                rows.append({**rec, "text": edited, "hedging": 0, "origin": "minimal_pair"})
        if "attribution" in markers and rec.get("attribution") == 1:
            edited = _unquote(text)
            if edited:
                rows.append({**rec, "text": edited, "attribution": 0, "origin": "minimal_pair"})
        if ("attribution" in markers and rec.get("attribution") == 0 and attribution is not None and i % 4 == 0
                and not attribution.find_cues(text)):
            edited = _quote(text, i // 4)
            if edited:
                rows.append({**rec, "text": edited, "attribution": 1, "origin": "minimal_pair"})
    return pd.DataFrame(rows)


def sentences_to_pairs(frame: pd.DataFrame, markers: Mapping[str, Marker], negative_label: str = "contradiction",
                       source: str = "labelled") -> pd.DataFrame:
    """One NLI pair per (sentence, marker, template): entailment when labelled 1, else contradiction/neutral."""
    if negative_label not in ("contradiction", "neutral"):
        raise InputError("negative label must be 'contradiction' or 'neutral'")
    negative = CONTRADICTION if negative_label == "contradiction" else NEUTRAL
    rows = []
    for rec in frame.to_dict("records"):
        for name, marker in markers.items():
            value = rec.get(name)
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            for template in marker.templates:
                rows.append((rec["text"], template, ENTAILMENT if int(value) == 1 else negative,
                             f"{source}:{name}" + (":minimal" if rec.get("origin") == "minimal_pair" else "")))
    return pd.DataFrame(rows, columns=["premise", "hypothesis", "label", "source"])


def build_adaptation_pairs(config: AdaptConfig, markers: Mapping[str, Marker]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """All training pairs of an adaptation run, and counts for the model card."""
    frames = []
    for path in config.labelled:
        frame = load_labelled(path, config.split if config.split else None)
        frames.append(frame)
    labelled = pd.concat(frames, ignore_index=True)
    names = [m for m in markers if m in labelled.columns]
    if not names:
        raise InputError(f"no label column for any marker ({', '.join(markers)}); columns are {list(labelled.columns)}")
    for m in names:  # labels are 0 or 1 (or missing: that marker is not labelled in that row)
        bad = [v for v in labelled[m].tolist() if v is not None and not (isinstance(v, float) and np.isnan(v))
               and v not in (0, 1, True, False)]
        if bad:
            raise InputError(f"column {m!r} must hold 0/1 labels, found {bad[0]!r}; nothing was trained")
    chosen = {m: markers[m] for m in names}
    parts = [sentences_to_pairs(labelled, chosen, config.negative_label)]
    counts: dict[str, Any] = {"sentences": int(len(labelled)), "markers": names,
                              "positives": {m: int(labelled[m].sum()) for m in names}}
    if config.minimal_pairs:
        edits = minimal_pairs(labelled, names, hedge=markers.get("hedging"), attribution=markers.get("attribution"))
        counts["minimal_pairs"] = int(len(edits))
        if not edits.empty:
            parts.append(sentences_to_pairs(edits, chosen, config.negative_label))
    for path in config.extra_pairs:
        parts.append(read_pairs(path))
    marker_pairs = pd.concat(parts, ignore_index=True)
    counts["marker_pairs"] = int(len(marker_pairs))
    if config.replay and config.replay_ratio > 0:
        generic = pd.concat([read_pairs(p) for p in config.replay], ignore_index=True)
        n = min(len(generic), int(round(config.replay_ratio * len(marker_pairs))))
        generic = generic.sample(n=n, random_state=config.seed)
        counts["replay_pairs"] = int(n)
        marker_pairs = pd.concat([marker_pairs, generic], ignore_index=True)
    return marker_pairs, counts


def adapt(labelled: str | Path | Sequence[str | Path], output: str | Path, *, progress: bool = True,
          **options: Any) -> Path:
    """Adapt an NLI model to markers from labelled sentences; write a model folder with its card.

    ``labelled``: JSONL/CSV/Parquet with ``text`` and one 0/1 column per marker (rows of ``split="train"``
    when a split column exists). ``options`` are :class:`AdaptConfig` fields (base_model, markers, epochs,
    negative_label, replay, replay_ratio, ...). The result works as is with ``framing score --model OUTDIR``.
    """
    files = [str(labelled)] if isinstance(labelled, (str, Path)) else [str(p) for p in labelled]
    unknown = set(options) - set(AdaptConfig.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown adapt option(s): {sorted(unknown)}")
    return run_adaptation(AdaptConfig(labelled=files, output=str(output), **options), progress)


def _base_identity(base: str) -> str:
    """The base model folder as part of a resume key: its resolved path, config, and weight files' sizes and times."""
    folder = Path(base).resolve()
    parts = [str(folder), (folder / "config.json").read_text(encoding="utf-8", errors="replace")]
    for f in sorted(folder.iterdir()):
        if f.suffix in (".safetensors", ".bin", ".pt") and f.is_file():
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def check_adapt_config(config: AdaptConfig) -> None:
    """Refuse, before anything is read or trained, settings that cannot give a model: epochs and learning rate
    must be positive numbers, the batch size a whole number of at least 1, the replay ratio 0 or more."""
    for name, value in (("epochs", config.epochs), ("learning rate", config.learning_rate)):
        if (_number(value) or 0.0) <= 0:
            raise InputError(f"the {name} must be a number above 0, got {value!r}")
    if isinstance(config.batch_size, bool) or not isinstance(config.batch_size, int) or config.batch_size < 1:
        raise InputError(f"the batch size must be a whole number of at least 1, got {config.batch_size!r}")
    ratio = _number(config.replay_ratio)
    if ratio is None or ratio < 0:
        raise InputError(f"the replay ratio must be 0 or more, got {config.replay_ratio!r}")
    if config.negative_label not in ("contradiction", "neutral"):
        raise InputError(f"the negative label must be 'contradiction' or 'neutral', got {config.negative_label!r}")


def run_adaptation(config: AdaptConfig, progress: bool = True) -> Path:
    """Run an adaptation described by an :class:`AdaptConfig` (see :func:`adapt`)."""
    import hashlib

    check_adapt_config(config)
    check_model_output(config.output, overwrite=config.overwrite, inputs=[*config.labelled, *config.replay])
    markers = as_markers(config.markers) if config.markers else as_markers(None)
    pairs, counts = build_adaptation_pairs(config, markers)
    base = config.base_model or str(default_model_path())
    if not (Path(base) / "config.json").exists():
        raise InputError(f"base model folder not found: {base}; pass --base-model PATH")
    # the resume key covers everything that changes the result: the pairs, the base model's files and the
    # training settings; a key of the pairs alone resumed a checkpoint of another base model
    digest = hashlib.sha256(pd.util.hash_pandas_object(pairs, index=False).values.tobytes())
    digest.update(_base_identity(base).encode())
    digest.update(json.dumps([config.epochs, config.learning_rate, config.batch_size, config.max_length,
                              config.seed]).encode())
    key = digest.hexdigest()[:12]
    work = Path(config.checkpoint_dir) if config.checkpoint_dir else cache_root() / "adapt" / key
    work.mkdir(parents=True, exist_ok=True)
    data_file, key_file = work / "pairs.parquet", work / "run-key.txt"
    if data_file.exists() and (not key_file.exists() or key_file.read_text().strip() != key):
        # a checkpoint folder reused for other data or settings: resuming would return the other run's model
        raise InputError(f"{work} holds the checkpoint of another adaptation run (other data, base model or "
                         "settings); remove that folder or choose another checkpoint folder (nothing was trained)")
    if not data_file.exists():
        atomic_write(data_file, lambda tmp: pairs.to_parquet(tmp, index=False))
        atomic_write_text(key_file, key + "\n")
    train_config = TrainConfig(
        data=[str(data_file)], output=config.output, base_model=base, epochs=config.epochs,
        learning_rate=config.learning_rate, batch_size=config.batch_size, max_length=config.max_length,
        seed=config.seed, checkpoint_dir=str(work / "checkpoint"), threads=config.threads, overwrite=config.overwrite,
        notes={"adapted_from": base, "command": "framing " + " ".join(sys.argv[1:])
               if Path(sys.argv[0]).name == "framing" else ""},
    )
    out = train(train_config, progress=progress)
    card = read_card(out)
    base_card = read_card(base)
    card["adapted"] = {**counts, "labelled_files": [Path(p).name for p in config.labelled], "split": config.split,
                       "negative_label": config.negative_label, "base": base_card.get("name", Path(base).name),
                       "templates": {m: list(markers[m].templates) for m in counts["markers"]}}
    card["summary"] = (f"{base_card.get('name', Path(base).name)} adapted on markers {', '.join(counts['markers'])} "
                       f"from {counts['sentences']} labelled sentences")
    card["name"] = Path(config.output).name
    write_card(out, card)
    return out
