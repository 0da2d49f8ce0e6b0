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
    assert reasons["A man walks past the harbour wall in Kelmar on Monday."] == "caption"
    assert not any("independent newsroom" in s.text for s in kept)
    assert not any("@" in s.text for s in kept)
    assert all(d.reason in DROP_REASONS for d in dropped)
    assert not any("refresh" in s.text for s in kept)


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
