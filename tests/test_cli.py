from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from framing.cli import app

from conftest import assert_user_error, interrupt_scoring

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_score_folder_writes_rows_in_the_format_of_the_extension(tiny_model, small_corpus, tmp_path, suffix):
    out = tmp_path / f"scores.{suffix}"
    res = run("score", small_corpus, "-o", out, "--model", tiny_model, "--quiet")
    assert res.exit_code == 0, res.output
    frame = pd.read_json(out, lines=True) if suffix == "jsonl" else pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
    assert set(frame["outlet"]) == {"alpha", "beta"}
    assert {"hedging_score", "attribution", "loaded_language_evidence", "sentence", "path"} <= set(frame.columns)
    assert not frame["sentence"].str.contains("Share this article").any()
    assert not (out.parent / f"scores.{suffix}.parts").exists()


def test_score_table_input_keeps_ids_and_extra_columns(tiny_model, tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"body": ["The mayor said the bridge may reopen.", "Rain fell."], "paper": ["x", "y"],
                  "id": ["d1", "d2"], "section": ["local", "weather"]}).to_csv(src, index=False)
    out = tmp_path / "out.jsonl"
    res = run("score", src, "-o", out, "--model", tiny_model, "--text-column", "body", "--outlet-column", "paper")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["outlet"], r["section"]) for r in rows] == [("d1", "x", "local"), ("d2", "y", "weather")]
    assert "scored 2 sentences from 2 documents" in res.output


def test_profile_from_scores_and_from_raw_input_agree(tiny_model, small_corpus, tmp_path):
    scores = tmp_path / "s.parquet"
    assert run("score", small_corpus, "-o", scores, "--model", tiny_model, "-q").exit_code == 0
    res = run("profile", scores, "-o", tmp_path / "p1.json")
    assert res.exit_code == 0, res.output
    assert "alpha" in res.output and "beta" in res.output and "loaded_language" in res.output
    res2 = run("profile", small_corpus, "--model", tiny_model, "-o", tmp_path / "p2.json", "-q")
    assert res2.exit_code == 0, res2.output
    p1 = json.loads((tmp_path / "p1.json").read_text())["profiles"]
    p2 = json.loads((tmp_path / "p2.json").read_text())["profiles"]
    assert [p["markers"]["hedging"]["rate"] for p in p1] == [p["markers"]["hedging"]["rate"] for p in p2]
    res3 = run("profile", scores, "-o", tmp_path / "tidy.csv", "-q")
    tidy = pd.read_csv(tmp_path / "tidy.csv")
    assert res3.exit_code == 0 and (tidy["table"] == "rates").sum() == 6  # 2 outlets x 3 markers, body sentences
    # a1's "Bridge reopens after repairs" heads its byline: alpha's headline table, and not in alpha's rates
    assert set(tidy.loc[tidy["table"] == "headlines", "outlet"]) == {"alpha"}
    rows = pd.read_parquet(scores)
    alpha = rows[rows["outlet"] == "alpha"]
    head = json.loads((tmp_path / "p1.json").read_text())["headlines"]
    assert list(alpha.loc[alpha["role"] == "headline", "sentence"]) == ["Bridge reopens after repairs"]
    assert head[0]["n_sentences"] == 1 and p1[0]["n_sentences"] == (alpha["role"] == "body").sum()


def test_an_interrupted_run_leaves_no_output_and_resumes_to_the_same_result(tiny_model, small_corpus, tmp_path):
    import framing
    from framing._batch import score_file

    clean = tmp_path / "clean.jsonl"
    score_file(small_corpus, clean, framing.Scorer(tiny_model), shard_size=1)

    scorer = framing.Scorer(tiny_model)
    out = tmp_path / "s.jsonl"
    interrupt_scoring(scorer, small_corpus, out)
    parts = out.with_name(out.name + ".parts")
    assert not out.exists() and len(list(parts.glob("shard-*.jsonl"))) == 2
    calls: list[str] = []
    original = scorer.score
    scorer.score = lambda docs, **kw: (calls.append(docs[0].id), original(docs, **kw))[1]
    summary = score_file(small_corpus, out, scorer, shard_size=1)
    assert summary.shards_reused == 2 and len(calls) == 2
    assert out.read_text() == clean.read_text() and not parts.exists()


def _attributed(outlet: str, doc: str, i: int, text: str, attributed: bool = True):
    import framing
    from framing._evidence import marker_evidence

    markers = framing.builtin_markers()
    decisions = {"hedging": False, "attribution": attributed, "loaded_language": False}
    return framing.SentenceResult(doc, outlet, i, text, {m: 0.9 if d else 0.1 for m, d in decisions.items()},
                                  decisions, {m: marker_evidence(m, markers[m], text) for m in decisions})


def test_profile_prints_whom_each_outlet_quotes(tmp_path):
    from framing._results import write_table

    results = [
        _attributed("north", "n1", 0, "The mayor said the bridge may reopen."),
        _attributed("north", "n1", 1, "“It is safe,” the mayor said."),
        _attributed("north", "n2", 0, "Sources close to the council claimed the repairs were late."),
        _attributed("south", "s1", 0, "Engineers said the bridge was sound."),
        _attributed("south", "s1", 1, "Residents insisted the water was brown."),
        _attributed("south", "s2", 0, "The bridge reopened on Monday.", attributed=False),
    ]
    scores = write_table([r.to_row() for r in results], tmp_path / "scores.jsonl")
    res = run("profile", scores)
    assert res.exit_code == 0, res.output
    assert "Whom each outlet quotes" in res.output
    table = res.output.split("Whom each outlet quotes", 1)[1].splitlines()
    north = next(line for line in table if "│ north" in line)
    assert "mayor (2), sources close to the council (1)" in north
    assert "0.33 [" in north and north.count("0.33 [") == 2        # 1 of 3 sources anonymous, 1 of 3 cues evaluative
    south = next(line for line in table if "│ south" in line)
    assert "engineers (1), residents (1)" in south and "0.00 [" in south and "0.50 [" in south
    quiet = run("profile", scores, "--marker", "hedging")        # no attribution marker: no such table
    assert quiet.exit_code == 0 and "Whom each outlet quotes" not in quiet.output


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["score", "missing-folder", "-o", "x.jsonl"], "input not found"),
        (["score", "{corpus}", "-o", "x.txt"], "unknown output format"),
        (["score", "{corpus}", "-o", "x.jsonl", "--marker", "sarcasm"], "unknown marker 'sarcasm'"),
        (["score", "{corpus}", "-o", "x.jsonl", "--markers", "nope.toml"], "markers file not found"),
        (["score", "{corpus}", "-o", "x.jsonl", "--model", "no/such/dir"], "model folder not found"),
        (["profile", "{bad_jsonl}"], "line 2 is not a JSON object"),
        (["score", "{no_text_col}", "-o", "x.jsonl"], "no text column 'text'; columns are ['body', 'outlet']"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(tiny_model, small_corpus, tmp_path, monkeypatch, args, fragment):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.jsonl").write_text('{"text": "fine.", "outlet": "a"}\n{not json\n')
    pd.DataFrame({"body": ["x"], "outlet": ["a"]}).to_csv(tmp_path / "nocol.csv", index=False)
    filled = [a.format(corpus=small_corpus, bad_jsonl=tmp_path / "bad.jsonl", no_text_col=tmp_path / "nocol.csv") for a in args]
    if "--model" not in filled:
        filled += ["--model", str(tiny_model)]
    assert_user_error(run(*filled), fragment)


def test_markers_and_info_commands(tiny_model):
    res = run("markers")
    assert res.exit_code == 0 and "hedging" in res.output and "loaded_language" in res.output
    res = run("info", "--model", tiny_model)
    assert res.exit_code == 0 and "card: none" in res.output and "entailment = 0" in res.output
