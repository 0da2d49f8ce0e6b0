"""No command deletes, overwrites or truncates anything the user did not name as an output (issue 26, points 1-4).

Each test here failed on the code before the fix: `adapt -o DIR` removed DIR whatever it held, outputs equal to
an input overwrote it, a CSV row wider than its header was cut silently, and a reused checkpoint folder returned
the previous run's model under a card describing the new one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from framing.cli import app

from conftest import EXAMPLES, assert_user_error

runner = CliRunner()
ROWS = [
    {"text": "Officials reportedly said the plan may fail.", "hedging": 1, "attribution": 1, "loaded_language": 0},
    {"text": "The regime slammed the disastrous plan.", "hedging": 0, "attribution": 0, "loaded_language": 1},
    {"text": "The council met on Monday.", "hedging": 0, "attribution": 0, "loaded_language": 0},
]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def labelled_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def adapt_args(labelled: Path, out: Path, base: Path, *extra: object) -> list[object]:
    return ["adapt", labelled, "-o", out, "--base-model", base, "--epochs", "1", "--batch-size", "4", "--split", "", "-q",
            *extra]


# 1. adapt -o never removes a folder that is not a model folder


def test_adapt_refuses_an_existing_folder_of_the_users_files(tiny_model, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    thesis = tmp_path / "thesis"
    labelled = labelled_file(thesis)
    (thesis / "chapter1.md").write_text("my notes")
    before = snapshot(thesis)
    res = run(*adapt_args(labelled, thesis, tiny_model))
    assert_user_error(res, "choose a new folder")
    assert snapshot(thesis) == before
    assert not (tmp_path / "cache").exists()  # refused before any training
    # even with --overwrite: a folder holding anything but model files is never replaced
    res = run(*adapt_args(labelled, thesis, tiny_model, "--overwrite"))
    assert res.exit_code == 2 and snapshot(thesis) == before


def test_adapt_output_dotdot_is_refused_and_the_parent_kept(tiny_model, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    a = tmp_path / "a"
    labelled = labelled_file(a / "b")
    (a / "keep.txt").write_text("keep")
    monkeypatch.chdir(a / "b")
    before = snapshot(a)
    res = run(*adapt_args(labelled, "..", tiny_model))
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert snapshot(a) == before


def test_adapt_replaces_a_model_folder_only_with_overwrite(tiny_model, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    labelled = labelled_file(tmp_path / "data")
    out = tmp_path / "model"
    assert run(*adapt_args(labelled, out, tiny_model)).exit_code == 0
    first = snapshot(out)
    assert_user_error(run(*adapt_args(labelled, out, tiny_model)), "--overwrite")
    assert snapshot(out) == first
    res = run(*adapt_args(labelled, out, tiny_model, "--seed", "14", "--overwrite"))
    assert res.exit_code == 0, res.output
    assert snapshot(out)["model.safetensors"] != first["model.safetensors"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "data", "model"]  # no temporary folder left
    # a finished run leaves no checkpoint state in the cache (it could resume nothing)
    assert not list((tmp_path / "cache").rglob("state.pt"))


def test_adapt_refuses_an_output_folder_that_holds_the_input(tiny_model, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    empty = tmp_path / "empty"
    empty.mkdir()
    labelled = labelled_file(empty)
    (empty / "labelled.jsonl").rename(empty / "l.jsonl")
    res = run(*adapt_args(empty / "l.jsonl", empty, tiny_model))
    assert_user_error(res, "would hold or replace the input")
    assert (empty / "l.jsonl").exists() and not labelled.exists()


# 2. an output equal to an input is refused by every command, before any work


@pytest.mark.parametrize("case", ["dropped-is-input", "dropped-is-output", "dropped-is-symlink-to-input"])
def test_score_dropped_file_never_overwrites_input_or_output(tiny_model, tmp_path: Path, case: str):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "outlet": "a", "text": "The mayor said the bridge may reopen."}) + "\n")
    out = tmp_path / "out.jsonl"
    dropped = {"dropped-is-input": src, "dropped-is-output": out}.get(case)
    if dropped is None:
        dropped = tmp_path / "link.jsonl"
        dropped.symlink_to(src)
    before = src.read_bytes()
    res = run("score", src, "-o", out, "--dropped", dropped, "--model", tiny_model, "-q")
    assert_user_error(res, "would overwrite")
    assert src.read_bytes() == before and not out.exists()


def test_profile_report_plot_refuse_their_input_as_output(tmp_path: Path, tiny_model):
    scores = tmp_path / "scores.csv"
    assert run("score", EXAMPLES, "-o", scores, "--model", tiny_model, "-q").exit_code == 0
    before = scores.read_bytes()
    for args in (["profile", scores, "-o", scores], ["report", scores, "-o", scores], ["plot", scores, "-o", scores]):
        assert_user_error(run(*args), "would overwrite the input")
        assert scores.read_bytes() == before


def test_calibrate_and_eval_refuse_their_inputs_as_output(tmp_path: Path, tiny_model):
    labelled = labelled_file(tmp_path)
    before = labelled.read_bytes()
    assert_user_error(run("calibrate", labelled, "-o", labelled, "--model", tiny_model), "would overwrite the input")
    assert labelled.read_bytes() == before
    suite = tmp_path / "suite.toml"
    suite.write_text('[suite]\nname = "s"\ndata = "labelled.jsonl"\nmarkers = ["hedging"]\n'
                     "[minimums.hedging]\nf1 = 0.0\n")
    suite_before = suite.read_bytes()
    for target in (suite, labelled):
        assert_user_error(run("eval", suite, "-o", target, "--model", tiny_model), "would overwrite the input")
    assert suite.read_bytes() == suite_before and labelled.read_bytes() == before


# 3. CSV rows wider than the header are reported, not cut


def test_csv_row_with_more_fields_than_the_header_fails_or_is_skipped(tiny_model, tmp_path: Path):
    src = tmp_path / "in.csv"
    src.write_text("id,outlet,text\n1,a,The mayor, who is new, said the bridge may reopen.\n"
                   "2,b,The council met on Tuesday.\n")
    out = tmp_path / "out.jsonl"
    assert_user_error(run("score", src, "-o", out, "--model", tiny_model, "-q"), "expected 3 fields")
    assert not out.exists()
    res = run("score", src, "-o", out, "--model", tiny_model, "-q", "--on-error", "skip")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["sentence"] for r in rows] == ["The council met on Tuesday."]
    assert "in.csv:2" in res.output


# 4. a reused checkpoint folder never returns another run's model


def test_reused_checkpoint_folder_with_other_data_is_refused(tiny_model, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    labelled = labelled_file(tmp_path / "data")
    ckpt = tmp_path / "ckpt"
    assert run(*adapt_args(labelled, tmp_path / "m1", tiny_model, "--checkpoint-dir", ckpt)).exit_code == 0
    other = tmp_path / "data" / "other.jsonl"
    other.write_text("".join(json.dumps({**r, "text": r["text"].replace("plan", "scheme")}) + "\n" for r in ROWS))
    res = run(*adapt_args(other, tmp_path / "m2", tiny_model, "--checkpoint-dir", ckpt))
    assert_user_error(res, "another adaptation run")
    assert not (tmp_path / "m2").exists()
    res = run(*adapt_args(labelled, tmp_path / "m3", tiny_model, "--checkpoint-dir", ckpt, "--lr", "1e-4"))
    assert_user_error(res, "another adaptation run")


def test_trainer_refuses_a_checkpoint_of_other_pairs(tiny_model, tmp_path: Path, monkeypatch, capsys):
    import pandas as pd

    import framing._train as trainer
    from framing import InputError

    def pairs(word: str) -> str:
        path = tmp_path / f"{word}.parquet"
        pd.DataFrame({"premise": [f"the {word} sat on the mat ."] * 8, "hypothesis": ["the cat sat ."] * 8,
                      "label": [0, 1, 2, 0, 1, 2, 0, 1]}).to_parquet(path)
        return str(path)

    ckpt = tmp_path / "ckpt"
    first = trainer.TrainConfig(data=[pairs("cat")], output=str(tmp_path / "m1"), base_model=str(tiny_model),
                                batch_size=4, checkpoint_dir=str(ckpt), checkpoint_every=1)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:  # the run stops after its last step: its checkpoint stays
        m.setattr(trainer, "write_model_folder", interrupted)
        with pytest.raises(KeyboardInterrupt):
            trainer.train(first, progress=False)
    assert (ckpt / "state.pt").exists()
    other = trainer.TrainConfig(**{**first.__dict__, "data": [pairs("dog")]})
    with pytest.raises(InputError, match="another run"):
        trainer.train(other, progress=False)
    assert not (tmp_path / "m1").exists()
    trainer.train(first, progress=False)  # the same run resumes, and its checkpoint goes once it is done
    assert "resuming from" in capsys.readouterr().out
    assert (tmp_path / "m1" / "card.json").exists() and not (ckpt / "state.pt").exists()
