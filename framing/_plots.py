"""Plots of profiles for papers (matplotlib, imported only when plotting) and the outlet colours they share
with the HTML report."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Literal, Sequence

from ._errors import FramingError, InputError
from ._markers import check_marker_names
from ._files import atomic_write
from ._intervals import FEW_ARTICLES
from ._profile import OutletProfile
from ._report_input import load_report_input

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
"""Outlet colours (Tableau 10), shared by the HTML chart and the matplotlib plots."""

_PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def outlet_colors(outlets: Sequence[str]) -> dict[str, str]:
    """A stable colour per outlet: Tableau 10, then evenly spaced hues."""
    out = {}
    for i, name in enumerate(outlets):
        if i < len(PALETTE):
            out[name] = PALETTE[i]
        else:
            out[name] = f"hsl({(i * 137) % 360}, 55%, 50%)"
    return out


MIN_DPI, MAX_DPI = 10, 2400
"""The resolutions :func:`plot_profiles` accepts."""


def plot_profiles(profiles: OutletProfile | Sequence[OutletProfile] | str | Path, path: str | Path, *,
                  metric: Literal["rate", "mean_score"] = "rate", markers: Sequence[str] | None = None,
                  title: str | None = None, dpi: int = 200, seed: int = 0) -> Path:
    """Plot profiles for a paper: grouped bars (one group per marker, one bar per outlet) with 95% CIs.

    The format follows the extension: ``.png``, ``.svg`` (text kept as text, reproducible bytes) or ``.pdf``.
    ``metric``: ``"rate"`` (share of sentences over threshold) or ``"mean_score"``. Needs matplotlib
    (``pip install 'framing[plot]'``). ``profiles`` may be a path to a scores or profile file (read as for
    :func:`framing.write_report`; ``seed``: kept for compatibility; the intervals are not random).
    """
    out = Path(path)
    fmt = out.suffix.lower()
    if fmt not in _PLOT_SUFFIXES:
        raise InputError(f"plot output must be .png, .svg or .pdf, got {out.name!r}")
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not MIN_DPI <= dpi <= MAX_DPI:
        raise InputError(f"dpi must be between {MIN_DPI} and {MAX_DPI} (print quality is 300-600), got {dpi!r}")
    if metric not in ("rate", "mean_score"):
        raise InputError(f"metric must be 'rate' or 'mean_score', got {metric!r}")
    if isinstance(profiles, (str, Path)):
        profiles = load_report_input(profiles, seed=seed).profiles
    items = [profiles] if isinstance(profiles, OutletProfile) else list(profiles)
    if not items:
        raise InputError("nothing to plot: no profiles")
    names = check_marker_names(markers, items[0].markers, "the profiles have")
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise FramingError("plotting needs matplotlib: pip install 'framing[plot]'") from None

    colors = outlet_colors([p.outlet for p in items])
    n_out = len(items)
    fig = Figure(figsize=(max(4.5, 1.0 + len(names) * (0.45 * n_out + 0.6)), 3.4), layout="constrained")
    ax = fig.add_subplot()
    width = 0.8 / n_out
    peak = 0.0
    for oi, p in enumerate(items):
        ivs = [getattr(p.markers[m], metric) for m in names]
        xs = [gi - 0.4 + width * (oi + 0.5) for gi in range(len(names))]
        vals = [iv.value for iv in ivs]
        err = [[max(0.0, iv.value - iv.low) for iv in ivs], [max(0.0, iv.high - iv.value) for iv in ivs]]
        label = " ".join(p.outlet.split()) or "?"  # tabs and newlines have no glyph
        ax.bar(xs, vals, width * 0.92, yerr=err, capsize=3, color=colors[p.outlet],
               label=label + (" *" if p.few_articles else ""),
               error_kw={"elinewidth": 1, "ecolor": "#24292f"})
        peak = max([peak] + [v for iv in ivs for v in (iv.value, iv.high) if math.isfinite(v)])
    ax.set_xticks(range(len(names)), [n.replace("_", " ") for n in names])
    ax.set_ylabel("share of sentences (95% CI)" if metric == "rate" else "mean score (95% CI)")
    ax.set_ylim(0, min(1.0, max(0.05, peak * 1.12)))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize="small", ncols=min(n_out, 4), loc="upper left", bbox_to_anchor=(0, 1.16))
    if title:
        fig.suptitle(title)
    few = [f"{p.outlet} ({p.n_articles})" for p in items if p.few_articles]
    if few:
        fig.supxlabel(f"* fewer than {FEW_ARTICLES} articles: {', '.join(few)}; intervals are rough",
                      fontsize="x-small", color="#9a6700")
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt[1:])

    missing: list[str] = []

    def save(tmp: str) -> None:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "framing"}), \
                warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp, format=fmt[1:], dpi=dpi, metadata=metadata)
        for w in caught:  # one warning per missing character (CJK outlet names...): summed up below
            if "missing from" in str(w.message) and "Glyph" in str(w.message):
                missing.append(str(w.message))
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

    written = atomic_write(out, save)
    if missing:
        warnings.warn(f"{len(set(missing))} character(s) in outlet or marker names are not in the plot's font and "
                      "show as boxes; rename the outlets, or install a font that has them", UserWarning, stacklevel=2)
    return written
