from __future__ import annotations

from pathlib import Path

import pytest

import framing
from framing import MarkerError


def test_builtin_markers_are_data_with_templates_cues_thresholds():
    markers = framing.builtin_markers()
    assert list(markers) == ["hedging", "attribution", "loaded_language"]
    for m in markers.values():
        assert m.templates and all(t.endswith(".") for t in m.templates)
        assert m.cues and 0 < m.threshold < 1 and m.description


def test_user_file_overrides_part_of_a_marker_and_adds_a_new_one(tmp_path: Path):
    f = tmp_path / "my.toml"
    f.write_text('[hedging]\nthreshold = 0.7\n\n[fear]\ndescription = "Appeal to fear"\n'
                 'templates = ["This sentence tries to make the reader afraid."]\ncues = ["terrifying", "threat"]\n')
    markers = framing.load_markers(f)
    assert markers["hedging"].threshold == 0.7
    assert markers["hedging"].templates == framing.builtin_markers()["hedging"].templates
    assert markers["fear"].templates == ("This sentence tries to make the reader afraid.",)
    assert list(markers)[-1] == "fear"


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("[x]\ntemplates = 3\n", "templates"),
        ("[x]\ntemplates = ['A.']\nthreshold = 2\n", "threshold"),
        ("[x]\ntemplates = ['A.']\ncolour = 'red'\n", "unknown key"),
        ("[x]\ntemplates = ['A.']\naggregate = 'median'\n", "aggregate"),
        ("[x\ntemplates = ['A.']\n", "not valid TOML"),
        ("", "no markers"),
    ],
)
def test_malformed_markers_file_is_a_one_line_error(tmp_path: Path, body: str, fragment: str):
    f = tmp_path / "bad.toml"
    f.write_text(body)
    with pytest.raises(MarkerError) as err:
        framing.load_markers(f)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_marker_name_lists_the_known_ones():
    with pytest.raises(MarkerError, match="unknown marker 'sarcasm'; known markers: hedging, attribution"):
        framing.Scorer(markers=["sarcasm"])


def test_markers_file_round_trips(tmp_path: Path):
    markers = framing.builtin_markers()
    path = framing.save_markers(markers, tmp_path / "out.toml")
    again = framing.load_markers(path, include_builtin=False)
    assert again == markers


def test_cue_spans_are_offsets_into_the_sentence():
    hedging = framing.builtin_markers()["hedging"]
    text = "The plan may fail, and it appears to   be stalled, officials reportedly said."
    spans = hedging.find_cues(text)
    assert [s.text for s in spans] == ["may", "appears to", "reportedly"]
    for s in spans:
        assert text[s.start : s.end] == s.text and s.label == "cue"
    assert hedging.find_cues("Mayhem in Maybury") == []
