"""Reading documents: folders of .txt, JSONL, CSV, Parquet, DataFrames, datasets, into :class:`Document` s.

Bad input is handled record by record: text is decoded and cleaned by :mod:`framing._text` (UTF-8 with a
cp1252 fallback, UTF-16/32 with a BOM, binary refused, HTML pasted as text stripped), duplicate ids are made
unique, and malformed records fail (``on_error="fail"``) or are skipped and reported (``"skip"``).  What
was changed on the way is collected in a :class:`ReadReport` (the CLI prints it; the API warns).
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from ._errors import InputError
from ._files import first_line as _first_line
from ._html import extract_page
from ._text import (LEGACY_ERRORS, binary_error, decode_text, fallback_count, html_to_text, looks_binary,
                    looks_like_html, prepare_text, sniff_encoding)
from ._types import Document, OnError

TABLE_SUFFIXES = (".jsonl", ".csv", ".parquet")
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")


@dataclass
class Columns:
    """Which input columns hold the text, the outlet and the document id."""

    text: str = "text"
    outlet: str = "outlet"
    id: str = "id"


NOTE_MESSAGES = {
    "encoding": "{n} text(s) were not valid UTF-8 and were decoded as cp1252 (first: {first}); "
                "check the characters, or save the file as UTF-8",
    "html": "{n} text(s) were HTML; their main text, title, date and author were read with trafilatura (first: {first})",
    "html_fallback": "{n} HTML text(s) had no main content that trafilatura could find; all their visible text was "
                     "used instead, so expect page furniture among the sentences (first: {first})",
    "duplicate_id": "{n} duplicate id(s) were made unique by adding ~2, ~3... (first: {first}); "
                    "pass --id-column NAME if another column holds unique ids",
    "empty": "{n} document(s) have no text and give no sentences (first: {first})",
    "not_english": "{n} document(s) do not look like English (first: {first}); they are scored, but the model "
                   "is English-only, so read their scores with care",
}


@dataclass
class ReadReport:
    """What reading skipped (with ``on_error="skip"``: one line per skipped record) and what it changed.

    ``notes`` maps a kind (``encoding``, ``html``, ``duplicate_id``, ``empty``, ``not_english``) to
    the places it happened (``file:line`` or a document id).
    """

    skipped: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    skipped_at: list[str] = field(default_factory=list)

    def skip(self, where: str, problem: str) -> None:
        """Record a skipped record: ``where`` (``file:line``) and the whole message."""
        self.skipped.append(problem)
        self.skipped_at.append(where)

    def note(self, kind: str, where: str) -> None:
        self.notes.setdefault(kind, []).append(where)

    def skipped_line(self, show: int = 3) -> str:
        """One line: how many records were skipped, where, and why the first one was."""
        if not self.skipped:
            return ""
        places = (self.skipped_at or self.skipped)[:show]
        more = f" and {len(self.skipped) - show} more" if len(self.skipped) > show else ""
        return (f"skipped {len(self.skipped)} malformed record(s) at {', '.join(places)}{more}; "
                f"first: {self.skipped[0]}")

    def note_lines(self) -> list[str]:
        """One line per kind of note, in a fixed order."""
        return [NOTE_MESSAGES[k].format(n=len(v), first=v[0]) for k, v in sorted(self.notes.items()) if v]


def _unique_ids(docs: list[Document], seen: set[str], report: ReadReport | None,
                all_ids: Callable[[], set[str]] = set) -> list[Document]:
    """Make ids unique across everything read so far (``seen``): a repeated id gets ``~2``, ``~3``...

    ``all_ids()`` gives every id of the input (read once, at the first repeated id): a new id is never one
    that the input itself uses further on, so no real id is ever renamed because of a made-up one."""
    out = []
    for d in docs:
        doc_id = d.id
        if doc_id in seen:
            taken = all_ids()
            k = 2
            while f"{d.id}~{k}" in seen or f"{d.id}~{k}" in taken:
                k += 1
            doc_id = f"{d.id}~{k}"
            if report is not None:
                report.note("duplicate_id", f"{d.id!r} -> {doc_id!r}")
            d = replace(d, id=doc_id)
        seen.add(doc_id)
        out.append(d)
    return out


# --------------------------------------------------------------------------------------------
# Records and files
# --------------------------------------------------------------------------------------------


def _clean_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is not None and type(value).__name__ in ("NAType", "NaTType"):  # pandas missing values
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError, TypeError):
            return value
    return value


def _describe(value: Any) -> str:
    return "no value" if value is None else f"a {type(value).__name__}, not a string"


def records_to_documents(records: Iterable[dict[str, Any]], columns: Columns, where: str,
                         start: int = 0, on_error: OnError = "fail", report: ReadReport | None = None,
                         positions: Sequence[str] | None = None) -> list[Document]:
    """Turn row dicts into Documents; rows with no text fail or are skipped (``on_error``).

    ``positions[i]`` names where record ``i`` came from (``file:line``); by default ``where: row N``.
    """
    docs = []
    for i, (n, rec) in enumerate(enumerate(records, start)):
        place = positions[i] if positions is not None else f"{where}, row {n + 1}"
        if not isinstance(rec, dict):
            raise InputError(f"{place}: a record must be a mapping of column names to values, got {type(rec).__name__}")
        text = _clean_value(rec.get(columns.text))
        if not isinstance(text, str):
            problem = f"{place}: no text in column {columns.text!r} ({_describe(text)})"
            if on_error == "skip":
                if report is not None:
                    report.skip(place, problem)
                continue
            raise InputError(problem + "; fix or remove the row, or pass --on-error skip")
        text = _prepare(text, place, report)
        outlet = _clean_value(rec.get(columns.outlet))
        doc_id = _clean_value(rec.get(columns.id))
        meta = {str(k): _clean_value(v) for k, v in rec.items() if k not in (columns.text, columns.outlet, columns.id)}
        docs.append(Document(id=str(doc_id) if doc_id is not None else str(n),
                             outlet=str(outlet) if outlet is not None and str(outlet).strip() else "unknown",
                             text=text, meta=meta))
    return docs


def _close_names(wanted: str, available: Sequence[str]) -> str:
    import difflib

    names = [str(a) for a in available]
    close = ([a for a in names if a.strip().lower() == wanted.lower()]
             or difflib.get_close_matches(wanted, names, n=1, cutoff=0.75))
    return f" (did you mean {close[0]!r}?)" if close else ""


def _shown(available: Sequence[str], limit: int = 20) -> str:
    names = [str(a) for a in available]
    if len(names) > limit:
        return repr(names[:limit])[:-1] + f", ... {len(names) - limit} more]"
    return repr(names)


def _check_text_column(available: Sequence[str], columns: Columns, where: str) -> None:
    if columns.text not in available:
        raise InputError(f"{where}: no text column {columns.text!r}{_close_names(columns.text, available)}; "
                         f"columns are {_shown(available)}. Pass --text-column NAME")


def _check_columns(available: Sequence[str], columns: Columns, where: str) -> None:
    _check_text_column(available, columns, where)
    if columns.outlet not in available:
        raise InputError(f"{where}: no outlet column {columns.outlet!r}{_close_names(columns.outlet, available)}; "
                         f"columns are {_shown(available)}. Pass --outlet-column NAME")
    if columns.id != Columns.id and columns.id not in available:  # a named id column must exist (the default may not)
        raise InputError(f"{where}: no id column {columns.id!r}{_close_names(columns.id, available)}; "
                         f"columns are {_shown(available)}")


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | bytes]]:
    """(line number, line) of a JSONL file: bytes, or text when a UTF-16/32 byte-order mark names the encoding."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    enc = sniff_encoding(head[:4])
    if enc is not None and enc != "utf-8-sig":
        with open(path, encoding=enc, errors="replace", newline="") as text:
            yield from enumerate(text, 1)
        return
    if looks_binary(head[3:] if enc else head):
        raise binary_error(str(path))
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            yield lineno, raw[3:] if lineno == 1 and raw.startswith(codecs.BOM_UTF8) else raw


def _iter_jsonl_records(path: Path, on_error: str, report: ReadReport) -> Iterator[tuple[int, dict[str, Any]]]:
    for lineno, raw in _jsonl_lines(path):
        line = raw.strip()
        if not line:
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                line = line.decode("utf-8", errors=LEGACY_ERRORS)
                report.note("encoding", f"{path}:{lineno}")
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError(f"a JSON {type(rec).__name__}, not an object")
        except (ValueError, RecursionError) as exc:
            reason = _first_line(exc)[:80]
            problem = f"{path}: line {lineno} is not a JSON object ({reason})"
            if on_error == "skip":
                report.skip(f"{path}:{lineno}", problem)
                continue
            raise InputError(problem + "; fix the line or pass --on-error skip") from None
        yield lineno, rec


def _iter_jsonl(path: Path, on_error: str, report: ReadReport) -> Iterator[dict[str, Any]]:
    for _, rec in _iter_jsonl_records(path, on_error, report):
        yield rec


# files that describe a folder rather than being an article in it: a README.md beside the articles is not an outlet
NOT_ARTICLES = frozenset("readme license licence changelog contributing notice authors copying".split())


def _txt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (*TEXT_SUFFIXES, *HTML_SUFFIXES)
                  and not p.name.startswith(".") and p.stem.lower() not in NOT_ARTICLES)


def _outlet_of(path: Path, root: Path, pattern: re.Pattern[str] | None) -> str:
    if pattern is not None:
        m = pattern.search(path.name)
        if not m:
            raise InputError(f"{path.name}: the outlet pattern {pattern.pattern!r} does not match this file name; "
                             "fix --outlet-pattern")
        return m.group("outlet") if "outlet" in pattern.groupindex else m.group(1 if pattern.groups else 0)
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else root.resolve().name


def _read_txt(f: Path, report: ReadReport) -> str:
    try:
        raw = f.read_bytes()
    except OSError as exc:
        raise InputError(f"{f}: cannot read it ({exc.strerror or exc})") from None
    text, fallback = decode_text(raw, str(f))
    if fallback:
        report.note("encoding", str(f))
    return text


def read_html(html: str, where: str, report: ReadReport | None) -> tuple[str, dict[str, str]]:
    """An HTML page's main text (title first) and its ``title``/``date``/``author`` (:mod:`framing._html`);
    the plain tag stripper when trafilatura finds no main content (noted as ``html_fallback``)."""
    page = extract_page(html, fallback=html_to_text)
    if report is not None:
        report.note("html" if page.extractor == "trafilatura" else "html_fallback", where)
    return page.text, page.meta()


def _prepare(text: str, where: str, report: ReadReport | None) -> str:
    """A text on the way in: HTML read as a page (:func:`read_html`), then the notes of :func:`prepare_text`."""
    if looks_like_html(text):
        text = read_html(text, where, report)[0]
    return prepare_text(text, where, report)


def _read_file_text(f: Path, report: ReadReport) -> tuple[str, dict[str, str]]:
    """A text or HTML file's prepared text and, for HTML, its title/date/author.

    An HTML file with no text at all is an :class:`InputError` (reported per file)."""
    text = _read_txt(f, report)
    if f.suffix.lower() not in HTML_SUFFIXES:
        return _prepare(text, str(f), report), {}
    body, meta = read_html(text, str(f), report)
    if not body.strip():
        raise InputError(f"{f}: an HTML page with no text that could be extracted")
    return prepare_text(body, str(f), report), meta


def _compile_pattern(outlet_pattern: str | None) -> re.Pattern[str] | None:
    if not outlet_pattern:
        return None
    try:
        return re.compile(outlet_pattern)
    except re.error as exc:
        raise InputError(f"--outlet-pattern {outlet_pattern!r} is not a valid regular expression ({exc})") from None


def iter_document_chunks(path: str | os.PathLike[str], *, columns: Columns | None = None, chunk_size: int = 256,
                         outlet_pattern: str | None = None, on_error: OnError = "fail",
                         report: ReadReport | None = None) -> Iterator[list[Document]]:
    """Stream documents from a file or folder in lists of at most ``chunk_size``.

    - a folder: every ``.txt`` under it is one article; the outlet is its first subfolder, or the
      named group ``outlet`` of ``outlet_pattern`` matched against the file name;
    - ``.jsonl`` / ``.csv`` / ``.parquet``: one article per row, columns named by ``columns``.

    Ids are made unique (a repeated id gets ``~2``...), HTML is stripped, and what happened is noted
    in ``report`` (see :class:`ReadReport`).
    """
    if on_error not in ("fail", "skip"):
        raise InputError(f"--on-error must be 'fail' or 'skip', got {on_error!r}")
    if chunk_size < 1:
        raise InputError(f"the chunk (shard) size must be at least 1, got {chunk_size}")
    seen: set[str] = set()
    report = report if report is not None else ReadReport()
    ids: list[set[str]] = []

    def all_ids() -> set[str]:
        if not ids:
            ids.append({d.id for chunk in _iter_chunks(Path(path), columns or Columns(), chunk_size, outlet_pattern,
                                                       "skip", ReadReport()) for d in chunk})
        return ids[0]

    for chunk in _iter_chunks(Path(path), columns or Columns(), chunk_size, outlet_pattern, on_error, report):
        yield _unique_ids(chunk, seen, report, all_ids)


def _iter_chunks(p: Path, columns: Columns, chunk_size: int, outlet_pattern: str | None, on_error: str,
                 report: ReadReport) -> Iterator[list[Document]]:
    if not p.exists():
        raise InputError(f"input not found: {p}; pass a folder of .txt files or a .jsonl/.csv/.parquet file")
    if p.is_dir():
        files = _txt_files(p)
        if not files:
            raise InputError(f"{p}: no .txt files found; put one article per .txt file, in one subfolder per outlet")
        pattern = _compile_pattern(outlet_pattern)
        chunk: list[Document] = []
        for f in files:
            try:
                text, meta = _read_file_text(f, report)
            except InputError as exc:
                if on_error == "skip":
                    report.skip(str(f), str(exc))
                    continue
                raise InputError(f"{exc}; remove it or pass --on-error skip") from None
            rel = f.relative_to(p)
            chunk.append(Document(id=str(rel.with_suffix("")), outlet=_outlet_of(f, p, pattern),
                                  text=text, meta={"path": str(rel), **meta}))
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
        return
    if not p.is_file():
        raise InputError(f"{p}: not a regular file or folder; pass a folder of .txt files or a .jsonl/.csv/.parquet file")
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        if p.stat().st_size == 0:
            raise InputError(f"{p} is empty; it needs one JSON object per line with {columns.text!r} and {columns.outlet!r}")
        rows: list[dict[str, Any]] = []
        places: list[str] = []
        checked = False
        n = 0
        for lineno, rec in _iter_jsonl_records(p, on_error, report):
            if not checked:
                _check_columns(list(rec), columns, f"{p}:{lineno}")
                checked = True
            rows.append(rec)
            places.append(f"{p}:{lineno}")
            if len(rows) >= chunk_size:
                yield records_to_documents(rows, columns, str(p), n, on_error, report, places)
                n += len(rows)
                rows, places = [], []
        if not checked:
            if report.skipped:
                raise InputError(f"{p}: no valid JSON lines ({len(report.skipped)} skipped; first: {report.skipped[0]})")
            raise InputError(f"{p}: no JSON lines, only blank ones; it needs one JSON object per line")
        if rows:
            yield records_to_documents(rows, columns, str(p), n, on_error, report, places)
        return
    if suffix in (".csv", ".tsv"):
        yield from _iter_csv(p, columns, chunk_size, on_error, report, sep="\t" if suffix == ".tsv" else _csv_sep(p))
        return
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(p)
            names = pf.schema_arrow.names
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise InputError(f"{p}: not a readable Parquet file ({_first_line(exc)})") from None
        _check_columns(names, columns, str(p))
        n = 0
        try:
            for batch in pf.iter_batches(batch_size=chunk_size):
                recs = batch.to_pylist()
                yield records_to_documents(recs, columns, str(p), n, on_error, report)
                n += len(recs)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{p}: could not read it at row {n + 1} ({_first_line(exc)})") from None
        return
    if suffix in (*TEXT_SUFFIXES, *HTML_SUFFIXES):
        if p.stat().st_size == 0:
            raise InputError(f"{p} is empty; put an article's text in it, or pass a folder of .txt files")
        text, meta = _read_file_text(p, report)
        yield [Document(id=p.stem, outlet=p.parent.name or "unknown", text=text, meta={"path": p.name, **meta})]
        return
    raise InputError(f"{p}: unknown input format {suffix!r}; use a folder of .txt files, .jsonl, .csv or .parquet")


def _csv_sep(p: Path) -> str:
    """The separator of a .csv file, read from its header line: a comma unless the header has none and
    ``csv.Sniffer`` finds semicolons, tabs or bars (as spreadsheets in many locales write)."""
    import csv

    with open(p, "rb") as fh:
        header = fh.readline(65536).decode("utf-8", errors="replace")
    if "," in header:
        return ","
    try:
        return csv.Sniffer().sniff(header, delimiters=";\t|").delimiter
    except csv.Error:
        return ","


def _first_row_too_wide(p: Path, frame: Any, encoding: str, sep: str, on_error: str, report: ReadReport) -> Any:
    """The first chunk's first row had more fields than the header: fail, or drop it (``on_error="skip"``)."""
    import csv

    with open(p, newline="", encoding=encoding, errors="replace") as fh:
        reader = csv.reader(fh, delimiter=sep)
        header = next(reader, [])
        row = next(reader, [])
        line = reader.line_num
    if len(row) <= len(header):
        return frame
    message = (f"{p}:{line}: expected {len(header)} fields (as in the header), saw {len(row)}; quote text that "
               "contains the separator")
    if on_error != "skip":
        raise InputError(message + ", or skip such rows")
    report.skip(f"{p}:{line}", message)
    return frame.iloc[1:]


def _iter_csv(p: Path, columns: Columns, chunk_size: int, on_error: str, report: ReadReport,
              sep: str = ",") -> Iterator[list[Document]]:
    import pandas as pd

    if p.stat().st_size == 0:
        raise InputError(f"{p} is empty; it needs a header row with {columns.text!r} and {columns.outlet!r}")
    with open(p, "rb") as fh:
        head = fh.read(8192)
    enc = sniff_encoding(head[:4])
    if enc in (None, "utf-8-sig") and looks_binary(head[3:] if enc else head):
        raise binary_error(str(p))
    legacy = enc in (None, "utf-8-sig")
    n = 0
    fallbacks = fallback_count()
    try:
        reader = pd.read_csv(p, sep=sep, chunksize=chunk_size, encoding=enc or "utf-8",
                             encoding_errors=LEGACY_ERRORS if legacy else "replace",
                             dtype={columns.text: str, columns.outlet: str, columns.id: str},
                             on_bad_lines="error" if on_error == "fail" else "warn", index_col=False)
        frames = iter(reader)
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                frame = next(frames, None)
            for w in caught:
                if "does not match length of data" in str(w.message) and frame is not None and n == 0:
                    # pandas cut the first data row at the header's width (it sets the row width from it)
                    frame = _first_row_too_wide(p, frame, enc or "utf-8", sep, on_error, report)
                for line in str(w.message).splitlines():
                    m = re.match(r"Skipping line (\d+): (.*)", line.strip())
                    if m:
                        report.skip(f"{p}:{m.group(1)}", f"{p}:{m.group(1)}: {m.group(2)}")
            if frame is None:
                break
            _check_columns(list(frame.columns), columns, str(p))
            if fallback_count() != fallbacks and "encoding" not in report.notes:
                report.note("encoding", str(p))
            yield records_to_documents(frame.to_dict("records"), columns, str(p), n, on_error, report)
            n += len(frame)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError, ValueError, OverflowError) as exc:
        raise InputError(f"{p}: not a readable CSV ({_first_line(exc)}); fix the file (quotes, separators) "
                         "or pass --on-error skip to skip rows with too many fields") from None


def read_documents(path: str | os.PathLike[str], **kwargs: Any) -> list[Document]:
    """All documents of a file or folder (see :func:`iter_document_chunks` for the options).

    Without ``report=``, what was skipped or changed (HTML stripped, duplicate ids renamed...) is
    reported as a :class:`UserWarning`, one per kind.
    """
    report = kwargs.get("report")
    own = report is None
    if own:
        report = kwargs["report"] = ReadReport()
    docs = [d for chunk in iter_document_chunks(path, **kwargs) for d in chunk]
    if own:
        _warn(report)
    return docs


def _warn(report: ReadReport) -> None:
    lines = ([report.skipped_line()] if report.skipped else []) + report.note_lines()
    for line in lines:
        warnings.warn(line, UserWarning, stacklevel=3)


def _looks_like_path(data: str) -> bool:
    """A one-line string that names a folder or file: has a path separator or an input suffix, no spaces at the ends."""
    if not data or len(data) > 4096 or data != data.strip() or any(c in data for c in "\n\r\x00"):
        return False
    named = data.lower().endswith((*TABLE_SUFFIXES, *TEXT_SUFFIXES)) or "/" in data or os.sep in data
    if not named:
        return False
    try:
        if Path(data).expanduser().exists():
            return True
    except (OSError, ValueError):
        return False
    return not any(c.isspace() for c in data) and data.lower().endswith((*TABLE_SUFFIXES, *TEXT_SUFFIXES, "/"))


def as_documents(data: Any, columns: Columns | None = None) -> list[Document]:
    """Normalise what ``Scorer.score`` accepts into Documents.

    Accepts a string, a list of strings (outlet ``"unknown"``, ids ``"0"``, ``"1"``...), Documents,
    dicts with text/outlet/id, a pandas DataFrame, a ``datasets.Dataset``, or a path (a ``Path``, or a
    one-line string that names an existing file or folder). Repeated ids are made unique (with a warning).
    """
    columns = columns or Columns()
    if isinstance(data, os.PathLike) or (isinstance(data, str) and _looks_like_path(data)):
        return read_documents(Path(data).expanduser(), columns=columns)
    if data is None:
        raise InputError("nothing to score: pass a string, a list of strings, Documents, dicts, a DataFrame or a path")
    if isinstance(data, (str, dict)):
        data = [data]
    report = ReadReport()
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas DataFrame
        _check_text_column(list(data.columns), columns, "DataFrame")
        docs = records_to_documents(data.to_dict("records"), columns, "DataFrame", report=report)
    elif hasattr(data, "column_names") and hasattr(data, "to_list"):  # datasets.Dataset
        _check_text_column(list(data.column_names), columns, "Dataset")
        docs = records_to_documents(data.to_list(), columns, "Dataset", report=report)
    else:
        try:
            items = iter(data)
        except TypeError:
            raise InputError(f"cannot score a {type(data).__name__}; pass a string, a list of strings, Documents, "
                             "dicts, a DataFrame or a path") from None
        docs = []
        for n, item in enumerate(items):
            if isinstance(item, Document):
                if not isinstance(item.text, str):
                    raise InputError(f"item {n}: Document.text is {_describe(item.text)}; give every Document a string text")
                docs.append(replace(item, id=str(item.id), outlet=str(item.outlet)))
            elif isinstance(item, str):
                docs.append(Document(id=str(n), outlet="unknown", text=_prepare(item, f"item {n}", report)))
            elif isinstance(item, dict):
                docs.extend(records_to_documents([item], columns, "input", n, report=report, positions=[f"item {n}"]))
            else:
                raise InputError(f"item {n} is a {type(item).__name__}; pass strings, Documents, dicts or a DataFrame")
    docs = _unique_ids(docs, set(), report, lambda: {d.id for d in docs})
    report.notes.pop("empty", None)  # an empty string in a list is the caller's business
    report.notes.pop("not_english", None)
    _warn(report)
    return docs
