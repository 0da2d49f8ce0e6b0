"""Reading documents (folders of .txt, JSONL, CSV, Parquet, DataFrames, datasets) and writing results atomically."""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ._errors import InputError
from ._types import Document

TABLE_SUFFIXES = (".jsonl", ".csv", ".parquet")
ENCODINGS = ("utf-8", "cp1252", "latin-1")


@dataclass
class Columns:
    """Which input columns hold the text, the outlet and the document id."""

    text: str = "text"
    outlet: str = "outlet"
    id: str = "id"


@dataclass
class ReadReport:
    """What reading skipped (with ``on_error="skip"``): one line per skipped record."""

    skipped: list[str] = field(default_factory=list)


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def atomic_write(path: str | os.PathLike[str], write: Any) -> Path:
    """Call ``write(tmp_path)`` then rename onto ``path``; nothing half-written is ever left at ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def decode_bytes(raw: bytes, where: str) -> str:
    """Decode text as UTF-8 (with BOM), falling back to cp1252 / latin-1; refuse binary files."""
    if b"\x00" in raw[:8192]:
        raise InputError(f"{where}: looks like a binary file, not text; pass .txt, .jsonl, .csv or .parquet files")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")  # pragma: no cover - latin-1 decodes everything


def _clean_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def records_to_documents(records: Iterable[dict[str, Any]], columns: Columns, where: str,
                         start: int = 0, on_error: str = "fail", report: ReadReport | None = None) -> list[Document]:
    """Turn row dicts into Documents; rows with no text fail or are skipped (``on_error``)."""
    docs = []
    for n, rec in enumerate(records, start):
        text = _clean_value(rec.get(columns.text))
        if text is None or not isinstance(text, str):
            problem = f"{where}: row {n + 1} has no text in column {columns.text!r}"
            if on_error == "skip":
                if report is not None:
                    report.skipped.append(problem)
                continue
            raise InputError(problem + "; fix the row or pass --on-error skip")
        outlet = _clean_value(rec.get(columns.outlet))
        doc_id = _clean_value(rec.get(columns.id))
        meta = {k: _clean_value(v) for k, v in rec.items() if k not in (columns.text, columns.outlet, columns.id)}
        docs.append(Document(id=str(doc_id) if doc_id is not None else str(n), outlet=str(outlet) if outlet is not None else "unknown",
                             text=text, meta=meta))
    return docs


def _check_text_column(available: Sequence[str], columns: Columns, where: str) -> None:
    if columns.text not in available:
        raise InputError(f"{where}: no text column {columns.text!r}; columns are {list(available)}. "
                         "Pass --text-column NAME")


def _check_columns(available: Sequence[str], columns: Columns, where: str) -> None:
    _check_text_column(available, columns, where)
    if columns.outlet not in available:
        raise InputError(f"{where}: no outlet column {columns.outlet!r}; columns are {list(available)}. "
                         "Pass --outlet-column NAME")


def _iter_jsonl(path: Path, on_error: str, report: ReadReport) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line:
                continue
            try:
                rec = json.loads(decode_bytes(line, f"{path}:{lineno}"))
                if not isinstance(rec, dict):
                    raise ValueError("not a JSON object")
            except (ValueError, InputError) as exc:
                problem = f"{path}: line {lineno} is not a JSON object ({str(exc).splitlines()[0][:80]})"
                if on_error == "skip":
                    report.skipped.append(problem)
                    continue
                raise InputError(problem + "; fix the line or pass --on-error skip") from None
            yield rec


def _txt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".text", ".md"))


def _outlet_of(path: Path, root: Path, pattern: re.Pattern[str] | None) -> str:
    if pattern is not None:
        m = pattern.search(path.name)
        if not m:
            raise InputError(f"{path.name}: the outlet pattern {pattern.pattern!r} does not match this file name")
        return m.group("outlet") if "outlet" in pattern.groupindex else m.group(1)
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else root.resolve().name


def iter_document_chunks(path: str | os.PathLike[str], *, columns: Columns | None = None, chunk_size: int = 256,
                         outlet_pattern: str | None = None, on_error: str = "fail",
                         report: ReadReport | None = None) -> Iterator[list[Document]]:
    """Stream documents from a file or folder in lists of at most ``chunk_size``.

    - a folder: every ``.txt`` under it is one article; the outlet is its first subfolder, or the
      named group ``outlet`` of ``outlet_pattern`` matched against the file name;
    - ``.jsonl`` / ``.csv`` / ``.parquet``: one article per row, columns named by ``columns``.
    """
    columns = columns or Columns()
    report = report if report is not None else ReadReport()
    p = Path(path)
    if not p.exists():
        raise InputError(f"input not found: {p}; pass a folder of .txt files or a .jsonl/.csv/.parquet file")
    if p.is_dir():
        files = _txt_files(p)
        if not files:
            raise InputError(f"{p}: no .txt files found; put one article per .txt file, in one subfolder per outlet")
        pattern = re.compile(outlet_pattern) if outlet_pattern else None
        chunk: list[Document] = []
        for f in files:
            try:
                text = decode_bytes(f.read_bytes(), str(f))
            except InputError as exc:
                if on_error == "skip":
                    report.skipped.append(str(exc))
                    continue
                raise InputError(f"{exc}; remove it or pass --on-error skip") from None
            chunk.append(Document(id=str(f.relative_to(p).with_suffix("")), outlet=_outlet_of(f, p, pattern), text=text,
                                  meta={"path": str(f.relative_to(p))}))
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
        return
    suffix = p.suffix.lower()
    if suffix == ".jsonl" or suffix == ".json":
        if p.stat().st_size == 0:
            raise InputError(f"{p} is empty; it needs one JSON object per line with {columns.text!r} and {columns.outlet!r}")
        rows: list[dict[str, Any]] = []
        checked = False
        n = 0
        for rec in _iter_jsonl(p, on_error, report):
            if not checked:
                _check_columns(list(rec), columns, str(p))
                checked = True
            rows.append(rec)
            if len(rows) >= chunk_size:
                yield records_to_documents(rows, columns, str(p), n, on_error, report)
                n += len(rows)
                rows = []
        if not checked:
            raise InputError(f"{p}: no valid JSON lines; it needs one JSON object per line")
        if rows:
            yield records_to_documents(rows, columns, str(p), n, on_error, report)
        return
    if suffix == ".csv":
        import pandas as pd

        if p.stat().st_size == 0:
            raise InputError(f"{p} is empty; it needs a header row with {columns.text!r} and {columns.outlet!r}")
        n = 0
        try:
            reader = pd.read_csv(p, chunksize=chunk_size, dtype={columns.id: str}, encoding_errors="replace")
            for frame in reader:
                _check_columns(list(frame.columns), columns, str(p))
                yield records_to_documents(frame.to_dict("records"), columns, str(p), n, on_error, report)
                n += len(frame)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: not a readable CSV ({str(exc).splitlines()[0]})") from None
        return
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(p)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(f"{p}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
        _check_columns(pf.schema_arrow.names, columns, str(p))
        n = 0
        for batch in pf.iter_batches(batch_size=chunk_size):
            recs = batch.to_pylist()
            yield records_to_documents(recs, columns, str(p), n, on_error, report)
            n += len(recs)
        return
    if suffix in (".txt", ".text", ".md"):
        text = decode_bytes(p.read_bytes(), str(p))
        yield [Document(id=p.stem, outlet=p.parent.name or "unknown", text=text, meta={"path": p.name})]
        return
    raise InputError(f"{p}: unknown input format {suffix!r}; use a folder of .txt files, .jsonl, .csv or .parquet")


def read_documents(path: str | os.PathLike[str], **kwargs: Any) -> list[Document]:
    """All documents of a file or folder (see :func:`iter_document_chunks` for the options)."""
    return [d for chunk in iter_document_chunks(path, **kwargs) for d in chunk]


def as_documents(data: Any, columns: Columns | None = None) -> list[Document]:
    """Normalise what ``Scorer.score`` accepts into Documents.

    Accepts a string, a list of strings (outlet ``"unknown"``, ids ``"0"``, ``"1"``...), Documents,
    dicts with text/outlet/id, a pandas DataFrame, a ``datasets.Dataset``, or a path.
    """
    columns = columns or Columns()
    if isinstance(data, (str, os.PathLike)) and not isinstance(data, str):
        return read_documents(data, columns=columns)
    if isinstance(data, str):
        data = [data]
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas DataFrame
        _check_text_column(list(data.columns), columns, "DataFrame")
        return records_to_documents(data.to_dict("records"), columns, "DataFrame")
    if hasattr(data, "column_names") and hasattr(data, "to_list"):  # datasets.Dataset
        _check_text_column(list(data.column_names), columns, "Dataset")
        return records_to_documents(data.to_list(), columns, "Dataset")
    docs = []
    for n, item in enumerate(data):
        if isinstance(item, Document):
            docs.append(item)
        elif isinstance(item, str):
            docs.append(Document(id=str(n), outlet="unknown", text=item))
        elif isinstance(item, dict):
            docs.extend(records_to_documents([item], columns, "input", n))
        else:
            raise InputError(f"item {n} is a {type(item).__name__}; pass strings, Documents, dicts or a DataFrame")
    return docs


def output_format(path: str | os.PathLike[str]) -> str:
    """The table format named by a path's extension (jsonl, csv or parquet)."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(f"{path}: unknown output format {suffix!r}; name the file .jsonl, .csv or .parquet")
    return suffix[1:]


def write_table(rows: list[dict[str, Any]], path: str | os.PathLike[str]) -> Path:
    """Write row dicts as JSONL, CSV or Parquet (by extension), atomically.

    Nested values (evidence span lists, dicts) stay nested in JSONL and become JSON strings in CSV/Parquet.
    """
    fmt = output_format(path)
    if fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
        return atomic_write_text(Path(path), body)
    import pandas as pd

    flat = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in r.items()} for r in rows]
    frame = pd.DataFrame(flat)
    if fmt == "csv":
        return atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False))
    return atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))


def read_table(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read rows written by :func:`write_table` (JSON strings in CSV/Parquet cells are decoded back)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"file not found: {p}")
    fmt = output_format(p)
    if fmt == "jsonl":
        return list(_iter_jsonl(p, "fail", ReadReport()))
    import pandas as pd

    try:
        frame = pd.read_csv(p) if fmt == "csv" else pd.read_parquet(p)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad input file
        raise InputError(f"{p}: could not read it ({str(exc).splitlines()[0]})") from None
    rows = frame.to_dict("records")
    for r in rows:
        for k, v in r.items():
            if isinstance(v, str) and v[:1] in "[{":
                try:
                    r[k] = json.loads(v)
                except ValueError:
                    pass
            else:
                r[k] = _clean_value(v)
    return rows
