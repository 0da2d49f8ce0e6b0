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
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ._segment import segment_text, split_sentences
from ._structure import read_page, site_furniture
from ._types import ROLES, Document, Sentence

Method = Literal["structure", "rules", "justext"]
PAGE_METRICS = ("boilerplate_recall", "boilerplate_precision", "body_recall", "headline_f1")

__all__ = ["Method", "PAGE_METRICS", "evaluate_pages", "load_page_gold"]


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
