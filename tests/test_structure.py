"""Page reading: roles, furniture with reasons, duplicates keep the body copy, HTML pages, fixture figures."""

from pathlib import Path

import pytest

from framing._html import extract_page
from framing._page_eval import evaluate_pages
from framing._structure import DROP_REASONS, read_page, site_furniture
from framing._types import Document

PAGES = Path(__file__).parent / "fixtures" / "pages"

PAGE = """Skip to main content
News | World | Weather | Sport
Ferry Service To Kelmar Suspended After Storm
Operators say crossings will resume once the harbour wall is inspected
By Ana Ruiz
4 hours ago
A man walks past the harbour wall in Kelmar on Monday.
Photo: Tom Ek/Coast Daily
The ferry between Port Alder and Kelmar was suspended on Monday after a storm damaged the harbour wall.
Operator spokesman Ivo Lind said inspectors would visit on Tuesday. "We cannot take risks with passengers," he said.
Please refresh the page to log in. Please refresh your browser to be logged in.
Coast Daily is an independent newsroom funded by readers like you.
ana.ruiz@coastdaily.example
"""


def test_roles_and_reasons_on_a_scraped_page():
    kept, dropped = read_page(Document("d", "coast", PAGE))
    roles = {s.text: s.role for s in kept}
    assert roles["Ferry Service To Kelmar Suspended After Storm"] == "headline"
    assert roles["Operators say crossings will resume once the harbour wall is inspected"] == "standfirst"
    assert roles['"We cannot take risks with passengers," he said.'] == "body"
    reasons = {d.text: d.reason for d in dropped}
    assert reasons == {
        "Skip to main content": "navigation",
        "News | World | Weather | Sport": "navigation",
        "By Ana Ruiz": "byline",
        "4 hours ago": "timestamp",
        "A man walks past the harbour wall in Kelmar on Monday.": "caption",
        "Photo: Tom Ek/Coast Daily": "credit",
        "Please refresh the page to log in.": "reader_prompt",
        "Please refresh your browser to be logged in.": "reader_prompt",
        "Coast Daily is an independent newsroom funded by readers like you.": "publisher_notice",
        "ana.ruiz@coastdaily.example": "sign_off",
    }
    assert all(d.reason in DROP_REASONS for d in dropped)


def test_real_body_text_with_you_we_and_our_nation_is_kept():
    """Press releases and interviews speak to "you" and of "our nation": that is article text, not furniture."""
    body = [
        "Foreign imports from countries like China are surging, and new shortages are sweeping our nation.",
        "On this National Milk Day, be sure to thank a dairy farmer for all they do for our communities.",
        "On Friday, a federal judge ruled that registering men but not women for the draft is unconstitutional.",
        "((WN)) So were you scared or were you anxious when you just started the organisation?",
        "SpaceX launched its first crewed mission from Florida, US, with two NASA astronauts on board.",
        "The repository was blocked after GitHub received a copyright notice from the recording industry.",
    ]
    text = "Senator Backs Dairy Farmers In New Bill\n\n" + "\n\n".join(body) + "\n"
    kept, dropped = read_page(Document("d", "o", text))
    assert [s.text for s in kept if s.role == "body"] == body
    assert dropped == []


def test_a_dense_one_sentence_lead_with_an_irregular_past_verb_is_body_not_a_caption():
    """A wire lead of few stopwords right under the byline ("A fire shut ...") reports what happened: body."""
    lead = "A fire shut the Saltmere grain terminal, Brevnia's main export hub, early on Tuesday, sending prices higher."
    text = ("Wheat futures jump after fire hits export terminal\n\nBy Sol Henning, Commodities\n\n" + lead
            + "\n\nWheat futures for March delivery closed up 4% on the Northern Commodities Exchange on the day.\n")
    kept, dropped = read_page(Document("d", "o", text))
    assert lead in [s.text for s in kept if s.role == "body"]
    assert [d.reason for d in dropped] == ["byline"]


def test_a_link_prompt_in_a_release_is_a_reader_prompt_but_a_quoted_you_is_not():
    text = ("Bill Would Cap Insulin Prices\n\nThe bill caps the monthly price of insulin at 35 dollars for every patient.\n\n"
            "\"If you need insulin, you should be able to afford it,\" the senator said.\n\nRead the full bill text here.\n")
    kept, dropped = read_page(Document("d", "o", text))
    assert [(d.reason, d.text) for d in dropped] == [("reader_prompt", "Read the full bill text here.")]
    assert any(s.text.startswith('"If you need insulin') for s in kept)


def test_teaser_above_the_headline_is_the_dropped_copy():
    body = "Workers cleared the road by noon on Friday, the council said."
    text = f"{body}\n\nRoad Reopens After Landslide\n\nBy Mei Lin\n\nThe landslide blocked the road on Thursday. {body}\n"
    kept, dropped = read_page(Document("d", "o", text))
    copies = [s for s in kept if s.text == body]
    assert len(copies) == 1 and copies[0].start > text.index("Road Reopens")
    assert any(d.reason == "duplicate" and d.start == 0 for d in dropped)


def test_site_furniture_recurs_across_an_outlets_documents():
    docs = [Document(str(i), "o", f"Members get more with Coast Plus today\n\nStory {i} happened in the town on day {i}.")
            for i in range(3)]
    assert "members get more with coast plus today" in site_furniture(docs)["o"]
    assert site_furniture(docs[:2])["o"] == frozenset()


def test_html_page_gives_title_and_main_text():
    html = (PAGES / "html" / "meridian-wire" / "flood-wire.html").read_text(encoding="utf-8")
    page = extract_page(html)
    assert page.extractor == "trafilatura" and page.title and page.text.startswith(page.title)
    assert "Alder River burst its banks" in page.text


def test_fixture_pages_meet_the_targets():
    res = evaluate_pages(PAGES / "gold.jsonl")
    assert res["pages"] >= 40
    assert res["boilerplate_recall"] >= 0.95 and res["body_recall"] >= 0.99 and res["headline_f1"] >= 0.90
    before = evaluate_pages(PAGES / "gold.jsonl", "rules")
    assert res["boilerplate_recall"] > before["boilerplate_recall"]


def test_html_file_with_no_text_is_a_per_file_error(tmp_path):
    from framing._errors import InputError
    from framing._io import read_documents

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "empty.html").write_text("<html><body><script>x=1</script></body></html>", encoding="utf-8")
    (tmp_path / "a" / "ok.txt").write_text("The council met on Monday and voted.", encoding="utf-8")
    with pytest.raises(InputError, match="empty.html"):
        read_documents(tmp_path)
    docs = read_documents(tmp_path, on_error="skip", report=None)
    assert [d.id for d in docs] == ["a/ok"]


def test_profiles_keep_a_headline_table_through_json_and_the_tidy_frame(tmp_path):
    import framing

    def result(doc, i, text, role, hedged):
        return framing.SentenceResult(doc, "coast", i, text, {"hedging": 0.9 if hedged else 0.1}, {"hedging": hedged},
                                      role=role)

    results = [result("a", 0, "Storm May Close Ferry", "headline", True),
               result("a", 1, "The ferry stopped on Monday.", "body", False),
               result("a", 2, "It restarts on Tuesday.", "body", False)]
    prof = framing.Profiles.from_results(results)
    assert prof["coast"].n_sentences == 2 and prof["coast"].rate("hedging") == 0.0
    assert prof.headlines[0].n_sentences == 1 and prof.headlines[0].rate("hedging") == 1.0
    back = framing.Profiles.load(prof.save(tmp_path / "p.json"))
    assert back.headlines == prof.headlines and "roles" not in back.meta
    frame = framing.Profiles.from_pandas(prof.to_pandas())
    assert [p.rate("hedging") for p in frame.headlines] == [1.0]
    every = framing.Profiles.from_results(results, roles="headline,body")
    assert every["coast"].n_sentences == 3 and every.meta["roles"] == ["headline", "body"]
    with pytest.raises(framing.InputError, match="choose one or more of headline"):
        framing.parse_roles("body,lede")
    html = framing.write_report(results, tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<section id="headlines">' in html and "The rates above count body sentences" in html


def test_role_column_only_when_pages_were_read():
    import framing

    r = framing.SentenceResult("a", "o", 0, "Text.", {"m": 0.5}, {"m": True})
    assert "role" not in r.to_row() and "role" not in r.to_dict()
    h = framing.SentenceResult("a", "o", 0, "Storm Hits Coast", {"m": 0.5}, {"m": True}, role="headline")
    assert framing.SentenceResult.from_row(h.to_row()).role == "headline"
    assert framing.SentenceResult.from_dict(h.to_dict()) == h
    with pytest.raises(ValueError, match="not one of"):
        framing.SentenceResult.from_row({**h.to_row(), "role": "lede"})


def _segmentation_suite(tmp_path, body_min, pages="no-such-folder"):
    (tmp_path / "l.jsonl").write_text('{"text": "It may rain.", "hedging": 1}\n{"text": "It rained.", "hedging": 0}\n')
    suite = tmp_path / "seg.toml"
    suite.write_text(f'[suite]\ndata = "l.jsonl"\nmarkers = ["hedging"]\n\n[segmentation]\n'
                     f'data = "{(PAGES / "gold.jsonl").as_posix()}"\npages = "{pages}"\n'
                     f"min_body_recall = {body_min}\nmin_boilerplate_recall = 0.9\nmin_pages_token_f1 = 0.9\n")
    return suite


def test_eval_fails_when_page_reading_drops_below_its_minimum_and_skips_absent_real_pages(tiny_model, tmp_path):
    from typer.testing import CliRunner

    import framing
    from framing.cli import app

    ok = CliRunner().invoke(app, ["eval", str(_segmentation_suite(tmp_path, 0.95)), "--model", str(tiny_model)])
    assert ok.exit_code == 0, ok.output
    assert "page reading" in ok.output and "real pages not found" in ok.output and "passed: 2 checks" in ok.output
    bad = CliRunner().invoke(app, ["eval", str(_segmentation_suite(tmp_path, 1.01)), "--model", str(tiny_model)])
    assert bad.exit_code == 1 and "REGRESSION segmentation body_recall" in bad.output
    report = framing.evaluate(_segmentation_suite(tmp_path, 1.01), model=str(tiny_model))
    assert [(c.marker, c.metric) for c in report.failures] == [("segmentation", "body_recall")]
    assert "pages_token_f1" not in report.segmentation and report.to_dict()["segmentation"]["notes"]


def test_the_shipped_suite_checks_page_reading_it_meets():
    import framing
    from framing._evaluate import evaluate_segmentation

    suite = framing.load_suite(Path(__file__).resolve().parents[1] / "samples" / "suite.toml").segmentation
    assert suite is not None and {"boilerplate_recall", "body_recall", "pages_token_f1"} <= set(suite.minimums)
    fixtures_only = type(suite)(suite.data, None, suite.minimums)  # the real pages are measured by `framing eval`
    measured, _ = evaluate_segmentation(fixtures_only)
    for metric, minimum in suite.minimums.items():
        if metric in measured:
            assert measured[metric] >= minimum, (metric, measured[metric], minimum)


def test_real_pages_token_f1_when_shared_data_is_present():
    from framing._page_eval import evaluate_html_pages

    pages = Path(__file__).resolve().parents[2] / "shared" / "data" / "pages"
    if not (pages / "ground-truth.json").exists():
        pytest.skip("../shared/data/pages is absent")
    res = evaluate_html_pages(pages, limit=10)
    assert res["n"] == 10 and 0.0 < res["pages_token_f1"] <= 1.0
    assert res["pages_token_f1"] > evaluate_html_pages(pages, "fallback", limit=10)["pages_token_f1"]


def test_every_html_fixture_page_has_its_title_as_the_headline():
    """The page title from trafilatura is the headline, never a caption (even next to an image credit)."""
    from framing._io import read_documents

    docs = read_documents(PAGES / "html", report=None)
    furniture = site_furniture(docs)
    for doc in docs:
        kept, _ = read_page(doc, furniture.get(doc.outlet, frozenset()))
        assert [s.text for s in kept if s.role == "headline"] == [doc.meta["title"]], doc.id


def test_the_same_article_three_times_is_not_site_furniture():
    # every line of a repeated article is in three documents of its outlet; that is a duplicate, not furniture
    text = "The harbour bridge reopened on Monday after repairs.\nTraffic was light in the morning."
    docs = [Document(f"d{i}", "coast-post", text) for i in range(3)]
    assert site_furniture(docs) == {"coast-post": frozenset()}
    other = [Document(f"e{i}", "coast-post", f"Story number {i} about the port.\nSign up for our newsletter")
             for i in range(3)]
    assert site_furniture(other)["coast-post"] == {"sign up for our newsletter"}
