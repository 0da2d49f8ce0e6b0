"""Streaming, resumable batch scoring of a file or folder into JSONL/CSV/Parquet.

Input is read in chunks of documents; each chunk's results go to a shard in ``OUT.parts/``,
written atomically. A re-run with the same settings skips finished shards, so an interrupted
run resumes. When every shard is done they are joined into ``OUT`` (atomically) and the
shard folder is removed. Memory holds one chunk at a time.

Once ``OUT`` is complete, the run's metadata (model and its card summary, markers with templates and
thresholds, counts, date) is written beside it as ``OUT.meta.json``, which ``framing report`` reads. The old
metadata file is removed before ``OUT`` is replaced, and the new one records the size and SHA-256 of ``OUT``,
so a metadata file never describes a different output.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ._errors import InputError
from ._files import atomic_write, atomic_write_text, refuse_input_as_output, sha256_file
from ._io import Columns, ReadReport, _txt_files, iter_document_chunks
from ._modelcard import card_summary
from ._results import META_FORMAT, meta_path, output_format, write_table
from ._scorer import Scorer
from ._types import OnError
from ._version import __version__

MANIFEST = "manifest.json"


@dataclass
class BatchSummary:
    """What a batch run did."""

    output: Path
    documents: int = 0
    sentences: int = 0
    shards_total: int = 0
    shards_reused: int = 0
    dropped: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    skipped_line: str = ""
    notes: list[str] = field(default_factory=list)


def _weights_key(nli: Any) -> Any:
    """What identifies the weights a scorer runs: the sha256 sums its card lists (checked when it loaded), else
    the sums of the weight files in its folder, else its name (a model object not loaded from a folder)."""
    card = getattr(nli, "card", None) or {}
    if isinstance(card.get("weights_sha256"), dict) and card["weights_sha256"]:
        return card["weights_sha256"]
    path = getattr(nli, "path", None)
    folder = Path(path) if path else None
    if folder is not None and folder.is_dir():
        return {p.name: sha256_file(p) for p in sorted(folder.iterdir())
                if p.is_file() and p.suffix in (".safetensors", ".bin", ".json")}
    return str(path or type(nli).__name__)


def _fingerprint(input_path: Path, scorer: Scorer, settings: dict[str, Any]) -> str:
    """The resume key: the input's content (sha256, streamed), the model's weights, markers and settings."""
    if input_path.is_dir():
        files = _txt_files(input_path)  # the files that are read: not the output or its shards, if they sit in there
        stat = [(str(p.relative_to(input_path)), sha256_file(p)) for p in files]
    else:
        stat = [(input_path.name, sha256_file(input_path))]
    payload = {"input": stat, "model": scorer.nli.path, "weights": _weights_key(scorer.nli),
               "score_mode": scorer.nli.score_mode,
               "markers": {m: mk.to_dict() for m, mk in scorer.markers.items()}, "settings": settings}
    drivers = getattr(scorer, "drivers", None)
    if drivers is not None:  # shards with driver spans are not reused by a run without them, nor the other way
        payload["drivers"] = asdict(drivers)
    backend = getattr(scorer.nli, "backend", "torch")
    if backend != "torch":  # shards of one backend are not reused by another (int8 scores differ slightly)
        payload["backend"] = backend
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _csv_header(path: Path) -> list[str]:
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh), [])
    return header if any(header) else []


def _join_csv(shards: list[Path], tmp: str) -> None:
    """Concatenate CSV shards under one header: the union of their columns, in order of first appearance.

    Shards with the same one-line header are copied byte for byte; otherwise rows are re-written.
    Shards with no rows and no columns (documents that gave no sentences) are left out.
    """
    import csv

    headers = [_csv_header(s) for s in shards]
    union = list(dict.fromkeys(c for h in headers for c in h))
    with open(tmp, "wb") as out:
        wrote_header = False
        for s, header in zip(shards, headers):
            if not header:
                continue
            with open(s, "rb") as fh:
                first = fh.readline()
                same = header == union and next(csv.reader([first.decode("utf-8")]), []) == header
                if same:
                    if not wrote_header:
                        out.write(first)
                    shutil.copyfileobj(fh, out)
                    wrote_header = True
                    continue
            with open(s, newline="", encoding="utf-8") as fh:
                text_out = open(out.fileno(), "w", newline="", encoding="utf-8", closefd=False)
                writer = csv.DictWriter(text_out, fieldnames=union, lineterminator="\n")
                if not wrote_header:
                    writer.writeheader()
                    wrote_header = True
                for row in csv.DictReader(fh):
                    writer.writerow({k: v for k, v in row.items() if k is not None})
                text_out.flush()


def _join_parquet(shards: list[Path], tmp: str) -> None:
    """Concatenate Parquet shards into one file; columns missing from a shard are null, and a column whose
    type differs between shards (an input field that is a number in one place, text in another) becomes text."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    schemas = [pq.read_schema(s) for s in shards]
    types: dict[str, list[Any]] = {}
    for schema in schemas:
        for f in schema:
            types.setdefault(f.name, []).append(f.type)
    fields = []
    for name, ts in types.items():
        real = list(dict.fromkeys(t for t in ts if t != pa.null()))
        fields.append(pa.field(name, real[0] if len(real) == 1 else pa.null() if not real else pa.string()))
    target = pa.schema(fields)

    def conform(table: Any) -> Any:
        cols = []
        for f in target:
            if f.name not in table.column_names:
                cols.append(pa.nulls(table.num_rows, f.type))
                continue
            col = table.column(f.name)
            if col.type != f.type:
                try:
                    col = pc.cast(col, f.type)
                except (pa.ArrowException, NotImplementedError):
                    col = pa.array([None if v is None else str(v) for v in col.to_pylist()], f.type)
            cols.append(col)
        return pa.Table.from_arrays(cols, schema=target)

    with pq.ParquetWriter(tmp, target) as writer:
        for s, schema in zip(shards, schemas):
            if len(schema) == 0:
                continue
            writer.write_table(conform(pq.read_table(s)))


def _join_shards(shards: list[Path], output: Path) -> None:
    fmt = output_format(output)

    def write(tmp: str) -> None:
        if fmt == "parquet":
            _join_parquet(shards, tmp)
        elif fmt == "csv":
            _join_csv(shards, tmp)
        else:
            with open(tmp, "wb") as out:
                for s in shards:
                    with open(s, "rb") as fh:
                        shutil.copyfileobj(fh, out)

    atomic_write(output, write)


def _remove_stale_temp_files(output: Path, parts: Path) -> None:
    """Temporary files left by a run that was killed outright (SIGKILL, power loss) before it could clean up."""
    for folder, prefix in ((output.parent, f".{output.name}."), (parts, ".")):
        if folder.is_dir():
            for f in folder.glob(f"{glob.escape(prefix)}*.tmp"):
                f.unlink(missing_ok=True)


def _read_done(done: Path) -> dict[str, Any] | None:
    """A finished shard's record, or None when it is missing or unreadable (the shard is then scored again)."""
    try:
        info = json.loads(done.read_text(encoding="utf-8"))
        int(info["documents"]), int(info["sentences"]), list(info["dropped"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


def run_metadata(scorer: Scorer, summary: BatchSummary, input_path: Path, settings: dict[str, Any]) -> dict[str, Any]:
    """The run metadata of a finished ``score_file`` (see :func:`meta_path`); ``summary.output`` must exist."""
    nli, output = scorer.nli, summary.output
    path = getattr(nli, "path", None)
    return {
        "format": META_FORMAT,
        "framing_version": __version__,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input": str(input_path),
        "output": {"name": output.name, "bytes": output.stat().st_size, "sha256": sha256_file(output)},
        "model": {"name": getattr(nli, "name", None) or (Path(path).name if path else type(nli).__name__),
                  "path": str(path) if path else None, "backend": getattr(nli, "backend", "torch"),
                  "score_mode": getattr(nli, "score_mode", None), "card": card_summary(getattr(nli, "card", None))},
        "markers": {m: mk.to_dict() for m, mk in scorer.markers.items()},
        "drivers": asdict(scorer.drivers) if getattr(scorer, "drivers", None) is not None else None,
        "counts": {"documents": summary.documents, "sentences": summary.sentences, "shards": summary.shards_total,
                   "shards_resumed": summary.shards_reused, "skipped_records": len(summary.skipped)},
        "dropped": dict(summary.dropped.most_common()),
        "settings": settings,
    }


def _check_writable(path: Path, what: str) -> None:
    """Refuse a file that cannot be written: a folder, or a place whose nearest existing folder is read-only."""
    if path.is_dir():
        raise InputError(f"{path} is a folder; name a file for the {what}")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write the {what} there ({folder} is not a writable folder); "
                         "choose another place")


def check_score_file(input_path: str | Path, output: str | Path, *, columns: Columns | None = None,
                     outlet_pattern: str | None = None, shard_size: int = 200, limit: int | None = None,
                     on_error: OnError = "fail", dropped_path: str | Path | None = None) -> None:
    """Check everything :func:`score_file` is given before a model is loaded: the input exists and its first
    documents can be read, every output is a writable file that is not an input, and the options are valid.

    Raises :class:`~framing.InputError`; :func:`score_file` calls it too, so calling it first only moves the
    errors before the slow part (loading the model).
    """
    input_path, output = Path(input_path), Path(output)
    fmt = output_format(output)
    if on_error not in ("fail", "skip"):
        raise InputError(f"on_error must be 'fail' or 'skip', got {on_error!r}")
    if isinstance(shard_size, bool) or not isinstance(shard_size, int) or shard_size < 1:
        raise InputError(f"the shard size must be at least 1 (a whole number of documents), got {shard_size!r}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InputError(f"the limit must be a whole number of documents, at least 1, got {limit!r}")
    if not input_path.exists():
        raise InputError(f"input not found: {input_path}; pass a folder of .txt files or a .jsonl/.csv/.parquet file")
    refuse_input_as_output(output, [input_path], "output")
    if output.is_dir():
        raise InputError(f"{output} is a folder; pass an output file name such as scores.{fmt}")
    _check_writable(output, "scores")
    if dropped_path is not None:
        refuse_input_as_output(dropped_path, [input_path], "file of dropped pieces")
        refuse_input_as_output(dropped_path, [output], "file of dropped pieces", other="the scores output")
        if Path(dropped_path).is_dir():
            raise InputError(f"{dropped_path} is a folder; name a file for the dropped pieces, such as dropped.jsonl")
        output_format(Path(dropped_path))
        _check_writable(Path(dropped_path), "dropped pieces")
    # the first documents: an empty folder, a binary file, a missing column or a bad pattern fail here
    chunks = iter_document_chunks(input_path, columns=columns or Columns(), chunk_size=min(shard_size, 50),
                                  outlet_pattern=outlet_pattern, on_error=on_error, report=ReadReport())
    try:
        next(chunks, None)
    finally:
        chunks.close()


def score_file(input_path: str | Path, output: str | Path, scorer: Scorer, *, columns: Columns | None = None,
               outlet_pattern: str | None = None, shard_size: int = 200, limit: int | None = None,
               on_error: OnError = "fail", segment_text: bool = True, dropped_path: str | Path | None = None,
               on_shard: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Score every document of ``input_path`` and write one row per sentence to ``output``.

    ``on_shard(documents, sentences)`` is called after each shard (for progress bars). When ``output`` is
    complete, the run's metadata is written beside it (:func:`meta_path`: ``<output>.meta.json``).
    Everything is checked first (:func:`check_score_file`); a run that stops before finishing a shard
    leaves no ``<output>.parts`` folder behind.
    """
    input_path, output = Path(input_path), Path(output)
    fmt = output_format(output)
    columns = columns or Columns()
    check_score_file(input_path, output, columns=columns, outlet_pattern=outlet_pattern, shard_size=shard_size,
                     limit=limit, on_error=on_error, dropped_path=dropped_path)
    settings = {"columns": vars(columns), "outlet_pattern": outlet_pattern, "shard_size": shard_size, "limit": limit,
                "on_error": on_error, "segment": segment_text, "format": fmt}
    fingerprint = _fingerprint(input_path, scorer, settings)
    parts = output.with_name(output.name + ".parts")
    manifest_path = parts / MANIFEST
    _remove_stale_temp_files(output, parts)
    if parts.exists():
        try:
            old = json.loads(manifest_path.read_text())
        except (OSError, ValueError):
            old = {}
        if old.get("fingerprint") != fingerprint:
            shutil.rmtree(parts)
    parts.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write_text(manifest_path, json.dumps({"fingerprint": fingerprint, "input": str(input_path)}) + "\n")
        return _score_shards(input_path, output, scorer, parts, fmt, settings, columns=columns,
                             outlet_pattern=outlet_pattern, shard_size=shard_size, limit=limit, on_error=on_error,
                             segment_text=segment_text, dropped_path=dropped_path, on_shard=on_shard)
    except BaseException:
        if parts.is_dir() and not any(parts.glob("shard-*.done.json")):
            shutil.rmtree(parts, ignore_errors=True)  # nothing to resume from: leave nothing behind
        raise


def _score_shards(input_path: Path, output: Path, scorer: Scorer, parts: Path, fmt: str, settings: dict[str, Any], *,
                  columns: Columns, outlet_pattern: str | None, shard_size: int, limit: int | None, on_error: OnError,
                  segment_text: bool, dropped_path: str | Path | None,
                  on_shard: Callable[[int, int], None] | None) -> BatchSummary:
    summary = BatchSummary(output=output)
    report = ReadReport()
    shards: list[Path] = []
    dropped_rows: list[dict[str, Any]] = []
    seen_docs = 0
    chunks = iter_document_chunks(input_path, columns=columns, chunk_size=shard_size, outlet_pattern=outlet_pattern,
                                  on_error=on_error, report=report)
    for number, docs in enumerate(chunks):
        if limit is not None:
            docs = docs[: max(0, limit - seen_docs)]
            if not docs:
                break
        seen_docs += len(docs)
        shard = parts / f"shard-{number:05d}.{fmt}"
        done = parts / f"shard-{number:05d}.done.json"
        shards.append(shard)
        info = _read_done(done) if shard.exists() else None
        if info is not None:
            summary.shards_reused += 1
        else:
            corpus = scorer.score(docs, segment_text=segment_text)
            write_table(corpus.to_rows(), shard)
            info = {"documents": len(docs), "sentences": len(corpus),
                    "dropped": [{"id": d.doc_id, "reason": d.reason, "start": d.start, "end": d.end, "text": d.text}
                                for d in corpus.dropped]}
            atomic_write_text(done, json.dumps(info, ensure_ascii=False) + "\n")
        summary.documents += info["documents"]
        summary.sentences += info["sentences"]
        summary.dropped.update(d["reason"] for d in info["dropped"])
        if dropped_path is not None:
            dropped_rows.extend(info["dropped"])
        if on_shard is not None:
            on_shard(info["documents"], info["sentences"])
    summary.shards_total = len(shards)
    summary.skipped = report.skipped
    summary.skipped_line = report.skipped_line()
    summary.notes = report.note_lines()
    if not shards:
        raise InputError(f"{input_path}: no documents to score")
    if summary.sentences == 0:
        shutil.rmtree(parts, ignore_errors=True)
        if summary.documents == 0 and report.skipped:
            raise InputError(f"{input_path}: every record was skipped as malformed ({len(report.skipped)}; first: "
                             f"{report.skipped[0]}); check the file and --text-column")
        raise InputError(f"{input_path}: no sentences to score in {summary.documents} document(s); they are empty or "
                         f"only boilerplate. Check --text-column, or see what is dropped with `framing segment`")
    sidecar = meta_path(output)
    sidecar.unlink(missing_ok=True)  # before the output changes: an old metadata file never describes a new output
    _join_shards(shards, output)
    if dropped_path is not None:
        write_table(dropped_rows, dropped_path)
    meta = run_metadata(scorer, summary, input_path, settings)
    atomic_write_text(sidecar, json.dumps(meta, indent=2, ensure_ascii=False, default=str) + "\n")
    shutil.rmtree(parts, ignore_errors=True)
    return summary
