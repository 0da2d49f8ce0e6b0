"""Text cleaning on the way in: decoding bytes (UTF-8/16/32, cp1252 fallback, binary refused), HTML pasted as
text, and the notes worth giving about a text (HTML removed, empty, not English).

Nothing here reads files or knows about records; the readers in :mod:`framing._io` call it.
"""

from __future__ import annotations

import codecs
import re
import threading
from html.parser import HTMLParser
from typing import Any, Protocol

from ._errors import InputError


class Notes(Protocol):
    """Where :func:`prepare_text` records what it noticed (:class:`framing._io.ReadReport` is one)."""

    def note(self, kind: str, where: str) -> None: ...


ENCODINGS = ("utf-8", "cp1252", "latin-1")
LEGACY_ERRORS = "framing-cp1252"
"""Codec error handler: bytes that are not UTF-8 are decoded one by one as cp1252 (latin-1 where cp1252 has a hole)."""


_fallbacks = threading.local()


def fallback_count() -> int:
    return getattr(_fallbacks, "n", 0)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _fallbacks.n = fallback_count() + 1
    out = []
    for b in exc.object[exc.start : exc.end]:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(bytes([b]).decode("latin-1"))
    return "".join(out), exc.end


codecs.register_error(LEGACY_ERRORS, _cp1252_fallback)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}


def sniff_encoding(head: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of ``head`` (UTF-8/16/32), or None."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    return None


def looks_binary(head: bytes) -> bool:
    """True when a sample of bytes (without a BOM) is not text: NUL bytes or many control characters."""
    if not head:
        return False
    control = sum(1 for b in head if b in _CONTROL) / len(head)
    return control > 0.05 or (b"\x00" in head and control > 0.01)


def binary_error(where: str) -> InputError:
    return InputError(f"{where}: looks like a binary file, not text; pass .txt, .jsonl, .csv or .parquet files "
                      "(UTF-16 text needs a byte-order mark, or save it as UTF-8)")


def decode_text(raw: bytes, where: str) -> tuple[str, bool]:
    """Decode bytes as text; returns ``(text, fallback)`` where ``fallback`` says cp1252 was needed.

    A UTF-8/16/32 byte-order mark picks the encoding; otherwise UTF-8, with any byte that is not UTF-8
    decoded as cp1252. Binary data raises :class:`InputError`.
    """
    enc = sniff_encoding(raw[:4])
    if enc == "utf-8-sig":
        raw = raw[len(codecs.BOM_UTF8):]
    elif enc is not None:
        return raw.decode(enc, errors="replace"), False
    if looks_binary(raw[:8192]):
        raise binary_error(where)
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors=LEGACY_ERRORS), True


def decode_bytes(raw: bytes, where: str) -> str:
    """Decode text as UTF-8 (or UTF-16/32 with a BOM), falling back to cp1252 byte by byte; refuse binary files."""
    return decode_text(raw, where)[0]


# --------------------------------------------------------------------------------------------
# What is done to each text on the way in: HTML, empty texts, language
# --------------------------------------------------------------------------------------------

_HTML_TAG = re.compile(
    r"</?(?:!doctype\s+html|html|head|body|p|div|br|span|a|img|script|style|article|section|header|footer|nav"
    r"|aside|main|h[1-6]|li|ul|ol|table|tr|td|th|meta|link|title|figure|figcaption|blockquote|strong|em|b|i"
    r"|iframe|noscript|form|input|button|label|time|small|sup|sub|hr)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 head header"
    " hr html li main nav ol p pre section table tbody td tfoot th thead title tr ul".split()
)
_HTML_SKIP = frozenset("script style noscript template svg iframe object canvas".split())


class _TextExtractor(HTMLParser):
    """Text of an HTML document: block elements become paragraphs; scripts, styles and tags disappear."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.closed_inline = False  # an inline element just closed: if another opens, keep the words apart

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _HTML_SKIP:
            self.skip += 1
        elif tag in _HTML_BLOCKS:
            self.parts.append("\n\n")
        elif self.closed_inline:
            self.parts.append(" ")
        self.closed_inline = False

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in _HTML_BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIP:
            self.skip = max(0, self.skip - 1)
            self.closed_inline = True  # "River</span><script>...</script><span>Mayor": still two words
        elif tag in _HTML_BLOCKS:
            self.parts.append("\n\n")
        else:
            self.closed_inline = True

    def handle_data(self, data: str) -> None:
        self.closed_inline = False
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds HTML markup (at least two known tags in its first 64 KB)."""
    sample = text[:65536]
    if "<" not in sample:
        return False
    found = 0
    for _ in _HTML_TAG.finditer(sample):
        found += 1
        if found >= 2:
            return True
    return False


def html_to_text(text: str) -> str:
    """The readable text of an HTML document or fragment: one paragraph per block element."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; keep the text if it still gives up
        return text
    body = "".join(parser.parts)
    return "\n\n".join(p.strip() for p in re.split(r"(?:[ \t]*\n){2,}", body) if p.strip())


_EN_WORDS = frozenset(
    "the of to and or is are was were be been being it its this that these those he she they we you his her their our"
    " said says for at by with from not but has have had will would can could may might there which who what when"
    " after before about than also into over more".split()
)
_LATIN_WORD = re.compile(r"[a-z]+")


def looks_english(text: str) -> bool:
    """A cheap guess: mostly Latin letters and common English function words (short texts: True)."""
    sample = text[:5000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 40:
        return True
    if sum(1 for c in letters if c.isascii()) / len(letters) < 0.7:
        return False
    words = _LATIN_WORD.findall(sample.lower())
    if len(words) < 15:
        return True
    return sum(1 for w in words if w in _EN_WORDS) / len(words) >= 0.1


def prepare_text(text: str, where: str, report: Notes | None) -> str:
    """Strip HTML from a text and note what is worth knowing about it (HTML, empty, not English)."""
    if looks_like_html(text):
        text = html_to_text(text)
        if report is not None:
            report.note("html", where)
    if report is not None:
        if not text.strip():
            report.note("empty", where)
        elif not looks_english(text):
            report.note("not_english", where)
    return text
