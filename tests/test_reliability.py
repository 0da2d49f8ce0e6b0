"""Reliability: bad input, interruptions and model faults give clear one-line errors and lose nothing.

Every CLI error here must be one line on the terminal, exit code 2, and no traceback; the API raises a
:class:`framing.FramingError` subclass. Interruptions are tested by killing a real ``framing score``
subprocess; model faults are checked through the CLI before any output is written.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import framing
from framing import InputError, ModelError
from framing.cli import app

from conftest import REPO, assert_user_error, build_tiny_model, interrupt_scoring, lines

runner = CliRunner()
ARTICLE = "The mayor said the bridge may reopen on Monday. Officials reportedly disagree with the plan.\n"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def scored_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------------------------------------
# Bad input: one line, exit 2, through `score`, `profile` and the API
# ---------------------------------------------------------------------------------------------

def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    (tmp / "empty.jsonl").write_text("")
    (tmp / "empty.csv").write_text("")
    (tmp / "empty.txt").write_text("")
    (tmp / "blank.jsonl").write_text("\n  \n\n")
    (tmp / "empty-folder").mkdir()
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp / "binary.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (tmp / "binary.parquet").write_bytes(bytes(range(256)) * 20)
    (tmp / "utf16-nobom.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    write_jsonl(tmp / "malformed.jsonl", [{"text": ARTICLE, "outlet": "a"}, "{not json", {"text": ARTICLE, "outlet": "b"}])
    write_jsonl(tmp / "misnamed.jsonl", [{"Text": ARTICLE, "outlet": "a"}])
    pd.DataFrame({"body": [ARTICLE], "paper": ["a"]}).to_csv(tmp / "misnamed.csv", index=False)
    pd.DataFrame({"text": [ARTICLE], "paper": ["a"]}).to_parquet(tmp / "no-outlet.parquet")
    write_jsonl(tmp / "null-text.jsonl", [{"text": ARTICLE, "outlet": "a"}, {"text": None, "outlet": "a"}])
    pd.DataFrame({"text": [ARTICLE, None], "outlet": ["a", "b"]}).to_csv(tmp / "nan-text.csv", index=False)
    (tmp / "bad.csv").write_text('text,outlet\n"never closed,a\n')
    (tmp / "table.xlsx").write_bytes(b"PK\x03\x04")
    write_jsonl(tmp / "only-boilerplate.jsonl", [{"text": "Share this article\n\nAdvertisement", "outlet": "a"}])
    return {
        "missing path": (tmp / "nope.jsonl", "input not found"),
        "empty jsonl": (tmp / "empty.jsonl", "is empty"),
        "empty csv": (tmp / "empty.csv", "is empty"),
        "empty txt": (tmp / "empty.txt", "is empty"),
        "blank jsonl": (tmp / "blank.jsonl", "no JSON lines"),
        "empty folder": (tmp / "empty-folder", "no .txt files found"),
        "binary txt": (tmp / "binary.txt", "looks like a binary file"),
        "binary jsonl": (tmp / "binary.jsonl", "looks like a binary file"),
        "binary parquet": (tmp / "binary.parquet", "not a readable Parquet file"),
        "utf-16 without BOM": (tmp / "utf16-nobom.txt", "UTF-16 text needs a byte-order mark"),
        "malformed jsonl": (tmp / "malformed.jsonl", "line 2 is not a JSON object"),
        "misnamed column": (tmp / "misnamed.jsonl", "no text column 'text' (did you mean 'Text'?); columns are ['Text', 'outlet']"),
        "misnamed csv columns": (tmp / "misnamed.csv", "columns are ['body', 'paper']. Pass --text-column NAME"),
        "no outlet column": (tmp / "no-outlet.parquet", "no outlet column 'outlet'; columns are ['text', 'paper']"),
        "null text": (tmp / "null-text.jsonl", "null-text.jsonl:2: no text in column 'text' (no value)"),
        "nan text": (tmp / "nan-text.csv", "nan-text.csv, row 2: no text in column 'text'"),
        "unclosed csv quote": (tmp / "bad.csv", "not a readable CSV"),
        "unknown format": (tmp / "table.xlsx", "unknown input format '.xlsx'"),
        "only boilerplate": (tmp / "only-boilerplate.jsonl", "no sentences to"),
    }


BAD_CASES = [
    "missing path", "empty jsonl", "empty csv", "empty txt", "blank jsonl", "empty folder", "binary txt", "binary jsonl",
    "binary parquet", "utf-16 without BOM", "malformed jsonl", "misnamed column", "misnamed csv columns",
    "no outlet column", "null text", "nan text", "unclosed csv quote", "unknown format", "only boilerplate",
]


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "bad"
    folder.mkdir()
    return _bad_inputs(folder)


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_through_score_is_one_line_exit_2_and_writes_nothing(tiny_model, bad_inputs, tmp_path, case):
    path, fragment = bad_inputs[case]
    out = tmp_path / "out" / "scores.jsonl"
    res = run("score", path, "-o", out, "--model", tiny_model, "-q")
    assert_user_error(res, fragment)
    assert not out.exists()
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("case", [c for c in BAD_CASES if c != "only boilerplate"])
def test_bad_input_through_profile_is_one_line_exit_2(tiny_model, bad_inputs, case):
    path, fragment = bad_inputs[case]
    assert_user_error(run("profile", path, "--model", tiny_model, "-q"), fragment)


@pytest.mark.parametrize("case", [c for c in BAD_CASES if c != "only boilerplate"])
def test_bad_input_through_the_api_raises_an_input_error(bad_inputs, case):
    path, fragment = bad_inputs[case]
    with pytest.raises(InputError) as err:
        framing.read_documents(path)
    assert fragment in str(err.value) and "\n" not in str(err.value)


def test_only_boilerplate_through_profile_says_there_is_nothing_to_profile(tiny_model, bad_inputs):
    path, _ = bad_inputs["only boilerplate"]
    res = run("profile", path, "--model", tiny_model, "-q")
    assert res.exit_code == 2 and "no sentences to profile" in res.output and "Traceback" not in res.output


def test_cp1252_latin1_and_mixed_encodings_are_decoded_with_a_note(tiny_model, tmp_path):
    corpus = tmp_path / "corpus" / "outlet"
    corpus.mkdir(parents=True)
    (corpus / "cp1252.txt").write_bytes("The caf\u00e9 owner said \u201cno\u201d \u2014 reportedly.".encode("cp1252"))
    (corpus / "latin1.txt").write_bytes("The na\u00efve mayor said the \u00bd plan may fail.".encode("latin-1"))
    # one file, two encodings: a UTF-8 line and a cp1252 line
    (corpus / "mixed.txt").write_bytes("The caf\u00e9 opened.\n".encode() + "The caf\u00e9 closed \u2013 officials said.".encode("cp1252"))
    (corpus / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "The r\u00e9sum\u00e9 may be late.".encode("utf-16-le"))
    (corpus / "bom8.txt").write_bytes(codecs.BOM_UTF8 + "The mayor said so.".encode())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = {d.id: d.text for d in framing.read_documents(tmp_path / "corpus")}
    assert docs["outlet/cp1252"] == "The caf\u00e9 owner said \u201cno\u201d \u2014 reportedly."
    assert docs["outlet/latin1"] == "The na\u00efve mayor said the \u00bd plan may fail."
    assert docs["outlet/mixed"] == "The caf\u00e9 opened.\nThe caf\u00e9 closed \u2013 officials said."
    assert docs["outlet/utf16"] == "The r\u00e9sum\u00e9 may be late."
    assert docs["outlet/bom8"] == "The mayor said so."
    assert any("were not valid UTF-8" in str(w.message) for w in caught)

    out = tmp_path / "s.jsonl"
    res = run("score", tmp_path / "corpus", "-o", out, "--model", tiny_model, "-q")
    assert res.exit_code == 0, res.output
    assert "note: 3 text(s) were not valid UTF-8 and were decoded as cp1252" in res.output
    assert any(r["sentence"] == "The caf\u00e9 closed \u2013 officials said." for r in scored_rows(out))


def test_encodings_in_jsonl_and_csv(tmp_path):
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b'{"text": "caf\xc3\xa9 one.", "outlet": "a"}\n{"text": "caf\xe9 two.", "outlet": "b"}\n')
    assert [d.text for d in framing.read_documents(mixed, report=framing._io.ReadReport())] == ["caf\u00e9 one.", "caf\u00e9 two."]
    utf16 = tmp_path / "u16.jsonl"
    utf16.write_bytes(('{"text": "r\u00e9sum\u00e9.", "outlet": "a"}\n{"text": "two.", "outlet": "b"}\n').encode("utf-16"))
    assert [d.text for d in framing.read_documents(utf16)] == ["r\u00e9sum\u00e9.", "two."]
    csv16 = tmp_path / "u16.csv"
    csv16.write_bytes("text,outlet\nr\u00e9sum\u00e9.,a\n".encode("utf-16"))
    assert [d.text for d in framing.read_documents(csv16)] == ["r\u00e9sum\u00e9."]
    csv_mixed = tmp_path / "mixed.csv"
    csv_mixed.write_bytes(b"text,outlet\ncaf\xc3\xa9 one.,a\ncaf\xe9 two.,b\n")
    report = framing._io.ReadReport()
    assert [d.text for d in framing.read_documents(csv_mixed, report=report)] == ["caf\u00e9 one.", "caf\u00e9 two."]
    assert report.notes["encoding"] == [str(csv_mixed)]


def test_a_5mb_single_line_is_dropped_as_too_long_not_a_crash(tiny_model, tmp_path):
    corpus = tmp_path / "corpus" / "outlet"
    corpus.mkdir(parents=True)
    (corpus / "huge.txt").write_text(ARTICLE + "\n" + "the water report was published " * 170_000 + "\n")
    assert (corpus / "huge.txt").stat().st_size > 5_000_000
    out = tmp_path / "s.jsonl"
    started = time.perf_counter()
    res = run("score", tmp_path / "corpus", "-o", out, "--model", tiny_model, "--dropped", tmp_path / "d.jsonl")
    elapsed = time.perf_counter() - started
    assert res.exit_code == 0, res.output
    assert "too_long 1" in res.output
    assert [r["sentence"] for r in scored_rows(out)] == [s.strip() + ("" if s.endswith(".") else ".")
                                                         for s in ARTICLE.strip().split(". ")]
    dropped = scored_rows(tmp_path / "d.jsonl")
    assert [d["reason"] for d in dropped] == ["too_long"] and len(dropped[0]["text"]) > 5_000_000
    assert elapsed < 240  # linear work only, even on a busy 2-core machine


def test_a_huge_text_scored_as_one_sentence_is_truncated_before_tokenising(tiny_scorer):
    text = "the mayor said the bridge may reopen " * 30_000
    whole = tiny_scorer.score([text], segment_text=False)
    head = tiny_scorer.score([text[: tiny_scorer.nli.max_length * 100]], segment_text=False)
    assert whole[0].scores == head[0].scores


def test_html_pasted_as_text_loses_its_tags_with_a_note(tiny_model, tmp_path):
    html = ("<!DOCTYPE html><html><head><title>Spill</title><style>p {color: red}</style>"
            "<script>var ad = '<p>buy</p>';</script></head><body><nav>Home | World</nav>"
            "<p>The mayor said the bridge <b>may</b> reopen &amp; officials agreed.</p>"
            "<div class='ad'>Advertisement</div><p>Critics called it reckless.<br>Share this article</p></body></html>")
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "h1", "text": html, "outlet": "a"},
                                              {"id": "p1", "text": "Use a < b and b > c in the formula.", "outlet": "a"}])
    out = tmp_path / "s.jsonl"
    res = run("score", src, "-o", out, "--model", tiny_model)
    assert res.exit_code == 0, res.output
    assert "note: 1 text(s) were HTML; their main text, title, date and author were read with trafilatura" in res.output
    rows = scored_rows(out)
    sentences = [r["sentence"] for r in rows if r["id"] == "h1"]
    assert "The mayor said the bridge may reopen & officials agreed." in sentences
    assert "Critics called it reckless." in sentences
    assert not any("<" in s or "color" in s or "var ad" in s or "Share this" in s for s in sentences)
    assert [r["sentence"] for r in rows if r["id"] == "p1"] == ["Use a < b and b > c in the formula."]


def test_malformed_jsonl_skip_reports_how_many_and_where(tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": ARTICLE, "outlet": "x"},
        "{broken",
        "[1, 2]",
        {"id": "b", "text": None, "outlet": "x"},
        {"id": "c", "text": 42, "outlet": "x"},
        {"id": "d", "text": ARTICLE, "outlet": "y"},
    ])
    out = tmp_path / "s.jsonl"
    res = run("score", src, "-o", out, "--model", tiny_model, "--on-error", "skip", "-q")
    assert res.exit_code == 0, res.output
    warning = [line for line in lines(res.output) if line.startswith("warning:")]
    assert len(warning) == 1
    assert f"skipped 4 malformed record(s) at {src}:2, {src}:3, {src}:4 and 1 more" in warning[0]
    assert {r["id"] for r in scored_rows(out)} == {"a", "d"}
    res = run("score", src, "-o", out, "--model", tiny_model, "--on-error", "ignore", "-q")
    assert_user_error(res, "--on-error must be 'fail' or 'skip'")


def test_profile_takes_on_error_and_column_options(tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"body": ARTICLE, "paper": "x"}, "{broken", {"body": ARTICLE, "paper": "y"}])
    res = run("profile", src, "--model", tiny_model, "--text-column", "body", "--outlet-column", "paper",
              "--on-error", "skip", "-q", "-o", tmp_path / "p.json")
    assert res.exit_code == 0, res.output
    assert "skipped 1 malformed record(s)" in res.output
    assert [p["outlet"] for p in json.loads((tmp_path / "p.json").read_text())["profiles"]] == ["x", "y"]


def test_ragged_csv_rows_fail_or_are_skipped_with_their_line(tiny_model, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(f"text,outlet\n{ARTICLE.strip()},a\n{ARTICLE.strip()},b,extra,fields\n{ARTICLE.strip()},c\n")
    res = run("score", src, "-o", tmp_path / "s.jsonl", "--model", tiny_model, "-q")
    assert_user_error(res, "Expected 2 fields in line 3, saw 4")
    res = run("score", src, "-o", tmp_path / "s.jsonl", "--model", tiny_model, "-q", "--on-error", "skip")
    assert res.exit_code == 0, res.output
    assert f"skipped 1 malformed record(s) at {src}:3" in res.output
    assert {r["outlet"] for r in scored_rows(tmp_path / "s.jsonl")} == {"a", "c"}


def test_duplicate_ids_are_made_unique_with_a_note(tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "7", "text": "The mayor said the bridge may reopen.", "outlet": "a"},
        {"id": "7", "text": "Officials reportedly disagree.", "outlet": "a"},
        {"id": "7~2", "text": "Critics slammed the reckless plan.", "outlet": "a"},
    ])
    out = tmp_path / "s.jsonl"
    res = run("score", src, "-o", out, "--model", tiny_model, "-q")
    assert res.exit_code == 0, res.output
    # the user's own "7~2" is kept: the repeated "7" gets a new id that the input does not use (issue 26, 15)
    assert "note: 1 duplicate id(s) were made unique by adding ~2, ~3... (first: '7' -> '7~3')" in res.output
    assert [r["id"] for r in scored_rows(out)] == ["7", "7~3", "7~2"]
    with pytest.warns(UserWarning, match="duplicate id"):
        docs = framing._io.as_documents([{"id": 1, "text": "a."}, {"id": 1, "text": "b."}])
    assert [d.id for d in docs] == ["1", "1~2"]


def test_non_english_text_is_scored_with_a_note(tiny_model, tmp_path):
    corpus = tmp_path / "corpus" / "le-monde"
    corpus.mkdir(parents=True)
    (corpus / "fr.txt").write_text("Le maire a d\u00e9clar\u00e9 que le pont pourrait rouvrir lundi. Selon les "
                                   "responsables, la d\u00e9cision reste incertaine et la population est inqui\u00e8te.")
    (corpus / "zh.txt").write_text("\u5e02\u957f\u8bf4\u6865\u53ef\u80fd\u4f1a\u5728\u5468\u4e00\u91cd\u65b0\u5f00\u653e\u3002" * 5)
    (corpus / "en.txt").write_text(ARTICLE)
    out = tmp_path / "s.jsonl"
    res = run("score", tmp_path / "corpus", "-o", out, "--model", tiny_model, "-q")
    assert res.exit_code == 0, res.output
    assert "note: 2 document(s) do not look like English" in res.output
    rows = scored_rows(out)
    assert {r["id"] for r in rows} == {"le-monde/fr", "le-monde/zh", "le-monde/en"}
    assert all(0.0 <= r["hedging_score"] <= 1.0 for r in rows)


def test_every_example_article_looks_english():
    from framing._text import looks_english

    for doc in framing.read_documents(REPO / "examples" / "corpus"):
        assert looks_english(doc.text), doc.id


def test_api_bad_arguments_raise_input_errors(tiny_scorer):
    for bad in (None, 5, [None], [b"bytes"], [framing.Document("d", "o", None)]):  # type: ignore[arg-type]
        with pytest.raises(InputError):
            tiny_scorer.score(bad)
    with pytest.raises(InputError, match="input not found"):
        tiny_scorer.score("no/such/corpus.jsonl")
    one = tiny_scorer.score({"text": "The mayor said the plan may fail.", "outlet": "x"})  # a single dict
    assert [(r.outlet, r.text) for r in one] == [("x", "The mayor said the plan may fail.")]
    assert len(tiny_scorer.score("The mayor said so.")) == 1  # a plain sentence is text, not a path
    frame = pd.DataFrame({"text": ["The mayor said so.", float("nan")]})
    with pytest.raises(InputError, match="row 2: no text in column 'text'"):
        tiny_scorer.score(frame)


def test_api_reads_a_path_given_as_a_string(tiny_scorer, small_corpus):
    assert {r.outlet for r in tiny_scorer.score(str(small_corpus))} == {"alpha", "beta"}


def test_outputs_with_columns_that_differ_between_shards_are_joined(tiny_model, tmp_path):
    """An input field present in some rows only, or a number in one row and text in another."""
    rows = [{"text": "Share this article", "outlet": "a"},  # shard 1 gives no sentences at all
            {"text": ARTICLE, "outlet": "a", "extra": 1},
            {"text": ARTICLE, "outlet": "b", "extra": "one"},
            {"text": ARTICLE, "outlet": "b", "other": {"k": [1, 2]}, "big": 2**70}]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    for fmt in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"s.{fmt}"
        res = run("score", src, "-o", out, "--model", tiny_model, "--shard-size", "1", "-q")
        assert res.exit_code == 0, res.output
        frame = pd.read_csv(out, dtype=str) if fmt == "csv" else pd.read_parquet(out) if fmt == "parquet" else pd.DataFrame([json.loads(line) for line in out.read_text().splitlines()])
        assert len(frame) == 6 and {"extra", "other", "big", "hedging_score"} <= set(frame.columns)
        assert list(frame["outlet"]) == ["a", "a", "b", "b", "b", "b"]
        assert [str(v) for v in frame["extra"][:4]] == ["1", "1", "one", "one"]


def test_an_output_that_would_overwrite_the_input_is_refused(tiny_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": ARTICLE, "outlet": "a"}])
    before = src.read_bytes()
    assert_user_error(run("score", src, "-o", src, "--model", tiny_model, "-q"), "would overwrite the input")
    assert src.read_bytes() == before


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--batch-size", "0"], "--batch-size must be at least 1"),
        (["--shard-size", "0"], "size must be at least 1"),
        (["--outlet-pattern", "(unclosed"], "is not a valid regular expression"),
    ],
)
def test_bad_option_values_are_one_line_errors(tiny_model, small_corpus, tmp_path, args, fragment):
    assert_user_error(run("score", small_corpus, "-o", tmp_path / "s.jsonl", "--model", tiny_model, "-q", *args), fragment)


def test_profile_checks_its_output_name_and_seed_before_scoring(tiny_model, small_corpus, tmp_path):
    assert_user_error(run("profile", small_corpus, "--model", tiny_model, "-o", tmp_path / "p.txt"), "unknown output format")
    assert_user_error(run("profile", small_corpus, "--model", tiny_model, "--seed", "-1"), "--seed and --top")


def test_a_corrupt_scores_file_is_a_one_line_error(tiny_model, small_corpus, tmp_path):
    scores = tmp_path / "s.jsonl"
    assert run("score", small_corpus, "-o", scores, "--model", tiny_model, "-q").exit_code == 0
    rows = scored_rows(scores)
    rows[1]["hedging_score"] = "not a number"
    scores.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert_user_error(run("profile", scores, "-q"), "row 2 is not a valid scores row")


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("[id]\ntemplates = ['A.']\n", "is a column of the scores table"),
        ("['two words']\ntemplates = ['A.']\n", "is not a usable marker name"),
        ("[x]\ntemplates = ['A.']\ncalibration = 'platt'\n", "calibration must be a table"),
        ("[x]\ntemplates = ['A.']\ncalibration = {method = 'platt', a = 1}\n", "calibration must be a table"),
        ("[x]\ntemplates = ['A.']\ncalibration = {method = 'isotonic', x = [1, 0], y = [0, 1]}\n", "must be sorted"),
        ("[x]\ntemplates = ['A.']\nthreshold = true\n", "not true/false"),
        ("[x]\ntemplates = ['A.']\ndescription = 3\n", "`description` must be a string"),
    ],
)
def test_malformed_markers_are_one_line_errors_through_the_cli(tmp_path, body, fragment):
    f = tmp_path / "m.toml"
    f.write_text(body)
    assert_user_error(run("markers", "--markers", f), fragment)


def test_a_markers_path_that_is_a_folder_or_binary_is_a_one_line_error(tmp_path):
    assert_user_error(run("markers", "--markers", tmp_path), "is not a file")
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00garbage")
    assert_user_error(run("markers", "--markers", tmp_path / "bin.toml"), "not valid TOML")


def test_cues_that_are_only_whitespace_find_nothing():
    m = framing.Marker("x", "", ("A.",), cues=(" ", ""))
    assert m.find_cues("anything at all") == []


def test_an_unexpected_exception_is_one_line_exit_1_not_a_traceback(tiny_model, small_corpus, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(framing, "score_file", boom)  # what the CLI calls
    res = run("score", small_corpus, "-o", tmp_path / "s.jsonl", "--model", tiny_model, "-q")
    assert_user_error(res, "internal error (ZeroDivisionError: division by zero)", code=1)


def test_an_unwritable_output_is_a_one_line_error(tiny_model, small_corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("score", small_corpus, "-o", blocker / "sub" / "s.jsonl", "--model", tiny_model, "-q")
    assert_user_error(res, "error:")


# ---------------------------------------------------------------------------------------------
# Interruptions: kill a real `framing score` subprocess, then resume
# ---------------------------------------------------------------------------------------------

SENTENCES = ["The mayor said the bridge may reopen.", "Officials reportedly disagree with the plan.",
             "Critics slammed the reckless company.", "The water report was published on Tuesday.",
             "It seems the river is calm.", "According to police, the spill is contained."]


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kill") / "corpus"
    for i in range(300):
        f = root / f"outlet-{i % 3}" / f"a{i:03d}.txt"
        f.parent.mkdir(parents=True, exist_ok=True)
        body = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4))
        f.write_text(f"Story {i}\n\n{body}\n\nShare this article\n")
    return root


def _score_cmd(corpus: Path, out: Path, model: Path) -> list[str]:
    return [sys.executable, "-m", "framing.cli", "score", str(corpus), "-o", str(out), "--model", str(model),
            "--shard-size", "1", "--batch-size", "8"]


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "FRAMING_THREADS": "1",
            "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@pytest.fixture(scope="module")
def uninterrupted(kill_corpus: Path, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("clean") / "scores.jsonl"
    proc = subprocess.run(_score_cmd(kill_corpus, out, tiny_model), env=_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_a_killed_run_leaves_no_partial_output_and_resumes_to_identical_bytes(kill_corpus, tiny_model, uninterrupted,
                                                                             tmp_path, sig, code):
    out = tmp_path / "scores.jsonl"
    parts = tmp_path / "scores.jsonl.parts"
    # a shell's background job ignores SIGINT, and a child would inherit that: restore the default first
    proc = subprocess.Popen(_score_cmd(kill_corpus, out, tiny_model), env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 300
        while not list(parts.glob("shard-*.done.json")):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no shard finished in time"
            time.sleep(0.02)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert "interrupted; finished shards are kept" in err and "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob("*.tmp")) and not list(parts.glob("*.tmp"))
    finished = sorted(parts.glob("shard-*.done.json"))
    assert 1 <= len(finished) < 300
    for done in finished:  # every finished shard is complete
        shard = done.with_name(done.name.replace(".done.json", ".jsonl"))
        info = json.loads(done.read_text())
        assert len(shard.read_text().splitlines()) == info["sentences"] > 0

    resumed = subprocess.run(_score_cmd(kill_corpus, out, tiny_model), env=_env(), capture_output=True, text=True,
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({len(finished)} of 300 shards resumed)" in resumed.stdout
    assert out.read_bytes() == uninterrupted
    assert not parts.exists()


def test_temporary_files_of_a_run_killed_outright_are_removed_on_the_next_run(tiny_model, small_corpus, tmp_path):
    out = tmp_path / "s.jsonl"
    stale = tmp_path / ".s.jsonl.abc123.tmp"
    stale.write_text("half a file")
    parts = tmp_path / "s.jsonl.parts"
    parts.mkdir()
    (parts / ".shard-00000.jsonl.xyz.tmp").write_text("half a shard")
    res = run("score", small_corpus, "-o", out, "--model", tiny_model, "-q")
    assert res.exit_code == 0, res.output
    assert out.exists() and not stale.exists() and not parts.exists()


def test_an_unreadable_shard_record_is_scored_again(tiny_model, small_corpus, tmp_path):
    from framing._batch import score_file

    scorer = framing.Scorer(tiny_model)
    clean = tmp_path / "clean.jsonl"
    score_file(small_corpus, clean, scorer, shard_size=1)
    out = tmp_path / "s.jsonl"
    interrupt_scoring(scorer, small_corpus, out)
    (out.with_name("s.jsonl.parts") / "shard-00001.done.json").write_text("{truncated")
    summary = score_file(small_corpus, out, scorer, shard_size=1)
    assert summary.shards_reused == 1
    assert out.read_bytes() == clean.read_bytes()


# ---------------------------------------------------------------------------------------------
# Model faults: clear errors through the CLI, before any scoring starts
# ---------------------------------------------------------------------------------------------

def _copy(tiny_model: Path, dest: Path) -> Path:
    shutil.copytree(tiny_model, dest)
    return dest


def _checksum_mismatch(tiny_model: Path, dest: Path) -> Path:
    from framing._files import sha256_file

    folder = _copy(tiny_model, dest)
    weights = folder / "model.safetensors"
    (folder / "card.json").write_text(json.dumps({"weights_sha256": {"model.safetensors": sha256_file(weights)}}))
    data = bytearray(weights.read_bytes())
    data[-10] ^= 0xFF
    weights.write_bytes(bytes(data))
    return folder


def _bigger_tokenizer(tiny_model: Path, dest: Path) -> Path:
    folder = _copy(tiny_model, dest)
    (folder / "tokenizer.json").unlink()
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [f"w{i}" for i in range(600)]
    (folder / "vocab.txt").write_text("\n".join(words) + "\n")
    return folder


def _no_tokenizer(tiny_model: Path, dest: Path) -> Path:
    folder = _copy(tiny_model, dest)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        (folder / name).unlink(missing_ok=True)
    return folder


def _corrupt_tokenizer(tiny_model: Path, dest: Path) -> Path:
    folder = _copy(tiny_model, dest)
    (folder / "tokenizer.json").write_text("{ this is not json")
    return folder


def _other_family_tokenizer(tiny_model: Path, dest: Path) -> Path:
    """A model with one segment embedding (RoBERTa-like) next to a BERT tokenizer that emits segment id 1."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    tok = AutoTokenizer.from_pretrained(str(tiny_model))
    config = BertConfig(vocab_size=max(len(tok), 8), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, type_vocab_size=1, num_labels=3,
                        id2label={0: "entailment", 1: "neutral", 2: "contradiction"},
                        label2id={"entailment": 0, "neutral": 1, "contradiction": 2})
    BertForSequenceClassification(config).save_pretrained(dest)
    tok.save_pretrained(dest)
    return dest


def _corrupt_weights(tiny_model: Path, dest: Path) -> Path:
    folder = _copy(tiny_model, dest)
    (folder / "model.safetensors").write_bytes(b"\x00" * 64)
    return folder


def _bad_card(tiny_model: Path, dest: Path) -> Path:
    folder = _copy(tiny_model, dest)
    (folder / "card.json").write_text("[1, 2")
    return folder


MODEL_FAULTS = {
    "missing folder": (lambda tiny, dest: dest / "not-there", "model folder not found"),
    "folder without config": (lambda tiny, dest: (dest.mkdir() or dest), "has no config.json"),
    "checksum mismatch": (_checksum_mismatch, "sha256 does not match the model card"),
    "no entailment label": (lambda tiny, dest: build_tiny_model(dest, id2label={0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}),
                            "no 'entailment' label (it has: LABEL_0, LABEL_1, LABEL_2)"),
    "tokenizer bigger than the model": (_bigger_tokenizer, "does not match the model"),
    "tokenizer from another model family": (_other_family_tokenizer, "tokenizer is from another model family"),
    "no tokenizer files": (_no_tokenizer, "has no tokenizer files"),
    "corrupt tokenizer": (_corrupt_tokenizer, "could not load the tokenizer"),
    "corrupt weights": (_corrupt_weights, "could not load model"),
    "corrupt card": (_bad_card, "card.json: not valid JSON"),
}


@pytest.mark.parametrize("fault", list(MODEL_FAULTS))
def test_model_faults_are_one_line_cli_errors_before_scoring(tiny_model, small_corpus, tmp_path, fault):
    make, fragment = MODEL_FAULTS[fault]
    model = make(tiny_model, tmp_path / "model")
    out = tmp_path / "out" / "s.jsonl"
    assert_user_error(run("score", small_corpus, "-o", out, "--model", model, "-q"), fragment)
    assert not (tmp_path / "out").exists()  # nothing written: the model is checked before any scoring starts
    with pytest.raises(ModelError):
        framing.Scorer(model)


def test_info_reports_a_model_fault_in_one_line(tiny_model, tmp_path):
    model = _checksum_mismatch(tiny_model, tmp_path / "m")
    assert_user_error(run("info", "--model", model), "sha256 does not match the model card")


@pytest.mark.parametrize("moment", ["after the temporary file is created", "while writing", "before the rename"])
def test_an_interruption_at_any_point_of_an_atomic_write_leaves_no_temporary_file(tmp_path, monkeypatch, moment):
    """Ctrl-C / SIGTERM arrive as exceptions at any bytecode; the temporary file must go with them.
    (A SIGTERM landing inside tempfile.mkstemp, after the file existed but before its name was returned,
    once left a .tmp file beside a finished shard.)"""
    from framing import _files

    target = tmp_path / "out.json"
    target.write_text("old\n")
    real_open, real_replace = os.open, os.replace

    def interrupting_open(*args, **kwargs):
        fd = real_open(*args, **kwargs)
        if moment == "after the temporary file is created":
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    def write(tmp):
        Path(tmp).write_text("half")
        if moment == "while writing":
            raise KeyboardInterrupt

    def interrupting_replace(*args, **kwargs):
        if moment == "before the rename":
            raise KeyboardInterrupt
        return real_replace(*args, **kwargs)

    monkeypatch.setattr(_files.os, "open", interrupting_open)
    monkeypatch.setattr(_files.os, "replace", interrupting_replace)
    with pytest.raises(KeyboardInterrupt):
        _files.atomic_write(target, write)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"] and target.read_text() == "old\n"


def test_a_readme_or_licence_beside_the_articles_is_not_read_as_an_article(tmp_path):
    for outlet in ("north-post", "south-wire"):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "a.txt").write_text("The council approved the harbour plan on Monday.\n")
    (tmp_path / "README.md").write_text("# Corpus\nArticles collected by hand for a class project.\n")
    (tmp_path / "north-post" / "LICENSE.txt").write_text("All rights reserved by the collector.\n")
    (tmp_path / "notes.md").write_text("A note that is an article in its own right.\n")
    docs = framing.read_documents(tmp_path)
    texts = sorted(d.text.strip() for d in docs)
    assert len(docs) == 3 and texts[0].startswith("A note") and not any("collected by hand" in t or
                                                                        "rights reserved" in t for t in texts)
