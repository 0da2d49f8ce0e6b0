"""Quotations and speakers (framing._quotes, framing._speakers), voice split, and the issue-22 extractor fixes."""

from __future__ import annotations

import numpy as np
import pytest

from framing import SentenceResult, Span, builtin_markers
from framing._evidence import extract_attribution, marker_evidence
from framing._quotes import find_quotes, own_voice_text, quoted_text, sentence_quotes
from framing._scorer import structure_hits
from framing._speakers import SpeakerNames, merge_across
from framing._types import Quote


def _src(text: str) -> tuple:
    a = extract_attribution(text)
    assert a is not None, text
    return a.source.text if a.source else None, a.source_type, a.cue.text


# --- extractor mistakes listed in issue 22 ------------------------------------------------------

@pytest.mark.parametrize("text, source", [
    ("Unfortunately, the ministry said the line would close.", "the ministry"),
    ("Nevertheless, officials said the bridge was safe.", "officials"),
    ("Nevertheless he added that the talks would go on.", "he"),
    ("Predictably, Ms Hale insisted the plan was sound.", "Ms Hale"),
])
def test_sentence_adverbs_are_not_sources(text, source):
    assert _src(text)[0] == source


def test_noun_phrase_sources_are_narrowed():
    assert _src("Mr Varga’s comments to reporters showed that he had not read the report.")[0] == "Mr Varga"
    assert _src("Mr Varga’s comments to the committee angered the opposition, which said they were false.")[0] \
        == "the opposition"


def test_united_states_is_not_a_reporting_verb():
    marker = builtin_markers()["attribution"]
    assert [c.text for c in marker.find_cues("The United States imposed new tariffs on Friday.")] == []
    assert [c.text for c in marker.find_cues("The report states that the dam leaks.")] == ["states"]


def test_alleged_is_evidence_for_one_marker_only():
    markers = builtin_markers()
    verb = "Prosecutors alleged that the firm hid losses."
    adjective = "The alleged plot was uncovered in May."
    assert "alleged" not in [s.text for s in marker_evidence("hedging", markers["hedging"], verb)]
    assert "alleged" in [s.text for s in marker_evidence("attribution", markers["attribution"], verb)]
    assert "alleged" not in [s.text for s in marker_evidence("attribution", markers["attribution"], adjective)]


@pytest.mark.parametrize("text", [
    "The talks failed, according to Secretary of State Alma Fenwick.",
    "The government of Ruritania has denied the accusation.",
    "Ruritania has consistently maintained that the border is closed.",
    "“We will not yield,” he added.",
    "“We will not yield,” he said.",
])
def test_reported_speech_gives_structured_evidence(text):
    assert structure_hits([text])[0] == 1.0


def test_no_structure_in_plain_narration():
    assert structure_hits(["The bridge reopened on Friday after repairs.", "The so-called 'reform' stalled."]).tolist() \
        == [0.0, 0.0]


# --- quotations ----------------------------------------------------------------------------------

DOC = ("The minister spoke on Monday.\n\n"
       "“It was a grave mistake. We raised it with them,” Mr Okafor told reporters. "
       "He said: “We will not back down.”\n\n"
       "Lena Okafor, the foreign minister, said talks were over. The so-called 'reform' stalled.\n\n"
       "The statement read: «We regret nothing.»")


def test_quotes_across_sentences_keep_their_speaker():
    qs = find_quotes(DOC)
    first = qs[0]
    assert first.kind == "direct" and first.text.startswith("It was a grave mistake. We raised")
    assert first.speaker == "Lena Okafor"  # "Mr Okafor" merged with the full name given later
    assert qs[1].speaker == "Lena Okafor"  # "He" resolved to the last named person
    scare = [q for q in qs if q.kind == "scare"]
    assert [q.text for q in scare] == ["reform"] and scare[0].speaker is None
    assert qs[-1].text == "We regret nothing." and qs[-1].speaker == "statement"


def test_quote_continued_in_the_next_paragraph():
    doc = "She said: “We came.\n\n“We saw. We won.”\n\nThe crowd cheered."
    qs = find_quotes(doc)
    assert len(qs) == 1 and qs[0].text.endswith("We won.") and "We came." in qs[0].text


@pytest.mark.parametrize("doc, text, kind", [
    ('"Never," she said.', "Never,", "direct"),
    ("‘We will see,’ said Ms Hale.", "We will see,", "direct"),
    ("The senator called the bill ‘seriously flawed’ on Monday.", "seriously flawed", "partial"),
    ("It is the officials' view that the \"reform\" failed.", "reform", "scare"),
    ("“The plan, as he put it, was ‘doomed’ from the start,” Ms Hale said.", None, "direct"),
])
def test_quote_styles(doc, text, kind):
    qs = find_quotes(doc)
    assert len(qs) == 1
    assert qs[0].kind == kind
    if text is not None:
        assert qs[0].text == text


def test_sentence_parts_voice_split_and_rows():
    text = "“We will not yield,” Ms Hale said of the cruel plan."
    qs = sentence_quotes(find_quotes(text), 0, len(text), text)
    assert own_voice_text(text, qs) == "[quote] Ms Hale said of the cruel plan."
    assert quoted_text(text, qs) == "We will not yield,"
    assert own_voice_text("“We will not yield.”", sentence_quotes(find_quotes("“We will not yield.”"), 0, 20,
                                                                  "“We will not yield.”")) == ""
    r = SentenceResult("d", "o", 0, text, {"m": 0.9}, {"m": False}, {"m": []}, quotes=qs,
                       own_scores={"m": 0.1}, quoted_scores={"m": 0.95}, own_decisions={"m": False},
                       quoted_decisions={"m": True})
    row = r.to_row()
    assert row["m_own_score"] == 0.1 and row["m_quoted_score"] == 0.95 and row["quotes"][0]["speaker"] == "Hale"
    assert row["m_own"] is False and row["m_quoted"] is True
    back = SentenceResult.from_row(row)
    assert back == r and "m_own_score" not in back.meta
    assert SentenceResult.from_dict(r.to_dict()) == r


def test_quote_kind_is_checked():
    with pytest.raises(ValueError):
        Quote.from_dict({"start": 0, "end": 1, "text": "x", "kind": "indirect"})


# --- speaker names -------------------------------------------------------------------------------

def test_one_name_per_speaker_in_a_document():
    names = SpeakerNames()
    names.add_text("Lena Okafor, the foreign minister, spoke first. Mr Okafor then left.")
    for m in ("Okafor", "Mr. Okafor", "Mr Okafor", "the foreign minister", "Foreign Minister Lena Okafor"):
        assert names.resolve(m) == "Lena Okafor", m
    assert names.resolve("officials") == "officials"


def test_names_merged_across_a_run():
    merged = merge_across(["Alma Fenwick", "Fenwick", "Secretary of State Alma Fenwick", "Dr. Fenwick", "Hale",
                           "Tom Hale", "Ann Hale"])
    assert {merged[n] for n in ("Alma Fenwick", "Fenwick", "Secretary of State Alma Fenwick", "Dr. Fenwick")} \
        == {"Alma Fenwick"}
    assert merged["Hale"] == "Hale"  # two full names end in Hale: not merged


def test_scorer_rows_carry_quotes_and_voice_scores(tiny_scorer):
    doc = {"id": "d1", "outlet": "o", "text": "“It failed. It was a disaster,” Mr Okafor said. The bridge reopened."}
    corpus = tiny_scorer.score([doc])
    quoted = [r for r in corpus if r.quotes]
    assert quoted and all(q.speaker == "Okafor" for r in quoted for q in r.quotes)
    plain = [r for r in corpus if not r.quotes]
    assert plain and all(r.own_scores == r.scores and r.quoted_scores == {} for r in plain)
    first = corpus[0]
    assert first.text.startswith("“It failed.")
    assert all(v == 0.0 for v in first.own_scores.values())  # all quoted: nothing in the outlet's own words
    assert np.allclose(list(first.quoted_scores.values()), list(first.scores.values()))


def test_every_attribution_of_a_sentence():
    from framing._evidence import extract_attributions

    found = extract_attributions("Smith said the plan failed, adding that nobody was to blame.")
    assert [(a.cue.text, a.source.text, a.content.text) for a in found] == [
        ("said", "Smith", "the plan failed"), ("adding", "Smith", "nobody was to blame")]
    two = extract_attributions("Officials said the talks had stalled, and Ms Hale told reporters she would leave.")
    assert [(a.cue.text, a.source.text) for a in two] == [("said", "Officials"), ("told", "Ms Hale")]
    assert extract_attributions("The bridge reopened on Friday.") == []


@pytest.mark.parametrize("doc, speaker", [
    ("Caddell continued:\n\n\"The health issue is a partisan issue, and it always was.\"", "Caddell"),
    ("“Promise you will keep your hands in sight,” Blige sings to the crowd.", "Blige"),
    ("Ms Hale adds, “What kind of genius loses a billion in a year?”", "Hale"),
])
def test_speakers_with_other_verbs(doc, speaker):
    qs = find_quotes(doc)
    assert len(qs) == 1 and qs[0].speaker == speaker


def test_profiles_merge_speakers_and_give_voice_rates(tmp_path):
    import framing

    markers = builtin_markers()

    def result(doc: str, i: int, text: str, outlet: str, loaded_own: bool, loaded_quoted: bool | None) -> SentenceResult:
        qs = sentence_quotes(find_quotes(text), 0, len(text), text)
        decisions = {"attribution": True, "loaded_language": loaded_own}
        quoted = {} if loaded_quoted is None else {"attribution": True, "loaded_language": loaded_quoted}
        return SentenceResult(doc, outlet, i, text, {m: 0.9 if d else 0.1 for m, d in decisions.items()}, decisions,
                              {m: marker_evidence(m, markers[m], text) for m in decisions}, quotes=qs,
                              own_decisions=dict(decisions), quoted_decisions=quoted,
                              quoted_scores={m: 0.9 if d else 0.1 for m, d in quoted.items()})

    rows = [
        result("a1", 0, "Foreign Minister Lena Okafor said the talks were over.", "north", False, None),
        result("a1", 1, "“These cowardly thugs lied to us,” Mr Okafor said.", "north", False, True),
        result("a2", 0, "“We are done with them,” Okafor told reporters.", "north", False, True),
        result("a2", 1, "“We remain open,” said Tom Varga.", "north", False, False),
    ]
    (north,) = framing.profile_outlets(rows)
    assert north.top_sources(2) == [("Lena Okafor", 3), ("Tom Varga", 1)]
    words = dict(north.attribution.quoted_words)
    assert words["Lena Okafor"] == pytest.approx(11 / 14, abs=1e-5) and words["Tom Varga"] == pytest.approx(3 / 14, abs=1e-5)
    stat = north.markers["loaded_language"]
    assert stat.own_rate.value == 0.0 and stat.quoted_rate.value == pytest.approx(2 / 3)
    assert framing.load_profiles(framing.save_profiles([north], tmp_path / "p.json")) == [north]
