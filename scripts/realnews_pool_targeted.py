#!/usr/bin/env python
"""Draw a second, targeted pool of real sentences to label (issue 23, round 2): training sentences only.

The first pools (scripts/realnews_pool.py) were drawn at random, so they hold few hedged sentences (206 of 1,433
training sentences). This pool is drawn from documents that no labelled sentence comes from, enriched for the
hard cases of the labelling guide's rules R2 and R6: sentences with a word that often (not always) marks a
hedge (claims, positions held, opinion markers, vague quantities, forecasts) or loaded wording, plus random
sentences of the same documents. Because it is enriched it must not enter the calibration or test parts (their
rates would no longer be those of real copy): every row of this pool is ``split: train``.

    python scripts/realnews_pool_targeted.py /work/labels    # writes pool3.jsonl there
"""
import hashlib
import json
import random
import re
import sys

from framing._segment import segment_text

random.seed(23)
PROBES = {
    "hedge": r"\b(claim(s|ed)?|alleg\w+|accus\w+|contend\w*|disput\w+|maintain(s|ed)|argu\w+|believ\w+|think|"
             r"in (my|our) (view|opinion)|felt|feel|suggest\w*|appear\w*|seem\w*|may|might|could|possibl\w+|"
             r"likely|unclear|estimat\w+|forecast\w*|expected to|around|approximately|roughly|a number of|some|"
             r"reportedly|reports? that|according to reports|potential\w*|perhaps|probabl\w+)\b",
    "loaded": r"\b(radical|reckless|disastrous|devastating|outrageous|shameful|egregious|sham|so-called|"
              r"slammed|blasted|historic|landmark|critical|vital|common-sense|job-killing|crisis|chaos|"
              r"failed|disgrace\w*|attack\w*|assault|scheme|cover-up|weaponiz\w+|woke|extreme|brazen\w*|"
              r"unprecedented|massive|huge|crushing|skyrocket\w*|soar\w*|Big \w+|socialist|illegal aliens?)\b",
}
labelled = {json.loads(x)["doc"] for x in open("samples/realnews.jsonl")}
wn = [json.loads(x) for x in open("../shared/data/realnews/wikinews.jsonl")]
cg = [json.loads(x) for x in open("../shared/data/realnews/congress_press_releases.jsonl")]
# half of each quota from Wikinews (neutral wire copy), half from the releases (partisan copy)
QUOTAS = {"wikinews": {"hedge": 110, "loaded": 40, "random": 40}, "congress": {"hedge": 100, "loaded": 70, "random": 20}}
rows, seen, per_doc = [], set(), {}
for corpus, pool in (("wikinews", wn), ("congress", cg)):
    take = dict(QUOTAS[corpus])
    docs = [d for d in pool if d["id"] not in labelled and len(d["text"]) > 300]
    random.shuffle(docs)
    for d in docs:
        if all(v <= 0 for v in take.values()):
            break
        units = [s.text for s in segment_text(d["text"])[0] if 25 <= len(s.text) <= 400]
        random.shuffle(units)
        for t in units:
            if per_doc.get(d["id"], 0) >= 3 or t in seen:
                continue
            kind = next((k for k, p in PROBES.items() if take[k] > 0 and re.search(p, t)), None)
            if kind is None and take["random"] > 0 and random.random() < 0.15:
                kind = "random"
            if kind is None:
                continue
            take[kind] -= 1
            seen.add(t)
            per_doc[d["id"]] = per_doc.get(d["id"], 0) + 1
            source = "wikinews" if corpus == "wikinews" else "congress:" + d["outlet"]
            row = {"doc": d["id"], "source": source, "text": t, "probe": kind, "split": "train"}
            if source == "wikinews":
                row["url"] = d["url"]
            else:
                row["party"] = d.get("party")
            rows.append(row)
for i, r in enumerate(rows):
    r["id"] = f"rn3{i:04d}"
out = sys.argv[1] if len(sys.argv) > 1 else "."
with open(f"{out}/pool3.jsonl", "w") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows), {k: sum(r["probe"] == k for r in rows) for k in ("hedge", "loaded", "random")},
      sum(r["source"] == "wikinews" for r in rows), "from Wikinews")
