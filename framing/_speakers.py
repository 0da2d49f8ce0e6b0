"""One name per speaker: merge the variants of a source's name within a document and across a run.

A mention ("Mr. Okafor", "Okafor", "Foreign Minister Lena Okafor", "the foreign minister") becomes a
*key*: honorifics and leading titles dropped, casefolded. Within a document a surname or title + surname
maps to the full name that ends with it (when only one does), and a role description maps to the name
the article ties it to by apposition ("Lena Okafor, the foreign minister,"). Across documents a bare
surname maps to the one full name of the run that ends with it.

    >>> names = SpeakerNames()
    >>> names.add_text("Lena Okafor, the foreign minister, said ... Mr Okafor added ...")
    >>> [names.resolve(m) for m in ("Okafor", "Mr. Okafor", "the foreign minister", "Foreign Minister Lena Okafor")]
    ['Lena Okafor', 'Lena Okafor', 'Lena Okafor', 'Lena Okafor']
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

#: Words that end or mark an organisation's name ("the Harbour Authority", "Brightwater Foods").
ORG_WORDS = set("""ministry department council board authority agency office bank mining logistics foods
pharmaceuticals theatres theatre federation service services union party company corporation corp inc ltd plc group
watch association
trust court police commission committee institute university college school hospital clinic airline airlines
airways motors systems industries holdings energy freight works partners capital foundation press news times post
herald gazette ledger dispatch network force taskforce team institute bureau parliament assembly senate government army navy embassy
registry coastguard operator regulator museum club league fund charity developer contractor firm chamber opposition
administration cabinet secretariat tribunal prosecution rail railway railways transit airport utility utilities
shipping insurance media studios pictures""".split())


_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "hon", "cllr",
               "gen", "lt", "col", "maj", "capt", "sgt", "gov", "sen", "rep", "supt", "insp", "det", "fr", "lord",
               "lady"}
# title words that may precede a name ("Secretary of State", "Foreign Minister", "Chief Inspector")
_TITLE_WORDS = {"president", "vice", "prime", "minister", "secretary", "state", "of", "foreign", "defence", "defense",
                "finance", "interior", "health", "justice", "chancellor", "premier", "governor", "senator", "mayor",
                "deputy", "chief", "inspector", "commissioner", "director", "general", "attorney", "ambassador",
                "judge", "justice", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson",
                "leader", "speaker", "representative", "congressman", "congresswoman", "coach", "captain", "king",
                "queen", "prince", "princess", "pope", "bishop", "archbishop", "superintendent", "sergeant",
                "detective", "constable", "sheriff", "councillor", "councilor", "treasurer", "auditor", "economy",
                "trade", "home", "education", "transport", "environment", "labour", "energy", "agriculture",
                "culture", "the", "former", "acting", "interim", "opposition", "party", "executive", "officer",
                "head", "chief executive", "managing"}
_ROLE_HEAD = re.compile(r"^(?:the|a|an|its|his|her|their)\s+", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"[A-Z][\w’'-]*\.?")
# "Lena Okafor, the foreign minister," / "Lena Okafor, Ruritania's top diplomat,"
_APPOSITION = re.compile(
    r"\b((?:[A-Z][\w’'-]+\.?\s+){0,4}[A-Z][\w’'-]+),\s+((?:the|a|an|[A-Z][\w’'-]+['’]s)\s+[a-z][\w -]{2,60}?)(?=[,.;])")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip(" \t\n,.;:\"'“”").casefold()


def name_key(mention: str) -> str:
    """A mention without possessive, leading article, honorifics and title words, casefolded:
    "Secretary of State Alma Fenwick" → "alma fenwick", "Mr. Okafor" → "okafor", "the foreign minister" →
    "the foreign minister" (a description without a name stays whole, its article dropped)."""
    t = re.sub(r"['’]s?$", "", mention.strip(" \t\n,.;:\"'“”"))
    # "Arno Vella of the Free Press Union", "Ida Marchetti, who led the study": the name before the modifier
    head = re.split(r",|\s+(?:of|from|at|for|with|who|which)\s+", t, maxsplit=1)[0]
    if head != t and _personal(head.split()):
        t = head
    words = t.split()
    if any(w.lower().strip(".,") in ORG_WORDS for w in words):
        return _fold(_ROLE_HEAD.sub("", t))  # an organisation: "Bank of Ruritania", "the finance ministry"
    caps = [w for w in words if w[:1].isupper()]
    if not caps or (words and words[0].lower() in ("the", "a", "an") and not _has_name(words)):
        return _fold(_ROLE_HEAD.sub("", t))
    # keep the trailing run of capitalised words that are not titles/honorifics
    tail: list[str] = []
    for w in reversed(words):
        lw = w.lower().rstrip(".")
        if not w[:1].isupper() or lw in _HONORIFICS:
            break
        tail.insert(0, w)
    while tail and tail[0].lower().rstrip(".") in _TITLE_WORDS | _HONORIFICS:
        tail.pop(0)
    if not tail:
        return _fold(_ROLE_HEAD.sub("", t))
    return _fold(" ".join(tail))


def _personal(words: list[str]) -> bool:
    """Words that name a person: two capitalised name words, or an honorific and one ("Mr Vella")."""
    if not words or words[-1].lower() in ORG_WORDS:
        return False
    names = [w for w in words if w[:1].isupper() and w.lower().rstrip(".") not in _TITLE_WORDS | _HONORIFICS]
    honorific = any(w.lower().rstrip(".") in _HONORIFICS for w in words)
    return len(names) >= 2 or (honorific and len(names) == 1)


def _has_name(words: list[str]) -> bool:
    return any(w[:1].isupper() and w.lower().rstrip(".") not in _TITLE_WORDS | _HONORIFICS for w in words[1:])


def _display(mention: str) -> str:
    """The name part of a mention in its own case ("Secretary of State Alma Fenwick" → "Alma Fenwick")."""
    key = name_key(mention)
    m = re.search(re.escape(key), _fold(mention).replace("’", "'"))
    if m is None:
        return key
    folded_src = re.sub(r"\s+", " ", mention.replace("’", "'").replace("‘", "'")).strip(" \t\n,.;:\"'“”")
    # the folded form keeps the length of the stripped source for these characters
    return folded_src[m.start():m.end()] if len(folded_src) == len(_fold(mention)) else key


def _is_person_name(key: str) -> bool:
    return bool(key) and " " in key and not key.startswith(("the ", "a ", "an "))


@dataclass
class SpeakerNames:
    """Name variants of the speakers of one document (or of a run, when texts are added from several).

    :meth:`add_text` reads appositions ("X, the foreign minister,"); :meth:`add` registers a mention;
    :meth:`resolve` gives the one display name of a mention.
    """

    full: dict[str, str] = field(default_factory=dict)  # key of a full name -> display form
    roles: dict[str, str] = field(default_factory=dict)  # role description key -> full-name key

    def add(self, mention: str) -> None:
        key = name_key(mention)
        if _is_person_name(key) and any(w[:1].isupper() for w in mention.split()):
            self.full.setdefault(key, _display(mention))

    def add_text(self, text: str) -> None:
        for m in _APPOSITION.finditer(text):
            self.add(m.group(1))
            key = name_key(m.group(1))
            if _is_person_name(key):
                self.roles.setdefault(_fold(_ROLE_HEAD.sub("", m.group(2))), key)

    def _full_for(self, key: str) -> str | None:
        if key in self.full:
            return key
        if key in self.roles:
            return self.roles[key]
        if " " not in key:
            hits = [k for k in self.full if k.split()[-1] == key]
            if len(hits) == 1:
                return hits[0]
        else:
            # "Alma Fenwick" vs "Alma R. Fenwick": same first and last word
            parts = key.split()
            hits = [k for k in self.full if k.split()[0] == parts[0] and k.split()[-1] == parts[-1]]
            if len(hits) == 1:
                return hits[0]
        return None

    def resolve(self, mention: str) -> str:
        """The merged name of a mention: the full name it refers to where one is known, else the mention's key
        in its own case (casefolded for descriptions)."""
        key = name_key(mention)
        hit = self._full_for(key)
        if hit is not None:
            return self.full[hit]
        disp = _display(mention)
        return disp if any(ch.isupper() for ch in disp) else key


def merge_across(names: Iterable[str]) -> dict[str, str]:
    """Names merged per document → one name per speaker across a run: a bare surname (or a variant that
    :class:`SpeakerNames` resolves) maps to the one full name of the run that it fits; case-insensitive."""
    names = list(names)
    index = SpeakerNames()
    for n in names:
        index.add(n)
    out: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for n in names:
        r = index.resolve(n)
        by_key.setdefault(r.casefold(), r)
        out[n] = by_key[r.casefold()]
    return out


def count_speakers(pairs: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Sum weights by merged name (``pairs``: (name, weight)); names merged by :func:`merge_across`."""
    pairs = list(pairs)
    merged = merge_across(n for n, _ in pairs)
    total: dict[str, float] = defaultdict(float)
    for n, w in pairs:
        total[merged[n]] += w
    return dict(total)
