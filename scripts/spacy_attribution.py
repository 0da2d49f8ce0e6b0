"""A spaCy (dependency parse + NER) attribution extractor, for comparison with framing's rules.

Not used by the library: it exists to measure whether a parser beats the rules (docs/attribution.md).
It needs spaCy and an English pipeline, which framing does not depend on:

    python -m venv /tmp/spacy-venv && /tmp/spacy-venv/bin/pip install "spacy>=3.8,<3.9"
    # en_core_web_sm is not on PyPI; give --model a pipeline folder or an installed package name
    /tmp/spacy-venv/bin/python scripts/spacy_attribution.py --model PATH -o /tmp/spacy_pred.jsonl
    python scripts/eval_attribution.py --predictions /tmp/spacy_pred.jsonl

Writes one JSON line per gold sentence: {"id", "source", "cue", "content", "source_type", "cue_type"} with
[start, end] character offsets, in the format scripts/eval_attribution.py reads.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

REPORTING = set("""say tell state add announce report write explain note confirm reply respond ask describe comment
estimate find conclude show believe think expect suspect fear testify stress claim admit insist concede allege boast
warn argue complain confess acknowledge deny maintain assert reveal lament brag vow accuse criticise criticize praise
condemn welcome call slam blast hail""".split())
EVALUATIVE = set("""claim admit insist concede allege boast warn argue complain confess acknowledge deny maintain assert
reveal lament brag vow accuse slam blast hail""".split())
ANON = re.compile(r"familiar with|briefed on|with (?:direct )?knowledge|with access to|close to|(?:not|declined) to be "
                  r"(?:named|identified)|anonymity|not authori[sz]ed|\bsources?\b|insiders?\b", re.IGNORECASE)
OPEN_Q, CLOSE_Q = "“\"", "”\""


def clean_content(text: str, a: int, b: int) -> list[int] | None:
    """Same conventions as the gold: no enclosing quotes, no leading 'that', no trailing . , ; : punctuation."""
    for _ in range(4):
        while a < b and text[a] in " ,;:":
            a += 1
        while b > a and text[b - 1] in " .,;:":
            b -= 1
        seg = text[a:b]
        if not seg:
            return None
        opens, closes = seg.count("“"), seg.count("”")
        if seg[-1] in CLOSE_Q and (closes > opens or (seg.count('"') % 2 and seg[-1] == '"')):
            b -= 1
            continue
        if seg[0] in OPEN_Q and (opens > closes or (seg.count('"') % 2 and seg[0] == '"')):
            a += 1
            continue
        if len(seg) > 1 and seg[0] in OPEN_Q and seg[-1] in CLOSE_Q and not any(q in seg[1:-1] for q in "“”\""):
            a, b = a + 1, b - 1
            continue
        if seg.startswith("that "):
            a += 5
            continue
        break
    return [a, b] if b > a else None


def span_of(tokens: list[Any]) -> list[int] | None:
    if not tokens:
        return None
    return [min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)]


def source_tokens(head: Any) -> list[Any]:
    """The subject's subtree, cut at the first comma (appositives, non-restrictive clauses); a PERSON appositive
    is preferred to a role ('Kessenby's fire chief, Ansel Moberg')."""
    if head.ent_type_ != "PERSON":
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                head = child
                break
    toks = [t for t in head.subtree]
    out = []
    for t in toks:
        if t.i > head.i and t.text == ",":
            break
        if t.i < head.i and t.text == "," :
            out = []
            continue
        out.append(t)
    while out and (out[-1].is_punct or out[-1].dep_ == "cc"):
        out.pop()
    while out and out[0].is_punct:
        out.pop(0)
    return out


def classify(tokens: list[Any], doc: Any) -> str:
    text = " ".join(t.text for t in tokens)
    sent = doc.text
    if len(tokens) == 1 and tokens[0].pos_ == "PRON":
        return "unspecified"
    if ANON.search(text) or ANON.search(sent[tokens[-1].idx:]) and re.search(r"(?:named|identified|anonymity)", sent):
        return "anonymous"
    labels = {t.ent_type_ for t in tokens if t.ent_type_}
    root = max(tokens, key=lambda t: (t.dep_ in ("nsubj", "nsubjpass", "pobj", "appos"), -abs(t.head.i - t.i)))
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    head = heads[0] if heads else root
    if head.ent_type_ == "PERSON" or ("PERSON" in labels and head.pos_ == "PROPN"):
        return "named_person"
    if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or labels & {"ORG"}:
        return "named_organisation"
    det = [t.lower_ for t in tokens if t.dep_ in ("det", "nummod") and t.head == head]
    if det and det[0] in ("a", "an", "one", "two", "three", "several") or any(t.dep_ == "nummod" for t in head.children):
        return "anonymous"
    if head.tag_ in ("NNS", "NNPS"):
        return "unspecified"
    return "named_person"


def extract(nlp_doc: Any) -> dict[str, Any]:
    doc = nlp_doc
    text = doc.text
    quotes = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]

    def in_quote(tok: Any) -> bool:
        return any(a < tok.idx < b - 1 for a, b in quotes)

    # "according to X"
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" and not in_quote(tok):
            to = doc[tok.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            src = source_tokens(pobj[0]) if pobj else []
            phrase = list(tok.subtree) + [t for t in to.subtree if t not in tok.subtree]
            lo = min(t.i for t in phrase)
            hi = max(t.i for t in phrase)
            if lo == 0:
                rest = [t for t in doc if t.i > hi]
                content = clean_content(text, rest[0].idx, len(text)) if rest else None
            else:
                content = clean_content(text, 0, doc[lo].idx)
            return {"source": span_of(src), "cue": [tok.idx, to.idx + len(to.text)], "content": content,
                    "source_type": classify(src, doc) if src else None, "cue_type": "neutral"}
    cands = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in REPORTING or in_quote(tok):
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
        agent = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not subj and not agent:
            continue
        depth = 0
        t = tok
        while t.head != t:
            depth += 1
            t = t.head
        cands.append((depth, tok.i, tok, (subj or agent)[0]))
    if not cands:
        return {}
    _, _, verb, subj = min(cands, key=lambda c: (c[0], c[1]))
    src = source_tokens(subj)
    content = None
    # quotation next to the verb
    for a, b in quotes:
        if b <= verb.idx and text[b:verb.idx].count(",") <= 2 and not re.search(r"[.!?]\s", text[b:verb.idx]):
            content = clean_content(text, a, b)
    if content is None:
        comps = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd")]
        if comps:
            toks = sorted({t for c in comps for t in c.subtree}, key=lambda t: t.i)
            if verb.i < toks[0].i:
                dobj = [c for c in verb.children if c.dep_ == "dobj"]
                ccomp = [c for c in verb.children if c.dep_ == "ccomp"]
                if ccomp and dobj and verb.lemma_ == "tell":
                    toks = list(ccomp[0].subtree)
                content = clean_content(text, toks[0].idx, toks[-1].idx + len(toks[-1].text))
            else:
                content = clean_content(text, toks[0].idx, toks[-1].idx + len(toks[-1].text))
    return {"source": span_of(src), "cue": [verb.idx, verb.idx + len(verb.text)], "content": content,
            "source_type": classify(src, doc) if src else None,
            "cue_type": "evaluative" if verb.lemma_.lower() in EVALUATIVE else "neutral"}


def main(argv: list[str] | None = None) -> int:
    import spacy

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="a spaCy pipeline folder or installed package name")
    ap.add_argument("--data", type=Path, default=REPO / "samples" / "attribution_spans.jsonl")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    nlp = spacy.load(args.model)
    rows = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()]
    with args.output.open("w", encoding="utf-8") as f:
        for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows])):
            f.write(json.dumps({"id": row["id"], **extract(doc)}, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} predictions to {args.output} ({nlp.meta.get('name')} {nlp.meta.get('version')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
