#!/usr/bin/env python
"""Draw the real sentences labelled for issue 23 from ../shared/data/realnews (see scripts/assemble_realnews.py).

    python scripts/realnews_pool.py /work/labels    # writes pool0.jsonl, pool1.jsonl, pool2.jsonl there
"""
import sys
import json, random, hashlib
from framing._segment import segment_text
random.seed(7)
def load(p): return [json.loads(l) for l in open(p)]
wn = load('../shared/data/realnews/wikinews.jsonl')
cg = load('../shared/data/realnews/congress_press_releases.jsonl')
# skip releases that reproduce news articles (crude: 'Originally published' / 'By ' bylines / op-ed)
def ok_release(d):
    t = d['text'][:400].lower()
    return not any(k in t for k in ('originally published', 'op-ed', 'this article', 'appeared in', 'by sen.', 'by rep.'))
cg = [d for d in cg if ok_release(d) and len(d['text']) > 300]
random.shuffle(wn)
by_member = {}
for d in cg: by_member.setdefault(d['outlet'], []).append(d)
for v in by_member.values(): random.shuffle(v)
def sents(d, cap):
    s, _ = segment_text(d['text'])
    out = [x.text for x in s if 25 <= len(x.text) <= 400]
    random.shuffle(out)
    return out[:cap]
rows = []
# Wikinews: 160 docs x up to 9 sentences
for d in wn[:170]:
    for i, t in enumerate(sents(d, 9)):
        rows.append({'doc': d['id'], 'source': 'wikinews', 'url': d['url'], 'text': t})
# Congress: 7 members x 22 docs x up to 8 sentences
for m, docs in by_member.items():
    for d in docs[:27]:
        for t in sents(d, 8):
            rows.append({'doc': d['id'], 'source': 'congress:' + m, 'party': d['party'], 'text': t})
seen=set(); uniq=[]
for r in rows:
    if r['text'] in seen: continue
    seen.add(r['text']); uniq.append(r)
for i, r in enumerate(uniq): r['id'] = f"rn{i:05d}"
print(len(uniq), sum(r['source']=='wikinews' for r in uniq))
# 4 parts, whole documents per part
docs = sorted({r['doc'] for r in uniq}, key=lambda d: hashlib.md5(d.encode()).hexdigest())
part = {d: i % 4 for i, d in enumerate(docs)}
# three pools of whole documents (in the order of four hash-ordered parts, as first drawn)
ordered = [r for k in range(4) for r in uniq if part[r['doc']] == k]
first = list(dict.fromkeys(r['doc'] for r in ordered))
third = {d: i % 3 for i, d in enumerate(first)}
out = sys.argv[1] if len(sys.argv) > 1 else '.'
for k in range(3):
    with open(f'{out}/pool{k}.jsonl', 'w') as f:
        for r in ordered:
            if third[r['doc']] == k: f.write(json.dumps(r) + '\n')
