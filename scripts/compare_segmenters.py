"""Compare framing's sentence splitter with pysbd, blingfire and nltk punkt on tricky news sentences.

Usage:  python scripts/compare_segmenters.py [--quiet] [--pass-seconds 0.2] [--rounds 5]

Each case has the expected sentence list.  A segmenter scores a case only on an exact match of the
whole list, after collapsing runs of whitespace inside each sentence (blingfire rewrites newlines as
spaces; that is not counted against it).  Speed is sentences per second over all cases (and over one long
article made of all cases), measured in this process as the best of several interleaved passes, and
reported as a ratio to framing's rules.  Libraries that are not installed are
skipped with a note.  This measures *splitting* only (``framing._segment.split_sentences``, with
no boilerplate removal); boilerplate handling is tested in tests/test_segment.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing._segment import segment_text, split_sentences  # noqa: E402

# (id, text, expected sentences)
CASES: list[tuple[str, str, list[str]]] = [
    ("title-mr", "Mr. Smith went to Washington. He arrived on Tuesday.",
     ["Mr. Smith went to Washington.", "He arrived on Tuesday."]),
    ("title-mrs-ms-dr", "Mrs. Okafor and Ms. Lee met Dr. Patel. They agreed.",
     ["Mrs. Okafor and Ms. Lee met Dr. Patel.", "They agreed."]),
    ("title-prof-gen", "Prof. Adams spoke first. Gen. Ruiz spoke second.",
     ["Prof. Adams spoke first.", "Gen. Ruiz spoke second."]),
    ("title-sen-rep-gov", "Sen. Ortiz and Rep. Kim introduced the bill. Gov. Hale signed it.",
     ["Sen. Ortiz and Rep. Kim introduced the bill.", "Gov. Hale signed it."]),
    ("title-lt-col", "Lt. Col. Ames led the unit. It withdrew at dawn.",
     ["Lt. Col. Ames led the unit.", "It withdrew at dawn."]),
    ("title-lt-gov-us-army", "Lt. Gov. Ann Lee, a former U.S. Army officer, said the ferry would run. It will.",
     ["Lt. Gov. Ann Lee, a former U.S. Army officer, said the ferry would run.", "It will."]),
    ("title-rev", "The Rev. Al Sharpton spoke. He was brief.",
     ["The Rev. Al Sharpton spoke.", "He was brief."]),
    ("saint", "She moved to St. Louis in 2010. She later left.",
     ["She moved to St. Louis in 2010.", "She later left."]),
    ("jr", "Martin Luther King Jr. spoke here in 1963. The crowd was vast.",
     ["Martin Luther King Jr. spoke here in 1963.", "The crowd was vast."]),
    ("no-number", "He lives at No. 10 Downing Street. No one answered.",
     ["He lives at No. 10 Downing Street.", "No one answered."]),
    ("inc-corp", "Acme Inc. reported a loss. Shares of Beta Corp. rose 3 percent.",
     ["Acme Inc. reported a loss.", "Shares of Beta Corp. rose 3 percent."]),
    ("ltd-co", "The deal between Harbor Ltd. and Ferry Co. collapsed. Talks ended.",
     ["The deal between Harbor Ltd. and Ferry Co. collapsed.", "Talks ended."]),
    ("corp-then-year", "Ms. Lee joined Microsoft Corp. in 2019. She left in 2022.",
     ["Ms. Lee joined Microsoft Corp. in 2019.", "She left in 2022."]),
    ("vs", "It was Smith vs. Jones in the final. Jones won.",
     ["It was Smith vs. Jones in the final.", "Jones won."]),
    ("v-case", "The court ruled in Roe v. Wade in 1973. The ruling stood for decades.",
     ["The court ruled in Roe v. Wade in 1973.", "The ruling stood for decades."]),
    ("eg-ie", "Some fruits, e.g. apples, are cheap. Others, i.e. mangoes, are not.",
     ["Some fruits, e.g. apples, are cheap.", "Others, i.e. mangoes, are not."]),
    ("etc-mid", "They sold books, maps, etc. and left early. The shop closed.",
     ["They sold books, maps, etc. and left early.", "The shop closed."]),
    ("etc-end", "They sold books, maps, etc. The shop closed at noon.",
     ["They sold books, maps, etc.", "The shop closed at noon."]),
    ("us-uk-inside", "The U.S. economy grew. The U.K. economy shrank.",
     ["The U.S. economy grew.", "The U.K. economy shrank."]),
    ("us-end-hard", "The firm moved to the U.S. The company said it would hire 200 people.",
     ["The firm moved to the U.S.", "The company said it would hire 200 people."]),
    ("us-end-officials", "He moved to the U.S. Officials said he had a valid visa.",
     ["He moved to the U.S.", "Officials said he had a valid visa."]),
    ("us-and", "Prices rose in the U.S. and Canada. In Mexico they fell.",
     ["Prices rose in the U.S. and Canada.", "In Mexico they fell."]),
    ("un-eu", "U.N. officials met E.U. envoys on Monday. They issued a statement.",
     ["U.N. officials met E.U. envoys on Monday.", "They issued a statement."]),
    ("fbi", "The F.B.I. opened an inquiry. Agents visited the office.",
     ["The F.B.I. opened an inquiry.", "Agents visited the office."]),
    ("initials", "J. R. Okafor wrote the report. It was published in May.",
     ["J. R. Okafor wrote the report.", "It was published in May."]),
    ("et-al", "The report cited Smith et al. in its notes. It was long.",
     ["The report cited Smith et al. in its notes.", "It was long."]),
    ("decimals", "The shares rose 3.5 percent. The index fell 1.2 percent.",
     ["The shares rose 3.5 percent.", "The index fell 1.2 percent."]),
    ("money", "The plan cost $1.2 million. Critics called it wasteful.",
     ["The plan cost $1.2 million.", "Critics called it wasteful."]),
    ("ellipsis-inside", "The plan ... was shelved in March. Nobody objected.",
     ["The plan ... was shelved in March.", "Nobody objected."]),
    ("ellipsis-end", "He paused\u2026 Then he left the room.",
     ["He paused\u2026", "Then he left the room."]),
    ("month-abbr", "The meeting is set for Jan. 5 at city hall. Feb. 12 is the backup date.",
     ["The meeting is set for Jan. 5 at city hall.", "Feb. 12 is the backup date."]),
    ("month-paren-state", "Gov. Hale (D-Ore.) signed the bill. It takes effect Jan. 1.",
     ["Gov. Hale (D-Ore.) signed the bill.", "It takes effect Jan. 1."]),
    ("pm", "The meeting ended at 5 p.m. Residents went home.",
     ["The meeting ended at 5 p.m.", "Residents went home."]),
    ("am-inside", "The meeting began at 9 a.m. on Tuesday. It ran late.",
     ["The meeting began at 9 a.m. on Tuesday.", "It ran late."]),
    ("am-twice", "The ferry leaves at 6 a.m. The first bus leaves at 7 a.m. daily.",
     ["The ferry leaves at 6 a.m.", "The first bus leaves at 7 a.m. daily."]),
    ("pm-weekday", "The vote is at 7 p.m. Tuesday in the council chamber. Residents may attend.",
     ["The vote is at 7 p.m. Tuesday in the council chamber.", "Residents may attend."]),
    ("inc-end-noun", "He worked at Apple Inc. Shares rose on the news.",
     ["He worked at Apple Inc.", "Shares rose on the news."]),
    ("sept-end", "I last saw him in Sept. He was ill.",
     ["I last saw him in Sept.", "He was ill."]),
    ("phd", "She earned a Ph.D. in 2005. She then taught law.",
     ["She earned a Ph.D. in 2005.", "She then taught law."]),
    ("ext", "Call the hotline at 555-0100 ext. 5 for details. Lines open at noon.",
     ["Call the hotline at 555-0100 ext. 5 for details.", "Lines open at noon."]),
    ("quarter", "Profit fell 12% in Q3. Analysts had expected a rise.",
     ["Profit fell 12% in Q3.", "Analysts had expected a rise."]),
    ("newline-no-blank", "The vote was 5-2.\nThe council adjourned at 9 p.m.",
     ["The vote was 5-2.", "The council adjourned at 9 p.m."]),
    ("quote-said", '"We will win," she said. "Nobody can stop us."',
     ['"We will win," she said.', '"Nobody can stop us."']),
    ("quote-question", 'He asked, "Is it over?" Nobody answered.',
     ['He asked, "Is it over?"', "Nobody answered."]),
    ("quote-end-curly", "\u201cIt is over.\u201d The mayor left the podium.",
     ["\u201cIt is over.\u201d", "The mayor left the podium."]),
    ("quote-question-said", '"Why now?" she asked. "Because it matters."',
     ['"Why now?" she asked.', '"Because it matters."']),
    ("single-quote", "He said it was 'a disaster.' The council disagreed.",
     ["He said it was 'a disaster.'", "The council disagreed."]),
    ("paren", "The council voted 5-2. (Two members were absent.) The vote was final.",
     ["The council voted 5-2.", "(Two members were absent.)", "The vote was final."]),
    ("question-exclaim", "Did the mayor know? She declined to say!",
     ["Did the mayor know?", "She declined to say!"]),
    ("digit-start", "The bill passed 52-48. 12 senators abstained.",
     ["The bill passed 52-48.", "12 senators abstained."]),
    ("headline-blank", "Council Votes to Close the Pier\n\nThe council voted on Tuesday.",
     ["Council Votes to Close the Pier", "The council voted on Tuesday."]),
    ("headline-newline", "Mayor Resigns Amid Probe\nThe mayor resigned on Tuesday. Her deputy takes over.",
     ["Mayor Resigns Amid Probe", "The mayor resigned on Tuesday.", "Her deputy takes over."]),
    ("headline-subhead", "Budget passes\n\nCouncil approves $3.5 million plan for U.S. Route 1\n\nThe vote was 5-2.",
     ["Budget passes", "Council approves $3.5 million plan for U.S. Route 1", "The vote was 5-2."]),
    ("hard-wrap", "The council met on Tuesday and voted to close\nthe pier. Residents objected.",
     ["The council met on Tuesday and voted to close the pier.", "Residents objected."]),
    ("dateline-inline", "WASHINGTON \u2014 The Senate voted 52-48 on Tuesday. The bill now goes to the House.",
     ["WASHINGTON \u2014 The Senate voted 52-48 on Tuesday.", "The bill now goes to the House."]),
]


def _norm(sents: list[str]) -> list[str]:
    out = [" ".join(s.split()) for s in sents]
    return [s for s in out if s]


def _load_segmenters() -> tuple[list[tuple[str, Callable[[str], list[str]]]], list[str]]:
    segs: list[tuple[str, Callable[[str], list[str]]]] = [("framing", split_sentences)]
    notes: list[str] = []
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        segs.append((f"pysbd {getattr(pysbd, '__version__', '?')}", seg.segment))
    except ImportError:
        notes.append("pysbd: not installed, skipped (pip install pysbd)")
    try:
        import blingfire

        def bf(text: str) -> list[str]:
            return blingfire.text_to_sentences(text).split("\n")

        segs.append((f"blingfire {_version('blingfire')}", bf))
    except ImportError:
        notes.append("blingfire: not installed, skipped (pip install blingfire)")
    try:
        import nltk
        from nltk.tokenize.punkt import PunktSentenceTokenizer

        try:
            nltk.data.find("tokenizers/punkt_tab/english/")
            from nltk.tokenize import sent_tokenize

            segs.append((f"nltk punkt {nltk.__version__}", sent_tokenize))
        except LookupError:
            notes.append(
                "nltk punkt (trained English model): skipped -- its data is not on PyPI and must be fetched "
                "with nltk.download('punkt_tab'), which needs the network"
            )
            segs.append((f"nltk punkt UNTRAINED {nltk.__version__}", PunktSentenceTokenizer().tokenize))
            notes.append("nltk punkt UNTRAINED: PunktSentenceTokenizer() with no trained parameters, a baseline only")
    except ImportError:
        notes.append("nltk: not installed, skipped")
    return segs, notes


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return "?"


def _pass(fn: Callable[[str], list[str]], texts: list[str], reps: int) -> tuple[int, float]:
    n = 0
    t0 = time.perf_counter()
    for _ in range(reps):
        for t in texts:
            n += len(fn(t))
    return n, time.perf_counter() - t0


def _speeds(
    segs: list[tuple[str, Callable[[str], list[str]]]], texts: list[str], pass_seconds: float, rounds: int
) -> dict[str, float]:
    """Best sentences/second of each segmenter over ``rounds`` interleaved timed passes.

    Passes alternate between segmenters and the best pass counts, so a busy machine (other jobs)
    slows every segmenter alike and disturbs the ratios as little as possible.
    """
    reps = {}
    for name, fn in segs:  # calibrate: repetitions for one pass of about pass_seconds
        n, dt = _pass(fn, texts, 1)
        reps[name] = max(1, int(pass_seconds / max(dt, 1e-6)))
    best = {name: 0.0 for name, _ in segs}
    for _ in range(rounds):
        for name, fn in segs:
            n, dt = _pass(fn, texts, reps[name])
            best[name] = max(best[name], n / dt)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quiet", action="store_true", help="do not list the failing cases")
    ap.add_argument("--pass-seconds", type=float, default=0.2, help="length of one timed pass")
    ap.add_argument("--rounds", type=int, default=5, help="timed passes per segmenter and corpus (best counts)")
    args = ap.parse_args(argv)

    segs, notes = _load_segmenters()
    texts = [t for _, t, _ in CASES]
    # A longer "article" (all cases as paragraphs, 5 times) for the long-text speed figure.
    article = "\n\n".join(texts * 5)
    failures: dict[str, list[tuple[str, list[str], list[str]]]] = {}
    correct: dict[str, int] = {}
    for name, fn in segs:
        fails = []
        for cid, text, expected in CASES:
            got = _norm(fn(text))
            if got != _norm(expected):
                fails.append((cid, expected, got))
        failures[name] = fails
        correct[name] = len(CASES) - len(fails)
    short = _speeds(segs, texts, args.pass_seconds, args.rounds)
    long_ = _speeds(segs, [article], args.pass_seconds, args.rounds)
    rows = [(name, correct[name], short[name], long_[name]) for name, _ in segs]

    base_short, base_long = rows[0][2], rows[0][3]
    n = len(CASES)
    print(f"{len(CASES)} cases; exact match of the sentence list (whitespace collapsed)\n")
    print(f"| segmenter | correct | accuracy | sent/s (short texts) | vs framing | sent/s (one long text) | vs framing |")
    print("|---|---|---|---|---|---|---|")
    for name, ok, short, long_ in rows:
        print(
            f"| {name} | {ok}/{n} | {ok / n:.0%} | {short:,.0f} | {short / base_short:.2f}x "
            f"| {long_:,.0f} | {long_ / base_long:.2f}x |"
        )
    def full(text: str) -> list[str]:  # sentences and dropped pieces: the work segment() does
        sents, dropped = segment_text(text)
        return [s.text for s in sents] + [d.text for d in dropped]

    full_segs = [("framing", split_sentences), ("framing segment_text, boilerplate on", full)]
    fs, fl = _speeds(full_segs, texts, args.pass_seconds, 3), _speeds(full_segs, [article], args.pass_seconds, 3)
    name = full_segs[1][0]
    print(
        f"\n{name}: {fs[name]:,.0f} units/s ({fs[name] / fs['framing']:.2f}x split only) on short texts, "
        f"{fl[name]:,.0f} units/s ({fl[name] / fl['framing']:.2f}x) on the long text (units = sentences + dropped pieces)"
    )
    for note in notes:
        print(f"\nnote: {note}")
    if not args.quiet:
        for name, fails in failures.items():
            print(f"\n## {name}: {len(fails)} failing case(s)")
            for cid, expected, got in fails:
                print(f"- {cid}\n    expected: {expected}\n    got:      {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
