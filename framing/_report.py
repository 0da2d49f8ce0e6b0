"""The framing report: one self-contained HTML page made from profiles and sentence results.

The page has no external assets: CSS, JavaScript and the SVG chart are inlined, so it opens offline
and can be mailed around. Sentence tables are capped (``top`` rows per marker, highest score first)
so the file stays small for large runs; the page says how many rows it shows of how many.
"""

from __future__ import annotations

import heapq
import html
import math
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ._drivers import DRIVER_LABEL
from ._errors import FramingError, InputError
from ._files import atomic_write_text
from ._intervals import FEW_ARTICLES, ICC_PRIOR, Interval
from ._markers import as_markers, builtin_markers
from ._modelcard import read_card
from ._plots import outlet_colors
from ._profile import MarkerDifference, OutletProfile, compare
from ._report_input import ReportInput, as_report_input, select_markers_of, with_story
from ._story import Story
from ._story_page import render_story_section, story_css
from ._types import SentenceResult, Span
from ._version import __version__

DEFAULT_TOP = 200
"""Rows per marker in the report's sentence tables (highest score first)."""

TARGET_WIDTH = 0.10
"""Audited-rate interval width (high - low) the report says how many labels would reach."""

_REPORT_SUFFIXES = (".html", ".htm")


# ---------------------------------------------------------------------------------------------- helpers


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _f(x: float, digits: int = 3) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{round(x, digits) + 0.0:.{digits}f}"


def _signed(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    x = round(x, 3) + 0.0  # no "-0.000"
    return f"{x:+.3f}".replace("-", "\u2212")


def _interval(iv: Interval) -> str:
    return f"{_f(iv.value)} [{_f(iv.low)}, {_f(iv.high)}]"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "marker"


def highlight(text: str, spans: Iterable[Span | tuple[int, int, str]]) -> str:
    """HTML of ``text`` with ``<mark>`` over each span's character offsets; everything else escaped.

    Spans are clamped to the text; overlapping spans are merged into one mark whose title lists their labels.
    Driver spans (label ``driver``: the words that drive the score) get ``class="driver"`` (``"driver cue"``
    where they overlap other evidence) and their score drop in the title.
    """
    parts: list[tuple[int, int, list[str]]] = []
    for s in sorted((_span_tuple(s) for s in spans), key=lambda t: (t[0], t[1])):
        start, end = max(0, s[0]), min(len(text), s[1])
        if end <= start:
            continue
        if parts and start < parts[-1][1]:
            last = parts[-1]
            parts[-1] = (last[0], max(last[1], end), last[2] + ([s[2]] if s[2] not in last[2] else []))
        else:
            parts.append((start, end, [s[2]]))
    out, pos = [], 0
    for start, end, labels in parts:
        out.append(_e(text[pos:start]))
        drivers = [lb for lb in labels if lb.startswith(DRIVER_LABEL)]
        cls = "" if not drivers else ' class="driver"' if len(drivers) == len(labels) else ' class="driver cue"'
        out.append(f'<mark{cls} title="{_e(", ".join(labels))}">{_e(text[start:end])}</mark>')
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _span_tuple(s: Span | tuple[int, int, str]) -> tuple[int, int, str]:
    if isinstance(s, Span):
        if s.label == DRIVER_LABEL and s.weight is not None:
            return int(s.start), int(s.end), f"{DRIVER_LABEL} (log-odds drop {s.weight:.2f})"
        return int(s.start), int(s.end), s.label
    return int(s[0]), int(s[1]), str(s[2])


def _asset(name: str) -> str:
    return resources.files("framing").joinpath("templates", name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------- metadata


@dataclass
class _MarkerInfo:
    name: str
    description: str
    threshold: float | None
    source: str
    positives: int
    sentences: int
    templates: tuple[str, ...] = ()


def _implied_range(results: Sequence[SentenceResult], m: str) -> tuple[float, float]:
    """(highest negative score, lowest positive score): the threshold lies in (lo, hi]."""
    lo, hi = -math.inf, math.inf
    for r in results:
        s = r.scores[m]
        if math.isnan(s):
            continue
        if r.decisions[m]:
            hi = min(hi, s)
        else:
            lo = max(lo, s)
    return lo, hi


def _recorded_marker(recorded: Mapping[str, Any] | None, m: str) -> tuple[float | None, str, tuple[str, ...]]:
    """(threshold, description, templates) of a marker as the input recorded it: a number (a profile's meta)
    or a marker's ``to_dict()`` (a scores file's run metadata)."""
    value = (recorded or {}).get(m)
    if isinstance(value, bool):
        return None, "", ()
    if isinstance(value, (int, float)):
        return float(value), "", ()
    if isinstance(value, Mapping):
        thr = value.get("threshold")
        templates = value.get("templates")
        return (float(thr) if isinstance(thr, (int, float)) and not isinstance(thr, bool) else None,
                str(value.get("description") or ""),
                tuple(str(t) for t in templates) if isinstance(templates, (list, tuple)) else ())
    return None, "", ()


def _marker_infos(profiles: Sequence[OutletProfile], results: Sequence[SentenceResult] | None,
                  defs: Mapping[str, Any] | None, recorded: Mapping[str, Any] | None,
                  recorded_from: str = "recorded in the input") -> list[_MarkerInfo]:
    builtin = builtin_markers()
    names = list(profiles[0].markers) if profiles else []
    infos = []
    for m in names:
        positives = sum(p.markers[m].count for p in profiles)
        sentences = sum(p.n_sentences for p in profiles)
        definition = (defs or {}).get(m)
        rec_threshold, rec_description, rec_templates = _recorded_marker(recorded, m)
        description = (getattr(definition, "description", "") if definition is not None else "") or rec_description \
            or getattr(builtin.get(m), "description", "") or ""
        templates = tuple(definition.templates) if definition is not None else rec_templates
        threshold: float | None
        if definition is not None:
            threshold, source = float(definition.threshold), "markers passed in (--markers or the scorer)"
        elif rec_threshold is not None:
            threshold, source = rec_threshold, recorded_from
        else:
            guess = builtin[m].threshold if m in builtin else None
            if results is None:
                threshold = guess
                source = "built-in definition (the input does not record it)" if guess is not None else "not recorded"
            else:
                lo, hi = _implied_range(results, m)
                if guess is not None and lo < guess + 1e-6 and guess <= hi + 1e-6:
                    threshold, source = guess, "built-in definition, consistent with the decisions"
                else:
                    threshold = None
                    source = (f"not recorded; the decisions imply a threshold above {_f(lo)} and at most {_f(hi)} "
                              "(pass the markers file used for scoring)")
        infos.append(_MarkerInfo(m, description, threshold, source, positives, sentences, templates))
    return infos


def _model_info(model: Any, recorded: Any) -> dict[str, Any]:
    """Name, path and card of the model, from what the caller passed or the input recorded."""
    source = model if model is not None else recorded
    if source is None:
        return {}
    if isinstance(source, Mapping):  # recorded by `framing score` in the run metadata: the card as it was then
        card = source.get("card")
        return {"name": str(source.get("name") or Path(str(source.get("path") or "model")).name),
                "path": str(source.get("path") or ""), "card": dict(card) if isinstance(card, Mapping) else {},
                "backend": source.get("backend"), "recorded": True}
    if hasattr(source, "card") and hasattr(source, "path"):
        return {"name": source.name, "path": str(source.path), "card": dict(source.card or {})}
    text = str(source)
    p = Path(text).expanduser()
    card: dict[str, Any] = {}
    error = None
    if p.is_dir():
        try:
            card = read_card(p)
        except FramingError as exc:
            error = str(exc)
    name = card.get("name") or (p.name if p.is_dir() else text)
    return {"name": name, "path": str(p) if p.is_dir() else "", "card": card, "card_error": error}


# ---------------------------------------------------------------------------------------------- sections


def _rate_chart(profiles: Sequence[OutletProfile], markers: Sequence[str], colors: Mapping[str, str]) -> str:
    """Grouped bar chart (SVG): one group per marker, one bar per outlet, 95% CI error bars."""
    n_out, n_mark = len(profiles), len(markers)
    left, right, top, bottom = 64, 16, 24, 44
    width = max(960, n_mark * (n_out * 16 + 40) + left + right)
    height = 380
    plot_w, plot_h = width - left - right, height - top - bottom
    highs = [v for p in profiles for m in markers for v in (p.markers[m].rate.high, p.markers[m].rate.value)
             if math.isfinite(v)]
    peak = max(highs, default=0.0)
    ymax = min(1.0, max(0.1, math.ceil(peak * 1.08 * 10) / 10))
    step = 0.05 if ymax <= 0.3 else 0.1 if ymax <= 0.6 else 0.2

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(v, ymax)) / ymax)

    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'aria-label="Marker rates by outlet with 95% confidence intervals">']
    tick = 0.0
    while tick <= ymax + 1e-9:
        yy = y(tick)
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}"/>')
        out.append(f'<text x="{left - 8}" y="{yy + 4:.1f}" text-anchor="end">{tick:.2f}</text>')
        tick = round(tick + step, 10)
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    out.append(f'<text x="16" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top + plot_h / 2:.1f})">share of sentences (95% CI)</text>')
    group_w = plot_w / max(1, n_mark)
    bar_w = group_w * 0.8 / max(1, n_out)
    labels = n_out * n_mark <= 24
    for gi, m in enumerate(markers):
        gx = left + gi * group_w + group_w * 0.1
        out.append(f'<text x="{left + (gi + 0.5) * group_w:.1f}" y="{height - bottom + 20}" text-anchor="middle" '
                   f'font-weight="600">{_e(m)}</text>')
        for oi, p in enumerate(profiles):
            rate = p.markers[m].rate
            if not math.isfinite(rate.value):
                continue
            x = gx + oi * bar_w
            y0, y1 = y(rate.value), y(0)
            tip = f"{p.outlet} \u00b7 {m}: {_interval(rate)} ({p.markers[m].count} of {p.n_sentences} sentences)"
            out.append(f'<g class="bar" data-outlet="{_e(p.outlet)}" data-marker="{_e(m)}" data-rate="{_f(rate.value)}">'
                       f'<title>{_e(tip)}</title>'
                       f'<rect x="{x + 1:.1f}" y="{y0:.1f}" width="{max(1.0, bar_w - 2):.1f}" height="{y1 - y0:.1f}" '
                       f'fill="{colors[p.outlet]}"/>')
            cx = x + bar_w / 2
            if math.isfinite(rate.low) and math.isfinite(rate.high):
                lo, hi = y(rate.low), y(rate.high)
                cap = min(5.0, bar_w / 4)
                out.append(f'<line class="err" x1="{cx:.1f}" x2="{cx:.1f}" y1="{lo:.1f}" y2="{hi:.1f}"/>'
                           f'<line class="err" x1="{cx - cap:.1f}" x2="{cx + cap:.1f}" y1="{lo:.1f}" y2="{lo:.1f}"/>'
                           f'<line class="err" x1="{cx - cap:.1f}" x2="{cx + cap:.1f}" y1="{hi:.1f}" y2="{hi:.1f}"/>')
            if labels:
                top_y = min(y0, y(rate.high) if math.isfinite(rate.high) else y0) - 5
                out.append(f'<text x="{cx:.1f}" y="{top_y:.1f}" text-anchor="middle" font-size="11">{rate.value:.2f}</text>')
            out.append("</g>")
    out.append("</svg>")
    legend = "".join(f'<span><span class="swatch" style="background:{colors[p.outlet]}"></span>{_e(p.outlet)}</span>'
                     for p in profiles)
    return "\n".join(out) + f'\n<div class="legend">{legend}</div>'


def _voices(s: Any) -> str:
    """The marker's rate in the outlet's own words and in the quotes it chose (profiles that record them)."""
    if s.own_rate is None:
        return ""
    quoted = _interval(s.quoted_rate) if s.quoted_rate is not None else "no quotes"
    return (f'<span class="sub voice-own" title="share of sentences whose own words (quotations left out) carry it">'
            f"in the outlet's own words {_interval(s.own_rate)}</span>"
            f'<span class="sub voice-quoted" title="share of sentences with quoted words whose quoted words carry it">'
            f"in the quotes it chose {quoted}</span>")


def _rate_table(profiles: Sequence[OutletProfile], markers: Sequence[str], colors: Mapping[str, str]) -> str:
    head = "".join(f'<th class="num">{_e(m)}<span class="sub">rate [95% CI] \u00b7 mean score</span></th>' for m in markers)
    rows = []
    for p in profiles:
        cells = []
        for m in markers:
            s = p.markers[m]
            cells.append(f'<td class="num rate" data-outlet="{_e(p.outlet)}" data-marker="{_e(m)}" '
                         f'data-rate="{_f(s.rate.value)}" title="{s.count} of {p.n_sentences} sentences">'
                         f'{_interval(s.rate)}<span class="sub" title="mean score [95% CI]">'
                         f'mean score {_interval(s.mean_score)}</span>{_voices(s)}</td>')
        rows.append(f'<tr><th class="outlet"><span class="swatch" style="background:{colors[p.outlet]}"></span>{_e(p.outlet)}</th>'
                    f'<td class="num">{p.n_articles:,}</td><td class="num">{p.n_sentences:,}</td>{"".join(cells)}</tr>')
    return (f'<div class="scroll"><table class="rates"><thead><tr><th>outlet</th><th class="num">articles</th><th class="num">sentences</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _headline_section(headlines: Sequence[OutletProfile], markers: Sequence[str], colors: Mapping[str, str],
                      roles: Sequence[str]) -> str:
    """The headline table: the same rates over headline units only (nothing when no headline was found)."""
    if not headlines:
        return ""
    return (f'<section id="headlines">\n<h2>Headlines</h2>\n<p>The same rates over each outlet\'s headlines only '
            "(one per article at most): headlines are where framing concentrates. The rates above count "
            f"{_e(', '.join(roles))} sentences.</p>\n{_rate_table(headlines, markers, colors)}\n</section>")


def _differences(profiles: Sequence[OutletProfile], markers: Sequence[str], seed: int) -> str:
    if len(profiles) < 2:
        return '<p class="note">Only one outlet: there is nothing to compare.</p>'
    n = len(profiles)
    audited = False
    diffs: dict[tuple[int, int], dict[str, MarkerDifference]] = {}
    for i in range(n):
        for j in range(i + 1, n):
            c = compare(profiles[i], profiles[j], seed=seed)
            diffs[i, j] = dict(c.markers)
            diffs[j, i] = {m: d.reversed() for m, d in c.markers.items()}
            audited = audited or any(d.source == "audited" for d in c.markers.values())
    blocks = []
    head = "".join(f"<th>{_e(p.outlet)}</th>" for p in profiles)
    for m in markers:
        rows = []
        for i, a in enumerate(profiles):
            cells = []
            for j, b in enumerate(profiles):
                if i == j:
                    cells.append('<td class="cell self">\u2014</td>')
                    continue
                d = diffs[i, j].get(m)
                if d is None:
                    cells.append('<td class="cell">n/a</td>')
                    continue
                iv, sig = d.rate, d.significant
                cls = "cell sig " + ("up" if iv.value > 0 else "down") if sig else "cell"
                tip = (f"{a.outlet} minus {b.outlet}, {m}: {_signed(iv.value)} [{_signed(iv.low)}, {_signed(iv.high)}]"
                       + (" \u2014 the interval excludes zero" if sig else ""))
                cells.append(f'<td class="{cls}" data-a="{_e(a.outlet)}" data-b="{_e(b.outlet)}" '
                              f'data-diff="{_f(iv.value)}" title="{_e(tip)}">{_signed(iv.value)}'
                              f'<span class="ci">[{_signed(iv.low)}, {_signed(iv.high)}]</span></td>')
            rows.append(f"<tr><th>{_e(a.outlet)}</th>{''.join(cells)}</tr>")
        blocks.append(f'<div><h3>{_e(m)}</h3><table class="diff" data-marker="{_e(m)}"><thead><tr>'
                      f'<th>row \u2212 column</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    which = "audited rate (where both outlets have an audit of the marker; raw rate elsewhere)" if audited else "rate"
    return (f'<p>Each cell is the <b>row</b> outlet\'s {which} minus the <b>column</b> outlet\'s, with a 95% '
            'interval combining the two outlets\' intervals (Newcombe\'s method). Only a difference whose interval '
            'excludes zero is coloured: <span class="sig-up">red</span>, the row outlet is higher; '
            '<span class="sig-down">blue</span>, lower.</p>'
            f'<div class="diffs">{"".join(blocks)}</div>')


SOURCES_SHOWN = 6
"""Sources and cue terms listed per outlet in the report's "Sources and cue words" section."""


def _audit_section(profiles: Sequence[OutletProfile], markers: Sequence[str]) -> str:
    """Raw and audited rates side by side, the model's agreement with the labels, and the labels still needed."""
    rows, need = [], []
    for p in profiles:
        for m in markers:
            a = p.markers[m].audit
            if a is None:
                continue
            rows.append(f'<tr data-outlet="{_e(p.outlet)}" data-marker="{_e(m)}"><th>{_e(p.outlet)}</th><td>{_e(m)}</td>'
                        f'<td class="num">{_interval(p.markers[m].rate)}</td><td class="num audited">{_interval(a.audited)}</td>'
                        f'<td class="num">{_interval(a.labels_only)}</td><td class="num">{a.n_labels}</td>'
                        f'<td class="num">{_f(a.precision, 2)}</td><td class="num">{_f(a.recall, 2)}</td>'
                        f'<td class="num">{_f(a.kappa, 2)}</td></tr>')
            if a.audited.high - a.audited.low > TARGET_WIDTH:
                need.append(f"{_e(p.outlet)} / {_e(m)}: about {a.labels_needed(TARGET_WIDTH) - a.n_labels:,} more")
    if not rows:
        return ""
    more = (f'<p class="note audit-need">Labels needed for an audited interval no wider than {TARGET_WIDTH:.2f}: '
            f'{"; ".join(need)}.</p>' if need else
            f'<p class="note audit-need">Every audited interval is at most {TARGET_WIDTH:.2f} wide.</p>')
    return ('<h3 id="audit">Raw and audited rates</h3><p>The raw rate is the share of sentences the model flags; the '
            'audited rate corrects it with the human labels of the audit (PPI++, 95% interval), next to the labels '
            'alone and the model\'s precision, recall and Cohen\'s kappa on the labelled sentences.</p>'
            '<div class="scroll"><table class="audit"><thead><tr><th>outlet</th><th>marker</th><th class="num">raw</th>'
            '<th class="num">audited</th><th class="num">labels only</th><th class="num">labels</th>'
            '<th class="num">precision</th><th class="num">recall</th><th class="num">kappa</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>{more}')


def _share(iv: Interval | None) -> str:
    return "n/a" if iv is None else _interval(iv)


def _counted(items: Sequence[tuple[str, int]], k: int) -> str:
    if not items:
        return '<span class="muted">none</span>'
    shown = ", ".join(f"{_e(t)}\u00a0<span class=\"muted\">({c:,})</span>" for t, c in items[:k])
    more = len(items) - k
    return shown + (f' <span class="muted">+{more:,} more</span>' if more > 0 else "")


def _sources_section(profiles: Sequence[OutletProfile], markers: Sequence[str], colors: Mapping[str, str]) -> str:
    """Who each outlet quotes (sources, anonymous share, evaluative cue share) and its most frequent cue terms."""
    out = []
    if any(p.attribution is not None for p in profiles):
        rows = []
        for p in profiles:
            a = p.attribution
            name = (f'<th class="outlet"><span class="swatch" style="background:{colors[p.outlet]}"></span>'
                    f"{_e(p.outlet)}</th>")
            if a is None:
                rows.append(f'<tr data-outlet="{_e(p.outlet)}">{name}<td colspan="4" class="muted">no attribution '
                            "data</td></tr>")
                continue
            types = ", ".join(f"{_e(t)} {c:,}" for t, c in sorted(a.source_types.items(), key=lambda kv: (-kv[1], kv[0])))
            anonymous = _f(a.anonymous_share.value) if a.anonymous_share else ""
            evaluative = _f(a.evaluative_share.value) if a.evaluative_share else ""
            rows.append(
                f'<tr data-outlet="{_e(p.outlet)}">{name}<td class="num">{a.n:,}</td>'
                f'<td class="num anonymous" data-share="{anonymous}">{_share(a.anonymous_share)}</td>'
                f'<td class="num evaluative" data-share="{evaluative}">{_share(a.evaluative_share)}</td>'
                f'<td class="sources">{_counted(a.top_sources(len(a.sources)), SOURCES_SHOWN)}'
                + (f'<span class="sub">by type: {types}</span>' if types else "") + "</td></tr>")
        out.append(
            "<h3>Who is quoted</h3><p>Over sentences decided as <b>attribution</b> whose source was found: how many, "
            "the share whose source is anonymous (<i>officials said</i>, <i>a source close to</i>), the share of "
            "attributions with an evaluative cue verb (<i>claimed</i>, <i>insisted</i>, <i>admitted</i>) rather "
            "than a neutral one (<i>said</i>), with 95% intervals, and the most quoted "
            "sources (pronouns are counted in the shares, not listed).</p>"
            '<div class="scroll"><table class="attribution"><thead><tr><th>outlet</th>'
            '<th class="num">attributions<br>with a source</th><th class="num">anonymous share<br>[95% CI]</th>'
            '<th class="num">evaluative cue share<br>[95% CI]</th>'
            f'<th>most quoted sources (count)</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    if any(p.markers[m].terms for p in profiles for m in markers):
        head = "".join(f"<th>{_e(m)}</th>" for m in markers)
        rows = []
        for p in profiles:
            cells = "".join(f'<td class="terms" data-marker="{_e(m)}">{_counted(p.markers[m].terms, SOURCES_SHOWN)}</td>'
                            for m in markers)
            rows.append(f'<tr data-outlet="{_e(p.outlet)}"><th class="outlet"><span class="swatch" '
                        f'style="background:{colors[p.outlet]}"></span>{_e(p.outlet)}</th>{cells}</tr>')
        out.append(
            "<h3>Most frequent cue words</h3><p>Per marker, the cue terms found most often in the evidence of an "
            "outlet's sentences at or over the threshold (hedge cues, loaded terms, attribution cue verbs), with "
            f"counts; at most {SOURCES_SHOWN} per cell.</p>"
            f'<div class="scroll"><table class="terms"><thead><tr><th>outlet</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')
    if not out:
        return ('<p class="note">This input records no attribution sources or cue terms (a profile made by an older '
                "framing, or markers without cues). Make the report from a scores file to see them.</p>")
    return "".join(out)


def _sentence_key(m: str) -> Any:
    def key(r: SentenceResult) -> tuple[float, str, str, int]:
        s = r.scores[m]
        return (-s if not math.isnan(s) else math.inf, r.outlet, r.doc_id, r.index)

    return key


def _controls(outlets: Sequence[str]) -> str:
    options = "".join(f'<option value="{_e(o)}">{_e(o)}</option>' for o in outlets)
    return ('<div class="controls" hidden><label>outlet <select><option value="">all outlets</option>'
            f'{options}</select></label><button class="prev" type="button">\u2039 previous</button>'
            '<button class="next" type="button">next \u203a</button><span class="status"></span></div>')


def _sentence_tables(results: Sequence[SentenceResult], markers: Sequence[str], colors: Mapping[str, str],
                     top: int) -> str:
    outlets = sorted({r.outlet for r in results})
    blocks = []
    for m in markers:
        chosen = heapq.nsmallest(top, results, key=_sentence_key(m))
        total = len(results)
        positives = sum(1 for r in results if r.decisions[m])
        if len(chosen) < total:
            note = (f"Showing the {len(chosen):,} highest-scoring of {total:,} sentences "
                    f"({positives:,} at or over the threshold); the table is capped at {top:,} rows per marker "
                    "to keep the page small. The scores file has every sentence.")
        else:
            note = f"All {total:,} sentences, highest score first ({positives:,} at or over the threshold)."
        rows = []
        for rank, r in enumerate(chosen, 1):
            yes = r.decisions[m]
            rows.append(f'<tr data-outlet="{_e(r.outlet)}"><td class="num">{rank}</td>'
                        f'<td class="num">{_f(r.scores[m])}</td><td class="{"yes" if yes else "no"}">{"yes" if yes else "no"}</td>'
                        f'<td><span class="swatch" style="background:{colors.get(r.outlet, "#888")}"></span>{_e(r.outlet)}</td>'
                        f'<td>{_e(r.doc_id)} <span class="muted">#{r.index}</span></td>'
                        f'<td class="text">{highlight(r.text, r.evidence.get(m, []))}</td></tr>')
        blocks.append(
            f'<section class="marker-table" id="sentences-{_slug(m)}" data-marker="{_e(m)}"><h3>{_e(m)}</h3>'
            f'<p class="note cap-note" data-shown="{len(chosen)}" data-total="{total}">{note}</p>{_controls(outlets)}'
            '<table class="sentences"><thead><tr><th class="num">#</th><th class="num">score</th><th>over threshold</th>'
            '<th>outlet</th><th>article</th><th>sentence (evidence highlighted)</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')
    return "".join(blocks)


def _profile_examples(profiles: Sequence[OutletProfile], markers: Sequence[str], colors: Mapping[str, str]) -> str:
    k = max((len(p.markers[m].top) for p in profiles for m in markers), default=0)
    blocks = [('<p class="note cap-note">This report was made from a profile, which keeps no sentence table, only the '
               f'{k} strongest sentences per outlet and marker (shown below). Make the report from a scores file '
               '(<code>framing score INPUT -o scores.jsonl</code>) for full sentence tables.</p>')]
    for m in markers:
        items = sorted(((p.outlet, e) for p in profiles for e in p.markers[m].top),
                       key=lambda t: (-t[1].score, t[0], t[1].doc_id, t[1].index))
        if not items:
            blocks.append(f"<h3>{_e(m)}</h3><p class='muted'>No sentence at or over the threshold.</p>")
            continue
        rows = "".join(f'<tr data-outlet="{_e(o)}"><td class="num">{_f(e.score)}</td>'
                       f'<td><span class="swatch" style="background:{colors.get(o, "#888")}"></span>{_e(o)}</td>'
                       f'<td>{_e(e.doc_id)} <span class="muted">#{e.index}</span></td>'
                       f'<td class="text">{highlight(e.text, e.spans)}</td></tr>' for o, e in items)
        blocks.append(f'<h3>{_e(m)}</h3><table class="examples"><thead><tr><th class="num">score</th><th>outlet</th>'
                      f'<th>article</th><th>sentence (evidence highlighted)</th></tr></thead><tbody>{rows}</tbody></table>')
    return "".join(blocks)


def _meta_section(data: ReportInput, infos: Sequence[_MarkerInfo], model: Mapping[str, Any], generated: str,
                  seed: int, top: int) -> str:
    meta = data.meta
    rows: list[tuple[str, str]] = []
    rows.append(("input", _e(meta.get("input") or "results passed to framing.write_report")
                 + (f' <span class="muted">({_e(meta["source"])})</span>' if meta.get("source") else "")))
    rows.append(("generated", _e(generated) + f' <span class="muted">by framing {_e(__version__)}</span>'))
    run = meta.get("run") if isinstance(meta.get("run"), Mapping) else None
    if run is not None:
        rows.append(("scored", _e(_scored_line(run))))
        rows.append(("run metadata", _e(Path(str(meta.get("run_meta"))).name)
                     + ' <span class="muted">(written by <code>framing score</code> beside the scores file; it '
                       "matches the file's SHA-256)</span>"))
    elif meta.get("run_note"):
        rows.append(("run metadata", f'<span class="muted">{_e(meta["run_note"])}</span>'))
    if model:
        text = f"<b>{_e(model['name'])}</b>"
        if model.get("path"):
            text += f' <span class="muted">({_e(model["path"])})</span>'
        rows.append(("model", text))
        card = model.get("card") or {}
        if card.get("summary"):
            rows.append(("model card", _e(card["summary"])
                         + (' <span class="muted">(as recorded at scoring)</span>' if model.get("recorded") else "")))
        if card.get("base_model"):
            rows.append(("base model", _e(card["base_model"])))
        if card.get("training_rows"):
            rows.append(("trained on", _e(f"{card['training_rows']:,} pairs" if isinstance(card["training_rows"], int)
                                          else card["training_rows"])))
        adapted = card.get("adapted")
        if isinstance(adapted, Mapping) and adapted.get("markers"):
            rows.append(("adapted on markers", _e(f"{', '.join(map(str, adapted['markers']))} "
                                                  f"({adapted.get('sentences', '?')} labelled sentences)")))
        for name, res in (card.get("evaluation") or {}).items():
            if isinstance(res, dict) and "accuracy" in res:
                rows.append((f"accuracy on {_e(name)}", f"{float(res['accuracy']):.4f} (n={_e(res.get('n', '?'))})"))
        if model.get("card_error"):
            rows.append(("model card", f'<span class="muted">unreadable: {_e(model["card_error"])}</span>'))
        elif not card and model.get("path"):
            rows.append(("model card", '<span class="muted">none (not a framing-trained model)</span>'))
    else:
        rows.append(("model", '<span class="muted">not recorded in the input; pass <code>--model PATH</code> '
                              "to show it and its card</span>"))
    n_articles = sum(p.n_articles for p in data.profiles)
    n_sentences = sum(p.n_sentences for p in data.profiles)
    counts = f"{len(data.profiles):,} outlets, {n_articles:,} articles, {n_sentences:,} sentences"
    skipped = ((run or {}).get("counts") or {}).get("skipped_records")
    if isinstance(skipped, int) and skipped:
        counts += f"; {skipped:,} malformed records skipped at scoring"
    rows.append(("counts", counts))
    rows.append(("intervals", "95% Wilson intervals on the effective number of sentences (design effect of "
                              f"sentences clustered in articles, prior intra-article correlation {ICC_PRIOR}); "
                              "differences by Newcombe's method; audited rates: PPI++ (see docs/audit.md)"))
    if data.results is not None:
        rows.append(("sentence tables", f"at most {top:,} rows per marker, highest score first"))
    dropped = meta.get("dropped")
    if isinstance(dropped, Mapping) and dropped:
        rows.append(("boilerplate dropped", _e(", ".join(f"{k} {v}" for k, v in dropped.items()))))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    marker_rows = "".join(
        f'<tr><th>{_e(i.name)}</th><td>{_e(i.description)}</td>'
        f'<td class="num">{_f(i.threshold) if i.threshold is not None else "?"}</td>'
        f'<td class="muted">{_e(i.source)}</td><td class="num">{i.positives:,} of {i.sentences:,}</td>'
        f'<td class="templates">{_templates(i.templates)}</td></tr>'
        for i in infos)
    return (f'<table class="meta">{body}</table><h3>Markers</h3><table class="markers"><thead><tr><th>marker</th>'
            '<th>description</th><th class="num">threshold</th><th>threshold from</th><th class="num">sentences at or '
            f'over it</th><th>templates</th></tr></thead><tbody>{marker_rows}</tbody></table>')


def _templates(templates: Sequence[str]) -> str:
    if not templates:
        return '<span class="muted">not recorded</span>'
    return "<br>".join(_e(f"\u201c{t}\u201d") for t in templates)


def _scored_at(run: Mapping[str, Any]) -> str:
    """The run metadata's UTC ``created`` time as ``2026-11-23 18:25:34 UTC``."""
    return str(run.get("created") or "?").replace("T", " ").replace("Z", " UTC")


def _scored_line(run: Mapping[str, Any]) -> str:
    """When and how a scores file was made, from its run metadata."""
    text = f"{_scored_at(run)} by framing {run.get('framing_version', '?')}"
    counts = run.get("counts") if isinstance(run.get("counts"), Mapping) else {}
    if isinstance(counts.get("documents"), int) and isinstance(counts.get("sentences"), int):
        text += f": {counts['documents']:,} documents, {counts['sentences']:,} sentences"
    backend = (run.get("model") or {}).get("backend") if isinstance(run.get("model"), Mapping) else None
    if backend:
        text += f", backend {backend}"
    settings = run.get("settings") if isinstance(run.get("settings"), Mapping) else {}
    if settings.get("segment") is False:
        text += ", each text scored as one sentence (--no-segment)"
    if settings.get("limit") is not None:
        text += f", first {settings['limit']} documents only (--limit)"
    return text


def _run_line(meta: Mapping[str, Any], model: Mapping[str, Any], infos: Sequence[_MarkerInfo]) -> str:
    """The header's second line: model and its card summary, when scored, marker thresholds."""
    parts = []
    card = (model.get("card") or {}) if model else {}
    if model:
        parts.append(f"Model <b>{_e(model['name'])}</b>")
    run = meta.get("run") if isinstance(meta.get("run"), Mapping) else None
    if run is not None and run.get("created"):
        parts.append("scored " + _e(_scored_at(run)))
    known = [i for i in infos if i.threshold is not None]
    if known:
        parts.append("thresholds: " + ", ".join(f"{_e(i.name)} {_f(i.threshold)}" for i in known))
    if not parts:
        return ""
    sep = " \u00b7 "
    summary = f'<span class="sub card-summary">{_e(card["summary"])}</span>' if card.get("summary") else ""
    return f'<p class="run-line">{sep.join(parts)}{summary}</p>'


def _story_section(data: ReportInput, colors: Mapping[str, str]) -> str:
    """The story view when the input covers one story; one line when it was looked for and not found."""
    if data.story is not None:
        return render_story_section(data.story, colors=colors)
    if data.story_note:
        return f'<p class="note story-note">No story view: {_e(data.story_note.rstrip("."))}.</p>'
    return ""


def render_report(data: ReportInput, *, model: Any = None, markers: Mapping[str, Any] | None = None,
                  top: int = DEFAULT_TOP, seed: int = 0, title: str | None = None,
                  generated: str | None = None) -> str:
    """The report page as a string (see :func:`write_report`)."""
    profiles = data.profiles
    if not profiles:
        raise InputError("nothing to report: no outlet profiles")
    if top < 1:
        raise InputError(f"top must be at least 1, got {top}")
    names = list(profiles[0].markers)
    colors = outlet_colors([p.outlet for p in profiles]
                           + [h.outlet for h in data.headlines if h.outlet not in {p.outlet for p in profiles}])
    generated = generated or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    recorded = data.meta.get("markers") if isinstance(data.meta.get("markers"), Mapping) else None
    infos = _marker_infos(profiles, data.results, markers, recorded,
                          str(data.meta.get("markers_from") or "recorded in the input"))
    model_info = _model_info(model, data.meta.get("model"))
    title = title or "Framing report" + (f": {Path(str(data.meta['input'])).name}" if data.meta.get("input") else "")
    n_sentences = sum(p.n_sentences for p in profiles)
    summary = (f"{len(profiles):,} outlets \u00b7 {sum(p.n_articles for p in profiles):,} articles \u00b7 "
               f"{n_sentences:,} sentences \u00b7 model {model_info.get('name') or 'not recorded'} \u00b7 {generated}")
    few = [f"{p.outlet} ({p.n_articles})" for p in profiles if p.few_articles]
    few_note = (f'<p class="note few-articles">Fewer than {FEW_ARTICLES} articles for {_e(", ".join(few))}: with so '
                "few articles the intervals rest mostly on an assumed between-article variation; read them as rough "
                "and collect more articles before reporting a difference.</p>" if few else "")
    story = _story_section(data, colors)
    if data.results is not None:
        sentences = _sentence_tables(data.results, names, colors, top)
    else:
        sentences = _profile_examples(profiles, names, colors)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="framing">
<title>{_e(title)}</title>
<style>
{_asset("report.css")}
{story_css(".story-view") if data.story is not None else ""}
</style>
</head>
<body>
<main>
<header>
<h1>{_e(title)}</h1>
<p class="lead summary">{_e(summary)}</p>
{_run_line(data.meta, model_info, infos)}
<nav class="toc"><a href="#rates">Rates</a>{'<a href="#headlines">Headlines</a>' if data.headlines else ""}<a href="#differences">Differences</a>{'<a href="#story">Story</a>' if data.story is not None else ""}<a href="#sources">Sources and cue words</a><a href="#sentences">Sentences</a><a href="#run">Run</a></nav>
</header>
<section id="rates">
<h2>Marker rates by outlet</h2>
<p>Share of each outlet's sentences at or over the marker's threshold, with 95% confidence intervals.</p>
{few_note}
{_rate_chart(profiles, names, colors)}
{_rate_table(profiles, names, colors)}
{_audit_section(profiles, names)}
</section>
{_headline_section(data.headlines, names, colors, data.meta.get("roles") or ["body"])}
<section id="differences">
<h2>Differences between outlets</h2>
{_differences(profiles, names, seed)}
</section>
{story}
<section id="sources">
<h2>Sources and cue words</h2>
{_sources_section(profiles, names, colors)}
</section>
<section id="sentences">
<h2>Sentences by marker</h2>
<p>Highest score first; the marker's evidence spans (cue words) are <mark>highlighted</mark>; the words that drive
the score of a positive decision (deleting them lowers it most) are <mark class="driver">underlined</mark>.</p>
{sentences}
</section>
<section id="run">
<h2>Run</h2>
{_meta_section(data, infos, model_info, generated, seed, top)}
</section>
<footer>Made with framing. This page is self-contained: it loads nothing from the network.</footer>
</main>
<script>
{_asset("report.js")}
</script>
</body>
</html>
"""


def write_report(data: Any, path: str | Path, *, model: Any = None, markers: Any = None,
                 select: Sequence[str] | None = None, top: int = DEFAULT_TOP, seed: int = 0,
                 title: str | None = None, story: Story | bool = False, actors: Any = None) -> Path:
    """Write the framing report: one self-contained HTML page.

    ``data``: a :class:`ScoredCorpus`, a list of :class:`SentenceResult`, :class:`OutletProfile` objects, or a
    path to a scores file (``framing score``) or a profile JSON (``framing profile -o``). From profiles the
    page has no sentence tables, only the strongest examples the profiles keep.
    ``model``: the model folder (or loaded :class:`NLIModel`) whose name and card to show; by default, for a
    scores file, the model recorded beside it in ``<scores>.meta.json`` by ``framing score`` (ignored when it no
    longer matches the file). ``markers``: the markers used for scoring (a TOML path or a dict of
    :class:`Marker`), for descriptions and thresholds; by default the recorded ones. ``select``: only these markers. ``top``: rows per marker table (the page
    says how many of how many it shows). ``seed``: kept for compatibility (the intervals are not random).
    ``story``: a compact story view (coverage grid, what each outlet leaves out, the groups whose wording differs
    most): a :class:`Story`, or ``True`` to align the input's sentences when they cover one story across two or
    more outlets (:func:`story_of`; several stories or too many articles: one line says why, one outlet:
    nothing); ``actors`` names actors for it (see :func:`align_story`).

    >>> framing.write_report(corpus, "report.html", model=scorer.nli)
    """
    out = Path(path)
    if out.suffix.lower() not in _REPORT_SUFFIXES:
        raise InputError(f"report output must be an .html file, got {out.name!r}")
    loaded, extra = as_report_input(data, seed)
    loaded = with_story(select_markers_of(loaded, select), story, actors=actors)
    if extra.get("dropped") and "dropped" not in loaded.meta:
        loaded.meta["dropped"] = extra["dropped"]
    defs = as_markers(markers) if markers is not None else extra.get("markers")
    text = render_report(loaded, model=model if model is not None else extra.get("model"), markers=defs,
                         top=top, seed=seed, title=title)
    return atomic_write_text(out, text)
