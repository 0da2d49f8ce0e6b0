"""Streaming, resumable batch scoring of a file or folder into JSONL/CSV/Parquet.

Input is read in chunks of documents; each chunk's results go to a shard in ``OUT.parts/``,
written atomically. A re-run with the same settings skips finished shards, so an interrupted
run resumes. When every shard is done they are joined into ``OUT`` (atomically) and the
shard folder is removed. Memory holds one chunk at a time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ._errors import InputError
from ._io import Columns, ReadReport, atomic_write, atomic_write_text, iter_document_chunks, output_format, write_table
from ._scorer import Scorer

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


def _fingerprint(input_path: Path, scorer: Scorer, settings: dict[str, Any]) -> str:
    if input_path.is_dir():
        files = sorted(p for p in input_path.rglob("*") if p.is_file())
        stat = [(str(p.relative_to(input_path)), p.stat().st_size, int(p.stat().st_mtime)) for p in files]
    else:
        st = input_path.stat()
        stat = [(input_path.name, st.st_size, int(st.st_mtime))]
    payload = {"input": stat, "model": scorer.nli.path, "score_mode": scorer.nli.score_mode,
               "markers": {m: mk.to_dict() for m, mk in scorer.markers.items()}, "settings": settings}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _join_shards(shards: list[Path], output: Path) -> None:
    fmt = output_format(output)

    def write(tmp: str) -> None:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            writer = None
            try:
                for s in shards:
                    table = pq.read_table(s)
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, table.schema)
                    else:
                        table = table.select(writer.schema.names).cast(writer.schema) if set(table.schema.names) >= set(writer.schema.names) else table
                    writer.write_table(table)
                if writer is None:
                    pq.write_table(pa.table({}), tmp)
            finally:
                if writer is not None:
                    writer.close()
            return
        with open(tmp, "wb") as out:
            for i, s in enumerate(shards):
                with open(s, "rb") as fh:
                    if fmt == "csv" and i > 0:
                        fh.readline()  # header only once
                    shutil.copyfileobj(fh, out)

    atomic_write(output, write)


def score_file(input_path: str | Path, output: str | Path, scorer: Scorer, *, columns: Columns | None = None,
               outlet_pattern: str | None = None, shard_size: int = 200, limit: int | None = None,
               on_error: str = "fail", segment_text: bool = True, dropped_path: str | Path | None = None,
               on_shard: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Score every document of ``input_path`` and write one row per sentence to ``output``.

    ``on_shard(documents, sentences)`` is called after each shard (for progress bars).
    """
    input_path, output = Path(input_path), Path(output)
    fmt = output_format(output)
    if on_error not in ("fail", "skip"):
        raise InputError(f"--on-error must be 'fail' or 'skip', got {on_error!r}")
    columns = columns or Columns()
    settings = {"columns": vars(columns), "outlet_pattern": outlet_pattern, "shard_size": shard_size, "limit": limit,
                "on_error": on_error, "segment": segment_text, "format": fmt}
    if not input_path.exists():
        raise InputError(f"input not found: {input_path}; pass a folder of .txt files or a .jsonl/.csv/.parquet file")
    fingerprint = _fingerprint(input_path, scorer, settings)
    parts = output.with_name(output.name + ".parts")
    manifest_path = parts / MANIFEST
    if parts.exists():
        try:
            old = json.loads(manifest_path.read_text())
        except (OSError, ValueError):
            old = {}
        if old.get("fingerprint") != fingerprint:
            shutil.rmtree(parts)
    parts.mkdir(parents=True, exist_ok=True)
    atomic_write_text(manifest_path, json.dumps({"fingerprint": fingerprint, "input": str(input_path)}) + "\n")

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
        if shard.exists() and done.exists():
            info = json.loads(done.read_text())
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
    if not shards:
        raise InputError(f"{input_path}: no documents to score")
    _join_shards(shards, output)
    if dropped_path is not None:
        write_table(dropped_rows, dropped_path)
    shutil.rmtree(parts, ignore_errors=True)
    return summary
