"""Loaded language in quoted versus own-voice words on labelled sets (gold labels, no model).

    python scripts/voice_rates.py          # PTC (../shared, evaluation only), samples/realnews.jsonl, samples/markers.jsonl

For each labelled sentence, framing's quotation finder (the sentence read alone) splits the characters into the
outlet's own words and quoted words. Printed per set: the loaded-language label rate of sentences with and
without quoted words; for PTC, whose loaded-language spans are labelled, the share of loaded spans that lie in
quoted words, and how many positive sentences have loaded spans only inside quotations (the false positives an
own-voice rate removes when it is right). Figures as JSON on the last line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from framing._quotes import find_quotes, quoted_mask, sentence_quotes

REPO = Path(__file__).resolve().parents[1]
SETS = {"ptc": REPO.parent / "shared" / "data" / "markers" / "ptc_loaded_language.jsonl",
        "realnews": REPO / "samples" / "realnews.jsonl", "markers": REPO / "samples" / "markers.jsonl"}


def main() -> int:
    out: dict[str, Any] = {}
    for name, path in SETS.items():
        if not path.exists():
            print(f"{name}: skipped ({path} not found)", file=sys.stderr)
            continue
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        rows = [r for r in rows if r.get("loaded_language") in (0, 1) and not r.get("is_title")]
        with_q = [0, 0]
        without = [0, 0]
        spans_in = spans_all = only_quoted = 0
        for r in rows:
            t = r["text"]
            qs = sentence_quotes(find_quotes(t, [(0, len(t))]), 0, len(t), t)
            mask = quoted_mask(t, qs)
            quoted = any(mask)
            bucket = with_q if quoted else without
            bucket[0] += int(r["loaded_language"])
            bucket[1] += 1
            spans = r.get("loaded_spans") or []
            if spans:
                inside = [all(mask[i] for i in range(a, min(b, len(t))) if not t[i].isspace()) for a, b in spans]
                spans_in += sum(inside)
                spans_all += len(spans)
                only_quoted += int(all(inside))
        res = {"sentences": len(rows), "with_quotes": with_q[1], "loaded_rate_with_quotes": round(with_q[0] / with_q[1], 4)
               if with_q[1] else None, "loaded_rate_without_quotes": round(without[0] / without[1], 4) if without[1] else None}
        if spans_all:
            res.update({"loaded_spans": spans_all, "share_of_loaded_spans_quoted": round(spans_in / spans_all, 4),
                        "positives_loaded_only_in_quotes": only_quoted,
                        "positives": with_q[0] + without[0]})
        out[name] = res
        print(name, json.dumps(res))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
