"""Tests for framing._segment: sentence splitting, headlines, boilerplate reasons, offsets, coverage."""

from __future__ import annotations

import pytest

from framing._segment import BOILERPLATE_RULES, DATELINE, REASONS, segment, segment_text, split_sentences
from framing._types import Document, Dropped, Sentence

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def texts(text: str) -> list[str]:
    """Kept sentence texts of ``text`` (boilerplate removed), after checking the invariants."""
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)
    return [s.text for s in sents]


def drops(text: str) -> list[tuple[str, str]]:
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)
    return [(d.reason, d.text) for d in dropped]


def check_invariants(text: str, sents: list[Sentence], dropped: list[Dropped]) -> None:
    """Nothing invented, nothing overlapping, every non-whitespace character accounted for."""
    owner: list[object | None] = [None] * len(text)
    for piece in [*sents, *dropped]:
        assert 0 <= piece.start < piece.end <= len(text), piece
        assert text[piece.start : piece.end] == piece.text, piece
        assert piece.text == piece.text.strip(), piece
        for i in range(piece.start, piece.end):
            assert owner[i] is None, f"overlap at {i}: {owner[i]!r} and {piece!r}"
            owner[i] = piece
    lost = [(i, ch) for i, ch in enumerate(text) if owner[i] is None and not ch.isspace()]
    assert not lost, f"non-whitespace characters lost: {lost[:10]}"
    assert [s.index for s in sents] == list(range(len(sents)))
    assert [s.start for s in sents] == sorted(s.start for s in sents)
    assert [d.start for d in dropped] == sorted(d.start for d in dropped)
    assert all(d.reason in REASONS for d in dropped)


# ---------------------------------------------------------------------------------------------
# Abbreviations, numbers, ellipses
# ---------------------------------------------------------------------------------------------

ABBREVIATION_CASES = [
    ("Mr. Smith went to Washington. He arrived on Tuesday.", ["Mr. Smith went to Washington.", "He arrived on Tuesday."]),
    ("Mrs. Okafor and Ms. Lee met Dr. Patel. They agreed.", ["Mrs. Okafor and Ms. Lee met Dr. Patel.", "They agreed."]),
    ("Prof. Adams spoke first. Gen. Ruiz spoke second.", ["Prof. Adams spoke first.", "Gen. Ruiz spoke second."]),
    (
        "Sen. Ortiz and Rep. Kim introduced the bill. Gov. Hale signed it.",
        ["Sen. Ortiz and Rep. Kim introduced the bill.", "Gov. Hale signed it."],
    ),
    ("Lt. Col. Ames led the unit. It withdrew at dawn.", ["Lt. Col. Ames led the unit.", "It withdrew at dawn."]),
    ("She moved to St. Louis in 2010. She later left.", ["She moved to St. Louis in 2010.", "She later left."]),
    ("Martin Luther King Jr. spoke here. The crowd was vast.", ["Martin Luther King Jr. spoke here.", "The crowd was vast."]),
    ("He lives at No. 10 Downing St. in London. No one answered.", ["He lives at No. 10 Downing St. in London.", "No one answered."]),
    ("Acme Inc. reported a loss. Beta Corp. rose 3 percent.", ["Acme Inc. reported a loss.", "Beta Corp. rose 3 percent."]),
    ("Harbor Ltd. and Ferry Co. merged. Talks ended.", ["Harbor Ltd. and Ferry Co. merged.", "Talks ended."]),
    ("It was Smith vs. Jones in the final. Jones won.", ["It was Smith vs. Jones in the final.", "Jones won."]),
    ("Some fruits, e.g. apples, are cheap. Others, i.e. Mangoes, are not.", ["Some fruits, e.g. apples, are cheap.", "Others, i.e. Mangoes, are not."]),
    ("They sold books, maps, etc. and left. The shop closed.", ["They sold books, maps, etc. and left.", "The shop closed."]),
    ("They sold books, maps, etc. The shop closed.", ["They sold books, maps, etc.", "The shop closed."]),
    ("The U.S. economy grew. The U.K. economy shrank.", ["The U.S. economy grew.", "The U.K. economy shrank."]),
    ("U.N. officials met E.U. envoys. They issued a statement.", ["U.N. officials met E.U. envoys.", "They issued a statement."]),
    ("The F.B.I. opened an inquiry. Agents came.", ["The F.B.I. opened an inquiry.", "Agents came."]),
    ("The U.S. Senate voted on Tuesday. It passed.", ["The U.S. Senate voted on Tuesday.", "It passed."]),
    ("J. R. Okafor wrote the report. It was long.", ["J. R. Okafor wrote the report.", "It was long."]),
    ("Ann J. Lee and J. A. Smith signed. They left.", ["Ann J. Lee and J. A. Smith signed.", "They left."]),
    ("The shares rose 3.5 percent. The index fell.", ["The shares rose 3.5 percent.", "The index fell."]),
    ("The plan cost $1.2 million. Critics balked.", ["The plan cost $1.2 million.", "Critics balked."]),
    ("The plan ... was shelved. Nobody objected.", ["The plan ... was shelved.", "Nobody objected."]),
    ("The plan \u2026 was shelved. Nobody objected.", ["The plan \u2026 was shelved.", "Nobody objected."]),
    ("The plan . . . was shelved. Nobody objected.", ["The plan . . . was shelved.", "Nobody objected."]),
    ("He paused... Then he left.", ["He paused...", "Then he left."]),
    ("The vote is set for Jan. 5 at city hall. Feb. 12 is the backup.", ["The vote is set for Jan. 5 at city hall.", "Feb. 12 is the backup."]),
    ("The vote was on Sept. 11 last year. It failed.", ["The vote was on Sept. 11 last year.", "It failed."]),
    ("I last saw him in Sept. He was ill.", ["I last saw him in Sept.", "He was ill."]),
    ("The meeting ended at 5 p.m. Residents went home.", ["The meeting ended at 5 p.m.", "Residents went home."]),
    ("The vote is at 7 p.m. Tuesday in the hall. All may attend.", ["The vote is at 7 p.m. Tuesday in the hall.", "All may attend."]),
    ("The court ruled in Roe v. Wade in 1973. It stood.", ["The court ruled in Roe v. Wade in 1973.", "It stood."]),
    ("The bill passed 52-48. 12 senators abstained.", ["The bill passed 52-48.", "12 senators abstained."]),
    ("Did the mayor know? She declined to say! Then she left.", ["Did the mayor know?", "She declined to say!", "Then she left."]),
]


@pytest.mark.parametrize(("text", "expected"), ABBREVIATION_CASES, ids=[c[0][:30] for c in ABBREVIATION_CASES])
def test_abbreviations_and_numbers(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_us_at_sentence_end_splits_before_a_sentence_opener() -> None:
    # The documented hard case: U.S. ends the sentence when a closed-class opener follows ...
    assert texts("The firm moved to the U.S. The company said it would hire 200 people.") == [
        "The firm moved to the U.S.",
        "The company said it would hire 200 people.",
    ]
    assert texts('He returned to the U.K. "It was time," he said.') == ["He returned to the U.K.", '"It was time," he said.']
    # ... but not before a capitalised content word (documented limitation: kept as one sentence).
    assert texts("He moved to the U.S. Officials said he had a visa.") == ["He moved to the U.S. Officials said he had a visa."]


# ---------------------------------------------------------------------------------------------
# Closing quotes and brackets
# ---------------------------------------------------------------------------------------------

QUOTE_CASES = [
    ('He said, "We will win." The crowd cheered.', ['He said, "We will win."', "The crowd cheered."]),
    ('He asked, "Is it over?" Nobody answered.', ['He asked, "Is it over?"', "Nobody answered."]),
    ("\u201cIt is over.\u201d The mayor left.", ["\u201cIt is over.\u201d", "The mayor left."]),
    ("The council voted. (Two were absent.) The vote stood.", ["The council voted.", "(Two were absent.)", "The vote stood."]),
    ("He called it 'a disaster.' The council disagreed.", ["He called it 'a disaster.'", "The council disagreed."]),
    ('"Why now?" she asked. "Because it matters."', ['"Why now?" she asked.', '"Because it matters."']),
    ('"We will win!" he said. Nobody cheered.', ['"We will win!" he said.', "Nobody cheered."]),
    ("Gov. Hale (D-Ore.) signed the bill. It takes effect Jan. 1.", ["Gov. Hale (D-Ore.) signed the bill.", "It takes effect Jan. 1."]),
]


@pytest.mark.parametrize(("text", "expected"), QUOTE_CASES, ids=[c[0][:30] for c in QUOTE_CASES])
def test_closing_quotes_and_brackets(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


# ---------------------------------------------------------------------------------------------
# Headlines, paragraphs and lines
# ---------------------------------------------------------------------------------------------


def test_headline_is_one_unit_and_not_merged_with_next_paragraph() -> None:
    assert texts("Council Votes to Close the Pier\n\nThe council voted on Tuesday. It was close.") == [
        "Council Votes to Close the Pier",
        "The council voted on Tuesday.",
        "It was close.",
    ]


def test_headline_on_the_line_before_the_body() -> None:
    assert texts("Mayor Resigns Amid Probe\nThe mayor resigned on Tuesday.") == [
        "Mayor Resigns Amid Probe",
        "The mayor resigned on Tuesday.",
    ]


def test_headline_with_abbreviations_is_not_split() -> None:
    assert texts("Trade Deal With U.S. The Focus of Talks at 5 p.m. Monday\n\nU.S. Sen. Ortiz Wins Re-Election\n\nShe won.") == [
        "Trade Deal With U.S. The Focus of Talks at 5 p.m. Monday",
        "U.S. Sen. Ortiz Wins Re-Election",
        "She won.",
    ]


def test_line_without_final_punctuation_still_splits_at_a_plain_full_stop() -> None:
    text = "The Senate voted. Read more: Senate votes\n\nMayor quits. Council reels"
    assert texts(text) == ["The Senate voted.", "Mayor quits.", "Council reels"]
    assert drops(text) == [("promo", "Read more: Senate votes")]


def test_title_or_initial_at_a_line_end_continues_on_the_next_line() -> None:
    assert texts("Mr.\nSmith met J.\nR. Okafor in the U.S.\nThe end.") == ["Mr.\nSmith met J.\nR. Okafor in the U.S.", "The end."]


def test_paragraphs_are_never_merged_even_if_lowercase() -> None:
    assert texts("Budget passes\n\nthe council said it was late.") == ["Budget passes", "the council said it was late."]


def test_hard_wrapped_lines_are_joined_with_exact_offsets() -> None:
    text = "The council met on Tuesday and voted to close\nthe pier. Residents objected to\nThe plan."
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)
    assert [s.text for s in sents] == [
        "The council met on Tuesday and voted to close\nthe pier.",
        "Residents objected to\nThe plan.",
    ]
    assert (sents[0].start, sents[0].end) == (0, 55)
    assert dropped == []


def test_crlf_and_unicode_line_breaks() -> None:
    assert texts("Headline Here\r\n\r\nThe vote was 5-2.\u2028The council adjourned.") == [
        "Headline Here",
        "The vote was 5-2.",
        "The council adjourned.",
    ]


# ---------------------------------------------------------------------------------------------
# Boilerplate, one reason at a time
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By Jane Doe, Staff Writer",
        "By J. R. Okafor and Ann Lee, The Harbor Ledger",
        "BY JANE DOE",
        "Reporting by Jane Doe; Editing by John Roe",
    ],
)
def test_byline(line: str) -> None:
    text = f"Pier Closes\n\n{line}\n\nThe pier closed on Tuesday."
    assert texts(text) == ["Pier Closes", "The pier closed on Tuesday."]
    assert drops(text) == [("byline", line)]


def test_by_phrases_that_are_not_bylines_are_kept() -> None:
    assert texts("By Tuesday, officials had left.\n\nBy March the plan had stalled.") == [
        "By Tuesday, officials had left.",
        "By March the plan had stalled.",
    ]


def test_dateline_prefix_is_dropped_and_the_rest_kept_with_exact_offsets() -> None:
    text = "Pier Closes\n\nPORT ALDER, March 3 \u2014 The council voted 5-2 on Tuesday. It was close."
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)
    assert [s.text for s in sents] == ["Pier Closes", "The council voted 5-2 on Tuesday.", "It was close."]
    assert [(d.reason, d.text, d.start, d.end) for d in dropped] == [("dateline", "PORT ALDER, March 3 \u2014", 13, 34)]
    assert sents[1].start == 35 and text[35:].startswith("The council")


@pytest.mark.parametrize(
    ("prefix", "rest"),
    [
        ("LONDON (Reuters) -", "The bank raised rates."),
        ("WASHINGTON \u2014", "The Senate voted 52-48."),
        ("NEW YORK, Jan. 5 (AP) \u2014", "Stocks fell."),
        ("PORT ALDER, Ore. \u2013", "The ferry stopped."),
        ("Port Alder, March 3 --", "The ferry stopped."),
    ],
)
def test_dateline_variants(prefix: str, rest: str) -> None:
    text = f"{prefix} {rest}"
    assert texts(text) == [rest]
    assert drops(text) == [("dateline", prefix)]


def test_dateline_on_its_own_line() -> None:
    text = "LONDON (Reuters) -\nThe bank raised rates."
    assert texts(text) == ["The bank raised rates."]
    assert drops(text) == [("dateline", "LONDON (Reuters) -")]


def test_dateline_needs_capitalised_text_after_the_dash() -> None:
    assert texts("NATO \u2014 the alliance \u2014 met on Tuesday.") == ["NATO \u2014 the alliance \u2014 met on Tuesday."]
    assert DATELINE.match("Mr. Smith - The man") is None


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Firefighters at the pier on Tuesday.",
        "Photograph: Jane Roe/Getty Images",
        "Image: Harbor Ledger",
        "Firefighters battle the blaze on Tuesday. (Anna Li / Harbor Ledger)",
        "Protesters march downtown. (AP Photo/Jane Roe)",
        "Crowds gather outside. Photograph: John Smith/Getty Images",
        "Getty Images",
        "AFP via Getty Images",
        "Photo by Jane Doe",
    ],
)
def test_caption(line: str) -> None:
    text = f"The pier closed on Tuesday.\n\n{line}\n\nIt may reopen in May."
    assert texts(text) == ["The pier closed on Tuesday.", "It may reopen in May."]
    assert drops(text) == [("caption", line)]


def test_sentences_with_parentheses_or_getty_are_not_captions() -> None:
    assert texts("A poll found support at 40% (Reuters/Ipsos).") == ["A poll found support at 40% (Reuters/Ipsos)."]
    assert texts("Shutterstock agreed to merge with Getty Images.") == ["Shutterstock agreed to merge with Getty Images."]


@pytest.mark.parametrize(
    "line",
    ["Share this article", "Share on Facebook", "Share on Twitter", "Share on X", "Copy link", "Email", "Facebook Twitter Email", "Share | Print"],
)
def test_share(line: str) -> None:
    text = f"The pier closed.\n{line}\nIt may reopen."
    assert texts(text) == ["The pier closed.", "It may reopen."]
    assert drops(text) == [("share", line)]


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Council weighs pier closure",
        "Related: Ferry service cut",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Listen to this article \u00b7 4 min",
        "Subscribe to the Harbor Ledger",
        "Sign up for our breaking news alerts",
        "Sign up for the Morning Tide newsletter",
        "Please wait...",
        "Loading...",
        "Click here to see the full map.",
    ],
)
def test_promo(line: str) -> None:
    text = f"The pier closed.\n\n{line}\n\nIt may reopen."
    assert texts(text) == ["The pier closed.", "It may reopen."]
    assert drops(text) == [("promo", line)]


def test_promo_look_alikes_are_kept() -> None:
    text = "Subscribers rose 5% this year. Loading of the ferries began at dawn. Related firms also gained."
    assert texts(text) == ["Subscribers rose 5% this year.", "Loading of the ferries began at dawn.", "Related firms also gained."]


def test_advertisement_inside_a_hard_wrapped_sentence_is_still_dropped() -> None:
    text = "The council said\nAdvertisement\nthat the budget was late."
    assert drops(text) == [("promo", "Advertisement")]
    assert texts(text) == ["The council said", "that the budget was late."]


def test_share_and_promo_sentences_inside_a_line() -> None:
    text = "The pier closed. Share this article. Advertisement. It may reopen."
    assert texts(text) == ["The pier closed.", "It may reopen."]
    assert drops(text) == [("share", "Share this article."), ("promo", "Advertisement.")]


@pytest.mark.parametrize("line", ["Updated 5:42 PM ET, Tue March 3, 2024", "March 3, 2024", "Published 3 March 2024 at 10:15"])
def test_timestamp(line: str) -> None:
    text = f"Pier Closes\n{line}\n\nThe pier closed."
    assert texts(text) == ["Pier Closes", "The pier closed."]
    assert drops(text) == [("timestamp", line)]


def test_empty_and_too_short() -> None:
    text = "The pier closed.\n\n* * *\n\n\u2014\n\nA\n\nIt may reopen.\n\n5"
    assert texts(text) == ["The pier closed.", "It may reopen."]
    assert drops(text) == [("empty", "* * *"), ("empty", "\u2014"), ("too_short", "A"), ("too_short", "5")]


def test_short_but_real_sentences_are_kept() -> None:
    assert texts('"No." He left. OK.') == ['"No."', "He left.", "OK."]


# ---------------------------------------------------------------------------------------------
# Duplicates
# ---------------------------------------------------------------------------------------------


def test_repeated_caption_like_line_is_a_duplicate() -> None:
    text = (
        "Firefighters at the pier on Tuesday.\n\nThe blaze started at noon.\n\n"
        "Firefighters at the  pier on Tuesday!\n\nIt was out by 3."
    )
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)
    assert [s.text for s in sents] == ["Firefighters at the pier on Tuesday.", "The blaze started at noon.", "It was out by 3."]
    assert [(d.reason, d.text) for d in dropped] == [("duplicate", "Firefighters at the  pier on Tuesday!")]
    assert [s.index for s in sents] == [0, 1, 2]


def test_repeated_sentence_inside_a_paragraph_is_a_duplicate() -> None:
    text = "The pier closed on Tuesday. Residents objected. THE PIER CLOSED ON TUESDAY."
    assert texts(text) == ["The pier closed on Tuesday.", "Residents objected."]
    assert drops(text) == [("duplicate", "THE PIER CLOSED ON TUESDAY.")]


def test_repeated_caption_matching_a_rule_keeps_the_caption_reason() -> None:
    text = "Photo: The pier at dawn.\n\nThe pier closed.\n\nPhoto: The pier at dawn."
    assert drops(text) == [("caption", "Photo: The pier at dawn."), ("caption", "Photo: The pier at dawn.")]


def test_short_repeats_are_not_duplicates() -> None:
    assert texts('"No." She paused. "No."') == ['"No."', "She paused.", '"No."']


# ---------------------------------------------------------------------------------------------
# The table, the API, offsets
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", BOILERPLATE_RULES, ids=[f"{r.reason}:{r.example[:25]}" for r in BOILERPLATE_RULES])
def test_every_rule_example_is_dropped_with_its_reason(rule) -> None:
    text = f"The pier closed.\n\n{rule.example}\n\nIt may reopen."
    assert drops(text) == [(rule.reason, rule.example)]


def test_segment_document_fills_ids_and_exact_offsets() -> None:
    text = "Pier Closes\n\nBy Jane Doe\n\n  Mr. Lee said the U.S. Coast Guard agreed.  It did.\n"
    doc = Document(id="d1", outlet="Harbor Ledger", text=text, meta={"url": "x"})
    sents, dropped = segment(doc)
    check_invariants(text, sents, dropped)
    assert sents == [
        Sentence("d1", "Harbor Ledger", 0, "Pier Closes", 0, 11),
        Sentence("d1", "Harbor Ledger", 1, "Mr. Lee said the U.S. Coast Guard agreed.", 28, 69),
        Sentence("d1", "Harbor Ledger", 2, "It did.", 71, 78),
    ]
    assert dropped == [Dropped("d1", "By Jane Doe", 13, 24, "byline")]


def test_boilerplate_false_keeps_everything() -> None:
    text = "By Jane Doe\n\nAdvertisement\n\nThe pier closed. The pier closed."
    sents, dropped = segment_text(text, boilerplate=False)
    check_invariants(text, sents, dropped)
    assert dropped == []
    assert [s.text for s in sents] == ["By Jane Doe", "Advertisement", "The pier closed.", "The pier closed."]
    assert split_sentences(text) == [s.text for s in sents]


def test_empty_and_whitespace_documents() -> None:
    assert segment_text("") == ([], [])
    assert segment_text(" \n\t\u00a0\n ") == ([], [])


# ---------------------------------------------------------------------------------------------
# The coverage property
# ---------------------------------------------------------------------------------------------

FIXED_TEXTS = [
    "Council Votes to Close the Pier\n\nBy Jane Doe, Staff Writer\nUpdated 5:42 PM ET, Tue March 3, 2024\n\n"
    "PORT ALDER, March 3 \u2014 The council voted 5-2 on Tuesday. Mayor Ann Lee said the U.S. Coast Guard agreed.\n\n"
    "Photo: Firefighters at the pier. (Anna Li / Harbor Ledger)\nShare this article\nCopy link\n\nAdvertisement\n\n"
    '"It is a sad day," said Sen. Ortiz.\nRead more: Council weighs closure\n'
    "The council voted 5-2 on Tuesday.\n\u2014\n",
    "\ufeff  \u200b Leading junk.\r\n\r\n...\n\n. . .\n?!\n\"\"\n()\n",
    "a.\nb.\nc. d. e.\n\nF. G. H.",
    "x" * 500 + ". " + "Y" * 300 + "\n" + "By " * 50,
    "Mr.\nSmith met J.\nR. Okafor and the U.S.\nThe end.",
    "LONDON (Reuters) -\nThe bank raised rates.",
]

_TOKENS = [
    "Mr.", "U.S.", "J.", "Inc.", "etc.", "e.g.", "Jan.", "No.", "3.5", "...", "\u2026", ". . .", "?", "!", '."', ".)",
    "\u201d", "\u201c", "(", ")", "By", "Jane", "Doe,", "Photo:", "Share", "this", "article", "Advertisement", "Read",
    "more:", "LONDON", "(Reuters)", "-", "\u2014", "PORT", "ALDER,", "March", "3", "The", "the", "he", "said", "pier",
    "closed", "Getty Images", "(Anna Li / Harbor Ledger)", "Email", "Loading...", "*", "A", "a", "\u200b",
]
_SPACES = [" ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\x0b", "\x1c", " \n ", ""]

token_texts = st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SPACES)), max_size=40).map(
    lambda parts: "".join(t + s for t, s in parts)
)
junk_texts = st.text(alphabet="aZ .!?\u2026\"'\u201c\u201d()[]\n\r\t\u00a0\u2028\u200b\x0b\x1c\x85-\u2014:;,3$", max_size=120)


@pytest.mark.parametrize("text", FIXED_TEXTS, ids=range(len(FIXED_TEXTS)))
@pytest.mark.parametrize("boilerplate", [True, False])
def test_coverage_fixed_texts(text: str, boilerplate: bool) -> None:
    sents, dropped = segment_text(text, "d", "o", boilerplate=boilerplate)
    check_invariants(text, sents, dropped)


def test_coverage_example_text_has_the_expected_split() -> None:
    assert texts(FIXED_TEXTS[0]) == [
        "Council Votes to Close the Pier",
        "The council voted 5-2 on Tuesday.",
        "Mayor Ann Lee said the U.S. Coast Guard agreed.",
        '"It is a sad day," said Sen. Ortiz.',
    ]
    assert [r for r, _ in drops(FIXED_TEXTS[0])] == [
        "byline", "timestamp", "dateline", "caption", "share", "share", "promo", "promo", "duplicate", "empty",
    ]


@settings(max_examples=300, deadline=None)
@given(token_texts)
def test_coverage_property_token_soup(text: str) -> None:
    sents, dropped = segment_text(text)
    check_invariants(text, sents, dropped)


@settings(max_examples=300, deadline=None)
@given(st.one_of(junk_texts, st.text(max_size=80)))
def test_coverage_property_random_junk(text: str) -> None:
    for boilerplate in (True, False):
        sents, dropped = segment_text(text, boilerplate=boilerplate)
        check_invariants(text, sents, dropped)
