"""Measure page reading on gold-labelled pages (``tests/fixtures/pages/gold.jsonl``).

``evaluate_pages(gold, method="structure")`` reads each page's text (``txt/<id>.txt`` next to the
gold file), runs a reader and compares it with the gold label of every line:

- ``boilerplate_recall``: gold furniture lines (any drop reason) that were dropped;
- ``boilerplate_precision``: dropped lines that are gold furniture;
- ``body_recall``: sentences of gold body lines that were kept (any role);
- ``headline_f1``: headline and standfirst lines given exactly their gold role (micro F1 over both).

A line counts as dropped when less than half of its non-space characters are in kept sentences.
Methods: ``structure`` (:func:`framing._structure.read_page`, with site furniture across the input),
``rules`` (the segmenter's boilerplate table alone, as before page reading), ``justext`` (the
``justext`` package's paragraph classifier, one paragraph per line).

``evaluate_html_pages(folder)`` measures HTML extraction on real pages with a hand-checked article body
(``ground-truth.json`` and ``html/<id>.html.gz``, the layout of ``../shared/data/pages``): the
benchmark's token-level precision, recall and F1 of the extracted body, means over pages.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ._html import main_text
from ._segment import segment_text, split_sentences
from ._structure import read_page, site_furniture
from ._text import html_to_text
from ._types import ROLES, Document, Sentence

Method = Literal["structure", "rules", "justext"]
PAGE_METRICS = ("boilerplate_recall", "boilerplate_precision", "body_recall", "headline_f1")
HTML_METRICS = ("pages_precision", "pages_recall", "pages_token_f1")
Extractor = Literal["trafilatura", "fallback", "justext"]

__all__ = ["Extractor", "HTML_METRICS", "Method", "PAGE_METRICS", "evaluate_html_pages", "evaluate_pages",
           "load_page_gold", "token_prf"]


def load_page_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records with their page text (``txt/<id>.txt`` beside the gold file)."""
    p = Path(path)
    out = []
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            rec["text"] = (p.parent / "txt" / f"{rec['id']}.txt").read_text(encoding="utf-8")
            out.append(rec)
    return out


def _justext_reader(text: str) -> list[Sentence]:
    import html

    import justext

    lines = [ln for ln in text.splitlines() if ln.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(ln)}</p>" for ln in lines) + "</body></html>"
    paras = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    good = {p.text.strip() for p in paras if not p.is_boilerplate}
    out, pos = [], 0
    for ln in text.splitlines(keepends=True):
        s = ln.strip()
        if s and s in good:
            start = text.index(s, pos)
            out.append(Sentence("", "", len(out), s, start, start + len(s)))
        pos += len(ln)
    return out


def _read(records: list[dict[str, Any]], method: Method) -> list[list[Sentence]]:
    if method == "rules":
        return [segment_text(r["text"], r["id"], r["outlet"])[0] for r in records]
    if method == "justext":
        return [_justext_reader(r["text"]) for r in records]
    docs = [Document(r["id"], r["outlet"], r["text"]) for r in records]
    furniture = site_furniture(docs)
    return [read_page(d, furniture.get(d.outlet, frozenset()))[0] for d in docs]


def evaluate_pages(gold: str | Path, method: Method = "structure",
                   reader: Callable[[list[dict[str, Any]]], list[list[Sentence]]] | None = None) -> dict[str, float]:
    """The figures of :data:`PAGE_METRICS` (and counts) for one reader on a gold file."""
    records = load_page_gold(gold)
    results = reader(records) if reader is not None else _read(records, method)
    tp_drop = n_drop = n_furn = 0
    body_kept = body_n = 0
    role_tp = role_pred = role_gold = 0
    for rec, kept in zip(records, results):
        text = rec["text"]
        cover = bytearray(len(text))
        role_at: dict[int, str] = {}
        for s in kept:
            for i in range(s.start, s.end):
                cover[i] = 1
            role_at[s.start] = s.role
        pos = 0
        for line, label in rec["lines"]:
            start = text.index(line, pos)
            end = start + len(line)
            pos = end
            chars = [i for i in range(start, end) if not text[i].isspace()]
            kept_share = sum(cover[i] for i in chars) / max(1, len(chars))
            is_furn = label not in ROLES
            dropped = kept_share < 0.5
            n_furn += is_furn
            n_drop += dropped
            tp_drop += dropped and is_furn
            if label == "body":
                off = start
                for sent in split_sentences(line):
                    s0 = text.index(sent, off)
                    off = s0 + len(sent)
                    sc = [i for i in range(s0, off) if not text[i].isspace()]
                    body_n += 1
                    body_kept += sum(cover[i] for i in sc) / max(1, len(sc)) >= 0.5
            roles = [r for st, r in role_at.items() if start <= st < end]
            pred = max(set(roles), key=roles.count) if roles and not dropped else None
            if pred in ("headline", "standfirst"):
                role_pred += 1
                role_tp += pred == label
            role_gold += label in ("headline", "standfirst")
    prec = role_tp / role_pred if role_pred else 0.0
    rec_ = role_tp / role_gold if role_gold else 0.0
    return {
        "boilerplate_recall": tp_drop / n_furn if n_furn else 1.0,
        "boilerplate_precision": tp_drop / n_drop if n_drop else 1.0,
        "body_recall": body_kept / body_n if body_n else 1.0,
        "headline_f1": 2 * prec * rec_ / (prec + rec_) if prec + rec_ else 0.0,
        "pages": len(records), "furniture_lines": n_furn, "body_sentences": body_n,
    }


def token_prf(gold: str, pred: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``pred`` against ``gold`` as bags of whitespace tokens (the benchmark's measure)."""
    g, p = Counter(gold.split()), Counter(pred.split())
    tp = sum((g & p).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(g.values()) if g else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def _justext_html(html: str) -> str:
    import justext

    paras = justext.justext(html.encode("utf-8", "replace"), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paras if not p.is_boilerplate)


_EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura": lambda h: main_text(h)[0], "fallback": html_to_text, "justext": _justext_html}


def evaluate_html_pages(folder: str | Path, extractor: Extractor = "trafilatura",
                        limit: int | None = None) -> dict[str, float]:
    """:data:`HTML_METRICS` (means over pages; a page where nothing is found counts 0) and ``n`` for one
    extractor on a folder of real pages: ``trafilatura`` (framing's HTML reader, without the title line),
    ``fallback`` (framing's own tag stripper) or ``justext``."""
    root = Path(folder)
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit]
    sums = [0.0, 0.0, 0.0]
    for i in ids:
        with gzip.open(root / "html" / f"{i}.html.gz", "rb") as fh:
            html = fh.read().decode("utf-8", "replace")
        for k, v in enumerate(token_prf(gold[i]["articleBody"], _EXTRACTORS[extractor](html))):
            sums[k] += v
    n = max(len(ids), 1)
    return {"pages_precision": sums[0] / n, "pages_recall": sums[1] / n, "pages_token_f1": sums[2] / n, "n": len(ids)}
