"""Every attribution of a sentence (framing.extract_attributions): the wider cues, their place in the evidence and
in output rows (SentenceResult.attributions, labels tagged #2, #3...), and the bound on huge texts."""

from __future__ import annotations

import json

import pytest

import framing
from framing import SentenceResult
from framing._evidence import attribution_evidence, extract_attribution, extract_attributions
from framing._results import write_table
from framing._types import Attribution, label_group, split_label


def _triples(text: str) -> list[tuple[str, str, str | None]]:
    return [(a.cue.text, a.source.text if a.source else "", a.content.text if a.content else None)
            for a in extract_attributions(text)]


@pytest.mark.parametrize("text, expected", [
    # two speakers in one sentence
    ("Officials said the talks had stalled, while Ms Hale said she would leave.",
     [("said", "Officials", "the talks had stalled"), ("said", "Ms Hale", "she would leave")]),
    ("Inspector Varga told the inquiry that the pumps had failed, but he said nobody was to blame.",
     [("told", "Inspector Varga", "the pumps had failed"), ("said", "he", "nobody was to blame")]),
    # participles after a comma, credited to the attribution before them or to the clause's subject
    ("Mayor Oren Wilks is defending the levy, saying it would pay for the new tram line.",
     [("saying", "Mayor Oren Wilks", "it would pay for the new tram line")]),
    # a second verb of the same subject
    ("Ms Tarrow says the council broke its promise and said she would take the matter to court.",
     [("says", "Ms Tarrow", "the council broke its promise"),
      ("said", "Ms Tarrow", "she would take the matter to court")]),
    # a colon introducing a quotation, with and without a verb
    ("Councillor Brannock continued: “The depot was never safe.”",
     [("continued", "Councillor Brannock", "The depot was never safe")]),
    ("Said Ilse Marwick: “We will not sign this.”", [("Said", "Ilse Marwick", "We will not sign this")]),
    # a source after a dash, at the end of a quotation or in a sentence of its own
    ("“The ferry is our only lifeline.” ― Petra Solvang", [("―", "Petra Solvang", "The ferry is our only lifeline")]),
    # a sentence that starts inside a quotation (the opening mark is in the sentence before)
    ("It was never about the money,” said Tomas Brell, the union's treasurer.",
     [("said", "Tomas Brell", "It was never about the money")]),
    # ``...'' marks
    ("The lack of reciprocity is deplorable,'' said Agna Fell, the director of the port.",
     [("said", "Agna Fell", "The lack of reciprocity is deplorable")]),
    # speech acts with a target (guide rule A9) and clause verbs outside the main rules
    ("The opposition has called for an inquiry into the harbour contract.",
     [("called for", "The opposition", "an inquiry into the harbour contract")]),
    ("The auditor cited a 2019 survey of the sea wall.", [("cited", "The auditor", "a 2019 survey of the sea wall")]),
    ("Ms Ferrante suggested that the vote be postponed.", [("suggested", "Ms Ferrante", "the vote be postponed")]),
    # a title-case headline
    ("Kessenby Mayor Says Bridge Will Reopen in May", [("Says", "Kessenby Mayor", "Bridge Will Reopen in May")]),
])
def test_wider_cues_and_several_attributions(text, expected):
    assert _triples(text) == expected


@pytest.mark.parametrize("text", [
    "The bridge reopened on Friday.",
    "The bill was passed and signed by the governor.",
    "Police questioned a suspect after the fire.",
    "UPDATE: The ferry service has resumed.",
    "The mayor will speak on Monday.",
    "The team continued to train through the storm.",
])
def test_no_attribution_where_there_is_none(text):
    assert extract_attributions(text) == []


def test_the_main_attribution_is_among_them_and_unchanged():
    text = "Officials said the talks had stalled, while Ms Hale said she would leave."
    main = extract_attribution(text)
    every = extract_attributions(text)
    assert main is not None and main in every
    # the wider cues are read for the further attributions only: the main one keeps the reporting-verb rules
    assert extract_attribution("Councillor Brannock continued: “The depot was never safe.”") is None


def test_evidence_labels_group_each_attribution():
    text = "Officials said the talks had stalled, while Ms Hale said she would leave."
    spans = attribution_evidence(extract_attribution(text), extract_attributions(text))
    assert [(s.label, s.text) for s in spans] == [
        ("source:unspecified", "Officials"), ("cue:neutral", "said"), ("content", "the talks had stalled"),
        ("source:named_person#2", "Ms Hale"), ("cue:neutral#2", "said"), ("content#2", "she would leave")]
    assert split_label("source:named_person#2") == ("source", "named_person") and split_label("content#2") == (
        "content", None)
    assert [label_group(s.label) for s in spans] == [1, 1, 1, 2, 2, 2]
    assert Attribution.from_spans(spans) == extract_attribution(text)
    assert Attribution.all_from_spans(spans) == tuple(extract_attributions(text))


def test_scorer_rows_carry_every_attribution(tiny_scorer, tmp_path):
    text = "Officials said the talks had stalled, while Ms Hale said she would leave."
    corpus = tiny_scorer.score([{"id": "d1", "outlet": "north", "text": text}])
    r = corpus[0]
    assert [(a.cue.text, a.source.text) for a in r.attributions] == [("said", "Officials"), ("said", "Ms Hale")]
    assert r.attribution == extract_attribution(text)
    labels = [s.label for s in r.evidence["attribution"] if s.label != "driver"]
    assert "source:named_person#2" in labels and "cue:neutral#2" in labels
    back = SentenceResult.from_row(json.loads(json.dumps(r.to_row())))
    assert back.attributions == r.attributions and back.attribution == r.attribution
    assert SentenceResult.from_dict(json.loads(json.dumps(r.to_dict()))).attributions == r.attributions
    for suffix in (".csv", ".parquet", ".jsonl"):
        path = write_table(corpus.to_rows(), tmp_path / f"rows{suffix}")
        assert framing.load_scores(path)[0].attributions == r.attributions, suffix


def test_other_markers_keep_their_cues_beside_further_attributions():
    markers = framing.builtin_markers()
    text = "Officials said the bridge may reopen, while Ms Hale claimed it was unsafe."
    hedges = framing._evidence.marker_evidence("hedging", markers["hedging"], text)
    assert ("cue", "may") in [(s.label, s.text) for s in hedges]


def test_huge_text_is_bounded():
    # no sentence splitting: a huge text gets no structured attribution instead of quadratic work
    huge = "Officials said " + "the levy was fair, " * 60_000 + "and Ms Hale said it was not."
    assert extract_attributions(huge) == []
    assert extract_attribution(huge) is None


def test_quote_search_on_a_huge_one_sentence_text_keeps_every_quotation():
    # one "sentence" of thousands of quotations (no sentence splitting): the search reads a bounded window around
    # each quotation, so every one is found, and each is read the same wherever it lies in the text
    unit = "“It is a plan,” Mayor Oren Wilks said and then\n\n“it works,” "
    huge_text = unit * 3000
    huge = framing.find_quotes(huge_text, [(0, len(huge_text))])
    assert len(huge) == 2 * 3000
    assert [q.text for q in huge[:2]] == ["It is a plan,", "it works,"]
    assert len({(q.text, q.kind, q.speaker) for q in huge[2:-2:2]}) == 1
    assert len({(q.text, q.kind, q.speaker) for q in huge[3:-2:2]}) == 1
    assert all(huge_text[q.start:q.end] == q.text for q in huge)


@pytest.mark.parametrize("text, sources", [
    # the real-copy mistakes of issue 22 stay fixed in the further attributions too
    ("The United States imposed new tariffs on Friday, officials said.", ["officials"]),
    ("Unfortunately, the ministry said the line would close.", ["the ministry"]),
    ("Nevertheless he added that the talks would go on.", ["he"]),
    ("Mr Varga’s comments to the committee angered the opposition, which said they were false.", ["the opposition"]),
    # a noun cue next to a quotation
    ("“We regret the delay,” the statement read.", ["the statement"]),
])
def test_sources_of_every_attribution_on_real_copy_patterns(text, sources):
    assert [a.source.text for a in extract_attributions(text)] == sources


@pytest.mark.parametrize("text, source, cue", [
    ('The Wooster professor added, "These effects matter."', "The Wooster professor", "added"),
    ("She noted, “The bridge is closed.”", "She", "noted"),
])
def test_a_verb_that_needs_a_clause_reports_a_quotation_after_a_comma(text, source, cue):
    # "added" and "noted" need a reported clause; a quotation after a comma is one (real copy: 'X added, "…"')
    found = framing.extract_attribution(text)
    assert found is not None and found.source.text == source and found.cue.text == cue


@pytest.mark.parametrize("text, source, cue", [
    ('President Ada Marr quickly took a parting shot on Twitter: "Oh no, really big news, perhaps the biggest!"',
     "President Ada Marr", "took"),
    ('Ivo Sand of the port authority spoke of the work with the city: "It is fun to work here."',
     "Ivo Sand of the port authority", "spoke"),
])
def test_a_lead_in_before_a_colon_and_a_quotation_credits_the_quotation(text, source, cue):
    # real copy introduces quotations with lead-ins that are not reporting verbs (wire and release style)
    found = [a for a in framing.extract_attributions(text) if a.cue.text == cue]
    assert found and found[0].source.text == source
