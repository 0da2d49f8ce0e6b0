#!/usr/bin/env python
"""Assemble the labelled real sentences (samples/realnews.jsonl) from the labelling pools and their labels.

How the set was made (issue 23):
1. ``python scripts/realnews_pool.py`` drew sentences with framing's own segmenter from ../shared/data/realnews:
   up to 9 per Wikinews report (170 reports) and up to 8 per press release (27 releases of each of the seven
   members of Congress; releases that reproduce a news story left out), deduplicated, in three pools of whole
   documents.
2. Each pool was labelled by hand against docs/labelling-guide.md (section 7, real-text rules): hedging,
   attribution, loaded_language, or ``skip`` for a unit that is not a sentence of the article.
3. This script joins pools and labels, drops skipped units and splits **by document** (a document's sentences
   all go to one part): 55% train, 20% calibration, 25% test, by a hash of the document id.
4. Round 2: ``python scripts/realnews_pool_targeted.py`` drew pool3 (380 sentences from documents not yet used,
   enriched for hedges and loaded wording: the hard cases of the guide's rules R2 and R6). Enriched sentences
   would distort the rates of the calibration and test parts, so that pool carries ``split: train`` and all of it
   goes to training.

Credit: Wikinews (CC BY 2.5; each row keeps its article URL); the congressional releases are public domain
(works of the US federal government), from the repository Hussain-Altamimi/Congress_Press_Releases.

    python scripts/assemble_realnews.py --labels /work/labels --out samples/realnews.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path


def split_of(doc: str) -> str:
    h = int(hashlib.sha256(doc.encode()).hexdigest()[:8], 16) % 100
    return "train" if h < 55 else "calibration" if h < 75 else "test"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True, help="folder with poolK.jsonl and labelsK.jsonl")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    folder = Path(args.labels)
    rows, seen = [], set()
    for pool in sorted(folder.glob("pool*.jsonl")):
        labels_path = folder / pool.name.replace("pool", "labels")
        units = [json.loads(x) for x in pool.read_text().splitlines() if x.strip()]
        labels = {r["id"]: r for r in (json.loads(x) for x in labels_path.read_text().splitlines() if x.strip())}
        missing = [u["id"] for u in units if u["id"] not in labels]
        if missing:
            raise SystemExit(f"{labels_path}: {len(missing)} sentences unlabelled, first {missing[0]}")
        for u in units:
            lab = labels[u["id"]]
            if lab.get("skip") or u["text"] in seen:  # a later pool may draw a sentence that a release repeats
                continue
            seen.add(u["text"])
            source = u["source"]
            row = {"id": u["id"], "text": u["text"],
                   **{m: int(lab[m]) for m in ("hedging", "attribution", "loaded_language")},
                   "split": u.get("split") or split_of(u["doc"]), "doc": u["doc"],
                   "corpus": "wikinews" if source == "wikinews" else "congress",
                   "outlet": source.split(":", 1)[-1]}
            if u.get("party"):
                row["party"] = u["party"]
            row["credit"] = (f"Wikinews, CC BY 2.5, {u['url']}" if source == "wikinews"
                             else "US Congress press release (public domain), via Hussain-Altamimi/Congress_Press_Releases")
            rows.append(row)
    rows.sort(key=lambda r: r["id"])
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    by = {}
    for r in rows:
        by.setdefault((r["split"], r["corpus"]), 0)
        by[(r["split"], r["corpus"])] += 1
    print(f"{len(rows)} sentences -> {args.out}; " + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(by.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
