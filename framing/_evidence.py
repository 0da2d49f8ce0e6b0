"""Attribution structure of a sentence: who is quoted (source), the reporting cue, and what they said (content).

Rules over the raw text, no model: quotation marks, a lexicon of reporting verbs and the words around
them. :func:`extract_attribution` returns one :class:`Attribution` (the sentence's main reporting cue)
or None; :func:`extract_attributions` every attribution of the sentence, reading wider cues for the further ones.
Their spans are character offsets into the sentence, labelled for ``SentenceResult.evidence``:
``source:<type>`` (named_person, named_organisation, anonymous, unspecified), ``cue:<type>`` (neutral,
evaluative) and ``content``, a further attribution's labels tagged ``#2``, ``#3``… (:func:`attribution_evidence`).
Conventions and measured accuracy: ``docs/attribution.md``.

    >>> a = extract_attribution("“The line will reopen on Friday,” said Mayor Tilde Varga, who chairs the board.")
    >>> a.source.text, a.source_type, a.cue.text, a.cue_type, a.content.text
    ('Mayor Tilde Varga', 'named_person', 'said', 'neutral', 'The line will reopen on Friday')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from ._errors import InputError
from ._speakers import ORG_WORDS as _ORG_WORDS
from ._types import Attribution, Span, label_group, split_label

if TYPE_CHECKING:
    from ._markers import Marker

SOURCE_TYPES = ("named_person", "named_organisation", "anonymous", "unspecified")
CUE_TYPES = ("neutral", "evaluative")
ROLES = ("source", "cue", "content")

# --- lexicons --------------------------------------------------------------------------------------

# base forms that are mostly nouns ("state", "report", "note", "estimate") are left out; so are "protest(s)"
_NEUTRAL = """say says said tell tells told states stated adds added announce announces announced
reports reported write writes wrote explain explains explained notes noted confirm confirms confirmed
replies replied responds responded asks asked describe describes described commented estimates estimated
find finds found conclude concludes concluded show shows showed believe believes believed think thinks thought
expect expects expected suspect suspects fear fears feared testify testifies testified stress stresses stressed
criticised criticized criticises criticizes praised praises condemned condemns welcomed welcomes called calls""".split()
_EVALUATIVE = """claim claims claimed admit admits admitted insist insists insisted concede concedes conceded
allege alleges alleged boast boasts boasted warn warns warned argue argues argued complain complains complained
confess confesses confessed acknowledge acknowledges acknowledged deny denies denied maintain maintains maintained
assert asserts asserted reveal reveals revealed lament laments lamented brag brags bragged vow vows vowed
accuse accuses accused slammed slams blasted blasts hailed hails""".split()
CUE_VERBS: dict[str, str] = {**{w: "neutral" for w in _NEUTRAL}, **{w: "evaluative" for w in _EVALUATIVE}}
_PHRASES = {"according to": "neutral", "pointed out": "evaluative", "points out": "evaluative", "put it": "neutral",
            "lashed out at": "evaluative", "lashes out at": "evaluative"}
# stance verbs (guide rule A9): the content is what the stance is about ("praised the volunteers")
_STANCE = set("""criticised criticized criticises criticizes praised praises condemned condemns welcomed welcomes
called calls slammed slams blasted blasts hailed hails""".split()) | {"lashed out at", "lashes out at"}
# third-person forms that are also plural nouns ("student protests", "the reports"): need a clause after them
_NOUNLIKE = set("states reports notes estimates finds shows claims replies adds calls comments warns fears suspects"
                 .split())

# verbs that also have common non-reporting senses: they need "that", a colon, a quote or a clause after them
_NEEDS_CLAUSE = set("""add adds added note notes noted claim claims claimed maintain maintains maintained write writes
wrote stress stresses stressed argue argues argued""".split())
# verbs that only report when next to a quotation or after the content ("..., the lawyer replied.")
_QUOTE_ONLY = set("ask asks asked reply replies replied respond responds responded comment comments commented".split())
# findings: only with a document as source or "that" after them (a physical find is not attribution)
_FINDING = set("find finds found show shows showed conclude concludes concluded".split())
_BELIEF = set("""believe believes believed think thinks thought expect expects expected suspect suspects fear fears
feared""".split())

# forms that are only verbs (never nouns), so a following verb does not make them nouns
_PAST_ONLY = {w for w in CUE_VERBS if w.endswith("ed")} | set("said told wrote thought found showed says tells insists "
                                                               "admits".split())
_AUX = set("is are was were be been being am has have had do does did will would shall should can could may might must"
           .split())
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}
_DETS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"}
_COUNT = set("a an one two three four five six seven eight nine ten several another".split())
_PREPS = {"of", "at", "for", "from", "in", "with", "on", "close", "to", "by", "inside", "within", "near", "involved"}
_RELATIVE = {"who", "whom", "whose", "which"}
_TITLES = set("""mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir dame lord lady mayor minister secretary
president premier governor senator judge justice chairman chairwoman chair treasurer auditor general chief
director coach captain inspector commissioner superintendent sergeant detective constable sheriff rev rev. father
deputy councillor councilor ambassador prince princess king queen spokesperson spokesman spokeswoman""".split())
_DOC_WORDS = set("""report reports audit study studies memo memos email emails letter letters filing filings document
documents figures data statement statements forecast survey records review analysis paper papers minutes transcript
bulletin research poll census indictment ruling judgment judgement complaint lawsuit draft drafts dossier
briefing assessment assessments accounts projections testimony evaluation inspection investigation probe findings
results tests""".split())
_SPOKES = {"spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative", "spokespersons"}
_IRREGULAR_PLURAL = {"people", "men", "women", "children", "staff", "police", "fishermen", "firemen", "folk", "crew"}
_ANON_CUES = re.compile(
    r"familiar with|briefed on|with (?:direct |first-hand )?knowledge|with access to|close to"
    r"|(?:not|declined) to be (?:named|identified)|not want to be (?:named|identified)|anonymity|not authori[sz]ed"
    r"|(?:not|declined) to give (?:his|her|their) name|speaking privately|on background|insiders?\b|\bsources?\b",
    re.IGNORECASE)
_TEMPORAL = set("""today yesterday tonight tomorrow earlier later recently monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november december""".split())
_ADVERBIAL_STARTERS = set("""on in at after before during since as when while but and yet so however meanwhile later
if unless because
earlier last this speaking asked writing addressing responding despite although though still also then now separately
elsewhere overall instead""".split())
# an adverb in -ly (lowercase, so "Donnelly" is not one), but not a noun such as "family"
_LY = r"(?-i:(?!(?:family|ally|assembly|rally|supply|monopoly|anomaly|folly|holly|jelly|belly)\b)[a-z]{2,}ly)"
_LY_NOUNS = {"family", "ally", "assembly", "rally", "supply", "monopoly", "anomaly", "folly", "holly", "jelly", "belly",
             "italy", "emily", "kelly", "reilly", "daily", "bully", "lily", "sally", "polly", "molly", "billy"}
# adverbials after an inverted source: "said X on Monday", "said X in a statement", "said X quietly"
_TRAILING = re.compile(
    r"(?:\s+(?:(?:on|last|this|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month"
    r"|year|night|morning|afternoon|evening|\d+)|in\s+(?:a|an)\s+(?:joint\s+)?(?:statement|interview|letter|email|post"
    r"|speech)|after\b|before\b|during\b|to\s+(?:reporters|journalists)|yesterday|today|tonight|earlier|later|"
    + _LY + r")\b.*)$",
    re.IGNORECASE)

# abbreviations whose full stop does not end a sentence ("Gen. Hume", "J. R. Okafor")
_ABBREV = r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Jr|Sr|St|Prof|Rev|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Adm|Gov|Sen|Rep|Supt|Insp|Det|Cllr|Hon|Fr)"
_OPEN_Q = "“\""
_CLOSE_Q = "”\""
_WORD = re.compile(r"[\w’'.-]+")
_CUE_RE = re.compile(
    r"(?<![\w-])(?:according\s+to|point(?:ed|s)\s+out|lash(?:ed|es)\s+out\s+at|put\s+it|"
    + "|".join(sorted(CUE_VERBS, key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE)

# wider cues, read only for a sentence's further attributions (extract_attributions), not for its main one (which
# the attribution decision's structure feature reads): speech acts reported with a clause or quotation, speech
# acts with a target (guide rule A9) and verbs that only report next to a quotation
_WIDE_CLAUSE = set("""suggest suggests suggested emphasize emphasizes emphasized emphasise emphasises emphasised
mention mentions mentioned indicate indicates indicated declare declares declared predict predicts predicted
promise promises promised pledge pledges pledged recall recalls recalled tweet tweets tweeted posted observed
remarked""".split())
_WIDE_TARGET = {"cited", "cites", "called for", "calls for", "called on", "calls on", "pointed to", "points to",
                "urged", "urges", "demanded", "demands", "denounced", "denounces", "blamed", "blames", "disputed",
                "disputes"}
_WIDE_QUOTE_ONLY = {"continued", "continues", "answered", "answers", "joked", "quipped", "wondered", "shouted",
                    "went on", "goes on", "read", "reads"}
_WIDE = _WIDE_CLAUSE | _WIDE_TARGET | _WIDE_QUOTE_ONLY
_WIDE_RE = re.compile(
    r"(?<![\w-])(?:according\s+to|point(?:ed|s)\s+out|lash(?:ed|es)\s+out\s+at|put\s+it|"
    + "|".join(re.sub(" ", r"\\s+", w) for w in sorted(set(CUE_VERBS) | _WIDE, key=len, reverse=True))
    + r")(?![\w-])", re.IGNORECASE)
_PAST_ONLY |= {w for w in _WIDE if w.split()[0].endswith("ed") or w.startswith("went")}
# title-case headlines ("Obama Says Museum Will Tell of ...") capitalise their cue
_HEADLINE_CUES = set("say says said tell tells told warn warns claim claims admit admits deny denies urge urges slam "
                     "slams".split())


def normalise_source(text: str) -> str:
    """A source as a key for counting: casefolded, curly quotes folded, leading article and punctuation dropped."""
    t = text.replace("’", "'").replace("‘", "'").strip(" \t\n,.;:\"'“”")
    t = re.sub(r"\s+", " ", t).casefold()
    t = re.sub(r"^(?:the|a|an)\s+", "", t)
    return t


def is_pronoun(text: str) -> bool:
    return text.strip().casefold() in _PRONOUNS


MAX_ATTRIBUTION_CHARS = 2000
"""Structured attribution is looked for only in sentences up to this length (the rules are not linear)."""


def attribution_spans(text: str) -> list[Span]:
    """The labelled spans of the sentence's main attribution, or [] (see :class:`Attribution`).

    Texts longer than :data:`MAX_ATTRIBUTION_CHARS` (not sentences, e.g. unsegmented pages) get none.
    """
    found = extract_attribution(text)
    return found.spans() if found else []


def attribution_evidence(main: Attribution | None, every: Sequence[Attribution] = ()) -> list[Span]:
    """The labelled spans of a sentence's attributions: the main one's labels untagged, each further one of
    ``every`` (those whose cue is not the main one's) tagged ``#2``, ``#3``… in sentence order; ordered by start."""
    out = main.spans() if main is not None else []
    group = 2
    for a in sorted(every, key=lambda a: (a.cue.start, a.cue.end)):
        if main is not None and a.cue.start < main.cue.end and main.cue.start < a.cue.end:
            continue
        out += a.spans(group)
        group += 1
    return sorted(out, key=lambda s: (s.start, s.end))


def marker_evidence(name: str, marker: Marker, text: str, attribution: Attribution | None = None,
                    attributions: Sequence[Attribution] | None = None) -> list[Span]:
    """Evidence spans of one marker in one sentence: its lexicon cues (label ``cue``) and, for a marker that
    declares ``evidence = "attribution"``, the structured source/cue/content spans of every attribution of the
    sentence (:func:`attribution_evidence` of ``attribution`` and ``attributions`` when given, else found here);
    a lexicon cue that overlaps a structured source or cue is dropped, so no cue is given twice. A word is
    evidence for one of the two only: an attribution lexicon cue used as an adjective ("the alleged plot") is
    not attribution evidence, and another marker's cue that is the sentence's reporting verb ("Prosecutors
    alleged that...") is not evidence for that marker (unless it is a stance verb such as "slammed", which
    reports and evaluates).
    Ordered by start."""
    spans = marker.find_cues(text)
    if attribution is None and attributions is None:
        attribution = extract_attribution(text)
    if attributions is None:
        attributions = extract_attributions(text)
    structured = attribution_evidence(attribution, attributions)
    # the main reporting verb is not another marker's evidence; a stance verb ("slammed the plan") both reports
    # and evaluates: it stays evidence for both
    cue_of = [(s.start, s.end) for s in structured if label_group(s.label) == 1
              and split_label(s.label)[0] == "cue" and re.sub(r"\s+", " ", s.text.lower()) not in _STANCE]
    if marker.evidence != "attribution":
        return [s for s in spans if not any(s.start < e and a < s.end for a, e in cue_of)]
    spans = [s for s in spans if _prev_word(text, s.start) not in ("a", "an", "the", "this", "that", "these",
                                                                    "those", "his", "her", "its", "their")]
    if not structured:
        return spans
    taken = [(s.start, s.end) for s in structured if split_label(s.label)[0] in ("source", "cue")]
    kept = [s for s in spans if not any(s.start < e and a < s.end for a, e in taken)]
    return sorted(structured + kept, key=lambda s: (s.start, s.end))


# --- helpers ---------------------------------------------------------------------------------------


def _quotes(text: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of double-quoted passages; close is the index of the closing mark."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "“":
            j = text.find("”", i + 1)
        elif ch == '"':
            j = text.find('"', i + 1)
        else:
            i += 1
            continue
        if j < 0:
            break
        out.append((i, j))
        i = j + 1
    return out


def _inside(pos: int, quotes: Sequence[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in quotes)


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _trim(text: str, a: int, b: int, chars: str = " \t\n,;:") -> tuple[int, int]:
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _unbalanced(seg: str) -> tuple[bool, bool]:
    """(an opening quote lacks its close, a closing quote lacks its opening) in ``seg``."""
    opens, closes = seg.count("“"), seg.count("”")
    straight_odd = seg.count('"') % 2 == 1
    return (opens > closes or (straight_odd and seg[:1] == '"'), closes > opens or (straight_odd and seg[-1:] == '"'))


def _content_span(text: str, a: int, b: int) -> Span | None:
    """Content ``text[a:b]`` without enclosing quotation marks, "that", or trailing . , ; : punctuation."""
    for _ in range(4):
        a, b = _trim(text, a, b, " \t\n,;:")
        while b > a and text[b - 1] in " .,;:":
            b -= 1
        seg = text[a:b]
        if not seg:
            return None
        open_left, close_left = _unbalanced(seg)
        if close_left and seg[-1] in _CLOSE_Q:
            b -= 1
            continue
        if open_left and seg[0] in _OPEN_Q:
            a += 1
            continue
        inner = seg[1:-1]
        if len(seg) > 1 and seg[0] in _OPEN_Q and seg[-1] in _CLOSE_Q and not any(q in inner for q in "“”\""):
            a, b = a + 1, b - 1
            continue
        m = re.match(r"that\s+", seg)
        if m:
            a += m.end()
            continue
        break
    if b <= a:
        return None
    body = text[a:b]
    if re.fullmatch(r"(?:so|this|that|it|as much|nothing|no more)(?:\s+\w+self)?", body, re.IGNORECASE):
        return None
    return Span(a, b, "content", body)


def _is_name_token(w: str) -> bool:
    core = w.strip(".,")
    return bool(core) and core[0].isupper() and not core.endswith(("'s", "’s", "s'", "s’"))


def _strip_possessive(w: str) -> str:
    return re.sub(r"(?:['’]s|s['’])$", "", w)


def _looks_like_name(seg: str) -> bool:
    """A personal name, optionally after a title: 'Ansel Moberg', 'Mr. Hesketh', 'Judge Colm Reagh'."""
    ws = _words(seg)
    if not ws or ws[0].lower() in _DETS:
        return False
    if any(w.lower() in _ORG_WORDS for w in ws):
        return False
    caps = [w for w in ws if _is_name_token(w)]
    if len(caps) != len(ws) and not (ws[0].lower() in _TITLES or ws[0][0].islower()):
        return False
    non_title = [w for w in caps if w.lower() not in _TITLES]
    return len(non_title) >= 1 and (len(caps) >= 2 or bool(non_title))


def _split_segments(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Comma-separated pieces of ``text[a:b]`` (outside quotes), trimmed, as offsets."""
    out = []
    start = a
    for i in range(a, b + 1):
        in_number = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()  # "1,300"
        if i == b or (text[i] == "," and not in_number):
            s, e = _trim(text, start, i)
            if s < e:
                out.append((s, e))
            start = i + 1
    return out


def _is_adverbial(seg: str) -> bool:
    ws = _words(seg)
    if not ws:
        return True
    first = ws[0].lower()
    if first in _ADVERBIAL_STARTERS or first in _TEMPORAL or re.fullmatch(_DISCOURSE, first):
        return True
    if len(ws) == 1 and re.fullmatch(r"[A-Z]?[a-z]{2,}ly", ws[0]) and first not in _LY_NOUNS:
        return True  # "Unfortunately," "Predictably,"
    if re.fullmatch(r"\d+", seg.strip()):
        return True
    return bool(re.match(r"[A-Z]\w+(?:ing|ed)$", ws[0])) and first not in _PRONOUNS and not _looks_like_name(seg)


def _is_modifier_segment(seg: str) -> bool:
    """A non-restrictive relative or participle clause, an age or an adverbial: not the source itself."""
    ws = _words(seg)
    if not ws:
        return True
    first = ws[0].lower()
    participle = first.endswith(("ing", "ed")) and not _is_name_token(ws[0])
    return (first in _RELATIVE or first in {"speaking", "writing", "published", "quoted", "talking", "citing"}
            or re.fullmatch(r"\d+", seg.strip()) is not None or participle)


def _pick_source(text: str, segs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The source among subject segments: a personal name where an appositive gives one, else the first."""
    segs = [s for s in segs if not _is_modifier_segment(text[s[0]:s[1]])]
    if not segs:
        return None
    first = segs[0]
    if _looks_like_name(text[first[0]:first[1]]):
        return first
    for s in segs[1:3]:
        if _looks_like_name(text[s[0]:s[1]]):
            return s
    return first


# sentence adverbs and connectives before a subject ("Unfortunately, the ministry said", "Nevertheless he added")
_DISCOURSE = ("but|and|yet|so|however|meanwhile|also|then|now|still|instead|nevertheless|nonetheless|moreover"
              "|furthermore|indeed|thus|therefore|consequently|besides|otherwise|hence|likewise|regardless|admittedly")
_LEAD = re.compile(r"^(?:(?:" + _DISCOURSE + r")\b|(?-i:[A-Z]?[a-z]{2,}ly)(?=\s*,))[\s,]*", re.IGNORECASE)
# what may stand between a subject and its cue: auxiliaries, adverbs, hearsay frames, times
_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|later|earlier|then|now|still|again|previously|initially|once|already|themselves"
    r"|himself|herself|itself|(?:is|are|was|were)\s+(?:said|reported|understood|thought|believed|alleged|rumoured"
    r"|rumored)\s+to(?:\s+have)?|(?:on|last|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week"
    r"|month|year|night|morning|evening)|yesterday|today|tonight|" + _LY + r"))+\s*$",
    re.IGNORECASE)


def _picked_source(text: str, segs: list[tuple[int, int]], tail: re.Pattern[str],
                   lead: re.Pattern[str] | None = None) -> tuple[int, int] | None:
    """The source segment chosen among ``segs``, less a leading match of ``lead`` and cut before the first
    match of ``tail`` (unless that match starts the segment); None when no segment is a source."""
    pick = _pick_source(text, segs)
    if pick is None:
        return None
    s, e = pick
    m = lead.match(text[s:e]) if lead is not None else None
    if m:
        s += m.end()
    m = tail.search(text[s:e])
    if m and m.start() > 0:
        e = s + m.start()
    return s, e


def _subject_before(text: str, start: int, end: int) -> tuple[tuple[int, int] | None, str]:
    """The source NP in ``text[start:end]`` (the words before a cue), and the whole region for classifying."""
    a, b = _trim(text, start, end, " \t\n,;:“”\"")
    region = text[a:b]
    m = _LEAD.match(region)
    if m:
        a += m.end()
    m = _TAIL.search(text[a:b])
    if m:
        b = a + m.start()
    a, b = _trim(text, a, b)
    if b <= a:
        return None, ""
    context = text[a:b]
    # "X declined to comment but said ...": the subject is what precedes the first predicate
    if re.search(r"\s(?:but|and)$", text[a:b]):
        mm = re.search(r"\s(?:\w+ed|declined|refused|did|would|could|will|has|had|was|is)\s", text[a:b])
        if mm:
            b = a + mm.start()
    segs = [s for s in _split_segments(text, a, b)]
    # drop leading adverbial segments ("On Thursday", "Asked about the delay")
    while len(segs) > 1 and _is_adverbial(text[segs[0][0]:segs[0][1]]):
        segs = segs[1:]
    only = text[segs[0][0]:segs[0][1]] if len(segs) == 1 else ""
    if only and _is_adverbial(only) and (_words(only) or [""])[0].lower() not in _PRONOUNS:
        return None, context
    pick = _picked_source(text, segs, _TAIL, lead=_LEAD)
    if pick is None:
        return None, context
    s, e = _trim(text, *pick)
    # a subject is short and has no finite verb of its own (outside a restrictive relative clause)
    ws = _words(text[s:e])
    if not ws or len(ws) > 14:
        return None, context
    if not any(w.lower() in _RELATIVE for w in ws):
        if any(w.lower() in _AUX for w in ws[1:]) or any(w.lower() in ("that",) for w in ws):
            return None, context
    return (s, e), context


def _np_after(text: str, start: int) -> tuple[tuple[int, int] | None, str]:
    """The source NP after an inverted cue ("said Mr. Hesketh, who ..."), and the rest of the clause for context."""
    stop = len(text)
    for i in range(start, len(text)):
        if text[i] in ";:“”\"" or (text[i] == "." and i + 1 >= len(text.rstrip())):
            stop = i
            break
    context = text[start:stop]
    segs = _split_segments(text, start, stop)
    if not segs:
        return None, context
    pick = _picked_source(text, segs, _TRAILING)
    if pick is None:
        return None, context
    s, e = _trim(text, *pick, " \t\n,;:.")
    # keep an abbreviation's full stop ("Mr. Hesketh" is inside; a final "Jr." stays)
    if e < len(text) and text[e] == "." and re.search(_ABBREV + "$", text[s:e]):
        e += 1
    ws = _words(text[s:e])
    if not ws or len(ws) > 14 or ws[0].lower() in ("that", "it") or ws[0].lower() in _AUX:
        return None, context
    return (s, e), context


def classify_source(source: str, context: str = "") -> str:
    """named_person, named_organisation, anonymous or unspecified (rules in docs/attribution.md)."""
    src = source.strip()
    low = src.casefold()
    if low in _PRONOUNS:
        return "unspecified"
    if _ANON_CUES.search(src) or (context and _ANON_CUES.search(context)):
        return "anonymous"
    ws = _words(src)
    # the head: before the first lowercase preposition or relative pronoun ("Economists at Alderic Bank")
    head_ws: list[str] = []
    for i, w in enumerate(ws):
        if i > 0 and w in _PREPS | _RELATIVE and not (w == "of" and head_ws and head_ws[-1].lower() == "secretary"):
            break
        head_ws.append(w)
    if head_ws and head_ws[-1].lower() == "of":  # "Secretary of State ..."
        head_ws = ws
    lower_head = [w.lower().strip(".,") for w in head_ws]
    # proper names: capitalised words, the first one only if it is not a sentence-initial common noun
    caps = [w for i, w in enumerate(head_ws) if _is_name_token(w) and w.lower() not in _DETS]
    if caps and head_ws[0] == caps[0] and (len(head_ws) == 1 or not _is_name_token(head_ws[1])) \
            and head_ws[0].lower() not in _TITLES:
        caps = caps[1:]  # "Officials said", "Police said", "Striker insists"
    if caps:
        if caps[-1].lower().strip(".,") in _ORG_WORDS:
            return "named_organisation"
        if any(w.lower().strip(".,") in _SPOKES for w in head_ws) and not _looks_like_name(" ".join(caps)):
            return "named_organisation"
        if _is_name_token(head_ws[-1]) or head_ws[-1].lower().strip(".") in _TITLES:
            return "named_person"
    # the head noun: last word of the head, past trailing participles ("an email seen", "one diplomat involved")
    content_ws = [w for w in lower_head if w not in _DETS]
    while len(content_ws) > 1 and re.search(r"(?:ed|en)$", content_ws[-1]) and content_ws[-1] not in _ORG_WORDS:
        content_ws.pop()
    noun = _strip_possessive(content_ws[-1]) if content_ws else low
    modifiers = [_strip_possessive(w) for w in content_ws[:-1] if not re.search(r"['’]s$|s['’]$", w)]
    if noun in _DOC_WORDS:
        return "named_organisation"
    if noun in _SPOKES:
        return "named_organisation"
    if noun in _ORG_WORDS or (noun == "service" and modifiers):
        return "named_organisation"
    first = lower_head[0] if lower_head else ""
    if first in _COUNT or re.fullmatch(r"\d+", first):
        return "anonymous"
    if noun in _IRREGULAR_PLURAL or (noun.endswith("s") and not noun.endswith(("ss", "us", "is"))):
        return "unspecified"
    if first in {"some", "many", "most", "few", "other", "others", "several"}:
        return "unspecified"
    return "named_person"


# --- the extractor -----------------------------------------------------------------------------------


@dataclass
class _Candidate:
    cue: tuple[int, int]
    word: str
    source: tuple[int, int] | None
    context: str
    content: Span | None
    rank: int

    @property
    def score(self) -> tuple[int, int, int]:
        return (int(self.source is not None) * 2 + int(self.content is not None), -self.rank, -self.cue[0])


def _cue_type(word: str) -> str:
    w = re.sub(r"\s+", " ", word.casefold())
    return _PHRASES.get(w) or CUE_VERBS.get(w, "neutral")


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w’'-]+)[^\w]*$", text[max(0, pos - 200):pos])  # a bounded look back: linear on huge texts
    return m.group(1).lower() if m else ""


def _sentence_end(text: str) -> int:
    b = len(text.rstrip())
    return b


# words that may stand between a cue and "that" ("said in a statement on Monday that")
_BEFORE_THAT = set("""a an news conference statement joint interview social media reporters journalists week month year
night morning evening also later earlier late early repeatedly publicly privately then again""".split())
# bare recipients of "told" ("told reporters the ...")
_RECIPIENTS = set("""reporters journalists lawmakers colleagues aides investors staff players parliament police
residents listeners viewers voters supporters officials""".split())


def _ends_clause(rest: str) -> bool:
    """True when what follows a cue holds no content: only adverbials, a full stop, or a tag like ", adding that"."""
    r = rest.strip()
    r = re.sub(r"^(?:(?:on|in|at|after|before|during|last|this|via|through)\b[^,.;:“”\"]*|yesterday|today|tonight|"
               r"earlier|later|quietly|firmly|again|bluntly|simply)\s*", "", r, flags=re.IGNORECASE)
    tag = r"^[,;]\s*(?:adding|and|who|while|as|saying|before|after|in|but|citing|although|though)\b"
    return r in ("", ".", "!", "?", "”", ".”") or bool(re.match(tag, r, re.IGNORECASE))


def _clause_follows(rest: str) -> bool:
    """A reported clause seems to follow: 'that', a colon or quote (after a comma too: 'X added, "…"'), or a finite
    verb within a few words."""
    r = rest.lstrip()
    if re.match(r"(?:that\b|:|,?\s*[“\"])", r):
        return True
    ws = [w.lower() for w in _words(r)[:9]]
    return any(w in _AUX for w in ws[1:]) or any(re.search(r"\wed$", w) for w in ws[2:])


_SECOND_TAG = re.compile(
    r"(?:,\s*(?:adding|saying|noting|insisting|arguing|claiming|warning)\b"
    r"|,?\s+and\s+(?:added|said|denied|insisted|claimed|warned|noted|admitted|told)\b"
    r"|[,;]\s*(?:while|whereas|but|though|although)\s+[^,;:“”\"]{1,60}?\s+(?:said|says|told|tells|added|argued"
    r"|claimed|insisted|warned|noted)\b)")


def _tag_end(text: str, a: int, end: int) -> int:
    """Where the content starting at ``a`` stops: before a second reporting tag (", adding that …", ", and added
    that …", ", but he said …"), else ``end``."""
    m = _SECOND_TAG.search(text, a, end)
    return m.start() if m else end


def _content_after(text: str, cue_end: int, word: str, quotes: Sequence[tuple[int, int]]) -> Span | None:
    """The reported content after a cue ("said (on Monday) (that) ...", "told reporters ...", 'said: “..."')."""
    end = _sentence_end(text)
    rest = text[cue_end:end]
    a = cue_end
    # a quotation right after (possibly after a colon)
    m = re.match(r"\s*:?\s*[“\"]", rest)
    if m:
        qs = [q for q in quotes if q[0] == cue_end + m.end() - 1]
        if qs:
            return _content_span(text, qs[0][0] + 1, qs[0][1])
    lw = word.lower()
    words_iter = list(re.finditer(r"[\w’'.-]+|[,;:“”\"]", rest))
    # "that" within a few words, after adverbials or (for tell) a recipient
    for i, tok in enumerate(words_iter[:12]):
        t = tok.group(0)
        if t in ",;“”\"":
            if t == "," or lw not in ("told", "tells", "tell"):
                break
        if t.lower() == "that" and i > 0:
            between = [w.group(0).lower() for w in words_iter[:i]]
            if lw in ("told", "tells", "tell") or all(
                    w in _PREPS | _DETS | _TEMPORAL | _BEFORE_THAT or w[0].isdigit() or w[:1].isupper()
                    for w in between):
                return _content_span(text, cue_end + tok.end(), _tag_end(text, cue_end + tok.end(), end))
        if t.lower() == "that" and i == 0:
            return _content_span(text, cue_end + tok.end(), _tag_end(text, cue_end + tok.end(), end))
    if lw in ("told", "tells", "tell"):
        # skip the recipient: "told the committee ...", "told reporters ...", "told Parliament ..."
        toks = words_iter
        i = 0
        if toks and toks[0].group(0).lower() in _DETS:
            i = 2
        elif toks and (toks[0].group(0)[0].isupper() or toks[0].group(0).lower() in _RECIPIENTS):
            i = 1
            while i < len(toks) and toks[i].group(0)[:1].isupper():
                i += 1
        elif toks and toks[0].group(0).lower() in ("him", "her", "them", "us", "me"):
            i = 1
        elif len(toks) > 1 and re.fullmatch(r"[a-z]+s", toks[0].group(0)) and (
                toks[1].group(0).lower() in _DETS | _PRONOUNS or toks[1].group(0)[:1].isupper()):
            i = 1  # "told investigators the alarms ..."
        if i and i < len(toks):
            nxt = toks[i]
            if nxt.group(0) in (":",) and i + 1 < len(toks) and toks[i + 1].group(0) in "“\"":
                q = [qq for qq in quotes if qq[0] == cue_end + toks[i + 1].start()]
                if q:
                    return _content_span(text, q[0][0] + 1, q[0][1])
            a = cue_end + nxt.start()
        elif i:
            return None
    else:
        m = re.match(r"\s+(?:on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|"
                     r"in\s+a\s+(?:joint\s+)?statement|on\s+social\s+media)\b", rest, re.IGNORECASE)
        if m:
            a = cue_end + m.end()
    # stop before a second reporting tag: ", adding that ...", ", and added that ...", " and denied ..."
    end = _tag_end(text, a, end)
    return _content_span(text, a, end)


def _np_only(rest: str) -> bool:
    """What follows an inverted cue is just the source NP ("..., said a senior diplomat."), not a clause."""
    head = re.split(r"[,;:]", rest, maxsplit=1)[0]
    ws = [w.lower() for w in _words(head)]
    return (bool(ws) and len(ws) <= 10 and not any(w in _AUX or w == "that" for w in ws)
            and ws[0] not in _PREPS | {"behind", "under", "over", "into", "onto", "across", "inside", "outside", "as"})


def _candidates(text: str, wide: bool = False) -> list[_Candidate]:
    """Reporting cues of the sentence with what the rules find for each; ``wide`` also reads the wider cues."""
    quotes = _quotes(text)
    out: list[_Candidate] = []
    end = _sentence_end(text)
    headline = wide and _title_case(text)
    for m in (_WIDE_RE if wide else _CUE_RE).finditer(text):
        cs, ce = m.start(), m.end()
        if _inside(cs, quotes):
            continue
        word = m.group(0)
        lw = re.sub(r"\s+", " ", word.lower())
        prev = _prev_word(text, cs)
        before = text[:cs]
        after = text[ce:end]
        if wide:  # "…, top black lawmakers said Friday afternoon, as they …"
            after = re.sub(r"^\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon"
                           r"|evening|night))?(?=\s*[,.;]|\s*$)", "", after, flags=re.IGNORECASE)
        rank = 0
        if lw == "according to":
            src_start = ce
            # "According to X, content." or "content, according to X."
            lead = text[:cs].strip(" \t\n,")
            if lead == "" or _is_adverbial(lead):
                # the source runs to the comma that ends it (appositives included), the content after it
                segs_end = end
                segs = _split_segments(text, src_start, segs_end)
                if not segs:
                    continue
                src_segs = [segs[0]]
                for s in segs[1:]:
                    seg_text = text[s[0]:s[1]]
                    ws = _words(seg_text)
                    if len(ws) <= 7 and not any(w.lower() in _AUX for w in ws) and s != segs[-1]:
                        src_segs.append(s)
                    else:
                        break
                pick = _pick_source(text, src_segs)
                content_start = src_segs[-1][1]
                content = _content_span(text, content_start, end)
                context = text[src_start:content_start]
            else:
                segs = _split_segments(text, src_start, end)
                pick = _pick_source(text, segs) if segs else None
                content = _content_span(text, 0, cs)
                context = text[src_start:end]
            if pick:
                s, e = _trim(text, pick[0], pick[1], " \t\n,;:.")
                m_tr = _TRAILING.search(text[s:e])
                if m_tr and m_tr.start() > 0:
                    e = s + m_tr.start()
                pick = (s, e)
            out.append(_Candidate((cs, ce), word, pick, context, content, 0))
            continue
        if lw == "put it":
            m2 = re.search(r"\bas\s+([^.;:]+?)\s*$", before, re.IGNORECASE)
            if not m2 or not re.match(r"\s*,", text[ce:]):
                continue
            s0 = cs - len(before) + m2.start(1)
            segs = _split_segments(text, s0, cs)
            pick = _pick_source(text, segs)
            out.append(_Candidate((cs, ce), word, pick, text[s0:cs], _content_span(text, ce, end), 1))
            continue
        # reject non-reporting uses
        if prev == "to" and not re.search(r"\bto\s+have\s*$", before):
            continue  # "declined to say", "is expected to"
        if prev in {"than", "as", "help", "helps", "helped", "not", "never", "first"} or (
                prev in _AUX and lw not in _PAST_ONLY):
            continue  # "than first thought", "could help explain", "can say", "as expected"
        if prev in {"a", "an", "the", "was", "were", "is", "are", "be", "been", "being", "widely", "so"}:
            # passive: only "were told by X that ..."
            mby = re.match(r"\s+by\s+([^,.;:]+?)\s+that\b", text[ce:])
            if not mby:
                continue
            s0 = ce + mby.start(1)
            s1 = ce + mby.end(1)
            rest_start = ce + mby.end()
            out.append(_Candidate((cs, ce), word, (s0, s1), text[s0:s1], _content_span(text, rest_start, end), 2))
            continue
        if lw.endswith("ing"):
            continue
        if word[0].isupper() and text[:cs].strip(" “\"") != "" and not (headline and lw in _HEADLINE_CUES):
            continue  # "Secretary of State Alma Fenwick": a capitalised word inside a name
        nxt = re.match(r"\s+([\w’'-]+)", text[ce:])
        nxt_word = nxt.group(1).lower() if nxt else ""
        if (nxt_word in CUE_VERBS or nxt_word in _AUX) and lw not in _PAST_ONLY:
            continue  # a noun: "the final report stated", "the claims were"
        if re.search(r"(?:['’]s|s['’])\s*$", before):
            continue  # "the company's report"
        if prev in _RELATIVE:
            rank = 2  # "which critics claimed", "who said" inside a clause
        # --- next to a quotation: '“...,” X said' or '“...,” said X'
        qs_before = [q for q in quotes if q[1] < cs and text[q[1] + 1:cs].strip(" ,") == "" ]
        between_q = [q for q in quotes if q[1] < cs]
        last_q = between_q[-1] if between_q else None
        if last_q is not None:
            gap = text[last_q[1] + 1:cs]
            gap_ok = "”" not in gap and '"' not in gap and len(_words(gap)) <= 12 and "." not in re.sub(
                _ABBREV + r"\.", "", gap)
            if qs_before or (gap_ok and text[last_q[1] - 1] in ",?!" and not re.search(r"\b(?:that|and|but)\b", gap)):
                content = _content_span(text, last_q[0] + 1, last_q[1])
                if qs_before:  # inverted: '...,” said X'
                    pick, context = _np_after(text, ce)
                else:
                    pick, context = _subject_before(text, last_q[1] + 1, cs)
                out.append(_Candidate((cs, ce), word, pick, context, content, rank))
                continue
        if lw in _NOUNLIKE and not (re.match(r"\s+that\b|\s*[:“\"]", after) or _ends_clause(after)
                                    or _clause_follows(after)):
            continue
        if lw in _STANCE or lw in _WIDE_TARGET:
            if lw in ("called", "calls") and (
                    re.match(r"\s+(?:for|on|off|in|up|out|back|to|an?\s+(?:election|meeting|strike|vote|halt|inquiry))"
                             r"\b", after, re.IGNORECASE)
                    or not re.match(r"\s+\S+(?:\s+\S+){0,5}?\s+(?:a|an|“|\"|'|‘|«)", after)):
                continue
            if re.match(r"\s+(?:\d|more than|about|some|nearly|almost)", after):
                continue  # "welcomed 2 million visitors"
            if not re.match(r"\s+\S", after) or _ends_clause(after):
                continue  # a stance verb needs its target after it
        if lw in ("told", "tells", "tell"):  # "..., officials told reporters."
            after = re.sub(r"^\s+(?:reporters|journalists|parliament|lawmakers|(?:the|a)\s+\w+|[A-Z][\w’'-]+)"
                           r"(?=\s*[.,;]?\s*$)", "", after)
        asks = wide and lw in ("ask", "asks", "asked") and re.match(  # "asked the candidates to discuss …"
            r"\s+(?:[\w’'.-]+\s+){0,4}?(?:whether|how|why|if|what|when|to\s+[a-z]+)\b|\s*,?\s*[“\"]", after)
        if lw in _WIDE_QUOTE_ONLY:
            continue  # "continued", "answered": only next to a quotation (above) or before a colon
        if lw in _QUOTE_ONLY and not _ends_clause(after) and not asks:
            continue
        # --- "X, ..., claims." / "That is what X claims."
        mwhat = re.search(r"\bwhat\s+([^,;:]+?)\s*$", before, re.IGNORECASE)
        if mwhat and _ends_clause(after):
            s0 = mwhat.start(1)
            pick, context = _subject_before(text, s0, cs)
            out.append(_Candidate((cs, ce), word, pick, context, None, rank + 1))
            continue
        # --- content first: "The bridge is sound, engineers said." / "The plan, officials said, would cost ..."
        mcomma = re.search(r",\s*([^,;:“”\"]*)$", before)
        if wide and re.match(r"\s*,?\s*[“\"]", after):
            mcomma = None  # "X, at a press conference, said, “…": the quotation after is the content
        if mcomma and len(_words(mcomma.group(1))) <= 10 and (
                _ends_clause(after) or re.match(r"\s*,", after)
                or (not mcomma.group(1).strip() and _np_only(after) and lw not in _FINDING | _BELIEF | _STANCE)):
            s0 = mcomma.start(1)
            subj = text[s0:cs].strip()
            if subj == "":  # inverted: "The ceasefire is holding, said a senior diplomat."
                pick, context = _np_after(text, ce)
                content = _content_span(text, 0, mcomma.start())
                out.append(_Candidate((cs, ce), word, pick, context, content, rank))
                continue
            subj_first = _words(subj)[0].lower() if _words(subj) else ""
            if subj_first in _PREPS | {"if", "when", "while", "because", "although", "as", "than"}:
                continue  # ", with fish deaths ... than first thought": not a subject
            if not re.search(r"\b(?:that|which|who|and|but)\b", subj, re.IGNORECASE) or subj.lower().startswith("and "):
                pick, context = _subject_before(text, s0, cs)
                parenthetical = bool(re.match(r"\s*,", after)) and not _ends_clause(after)
                content = None if parenthetical else _content_span(text, 0, mcomma.start())
                out.append(_Candidate((cs, ce), word, pick, context, content, rank))
                continue
        # headline inversion without comma is not handled; plain subject-verb order from here
        if (lw in _FINDING or lw.startswith("suggest")) and not re.match(r"\s+that\b", after):
            pick, context = _subject_before(text, 0, cs)
            if pick is None or text[pick[0]:pick[1]].split()[-1].lower().strip(".,") not in _DOC_WORDS:
                continue
        elif (lw in _NEEDS_CLAUSE or lw in _WIDE_CLAUSE) and not _clause_follows(after) and not _ends_clause(after):
            continue
        elif lw in _BELIEF and (prev in _AUX or not (
                _clause_follows(after) or (lw.startswith("expect") and re.search(r"\bto\b", " ".join(_words(after)[:8]))))):
            continue  # "fear for their jobs" is not a belief about a proposition
        if lw in ("described", "describes", "describe") and not re.search(r"\bas\b", after):
            continue
        pick, context = _subject_before(text, 0, cs)
        clause = None
        for clause in (_CLAUSE_START.finditer(text, max(0, cs - 80), cs) if wide else ()):
            pass  # the last boundary before the cue
        if clause and not _inside(clause.start(), quotes):
            # the subject of the clause the cue is in: "…, though she noted …", "…, but he said …"
            near, near_context = _subject_before(text, clause.end(), cs)
            if near is not None and not _np_like(text[near[0]:near[1]]):
                near = None
            if near is not None and (pick is None or pick[1] <= clause.start() or "\n" in text[pick[0]:pick[1]]):
                pick, context = near, near_context
        if pick is not None and lw in _BELIEF:
            # beliefs need a subject right before the verb: "Investigators believe ..."
            if re.search(r"[,;:]\s*$", text[pick[1]:cs]):
                continue
        content = _content_after(text, ce, word, quotes)
        out.append(_Candidate((cs, ce), word, pick, context, content, rank))
    return out


_SPEECH_NOUNS = r"(?:comments?|remarks?|statements?|words|testimony|speech|letter|post|tweets?|interview|answers?)"


# where the clause of a cue starts, for the wider reading: after a clause boundary or a conjunction
_CLAUSE_START = re.compile(r"(?:[,;:\n]|\b(?:but|though|although|and|while|whereas|because|as|when|what|which|who)\b)"
                           r"(?=(?:\s+[\w’'.-]+){1,6}\s*$)", re.IGNORECASE)


_SUBORDINATORS = set("if unless whenever wherever when because since until before after once whether".split())


def _np_like(seg: str) -> bool:
    """A subject found by the wider reading looks like a noun phrase: a pronoun, or led by a determiner, a number
    word, a quantifier or a capitalised word; no auxiliary, preposition or subordinator in front."""
    ws = _words(seg)
    if not ws or any(w.lower() in _AUX for w in ws):
        return False
    first = ws[0].lower()
    if first in _PREPS | _SUBORDINATORS:
        return False
    plural = len(ws) <= 3 and (ws[-1].lower() in _IRREGULAR_PLURAL or re.fullmatch(r"[a-z]+[^s]s", ws[-1]) is not None)
    return (first in _PRONOUNS or first in _DETS or first in _COUNT or ws[0][:1].isupper() or plural
            or first in {"some", "many", "most", "few", "several", "both", "all", "each", "someone", "nobody"})


def _title_case(text: str) -> bool:
    """A headline in title case: most words of four letters or more are capitalised."""
    ws = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) >= 4]
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) >= 0.8 * len(ws)


def _refine_source(text: str, source: tuple[int, int], cue_start: int) -> tuple[int, int]:
    """Narrow a source found before its cue: the antecedent of a relative pronoun right before the cue ("...
    angered the opposition, which said" → "the opposition"), the possessor of a speech noun ("Mr Varga's
    comments to the committee" → "Mr Varga")."""
    s0, s1 = source
    m = re.search(r",\s*(?:which|who)\s+$", text[:cue_start])
    if m and s0 < m.start() <= s1 + 2:
        words = list(re.finditer(r"[\w’'.-]+", text[s0:m.start()]))[-5:]
        start = None
        for w in words:  # the last determiner-led or capitalised run before the comma
            lw = w.group(0).lower()
            if lw in _DETS:
                start = w.start()
        if start is None:
            for w in reversed(words):
                if not w.group(0)[:1].isupper():
                    break
                start = w.start()
        if start is not None:
            return s0 + start, m.start()
    m = re.match(r"(.+?)['’]s\s+" + _SPEECH_NOUNS + r"\b", text[s0:s1])
    if m and any(w[:1].isupper() for w in m.group(1).split()):
        return s0, s0 + m.end(1)
    return s0, s1


def extract_attribution(text: str) -> Attribution | None:
    """Who is quoted in one sentence, with which reporting cue, saying what: the sentence's main attribution.

    Returns an :class:`Attribution` with character-offset :class:`Span` s into ``text``: ``cue`` (always;
    "said", "told", "according to", "claimed"...), ``source`` ("Mayor Tilde Varga", "officials", "a person
    familiar with the talks") and ``content`` (the quotation or reported clause, or None when it is not one
    contiguous piece), plus ``source_type`` (``named_person``, ``named_organisation``, ``anonymous`` or
    ``unspecified``) and ``cue_type`` (``neutral`` or ``evaluative``). Returns None when the sentence has no
    reporting cue with a source, and for texts over :data:`MAX_ATTRIBUTION_CHARS` characters (pass
    sentences, e.g. from :func:`framing.segment`, not whole articles).

    Rules only, no model: a cue counts when a source is found for it; among those, a cue with content beats
    one without, then cues outside relative clauses, then the leftmost. Conventions and measured accuracy:
    ``docs/attribution.md``.

        >>> a = extract_attribution("Critics claimed the levy would drive shops out of the centre.")
        >>> a.source.text, a.source_type, a.cue.text, a.cue_type, a.content.text
        ('Critics', 'unspecified', 'claimed', 'evaluative', 'the levy would drive shops out of the centre')
    """
    if not isinstance(text, str):
        raise InputError(f"extract_attribution takes one sentence as a str, got {type(text).__name__}")
    return _extract(text)


_PARTICIPLE = re.compile(
    r",\s*(?:and\s+)?(saying|adding|arguing|noting|insisting|claiming|warning|citing|calling\s+for|calling\s+on"
    r"|accusing|denying|asking|suggesting|stressing|explaining|telling|promising|urging|declaring|predicting"
    r"|asserting|acknowledging|pointing\s+out|pointing\s+to|writing|recalling|describing|blaming|vowing"
    r"|complaining|admitting|conceding|boasting|contending|emphasi[sz]ing)\b", re.IGNORECASE)
# the verb a participle's subject comes before: "Donald Trump is defending his tweets, saying ..."
_FIRST_VERB = re.compile(r"\s(?:[a-z]+ed|is|are|was|were|has|have|had|will|would|did|does|can|could)\b")
# a source introducing a quotation with a colon: "Caddell continued: “…" / "The statement read: “…" /
# "He wrote on Twitter: “…" (the verb is the cue, or the colon where there is none: "Opposition leader: “…")
_COLON_QUOTE = re.compile(r"(?:\s+(?P<verb>read|reads|took|spoke|gave|made|put|began|went|came|[a-z]{3,}(?:ed|es|s))\b"
                          r"(?:\s+[\w’'-]+){0,8}?)?\s*:\s*(?=[“\"]|$)")
# a headline naming its source before a colon: "Pat Caddell: Democrat Voters Worried About ..."
_LABELS = set("""update updated watch exclusive analysis opinion breaking editor editor's note correction live video
photos photo read related timeline q a factbox explainer fact check quiz listen podcast poll? the latest
advertisement sponsored transcript title headline subject summary caption date byline location tags category
source""".split()) - {"poll?"}
# a dash before the source after a quotation or alone: "“…” ― Sonya Herridge" / "― Jacklyn Ashley"
_DASH_SOURCE = re.compile(r"(?:^|[”\"’']\s*)(?P<dash>[―—–]|--)[ \t\xa0]*(?P<np>[A-Z][^―—–\n]{1,80}?)[ \t\xa0]*[.,]?"
                          r"[ \t\xa0]*(?:\n|$)")
# a second verb of the same subject: "Merrill says … and said she would …"; a gerund after a preposition:
# "… began by saying he would …", "… for saying that …"
_COORDINATED = re.compile(r"\b(?:and|but)\s+(?:also\s+|later\s+|then\s+)?(said|told|added|says|adds|noted|insisted"
                          r"|argued|warned|claimed|denied|admitted|wrote|suggested|promised|announced|urged|cited"
                          r"|called\s+for)\b(?!\s+(?:by|to)\b)")
_GERUND = re.compile(r"\b(?:by|for|after|while|from|of|before)\s+(saying|telling|arguing|claiming|insisting"
                     r"|suggesting|calling\s+for|warning|promising|writing|declaring)\b")


def extract_attributions(text: str) -> list[Attribution]:
    """Every attribution of one sentence, in order of their cues: the main one (:func:`extract_attribution`), the
    other reporting cues with a source whose cue and source do not overlap one already taken, and further cues
    read for them only: participles after a comma ("…, saying the plan…", "…, adding that…") credited to the source
    of the attribution before them or to the sentence's subject; wider cues (suggested, cited, called for, pointed
    to, urged, promised, tweeted, continued...); a quotation introduced by a colon ("Caddell continued: “…"); a
    headline's source before a colon ("Opposition leader: …"); a source after a dash ("“…” ― Sonya Herridge");
    quotation marks the sentence lacks because it starts or ends inside a quotation, and ``` ``…'' ``` marks."""
    if not isinstance(text, str):
        raise InputError(f"extract_attributions takes one sentence as a str, got {type(text).__name__}")
    return list(_extract_all(text))


def _read_marks(text: str) -> tuple[str, int]:
    """The sentence as the rules read quotation marks, and the shift of its offsets (0 or 1): ``` `` ``` and
    ``''`` as curly double quotes, an opening mark added where the sentence starts inside a quotation and a closing
    one where it ends inside one."""
    read = re.sub(r"``", " “", text)
    read = re.sub(r"''(?=[\w‘`])", " “", read)
    read = read.replace("''", "” ")
    shift = 0
    marks = [(m.start(), m.group(0)) for m in re.finditer(r"[“”\"]", read)]
    if marks:
        first = marks[0]
        if first[1] == "”" or (first[1] == '"' and len(marks) % 2 == 1 and first[0] > 0
                                 and not read[first[0] - 1].isspace()):
            read, shift = "“" + read, 1
        last = marks[-1]
        opened = last[1] == "“" or (last[1] == '"' and (len(marks) + shift) % 2 == 1)
        if opened:
            read = read.rstrip() + "”"
    return read, shift


def _attribution_of(c: _Candidate, read: str, text: str, shift: int) -> Attribution | None:
    """A further attribution (not the sentence's main one): the candidate found in ``read``, with offsets into
    ``text``."""
    if c.source is None:
        return None
    s0, s1 = _refine_source(read, c.source, c.cue[0])
    lead = re.match(r"(?:while|whereas|though|although|but|and)\s+", read[s0:s1], re.IGNORECASE)
    if lead and lead.end() < s1 - s0:  # "…, while Ms Hale said …"
        s0 += lead.end()

    def span(a: int, b: int, label: str) -> Span | None:
        a, b = max(0, a - shift), min(len(text), b - shift)
        return Span(a, b, label, text[a:b]) if a < b else None

    cue, source = span(c.cue[0], c.cue[1], "cue"), span(s0, s1, "source")
    if cue is None or source is None or re.search(r"\n|[“”\"]", source.text):
        return None  # a source across a line break or a quotation mark is a misreading
    content = span(c.content.start, c.content.end, "content") if c.content is not None else None
    if re.search(r"\b(?:which|that|who|whom|what)\s+$", read[:s0]):
        content = None  # "the report, which critics claimed was biased, …": the content is not one piece
    if content is not None:
        a, b = _trim(text, content.start, content.end, " \t\n“”\"‘’'«»„`")
        content = Span(a, b, "content", text[a:b]) if a < b else None
    return Attribution(cue, _cue_type(c.word), source, classify_source(read[s0:s1], c.context), content)


@lru_cache(maxsize=8192)
def _extract_all(text: str) -> tuple[Attribution, ...]:
    """:func:`extract_attributions` without the type check, cached."""
    if len(text) > MAX_ATTRIBUTION_CHARS:
        return ()
    out: list[Attribution] = []
    taken: list[tuple[int, int]] = []

    def add(at: Attribution | None) -> None:
        if at is None:
            return
        own = [(at.cue.start, at.cue.end)] + ([(at.source.start, at.source.end)] if at.source else [])
        if any(a < b2 and a2 < b for a, b in own for a2, b2 in taken):
            return
        taken.extend(own)
        out.append(at)

    # the reporting-verb rules, best first (the first is extract_attribution's), then the wider reading
    add(_extract(text))  # the main one, exactly as extract_attribution gives it
    for c in sorted(_candidates(text), key=lambda c: c.score, reverse=True):
        add(_attribution_of(c, text, text, 0))
    read, shift = _read_marks(text)
    for c in sorted(_candidates(read, wide=True), key=lambda c: c.score, reverse=True):
        add(_attribution_of(c, read, text, shift))
    end = _sentence_end(text)
    quotes = _quotes(read)
    found = sorted([*_PARTICIPLE.finditer(text), *_COORDINATED.finditer(text), *_GERUND.finditer(text)],
                   key=lambda m: m.start(1))
    for m in found:
        a, b = m.start(1), m.end(1)
        if any(x < b and a < y for x, y in taken) or _inside(a + shift, quotes):
            continue
        before = [x for x in out if x.cue.end <= a and x.source is not None]
        if before:
            src, stype = before[-1].source, before[-1].source_type
        elif m.re is _COORDINATED:
            continue  # "… and said …" takes the source of the attribution before it
        else:  # the subject of the clause the participle hangs on
            verb = _FIRST_VERB.search(text, 0, m.start())
            pick = _subject_before(text, 0, verb.start()) if verb else (None, "")
            if pick[0] is None or not _np_like(text[pick[0][0]:pick[0][1]]):
                continue
            s0, s1 = pick[0]
            src, stype = Span(s0, s1, "source", text[s0:s1]), classify_source(text[s0:s1], pick[1])
        content = _content_span(text, b, _tag_end(text, b, end))
        word = re.sub(r"ying$", "ied", re.sub(r"(?<!y)ing$", "ed", m.group(1).lower()))
        out.append(Attribution(Span(a, b, "cue", text[a:b]), _cue_type(word), src, stype, content))
        taken.append((a, b))
    for more in (_colon_attribution(read, text, shift), _dash_attribution(text)):
        add(more)
    return tuple(sorted(out, key=lambda x: (x.cue.start, x.cue.end)))


def _colon_attribution(read: str, text: str, shift: int) -> Attribution | None:
    """A source before a colon that introduces a quotation or, in a headline, the content."""
    quotes = _quotes(read)
    for m in _COLON_QUOTE.finditer(read):
        colon = read.index(":", m.start("verb") if m.group("verb") else m.start())
        if _inside(colon, quotes) or re.match(r"\d", read[colon + 1:colon + 2]):
            continue
        verb = m.group("verb")
        head_end = m.start("verb") if verb else m.start()
        pick, context = _subject_before(read, 0, head_end)
        if pick is None:
            continue
        s0, s1 = pick
        lead = re.match(r"(?:Said|Says|Added|Adds|Wrote|Writes|Asked|Continued|Explained)\s+", read[s0:s1])
        if lead and not verb:  # "Said Ellis: “…”"
            verb, cue0 = lead.group(0).strip(), s0
            s0 += lead.end()
        src = read[s0:s1]
        ws = _words(src)
        if not ws or len(ws) > 8 or read[:pick[0]].strip(" “\"") != "" and not re.search(r"[—―–-]\s*$",
                                                                                        read[:pick[0]]):
            continue
        if not verb and not (_looks_like_name(src) or classify_source(src, context) != "named_person"
                             or ws[0].lower() in _DETS):
            continue
        if ws[0].lower() in _LABELS or (len(ws) == 1 and ws[0].isupper() and len(ws[0]) > 3):
            continue
        q = [x for x in quotes if x[0] > colon]
        content = _content_span(read, q[0][0] + 1, q[0][1]) if q else None
        cue = ((cue0, cue0 + len(verb)) if lead and verb == lead.group(0).strip() else
               (m.start("verb"), m.end("verb")) if verb else (colon, colon + 1))
        c = _Candidate(cue, read[cue[0]:cue[1]], (s0, s1), context, content, 0)
        return _attribution_of(c, read, text, shift)
    m = re.match(r"\s*([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}):\s+(\S.*)$", text)
    if m and len(_words(m.group(2))) >= 3 and m.group(1).split()[0].lower().strip(".") not in _LABELS \
            and not m.group(1).isupper() and (_looks_like_name(m.group(1)) or m.group(1).split()[-1].lower() in
                                              _DOC_WORDS | _ORG_WORDS):
        s0, s1 = m.span(1)
        colon = text.index(":", s1)
        content = _content_span(text, m.start(2), _sentence_end(text))
        return Attribution(Span(colon, colon + 1, "cue", ":"), "neutral", Span(s0, s1, "source", text[s0:s1]),
                           classify_source(text[s0:s1]), content)
    return None


def _dash_attribution(text: str) -> Attribution | None:
    """A source named after a dash at the end of a quotation, or in a sentence that is only "― Name"."""
    m = _DASH_SOURCE.search(text)
    if not m:
        return None
    np_ = m.group("np").rstrip(" .,")
    if not (_looks_like_name(np_.split(",")[0]) and len(_words(np_)) <= 12):
        return None
    s0 = m.start("np")
    quotes = _quotes(_read_marks(text)[0])
    content = None
    if m.start() > 0 and quotes:
        shift = _read_marks(text)[1]
        q = quotes[-1]
        content = _content_span(text, max(0, q[0] + 1 - shift), max(0, q[1] - shift))
    src = np_.split(",")[0].strip()
    return Attribution(Span(m.start("dash"), m.end("dash"), "cue", m.group("dash")), "neutral",
                       Span(s0, s0 + len(src), "source", src), classify_source(src), content)


@lru_cache(maxsize=8192)
def _extract(text: str) -> Attribution | None:
    """:func:`extract_attribution` without the type check, cached (the scorer asks per marker and per quotation)."""
    if len(text) > MAX_ATTRIBUTION_CHARS:
        return None
    cands = [c for c in _candidates(text) if c.source is not None]
    if not cands:
        return None
    best = max(cands, key=lambda c: c.score)
    cs, ce = best.cue
    s0, s1 = _refine_source(text, best.source, cs)  # type: ignore[arg-type]
    source_text = text[s0:s1]
    stype = classify_source(source_text, best.context)
    return Attribution(
        cue=Span(cs, ce, "cue", text[cs:ce]),
        cue_type=_cue_type(text[cs:ce]),
        source=Span(s0, s1, "source", source_text),
        source_type=stype,
        content=best.content,
    )
