"""Generic file helpers, below everything else: atomic writes, sha256 of a file, the user cache, one-line messages.

Nothing here knows about documents, models or markers; every other module may import it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

from ._errors import FramingError, InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def one_line(text: object) -> str:
    """``text`` (or an exception's message) with every run of whitespace, newlines included, made one space."""
    return " ".join(str(text).split())


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type name when the message is empty)."""
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def cache_root() -> Path:
    """framing's user cache: ``$FRAMING_CACHE_DIR``, else ``$XDG_CACHE_HOME/framing``, else ``~/.cache/framing``."""
    root = os.environ.get("FRAMING_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")) / "framing"
    return Path(root).expanduser()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(path: str | os.PathLike[str], write: Callable[[str], Any]) -> Path:
    """Call ``write(tmp_path)`` then rename onto ``path``; nothing half-written is ever left at ``path``.

    The temporary file's name is fixed before it is created, so an interruption at any point (Ctrl-C or
    SIGTERM, raised as exceptions by the CLI) removes it.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; name a file to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            # mode 0666 less the umask, like any new file: outputs are meant to be shared
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:  # someone else's temporary file: leave it alone
            continue
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    try:
        write(str(tmp))
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is not None and Path(exc.filename).name == tmp.name:
            exc.filename, exc.filename2 = str(path), None  # the user's path, not our temporary name
        raise
    return path


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def refuse_input_as_output(output: str | os.PathLike[str], inputs: Any, what: str = "output",
                           other: str = "the input") -> None:
    """Raise :class:`~framing.InputError` when ``output`` is one of ``inputs`` (the same file, symlinks and hard
    links resolved; for paths that do not exist yet, the same resolved path); None among ``inputs`` is ignored.

    Every command calls this for each file it writes, before doing any work, so no input is ever overwritten.
    """
    out = Path(output)
    for item in inputs if isinstance(inputs, (list, tuple, set)) else [inputs]:
        if item is None:
            continue
        src = Path(item)
        try:
            same = os.path.samefile(out, src) if out.exists() and src.exists() else out.resolve() == src.resolve()
        except OSError:
            same = False
        if same:
            raise InputError(f"{out}: the {what} would overwrite {other} {src}; write to another file")


def read_jsonl(path: str | os.PathLike[str], what: str) -> Iterator[tuple[int, Any]]:
    """Each non-blank line of a JSONL file as ``(line number, parsed value)``; a missing file or a line that is
    not JSON raises :class:`InputError` (``what`` names the file in the message: "consistency file")."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} not found: {p}")
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except ValueError:
            raise InputError(f"{p}: line {n} is not valid JSON") from None


def read_toml(path: str | os.PathLike[str], what: str, error: type[FramingError] = InputError,
              hint: str = "") -> dict[str, Any]:
    """A TOML file as a dict; a missing, unreadable or invalid file is ``error`` with a one-line message that names
    ``what`` the file is ("suite file") and, for invalid TOML, ends with ``hint`` (what to look at)."""
    p = Path(path)
    if not p.exists():
        raise error(f"{what} not found: {p}")
    if not p.is_file():
        raise error(f"{p} is not a file; pass a {what}")
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
        msg = one_line(exc)[:200] or type(exc).__name__
        raise error(f"{p}: not valid TOML ({msg})" + (f"; {hint}" if hint else "")) from None
    except OSError as exc:
        raise error(f"{p}: cannot read it ({exc.strerror or exc})") from None
