"""Each signal's contribution to the page reader: the fixture figures with the full reader and with one signal
switched off at a time (docs/segmentation.md, "Ablation").

    python scripts/ablate_structure.py [--realnews]

A signal is switched off by making its patterns match nothing (or, for shape signals, by a config value), inside
this script only; framing itself is unchanged. With ``--realnews`` it also counts sentence-like units dropped from
the 150-document sample of ../shared/data/realnews (scripts/realnews_drops.py), where that folder exists.
"""

from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import framing._structure as st  # noqa: E402
from framing._page_eval import evaluate_pages  # noqa: E402
from framing._types import Document  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "pages" / "gold.jsonl"
NEVER = re.compile(r"(?!x)x")

SIGNALS: dict[str, dict] = {
    "site furniture (recurrence across an outlet's pages)": {"furniture": False},
    "calls to action (imperative / second person)": {"patterns": ["_CTA_START", "_CTA_ANY", "_YOU_WEB"]},
    "publisher statements (first-person plural + publisher nouns)": {"patterns": ["_PUBLISHER_NOUNS", "_SELF_DESCRIPTION"]},
    "legal notices": {"patterns": ["_LEGAL"]},
    "e-mail and URL lines": {"patterns": ["_EMAIL", "_URL"]},
    "timecodes, media words, relative times": {"patterns": ["_TIMECODE", "_MEDIA_WORDS", "_NO_MEDIA", "_RELATIVE_TIME"]},
    "caption shape and credits": {"patterns": ["_CREDIT", "_CAPTION_CUE", "_CREDIT_LINE"]},
    "labelled lists, banners, ads, initials": {"patterns": ["_LABELLED_LIST", "_BANNER", "_AD", "_INITIALS"]},
    "stopword density (body-like test)": {"config": {"body_min_stopwords": 0.0}},
    "short verb-less lines around the body (zones)": {"config": {"short_words": 0}},
}


@contextmanager
def without(patterns: list[str]) -> Iterator[None]:
    saved = {name: getattr(st, name) for name in patterns}
    try:
        for name in patterns:
            setattr(st, name, NEVER)
        yield
    finally:
        for name, value in saved.items():
            setattr(st, name, value)


def reader(furniture: bool, config: st.StructureConfig):
    def read(records):
        docs = [Document(r["id"], r["outlet"], r["text"]) for r in records]
        fur = st.site_furniture(docs) if furniture else {}
        return [st.read_page(d, fur.get(d.outlet, frozenset()), config)[0] for d in docs]
    return read


def realnews_loss(furniture: bool, config: st.StructureConfig) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    from realnews_drops import DATA, sample, sentence_like

    if not DATA.exists():
        return "-"
    docs = sample(150, 0)
    fur = st.site_furniture(docs) if furniture else {}
    lost = total = 0
    for d in docs:
        kept, dropped = st.read_page(d, fur.get(d.outlet, frozenset()), config)
        total += sum(sentence_like(s.text) for s in kept)
        bad = [x for x in dropped if x.reason != "duplicate" and sentence_like(x.text)]
        lost += len(bad)
        total += len(bad)
    return f"{lost} ({lost / max(total, 1):.2%})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--realnews", action="store_true")
    args = ap.parse_args()
    head = "| reader | boilerplate recall | boilerplate precision | body recall | headline/standfirst F1 |"
    print(head + (" realnews sentences lost |" if args.realnews else ""))
    print("|---" * (5 + args.realnews) + "|")
    rows = {"full page reader": {}}
    rows.update({f"without {k}": v for k, v in SIGNALS.items()})
    for name, spec in rows.items():
        config = st.StructureConfig(**spec.get("config", {}))
        furniture = spec.get("furniture", True)
        with without(spec.get("patterns", [])):
            r = evaluate_pages(GOLD, reader=reader(furniture, config))
            extra = f" {realnews_loss(furniture, config)} |" if args.realnews else ""
        print(f"| {name} | {r['boilerplate_recall']:.3f} | {r['boilerplate_precision']:.3f} | {r['body_recall']:.3f} "
              f"| {r['headline_f1']:.3f} |{extra}")


if __name__ == "__main__":
    main()
