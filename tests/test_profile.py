from __future__ import annotations

import json
import random

import pytest

import framing
from framing import SentenceResult


def _results(seed: int = 0) -> list[SentenceResult]:
    rng = random.Random(seed)
    out = []
    for outlet, p_hedge in (("calm", 0.1), ("hedgy", 0.6)):
        for doc in range(8):
            for i in range(10):
                score = rng.random() * 0.4 + (0.6 if rng.random() < p_hedge else 0.0)
                out.append(SentenceResult(f"{outlet}-{doc}", outlet, i, f"s{i}", {"hedging": score, "attribution": 0.1},
                                          {"hedging": score >= 0.5, "attribution": False}))
    return out


def test_rates_counts_and_intervals():
    results = _results()
    profiles = framing.profile_outlets(results)
    assert [p.outlet for p in profiles] == ["calm", "hedgy"]
    for p in profiles:
        assert p.n_articles == 8 and p.n_sentences == 80
        stat = p.markers["hedging"]
        expected = sum(r.decisions["hedging"] for r in results if r.outlet == p.outlet)
        assert stat.count == expected
        assert stat.rate.value == pytest.approx(expected / 80)
        assert stat.rate.low <= stat.rate.value <= stat.rate.high
        assert stat.rate.high - stat.rate.low > 0
        assert all(e.score >= 0.5 for e in stat.top) and len(stat.top) == 3
        assert stat.top[0].score == pytest.approx(max(r.scores["hedging"] for r in results if r.outlet == p.outlet and r.decisions["hedging"]), abs=1e-6)
    assert profiles[1].rate("hedging") > profiles[0].rate("hedging")


def test_profiles_do_not_depend_on_input_order_and_are_seeded():
    results = _results()
    shuffled = results[:]
    random.Random(1).shuffle(shuffled)
    assert framing.profile_outlets(results) == framing.profile_outlets(shuffled)
    other_seed = framing.profile_outlets(results, seed=5)
    assert other_seed[0].markers["hedging"].rate.value == framing.profile_outlets(results)[0].markers["hedging"].rate.value


def test_compare_reports_a_significant_difference_with_an_interval():
    calm, hedgy = framing.profile_outlets(_results())
    diff = framing.compare(hedgy, calm).markers["hedging"]
    assert diff.rate.value == pytest.approx(hedgy.rate("hedging") - calm.rate("hedging"))
    assert diff.rate.low > 0 and diff.significant
    assert not framing.compare(hedgy, calm).markers["attribution"].significant


def test_profiles_round_trip_through_json_and_a_tidy_frame(tmp_path):
    profiles = framing.profile_outlets(_results())
    path = framing.save_profiles(profiles, tmp_path / "p.json", {"model": "x"})
    assert framing.load_profiles(path) == profiles
    assert json.loads(path.read_text())["meta"] == {"model": "x"}
    frame = framing.profiles_to_frame(profiles)
    assert set(frame["marker"]) == {"hedging", "attribution"} and len(frame) == 4
    back = framing.profiles_from_frame(frame)
    assert [(p.outlet, p.markers) for p in back] == [(p.outlet, p.markers) for p in profiles]
