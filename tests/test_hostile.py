"""Issue 26, points 5-17: what a hostile test of every command found, each case checked here.

Every test failed on the code before its fix (resume keyed on size and mtime, hub lookups for mistyped paths,
unverified ONNX files, phantom markers, false passes of the regression gate, late validation and leftovers,
internal errors for bad values, misleading messages).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import framing
from framing.cli import app

from conftest import assert_user_error, build_tiny_model, interrupt_scoring

runner = CliRunner()


def run(*args: object, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def leftovers(folder: Path) -> list[str]:
    """Files a failed command must not leave: shard folders and temporary files."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith((".parts", ".tmp")))


def put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# 5. the resume key covers the weights and the input's content


def test_resume_does_not_reuse_shards_scored_by_other_weights_at_the_same_path(small_corpus, tmp_path):
    model = build_tiny_model(tmp_path / "model", seed=1)
    out = tmp_path / "s.jsonl"
    interrupt_scoring(framing.Scorer(model), small_corpus, out)  # two shards finished by the first weights
    shutil.rmtree(model)
    build_tiny_model(model, seed=2)  # new weights, same folder
    summary = framing.score_file(small_corpus, out, framing.Scorer(model), shard_size=1)
    assert summary.shards_reused == 0
    fresh = tmp_path / "fresh.jsonl"
    framing.score_file(small_corpus, fresh, framing.Scorer(model), shard_size=1)
    assert out.read_bytes() == fresh.read_bytes()


def test_resume_does_not_reuse_shards_of_an_input_edited_at_the_same_size_and_second(tiny_scorer, tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": str(i), "outlet": "a", "text": f"The council met on day {i}. The mayor said it may rain."}
            for i in range(4)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "s.jsonl"
    interrupt_scoring(tiny_scorer, src, out)
    stat = src.stat()
    src.write_text(src.read_text().replace("mayor", "MAYOR"))  # same size
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime
    summary = framing.score_file(src, out, tiny_scorer, shard_size=1)
    assert summary.shards_reused == 0
    assert "MAYOR" in out.read_text() and "mayor" not in out.read_text()


# 9. the regression gate refuses bounds it would not check


@pytest.mark.parametrize("suite, fragment", [
    ('[suite]\ndata = "l.jsonl"\nmarkers = ["hedging"]\n[minimums.attribution]\nf1 = 0.5\n',
     "not in the suite's markers"),
    ('[suite]\ndata = "l.jsonl"\nmarkers = []\n', "checks no marker"),
    ('[suite]\ndata = 5\nmarkers = ["hedging"]\n', "data must be the path"),
    ('minimums = 5\n[suite]\ndata = "l.jsonl"\nmarkers = ["hedging"]\n', "minimums must be a table"),
    ('[suite]\ndata = "l.jsonl"\nmarkers = ["hedging"]\n[minimums.hedging]\nf1 = "high"\n', "must be a number"),
])
def test_eval_refuses_a_suite_that_would_pass_falsely_or_is_malformed(tmp_path, suite, fragment):
    (tmp_path / "l.jsonl").write_text('{"text": "It may rain.", "hedging": 1}\n')
    path = tmp_path / "suite.toml"
    path.write_text(suite)
    assert_user_error(run("eval", path, "--model", tmp_path / "no-model-needed"), fragment)


# 10. calibrating on data with no positives (or no negatives) is refused


@pytest.mark.parametrize("label, kind", [(0, "no positive"), (1, "no negative")])
def test_calibrate_refuses_a_marker_with_one_kind_of_label(tiny_model, tmp_path, label, kind):
    src = tmp_path / "l.jsonl"
    src.write_text("".join(json.dumps({"text": f"Sentence {i}.", "hedging": label, "split": "calibration"}) + "\n"
                           for i in range(4)))
    res = run("calibrate", src, "-o", tmp_path / "m.toml", "--model", tiny_model, "--marker", "hedging")
    assert_user_error(res, f"'hedging' has {kind}")
    assert "split 'calibration'" in res.output
    assert not (tmp_path / "m.toml").exists()


# 11. everything is checked before the model loads; nothing is left behind


@pytest.mark.parametrize("make_input, extra, fragment", [
    (lambda d: (d / "empty").mkdir() or d / "empty", [], "no .txt files"),
    (lambda d: put(d / "b.jsonl", b"\x00\x01\x02binary\x00" * 50), [], "binary"),
    (lambda d: put(d / "c.csv", b"id,body\n1,Text.\n"), [], "no text column"),
    (lambda d: d / "ok.jsonl", ["--shard-size", "0"], "--shard-size must be at least 1"),
    (lambda d: d / "ok.jsonl", ["--limit", "-5"], "--limit must be"),
    (lambda d: d / "ok.jsonl", ["--dropped", "d.txt"], "unknown output format"),
    (lambda d: d / "ok.jsonl", ["--dropped", "."], "is a folder"),
])
def test_score_checks_input_and_options_before_loading_the_model(tmp_path, make_input, extra, fragment):
    (tmp_path / "ok.jsonl").write_text('{"id": "1", "outlet": "a", "text": "The mayor said the bridge may reopen."}\n')
    src = make_input(tmp_path)
    # a model path that does not exist: had the model been loaded first, the error would name it
    res = run("score", src, "-o", tmp_path / "out.jsonl", "--model", tmp_path / "absent-model", *extra)
    assert_user_error(res, fragment)
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.jsonl").exists()


def test_dropped_in_a_read_only_folder_is_refused_before_scoring(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    (tmp_path / "ok.jsonl").write_text('{"id": "1", "outlet": "a", "text": "The mayor said it may rain."}\n')
    res = run("score", tmp_path / "ok.jsonl", "-o", tmp_path / "out.jsonl", "--model", tmp_path / "absent",
              "--dropped", ro / "d.jsonl")
    assert_user_error(res, "not a writable folder")


def test_a_run_that_fails_before_finishing_a_shard_leaves_no_parts_folder(tiny_scorer, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "1", "outlet": "a", "text": "The mayor said it may rain."}\n{"id": "2"\n')
    with pytest.raises(framing.InputError):
        framing.score_file(src, tmp_path / "out.jsonl", tiny_scorer, shard_size=5)
    assert leftovers(tmp_path) == []


# 6. a model path that does not exist is never looked up on a hub


@pytest.mark.parametrize("name", ["models/framing-nli-minilmX", "framing-nli-minilmX", "owner/name"])
def test_a_model_path_that_does_not_exist_is_not_a_hub_id(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # online: a hub lookup would be tried
    import socket

    def no_network(*a, **k):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert_user_error(run("info", "--model", name), f"model folder not found: {name}")


def test_framing_model_variable_is_named_when_it_points_nowhere(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_MODEL", str(tmp_path / "bad"))
    assert_user_error(run("info"), "FRAMING_MODEL")


@pytest.mark.parametrize("value", ["abc", "0", "-2"])
def test_bad_framing_threads_is_a_one_line_error(tiny_model, monkeypatch, value):
    monkeypatch.setenv("FRAMING_THREADS", value)
    assert_user_error(run("info", "--model", tiny_model), "FRAMING_THREADS must be")


# 7. ONNX files are checked against the sums recorded when they were built; cardless folders are flagged


def test_damaged_onnx_file_is_rebuilt_not_used(tiny_model, tmp_path):
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnx")
    from framing._onnx import ONNXModel

    model = tmp_path / "m"
    shutil.copytree(tiny_model, model, ignore=shutil.ignore_patterns("onnx"))
    first = ONNXModel.load(model, message=None)
    pairs = (["The mayor said it may rain."], ["Someone said this."])
    expected = first.score_pairs(*pairs)
    int8 = Path(first.onnx_path)
    data = bytearray(int8.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(b ^ 0x5A for b in data[middle:middle + 64])
    int8.write_bytes(bytes(data))
    messages: list[str] = []
    again = ONNXModel.load(model, message=messages.append)
    assert any("does not match the sha256" in m for m in messages)
    assert again.score_pairs(*pairs) == pytest.approx(expected)


def test_a_model_folder_without_a_card_says_weights_not_verified(tmp_path):
    cardless = build_tiny_model(tmp_path / "cardless")
    with pytest.warns(UserWarning, match="weights not verified"):
        framing.NLIModel.from_pretrained(cardless)


# 8. input columns named like framing's own are kept, renamed; x / x_score pairs are not markers


def test_input_columns_that_look_like_markers_or_collide_are_kept_and_not_markers(tiny_model, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "outlet": "a", "text": "The mayor said it may rain.", "sentiment": "pos",
                               "sentiment_score": "high", "sentence": "mine", "start": "dawn",
                               "hedging": "their own"}) + "\n")
    out = tmp_path / "s.jsonl"
    res = run("score", src, "-o", out, "--model", tiny_model, "-q")
    assert res.exit_code == 0, res.output
    row = json.loads(out.read_text().splitlines()[0])
    assert row["input_sentence"] == "mine" and row["input_start"] == "dawn" and row["input_hedging"] == "their own"
    assert row["sentence"] != "mine" and isinstance(row["hedging"], bool)
    for scores in (out, tmp_path / "copy.jsonl"):  # with its run metadata, and without (markers from the columns)
        if scores != out:
            shutil.copy(out, scores)
        corpus = framing.load_scores(scores)
        assert "sentiment" not in corpus.results[0].scores
        assert corpus.results[0].meta["sentiment_score"] == "high"


# 13 and 14. bad values are refused up front, in one line, exit 2


@pytest.mark.parametrize("extra, fragment", [
    (["--lr", "-1"], "--lr must be a number above 0"),
    (["--batch-size", "0"], "--batch-size must be"),
    (["--epochs", "nan"], "--epochs must be a number above 0"),
    (["--epochs", "0"], "--epochs must be a number above 0"),
    (["--epochs", "-1"], "--epochs must be a number above 0"),
    (["--replay-ratio", "-1"], "--replay-ratio must be 0 or more"),
])
def test_adapt_refuses_bad_settings_before_training(tiny_model, tmp_path, monkeypatch, extra, fragment):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "l.jsonl"
    src.write_text('{"text": "It may rain.", "hedging": 1}\n{"text": "It rains.", "hedging": 0}\n')
    res = run("adapt", src, "-o", tmp_path / "m", "--base-model", tiny_model, "--split", "", "-q", *extra)
    assert_user_error(res, fragment)
    assert not (tmp_path / "m").exists() and not (tmp_path / "cache").exists()


def test_adapt_refuses_a_label_that_is_not_0_or_1(tiny_model, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "l.jsonl"
    src.write_text('{"text": "It may rain.", "hedging": "yes"}\n{"text": "It rains.", "hedging": 0}\n')
    res = run("adapt", src, "-o", tmp_path / "m", "--base-model", tiny_model, "--split", "", "-q")
    assert_user_error(res, "must hold 0/1 labels")


@pytest.mark.parametrize("dpi", ["0", "-5", "100000"])
def test_plot_refuses_a_bad_dpi_up_front(tmp_path, dpi):
    pytest.importorskip("matplotlib")
    res = run("plot", tmp_path / "missing.json", "-o", tmp_path / "f.png", "--dpi", dpi)
    assert_user_error(res, "--dpi must be between")
    assert "--batch-size" not in res.output


def test_segment_refuses_a_negative_limit(small_corpus):
    assert_user_error(run("segment", small_corpus, "--limit", "-5"), "--limit must be at least 1")


def test_an_id_column_that_does_not_exist_is_refused(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "1", "outlet": "a", "text": "The mayor said it may rain."}\n')
    res = run("score", src, "-o", tmp_path / "s.jsonl", "--model", tmp_path / "absent", "--id-column", "doc_id")
    assert_user_error(res, "no id column 'doc_id'")


def test_profile_refuses_a_jsonl_output(tmp_path, small_corpus):
    res = run("profile", small_corpus, "-o", tmp_path / "p.jsonl", "--model", tmp_path / "absent")
    assert_user_error(res, "not .jsonl")
    assert not (tmp_path / "p.jsonl").exists()


# 15. early Ctrl-C is quiet


def test_ctrl_c_while_the_command_line_is_still_importing_prints_no_traceback(tmp_path):
    import signal
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    code = ("import os, signal, threading, framing_launch, sys; sys.argv = ['framing', '--help'];"
            "threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT)).start(); framing_launch.main()")
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (128 + signal.SIGINT, 0), proc.stderr  # 0: the import finished first


# 16. messages name what the user named


def test_write_errors_name_the_users_path_not_the_temporary_file(tmp_path):
    from framing._files import atomic_write, atomic_write_text

    (tmp_path / "p.json").mkdir()
    with pytest.raises(framing.InputError, match="p.json is a folder") as exc:
        atomic_write_text(tmp_path / "p.json", "{}")
    assert ".tmp" not in str(exc.value)

    def fails(tmp: str) -> None:
        raise PermissionError(13, "Permission denied", tmp)

    with pytest.raises(PermissionError) as exc:
        atomic_write(tmp_path / "out.csv", fails)
    assert exc.value.filename == str(tmp_path / "out.csv")
    assert list(tmp_path.glob("*.tmp")) == []


def test_semicolon_csv_is_read_with_its_separator(tiny_scorer, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id;outlet;text\n1;a;The mayor said, in a statement, that the bridge may reopen.\n")
    docs = framing.read_documents(src)
    assert [(d.id, d.outlet) for d in docs] == [("1", "a")] and "bridge may reopen" in docs[0].text


def test_a_json_input_is_not_called_an_output_format(tiny_model, tmp_path):
    src = tmp_path / "l.json"
    src.write_text('{"text": "It may rain.", "hedging": 1}\n')
    res = run("calibrate", src, "-o", tmp_path / "m.toml", "--model", tiny_model)
    assert_user_error(res, "unknown input format")


def test_interrupted_profile_does_not_claim_shards(monkeypatch, small_corpus, tmp_path):
    def interrupt(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(framing, "read_documents", interrupt)
    res = run("profile", small_corpus)
    assert res.exit_code == 130 and "shards" not in res.output


def test_profile_warns_when_the_scores_file_changed_after_scoring(tiny_model, small_corpus, tmp_path):
    out = tmp_path / "s.jsonl"
    assert run("score", small_corpus, "-o", out, "--model", tiny_model, "-q").exit_code == 0
    out.write_text("".join(out.read_text().splitlines(keepends=True)[:-1]))
    res = run("profile", out, "-q")
    assert res.exit_code == 0 and "changed after scoring" in res.output


def test_truncated_scores_file_does_not_advise_an_option_profile_lacks(tiny_model, small_corpus, tmp_path):
    out = tmp_path / "s.jsonl"
    assert run("score", small_corpus, "-o", out, "--model", tiny_model, "-q").exit_code == 0
    out.write_bytes(out.read_bytes()[:-40])
    for command in (["profile", out], ["report", out, "-o", tmp_path / "r.html"]):
        res = run(*command)
        assert res.exit_code == 2 and "--on-error" not in res.output, res.output


def test_segment_into_a_closed_pipe_exits_quietly(small_corpus):
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.Popen([sys.executable, "-m", "framing.cli", "segment", str(small_corpus), "--limit", "4"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # like `| head` that has read enough
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Broken pipe" not in err and "Traceback" not in err and "error" not in err, err


# 17. bounded evidence on unsegmented text; quiet adapt; shared file modes; plot glyph warnings


def test_unsegmented_text_keeps_a_bounded_number_of_evidence_spans(tiny_scorer):
    from framing._markers import MAX_CUE_SPANS

    doc = framing.Document(id="1", outlet="a", text="Officials reportedly said it may rain. " * 2000)
    corpus = tiny_scorer.score([doc], segment_text=False)
    assert 0 < max(len(spans) for spans in corpus.results[0].evidence.values()) <= MAX_CUE_SPANS * 2


def test_adapted_model_files_are_shared_like_other_outputs_and_quiet(tiny_model, tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "l.jsonl"
    src.write_text('{"text": "It may rain.", "hedging": 1}\n{"text": "It rains.", "hedging": 0}\n')
    res = run("adapt", src, "-o", tmp_path / "m", "--base-model", tiny_model, "--split", "", "-q",
              "--batch-size", "2", "--no-minimal-pairs")
    assert res.exit_code == 0, res.output
    assert "it/s" not in res.output and "%|" not in res.output
    modes = {f.name: f.stat().st_mode & 0o777 for f in (tmp_path / "m").iterdir() if f.is_file()}
    assert len(set(modes.values())) == 1, modes


def test_plot_sums_up_missing_glyphs_in_one_warning(tmp_path):
    pytest.importorskip("matplotlib")
    from framing._profile import Interval, MarkerStat, OutletProfile

    iv = Interval(0.2, 0.1, 0.3)
    profiles = [OutletProfile(outlet=name, n_articles=3, n_sentences=9,
                              markers={"hedging": MarkerStat(marker="hedging", count=2, rate=iv, mean_score=iv)})
                for name in ("東京新聞\tdaily", "朝日")]
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        framing.plot_profiles(profiles, tmp_path / "f.png")
    glyphs = [w for w in caught if "glyph" in str(w.message).lower() or "font" in str(w.message)]
    assert len(glyphs) <= 1, [str(w.message) for w in glyphs]


def test_a_hub_id_is_tried_only_when_named_and_fails_in_one_line_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert_user_error(run("info", "--model", "hf:someone/absent-nli-model"), "could not load hf:someone/absent-nli-model")
