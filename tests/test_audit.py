"""The human audit: sampling, the CSV and its validation, PPI++ against ppi_py, audited profiles, labelling page."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import framing
from framing import SentenceResult
from framing.cli import app

runner = CliRunner()


def _results(seed: int = 0) -> list[SentenceResult]:
    """Two fictional outlets; the model over-flags 'loud' (half its flags are wrong)."""
    rng = random.Random(seed)
    out = []
    for outlet, p_true, p_false in (("quiet", 0.1, 0.05), ("loud", 0.3, 0.4)):
        for doc in range(10):
            for i in range(30):
                truth = rng.random() < p_true
                flag = truth or rng.random() < p_false
                score = 0.55 + 0.4 * rng.random() if flag else 0.45 * rng.random()
                out.append(SentenceResult(f"{outlet}-{doc}", outlet, i, f"{outlet} sentence {doc}.{i}",
                                          {"hedging": score}, {"hedging": flag}, meta={"truth": int(truth)}))
    return out


def _label_all(table: framing.AuditTable, results: list[SentenceResult]) -> framing.AuditTable:
    truth = {(r.doc_id, r.index): r.meta["truth"] for r in results}
    return framing.AuditTable(tuple(framing.AuditRow(**{**r.__dict__, "label": truth[r.doc_id, r.index]}) for r in table.rows))


def _scores_file(tmp_path: Path, results: list[SentenceResult]) -> Path:
    path = tmp_path / "scores.jsonl"
    path.write_text("".join(json.dumps(r.to_row()) + "\n" for r in results))
    return path


def test_sampling_is_stratified_seeded_and_order_free():
    results = _results()
    table = framing.sample_audit(results, 20, seed=3)
    assert table == framing.sample_audit(list(reversed(results)), 20, seed=3)
    assert table != framing.sample_audit(results, 20, seed=4)
    for outlet in ("quiet", "loud"):
        rows = [r for r in table.rows if r.outlet == outlet]
        pos = [r for r in rows if r.decision]
        assert len(rows) == 20 and len(pos) == 10
        n_pos = sum(r.decisions["hedging"] for r in results if r.outlet == outlet)
        assert pos[0].weight == pytest.approx(n_pos / 10, abs=1e-5)
    assert len({r.key for r in table.rows}) == len(table.rows)


def test_ppi_plus_plus_agrees_with_ppi_py():
    ppi_py = pytest.importorskip("ppi_py")
    rng = np.random.default_rng(0)
    n, big_n = 3000, 20000
    yhat_u = rng.random(big_n)
    yhat = rng.random(n)
    y = (rng.random(n) < 0.2 + 0.6 * yhat).astype(float)
    for lam in (0.0, 0.5, 1.0, None):
        ours = framing.ppi_mean(y, yhat, yhat_u, lam=lam, finite=False)
        theirs = ppi_py.ppi_mean_pointestimate(y, yhat, yhat_u, lam=lam)
        low, high = ppi_py.ppi_mean_ci(y, yhat, yhat_u, alpha=0.05, lam=lam)
        iv = ours.interval()
        assert ours.value == pytest.approx(float(np.ravel(theirs)[0]), abs=2e-3)
        assert iv.low == pytest.approx(float(np.ravel(low)[0]), abs=2e-3)
        assert iv.high == pytest.approx(float(np.ravel(high)[0]), abs=2e-3)
    tuned = framing.ppi_mean(y, yhat, yhat_u, finite=False)
    assert 0 < tuned.lam <= 1
    assert tuned.se <= framing.ppi_mean(y, yhat, yhat_u, lam=0.0, finite=False).se + 1e-12


def test_audited_rates_correct_an_over_flagging_model(tmp_path):
    results = _results()
    truth = {o: np.mean([r.meta["truth"] for r in results if r.outlet == o]) for o in ("quiet", "loud")}
    table = _label_all(framing.sample_audit(results, 60, seed=1), results)
    profiles = {p.outlet: p for p in framing.profile_outlets(results, audit=table)}
    loud = profiles["loud"].markers["hedging"]
    assert loud.audit is not None and loud.audit.n_labels == 60
    assert abs(loud.audit.audited.value - truth["loud"]) < abs(loud.rate.value - truth["loud"])
    assert loud.audit.audited.low < truth["loud"] < loud.audit.audited.high
    assert loud.audit.audited.high - loud.audit.audited.low > 0
    assert loud.audit.precision < 0.8 and loud.audit.recall == pytest.approx(1.0)  # flags every true sentence
    assert -1 <= loud.audit.kappa <= 1
    assert loud.audit.labels_needed(0.05) > 60
    diff = framing.compare(profiles["loud"], profiles["quiet"]).markers["hedging"]
    assert diff.source == "audited"
    assert diff.rate.value == pytest.approx(loud.audit.audited.value - profiles["quiet"].markers["hedging"].audit.audited.value)
    back = framing.load_profiles(framing.save_profiles(list(profiles.values()), tmp_path / "p.json"))
    assert back[0].markers["hedging"].audit == profiles[back[0].outlet].markers["hedging"].audit
    frame = framing.profiles_to_frame(back)
    assert {"audited_rate", "audited_low", "audited_high", "precision", "recall", "kappa"} <= set(frame.columns)
    assert framing.profiles_from_frame(frame)[0].markers["hedging"].audit == back[0].markers["hedging"].audit
    html = framing.write_report(back, tmp_path / "r.html").read_text()
    assert "Raw and audited rates" in html and "Labels needed" in html


def test_the_audit_csv_round_trips_and_bad_files_give_one_line_errors(tmp_path):
    results = _results()
    path = framing.write_audit(framing.sample_audit(results, 5), tmp_path / "a.csv")
    assert framing.read_audit(path, results) == framing.sample_audit(results, 5)
    scores = _scores_file(tmp_path, results)
    text = path.read_text()
    cases = {
        "unknown.csv": (re.sub(r"\nquiet-(\d+),", r"\nnowhere-\1,", text, count=1), "is not in the scores"),
        "label.csv": (text.rstrip("\n") + "\n", None),
        "marker.csv": (text.replace(",hedging,", ",sarcasm,", 1), "marker 'sarcasm' is not in the scores"),
        "columns.csv": ("a,b\n1,2\n", "missing column"),
    }
    lines = text.splitlines()
    lines[1] = lines[1] + "yes"
    cases["label.csv"] = ("\n".join(lines) + "\n", "label must be 0, 1 or blank")
    for name, (body, message) in cases.items():
        bad = tmp_path / name
        bad.write_text(body)
        with pytest.raises(framing.InputError, match=re.escape(message)):
            framing.read_audit(bad, results)
        res = runner.invoke(app, ["profile", str(scores), "--audit", str(bad)])
        assert res.exit_code == 2, res.output
        assert message in res.output and "Traceback" not in res.output
        assert len(res.output.strip().splitlines()) == 1


def test_cli_sample_then_profile_with_the_audit(tmp_path):
    results = _results()
    scores = _scores_file(tmp_path, results)
    out = tmp_path / "audit.csv"
    res = runner.invoke(app, ["audit", "sample", str(scores), "-n", "30", "-o", str(out), "--seed", "2"])
    assert res.exit_code == 0, res.output
    again = runner.invoke(app, ["audit", "sample", str(scores), "-n", "30", "-o", str(out)])
    assert again.exit_code == 2 and "exists" in again.output  # never overwrites labels
    table = _label_all(framing.read_audit(out, results), results)
    framing.write_audit(table, out)
    res = runner.invoke(app, ["profile", str(scores), "--audit", str(out), "-o", str(tmp_path / "p.json")])
    assert res.exit_code == 0, res.output
    assert "audited" in res.output and "kappa" in res.output
    saved = json.loads((tmp_path / "p.json").read_text())
    assert saved["profiles"][0]["markers"]["hedging"]["audit"]["n_labels"] == 30


def _post(url: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(url + "label", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_labelling_server_saves_every_label_to_the_csv(tmp_path):
    results = _results()
    path = framing.write_audit(framing.sample_audit(results, 3), tmp_path / "a.csv")
    server = framing.LabelServer(path)
    server.start()
    try:
        page = urllib.request.urlopen(server.url, timeout=10).read().decode()
        assert "<script>" in page and "http" not in page.replace(server.url, "")  # no network resources
        rows = json.loads(urllib.request.urlopen(server.url + "rows", timeout=10).read())["rows"]
        assert len(rows) == 6 and all(r["label"] is None for r in rows)
        assert _post(server.url, {"row": 2, "label": 1}) == (200, {"labelled": 1, "total": 6})
        assert framing.read_audit(path, results).rows[2].label == 1
        assert _post(server.url, {"row": 2, "label": None})[0] == 200  # undo
        assert framing.read_audit(path, results).rows[2].label is None
        assert _post(server.url, {"row": 99, "label": 1})[0] == 400
        assert _post(server.url, {"row": 0, "label": 7})[0] == 400
    finally:
        server.close()


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")
def test_the_labelling_page_works_with_the_keyboard_in_headless_chromium(tmp_path):
    results = _results()
    path = framing.write_audit(framing.sample_audit(results, 3), tmp_path / "a.csv")
    server = framing.LabelServer(path)
    server.start()
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", "--dump-dom"]
    try:
        # label 1, label 0, step back, relabel as 1, undo that, move on: rows 0 and 1 end as 1 and 0
        dom = subprocess.run([*flags, server.url + "?replay=1,0,ArrowLeft,1,u,ArrowRight,1"], capture_output=True,
                             text=True, timeout=120, check=True).stdout
        assert 'data-ready="1"' in dom and 'data-replayed="1"' in dom
        labels = [r.label for r in framing.read_audit(path, results).rows]
        assert labels == [1, 0, 1, None, None, None]
        # reopening resumes at the first unlabelled sentence
        dom = subprocess.run([*flags, server.url], capture_output=True, text=True, timeout=120, check=True).stdout
        assert 'data-position="3"' in dom and "3 of 6 labelled" in dom
    finally:
        server.close()
