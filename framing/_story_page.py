"""The story page: one self-contained HTML file (inline CSS and JavaScript, no network) for a :class:`Story`.

Groups carried by two or more outlets are cards side by side, each member's words that differ from the group's
most common wording highlighted by kind; filters by outlet and marker; an outlet × group coverage grid with
prominence; per outlet what only it carries, what it leaves out and whom it quotes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Mapping, Sequence

from ._errors import InputError
from ._files import atomic_write_text
from ._plots import outlet_colors
from ._story import Group, Member, Story

_KIND_LABEL = {"hedge_added": "hedge added", "hedge_removed": "hedge removed", "loaded_added": "loaded word added",
               "loaded_removed": "loaded word removed", "cue_added": "cue added", "cue_removed": "cue removed",
               "attribution_verb_changed": "attribution verb changed", "actor_named_differently": "actor named differently"}
_PROM = {"headline": "H", "lead": "L", "body": "B", "end": "E"}

_PAGE_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1500px;padding:16px;color:#222}
h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #ddd}
.filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #eee;z-index:2}
.filters label{margin-right:10px;white-space:nowrap}
"""

_CARD_CSS = """
.group{border:1px solid #ddd;border-radius:6px;margin:10px 0;padding:8px}
.group h3{font-size:14px;margin:0 0 6px}h3 .wording{color:#555;font-style:italic}
.cards{display:flex;gap:8px;overflow-x:auto}
.card{flex:1 0 220px;max-width:340px;border-top:4px solid #999;background:#fafafa;padding:6px;border-radius:4px}
.card .who{font-size:12px;color:#555}.card .tags{font-size:11px;color:#444;margin-top:4px}
.tag{display:inline-block;background:#eee;border-radius:3px;padding:0 4px;margin:1px}
mark{background:#fff3a8;padding:0 1px}mark.hedge_added,mark.hedge_removed{background:#b6e3ff}
mark.loaded_added,mark.loaded_removed{background:#ffc9c9}mark.attribution_verb_changed{background:#d9c8ff}
mark.actor_named_differently{background:#c6f0c2}
.gone{color:#a00;text-decoration:line-through;font-size:12px}
.missing{font-size:12px;color:#a00}
table.grid{border-collapse:collapse;font-size:12px}table.grid td,table.grid th{border:1px solid #ddd;padding:2px 5px;text-align:center}
table.grid td.on{background:#cfe8cf}table.grid th.o{text-align:left}
.legend mark{margin-right:6px}
"""


def story_css(scope: str = "") -> str:
    """The CSS of the story's cards, grid and highlights; every selector under ``scope`` (e.g. ``".story-view"``)
    when the cards sit inside another page."""
    if not scope:
        return _CARD_CSS
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", _CARD_CSS)
    return "\n".join(",".join(f"{scope} {sel.strip()}" for sel in sels.split(",")) + "{" + body + "}"
                      for sels, body in rules)


_JS = """
(function(){
 function apply(){
  var outs=[].slice.call(document.querySelectorAll('input.f-outlet')).filter(function(x){return x.checked}).map(function(x){return x.value});
  var mk=document.getElementById('f-marker').value;
  var diff=document.getElementById('f-diff').value;
  document.querySelectorAll('.card').forEach(function(c){c.hidden=outs.indexOf(c.dataset.outlet)<0});
  document.querySelectorAll('.group').forEach(function(g){
   var cards=[].slice.call(g.querySelectorAll('.card')).filter(function(c){return !c.hidden});
   var ok=cards.length>0;
   if(ok&&mk){ok=cards.some(function(c){return (' '+c.dataset.markers+' ').indexOf(' '+mk+' ')>=0})}
   if(ok&&diff){ok=cards.some(function(c){return (' '+c.dataset.diffs+' ').indexOf(' '+diff+' ')>=0})}
   g.hidden=!ok;
  });
 }
 document.querySelectorAll('.filters input,.filters select').forEach(function(x){x.addEventListener('change',apply)});
 apply();
 document.body.setAttribute('data-story-ready','1');
})();
"""


def _e(x: object) -> str:
    return html.escape(str(x), quote=True)


def _marked(m: Member) -> str:
    """The member's text with its differing words wrapped in <mark class="kind"> (words it left out shown struck)."""
    out, pos = [], 0
    for d in sorted(m.diffs, key=lambda d: (d.start, d.end)):
        if d.start < pos:
            continue
        out.append(_e(m.text[pos:d.start]))
        kinds = " ".join(d.kinds) or "wording"
        title = "; ".join(d.detail) or (f"was: {d.ref}" if d.ref else "added")
        if d.end > d.start:
            out.append(f'<mark class="{_e(kinds)}" title="{_e(title)}">{_e(m.text[d.start:d.end])}</mark>')
        elif d.ref:
            out.append(f' <span class="gone" title="left out">{_e(d.ref)}</span> ')
        pos = max(pos, d.end)
    out.append(_e(m.text[pos:]))
    return "".join(out)


def _card(m: Member, color: str) -> str:
    kinds = sorted({k for d in m.diffs for k in d.kinds})
    tags = "".join(f'<span class="tag">{_e(x)}</span>' for x in m.markers)
    tags += "".join(f'<span class="tag">{_e(_KIND_LABEL.get(k, k))}</span>' for k in kinds)
    details = "; ".join(x for d in m.diffs for x in d.detail)
    who = f"{_e(m.outlet)} · {_e(m.prominence)}" + (f" · speaker: {_e(m.speaker)}" if m.speaker else "")
    return (f'<div class="card" data-outlet="{_e(m.outlet)}" data-markers="{_e(" ".join(m.markers))}" '
            f'data-diffs="{_e(" ".join(kinds))}" style="border-top-color:{color}">'
            f'<div class="who">{who}</div><div>{_marked(m)}</div>'
            f'<div class="tags">{tags}</div>' + (f'<div class="tags">{_e(details)}</div>' if details else "") + "</div>")


def _group(g: Group, colors: dict[str, str]) -> str:
    missing = f'<div class="missing">not carried by: {_e(", ".join(g.missing))}</div>' if g.missing else ""
    if g.near:
        missing += (f'<div class="missing" style="color:#555">something close (not grouped) in: '
                    f'{_e(", ".join(g.near))}</div>')
    cards = "".join(_card(m, colors[m.outlet]) for m in g.members)
    return (f'<section class="group" id="{_e(g.id)}"><h3>{_e(g.id)} · {_e(g.kind)} · {len(g.outlets)} outlets'
            f' <span class="wording">most common wording: {_e(g.wording)}</span></h3>{missing}'
            f'<div class="cards">{cards}</div></section>')


def _ref(g: Group, anchors: set[str] | None) -> str:
    """A group's id, linked to its card when the page shows it (``anchors``: the ids shown; ``None``: all)."""
    if anchors is None or g.id in anchors:
        return f'<a href="#{_e(g.id)}" title="{_e(g.wording)}">{_e(g.id)}</a>'
    return f'<span title="{_e(g.wording)}">{_e(g.id)}</span>'


def _grid(story: Story, groups: Sequence[Group], anchors: set[str] | None = None) -> str:
    head = "".join(f"<th>{_ref(g, anchors)}</th>" for g in groups)
    rows = []
    for cov in story.outlets:
        cells = []
        for g in groups:
            hit = [m for m in g.members if m.outlet == cov.outlet]
            if hit:
                prom = "".join(sorted({_PROM[m.prominence] for m in hit}))
                cells.append(f'<td class="on" title="{_e(hit[0].text)}">{prom}</td>')
            else:
                om = g.id in cov.omitted
                cells.append(f'<td title="{"left out: every other outlet carries it" if om else ""}">{"✕" if om else ""}</td>')
        rows.append(f'<tr><th class="o">{_e(cov.outlet)}</th>{"".join(cells)}</tr>')
    return (f'<table class="grid"><tr><th>outlet</th>{head}</tr>{"".join(rows)}</table>'
            "<p>H headline, L lead, B body, E end of the article; ✕ left out although every other outlet carries it.</p>")


def _outlets(story: Story, anchors: set[str] | None = None) -> str:
    rows = []
    for cov in story.outlets:
        only = ", ".join(_ref(story.group(x), anchors) for x in cov.only) or "-"
        omitted = "; ".join(f"{_ref(story.group(x), anchors)} ({_e(story.group(x).wording[:60])}…)" for x in cov.omitted) or "-"
        speakers = ", ".join(f"{_e(s.speaker)} ({s.quoted_words} quoted words, {s.share:.0%})" for s in cov.speakers[:6]) or "-"
        rows.append(f"<tr><th class='o'>{_e(cov.outlet)}</th><td>{cov.articles}</td><td>{len(cov.groups)}</td>"
                    f"<td style='text-align:left'>{only}</td><td style='text-align:left'>{omitted}</td>"
                    f"<td style='text-align:left'>{speakers}</td></tr>")
    return ("<table class='grid'><tr><th>outlet</th><th>articles</th><th>groups</th><th>only it carries</th>"
            "<th>left out (every other outlet carries it)</th><th>whom it quotes (share of quoted words)</th></tr>"
            + "".join(rows) + "</table>")


def _most_differing(story: Story, top: int) -> list[Group]:
    """Groups of two or more outlets whose members differ most: members with classified differences first,
    then outlets, then members with any difference; in story order on ties."""
    def weight(g: Group) -> tuple[int, int, int]:
        return (sum(any(d.kinds for d in m.diffs) for m in g.members), len(g.outlets), sum(bool(m.diffs) for m in g.members))

    differing = [g for g in story.shared(2) if any(m.diffs for m in g.members)]
    return sorted(differing, key=lambda g: tuple(-x for x in weight(g)))[:top]


def render_story_section(story: Story, *, colors: Mapping[str, str] | None = None, top: int = 5,
                         section_id: str = "story") -> str:
    """A compact story view to embed in another page (the report): the coverage grid, per outlet what only it
    carries and what it leaves out, and the ``top`` groups whose wording differs most, as cards. Style it with
    ``story_css(".story-view")``."""
    outlets = [c.outlet for c in story.outlets]
    colors = {**outlet_colors(outlets), **(colors or {})}
    shared = story.shared(2)
    shown = _most_differing(story, top)
    anchors = {g.id for g in shown}
    legend = "".join(f'<mark class="{k}">{_e(v)}</mark>' for k, v in _KIND_LABEL.items() if not k.startswith("cue"))
    meta = story.meta
    return (f'<section id="{_e(section_id)}" class="story-view"><h2>The story across outlets</h2>'
            f"<p>This input covers one story: {len(outlets)} outlets, {meta.get('articles', '?')} articles; "
            f"{len(shared)} things (quotations, facts, statements) are reported by two or more outlets, "
            f"{len(story.groups) - len(shared)} by one. Below: which outlet carries what, what each leaves out, and "
            f"the {len(shown)} groups whose wording differs most between outlets. Every group side by side, with "
            "filters, is on the story page (<code>framing story</code>, <code>framing.write_story</code>).</p>"
            f"<h3>Coverage: outlet × group</h3>{_grid(story, shared, anchors)}"
            f"<h3>Per outlet: what only it carries, what it leaves out, whom it quotes</h3>{_outlets(story, anchors)}"
            f"<h3>Where the wording differs most</h3><p>Highlighted words differ from the group's most common "
            f'wording (hover for what changed). <span class="legend">{legend}<mark>other wording</mark></span></p>'
            + "".join(_group(g, colors) for g in shown) + "</section>")


def render_story(story: Story, *, title: str | None = None) -> str:
    """The story page as one HTML string."""
    outlets = [c.outlet for c in story.outlets]
    colors = outlet_colors(outlets)
    shared = story.shared(2)
    single = [g for g in story.groups if len(g.outlets) < 2]
    filters = "".join(f'<label style="color:{colors[o]}"><input type="checkbox" class="f-outlet" value="{_e(o)}" checked> '
                      f"{_e(o)}</label>" for o in outlets)
    markers = "".join(f'<option value="{_e(m)}">{_e(m)}</option>' for m in story.markers)
    diffs = "".join(f'<option value="{k}">{_e(v)}</option>' for k, v in _KIND_LABEL.items())
    legend = "".join(f'<mark class="{k}">{_e(v)}</mark>' for k, v in _KIND_LABEL.items() if not k.startswith("cue"))
    meta = story.meta
    title = title or "Story view"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_PAGE_CSS}{_CARD_CSS}</style></head><body>
<h1>{_e(title)}</h1>
<p>{len(outlets)} outlets, {meta.get('articles', '?')} articles, {meta.get('units', '?')} sentences;
{len(shared)} things reported by two or more outlets, {len(single)} by one. Each card shows one outlet's sentence;
highlighted words differ from the group's most common wording (hover for what changed).
<span class="legend">{legend}<mark>other wording</mark></span></p>
<div class="filters">outlets: {filters} marker: <select id="f-marker"><option value="">any</option>{markers}</select>
difference: <select id="f-diff"><option value="">any</option>{diffs}</select></div>
<h2>Coverage: outlet × group</h2>{_grid(story, shared)}
<h2>Per outlet</h2>{_outlets(story)}
<h2>Reported by two or more outlets</h2>{"".join(_group(g, colors) for g in shared)}
<h2>Reported by one outlet</h2>{"".join(_group(g, colors) for g in single)}
<script>{_JS}</script></body></html>"""


def write_story_page(story: Story, path: str | Path, *, title: str | None = None) -> Path:
    """Write the story page (``.html``) atomically."""

    p = Path(path)
    if p.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{p}: the story page must be named .html")
    return atomic_write_text(p, render_story(story, title=title))


def write_story(story: Story, path: str | Path, *, title: str | None = None) -> Path:
    """Write a story by extension: ``.html`` (the page), ``.json`` (everything, :func:`load_story` reads it back),
    ``.parquet``/``.csv``/``.jsonl`` (one row per member)."""
    if Path(path).suffix.lower() in (".html", ".htm"):
        return write_story_page(story, path, title=title)
    return story.save(path)
