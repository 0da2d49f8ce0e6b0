"""Honest intervals: never zero width, about 95% coverage when articles vary, a flag for few articles."""

from __future__ import annotations

import numpy as np
import pytest

import framing
from framing import SentenceResult
from framing._intervals import difference_interval, share_bounds, share_interval

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 60), st.floats(0, 1)), min_size=1, max_size=12))
def test_an_interval_for_finitely_many_sentences_is_never_zero_width(articles):
    den = np.array([n for n, _ in articles], dtype=float)
    num = np.floor(den * np.array([f for _, f in articles]))
    iv = share_interval(num, den)
    assert iv.low <= iv.value <= iv.high
    assert 0.0 <= iv.low and iv.high <= 1.0
    assert iv.high - iv.low > 0
    assert difference_interval(num, den, num, den).high - difference_interval(num, den, num, den).low > 0


def test_one_article_gets_a_wide_interval_and_many_articles_a_narrow_one():
    one = share_interval([3], [25])
    many = share_interval([3] * 100, [25] * 100)
    assert one.value == pytest.approx(many.value)
    assert one.high - one.low > 0.2 > 0.05 > many.high - many.low > 0


def test_coverage_is_near_95_percent_on_simulated_corpora():
    """A small version of scripts/simulate_intervals.py: articles whose own rates vary (ICC 0.1)."""
    rng = np.random.default_rng(7)
    p, icc, corpora = 0.15, 0.1, 400
    conc = (1 - icc) / icc
    for k in (1, 10):
        lengths = 5 + rng.poisson(20, size=(corpora, k))
        pos = rng.binomial(lengths, rng.beta(p * conc, (1 - p) * conc, size=(corpora, k)))
        _, low, high = share_bounds(pos, lengths)
        coverage = np.mean((low <= p) & (p <= high))
        assert 0.88 <= coverage <= 0.995, (k, coverage)


def _results(articles: int, outlets=("north", "south")) -> list[SentenceResult]:
    out = []
    for o, outlet in enumerate(outlets):
        for d in range(articles):
            for i in range(20):
                hit = (i + d + o) % 8 == 0
                out.append(SentenceResult(f"{outlet}-{d}", outlet, i, f"s{i}", {"hedging": 0.9 if hit else 0.1},
                                          {"hedging": hit}))
    return out


def test_one_article_per_outlet_is_flagged_everywhere_and_no_difference_is_clear(tmp_path):
    profiles = framing.profile_outlets(_results(1))
    assert all(p.few_articles and p.markers["hedging"].rate.high > p.markers["hedging"].rate.low for p in profiles)
    assert not framing.compare(*profiles).markers["hedging"].significant
    assert framing.load_profiles(framing.save_profiles(profiles, tmp_path / "p.json"))[0].few_articles
    import json

    assert json.loads((tmp_path / "p.json").read_text())["profiles"][0]["few_articles"] is True
    assert framing.profiles_to_frame(profiles)["few_articles"].all()
    assert not any(p.few_articles for p in framing.profile_outlets(_results(6)))
    html = framing.write_report(_results(1), tmp_path / "r.html").read_text()
    assert "few-articles" in html and "north (1)" in html
    svg = framing.plot_profiles(profiles, tmp_path / "f.svg").read_text()
    assert "fewer than 5 articles" in svg and "north (1)" in svg


def test_the_cli_table_warns_about_few_articles(tmp_path):
    from typer.testing import CliRunner

    from framing.cli import app

    scores = tmp_path / "scores.jsonl"
    scores.write_text("".join(__import__("json").dumps(r.to_row()) + "\n" for r in _results(1)))
    res = CliRunner().invoke(app, ["profile", str(scores)])
    assert res.exit_code == 0, res.output
    assert "north *" in res.output and "warning: * few articles for north (1), south (1)" in res.output
    assert "[0.00, 0.00]" not in res.output
