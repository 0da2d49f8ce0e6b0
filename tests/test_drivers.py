"""Driver spans: the words whose deletion lowers a positive decision's score (framing/_drivers.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import framing
from framing._drivers import DRIVER_LABEL, delete_span, delete_spans, find_drivers, log_odds
from framing._nli import PairClassifier
from framing._report import highlight

WEIGHTS = {"slammed": 3.0, "brazenly": 2.5, "traitors": 2.0, "may": 2.0, "possibly": 2.0, "the": 0.1}


class WordNLI(PairClassifier):
    """A fake NLI backend: P(entailment) = sigmoid(sum of the premise's word weights - 1.5), whatever the template."""

    name = "word-nli"
    backend = "torch"

    def __init__(self) -> None:
        self.calls = 0

    def score_pairs(self, premises, hypotheses, progress=None):  # type: ignore[override]
        assert len(premises) == len(hypotheses)
        self.calls += 1
        z = np.array([sum(WEIGHTS.get(w, 0.0) for w in re.findall(r"\w+", p.lower())) - 1.5 for p in premises])
        return (1 / (1 + np.exp(-z))).astype(np.float32)


def _scorer(**kwargs):
    marker = framing.Marker("loaded", "Loaded wording.", ("Someone is insulted.",), threshold=0.5)
    return framing.Scorer(WordNLI(), [marker], **kwargs)


SENTENCES = ["The regime brazenly slammed the critics on Monday.", "The council met on Monday.",
             "The mayor may possibly resign, aides said."]


def test_positive_decisions_get_driver_spans_inside_the_sentence_and_deleting_them_lowers_the_score():
    scorer = _scorer()
    corpus = scorer.score(SENTENCES, segment_text=False)
    for r in corpus:
        drivers = [s for s in r.evidence["loaded"] if s.label == DRIVER_LABEL]
        if not r.decisions["loaded"]:
            assert drivers == []
            continue
        assert drivers, r.text
        for s in drivers:
            assert 0 <= s.start < s.end <= len(r.text) and r.text[s.start:s.end] == s.text
            assert s.weight is not None and s.weight > 0
        without = delete_spans(r.text, [(s.start, s.end) for s in drivers])
        assert scorer.score_texts([without])["loaded"][0] < r.scores["loaded"]
    first = " ".join(s.text for s in corpus[0].evidence["loaded"] if s.label == DRIVER_LABEL)
    assert "slammed" in first and "brazenly" in first and "Monday" not in first and "regime" not in first


def test_redundant_words_are_found_as_a_phrase():
    # "may" or "possibly" alone keeps the score over 0.5; deleting both drops it: the window finds them together
    marker = framing.Marker("hedge", "Hedged.", ("Something may be true.",), threshold=0.5)
    scorer = framing.Scorer(WordNLI(), [marker], drivers=framing.DriverConfig(top_k=1))
    r = scorer.score(["The mayor may possibly resign."], segment_text=False)[0]
    assert [s.text for s in r.evidence["hedge"] if s.label == DRIVER_LABEL] == ["may possibly"]


def test_all_variants_go_to_the_model_in_one_call_per_stage():
    scorer = _scorer()
    scorer.score(SENTENCES * 5, segment_text=False)
    assert scorer.nli.calls == 3  # the sentences, single words, windows


def test_drivers_can_be_turned_off_and_cue_spans_stay_as_they_are():
    marker = framing.Marker("loaded", "Loaded.", ("Someone is insulted.",), cues=("slammed",))
    on = framing.Scorer(WordNLI(), [marker]).score(SENTENCES[:1], segment_text=False)[0]
    off = framing.Scorer(WordNLI(), [marker], drivers=False).score(SENTENCES[:1], segment_text=False)[0]
    assert [s for s in on.evidence["loaded"] if s.label != DRIVER_LABEL] == off.evidence["loaded"]
    assert [s.label for s in off.evidence["loaded"]] == ["cue"]
    assert on.scores == off.scores


def test_explain_gives_drivers_whatever_the_decision():
    scorer = _scorer()
    (out,) = scorer.explain(["The regime slammed critics."])
    assert [s.text for s in out["loaded"]] == ["slammed"]


def test_find_drivers_measures_drops_in_log_odds():
    texts = ["a b c"]
    base = {"m": np.array([0.9])}

    def score(requests):
        return {m: np.array([0.5 if "b" not in t else 0.895 for t in ts]) for m, ts in requests.items()}

    spans = find_drivers(texts, {"m": [0]}, base, score)["m"][0]
    assert [s.text for s in spans] == ["b"]
    assert spans[0].weight == pytest.approx(float(log_odds(0.9) - log_odds(0.5)), abs=1e-4)


def test_delete_span_keeps_the_sentence_readable():
    assert delete_span("The regime slammed critics.", 11, 18) == "The regime critics."
    assert delete_span("It was, reportedly, fine.", 8, 18) == "It was,, fine."
    assert delete_span("Slammed critics.", 0, 7) == "critics."


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_rows_round_trip_with_driver_spans(tmp_path, suffix):
    from framing._results import read_table, write_table

    corpus = _scorer().score(SENTENCES, segment_text=False)
    assert any(s.label == DRIVER_LABEL for r in corpus for s in r.evidence["loaded"])
    path = write_table(corpus.to_rows(), tmp_path / f"rows{suffix}")
    back = [framing.SentenceResult.from_row(row) for row in read_table(path)]
    assert [b.evidence for b in back] == [r.evidence for r in corpus]


def test_report_highlights_drivers_in_their_own_style():
    text = "The regime slammed critics."
    html = highlight(text, [framing.Span(4, 10, "cue", "regime"), framing.Span(11, 18, DRIVER_LABEL, "slammed", 2.5)])
    assert '<mark title="cue">regime</mark>' in html
    assert '<mark class="driver" title="driver (log-odds drop 2.50)">slammed</mark>' in html
    both = highlight(text, [framing.Span(11, 18, "cue", "slammed"), framing.Span(11, 18, DRIVER_LABEL, "slammed")])
    assert 'class="driver cue"' in both


def test_bad_driver_settings_are_input_errors():
    with pytest.raises(framing.InputError, match="top_k"):
        framing.DriverConfig(top_k=0)


def test_score_cli_adds_drivers_by_default_and_no_drivers_skips_them(tiny_model, tmp_path):
    import json

    from typer.testing import CliRunner

    from framing.cli import app

    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"id": f"d{i}", "outlet": "north", "text": t}) + "\n"
                            for i, t in enumerate(SENTENCES)))
    # every decision positive (threshold 0), so each sentence and marker is explained when drivers are on
    markers = tmp_path / "m.toml"
    markers.write_text('[loaded]\ndescription = "Loaded."\ntemplates = ["Someone is insulted."]\nthreshold = 0.0\n')
    rows = {}
    for flag in ("--drivers", "--no-drivers"):
        out = tmp_path / f"{flag.strip('-')}.jsonl"
        res = CliRunner().invoke(app, ["score", str(data), "-o", str(out), "--model", str(tiny_model),
                                       "--markers", str(markers), "--marker", "loaded", "-q", flag])
        assert res.exit_code == 0, res.output
        rows[flag] = [json.loads(line) for line in out.read_text().splitlines()]
        meta = json.loads(out.with_name(out.name + ".meta.json").read_text())
        assert (meta["drivers"] is None) == (flag == "--no-drivers")
    assert [r["loaded"] for r in rows["--drivers"]] == [r["loaded"] for r in rows["--no-drivers"]]
    assert not any(s["label"] == DRIVER_LABEL for r in rows["--no-drivers"] for s in r["loaded_evidence"])


def test_score_file_writes_driver_spans_of_positive_decisions(tmp_path):
    import json

    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"id": f"d{i}", "outlet": "north", "text": t}) + "\n"
                            for i, t in enumerate(SENTENCES)))
    written = {}
    for drivers in (True, False):
        scorer = _scorer(drivers=drivers)
        scorer.nli.path, scorer.nli.score_mode = None, "entailment"  # what score_file records of a model
        out = tmp_path / f"{drivers}.jsonl"
        framing.score_file(data, out, scorer, segment_text=False)
        written[drivers] = framing.load_scores(out).results
    on = {r.text: [s.text for s in r.evidence["loaded"] if s.label == DRIVER_LABEL] for r in written[True]}
    assert on == {SENTENCES[0]: ["brazenly slammed"], SENTENCES[1]: [], SENTENCES[2]: ["may possibly"]}
    assert not any(s.label == DRIVER_LABEL for r in written[False] for s in r.evidence["loaded"])
