from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing import Document


def test_score_list_of_strings_gives_typed_results_with_evidence(tiny_scorer):
    corpus = tiny_scorer.score(["Officials said the bridge may reopen. The regime slammed critics."])
    assert len(corpus) == 2
    first = corpus[0]
    assert (first.doc_id, first.outlet, first.index) == ("0", "unknown", 0)
    assert set(first.scores) == {"hedging", "attribution", "loaded_language"}
    for m, score in first.scores.items():
        assert 0.0 <= score <= 1.0
        assert first.decisions[m] == (score >= tiny_scorer.markers[m].threshold)
    assert [s.text for s in first.evidence["attribution"] if s.label.startswith("cue")] == ["said"]
    # cue and attribution spans as before; driver spans (positive decisions of the random model) come on top
    assert [(s.label, s.text) for s in first.evidence["attribution"] if s.label != "driver"] == [
        ("source:unspecified", "Officials"), ("cue:neutral", "said"), ("content", "the bridge may reopen")]
    assert [s.text for s in first.evidence["hedging"] if s.label != "driver"] == ["may"]
    second = corpus[1]
    assert {s.text for s in second.evidence["loaded_language"] if s.label != "driver"} == {"regime", "slammed"}
    for r in corpus:
        for m, spans in r.evidence.items():
            assert r.decisions[m] or not any(s.label == "driver" for s in spans)
    for r in corpus:
        for spans in r.evidence.values():
            for s in spans:
                assert r.text[s.start : s.end] == s.text


def test_dataframe_dataset_documents_and_dicts_give_the_same_scores(tiny_scorer):
    texts = ["The council may approve the plan.", "The minister said the water is safe."]
    frame = pd.DataFrame({"text": texts, "outlet": ["a", "b"], "id": ["x", "y"], "section": ["local", "health"]})
    from_frame = tiny_scorer.score(frame)
    assert [r.outlet for r in from_frame] == ["a", "b"] and [r.doc_id for r in from_frame] == ["x", "y"]
    assert from_frame[0].meta == {"section": "local"}
    datasets = pytest.importorskip("datasets")
    from_ds = tiny_scorer.score(datasets.Dataset.from_pandas(frame))
    from_docs = tiny_scorer.score([Document("x", "a", texts[0]), Document("y", "b", texts[1])])
    from_dicts = tiny_scorer.score(frame.to_dict("records"))
    for other in (from_ds, from_docs, from_dicts):
        assert [r.scores for r in other] == [r.scores for r in from_frame]


def test_templates_are_aggregated_and_thresholds_decide(tiny_model):
    marker = framing.Marker("m", "test", ("it is wet .", "the sun is dry ."), threshold=0.0, aggregate="max")
    scorer = framing.Scorer(tiny_model, [marker])
    texts = ["rain", "the cat sat on the mat ."]
    per_template = scorer.nli.score_pairs(texts * 2, ["it is wet ."] * 2 + ["the sun is dry ."] * 2).reshape(2, 2).T
    scores = scorer.score_texts(texts)["m"]
    np.testing.assert_allclose(scores, per_template.max(axis=1), atol=1e-6)
    assert all(r.decisions["m"] for r in scorer.score(texts, segment_text=False))


def test_lexicon_weight_blends_cues_into_the_score(tiny_model):
    base = framing.Marker("loaded", "x", ("biased .",), cues=("regime",))
    blended = framing.Marker("loaded", "x", ("biased .",), cues=("regime",), lexicon_weight=0.5)
    texts = ["the regime acted .", "the council acted ."]
    raw = framing.Scorer(tiny_model, [base]).score_texts(texts)["loaded"]
    mixed = framing.Scorer(tiny_model, [blended]).score_texts(texts)["loaded"]
    np.testing.assert_allclose(mixed, 0.5 * raw + 0.5 * np.array([1.0, 0.0]), atol=1e-6)


def test_results_round_trip_through_rows(tiny_scorer):
    corpus = tiny_scorer.score(["Police reportedly said the spill was a scandal."])
    rows = corpus.to_rows()
    assert rows[0]["hedging_score"] == pytest.approx(corpus[0].scores["hedging"], abs=1e-6)
    back = framing.SentenceResult.from_row(rows[0])
    assert back.evidence == corpus[0].evidence and back.decisions == corpus[0].decisions
    assert list(corpus.to_pandas().columns)[:4] == ["id", "outlet", "sentence_index", "sentence"]
