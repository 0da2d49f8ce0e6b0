"""Sentence segmentation for news text: paragraphs -> lines -> sentences, boilerplate dropped with a reason.

Public API
----------
``segment(doc)``
    Split a :class:`~framing._types.Document` into kept :class:`Sentence` objects and the
    :class:`Dropped` pieces (bylines, captions, share/promo lines, duplicates...).
``segment_text(text, doc_id="", outlet="", *, boilerplate=True)``
    The same on a bare string.  ``boilerplate=False`` only splits: every piece is kept.
``split_sentences(text)``
    Just the sentence texts of ``segment_text(text, boilerplate=False)``.
``BOILERPLATE_RULES``, ``DATELINE``, ``REASONS``
    The boilerplate table (extend it there), the dateline prefix pattern, and the reasons vocabulary.

Guarantees (checked by ``tests/test_segment.py``): every sentence text is ``text[start:end]`` and has
no surrounding whitespace; sentences and dropped pieces never overlap; together they cover every
non-whitespace character of the text.  Nothing is rewritten or invented, and nothing but whitespace
disappears without a :class:`Dropped` record.

How the text is cut
-------------------
1. Paragraphs are separated by blank (whitespace-only) lines and are never merged.
2. Inside a paragraph, consecutive lines are *soft-joined* (treated as one hard-wrapped run of
   text) only when the next line starts with a lowercase letter, or the line ends with ``,`` ``;``
   or a dash, or ends with a word that cannot end a headline or sentence (``the``, ``of``,
   ``and``...), or ends with a title/initial such as ``Mr.`` or ``J.``.  Otherwise a line break is a
   hard boundary, so a headline line never runs into the body.
3. A stand-alone line with no sentence-final punctuation at its end and at most
   ``HEADLINE_MAX_WORDS`` words is a *headline* (or subhead, list item): abbreviations never end a
   sentence inside it, because in Title Case a capitalised next word proves nothing ("Trade Deal
   With U.S. The Focus of Talks" stays one unit).  A plain full stop before a capital still splits
   it ("Mayor quits. Council reels" gives two units), so a scraped line such as
   "The Senate voted. Read more: ..." is not glued together.
4. Runs are split at ``.``, ``!``, ``?``, ``…`` (plus any closing quotes/brackets glued to
   them, so ``."`` and ``.)`` end *after* the quote) followed by whitespace -- unless the next word
   starts with a lowercase letter or ``, ; : %``, or the period belongs to an abbreviation:

   * titles and ``vs.``/``e.g.``/``i.e.`` never end a sentence (``Mr.``, ``Sen.``, ``Gen.``...);
   * ``No.``, ``Vol.``, ``pp.``... and month abbreviations (``Jan.``) do not when a digit follows;
   * *ambiguous* abbreviations -- dotted acronyms (``U.S.``, ``a.m.``), single-letter initials,
     ``Inc.``, ``Corp.``, ``Co.``, ``Jr.``, ``St.``, state abbreviations, months before a
     non-digit -- end a sentence only when the next word is a closed-class sentence opener
     (``The``, ``He``, ``But``, ``In``... see ``_STARTERS``) or an opening quote.  So
     "moved to the U.S. The company said" splits, while "the U.S. Senate" and "J. R. Okafor" do
     not.  The cost: "...to the U.S. Officials said" is *not* split (``Officials`` is not a
     closed-class word).
   * ``etc.`` and everything else end a sentence unless a lowercase word follows.
   Decimals ("3.5", "$1.2 million") never split because no whitespace follows the point; an
   ellipsis splits only before a non-lowercase word ("the plan ... was shelved" stays whole).

Boilerplate
-----------
Each stand-alone line, then each sentence, is checked against ``BOILERPLATE_RULES`` (whole-unit
``fullmatch``, case rules per pattern).  Lines soft-joined to a neighbour are only checked for the
unambiguous reasons (``share``, ``promo``, ``empty``) and otherwise after joining, as sentences, so
a hard-wrapped line that happens to start "By Friday's deadline" is not taken for a byline.  A
leading ``DATELINE`` prefix ("PORT ALDER, March 3 --", "LONDON (Reuters) -") of a line group is
dropped on its own; the rest of the line is kept.  A kept sentence whose normalised text (casefolded
words) repeats an earlier kept sentence of the same document, with at least ``DUPLICATE_MIN_WORDS``
words, is dropped as ``duplicate``.  A specific rule wins over ``duplicate``: a repeated caption
that matches a caption rule is reported as ``caption``.  A sentence longer than ``SENTENCE_MAX_CHARS``
is dropped as ``too_long``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._types import Document, Dropped, Sentence

__all__ = [
    "BOILERPLATE_RULES",
    "DATELINE",
    "REASONS",
    "BoilerplateRule",
    "segment",
    "segment_text",
    "split_sentences",
]

# --------------------------------------------------------------------------------------------
# Reasons vocabulary
# --------------------------------------------------------------------------------------------

BYLINE = "byline"
DATELINE_REASON = "dateline"
TIMESTAMP = "timestamp"
CAPTION = "caption"
SHARE = "share"
PROMO = "promo"
DUPLICATE = "duplicate"
EMPTY = "empty"
TOO_SHORT = "too_short"
TOO_LONG = "too_long"

#: Every ``Dropped.reason`` this module can produce.
REASONS: tuple[str, ...] = (
    BYLINE,
    DATELINE_REASON,
    TIMESTAMP,
    CAPTION,
    SHARE,
    PROMO,
    DUPLICATE,
    EMPTY,
    TOO_SHORT,
    TOO_LONG,
)

#: A stand-alone line without final punctuation and at most this many words is kept whole.
HEADLINE_MAX_WORDS = 25
#: Sentences shorter than this (in words) are never dropped as duplicates ("No." may repeat).
DUPLICATE_MIN_WORDS = 3
#: A "sentence" longer than this many characters (a minified page, a table dump, a text with no
#: punctuation) is dropped as ``too_long``: the model reads only its first ~100 tokens anyway.
SENTENCE_MAX_CHARS = 5000

# --------------------------------------------------------------------------------------------
# Boilerplate table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate pattern.

    ``pattern`` must match the *whole* stripped unit (line or sentence; ``fullmatch``, DOTALL).
    Units longer than ``max_len`` characters are never tested against it (real paragraphs are long;
    this also bounds regex work).  ``joined_lines``: whether the rule may drop a line that is
    soft-joined to a neighbour (only for patterns that are unambiguous even mid-paragraph).
    ``example`` is a unit the rule must drop -- the tests check every example.
    """

    reason: str
    pattern: re.Pattern[str]
    example: str
    max_len: int = 300
    joined_lines: bool = False


def _rule(reason: str, pattern: str, example: str, max_len: int = 300, joined_lines: bool = False) -> BoilerplateRule:
    return BoilerplateRule(reason, re.compile(pattern, re.S), example, max_len, joined_lines)


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?"

# Bylines: "By Jane Doe", "By J. R. Okafor and Ann Lee, Staff Writers", "Reporting by X; Editing by Y".
_NAME_WORD = r"(?:[A-Z][\w'’\-]*\.?)"
_PARTICLE = r"(?:de|del|della|da|di|van|von|der|den|la|le|bin|al|el|ibn|dos|du|st\.)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,4}}"
_NOT_A_NAME = (
    rf"(?!(?:{_WEEKDAY}|{_MONTH}|The|This|That|Then|Now|Noon|Midnight|Tonight|Today|Tomorrow"
    r"|Yesterday|Law|Contrast|Comparison|Far|Default|Design|Night|Day|Dawn|Mid)\b)"
)
_BYLINE = (
    rf"\(?(?:By|BY|Written\s+by|Words\s+by|Reporting\s+by|Reported\s+by|Story\s+by)\s+{_NOT_A_NAME}{_NAME}"
    rf"(?:\s*(?:,|and|&|;)\s*(?:and\s+)?{_NAME})*"
    r"(?:\s*(?:[,|;–—]|\s-)\s*[^.!?]{1,60})?\)?"
)

# Timestamps: "Updated 5:42 PM ET, Tue March 3, 2024", "Published 3 March 2024".
_TS_WORD = (
    rf"(?:{_MONTH}|{_WEEKDAY}|published|updated|posted|modified|last|first|on|at|am|pm|a\.m\.|p\.m\."
    r"|GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT|IST|AEST|AEDT|today|yesterday"
    r"|\d{1,4}(?:st|nd|rd|th)?)"
)
_TIMESTAMP = rf"(?i:(?=[^\d]*\d)(?>(?:{_TS_WORD})\b|[\s,.:|·•/\-–—])+)"

# Share widgets: lines made only of share tokens ("Share this article", "Facebook Twitter Email").
_SOCIAL = r"(?:facebook|twitter|x|email|e-mail|linkedin|whatsapp|reddit|pinterest|messenger|bluesky|threads|flipboard)"
_SHARE_TOKEN = (
    r"(?:share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post|video))?"
    rf"(?:\s+(?:on|via|to|with)\s+{_SOCIAL})?"
    r"|copy(?:\s+(?:article|the))?\s+link|link\s+copied|e-?mail(?:\s+(?:this|article|story))?"
    r"|print(?:\s+(?:this|article|story))?|tweet|facebook|twitter|linkedin|whatsapp|reddit|pinterest"
    r"|flipboard|messenger|bluesky|gift(?:\s+this)?\s+article|save(?:\s+(?:article|story))?|comments?)"
)
_SHARE = rf"(?i:{_SHARE_TOKEN}(?:(?>\s*[|·•/,]?\s*){_SHARE_TOKEN})*\s*[.:!]?)"

#: The boilerplate table.  Order matters (first match wins).  Add rules here; give each an example.
BOILERPLATE_RULES: tuple[BoilerplateRule, ...] = (
    # --- bylines -------------------------------------------------------------------------------
    _rule(BYLINE, _BYLINE, "By Jane Doe, Staff Writer", max_len=160),
    # --- timestamps ----------------------------------------------------------------------------
    _rule(TIMESTAMP, _TIMESTAMP, "Updated 5:42 PM ET, Tue March 3, 2024", max_len=80),
    # --- captions and photo credits --------------------------------------------------------------
    _rule(  # label first: "Photo: ...", "Photograph: ...", "Image: ..."
        CAPTION,
        r"(?i:(?:file\s+)?(?:photo(?:graph)?s?|images?|pictures?|caption|illustration|graphic|video|(?:photo\s+)?credit))\s*:.*",
        "Photo: Firefighters at the pier on Tuesday.",
        max_len=400,
    ),
    _rule(  # label last: "... Photograph: John Smith/Getty Images" (no sentence end after it)
        CAPTION,
        r".*\b(?:Photo(?:graph)?s?|Images?|Illustration|Credit|Pictures?)\s*:\s*[^.!?]*",
        "Crowds gather outside the town hall. Photograph: John Smith/Getty Images",
        max_len=400,
    ),
    _rule(  # credit in brackets at the very end: "(AP Photo/Jane Roe)", "(Photo: ...)", "(File photo)"
        CAPTION,
        r".*\(\s*(?:(?:AP|AFP|EPA|Reuters|File|Staff)\s+)?(?i:photo|image|picture)s?\b[^()]*\)",
        "Protesters march downtown. (AP Photo/Jane Roe)",
        max_len=400,
    ),
    _rule(  # "(Anna Li / Harbor Ledger)" at the very end, no full stop after it
        CAPTION,
        r".*\(\s*[A-Z][^()/]{0,60}/\s*[A-Z][^()/]{0,80}\)",
        "The ferry leaves the harbor at dawn. (Anna Li / Harbor Ledger)",
        max_len=400,
    ),
    _rule(  # photo agencies: "Getty Images", "Jane Roe/Getty Images", "AFP via Getty Images"
        CAPTION,
        r"(?:.*(?:/|\bvia\b|\bfor\b)\s*)?(?:Getty\s+Images|Shutterstock|Alamy|iStock(?:photo)?)(?:\s+(?:for|via)\s+[^.!?]*)?",
        "AFP via Getty Images",
        max_len=400,
    ),
    _rule(  # "Photo by Jane Doe", "Image courtesy of the council"
        CAPTION,
        r"(?i:(?:photo(?:graph)?s?|images?|pictured?)\s+(?:by|courtesy(?:\s+of)?)\s+[^.!?]*)",
        "Photo by Jane Doe",
        max_len=200,
    ),
    # --- share widgets -------------------------------------------------------------------------
    _rule(SHARE, _SHARE, "Share this article", max_len=120, joined_lines=True),
    # --- promos, ads, loaders --------------------------------------------------------------------
    _rule(  # label + colon: "Read more: ...", "Related: ..."
        PROMO,
        r"(?i:read\s+more|read\s+next|more\s+from[^:]{0,40}|related(?:\s+(?:articles?|stories|coverage|content|links?))?"
        r"|see\s+also|also\s+read|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|watch|listen|trending"
        r"|sponsored|advertisement|what\s+to\s+read\s+next|don['’]t\s+miss)\s*[:|›»>]\s*.*",
        "Read more: Council weighs pier closure",
        joined_lines=True,
    ),
    _rule(  # bare labels: "Advertisement", "Story continues below advertisement", "Continue reading"
        PROMO,
        r"(?i:read\s+more|read\s+next|related(?:\s+(?:articles?|stories|coverage|content))?|recommended(?:\s+for\s+you)?"
        r"|most\s+(?:read|popular|viewed)|advertisement|advertising|ad|sponsored(?:\s+content)?|paid\s+(?:content|post)"
        r"|promoted|story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?|skip\s+(?:advertisement|ad)"
        r"|continue\s+reading(?:\s+(?:the\s+main\s+story|below))?|(?:show|load|see)\s+more(?:\s+comments)?)\s*[.…:>›»]*",
        "Advertisement",
        max_len=80,
        joined_lines=True,
    ),
    _rule(PROMO, r"(?i:listen\s+to\s+(?:this\s+)?(?:article|story)\b.*)", "Listen to this article · 4 min", max_len=120, joined_lines=True),
    _rule(PROMO, r"(?i:subscribe\b.*)", "Subscribe for unlimited access", max_len=200, joined_lines=True),
    _rule(PROMO, r"(?i:(?:already\s+a\s+subscriber|log\s+in|sign\s+in)\b.*)", "Already a subscriber? Log in", max_len=120),
    _rule(
        PROMO,
        r"(?i:sign\s+up\b.*\b(?:newsletters?|alerts?|e-?mails?|updates|briefings?|digest|inbox)\b.*)",
        "Sign up for our breaking news alerts",
        max_len=200,
        joined_lines=True,
    ),
    _rule(
        PROMO,
        r"(?i:please\s+wait(?:\s*(?:\.{1,3}|…)|\s+while\b.*)?|loading\s*(?:\.{1,3}|…)?|one\s+moment(?:\s+please)?\s*(?:\.{1,3}|…)?)",
        "Please wait...",
        max_len=80,
        joined_lines=True,
    ),
    _rule(PROMO, r"(?i:(?:click|tap)\s+here\b.*)", "Click here to see the full map.", max_len=200, joined_lines=True),
    _rule(
        PROMO,
        r"(?i:follow\s+(?:us|@\w+)\s+on\b.*|download\s+(?:the|our)\b.*\bapp\b.*|.*\bto\s+your\s+inbox\b.*)",
        "Get the morning briefing delivered to your inbox",
        max_len=200,
    ),
)

#: A dateline prefix at the start of a line group: "PORT ALDER, March 3 —", "LONDON (Reuters) -",
#: "NEW YORK, Jan. 5 (AP) —", "Port Alder, March 3 —".  Only the prefix (up to the dash) is dropped.
_CAPS_WORD = r"[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]+"
_CITY_CAPS = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_CITY_TITLE = r"[A-Z][a-zà-ÿ'’\-]+(?:\s+[A-Z][a-zà-ÿ'’\-]+){0,3}"
_REGION = r",\s*[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,2}"
_DATE = rf",?\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"
_AGENCY = r"\s*\((?:AP|AFP|Reuters|Bloomberg|CNN|UPI|dpa|DPA|Xinhua|[A-Z][\w .&’'\-]{1,40})\)"
_DASH = r"(?:\s*(?:—|–|--)\s*|\s+-\s*|-\s+)"
DATELINE: re.Pattern[str] = re.compile(
    rf"(?:{_CITY_CAPS}(?:{_REGION})?(?:{_DATE})?(?:{_AGENCY})?|{_CITY_TITLE}(?:{_REGION})?{_DATE}(?:{_AGENCY})?)"
    rf"{_DASH}(?=[\"“‘']?[A-Z0-9])"
)

# --------------------------------------------------------------------------------------------
# Abbreviations and sentence openers
# --------------------------------------------------------------------------------------------

#: Precede a name: never end a sentence ("Sen. Ortiz", "Gen. Lee").  Compared case-sensitively.
_TITLES = frozenset(
    "Mr Mrs Ms Mx Messrs Mmes Dr Drs Prof Profs Gen Gens Sen Sens Rep Reps Gov Govs Lt Col Sgt Capt Cpl Pvt"
    " Maj Adm Cmdr Brig Rev Hon Pres Supt Det Insp Fr Atty Mt Ft Msgr Amb".split()
)
#: Never end a sentence, any case.
_NEVER_LOWER = frozenset("vs v e.g i.e cf viz approx ca".split())
#: Do not end a sentence when a digit follows ("No. 5", "pp. 10").  Case-insensitive.
_NUMBERED = frozenset("no nos vol vols pp p fig figs art arts sec ch pt op ex ext nr".split())
#: Month abbreviations: no split before a digit ("Jan. 5"), ambiguous otherwise.
_MONTH_ABBR = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
#: Can end a sentence as well as sit inside one: split only before a sentence opener.
_AMBIGUOUS = frozenset(
    "Inc Corp Ltd Co Cos Jr Sr St Ave Blvd Rd Dept Univ Bros Esq Assn Mfg Intl al"
    " Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont"
    " Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo".split()
)
#: Clock abbreviations: end a sentence before any capitalised word except these.
_CLOCK = frozenset("a.m p.m".split())
_AFTER_CLOCK = frozenset(
    "ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST local Eastern Central Mountain Pacific"
    " Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun"
    " January February March April May June July August September October November December"
    " Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
#: Closed-class words that open sentences; after an ambiguous abbreviation they signal a boundary.
_STARTERS = frozenset(
    "The A An This That These Those There Here It Its He She They We I You His Her Their Our My Your"
    " But And Or So Yet Nor In On At For With From As After Before When While If Although Though Since"
    " Because Meanwhile However Still Then Now Last Next What Who Why How Where Which Some Many Most All"
    " Both Each Every Other Another Such No Not Also According During Under Among Despite Instead Yesterday"
    " Today Tomorrow Earlier Later Nevertheless Moreover Furthermore Thus Indeed Mr Mrs Ms".split()
)
#: Line-final words after which a line break is a soft wrap, not a boundary.
_WRAP_WORDS = frozenset(
    "a an the of to for with from and or but nor that than into onto between its their his her our my your"
    " whose was were has had have will would could should".split()
)

_OPENERS = "\"'“‘«([{¿¡"
_CLOSERS = "\"'”’»)]}"
_NO_SPLIT_NEXT = ",;:%)]}"

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Sentence-final punctuation (spaced ". . ." ellipses included), closers glued to it, then whitespace.
_TERM = re.compile(r"(?P<p>(?:\.(?:[ \u00a0]\.){2,}|[.!?…])+)(?P<c>[\"'”’»)\]}]*)(?=\s|$)")
_NEXT = re.compile(r"\s*(\S{0,40})")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_INITIAL = re.compile(r"[A-Z]")
_INITIAL_NEXT = re.compile(r"[A-Z]\.[,;:]?")
_WORD = re.compile(r"\w+")
_TWO_WORD_CHARS = re.compile(r"\w\W*\w")
_LAST_WORD = re.compile(r"[\w'’\-]+$")

# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def segment(doc: Document) -> tuple[list[Sentence], list[Dropped]]:
    """Split ``doc.text`` into kept sentences and dropped boilerplate pieces (see the module doc)."""
    return segment_text(doc.text, doc.id, doc.outlet)


def segment_text(
    text: str, doc_id: str = "", outlet: str = "", *, boilerplate: bool = True, duplicates: bool = True
) -> tuple[list[Sentence], list[Dropped]]:
    """Segment a bare string.  ``boilerplate=False`` splits only: nothing is dropped.
    ``duplicates=False`` keeps repeated sentences (the caller decides which copy to keep).

    Returns ``(sentences, dropped)``; sentence ``index`` counts kept sentences from 0, and
    ``dropped`` is sorted by ``start``.
    """
    sentences: list[Sentence] = []
    dropped: list[Dropped] = []
    seen: set[str] = set()

    def drop(s: int, e: int, reason: str) -> None:
        dropped.append(Dropped(doc_id, text[s:e], s, e, reason))

    for para in _paragraphs(text):
        links = [_soft_link(text[a:b], text[c:d]) for (a, b), (c, d) in zip(para, para[1:])]
        kept: list[tuple[int, int] | None] = []
        for i, (s, e) in enumerate(para):
            if boilerplate:
                joined = (i > 0 and links[i - 1]) or (i < len(links) and links[i])
                reason = _classify(text[s:e], joined=joined)
                if reason is not None:
                    drop(s, e, reason)
                    kept.append(None)
                    continue
            kept.append((s, e))
        for group in _groups(kept, links):
            s0, e0 = group[0][0], group[-1][1]
            if boilerplate:
                m = DATELINE.match(text, s0, e0)
                if m is not None:
                    ds, de = _strip(text, s0, m.end())
                    drop(ds, de, DATELINE_REASON)
                    s0, _ = _strip(text, m.end(), e0)
            spans = _split_run(text, s0, e0, single_line=len(group) == 1)
            for s, e in spans:
                unit = text[s:e]
                if boilerplate:
                    reason = TOO_LONG if e - s > SENTENCE_MAX_CHARS else _classify(unit, joined=False)
                    if reason is None:
                        key = " ".join(_WORD.findall(unit.casefold()))
                        if duplicates and key.count(" ") + 1 >= DUPLICATE_MIN_WORDS:
                            if key in seen:
                                reason = DUPLICATE
                            else:
                                seen.add(key)
                    if reason is not None:
                        drop(s, e, reason)
                        continue
                sentences.append(Sentence(doc_id, outlet, len(sentences), unit, s, e))
    dropped.sort(key=lambda d: d.start)
    return sentences, dropped


def split_sentences(text: str) -> list[str]:
    """Sentence texts only, no boilerplate removal: the splitter that ``scripts/compare_segmenters.py`` measures."""
    return [s.text for s in segment_text(text, boilerplate=False)[0]]


# --------------------------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------------------------


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink ``[s, e)`` past surrounding whitespace (``str.isspace``, same as ``str.strip``)."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _paragraphs(text: str) -> list[list[tuple[int, int]]]:
    """Stripped non-blank line spans, grouped into paragraphs separated by blank lines."""
    paras: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    pos = 0
    breaks = [(m.start(), m.end()) for m in _LINE_BREAK.finditer(text)]
    breaks.append((len(text), len(text)))
    for b_start, b_end in breaks:
        s, e = _strip(text, pos, b_start)
        if s < e:
            cur.append((s, e))
        elif cur:
            paras.append(cur)
            cur = []
        pos = b_end
    if cur:
        paras.append(cur)
    return paras


def _ends_terminal(s: str) -> bool:
    core = s.rstrip(_CLOSERS)
    return bool(core) and core[-1] in ".!?…"


_ADDRESS_LINE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")


def _soft_link(a: str, b: str) -> bool:
    """Whether line ``b`` continues line ``a`` (a hard-wrapped sentence) rather than starting a new unit."""
    if _ADDRESS_LINE.fullmatch(b.strip()):  # an e-mail or web address on its own line starts its own unit
        return False
    first = b.lstrip(_OPENERS)[:1]
    if first.islower():
        return True
    if a[-1] in ",;–—-":
        return True
    if _ends_terminal(a):
        # "Mr.", "Sen.", "J." at a line end: the name is on the next line.
        m = _LAST_WORD.search(a, 0, len(a) - 1) if a[-1] == "." else None
        if m is None or m.start() > 0 and not a[m.start() - 1].isspace():
            return False
        w = m.group(0)
        return w in _TITLES or _INITIAL.fullmatch(w) is not None
    m = _LAST_WORD.search(a)
    return m is not None and m.group(0).lower() in _WRAP_WORDS


def _groups(kept: list[tuple[int, int] | None], links: list[bool]) -> list[list[tuple[int, int]]]:
    """Runs of kept lines connected by soft links; a dropped line is a hard break."""
    groups: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    for i, span in enumerate(kept):
        if span is None:
            if cur:
                groups.append(cur)
            cur = []
            continue
        if cur and not links[i - 1]:
            groups.append(cur)
            cur = []
        cur.append(span)
    if cur:
        groups.append(cur)
    return groups


def _classify(unit: str, *, joined: bool) -> str | None:
    """The boilerplate reason for a stripped unit, or None to keep it."""
    if _WORD.search(unit) is None:
        return EMPTY
    if _TWO_WORD_CHARS.search(unit) is None:
        return None if joined else TOO_SHORT
    n = len(unit)
    for rule in BOILERPLATE_RULES:
        if n <= rule.max_len and (rule.joined_lines or not joined) and rule.pattern.fullmatch(unit):
            return rule.reason
    return None


def _split_run(text: str, start: int, end: int, *, single_line: bool) -> list[tuple[int, int]]:
    """Stripped sentence spans of ``text[start:end]`` (a run of soft-joined lines)."""
    seg = text[start:end]
    headline = single_line and not _ends_terminal(seg) and len(seg.split(maxsplit=HEADLINE_MAX_WORDS)) <= HEADLINE_MAX_WORDS
    spans: list[tuple[int, int]] = []
    prev = 0
    n = len(seg)
    for m in _TERM.finditer(seg):
        if m.end() >= n:
            break
        if _is_boundary(seg, m, headline=headline):
            s, e = _strip(text, start + prev, start + m.end())
            if s < e:
                spans.append((s, e))
            prev = m.end()
    s, e = _strip(text, start + prev, end)
    if s < e:
        spans.append((s, e))
    return spans


def _is_boundary(seg: str, m: re.Match[str], *, headline: bool = False) -> bool:
    """Whether the sentence-final punctuation matched by ``m`` (followed by whitespace) ends a sentence.

    ``headline``: the run is a stand-alone line without final punctuation (a headline, often in
    Title Case), where a capitalised word proves nothing: abbreviations never end a sentence there.
    """
    nxt_raw = _NEXT.match(seg, m.end()).group(1)  # type: ignore[union-attr]
    nxt = nxt_raw.lstrip(_OPENERS)
    first = nxt[:1] or nxt_raw[:1]
    if first.islower() or first in _NO_SPLIT_NEXT:
        return False
    punct = m.group("p")
    if m.group("c") or punct != ".":
        return True  # "?", "!", ellipses, '."' and '.)' end a sentence before a non-lowercase word
    k = m.start()
    lim = max(0, k - 40)
    while k > lim and not seg[k - 1].isspace():
        k -= 1
    word = seg[k : m.start()].lstrip(_OPENERS)
    if not word:
        return True
    if word in _TITLES or (word.isupper() and word.capitalize() in _TITLES) or word.lower() in _NEVER_LOWER:
        return False
    if word.lower() in _NUMBERED and first.isdigit():
        return False
    if word in _MONTH_ABBR:
        return not headline and not first.isdigit() and _opens_sentence(nxt_raw, nxt)
    if word in _CLOCK:
        # "5 p.m. Residents went home" splits; "5 p.m. Tuesday", "9 a.m. ET", "p.m. 5" do not.
        return not headline and first.isupper() and nxt.rstrip(".,;:!?\"'”’)") not in _AFTER_CLOCK
    if word in _AMBIGUOUS or _DOTTED.fullmatch(word) or _INITIAL.fullmatch(word):
        return not headline and _opens_sentence(nxt_raw, nxt)
    return True


def _opens_sentence(nxt_raw: str, nxt: str) -> bool:
    """After an ambiguous abbreviation: does the next token clearly open a new sentence?"""
    if nxt_raw[:1] in _OPENERS and nxt[:1].isupper():
        return True
    if _INITIAL_NEXT.fullmatch(nxt):
        return False  # "J. A. Smith": "A." is an initial, not the article
    return nxt.rstrip(".,;:!?\"'”’)") in _STARTERS
