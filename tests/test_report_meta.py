"""Run metadata beside a scores file (`framing score` writes `<output>.meta.json`, `framing report` reads it),
and the report's "Sources and cue words" section."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

import framing
from framing._evidence import marker_evidence
from framing._types import SentenceResult
from framing.cli import app

from conftest import interrupt_scoring

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def sidecar(scores: Path) -> dict:
    return json.loads(scores.with_name(scores.name + ".meta.json").read_text(encoding="utf-8"))


def test_score_records_the_run_beside_the_output_and_the_report_shows_it(tiny_model, small_corpus, tmp_path):
    (tmp_path / "m.toml").write_text("[hedging]\nthreshold = 0.7\n")
    scores = tmp_path / "s.jsonl"
    res = run("score", small_corpus, "-o", scores, "--model", tiny_model, "--markers", tmp_path / "m.toml", "-q")
    assert res.exit_code == 0, res.output
    meta = sidecar(scores)
    assert meta["format"] == "framing-run/1" and meta["framing_version"] == framing.__version__
    created = datetime.strptime(meta["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - created).total_seconds()) < 3600
    assert meta["model"]["name"] == Path(tiny_model).name and meta["model"]["path"] == str(tiny_model)
    assert meta["model"]["backend"] == "torch" and meta["model"]["card"] == {}  # the tiny model has no card
    builtin = framing.builtin_markers()
    assert list(meta["markers"]) == ["hedging", "attribution", "loaded_language"]
    assert meta["markers"]["hedging"]["threshold"] == 0.7
    assert meta["markers"]["attribution"]["threshold"] == builtin["attribution"].threshold
    assert meta["markers"]["hedging"]["templates"] == list(builtin["hedging"].templates)
    rows = scores.read_text().splitlines()
    assert meta["counts"]["documents"] == 4 and meta["counts"]["sentences"] == len(rows)
    assert sum(meta["dropped"].values()) > 0  # "Share this article", "Read more: ..."
    assert meta["output"] == {"name": "s.jsonl", "bytes": scores.stat().st_size,
                              "sha256": hashlib.sha256(scores.read_bytes()).hexdigest()}
    assert not list(tmp_path.glob(".*.tmp"))

    # the report made from the scores file alone names the model, its thresholds and the date
    res = run("report", scores, "-o", tmp_path / "r.html", "-q")
    assert res.exit_code == 0, res.output
    page = (tmp_path / "r.html").read_text()
    name = Path(tiny_model).name
    summary = re.search(r'<p class="lead summary">([^<]*)</p>', page).group(1)
    assert f"model {name}" in summary and "not recorded" not in page
    header = re.search(r'<p class="run-line">(.*?)</p>', page).group(1)
    assert f"<b>{name}</b>" in header and "hedging 0.700" in header
    assert f"scored {meta['created'].replace('T', ' ').replace('Z', ' UTC')}" in header
    assert re.search(r'<th>hedging</th><td>[^<]*</td><td class="num">0\.700</td>'
                     r'<td class="muted">recorded at scoring \(s\.jsonl\.meta\.json\)</td>', page)
    assert html.escape(f"\u201c{builtin['hedging'].templates[0]}\u201d") in page
    assert f"4 documents, {len(rows)} sentences" in page
    # a profile made from the scores carries the same run metadata into its JSON and its report
    res = run("profile", scores, "-o", tmp_path / "p.json", "-q")
    assert res.exit_code == 0, res.output
    pmeta = json.loads((tmp_path / "p.json").read_text())["meta"]
    assert pmeta["model"]["name"] == name and pmeta["markers"]["hedging"]["threshold"] == 0.7
    res = run("report", tmp_path / "p.json", "-o", tmp_path / "rp.html", "-q")
    assert res.exit_code == 0, res.output
    assert f"<b>{name}</b>" in (tmp_path / "rp.html").read_text()
    # --model and --markers passed to the report still take precedence
    card_dir = tmp_path / "card-only"
    card_dir.mkdir()
    (card_dir / "card.json").write_text(json.dumps({"name": "demo-nli", "summary": "For tests."}))
    (tmp_path / "m2.toml").write_text("[hedging]\nthreshold = 0.75\n")
    res = run("report", scores, "-o", tmp_path / "r2.html", "--model", card_dir, "--markers", tmp_path / "m2.toml")
    assert res.exit_code == 0, res.output
    page2 = (tmp_path / "r2.html").read_text()
    assert "<b>demo-nli</b>" in page2 and re.search(r'<th>hedging</th><td>[^<]*</td><td class="num">0\.750</td>', page2)


def test_a_report_without_or_with_a_stale_sidecar_never_shows_a_model_that_did_not_score(tiny_model, small_corpus,
                                                                                        tmp_path):
    scores = tmp_path / "s.csv"
    assert run("score", small_corpus, "-o", scores, "--model", tiny_model, "-q").exit_code == 0
    side = scores.with_name("s.csv.meta.json")
    name = Path(tiny_model).name
    # the scores file changed after scoring (here: a row removed): the recorded run no longer describes it
    lines = scores.read_text().splitlines(keepends=True)
    scores.write_text("".join(lines[:-1]))
    res = run("report", scores, "-o", tmp_path / "stale.html", "-q")
    assert res.exit_code == 0, res.output
    page = (tmp_path / "stale.html").read_text()
    assert "records another version of s.csv" in page and "not recorded in the input" in page
    assert f"<b>{name}</b>" not in page and "recorded at scoring" not in page
    # an unreadable sidecar is ignored with a note
    side.write_text("{half")
    res = run("report", scores, "-o", tmp_path / "bad.html", "-q")
    assert res.exit_code == 0, res.output
    assert "s.csv.meta.json beside the scores file is unreadable" in (tmp_path / "bad.html").read_text()
    # no sidecar at all: the report works and says the model is not recorded
    side.unlink()
    res = run("report", scores, "-o", tmp_path / "none.html", "-q")
    assert res.exit_code == 0, res.output
    page = (tmp_path / "none.html").read_text()
    assert "not recorded in the input" in page and "run metadata" not in page
    # the API reads the sidecar too, when given the path
    assert run("score", small_corpus, "-o", scores, "--model", tiny_model, "-q").exit_code == 0
    page = framing.write_report(scores, tmp_path / "api.html").read_text()
    assert f"<b>{name}</b>" in page


def test_the_sidecar_follows_rewrites_and_interrupted_runs_resume(tiny_model, small_corpus, tmp_path):
    from framing._batch import score_file

    out = tmp_path / "s.jsonl"
    side = out.with_name("s.jsonl.meta.json")
    score_file(small_corpus, out, framing.Scorer(tiny_model), shard_size=1)
    first = sidecar(out)
    assert list(first["markers"]) == ["hedging", "attribution", "loaded_language"]

    # a new run into the same output, with other markers, interrupted: the old output and its sidecar stay as they
    # were, and still agree
    scorer = framing.Scorer(tiny_model, ["hedging"])
    interrupt_scoring(scorer, small_corpus, out)
    assert sidecar(out) == first
    assert first["output"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()

    # resumed: the output is rewritten and so is the sidecar, which now records the new markers and the resume
    summary = score_file(small_corpus, out, scorer, shard_size=1)
    assert summary.shards_reused == 2
    second = sidecar(out)
    assert list(second["markers"]) == ["hedging"] and second["counts"]["shards_resumed"] == 2
    assert second["counts"]["shards"] == 4 and second["counts"]["documents"] == 4
    assert second["output"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert "attribution_score" not in out.read_text() and side.exists()
    assert not out.with_name("s.jsonl.parts").exists()

    # a run that fails before writing (nothing to score) leaves the output and its sidecar alone
    empty = tmp_path / "empty"
    (empty / "x").mkdir(parents=True)
    (empty / "x" / "a.txt").write_text("Share this article\n")
    with pytest.raises(framing.InputError):
        score_file(empty, out, scorer)
    assert sidecar(out) == second


SOURCE_SENTENCES = [
    "Officials said the bridge may reopen on Monday.",
    "The mayor claimed the reckless plan was a disaster.",
    "A source close to the council said the deal was shameful.",
    "Critics insisted the company had lied.",
    "The minister said the water is safe.",
    "Police said the road could close.",
    "The council met on Tuesday.",
]


def _sourced_results() -> list[SentenceResult]:
    """Sentences with the scorer's own evidence (cue terms, attribution source and cue spans); decided by cues."""
    markers = framing.builtin_markers()
    out = []
    for o, outlet in enumerate(("herald", "courier")):
        for a in range(4):
            for i in range(5):
                text = SOURCE_SENTENCES[(a * 5 + i + 3 * o) % len(SOURCE_SENTENCES)]
                evidence = {m: marker_evidence(m, mk, text) for m, mk in markers.items()}
                decisions = {m: bool(evidence[m]) for m in markers}
                scores = {m: 0.9 if decisions[m] else 0.1 for m in markers}
                out.append(SentenceResult(f"{outlet}-{a}", outlet, i, text, scores, decisions, evidence))
    return out


def test_the_report_shows_who_is_quoted_and_the_cue_words(tmp_path):
    results = _sourced_results()
    profiles = framing.profile_outlets(results)
    assert all(p.attribution is not None and p.attribution.sources for p in profiles)
    page = framing.write_report(results, tmp_path / "r.html").read_text()
    assert '<a href="#sources">' in page and '<section id="sources">' in page
    section = re.search(r'<section id="sources">.*?</section>', page, re.S).group(0)
    for p in profiles:
        row = re.search(rf'<table class="attribution">.*?<tr data-outlet="{p.outlet}">(.*?)</tr>', section, re.S).group(1)
        a = p.attribution
        anon = re.search(r'<td class="num anonymous" data-share="([^"]*)">([^<]*)</td>', row)
        assert anon.group(1) == f"{a.anonymous_share.value:.3f}"
        assert anon.group(2) == f"{a.anonymous_share.value:.3f} [{a.anonymous_share.low:.3f}, {a.anonymous_share.high:.3f}]"
        evaluative = re.search(r'<td class="num evaluative" data-share="([^"]*)">', row)
        assert evaluative.group(1) == f"{a.evaluative_share.value:.3f}"
        assert f">{a.n:,}<" in row
        for source, count in p.top_sources(3):
            assert f"{html.escape(source)}\u00a0<span class=\"muted\">({count:,})</span>" in row
        terms_row = re.search(rf'<table class="terms">.*?<tr data-outlet="{p.outlet}">(.*?)</tr>', section, re.S).group(1)
        for m in ("hedging", "loaded_language", "attribution"):
            cell = re.search(rf'<td class="terms" data-marker="{m}">(.*?)</td>', terms_row).group(1)
            assert p.top_terms(m), (p.outlet, m)
            for term, count in p.top_terms(m, 3):
                assert f"{html.escape(term)}\u00a0<span class=\"muted\">({count:,})</span>" in cell
    # the section survives a profile JSON round trip (framing profile -o p.json; framing report p.json)
    framing.save_profiles(profiles, tmp_path / "p.json")
    page = framing.write_report(tmp_path / "p.json", tmp_path / "p.html").read_text()
    assert '<table class="attribution">' in page and '<table class="terms">' in page
    # without an attribution marker there is no "who is quoted" table, but cue words remain
    only = [SentenceResult(r.doc_id, r.outlet, r.index, r.text, {"hedging": r.scores["hedging"]},
                           {"hedging": r.decisions["hedging"]}, {"hedging": r.evidence["hedging"]}) for r in results]
    page = framing.write_report(only, tmp_path / "h.html").read_text()
    assert '<table class="attribution">' not in page and '<table class="terms">' in page
