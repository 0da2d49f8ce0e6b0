"""Read a news page as a reader does: headline, standfirst, subheads and body; page furniture dropped.

Public API
----------
``read_page(doc, furniture=frozenset(), config=StructureConfig())``
    Kept :class:`~framing._types.Sentence` objects, each with a ``role``, and the :class:`Dropped`
    pieces with a reason from :data:`DROP_REASONS`.
``site_furniture(docs, min_docs=3)``
    Per outlet, the lines that recur in at least ``min_docs`` of its documents (site furniture).

How it works (docs/segmentation.md measures each signal)
--------------------------------------------------------
1. ``framing._segment`` cuts the text into lines and sentences and applies its boilerplate table
   (bylines, timestamps, captions, share/promo lines, datelines).
2. Each remaining stand-alone line is checked against signals that do not depend on a phrase list
   of the furniture itself: recurrence across the outlet's documents; timecodes and relative times;
   second-person and imperative calls to action outside quotes; first-person-plural publisher
   statements; legal notices; e-mail and URL lines; stray initials; media-player words next to a
   timecode; caption shape (a present-tense description next to a credit or repeated on the page).
3. The page is cut into zones by the first and last *body-like* paragraph (a full sentence with
   normal stopword density): short lines without a sentence end before the article (navigation,
   section labels, lone city names, bylines) and after it (tags, menus) are furniture; the headline
   is the title-like line that heads the byline/date block (or the HTML title); a standfirst is the
   text between it and the body; title-like lines between body paragraphs are subheads.
4. A passage that appears twice keeps the copy inside the running body: a teaser pasted above the
   headline, a pull quote or a repeated caption is dropped as the stray copy.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Iterable

from ._segment import REASONS as SEGMENT_REASONS
from ._segment import segment_text
from ._types import ROLES, Document, Dropped, Role, Sentence

__all__ = ["DROP_REASONS", "ROLES", "Role", "StructureConfig", "read_page", "site_furniture"]

#: Every ``Dropped.reason`` :func:`read_page` can give (the segmenter's reasons and the page-level ones).
DROP_REASONS: tuple[str, ...] = (*SEGMENT_REASONS, "navigation", "media", "credit", "reader_prompt",
                                 "publisher_notice", "sign_off", "tags", "ad", "site_furniture")


@dataclass(frozen=True)
class StructureConfig:
    """Knobs of the page reader; the defaults are the measured ones."""

    #: A line that recurs in at least this many documents of the same outlet is site furniture.
    furniture_min_docs: int = 3
    #: Lines at most this many words long may be furniture by shape alone (short, no sentence end).
    short_words: int = 8
    #: A headline has at least this many and at most this many words.
    headline_words: tuple[int, int] = (3, 25)
    #: A body-like paragraph has at least this many words and this stopword share.
    body_min_words: int = 10
    body_min_stopwords: float = 0.2


_WORD = re.compile(r"[\w'’]+")
_STOP = frozenset(
    "a an the of to in on at for with from by and or but nor so as is are was were be been being it its this that these"
    " those he she they we you his her their our your i me him them us my not no has have had will would can could may"
    " might should must do does did than then there here which who whom what when where why how after before about into"
    " over under more most some any all also if while because since said says".split()
)
_REPORTING = re.compile(r"\b(?:said|says|told|tells|according|asked|added|wrote|stated|announced|insisted|warned)\b", re.I)
_QUOTE = re.compile(r"[\"“”«»]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
#: Furniture so unmistakable that it is dropped even as one sentence of a longer paragraph.
_STRONG = re.compile(r"©|\ball\s+rights\s+reserved\b|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\s*$", re.I)
_CTA_VERBS = (
    r"click|tap|subscribe|register|log\s*in|login|sign\s*in|sign\s*up|refresh|reload|share|follow|download|watch|join"
    r"|comment|create|enable|continue|get|try|read|listen|support|donate|leave|show|check|manage|accept|save|scroll"
    r"|install|update|upgrade|unlock|become|discover|explore|view|see|find|tell|send|sign|skip|jump|go\s+to"
)
_CTA_START = re.compile(rf"^(?:please\s+|now\s+)?(?:{_CTA_VERBS})\b", re.I)
_CTA_ANY = re.compile(
    r"\b(?:log\s*in|sign\s*in|sign\s*up|register|subscribe|refresh\s+(?:the|this|your)\s+(?:page|browser)"
    r"|create\s+an?\s+(?:free\s+)?account|free\s+articles?|thank(?:s|\s+you)\s+for\s+(?:registering|signing|subscribing|reading|your\s+support))\b",
    re.I,
)
_YOU_WEB = re.compile(
    r"\byour?\b.*\b(?:articles?|account|inbox|browser|subscription|newsletter|comments?|page|site|app|experience|preferences"
    r"|device|region|support)\b|\b(?:articles?|account|inbox|browser|subscription|newsletter|comments?|page|site|app)\b.*\byour?\b",
    re.I,
)
_WE = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")  # "US" (the country) is not the publisher
#: What a publisher says about itself (not what a member of Congress says about "our nation").
_PUBLISHER_NOUNS = re.compile(
    r"\b(?:journalism|journalists?|newsroom|readers?|subscribers?|subscriptions?|editorial\s+(?:team|standards|independence)"
    r"|trustworthy\s+news|our\s+(?:mission|reporting|coverage|newsletters?|site|website|app|content))\b",
    re.I,
)
_SKIP_LINK = re.compile(r"^\W*(?:skip|jump)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|menu|search|footer)\b", re.I)
#: A photo credit on its own ("Photo: Tom Ek/Coast Daily", "Image: Paul Budd."): a label and a name, no verb.
_CREDIT_LINE = re.compile(r"^\W*(?:photo(?:graph)?s?|images?|pictures?|credits?|foto)\s*(?::|by\b)\s*[^.!?]{0,60}\.?$", re.I)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.I)
#: A speaker label opening an interview turn: "((WN))", "Q:", "JANE DOE:".
_SPEAKER = re.compile(r"^\s*(?:\(\([^)]{1,40}\)\)|\[[^\]]{1,40}\]|Q\s*[:.]|A\s*[:.]|[A-Z][A-Z .'-]{1,30}:)")
_SELF_DESCRIPTION = re.compile(
    r"\bis\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}(?:news\s*agency|newsroom|news\s+(?:organi[sz]ation|service|site|outlet)"
    r"|broadcaster|publication|newspaper|media\s+(?:outlet|organi[sz]ation|company))\b",
    re.I,
)
_LEGAL = re.compile(
    r"©|\bcopyright\s+(?:\d{4}|©|\(c\))|\ball\s+rights\s+reserved\b|\bmay\s+not\s+be\s+(?:\w+\s*,?\s*)*(?:published|reproduced|redistributed|copied)"
    r"|\bwithout\s+(?:prior\s+|written\s+)?permission\b|\bterms\s+of\s+(?:use|service)\b|\bprivacy\s+(?:policy|notice)\b"
    r"|\b(?:uses?|accept|allow)\s+(?:all\s+)?cookies\b|\bcookie\s+(?:policy|settings|preferences)\b|\bviews\s+expressed\b|\bcomments?\s+(?:which|that)\b.*\bremoved\b",
    re.I,
)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|org|net|co\.uk|example|info|io|news)(?:/\S*)?\b", re.I)
_TIMECODE = re.compile(
    r"^(?:[a-z ]{0,20}?)?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?(?:\s*min(?:utes?)?)?$"
    r"|^\d+\s*min(?:utes?)?(?:\s+\d+\s*sec(?:onds?)?)?$",
    re.I,
)
_RELATIVE_TIME = re.compile(
    r"\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b|\b\d+\s*min(?:ute)?s?\s+read\b"
    r"|^(?:updated|published|posted|first\s+published|last\s+(?:updated|modified))\b",
    re.I,
)
_MEDIA_WORDS = re.compile(
    r"\b(?:image|images|photo|photos|picture|video|videos|gallery|caption|media|playback|player|fullscreen|zoom|enlarge"
    r"|expand|jpeg|jpg|png|footage|audio|slideshow|watch)\b",
    re.I,
)
_NO_MEDIA = re.compile(
    r"\b(?:unavailable|unsupported|not\s+(?:be\s+)?(?:available|supported|playable)|can\s*(?:no|')t\s+be\s+played"
    r"|does\s+not\s+support)\b",
    re.I,
)
_CREDIT = re.compile(
    r"(?:^|\s|\()(?:photo|photograph|image|picture|credit|foto)s?\s*(?::|by\b)|©|\bimage\s+source\b|getty|reuters|\bAFP\b"
    r"|\bAP\s+photo|/\s*[A-Z][\w.]*\s*\)?$",
    re.I,
)
_PAST = re.compile(
    r"\b(?:was|were|said|had|did|told|went|came|took|made|gave|left|began|found|saw|ran|got|became|held|kept"
    r"|met|paid|spoke|wrote|won|lost|fell|rose|grew|will|would|could|should|has|have"
    r"|shut|struck|broke|tore|swept|sent|brought|caught|fought|fled|sold|drove|threw|shook|stood|burnt)\b",
    re.I,
)
_CAPTION_CUE = re.compile(
    r"\b(?:pictured|is\s+seen|are\s+seen|seen\s+here|poses?|posing|looks?\s+on|(?:on|this)\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b",
)
_INITIALS = re.compile(r"^[\W_]*(?:[A-Za-z]{1,4}[./]){0,3}[A-Za-z]{1,4}\.?[\W_]*$")
_BANNER = re.compile(r"^(?:breaking(?:\s+news)?|live|just\s+in|developing(?:\s+story)?|latest|update|exclusive)\s*[:|–—·-]", re.I)
_LABELLED_LIST = re.compile(r"^(?:tags?|topics?|keywords?|filed\s+under|more\s+on|related\s+topics?|categories|category)\b\s*:?", re.I)
_SEPARATORS = re.compile(r"\s[|·•›»/]\s|\s>\s")
_AD = re.compile(r"\b(?:ads?|advert(?:isement|ising)?s?|sponsored|partner\s+content|paid\s+(?:post|content)|promoted)\b", re.I)
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’.-]+$")


def site_furniture(docs: Iterable[Document], min_docs: int = 3) -> dict[str, frozenset[str]]:
    """Per outlet, the normalised lines (at most 30 words) found in at least ``min_docs`` of its documents.

    Documents with the same text count once: the same article filed or scraped several times repeats every line,
    which makes none of them page furniture (scored together or one by one, it keeps its sentences)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, str]] = set()
    for doc in docs:
        key = (doc.outlet, _norm(doc.text))
        if key in seen:
            continue
        seen.add(key)
        lines = {_norm(ln) for ln in doc.text.splitlines()}
        counts[doc.outlet].update(k for k in lines if k and k.count(" ") < 30)
    return {o: frozenset(k for k, n in c.items() if n >= min_docs) for o, c in counts.items()}


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.casefold()))


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _stop_share(s: str) -> float:
    w = [x.casefold() for x in _words(s)]
    return sum(1 for x in w if x in _STOP) / len(w) if w else 0.0


def _terminal(s: str) -> bool:
    core = s.rstrip("\"'”’»)]} ")
    return bool(core) and core[-1] in ".!?…"


def _outside_quotes(s: str) -> str:
    return re.sub(r"[\"“][^\"“”]*[\"”]", " ", s)


def _is_body_like(s: str, cfg: StructureConfig) -> bool:
    """A full sentence or more with a normal stopword share; a paragraph whose last line was cut by hard
    line breaks (no sentence end) counts by the sentences before the cut."""
    n = len(_words(s))
    if n >= cfg.body_min_words and _terminal(s) and _stop_share(s) >= cfg.body_min_stopwords:
        return True
    cut = [m.end() for m in _SENTENCE_END.finditer(s)]
    return bool(cut) and cut[-1] < len(s) and _is_body_like(s[: cut[-1]].strip(), cfg)


def _title_like(s: str, cfg: StructureConfig) -> bool:
    n = len(_words(s))
    lo, hi = cfg.headline_words
    return lo <= n <= hi and (not _terminal(s) or (s.rstrip().endswith("?") and n <= 15)) and not _SEPARATORS.search(s)


@dataclass
class _Line:
    start: int
    end: int
    text: str
    units: list[int]  # indices into the kept sentences
    reason: str | None = None  # drop reason once decided
    raw: str = ""  # the line as written, with what the segmenter dropped from it


def _unit_reason(s: str) -> str | None:
    """Signals on one sentence (or a whole short line) that do not need the page around it."""
    n = len(_words(s))
    free = _outside_quotes(s)
    reported = _REPORTING.search(s) is not None
    quoted = _QUOTE.search(s) is not None
    if n <= 6 and _SKIP_LINK.match(s):
        return "navigation"
    if n <= 25 and not reported:
        if _EMAIL.search(s):
            return "sign_off"
        if _URL.search(s) and n <= 8:
            return "promo"
    if n <= 40 and _LEGAL.search(free) and not reported:
        return "publisher_notice"
    if n <= 60 and not reported and not quoted and not _SPEAKER.match(s) and (
        (_WE.search(free) and _PUBLISHER_NOUNS.search(free)) or _SELF_DESCRIPTION.search(free)
    ):
        return "publisher_notice"
    if n <= 30 and not reported and not quoted and not _SPEAKER.match(s):
        # a call to action addresses the reader: an imperative, or "you", or a line too short to be a sentence;
        # a long question to "you" is an interviewer's, not a prompt
        addressed = _SECOND_PERSON.search(s) is not None and not (s.rstrip().endswith("?") and n > 8)
        if _CTA_START.search(s.lstrip("–—-•·*> ")) or ((addressed or n <= 8) and (_CTA_ANY.search(s) or _YOU_WEB.search(s))):
            return "reader_prompt"
    return None


def _line_reason(s: str, cfg: StructureConfig) -> str | None:
    """Signals on a whole stand-alone line (shape, media, time)."""
    n = len(_words(s))
    if _TIMECODE.match(s.strip()) or (n <= 10 and _NO_MEDIA.search(s) and (_MEDIA_WORDS.search(s) or n <= 6)):
        return "media"
    if n <= 12 and _RELATIVE_TIME.search(s) and not _is_body_like(s, cfg):
        return "timestamp"
    if _BANNER.match(s) and n <= 25:
        return "promo"
    if n <= 30 and _LABELLED_LIST.match(s) and not _terminal(s):
        return "tags"
    if len(s) <= 15 and _INITIALS.match(s) and ("/" in s or "(" in s or s.strip("–—-. ").isupper() or "." in s):
        return "sign_off"
    if n <= 6 and _AD.search(s) and not _terminal(s):
        return "ad"
    if n <= 8 and not _terminal(s) and _MEDIA_WORDS.search(s) and (n <= 4 or re.search(r"\d", s)):
        return "media"
    return None


def read_page(doc: Document, furniture: frozenset[str] = frozenset(),
              config: StructureConfig | None = None) -> tuple[list[Sentence], list[Dropped]]:
    """Kept sentences with their ``role`` and dropped pieces with their reason (see the module doc).

    ``furniture``: normalised lines known to recur across the outlet's pages (:func:`site_furniture`).
    ``doc.meta["title"]`` (an HTML page's title) names the headline when it is one of the lines."""
    cfg = config or StructureConfig()
    text = doc.text
    kept, dropped = segment_text(text, doc.id, doc.outlet, duplicates=False)
    lines = _lines(text, kept)
    seg_reason = {d.start: d.reason for d in dropped}
    for ln in lines:
        if not ln.units:
            ln.reason = seg_reason.get(ln.start, "dropped")
    drop_unit: dict[int, str] = {}

    def drop_line(ln: _Line, reason: str) -> None:
        ln.reason = reason
        for u in ln.units:
            drop_unit[u] = reason

    # 1. signals on single lines and sentences -------------------------------------------------
    for ln in lines:
        if not ln.units:
            continue
        whole = " ".join(kept[u].text for u in ln.units)
        if _norm(whole) in furniture:
            drop_line(ln, "site_furniture")
            continue
        r = _line_reason(whole, cfg)
        if r is None and ln.raw != whole and len(_words(ln.raw)) <= cfg.short_words:
            r = _unit_reason(ln.raw)  # "Already have an account? Sign in", its "Sign in" cut as too short
        if r is None and len(_words(whole)) <= 40:
            reasons = [_unit_reason(kept[u].text) for u in ln.units]
            hits = [x for x in reasons if x is not None]
            if hits and 2 * len(hits) >= len(reasons) and not _is_body_like_line(whole, reasons, cfg):
                r = hits[0]
            else:
                for u, x in zip(ln.units, reasons):
                    if x is not None and len(ln.units) > 1 and _STRONG.search(kept[u].text):
                        drop_unit[u] = x
        elif r is None:
            for u in ln.units:
                x = _unit_reason(kept[u].text)
                if x in ("publisher_notice", "sign_off") and _STRONG.search(kept[u].text):
                    drop_unit[u] = x
        if r is not None:
            drop_line(ln, r)

    def neighbours(i: int) -> list[str]:
        """Drop reasons of the lines right before and after line ``i`` (segmenter or page signals)."""
        out = []
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines):
                ln = lines[j]
                r = ln.reason
                if r == "media" and not (_TIMECODE.match(ln.text) or _NO_MEDIA.search(ln.text) or re.search(r"\d", ln.text)):
                    r = "media_label"  # a bare "Video" menu item does not make the next line a video title
                if r:
                    out.append("media" if _TIMECODE.match(ln.text) else r)
        return out

    # 2. credits, then media titles and captions by adjacency ----------------------------------------
    for ln in lines:
        n = len(_words(ln.text))
        if ln.units and ln.reason is None and n <= 12 and _CREDIT.search(ln.text) and not _terminal(ln.text) \
                and not _is_body_like(ln.text, cfg):
            drop_line(ln, "credit")
    title = doc.meta.get("title") if isinstance(doc.meta, dict) else None
    title_key = _norm(str(title)) if title else None
    for i, ln in enumerate(lines):
        if not ln.units or ln.reason is not None or _norm(ln.text) == title_key:  # the page's own title is no caption
            continue
        whole = ln.text
        near = neighbours(i)
        n = len(_words(whole))
        quoted = _QUOTE.search(whole) is not None
        if "media" in near and n <= 15 and not _terminal(whole):
            drop_line(ln, "media")
        elif (("caption" in near or "credit" in near) and len(ln.units) == 1 and n <= 35
              and not quoted and not _REPORTING.search(whole) and not _PAST.search(whole)):
            drop_line(ln, "caption")
        elif len(ln.units) == 1 and n <= 35 and not quoted and _CAPTION_CUE.search(whole) and not _PAST.search(whole):
            if _CREDIT.search(whole) or "caption" in near:
                drop_line(ln, "caption")
        elif n <= 12 and _CREDIT.search(whole) and not _terminal(whole) and not _is_body_like(whole, cfg):
            drop_line(ln, "credit")

    # 3. duplicates: keep the copy in the running body --------------------------------------------
    body_lines = [ln for ln in lines if ln.units and ln.reason is None and _is_body_like(ln.text, cfg)]
    headline_line = _find_headline(doc, lines, kept, cfg)
    copies: dict[str, list[tuple[_Line, int]]] = defaultdict(list)
    for ln in lines:
        if ln.reason is not None:
            continue
        for u in ln.units:
            if u in drop_unit:
                continue
            key = _norm(kept[u].text)
            if key.count(" ") + 1 >= 3:
                copies[key].append((ln, u))
    for key, cs in copies.items():
        if len(cs) < 2:
            continue
        def score(c: tuple[_Line, int]) -> tuple[int, int]:
            ln, _ = c
            s = 0
            if len(ln.units) > 1 and not _all_repeated(ln, kept, copies):
                s += 2
            if headline_line is not None and ln.start > headline_line.start:
                s += 2
            if ln in body_lines:
                s += 1
            return (s, -ln.start)
        best = max(cs, key=score)
        for ln, u in cs:
            if u != best[1]:
                drop_unit[u] = "duplicate"

    # 4. zones, headline, standfirst, subheads -------------------------------------------------
    live = [ln for ln in lines if ln.units and ln.reason is None and any(u not in drop_unit for u in ln.units)]
    standfirst = _find_standfirst(lines, live, headline_line, cfg)
    bodyish = [ln for ln in live if _is_body_like(ln.text, cfg) and ln is not headline_line and ln is not standfirst
               and not all(drop_unit.get(u) == "duplicate" for u in ln.units)]
    first_body = next((ln for ln in bodyish if headline_line is None or ln.start > headline_line.start), None)
    last_body = bodyish[-1] if bodyish else None
    roles: dict[int, Role] = {}
    if headline_line is not None:
        for u in headline_line.units:
            roles[u] = "headline"
    for ln in live:
        if ln is headline_line:
            continue
        words = len(_words(ln.text))
        before = first_body is not None and ln.start < first_body.start
        after = last_body is not None and ln.start > last_body.start
        short_frag = words <= cfg.short_words and not _terminal(ln.text)
        if headline_line is not None and ln.start < headline_line.start:
            if not _is_body_like(ln.text, cfg):
                drop_line(ln, _header_reason(ln.text))
            continue
        if before:
            if headline_line is not None and short_frag:
                drop_line(ln, _header_reason(ln.text))
            elif ln is standfirst:
                for u in ln.units:
                    roles[u] = "standfirst"
            elif headline_line is not None and words <= 35 and len(ln.units) == 1 and not _QUOTE.search(ln.text) \
                    and not _REPORTING.search(ln.text) and not _PAST.search(ln.text):
                drop_line(ln, "caption")
            continue
        if after and short_frag:
            drop_line(ln, "navigation" if _SEPARATORS.search(ln.text) or words <= 3 else "tags")
            continue
        if _title_like(ln.text, cfg) and len(ln.units) == 1 and words <= 14 and not after:
            roles[ln.units[0]] = "subhead"
            continue
        if short_frag and words <= 3 and not after and first_body is not None and ln.start > first_body.start:
            if _SEPARATORS.search(ln.text) or _AD.search(ln.text):
                drop_line(ln, "navigation")

    # 5. assemble ---------------------------------------------------------------------------
    out: list[Sentence] = []
    extra: list[Dropped] = []
    # the segmenter's captions that are only a credit are credits
    dropped = [replace(d, reason="credit") if d.reason == "caption" and _CREDIT_LINE.match(d.text) else d for d in dropped]
    for u, s in enumerate(kept):
        reason = drop_unit.get(u)
        if reason is not None:
            extra.append(Dropped(doc.id, s.text, s.start, s.end, reason))
            continue
        out.append(replace(s, index=len(out), role=roles.get(u, "body")))
    return out, sorted(dropped + extra, key=lambda d: d.start)


def _all_repeated(ln: _Line, kept: list[Sentence], copies: dict[str, list[tuple[_Line, int]]]) -> bool:
    """Every sentence of the line has another copy elsewhere (a whole teaser paragraph)."""
    return all(len(copies.get(_norm(kept[u].text), [])) > 1 for u in ln.units)


def _is_body_like_line(whole: str, reasons: list[str | None], cfg: StructureConfig) -> bool:
    return len(reasons) > 2 and _is_body_like(whole, cfg) and sum(r is None for r in reasons) >= 2


def _header_reason(s: str) -> str:
    """Why a short line around the headline is furniture."""
    if re.search(r"\d", s):
        return "timestamp"
    if _SEPARATORS.search(s):
        return "navigation"
    if _NAME.match(s.split(",")[0].split("|")[0].split("·")[0].strip()) and not s.isupper():
        return "byline"
    if s.isupper() or len(_words(s)) <= 2:
        return "dateline" if s.isupper() else "navigation"
    return "navigation"


def _find_standfirst(lines: list[_Line], live: list[_Line], headline: _Line | None, cfg: StructureConfig) -> _Line | None:
    """The first live line right under the headline (6-60 words) when it has no sentence end, or when
    dropped furniture (byline, date, media) or a short header line separates it from the next text."""
    if headline is None:
        return None
    after = [x for x in live if x.start > headline.start]
    if not after:
        return None
    ln = after[0]
    words = len(_words(ln.text))
    if not 6 <= words <= 60 or len(ln.units) > 3:
        return None
    if not _terminal(ln.text):
        return ln
    i = lines.index(ln)
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None:
        return None
    return ln if (nxt.reason is not None or not nxt.units or _meta_line(nxt, cfg)) else None


def _meta_line(x: _Line, cfg: StructureConfig) -> bool:
    """A byline/date/place line: dropped as such, or short with a name, a digit or a relative time."""
    if x.reason in ("byline", "timestamp", "dateline"):
        return True
    if not x.units or x.reason is not None:
        return False
    t = x.text
    n = len(_words(t))
    head = re.split(r"[,|·]", t)[0].strip()
    head = re.sub(r"^(?:by|words|author|story\s+by|written\s+by)\s*:?\s*", "", head, flags=re.I)
    return n <= cfg.short_words and not _terminal(t) and (
        _NAME.match(head) is not None or _RELATIVE_TIME.search(t) is not None or head.isupper())


def _find_headline(doc: Document, lines: list[_Line], kept: list[Sentence], cfg: StructureConfig) -> _Line | None:
    """The HTML title when it is a line; else the first title-like line heading a byline/date block;
    else the first title-like line before the first body-like paragraph."""
    title = doc.meta.get("title") if isinstance(doc.meta, dict) else None
    cands = [ln for ln in lines if ln.units and ln.reason is None and len(ln.units) == 1 and _title_like(ln.text, cfg)
             and not all(_NAME.match(p.strip()) for p in re.split(r",|\band\b|&", ln.text) if p.strip())]
    if title:
        t = _norm(str(title))
        for ln in cands + [x for x in lines if x.units and x.reason is None]:
            if _norm(ln.text) == t:
                return ln
    first_body = next((ln for ln in lines if ln.units and ln.reason is None and _is_body_like(ln.text, cfg)
                       and not _teaser(ln, lines, kept)), None)
    limit = first_body.start if first_body is not None else (lines[-1].start + 1 if lines else 0)
    pre = [ln for ln in cands if ln.start < limit]
    if not pre:
        return None
    idx = {id(ln): i for i, ln in enumerate(lines)}
    for ln in pre:
        i = idx[id(ln)]
        w = lines[i + 1 : i + 3]
        deck = bool(w) and w[0].reason is None and bool(w[0].units) and len(_words(w[0].text)) >= 6 \
            and not _SEPARATORS.search(w[0].text)
        if len(_words(ln.text)) >= 4 and w and (_meta_line(w[0], cfg) or (deck and len(w) > 1 and _meta_line(w[1], cfg))):
            return ln
    long = [ln for ln in pre if len(_words(ln.text)) >= 4]
    return long[0] if long else None


def _teaser(ln: _Line, lines: list[_Line], kept: list[Sentence]) -> bool:
    """The line's text appears again later on the page."""
    key = _norm(ln.text)
    return any(_norm(x.text) == key or key in _norm(x.text) for x in lines if x.start > ln.start and x.units)


def _lines(text: str, kept: list[Sentence]) -> list[_Line]:
    """Every non-blank line of ``text`` with the kept sentences that start on it (a sentence soft-joined
    over several lines belongs to the line it starts on)."""
    out: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        s, e = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(_Line(s, e, text[s:e], [], raw=text[s:e]))
    j = 0
    for u, sent in enumerate(kept):
        while j + 1 < len(out) and out[j + 1].start <= sent.start:
            j += 1
        if out and out[j].start <= sent.start:
            out[j].units.append(u)
    for ln in out:  # the line's text as the reader sees it: its kept sentences
        if ln.units:
            ln.text = " ".join(kept[u].text for u in ln.units)
    return out
