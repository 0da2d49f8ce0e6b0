from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

import framing
from framing._adapt import minimal_pairs, sentences_to_pairs
from framing.cli import app

from conftest import build_tiny_model

ROWS = [
    {"id": "t1", "text": "The regime slammed its critics.", "hedging": 0, "attribution": 0, "loaded_language": 1, "split": "train"},
    {"id": "t2", "text": "Officials said the road will reopen.", "hedging": 0, "attribution": 1, "loaded_language": 0, "split": "train"},
    {"id": "t3", "text": "The bridge may reopen soon.", "hedging": 1, "attribution": 0, "loaded_language": 0, "split": "train"},
    {"id": "t4", "text": "The council met on Monday.", "hedging": 0, "attribution": 0, "loaded_language": 0, "split": "test"},
]


def test_each_labelled_sentence_becomes_one_pair_per_template():
    markers = framing.builtin_markers()
    frame = pd.DataFrame(ROWS[:3])
    pairs = sentences_to_pairs(frame, markers)
    n_templates = sum(len(m.templates) for m in markers.values())
    assert len(pairs) == 3 * n_templates
    hedge = pairs[(pairs.premise == ROWS[2]["text"]) & pairs.source.str.endswith(":hedging")]
    assert set(hedge.label) == {0} and set(hedge.hypothesis) == set(markers["hedging"].templates)
    loaded_neg = pairs[(pairs.premise == ROWS[1]["text"]) & pairs.source.str.endswith(":loaded_language")]
    assert set(loaded_neg.label) == {2}
    assert set(sentences_to_pairs(frame, markers, "neutral").label) == {0, 1}


def test_minimal_pairs_swap_loaded_words_and_insert_hedges(monkeypatch):
    import framing._adapt as adapt_module

    lexicons = ({"slammed": "criticised", "regime": "government"}, {"said": "reportedly said", "will": "may"})
    monkeypatch.setattr(adapt_module, "load_minimal_pair_lexicons", lambda: lexicons)
    edits = minimal_pairs(pd.DataFrame(ROWS[:3]), ["hedging", "loaded_language"])
    got = sorted(zip(edits.text, edits.hedging, edits.loaded_language))
    # t1 has two loaded words: one swap leaves a loaded cue, so no neutral pair is made from it
    assert got == [("Officials reportedly said the road will reopen.", 1, 0)]
    single = pd.DataFrame([{**ROWS[0], "text": "Critics slammed the budget."}])
    assert minimal_pairs(single, ["loaded_language"]).text.tolist() == ["Critics criticised the budget."]


def test_shipped_minimal_pair_lexicons_are_valid():
    from framing._adapt import load_minimal_pair_lexicons

    loaded, hedges = load_minimal_pair_lexicons()
    assert all(isinstance(k, str) and isinstance(v, str) and k.lower() != v.lower() for k, v in {**loaded, **hedges}.items())


def test_adapt_writes_a_model_folder_that_score_and_info_use(tiny_model, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))   # checkpoints here, not in ~/.cache
    labelled = tmp_path / "l.jsonl"
    labelled.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    out = tmp_path / "adapted"
    res = CliRunner().invoke(app, ["adapt", str(labelled), "-o", str(out), "--base-model", str(tiny_model),
                                   "--epochs", "1", "--batch-size", "4", "-q"])
    assert res.exit_code == 0, res.output
    card = json.loads((out / "card.json").read_text())
    assert card["adapted"]["sentences"] == 3 and card["adapted"]["markers"] == ["hedging", "attribution", "loaded_language"]
    info = CliRunner().invoke(app, ["info", "--model", str(out)])
    assert "adapted on markers: hedging, attribution, loaded_language (3 labelled sentences)" in info.output
    corpus = framing.Scorer(out).score(["The regime slammed critics."])
    assert set(corpus[0].scores) == {"hedging", "attribution", "loaded_language"}
    # the same sentences on another base model start afresh: a resume key of the data alone resumed the
    # first run's checkpoint (and failed outright when the vocabularies differed)
    other = build_tiny_model(tmp_path / "other-base", seed=1)
    res = CliRunner().invoke(app, ["adapt", str(labelled), "-o", str(tmp_path / "adapted2"), "--base-model", str(other),
                                   "--epochs", "1", "--batch-size", "4", "-q"])
    assert res.exit_code == 0, res.output
    assert "resuming" not in res.output and len(list((tmp_path / "cache" / "adapt").iterdir())) == 2


def test_minimal_pairs_remove_a_lone_hedge_and_quote_or_unquote_a_statement():
    markers = framing.builtin_markers()
    rows = pd.DataFrame([  # the first row is one of every four plain rows that get a quoted twin
        {"text": "The ferry service resumed on Tuesday after a three-week strike.", "hedging": 0, "attribution": 0, "loaded_language": 0},
        {"text": "The minister reportedly met the envoy on Monday.", "hedging": 1, "attribution": 0, "loaded_language": 0},
        # two hedges: deleting one would leave the claim hedged, so no unhedged twin is made
        {"text": "The minister reportedly may resign.", "hedging": 1, "attribution": 0, "loaded_language": 0},
        {"text": "“The levy will ruin the high street,” the mayor said.", "hedging": 0, "attribution": 1, "loaded_language": 1},
    ])
    edits = minimal_pairs(rows, ["hedging", "attribution", "loaded_language"],
                          hedge=markers["hedging"], attribution=markers["attribution"])
    got = {(r["text"], r["hedging"], r["attribution"], r["loaded_language"]) for r in edits.to_dict("records")}
    assert ("The minister met the envoy on Monday.", 0, 0, 0) in got
    assert not any(t.startswith("The minister may") or t == "The minister reportedly resign." for t, *_ in got)
    # unquoted: nobody is credited any more, the loaded wording stays loaded
    assert ("The levy will ruin the high street.", 0, 0, 1) in got
    # quoted: the same plain statement in a source's mouth is attribution 1 and nothing else changes
    quoted = [r for r in got if r[0].startswith("“The ferry service resumed")]
    assert quoted and quoted[0][1:] == (0, 1, 0) and quoted[0][0].endswith("said.")
    # a row from a one-marker public set (no attribution label) gets no hedge removal
    public = pd.DataFrame([{"text": "The minister reportedly met the envoy.", "hedging": 1, "loaded_language": None}])
    assert minimal_pairs(public, ["hedging", "attribution", "loaded_language"], hedge=markers["hedging"]).empty
