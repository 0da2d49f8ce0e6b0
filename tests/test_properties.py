"""Properties (hypothesis): segmentation invents nothing, profiles ignore input order, scores are
deterministic, markers files and JSONL inputs round-trip.

The core segmentation property (``check_invariants``) lives in ``tests/test_segment.py``; here it is
applied to other generators: mutated example articles, HTML turned into text, and over-long units.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import framing  # noqa: E402
from framing import Document, Marker, SentenceResult, Span  # noqa: E402
from framing import _segment  # noqa: E402
from framing._io import ReadReport, read_documents  # noqa: E402
from framing._text import html_to_text, looks_like_html  # noqa: E402
from framing._segment import segment_text  # noqa: E402

from conftest import EXAMPLES  # noqa: E402
from test_segment import check_invariants  # noqa: E402

EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.txt"))]
EXAMPLE_LINES = [line for text in EXAMPLE_TEXTS for line in text.splitlines()]
NOISE = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)


# ---------------------------------------------------------------------------------------------
# Segmentation
# ---------------------------------------------------------------------------------------------

@st.composite
def mutated_articles(draw: st.DrawFn) -> str:
    """Example articles cut, spliced, with lines repeated or shuffled and junk inserted."""
    text = draw(st.sampled_from(EXAMPLE_TEXTS))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["truncate", "splice", "insert", "repeat", "shuffle", "join"]))
        if op == "truncate" and text:
            text = text[: draw(st.integers(0, len(text)))]
        elif op == "splice":
            other = draw(st.sampled_from(EXAMPLE_TEXTS))
            text = text[: draw(st.integers(0, len(text)))] + other[draw(st.integers(0, len(other))):]
        elif op == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(NOISE) + text[at:]
        elif op == "repeat":
            text += "\n" + draw(st.sampled_from(EXAMPLE_LINES))
        elif op == "shuffle":
            lines = text.splitlines()
            random.Random(draw(st.integers(0, 1000))).shuffle(lines)
            text = "\n".join(lines)
        elif op == "join":
            text = text.replace("\n", draw(st.sampled_from([" ", "", "\r\n", "\u2028"])))
    return text


@settings(max_examples=150, deadline=None)
@given(mutated_articles())
def test_segmentation_of_mutated_articles_invents_nothing(text: str) -> None:
    for boilerplate in (True, False):
        sents, dropped = segment_text(text, "d", "o", boilerplate=boilerplate)
        check_invariants(text, sents, dropped)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    tags = ["p", "div", "span", "b", "a href='x'", "h1", "li", "br", "script", "style", "figcaption"]
    parts = []
    for line in draw(st.lists(st.sampled_from(EXAMPLE_LINES), min_size=1, max_size=6)):
        tag = draw(st.sampled_from(tags))
        name = tag.split()[0]
        parts.append(f"<{tag}>{line.replace('&', '&amp;').replace('<', '&lt;')}</{name}>")
    return "<html><body>" + "".join(parts) + "</body></html>"


@settings(max_examples=80, deadline=None)
@given(html_pages())
def test_html_becomes_text_without_tags_and_segments_cleanly(page: str) -> None:
    assert looks_like_html(page)
    text = html_to_text(page)
    assert not re.search(r"</?(?:p|div|span|b|a|h1|li|br|script|style|figcaption|html|body)\b", text)
    for word in re.findall(r"\w+", text):  # nothing invented: every word of the text is in the page
        assert word in page
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)


@settings(max_examples=100, deadline=None)
@given(mutated_articles(), st.integers(20, 300))
def test_no_kept_sentence_is_longer_than_the_cap_and_long_ones_are_reported(text: str, cap: int) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_segment, "SENTENCE_MAX_CHARS", cap)
        sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)
    assert all(len(s.text) <= cap for s in sents)
    assert all(len(d.text) > cap for d in dropped if d.reason == "too_long")


# ---------------------------------------------------------------------------------------------
# Profiles do not depend on input order
# ---------------------------------------------------------------------------------------------

MARKERS = ["hedging", "attribution"]


@st.composite
def scored_results(draw: st.DrawFn) -> list[SentenceResult]:
    results = []
    n_docs = draw(st.integers(1, 8))
    for d in range(n_docs):
        outlet = draw(st.sampled_from(["alpha", "beta", "gamma"]))
        for i in range(draw(st.integers(1, 5))):
            scores = {m: draw(st.floats(0, 1)) for m in MARKERS}
            results.append(SentenceResult(
                doc_id=f"d{d}", outlet=outlet, index=i, text=f"sentence {d}.{i}",
                scores=scores, decisions={m: s >= 0.5 for m, s in scores.items()},
                evidence={m: [Span(0, 8, "cue", "sentence")] if s >= 0.5 else [] for m, s in scores.items()},
            ))
    return results


@settings(max_examples=60, deadline=None)
@given(scored_results(), st.randoms(use_true_random=False), st.integers(0, 3))
def test_profiles_do_not_depend_on_input_order(results: list[SentenceResult], rnd: random.Random, seed: int) -> None:
    shuffled = results[:]
    rnd.shuffle(shuffled)
    a = framing.profile_outlets(results, seed=seed)
    b = framing.profile_outlets(shuffled, seed=seed)
    assert a == b
    assert [p.outlet for p in a] == sorted({r.outlet for r in results})
    for p in a:
        for m in MARKERS:
            rows = [r for r in results if r.outlet == p.outlet]
            assert p.markers[m].count == sum(r.decisions[m] for r in rows)
            assert p.markers[m].rate.low <= p.markers[m].rate.value + 1e-12 <= p.markers[m].rate.high + 2e-12


# ---------------------------------------------------------------------------------------------
# Scores are deterministic run to run
# ---------------------------------------------------------------------------------------------

WORDS = ("the mayor said bridge may reopen officials reportedly allegedly slammed reckless chaos water spill "
         "council plan police according to report seems likely").split()
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
articles = st.lists(sentences, min_size=1, max_size=4).map(" ".join)


@pytest.fixture(scope="module")
def two_scorers(tiny_model: Path):
    return framing.Scorer(tiny_model, batch_size=4), framing.Scorer(tiny_model, batch_size=4)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(articles, min_size=1, max_size=5))
def test_scores_are_deterministic_run_to_run(two_scorers, texts: list[str]) -> None:
    first, second = two_scorers
    docs = [Document(f"d{i}", "o", t) for i, t in enumerate(texts)]
    a = first.score(docs).to_rows()
    assert a == first.score(docs).to_rows()  # same scorer, again
    assert a == second.score(docs).to_rows()  # a scorer loaded separately
    for r in a:  # every sentence is a slice of its document
        assert texts[int(r["id"][1:])][r["start"]: r["end"]] == r["sentence"]
    one_by_one = [row for d in docs for row in first.score([d]).to_rows()]
    assert [r["sentence"] for r in one_by_one] == [r["sentence"] for r in a]
    np.testing.assert_allclose([r["hedging_score"] for r in one_by_one], [r["hedging_score"] for r in a], atol=2e-6)


# ---------------------------------------------------------------------------------------------
# Markers files round-trip
# ---------------------------------------------------------------------------------------------

names = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,20}", fullmatch=True).filter(
    lambda n: n not in {"id", "outlet", "sentence_index", "sentence", "start", "end", "path"}
    and not n.endswith(("_score", "_evidence")))
texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)
templates = texts.map(str.strip).filter(bool)
unit = st.floats(0, 1, allow_nan=False)
finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
calibrations = st.one_of(
    st.none(),
    st.builds(lambda a, b: {"method": "platt", "a": a, "b": b}, finite, finite),
    st.lists(st.tuples(unit, unit), min_size=1, max_size=6).map(
        lambda pts: {"method": "isotonic", "x": sorted(p[0] for p in pts), "y": [p[1] for p in pts]}),
)


@st.composite
def markers(draw: st.DrawFn) -> Marker:
    return Marker(
        name=draw(names), description=draw(texts), templates=tuple(draw(st.lists(templates, min_size=1, max_size=4))),
        threshold=draw(unit), aggregate=draw(st.sampled_from(["mean", "max"])), cues=tuple(draw(st.lists(texts, max_size=5))),
        calibration=draw(calibrations), lexicon_weight=draw(unit),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(markers(), min_size=1, max_size=4, unique_by=lambda m: m.name))
def test_a_markers_file_round_trips(tmp_path: Path, generated: list[Marker]) -> None:
    original = {m.name: m for m in generated}
    path = framing.save_markers(original, tmp_path / "m.toml")
    again = framing.load_markers(path, include_builtin=False)
    assert again == original
    assert list(again) == list(original)
    for name, m in again.items():  # and the loaded markers behave the same
        assert m.find_cues("the mayor said the plan may fail") == original[name].find_cues("the mayor said the plan may fail")


# ---------------------------------------------------------------------------------------------
# JSONL input round-trips, whatever the text
# ---------------------------------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(any_text, any_text, st.one_of(st.none(), st.integers(0, 5), any_text)), min_size=1, max_size=8))
def test_jsonl_input_keeps_every_text_and_gives_unique_ids(tmp_path: Path, rows: list[tuple]) -> None:
    assume(not any(looks_like_html(t) for t, _, _ in rows))
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t, "outlet": o, "id": i}, ensure_ascii=bool(k % 2)) + "\n"
                            for k, (t, o, i) in enumerate(rows)), encoding="utf-8")
    report = ReadReport()
    docs = read_documents(path, report=report)
    assert [d.text for d in docs] == [t for t, _, _ in rows]
    assert [d.outlet for d in docs] == [o if o.strip() else "unknown" for _, o, _ in rows]
    assert len({d.id for d in docs}) == len(docs)
    given_ids = [str(i) if i is not None else str(n) for n, (_, _, i) in enumerate(rows)]
    assert all(d.id == g or d.id.startswith(g + "~") for d, g in zip(docs, given_ids))
    renamed = sum(d.id != g for d, g in zip(docs, given_ids))
    assert len(report.notes.get("duplicate_id", [])) == renamed
    assert renamed >= len(given_ids) - len(set(given_ids))
