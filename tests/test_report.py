"""The HTML report (`framing report`) and paper plots (`framing plot`): values, highlighting, escaping, caps, browser."""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import framing
from framing._report import highlight
from framing._types import SentenceResult, Span
from framing.cli import app

from conftest import assert_user_error

runner = CliRunner()
MARKERS = ("hedging", "attribution", "loaded_language")
SENTENCES = [
    "The mayor said the bridge may reopen on Monday.",
    "Officials reportedly found a leak in the tank.",
    "The reckless company caused chaos on the river.",
    "Water was delivered to 41,000 households.",
    "According to the minister, the inquiry could take months.",
    "The council met on Tuesday.",
    "Critics slammed the shameful cover-up.",
    "The river appears to be recovering, experts said.",
]


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


BUILTIN = framing.builtin_markers()


def synthetic(n_outlets: int = 4, n_articles: int = 8, per_article: int = 6, seed: int = 0) -> list[SentenceResult]:
    """Scored sentences without a model: real cue spans from the built-in markers, scores biased per outlet."""
    markers = framing.builtin_markers()
    spans = {t: {m: markers[m].find_cues(t) for m in MARKERS} for t in SENTENCES}
    rng = random.Random(seed)
    out = []
    for o in range(n_outlets):
        outlet = f"outlet-{o}"
        for a in range(n_articles):
            for i in range(per_article):
                text = SENTENCES[rng.randrange(len(SENTENCES))]
                scores = {m: round(min(1.0, max(0.0, rng.random() * 0.8 + 0.1 * (o if m == "hedging" else 1))), 6)
                          for m in MARKERS}
                out.append(SentenceResult(f"{outlet}-a{a}", outlet, i, text, scores,
                                          {m: scores[m] >= BUILTIN[m].threshold for m in MARKERS}, spans[text]))
    return out


def page_of(tmp_path: Path, data, **kwargs) -> str:
    out = framing.write_report(data, tmp_path / "report.html", **kwargs)
    return out.read_text(encoding="utf-8")


def cell(page: str, cls: str, **attrs: str) -> str:
    """Inner HTML of the first element with this class and these data-* attributes."""
    want = "".join(rf'[^>]*data-{k}="{re.escape(html.escape(v, quote=True))}"' for k, v in attrs.items())
    m = re.search(rf'<(td|g)[^>]*class="{cls}[^"]*"{want}[^>]*>(.*?)</\1>', page, re.S)
    assert m, f"no {cls} element with {attrs}"
    return m.group(0)


def test_rates_and_differences_on_the_page_equal_the_profiles(tmp_path):
    results = synthetic()
    page = page_of(tmp_path, results)
    profiles = framing.profile_outlets(results)
    for p in profiles:
        assert p.outlet in page
        for m in MARKERS:
            s = p.markers[m]
            td = cell(page, "num rate", outlet=p.outlet, marker=m)
            assert f'data-rate="{s.rate.value:.3f}"' in td
            assert f"{s.rate.value:.3f} [{s.rate.low:.3f}, {s.rate.high:.3f}]" in td
            assert f"mean score {s.mean_score.value:.3f} [" in td
            bar = re.search(rf'<g class="bar" data-outlet="{p.outlet}" data-marker="{m}" data-rate="([0-9.]+)">'
                            r"<title>([^<]*)</title>", page)
            assert bar and bar.group(1) == f"{s.rate.value:.3f}" and f"{s.count} of {p.n_sentences}" in bar.group(2)
    # outlet-0 has the lowest hedging scores by construction, outlet-3 the highest: a significant difference
    table = re.search(r'<table class="diff" data-marker="hedging">.*?</table>', page, re.S).group(0)
    for a, b in [(profiles[0], profiles[3]), (profiles[1], profiles[2]), (profiles[3], profiles[0])]:
        d = framing.compare(a, b).markers["hedging"] if a.outlet < b.outlet else framing.compare(b, a).markers["hedging"]
        sign = 1 if a.outlet < b.outlet else -1
        td = re.search(rf'<td[^>]*data-a="{a.outlet}" data-b="{b.outlet}"[^>]*>', table).group(0)
        assert f'data-diff="{sign * d.rate.value:.3f}"' in td
        assert (" sig " in td) == d.significant
    assert framing.compare(profiles[0], profiles[3]).markers["hedging"].significant
    assert 'class="cell sig down" data-a="outlet-0" data-b="outlet-3"' in table
    assert 'class="cell sig up" data-a="outlet-3" data-b="outlet-0"' in table


def test_evidence_spans_are_marked_at_their_offsets_and_text_is_escaped(tmp_path):
    text = 'Officials said <script>alert("x")</script> it may rain & "flood".'
    said, may = text.index("said"), text.index("may")
    r = SentenceResult("doc<1>", "<b>Outlet</b>", 0, text, {"hedging": 0.9}, {"hedging": True},
                       {"hedging": [Span(may, may + 3, "cue", "may"), Span(said, said + 4, "source", "said")]})
    page = page_of(tmp_path, [r, SentenceResult("d2", "plain", 0, "Rain.", {"hedging": 0.1}, {"hedging": False})])
    expected = ('Officials <mark title="source">said</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it '
                '<mark title="cue">may</mark> rain &amp; &quot;flood&quot;.')
    assert f'<td class="text">{expected}</td>' in page
    assert "<script>alert" not in page and "<b>Outlet</b>" not in page
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in page and "doc&lt;1&gt;" in page
    assert page.count("<script>") == 1  # only the page's own inline script


def test_highlight_merges_overlaps_clamps_offsets_and_escapes():
    assert highlight("a <b> c", []) == "a &lt;b&gt; c"
    assert highlight("may be", [Span(0, 3, "cue", "may")]) == '<mark title="cue">may</mark> be'
    # overlapping spans become one mark; spans past the end are clamped; empty/negative ones are ignored
    assert highlight("abcdef", [(1, 3, "x"), (2, 5, "y"), (4, 99, "x"), (3, 3, "z")]) == 'a<mark title="x, y">bcdef</mark>'
    assert highlight("x&y", [(0, 3, 'q"')]) == '<mark title="q&quot;">x&amp;y</mark>'


def test_the_page_is_self_contained(tmp_path):
    page = page_of(tmp_path, synthetic(n_outlets=2, n_articles=3))
    assert not re.search(r"https?://", page)
    assert "<link" not in page and not re.search(r"\bsrc\s*=", page) and "@import" not in page and "url(" not in page
    assert "<style>" in page and "<svg" in page and page.rstrip().endswith("</html>")


def test_fifty_thousand_sentences_keep_the_page_small_and_say_they_are_capped(tmp_path):
    results = synthetic(n_outlets=5, n_articles=1000, per_article=10)
    assert len(results) == 50_000
    page = page_of(tmp_path, results)
    size = (tmp_path / "report.html").stat().st_size
    assert size < 1_500_000, size
    notes = re.findall(r'<p class="note cap-note" data-shown="(\d+)" data-total="(\d+)">([^<]*)</p>', page)
    assert len(notes) == len(MARKERS)
    for shown, total, text in notes:
        assert (shown, total) == ("200", "50000")
        assert text.startswith("Showing the 200 highest-scoring of 50,000 sentences")
    for m in MARKERS:
        section = re.search(rf'<section class="marker-table" id="sentences-{m}".*?</section>', page, re.S).group(0)
        scores = [float(s) for s in re.findall(r'<tr data-outlet="[^"]*"><td class="num">\d+</td><td class="num">([0-9.]+)</td>', section)]
        assert len(scores) == 200 and scores == sorted(scores, reverse=True)
        assert scores[0] == round(max(r.scores[m] for r in results), 3)


def test_report_from_a_profile_json_has_rates_and_examples_but_no_sentence_tables(tmp_path):
    from framing._results import write_table

    results = synthetic(n_outlets=3, n_articles=4)
    scores = write_table([r.to_row() for r in results], tmp_path / "scores.jsonl")
    assert run("profile", scores, "-o", tmp_path / "p.json", "-q").exit_code == 0
    res = run("report", tmp_path / "p.json", "-o", tmp_path / "r.html")
    assert res.exit_code == 0, res.output
    page = (tmp_path / "r.html").read_text()
    assert "This report was made from a profile" in page and 'class="sentences"' not in page
    for p in framing.load_profiles(tmp_path / "p.json"):
        assert f'data-rate="{p.markers["hedging"].rate.value:.3f}"' in cell(page, "num rate", outlet=p.outlet, marker="hedging")
        for e in p.markers["attribution"].top:
            assert highlight(e.text, e.spans) in page
    assert 'class="cell sig' in page or 'class="cell"' in page  # the profile JSON keeps per-article data


def test_cli_report_from_a_scores_file_shows_metadata(tiny_model, small_corpus, tmp_path):
    scores = tmp_path / "s.parquet"
    assert run("score", small_corpus, "-o", scores, "--model", tiny_model, "-q").exit_code == 0
    card_dir = tmp_path / "card-only"
    card_dir.mkdir()
    (card_dir / "card.json").write_text(json.dumps({"name": "demo-nli", "summary": "Fine-tuned <for> tests."}))
    (tmp_path / "m.toml").write_text("[hedging]\nthreshold = 0.7\n")
    res = run("report", scores, "-o", tmp_path / "r.html", "--model", card_dir, "--markers", tmp_path / "m.toml")
    assert res.exit_code == 0, res.output
    page = (tmp_path / "r.html").read_text()
    assert "demo-nli" in page and "Fine-tuned &lt;for&gt; tests." in page
    assert re.search(r"<th>hedging</th><td>[^<]*</td><td class=\"num\">0\.700</td>", page)
    attribution = framing.builtin_markers()["attribution"].threshold
    assert re.search(rf"<th>attribution</th><td>[^<]*</td><td class=\"num\">{attribution:.3f}</td>", page)
    assert "2 outlets, 4 articles" in page and "alpha" in page and "beta" in page
    # without --model the page names the model recorded beside the scores file (s.parquet.meta.json) ...
    assert run("report", scores, "-o", tmp_path / "r2.html", "--marker", "hedging", "-q").exit_code == 0
    page2 = (tmp_path / "r2.html").read_text()
    assert f"<b>{Path(tiny_model).name}</b>" in page2 and 'id="sentences-attribution"' not in page2
    # ... and, without that file, says the scores file does not record it
    (tmp_path / "s.parquet.meta.json").unlink()
    assert run("report", scores, "-o", tmp_path / "r3.html", "-q").exit_code == 0
    assert "not recorded in the input" in (tmp_path / "r3.html").read_text()


def test_thresholds_not_recorded_are_inferred_or_flagged(tmp_path):
    results = synthetic(n_outlets=2, n_articles=3)
    page = page_of(tmp_path, results)
    assert "built-in definition, consistent with the decisions" in page
    shifted = [SentenceResult(r.doc_id, r.outlet, r.index, r.text, r.scores,
                              {m: r.scores[m] >= 0.8 for m in r.scores}, r.evidence) for r in results]
    page = page_of(tmp_path, shifted)
    assert "not recorded; the decisions imply a threshold above" in page


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["report", "missing.jsonl", "-o", "r.html"], "input not found"),
        (["report", "{scores}", "-o", "r.txt"], "report output must be an .html file"),
        (["report", "{scores}", "-o", "r.html", "--marker", "sarcasm"], "unknown marker 'sarcasm'"),
        (["report", "{raw}", "-o", "r.html"], "neither a scores file nor a profile table"),
        (["report", "{scores}", "-o", "r.html", "--model", "no/such/model"], "model folder not found"),
        (["report", "{scores}", "-o", "r.html", "--top", "0"], "--top must be at least 1"),
        (["plot", "{scores}", "-o", "fig.gif"], "plot output must be .png, .svg or .pdf"),
        (["plot", "{scores}", "-o", "fig.png", "--metric", "median"], "metric must be 'rate' or 'mean_score'"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(tmp_path, monkeypatch, args, fragment):
    from framing._results import write_table

    monkeypatch.chdir(tmp_path)
    write_table([r.to_row() for r in synthetic(n_outlets=2, n_articles=2)], tmp_path / "scores.jsonl")
    (tmp_path / "raw.jsonl").write_text('{"text": "A sentence.", "outlet": "a"}\n')
    res = run(*[a.format(scores=tmp_path / "scores.jsonl", raw=tmp_path / "raw.jsonl") for a in args])
    assert_user_error(res, fragment)


def test_plot_without_matplotlib_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    profiles = framing.profile_outlets(synthetic(n_outlets=2, n_articles=2))
    framing.save_profiles(profiles, tmp_path / "p.json")
    res = run("plot", tmp_path / "p.json", "-o", tmp_path / "fig.png")
    assert res.exit_code == 2 and "pip install 'framing[plot]'" in res.output
    assert len(res.output.strip().splitlines()) == 1 and not (tmp_path / "fig.png").exists()


def test_plot_profiles_writes_png_and_reproducible_svg(tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install 'framing[plot]')")
    profiles = framing.profile_outlets(synthetic())
    png = framing.plot_profiles(profiles, tmp_path / "fig.png", dpi=100)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 400 and height > 250
    svg1 = framing.plot_profiles(profiles, tmp_path / "a.svg", metric="mean_score").read_text()
    svg2 = framing.plot_profiles(profiles, tmp_path / "b.svg", metric="mean_score").read_text()
    assert svg1 == svg2
    for p in profiles:
        assert f">{p.outlet}</text>" in svg1
    assert "mean score (95% CI)" in svg1 and ">loaded language</text>" in svg1
    one = framing.plot_profiles(profiles[0], tmp_path / "one.pdf", markers=["hedging"])
    assert one.read_bytes()[:5] == b"%PDF-"
    res = run("plot", framing.save_profiles(profiles, tmp_path / "p.json"), "-o", tmp_path / "cli.svg", "--marker", "hedging")
    assert res.exit_code == 0, res.output
    assert ">outlet-3</text>" in (tmp_path / "cli.svg").read_text()


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium; .ci/run does it)")
def test_the_page_renders_in_headless_chromium(tmp_path):
    results = synthetic()
    report = framing.write_report(results, tmp_path / "report.html")
    profiles = framing.profile_outlets(results)
    flags = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", report.resolve().as_uri()], capture_output=True, text=True,
                         timeout=180, check=True).stdout
    assert 'data-report-ready="1"' in dom  # the inline script ran to the end
    for p in profiles:
        assert p.outlet in dom
        for m in MARKERS:
            assert f"{p.markers[m].rate.value:.3f} [{p.markers[m].rate.low:.3f}, {p.markers[m].rate.high:.3f}]" in dom
    # pagination built by the script: every row of each marker's table, 25 per page, the rest hidden
    total = len(results)
    assert dom.count(f"rows 1\u201325 of {total} (page 1 of {-(-total // 25)})") == len(MARKERS)
    section = re.search(r'<section class="marker-table" id="sentences-hedging".*?</section>', dom, re.S).group(0)
    assert len(re.findall(r'<tr data-outlet="[^"]*" hidden="">', section)) == total - 25
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2000", report.resolve().as_uri()],
                   capture_output=True, timeout=180, check=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1280, 2000)
    assert len(data) > 20_000  # not a blank page
