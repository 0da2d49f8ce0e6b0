"""Attribution structure (framing._evidence), its place in scorer evidence, profiles and comparisons."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import framing
from framing import SentenceResult, Span
from framing._evidence import (
    Attribution,
    attribution_spans,
    classify_source,
    extract_attribution,
    marker_evidence,
    normalise_source,
    split_label,
)

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "samples" / "attribution_spans.jsonl"


def _parts(text: str) -> tuple:
    a = extract_attribution(text)
    assert a is not None, text
    return (a.source.text if a.source else None, a.source_type, a.cue.text, a.cue_type,
            a.content.text if a.content else None)


@pytest.mark.parametrize("text, expected", [
    # "X said (that) ..."
    ("Harbour Commissioner Tove Reinholt said on Monday that the dredging would start in April.",
     ("Harbour Commissioner Tove Reinholt", "named_person", "said", "neutral", "the dredging would start in April")),
    ("Officials said the ring road would stay closed.",
     ("Officials", "unspecified", "said", "neutral", "the ring road would stay closed")),
    # quote first, subject then verb; and inverted with a non-restrictive clause
    ("“We found nothing unusual,” the port authority said.",
     ("the port authority", "named_organisation", "said", "neutral", "We found nothing unusual")),
    ("“The roof was never inspected,” said Mr. Quarrie, who lives next door.",
     ("Mr. Quarrie", "named_person", "said", "neutral", "The roof was never inspected")),
    # according to, front and end
    ("According to the tax office, 4,200 firms filed late.",
     ("the tax office", "named_organisation", "According to", "neutral", "4,200 firms filed late")),
    ("The pier will be sold, according to a person familiar with the sale.",
     ("a person familiar with the sale", "anonymous", "according to", "neutral", "The pier will be sold")),
    # anonymous sources
    ("An engineer who asked not to be named said the welds had cracked.",
     ("An engineer who asked not to be named", "anonymous", "said", "neutral", "the welds had cracked")),
    ("Sources close to the board said the chairman would step down.",
     ("Sources close to the board", "anonymous", "said", "neutral", "the chairman would step down")),
    # evaluative cue verbs
    ("The developer insisted that the tower met every regulation.",
     ("The developer", "named_organisation", "insisted", "evaluative", "the tower met every regulation")),
    ("Critics claimed the levy would drive shops out of the centre.",
     ("Critics", "unspecified", "claimed", "evaluative", "the levy would drive shops out of the centre")),
    # pronoun source
    ("“I saw the van leave at midnight,” she said.",
     ("she", "unspecified", "said", "neutral", "I saw the van leave at midnight")),
    # several cues: the main one, content stops before the second tag
    ("“We are ready,” the coach said, adding that two players were injured.",
     ("the coach", "named_person", "said", "neutral", "We are ready")),
    ("Police said that neighbours had claimed the dog was dangerous.",
     ("Police", "named_organisation", "said", "neutral", "neighbours had claimed the dog was dangerous")),
    # appositive: the name is the source
    ("Kestrel Ward's head nurse, Agathe Lumley, said the unit was full.",
     ("Agathe Lumley", "named_person", "said", "neutral", "the unit was full")),
    # content first, then source and verb; parenthetical has no contiguous content
    ("The ferry will not sail tonight, the operator said.",
     ("the operator", "named_organisation", "said", "neutral", "The ferry will not sail tonight")),
    ("The bill, officials said, would exceed the budget.",
     ("officials", "unspecified", "said", "neutral", None)),
])
def test_extracts_source_cue_content_and_types(text, expected):
    assert _parts(text) == expected


@pytest.mark.parametrize("text", [
    "The bridge reopened on Monday after repairs.",
    "The company is reportedly planning to cut 500 jobs.",          # agentless hearsay (guide A7)
    "Ticket prices will be announced in May.",                      # passive, no source
    "The minister declined to comment.",                             # speech act with no content (A8)
    "Regime cracks down on student protests",                       # "protests" is a noun here
    "Police found an explosive device near the station.",           # a physical find (A11)
    "“We will rebuild every home that was lost.”",                  # a quote with no speaker (A6)
])
def test_no_attribution_where_there_is_none(text):
    assert extract_attribution(text) is None
    assert attribution_spans(text) == []


def test_extract_attribution_is_public_api():
    assert {"extract_attribution", "Attribution"} <= set(framing.__all__)
    text = "“The line will reopen on Friday,” said Mayor Tilde Varga, who chairs the board."
    a = framing.extract_attribution(text)
    assert isinstance(a, framing.Attribution) and a == extract_attribution(text)
    assert (a.source.text, a.source_type, a.cue.text, a.cue_type, a.content.text) == (
        "Mayor Tilde Varga", "named_person", "said", "neutral", "The line will reopen on Friday")
    assert all(text[s.start:s.end] == s.text for s in (a.source, a.cue, a.content))
    assert framing.extract_attribution("The bridge reopened on Monday.") is None
    assert framing.extract_attribution("Officials said it. " * 200) is None          # over 2,000 characters
    with pytest.raises(framing.InputError, match="str"):
        framing.extract_attribution(None)  # type: ignore[arg-type]


def test_spans_are_offsets_labelled_with_types_and_round_trip():
    text = "“The tide is turning,” claimed Odile Braxmeier, the party's leader."
    spans = attribution_spans(text)
    assert [(s.label, s.text) for s in spans] == [
        ("content", "The tide is turning"), ("cue:evaluative", "claimed"), ("source:named_person", "Odile Braxmeier")]
    for s in spans:
        assert text[s.start:s.end] == s.text
    back = Attribution.from_spans(spans)
    assert back == extract_attribution(text)
    assert Attribution.from_dict(json.loads(json.dumps(back.to_dict()))) == back
    assert split_label("source:anonymous") == ("source", "anonymous") and split_label("cue") == ("cue", None)


def test_classify_source_rules():
    assert classify_source("Mayor Ines Varga") == "named_person"
    assert classify_source("the health inspector") == "named_person"        # a unique role
    assert classify_source("Halden Foods") == "named_organisation"
    assert classify_source("a spokeswoman for the ministry") == "named_organisation"
    assert classify_source("The audit") == "named_organisation"              # documents count as organisations
    assert classify_source("a senior official", "a senior official, who asked not to be named") == "anonymous"
    assert classify_source("two people briefed on the plan") == "anonymous"
    assert classify_source("Economists at Alderic Bank") == "unspecified"
    assert classify_source("they") == "unspecified"
    assert normalise_source("The Ministry  of Ports’") == "ministry of ports"


def test_marker_evidence_merges_lexicon_cues_without_duplicates():
    markers = framing.builtin_markers()
    text = "A spokesperson for the ministry said the report, which critics claimed was biased, would be published."
    spans = marker_evidence("attribution", markers["attribution"], text)
    labels = [(s.label, s.text) for s in spans]
    assert ("source:named_organisation", "A spokesperson for the ministry") in labels
    assert ("cue:neutral", "said") in labels
    # the lexicon cue inside the content stays, as the sentence's second attribution (who claimed what)
    assert ("cue:evaluative#2", "claimed") in labels and ("source:unspecified#2", "critics") in labels
    assert ("cue", "claimed") not in labels
    assert ("cue", "said") not in labels and ("cue", "a spokesperson") not in labels   # no duplicate cues
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    hedges = marker_evidence("hedging", markers["hedging"], "Officials said the bridge may reopen.")
    assert [(s.label, s.text) for s in hedges] == [("cue", "may")]


def test_scorer_evidence_carries_the_structure_through_rows_and_json(tiny_scorer):
    corpus = tiny_scorer.score(["“The tanks are empty,” an official who asked not to be named told reporters."])
    r = corpus[0]
    labels = [(s.label, s.text) for s in r.evidence["attribution"] if s.label != "driver"]  # drivers: test_drivers
    assert labels == [("content", "The tanks are empty"), ("source:anonymous", "an official who asked not to be named"),
                      ("cue:neutral", "told")]
    back = SentenceResult.from_row(json.loads(json.dumps(r.to_row())))
    assert back.evidence == r.evidence
    assert SentenceResult.from_dict(json.loads(json.dumps(r.to_dict()))).evidence == r.evidence
    assert Attribution.from_spans(back.evidence["attribution"]).source_type == "anonymous"


def _result(outlet: str, doc: str, i: int, text: str, attributed: bool = True, hedged: bool = False,
            loaded: bool = False) -> SentenceResult:
    markers = framing.builtin_markers()
    decisions = {"hedging": hedged, "attribution": attributed, "loaded_language": loaded}
    return SentenceResult(doc, outlet, i, text, {m: 0.9 if d else 0.1 for m, d in decisions.items()}, decisions,
                          {m: marker_evidence(m, markers[m], text) for m in decisions})


def _corpus() -> list[SentenceResult]:
    return [
        _result("north", "n1", 0, "The mayor said the bridge may reopen.", hedged=True),
        _result("north", "n1", 1, "“It is safe,” the mayor said."),
        _result("north", "n2", 0, "Sources close to the council claimed the repairs were a reckless scheme.",
                loaded=True),
        _result("north", "n2", 1, "She said the river might flood again.", hedged=True),
        _result("north", "n2", 2, "The regime's reckless plan was a fiasco.", attributed=False, loaded=True),
        _result("north", "n3", 0, "Engineers said the bridge was sound."),
        _result("south", "s1", 0, "Engineers said the bridge was sound."),
        _result("south", "s1", 1, "Residents insisted the water was brown.", hedged=False),
        _result("south", "s2", 0, "The bridge may possibly reopen in spring.", attributed=False, hedged=True),
        _result("south", "s2", 1, "Officials said nothing had been decided."),
        # decided negative: its source must not be counted
        _result("south", "s2", 2, "Rumours said the mayor would quit.", attributed=False),
    ]


def test_profiles_report_sources_shares_and_terms():
    north, south = framing.profile_outlets(_corpus())
    assert north.outlet == "north"
    assert north.top_sources(3) == [("mayor", 2), ("engineers", 1), ("sources close to the council", 1)]
    assert north.attribution.n == 5                               # the pronoun counts in shares, not in the list
    assert north.attribution.source_types == {"anonymous": 1, "named_person": 2, "unspecified": 2}
    assert north.anonymous_share.value == pytest.approx(1 / 5)
    assert north.evaluative_share.value == pytest.approx(1 / 5)
    assert north.anonymous_share.low <= north.anonymous_share.value <= north.anonymous_share.high
    assert north.top_terms("hedging") == [("may", 1), ("might", 1)]
    assert north.top_terms("loaded_language") == [("reckless", 2), ("fiasco", 1), ("regime", 1), ("scheme", 1)]
    assert ("said", 4) in north.top_terms("attribution")
    assert south.top_sources() == [("engineers", 1), ("officials", 1), ("residents", 1)]
    assert south.anonymous_share.value == 0.0 and south.evaluative_share.value == pytest.approx(1 / 3)
    assert south.top_terms("hedging") == [("may", 1), ("possibly", 1)]


def test_profiles_with_attribution_round_trip_through_json_and_the_tidy_frame(tmp_path):
    profiles = framing.profile_outlets(_corpus())
    path = framing.save_profiles(profiles, tmp_path / "p.json")
    assert framing.load_profiles(path) == profiles
    frame = framing.profiles_to_frame(profiles)
    back = framing.profiles_from_frame(frame)
    assert [(p.outlet, p.markers, p.attribution) for p in back] == [(p.outlet, p.markers, p.attribution)
                                                                      for p in profiles]
    frame.to_csv(tmp_path / "p.csv", index=False)
    import pandas as pd

    from_csv = framing.profiles_from_frame(pd.read_csv(tmp_path / "p.csv"))
    assert [p.attribution for p in from_csv] == [p.attribution for p in profiles]
    assert [p.markers["hedging"].terms for p in from_csv] == [p.markers["hedging"].terms for p in profiles]


def test_profiles_without_evidence_have_no_shares_and_still_round_trip(tmp_path):
    plain = [SentenceResult("d", "x", i, "s", {"attribution": 0.9}, {"attribution": True}) for i in range(3)]
    (p,) = framing.profile_outlets(plain)
    assert p.attribution.n == 0 and p.anonymous_share is None and p.top_sources() == []
    assert framing.load_profiles(framing.save_profiles([p], tmp_path / "p.json")) == [p]


def test_compare_reports_sources_quoted_by_one_outlet_only():
    north, south = framing.profile_outlets(_corpus())
    diff = framing.compare(north, south)
    assert diff.only_in_a == (("mayor", 2), ("sources close to the council", 1))
    assert diff.only_in_b == (("officials", 1), ("residents", 1))
    assert diff.anonymous_share.value == pytest.approx(1 / 5)
    assert diff.evaluative_share.value == pytest.approx(1 / 5 - 1 / 3)
    d = json.loads(json.dumps(diff.to_dict()))
    assert d["only_in_a"][0] == ["mayor", 2] and d["anonymous_share"]["value"] == pytest.approx(0.2)


def test_gold_file_is_consistent():
    rows = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert len(rows) >= 170 and len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["cue"] is not None and r["cue_type"] in ("neutral", "evaluative")
        assert (r["source"] is None) == (r["source_type"] is None)
        assert r["source_type"] in (None, "named_person", "named_organisation", "anonymous", "unspecified")
        for role in ("source", "cue", "content"):
            if r[role] is not None:
                a, b = r[role]
                assert 0 <= a < b <= len(r["text"]) and r["text"][a:b] == r["text"][a:b].strip(), (r["id"], role)


def test_eval_script_prints_json_last_and_fails_below_a_minimum():
    script = REPO / "scripts" / "eval_attribution.py"
    ok = subprocess.run([sys.executable, str(script), "--split", "test", "--min-source-f1", "0.5"],
                        capture_output=True, text=True, cwd=REPO)
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout.strip().splitlines()[-1])
    assert report["source"]["exact"]["f1"] >= 0.5 and report["passed"] is True
    assert set(report) >= {"source", "cue", "content", "source_type", "cue_type"}
    bad = subprocess.run([sys.executable, str(script), "--min-source-f1", "1.01"], capture_output=True, text=True,
                         cwd=REPO)
    assert bad.returncode == 1 and json.loads(bad.stdout.strip().splitlines()[-1])["passed"] is False
