"""The labelled sample file keeps the split rules of docs/labelling-guide.md §7 (the test part never trains)."""

from __future__ import annotations

import json
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "markers.jsonl"
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "labelling-guide.md"
MARKERS = ("hedging", "attribution", "loaded_language")


def _rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _expected_split(n: int) -> str | None:
    if n < 600:
        return None  # alternates within each kind: checked below
    if n < 1637:
        return "train"
    if n < 1997:
        return "calibration" if n % 2 else "test"
    return "train" if n % 4 in (0, 1) else "calibration" if n % 4 == 2 else "test"


def test_ids_are_consecutive_texts_unique_and_labels_binary():
    rows = _rows()
    assert [r["id"] for r in rows] == [f"s{i:04d}" for i in range(1, len(rows) + 1)]
    assert len({r["text"] for r in rows}) == len(rows)
    for r in rows:
        assert all(r[m] in (0, 1) for m in MARKERS), r["id"]
        assert r["text"] == r["text"].strip() and r["text"], r["id"]


def test_splits_follow_the_guide():
    rows = _rows()
    by_kind: dict[str, list[str]] = {}
    for r in rows:
        n = int(r["id"][1:])
        want = _expected_split(n)
        if want is None:
            by_kind.setdefault(r["kind"], []).append(r["split"])
        else:
            assert r["split"] == want, (r["id"], r["split"], want)
    for kind, splits in by_kind.items():  # s0001-s0599: calibration, test, calibration, ... within a kind
        assert splits == [("calibration", "test")[i % 2] for i in range(len(splits))], kind


def test_topics_and_kinds_are_the_documented_ones():
    guide = GUIDE.read_text(encoding="utf-8")
    topics = re.search(r"`topic`: one of ([a-z, \n]+)\.", guide).group(1).replace("\n", " ")
    allowed_topics = {t.strip() for t in topics.split(",")}
    allowed_kinds = set(re.findall(r"^\| `([a-z_]+)` \|", guide, re.M))
    rows = _rows()
    assert {r["topic"] for r in rows} <= allowed_topics
    assert {r["kind"] for r in rows} <= allowed_kinds


REAL = SAMPLES.parent / "realnews.jsonl"


def test_real_sentences_are_split_by_document_credited_and_large_enough():
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    split_of_doc: dict[str, set[str]] = {}
    for r in rows:
        assert all(r[m] in (0, 1) for m in MARKERS), r["id"]
        assert r["split"] in ("train", "calibration", "test")
        split_of_doc.setdefault(r["doc"], set()).add(r["split"])
        # the credit SOURCE.md asks for: Wikinews and the article URL; the releases' source repository
        assert ("Wikinews" in r["credit"] and "wikinews.org" in r["credit"]) if r["corpus"] == "wikinews" \
            else "Congress_Press_Releases" in r["credit"]
    assert all(len(s) == 1 for s in split_of_doc.values())  # no article in two parts
    assert len({r["id"] for r in rows}) == len(rows) == len({r["text"] for r in rows})
    counts = {c: sum(r["corpus"] == c for r in rows) for c in ("wikinews", "congress")}
    assert counts["wikinews"] >= 1200 and counts["congress"] >= 1000
    members = {r["outlet"] for r in rows if r["corpus"] == "congress"}
    assert len(members) == 7 and {r.get("party") for r in rows if r["corpus"] == "congress"} >= {"R", "D"}
