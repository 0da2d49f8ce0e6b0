"""Quotations of a document and their speakers; the split of a sentence into the outlet's words and quoted words.

:func:`find_quotes` reads a whole document: direct quotations with any quote marks (straight, curly, single,
guillemets, nested ones kept inside their outer quote), spanning sentences and paragraphs (a paragraph that
continues a quotation reopens it without closing the previous one), partial quotations inside narration
("called the bill 'seriously flawed'") and scare quotes (a word or short phrase in quote marks with no
speaker: a device of distance, the outlet's own voice). Each direct or partial quotation is linked to its
speaker: the attribution of the sentence that closes or opens it ("…,” he added; Y said: “…"), an
attribution elsewhere in its paragraph ("The statement read: …"), a pronoun resolved to the last named
person, or (for a paragraph that is only a quotation) the speaker of the quotation just before it.
Speaker names are merged within the document (:mod:`framing._speakers`).

    >>> qs = find_quotes("“It was a grave mistake. We raised it with them,” Mr Okafor told reporters.")
    >>> [(q.kind, q.text, q.speaker) for q in qs]
    [('direct', 'It was a grave mistake. We raised it with them,', 'Okafor')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Any, Callable, Literal, Sequence

from ._evidence import extract_attribution, is_pronoun
from ._segment import split_sentences
from ._speakers import SpeakerNames
from ._types import Quote, QuoteKind, Span

PLACEHOLDER = "[quote]"
"""What replaces quoted words when a sentence is scored in the outlet's own voice."""

_WINDOW = 400
"""How far (characters) the speaker patterns look around a quotation: they read a few words, and a bound keeps the
search linear on huge texts."""

SCARE_MAX_WORDS = 4
"""A quotation of at most this many words with no speaker is a scare quote."""

_OPEN_DOUBLE = "“«„"
_ALL_MARKS = "“”«»„\"‘’'"
_CLOSE_DOUBLE = "”»"
_LETTER = re.compile(r"[\w]")
_SPEAKER_AFTER = re.compile(  # '…,” the statement read.' / '…,” he continued.' / '…,” wrote Okafor.'
    r"^[\s,]*(?:(?P<np>(?:the|a|an|his|her|their|its)?\s*[\w’'.\- ]{1,60}?)\s+"
    r"(?P<verb>read|reads|continued|continues|wrote|writes|added|adds|went on|concluded|recalled|remembered|"
    r"shouted|cried|whispered|joked|tweeted|posted|replied|answered|snapped|quipped)"
    r"|(?P<verb2>read|continued|wrote|added|went on|concluded|recalled|tweeted|posted|replied)\s+"
    r"(?P<np2>[\w’'.\- ]{1,60}?))\s*[.,;!?]", re.IGNORECASE)
_SPEAKER_BEFORE = re.compile(  # 'The statement read: “…' / 'He wrote on social media: “…'
    r"(?P<np>(?:the|a|an|his|her|their|its)?\s*[\w’'.\- ]{1,60}?)\s+(?:read|reads|wrote|writes|tweeted|posted|"
    r"continued|added|replied|answered|recalled|explained)\b[^.“\"«]{0,40}:\s*$", re.IGNORECASE)


# the last resort, any verb: '“…,” Blige sings to…' / 'She adds, “…' / 'Caddell continued:\n\n"…'
_NAME = r"(?:[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|\([^)]{1,15}\)))*|he|she|He|She|it|It|they|They)"
_ANY_AFTER = re.compile(r"^[\s,]*(?P<np>" + _NAME + r")(?:\s+(?:[a-z]+(?:s|ed)\b|$)|\s*[.;]?\s*$)")
_ANY_BEFORE = re.compile(r"(?P<np>" + _NAME + r")\s+[a-z]+(?:s|ed)\b(?:\s+[\w’'-]+){0,3}?\s*[:,]\s*$")


@dataclass(frozen=True)
class _Mark:
    pos: int
    role: Literal["open", "close"]
    family: Literal["double", "single"]


def _marks(text: str) -> list[_Mark]:
    """Quote marks with a role (open/close) and family (double/single); apostrophes left out."""
    out: list[_Mark] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch in _OPEN_DOUBLE:
            out.append(_Mark(i, "open", "double"))
        elif ch in _CLOSE_DOUBLE:
            out.append(_Mark(i, "close", "double"))
        elif ch == '"':
            if prev.isspace() or prev in "([{—–-/‘'" or i == 0:
                out.append(_Mark(i, "open", "double"))
            else:
                out.append(_Mark(i, "close", "double"))
        elif ch in "‘'" or ch == "’":
            left_word = bool(_LETTER.match(prev))
            right_word = bool(_LETTER.match(nxt))
            if left_word and right_word:
                continue  # apostrophe: don't, O'Neill
            if ch == "‘" or (ch == "'" and not left_word and right_word and prev not in "0123456789"):
                if not (prev.isspace() or prev in "([{—–-/“\"" or i == 0):
                    continue
                out.append(_Mark(i, "open", "single"))
            elif not right_word and (left_word or prev in ".,!?;:…-—") and nxt not in "sS":
                out.append(_Mark(i, "close", "single"))
    return out


def _spans(text: str) -> list[tuple[int, int, int]]:
    """(open index, close index, depth) of every quotation; a quotation left open at a paragraph break that the
    next paragraph reopens continues there; one left open otherwise ends with its paragraph."""
    marks = _marks(text)
    out: list[tuple[int, int, int]] = []
    para_ends = [m.start() for m in re.finditer(r"\n\s*\n", text)] + [len(text)]

    def para_end(pos: int) -> int:
        return para_ends[bisect_left(para_ends, pos)]

    stack: list[list[Any]] = []  # [open position, family, end of its current paragraph]
    for mk in marks:
        continued = False
        while stack and stack[-1][2] < mk.pos:
            op, fam, pe = stack[-1]
            gap = re.match(r"\n\s*\n\s*", text[pe:])
            if len(stack) == 1 and gap and pe + gap.end() == mk.pos and mk.role == "open":
                stack[-1][2] = para_end(mk.pos)  # the next paragraph reopens it: the quotation goes on
                continued = True
                break
            stack.pop()
            out.append((op, pe, len(stack)))
        if continued:
            continue
        if mk.role == "open":
            if mk.family == "single" and text[mk.pos] == "'" and _looks_apostrophe(text, mk.pos):
                continue
            stack.append([mk.pos, mk.family, para_end(mk.pos)])
            continue
        idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == mk.family), None)
        if idx is None:
            continue
        del stack[idx + 1:]
        op = stack.pop()[0]
        out.append((op, mk.pos, len(stack)))
    while stack:
        op, _, pe = stack.pop()
        out.append((op, pe, len(stack)))
    return sorted(out)


def _looks_apostrophe(text: str, pos: int) -> bool:
    """A leading straight apostrophe of an abbreviated year or word ('90s, 'em)."""
    return bool(re.match(r"'(?:\d0s|em\b|til\b|cause\b)", text[pos:]))


def _sentence_of(bounds: Sequence[tuple[int, int]], pos: int, starts: Sequence[int] | None = None) -> int:
    """The sentence holding ``pos`` (else the last one that starts before it); ``starts``: the sentences' sorted
    start offsets, for a binary search."""
    if starts is not None:
        k = bisect_right(starts, pos) - 1
        return max(k, 0)
    for k, (a, b) in enumerate(bounds):
        if a <= pos < b:
            return k
    return max((k for k, (a, _) in enumerate(bounds) if a <= pos), default=0)


def _default_bounds(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for s in split_sentences(text):
        a = text.find(s, pos)
        if a < 0:
            continue
        out.append((a, a + len(s)))
        pos = a + len(s)
    return out


def find_quotes(text: str, sentences: Sequence[tuple[int, int]] | None = None) -> list[Quote]:
    """Every top-level quotation of a document, in order, with ``start``/``end`` offsets into ``text`` (the
    quoted words, marks excluded), its kind and, for direct and partial quotations, its speaker where found.

    ``sentences``: (start, end) offsets of the document's sentences (e.g. from :func:`framing.segment`);
    None splits ``text`` here.
    """
    bounds = list(sentences) if sentences is not None else _default_bounds(text)
    if not bounds:
        bounds = [(0, len(text))]
    attrs: dict[tuple[int, bool, bool], Any] = {}
    open_at = [(a, b) for a, b, depth in _spans(text) if depth == 0]
    # the rules read curly double quotes: quotations in other marks are read as if printed in them
    marks = list(text)
    for o, c in open_at:
        if text[o] in _ALL_MARKS:
            marks[o] = "“"
        if c < len(text) and text[c] in _ALL_MARKS:
            marks[c] = "”"
    text_read = "".join(marks)

    opens = [o for o, _ in open_at]  # top-level quotations do not overlap: sorted by opening and by closing
    starts = [a for a, _ in bounds] if all(x[0] <= y[0] for x, y in zip(bounds, bounds[1:])) else None
    breaks = [m.start() for m in re.finditer(r"(?=\n\n)", text)]
    newlines = [m.start() for m in re.finditer(r"\n", text)]

    def paragraph_of(o: int, c: int) -> tuple[int, int]:
        """Offsets of the paragraph breaks around text[o..c] (-1 and len(text) where there is none)."""
        i = bisect_right(breaks, o - 2)
        j = bisect_left(breaks, c)
        return (breaks[i - 1] if i else -1), (breaks[j] if j < len(breaks) else len(text))

    def line_of(o: int, c: int) -> tuple[int, int]:
        """Start of the line holding ``o`` and end of the line holding ``c``."""
        i = bisect_left(newlines, o)
        j = bisect_left(newlines, c)
        return (newlines[i - 1] + 1 if i else 0), (newlines[j] if j < len(newlines) else len(text))

    def within(pos: int, closing_too: bool) -> bool:
        """Whether ``pos`` lies inside a top-level quotation (``closing_too``: or on its closing mark)."""
        k = bisect_left(opens, pos) - 1
        return k >= 0 and (pos <= open_at[k][1] if closing_too else pos < open_at[k][1])

    def attribution(k: int) -> Any:
        """The sentence's attribution, read with the quote marks it lacks restored: a sentence that starts inside
        a quotation gets an opening mark, one that ends inside a quotation a closing mark (offsets unchanged)."""
        a, b = bounds[k]
        starts_inside = within(a, False)
        ends_inside = within(b, True)
        key = (k, starts_inside, ends_inside)
        if key not in attrs:
            piece = text_read[a:b]
            starts_inside = starts_inside and not piece.startswith("“")
            body = ("“" if starts_inside else "") + piece + ("”" if ends_inside else "")
            found = extract_attribution(body)
            if found is not None and starts_inside:
                found = _shift(found, -1)
            attrs[key] = found
        return attrs[key]

    names = SpeakerNames()
    names.add_text(text)
    raw = [(a, b) for a, b in open_at if b > a + 1]
    quotes: list[Quote] = []
    persons: list[tuple[int, str]] = []  # (position, named person mention) from attributions
    others: list[tuple[int, str]] = []  # (position, a person described, "the minister")
    organisations: list[tuple[int, str]] = []  # (position, an organisation named as a source)
    for k in range(len(bounds)):
        at = attribution(k)
        if at is not None and at.source is not None and at.source_type == "named_person":
            names.add(at.source.text)
            persons.append((bounds[k][0] + at.source.start, at.source.text))
        elif at is not None and at.source is not None and at.source_type == "named_organisation":
            organisations.append((bounds[k][0] + at.source.start, at.source.text))
        elif at is not None and at.source is not None and at.source_type == "unspecified" and not is_pronoun(
                at.source.text) and len(at.source.text.split()) <= 4:
            others.append((bounds[k][0] + at.source.start, at.source.text))
    prev_speaker: tuple[str, Span] | None = None
    prev_end = -1
    for o, c in raw:
        qs, qe = o + 1, c
        while qs < qe and text[qs].isspace():
            qs += 1
        while qe > qs and text[qe - 1].isspace():
            qe -= 1
        body = text[qs:qe]
        n_words = len(re.findall(r"\w+", body))
        k_open, k_close = _sentence_of(bounds, o, starts), _sentence_of(bounds, max(o, c - 1), starts)
        short = n_words <= SCARE_MAX_WORDS and not re.search(r"[.?!,…]\s*$", body)
        speaker = _speaker_for(text, bounds, attribution, o, c, k_open, k_close, short, paragraph_of)
        if speaker is None and prev_speaker is not None and _paragraph_is_quote(text, o, c, prev_end,
                                                                                line_of(o, c)):
            speaker = prev_speaker
        if speaker is not None and is_pronoun(speaker[0]):
            if speaker[0].lower() in ("he", "she"):
                named = [p for p in persons if p[0] < o] or [p for p in others if p[0] < o]
                speaker = (named[-1][1], speaker[1]) if named else speaker
            elif speaker[0].lower() == "it":
                named = [p for p in organisations if p[0] < o]
                speaker = (named[-1][1], speaker[1]) if named else speaker
        if speaker is None and short:
            kind: QuoteKind = "scare"
        elif _in_narration(text, o, c) and (body[:1].islower() or short):
            kind = "partial"
        else:
            kind = "direct"
        name = names.resolve(speaker[0]) if speaker is not None and kind != "scare" else None
        mention = speaker[1] if speaker is not None and kind != "scare" else None
        quotes.append(Quote(qs, qe, body, kind, name, mention, len(quotes)))
        if speaker is not None and kind != "scare":
            prev_speaker, prev_end = speaker, c
    return quotes


def _in_narration(text: str, o: int, c: int) -> bool:
    """The quotation sits inside a clause of narration: a word (not a cue colon or comma) right before it."""
    before = text[max(0, o - 3):o]
    return bool(re.search(r"[\w]\s*$", before)) and not re.search(r"(?:said|says|told|added|wrote)\s*$",
                                                                   text[max(0, o - 12):o])


def _paragraph_is_quote(text: str, o: int, c: int, prev_end: int, line: tuple[int, int]) -> bool:
    """The quotation fills its paragraph (``line``: where its line starts and ends), and the previous paragraph
    ended with the last quotation."""
    start, end = line
    if o - start > _WINDOW or end - c > _WINDOW or prev_end < 0 or start - prev_end > _WINDOW:
        return False  # text around it: not a paragraph of its own (bounded, so long texts stay linear)
    if text[start:o].strip() or text[c + 1:end].strip(" \t.”\"’'"):
        return False
    return prev_end >= 0 and not text[prev_end + 1:start].strip(" \t\n.,”\"’'")


def _shift(found: Any, d: int) -> Any:
    def mv(sp: Span | None) -> Span | None:
        return None if sp is None else Span(sp.start + d, sp.end + d, sp.label, sp.text)

    return replace(found, cue=mv(found.cue), source=mv(found.source), content=mv(found.content))


def _speaker_for(text: str, bounds: Sequence[tuple[int, int]], attribution: Any, o: int, c: int,
                 k_open: int, k_close: int, short: bool,
                 paragraph_of: Callable[[int, int], tuple[int, int]]) -> tuple[str, Span] | None:
    """(mention, span in document offsets) of the speaker of the quotation text[o..c]. A short quotation
    (``short``) needs the attribution right around it: its content holds the quotation, or the cue comes
    just before it with no other quotation between."""
    def from_attr(k: int, side: Literal["after", "before", "any"]) -> tuple[str, Span] | None:
        at = attribution(k)
        if at is None or at.source is None:
            return None
        a = bounds[k][0]
        s0, s1 = a + at.source.start, a + at.source.end
        c0 = a + at.cue.start
        if o < s0 < c or o < c0 < c:
            return None  # source or cue inside the quotation itself
        if side == "after" and s0 < c and c0 < c:
            return None
        if side == "before" and s0 > o and c0 > o:
            return None
        if short:
            content = at.content
            inside = content is not None and a + content.start <= o + 1 and c <= a + content.end + 1
            c1 = a + at.cue.end
            near = c1 <= o and o - c1 <= 60 and not re.search(r"[“”\"‘’'«»]", text[c1:o])
            if not (inside or near):
                return None
        return at.source.text, Span(s0, s1, "speaker", at.source.text)

    after_end = min(bounds[k_close][1], c + _WINDOW)  # the patterns read a few words: a bounded window keeps it linear

    def by_pattern() -> tuple[str, Span] | None:
        m = _SPEAKER_AFTER.match(text[c + 1:after_end + 1])
        if m:
            g = "np" if m.group("np") else "np2"
            s0 = c + 1 + m.start(g)
            mention = m.group(g).strip()
            return mention, Span(s0, s0 + len(m.group(g).rstrip()), "speaker", mention)
        para = max(text.rfind("\n", max(0, o - _WINDOW), o) + 1, bounds[k_open][0])
        head = text[max(0, o - _WINDOW):o].rstrip()
        if head.endswith(":") and o - para <= _WINDOW and text[para:o].strip() == "":
            colon = o - (len(text[max(0, o - _WINDOW):o]) - len(head)) - 1
            para = bounds[_sentence_of(bounds, colon)][0]  # "X continued:\n\n“…"
        window = max(para, o - 120)
        for pattern in (_SPEAKER_BEFORE, _ANY_BEFORE):
            m = pattern.search(text[window:o])
            if m:
                s0 = window + m.start("np")
                raw = m.group("np")
                lead = len(raw) - len(raw.lstrip())
                return raw.strip(), Span(s0 + lead, s0 + len(raw.rstrip()), "speaker", raw.strip())
        if re.search(r"[,?!]\s*$", text[o + 1:c]):  # '“…,” Blige sings' / '“…,” Rep. Gwen Moore (D-Wis.)'
            m = _ANY_AFTER.match(text[c + 1:after_end])
            if m:
                s0 = c + 1 + m.start("np")
                return m.group("np"), Span(s0, s0 + len(m.group("np")), "speaker", m.group("np"))
        return None

    found = from_attr(k_close, "after") or from_attr(k_open, "before") or (None if short else by_pattern())
    if found or short:
        return found
    # elsewhere in the paragraph: the sentences next to the quotation
    para_start, para_end = paragraph_of(o, c)
    for k in (k_close + 1, k_open - 1):
        if 0 <= k < len(bounds) and bounds[k][0] >= para_start and bounds[k][1] <= para_end:
            hit = from_attr(k, "any")
            if hit:
                return hit
    return None


def sentence_quotes(quotes: Sequence[Quote], start: int, end: int, text: str) -> tuple[Quote, ...]:
    """The parts of document-level quotations inside the sentence ``text`` = document[start:end], with offsets
    into the sentence; the speaker mention is kept only where it lies inside the sentence too."""
    out: list[Quote] = []
    for q in quotes:
        a, b = max(q.start, start), min(q.end, end)
        if a >= b:
            continue
        a, b = a - start, b - start
        while a < b and text[a] in " \t\n“”\"‘’'«»„":
            a += 1
        while b > a and text[b - 1] in " \t\n“”\"‘’'«»„":
            b -= 1
        if a >= b:
            continue
        mention = None
        if q.mention is not None and start <= q.mention.start and q.mention.end <= end:
            mention = Span(q.mention.start - start, q.mention.end - start, "speaker", q.mention.text)
        out.append(Quote(a, b, text[a:b], q.kind, q.speaker, mention, q.id))
    return tuple(out)


def quoted_mask(text: str, quotes: Sequence[Quote]) -> list[bool]:
    """Per character of ``text``: True where it is quoted speech (direct or partial), marks included; scare
    quotes are the outlet's own words."""
    mask = [False] * len(text)
    for q in quotes:
        if q.kind == "scare":
            continue
        a, b = q.start, q.end
        if a > 0 and text[a - 1] in "“”\"‘’'«»„":
            a -= 1
        if b < len(text) and text[b] in "“”\"‘’'«»„":
            b += 1
        for i in range(max(0, a), min(len(text), b)):
            mask[i] = True
    return mask


def own_voice_text(text: str, quotes: Sequence[Quote]) -> str:
    """The sentence with each quoted stretch replaced by :data:`PLACEHOLDER` ("" when it is all quoted)."""
    mask = quoted_mask(text, quotes)
    if not any(mask):
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        if mask[i]:
            while i < len(text) and mask[i]:
                i += 1
            out.append(PLACEHOLDER)
        else:
            out.append(text[i])
            i += 1
    own = "".join(out)
    if not re.sub(re.escape(PLACEHOLDER), "", own).strip(" \t\n.,;:!?—–-"):
        return ""
    return own


def quoted_text(text: str, quotes: Sequence[Quote]) -> str:
    """The quoted words of a sentence (direct and partial quotations), joined with " … "; "" when none."""
    parts = [text[q.start:q.end].strip() for q in quotes if q.kind != "scare"]
    return " … ".join(p for p in parts if p)


def quoted_share(text: str, quotes: Sequence[Quote]) -> float:
    """Share of the sentence's non-space characters that are quoted speech."""
    mask = quoted_mask(text, quotes)
    chars = [m for ch, m in zip(text, mask) if not ch.isspace()]
    return sum(chars) / len(chars) if chars else 0.0
