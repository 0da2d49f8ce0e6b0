"""HTML pages in: the article's main text, title, date and author, through ``trafilatura``.

``extract_page(html)`` returns an :class:`HtmlPage`: ``text`` is the title (the headline) on its own
line, a blank line, then the main text, one paragraph per block; ``title``/``date``/``author`` are the
page's metadata (``None`` when not found).  When trafilatura finds no main content, the page's
visible text from the caller's fallback (the reader passes its own tag stripper) is used instead
and ``extractor`` says ``"fallback"``; a page with no text at all gives ``text == ""``.

Measured on 141 real news pages (``scripts/eval_pages.py``, docs/segmentation.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Literal

Extractor = Literal["trafilatura", "fallback"]

__all__ = ["Extractor", "HtmlPage", "extract_page", "main_text"]


@dataclass(frozen=True)
class HtmlPage:
    """What was read from one HTML page."""

    text: str
    title: str | None
    date: str | None
    author: str | None
    extractor: Extractor

    def meta(self) -> dict[str, str]:
        """The document metadata worth keeping (``title``, ``date``, ``author``), without empty values."""
        return {k: v for k, v in (("title", self.title), ("date", self.date), ("author", self.author)) if v}


def main_text(html: str) -> tuple[str, dict[str, str | None]]:
    """trafilatura's main text (paragraphs separated by blank lines) and its ``title``/``date``/``author``.

    Returns ``("", {...})`` when trafilatura finds no main content."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                          with_metadata=True, deduplicate=False)
    except Exception:  # noqa: BLE001 - a parser failure on one odd page means "no main content"
        doc = None
    if doc is None:
        return "", {"title": None, "date": None, "author": None}
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    body = get("text") or ""
    paras = [p.strip() for p in body.split("\n") if p.strip()]
    return "\n\n".join(paras), {k: (get(k) or None) for k in ("title", "date", "author")}


def extract_page(html: str, fallback: Callable[[str], str] | None = None) -> HtmlPage:
    """Main text (with the title as its first line), title, date and author of an HTML page.

    When trafilatura finds no main content, ``fallback(html)`` (a plain tag stripper) gives the text
    and ``extractor`` is ``"fallback"``; without one, the text is ``""``."""
    body, meta = main_text(html)
    title = meta["title"]
    if body:
        text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
        return HtmlPage(text, title, meta["date"], meta["author"], "trafilatura")
    text = fallback(html).strip() if fallback is not None else ""
    return HtmlPage(text, title, meta["date"], meta["author"], "fallback")
