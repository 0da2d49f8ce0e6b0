"""Fuzz framing with random and mutated inputs through the API and the CLI; count crashes.

A *crash* is any exception other than a :class:`framing.FramingError` subclass from the API, or, from
the CLI (typer's ``CliRunner``, in-process), an exit code outside {0, 1, 2}, an "internal error"
line (the CLI's catch-all for bugs), a traceback in the output, or an exception that escaped.
Segmentation results are also checked against the coverage invariants (nothing invented, nothing
lost but whitespace and reported boilerplate); a violation counts as a crash too.

Inputs are mutations of the example corpus (truncation, byte flips, random unicode, huge lines,
empty strings, HTML, control characters), mutated JSONL/CSV/Parquet files and folders of .txt
files, and mutated markers TOML. Targets: ``segment_text``, ``read_documents``, ``load_markers``,
``Scorer.score`` (a tiny random model built on the spot, small batches) and the CLI (``score``,
``profile``, ``segment``, ``markers``, ``info``). Nothing touches the network.

    python scripts/fuzz.py                       # 10,000 inputs, ~300 of them CLI invocations
    python scripts/fuzz.py --inputs 500 --cli 40 --out fuzz-small.json

First, the named hostile cases of issue 26 (``--hostile-only`` runs just those): each bad input or option
must give exit 2 and one line, no traceback, no exit 1, no file left behind and no input changed.

Exit status: 0 when there were no crashes and no hostile case failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("FRAMING_THREADS", "1")  # a tiny model gains nothing from threads, and they spin on a busy machine

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import framing  # noqa: E402
from framing import FramingError  # noqa: E402
from framing._segment import segment_text  # noqa: E402

EXAMPLES = REPO / "examples" / "corpus"
BUILTIN_TOML = REPO / "framing" / "markers" / "builtin.toml"
WORDS = """the a an of to in and or is are was were be been it this that he she they we you said says told according
may might could would will can not no officials minister mayor police report reportedly allegedly appears seems
likely possibly perhaps bridge river city council water spill company outlet plan slammed disastrous scandal regime
reckless chaos shameful on at by for with from as after before new someone person claim uncertain sure whether true
sentence what language biased statement hedged rain wet sun dry""".split()


# ---------------------------------------------------------------------------------------------
# A tiny random model (real word-level vocabulary, so tokenisation is exercised)
# ---------------------------------------------------------------------------------------------

def build_model(folder: Path, seed: int = 0) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "'", '"', "!", "?", ":", ";", "-"]
    vocab += sorted(set(WORDS)) + [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    (folder / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n")
    try:  # transformers >= 5 takes the vocabulary as `vocab`; older versions as `vocab_file`
        tokenizer = BertTokenizerFast(vocab=str(folder / "vocab.txt"), do_lower_case=True)
    except TypeError:
        tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    if len(tokenizer) < 20:
        tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    id2label = {0: "entailment", 1: "neutral", 2: "contradiction"}
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256, num_labels=3, id2label=id2label,
                        label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(seed)
    BertForSequenceClassification(config).eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def broken_models(root: Path, good: Path) -> list[Path]:
    """Model folders with one fault each (missing, no labels, corrupt weights, corrupt tokenizer...)."""
    out = [root / "missing-model"]
    for name, fault in [("no-config", lambda f: (f / "config.json").unlink()),
                        ("bad-weights", lambda f: (f / "model.safetensors").write_bytes(b"\0" * 50)),
                        ("bad-tokenizer", lambda f: (f / "tokenizer.json").write_text("{nope")),
                        ("no-tokenizer", lambda f: [p.unlink() for p in f.glob("*token*")] + [(f / "vocab.txt").unlink()]),
                        ("bad-card", lambda f: (f / "card.json").write_text('{"weights_sha256": {"model.safetensors": "00"}}')),
                        ("bad-labels", lambda f: (f / "config.json").write_text(
                            (f / "config.json").read_text().replace('"entailment"', '"LABEL_0"')))]:
        folder = root / name
        shutil.copytree(good, folder)
        fault(folder)
        out.append(folder)
    return out


# ---------------------------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------------------------

class Mutator:
    def __init__(self, rng: random.Random, texts: list[str], huge: bool = True) -> None:
        self.rng = rng
        self.texts = texts
        self.lines = [line for t in texts for line in t.splitlines() if line.strip()]
        self.huge = huge
        self.clean = False  # True: mostly well-formed files (so that success paths are exercised too)

    def unicode_junk(self, n: int) -> str:
        r = self.rng
        pools = [
            lambda: chr(r.randrange(0, 32)),  # control characters, NUL included
            lambda: chr(r.choice([0x7F, 0x85, 0xA0, 0x200B, 0x200E, 0x202E, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0x1680])),
            lambda: chr(r.randrange(0x300, 0x370)),  # combining marks
            lambda: chr(r.randrange(0x4E00, 0x4E80)),  # CJK
            lambda: chr(r.randrange(0x0600, 0x0650)),  # Arabic
            lambda: chr(r.randrange(0x1F300, 0x1F650)),  # emoji
            lambda: chr(r.randrange(0x10000, 0x10FFFF)),  # astral planes
            lambda: r.choice(".!?…\"'“”‘’()[]«»—–-,;:*#<>&/\\|"),
            lambda: r.choice(WORDS) + " ",
        ]
        out = []
        for _ in range(n):
            c = r.choice(pools)()
            if 0xD800 <= ord(c[0]) <= 0xDFFF:
                c = "?"
            out.append(c)
        return "".join(out)

    def html(self, text: str) -> str:
        r = self.rng
        paras = "".join(f"<{t}>{p}</{t}>" for p in text.split("\n\n")
                        for t in [r.choice(["p", "div", "span", "li", "h2", "figcaption", "td"])])
        head = r.choice(["", "<!DOCTYPE html>", "<html><head><title>x</title><style>p{}</style></head><body>",
                         "<script>var s = '<p>a</p>';</script>", "<!-- comment <p> -->"])
        page = head + paras + r.choice(["", "</body></html>", "<div", "<p class='unclosed", "&amp;&lt;&#9731;&bogus;"])
        return page

    def text(self) -> str:
        r = self.rng
        base = r.choice(self.texts) if r.random() < 0.8 else r.choice(self.lines)
        for _ in range(r.randint(1, 3)):
            op = r.choice(["truncate", "byteflip", "unicode", "huge", "empty", "html", "control", "whitespace",
                           "duplicate", "splice", "crlf", "noise"])
            if op == "truncate":
                base = base[: r.randint(0, len(base))]
            elif op == "byteflip":
                raw = bytearray(base.encode("utf-8"))
                for _ in range(r.randint(1, 20)):
                    if raw:
                        raw[r.randrange(len(raw))] = r.randrange(256)
                base = raw.decode("utf-8", errors="framing-cp1252")
            elif op == "unicode":
                at = r.randint(0, len(base))
                base = base[:at] + self.unicode_junk(r.randint(1, 60)) + base[at:]
            elif op == "huge" and self.huge:
                unit = r.choice(self.lines) + r.choice([" ", "", ". ", "\t"])
                size = r.choice([20_000, 60_000, 150_000]) if r.random() < 0.97 else 1_500_000
                base = unit * max(1, size // max(1, len(unit)))
            elif op == "empty":
                base = r.choice(["", " ", "\n", "\n\n\n", "\t \u00a0 \u2028"])
            elif op == "html":
                base = self.html(base)
            elif op == "control":
                base = "".join(c if r.random() > 0.05 else chr(r.randrange(0, 32)) for c in base[:20_000])
            elif op == "whitespace":
                base = r.choice(["  ", "\n", "\r\n", "\u2029"]).join(base.split())
            elif op == "duplicate":
                lines = base.splitlines()
                base = "\n".join(lines + lines[: r.randint(0, len(lines))])
            elif op == "splice":
                other = r.choice(self.texts)
                base = base[: r.randint(0, len(base))] + other[r.randint(0, len(other)):]
            elif op == "crlf":
                base = base.replace("\n", r.choice(["\r\n", "\r", "\u2028", "\x0b", "\x1c"]))
            elif op == "noise":
                base = self.unicode_junk(r.randint(0, 200))
        return base

    def value(self) -> Any:
        r = self.rng
        return r.choice([None, float("nan"), 0, -1, 2**70, 3.5, True, "", "x", [], {}, [1, "a"], {"k": [None]},
                         self.text()[:200]])

    def record(self, columns: tuple[str, str, str] = ("text", "outlet", "id")) -> dict[str, Any]:
        r = self.rng
        text_col, outlet_col, id_col = columns
        rec: dict[str, Any] = {}
        if self.clean or r.random() < 0.92:
            rec[text_col] = r.choice(self.texts)[: r.randint(200, 3000)] if self.clean else (
                self.text() if r.random() < 0.9 else self.value())
        if self.clean or r.random() < 0.9:
            rec[outlet_col] = r.choice(["alpha", "beta", "gamma", "", None, 5, "ünïcode outlet"])
        if r.random() < 0.7:
            rec[id_col] = r.choice([str(r.randrange(5)), r.randrange(5), None, "dup", 1.0, "a~2"])
        for _ in range(r.randint(0, 3)):
            rec[r.choice(["extra", "section", "date", "Text", "", "n", "sentence", "hedging_score"])] = self.value()
        return rec

    def mutate_bytes(self, raw: bytes) -> bytes:
        r = self.rng
        data = bytearray(raw)
        for _ in range(0 if self.clean else r.randint(0, 4)):
            op = r.choice(["flip", "truncate", "insert", "bom", "utf16", "nul", "delete_line", "dup_line"])
            if op == "flip" and data:
                for _ in range(r.randint(1, 10)):
                    data[r.randrange(len(data))] = r.randrange(256)
            elif op == "truncate":
                data = data[: r.randint(0, len(data))]
            elif op == "insert":
                at = r.randint(0, len(data))
                data[at:at] = bytes(r.randrange(256) for _ in range(r.randint(1, 30)))
            elif op == "bom":
                data = bytearray(r.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])) + data
            elif op == "utf16":
                try:
                    data = bytearray(bytes(data).decode("utf-8").encode(r.choice(["utf-16", "utf-16-le", "utf-32"])))
                except UnicodeDecodeError:
                    pass
            elif op == "nul":
                at = r.randint(0, len(data))
                data[at:at] = b"\0" * r.randint(1, 5)
            elif op in ("delete_line", "dup_line"):
                lines = bytes(data).split(b"\n")
                i = r.randrange(len(lines))
                if op == "delete_line":
                    del lines[i]
                else:
                    lines.insert(i, lines[i])
                data = bytearray(b"\n".join(lines))
        return bytes(data)


# ---------------------------------------------------------------------------------------------
# Inputs on disk
# ---------------------------------------------------------------------------------------------

def make_jsonl(m: Mutator, path: Path, n: int) -> Path:
    lines = []
    for _ in range(n):
        roll = m.rng.random()
        if roll < (0.02 if m.clean else 0.08):
            lines.append(m.rng.choice(["{broken", "[1, 2]", '"just a string"', "null", "", "{}", '{"text": "unterminated',
                                       json.dumps({"text": "a" * 10, "outlet": "x"})[:-1], "NaN", "{" * 50]))
        else:
            rec = m.record()
            lines.append(json.dumps(rec, ensure_ascii=m.rng.random() < 0.5, default=str))
    raw = ("\n" if m.rng.random() < 0.8 else "\r\n").join(lines).encode("utf-8")
    path.write_bytes(m.mutate_bytes(raw) if m.rng.random() < 0.5 else raw)
    return path


def make_csv(m: Mutator, path: Path, n: int) -> Path:
    import pandas as pd

    frame = pd.DataFrame([m.record() for _ in range(n)])
    text = frame.to_csv(index=False)
    raw = text.encode("utf-8") if m.rng.random() < 0.7 else text.encode(m.rng.choice(["cp1252", "utf-16"]), errors="replace")
    path.write_bytes(m.mutate_bytes(raw) if m.rng.random() < 0.5 else raw)
    return path


def make_parquet(m: Mutator, path: Path, n: int) -> Path:
    import pandas as pd

    rows = []
    for _ in range(n):
        rec = m.record()
        rows.append({k: (json.dumps(v, default=str) if isinstance(v, (list, dict)) else v) for k, v in rec.items()})
    frame = pd.DataFrame(rows)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in frame[col]]
    try:
        frame.to_parquet(path, index=False)
    except Exception:  # noqa: BLE001 - an unwritable random frame: write junk instead
        path.write_bytes(b"PAR1" + bytes(m.rng.randrange(256) for _ in range(100)))
    if m.rng.random() < 0.2:
        path.write_bytes(m.mutate_bytes(path.read_bytes()))
    return path


def make_folder(m: Mutator, path: Path, n: int) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        outlet = m.rng.choice(["alpha", "beta", "ünï", "a b", ".hidden"])
        f = path / outlet / f"{i}{m.rng.choice(['.txt', '.txt', '.md', '.TXT', '.dat'])}"
        f.parent.mkdir(parents=True, exist_ok=True)
        text = m.rng.choice(m.texts) if m.clean else m.text()[:30_000]
        raw = text.encode(m.rng.choice(["utf-8", "utf-8", "cp1252", "latin-1", "utf-16"]), errors="replace")
        f.write_bytes(m.mutate_bytes(raw) if m.rng.random() < 0.3 else raw)
    if m.rng.random() < 0.1:
        (path / "binary.txt").write_bytes(bytes(m.rng.randrange(256) for _ in range(2000)))
    return path


def make_input(m: Mutator, root: Path, n: int) -> Path:
    kinds = ["jsonl", "jsonl", "csv", "parquet", "folder", "txt"] + ([] if m.clean else ["missing", "empty"])
    kind = m.rng.choice(kinds)
    root.mkdir(parents=True, exist_ok=True)
    if kind == "jsonl":
        return make_jsonl(m, root / "in.jsonl", n)
    if kind == "csv":
        return make_csv(m, root / "in.csv", n)
    if kind == "parquet":
        return make_parquet(m, root / "in.parquet", n)
    if kind == "folder":
        return make_folder(m, root / "corpus", n)
    if kind == "txt":
        p = root / "one.txt"
        p.write_bytes(m.mutate_bytes(m.text()[:30_000].encode("utf-8")))
        return p
    if kind == "empty":
        p = root / m.rng.choice(["e.jsonl", "e.csv", "e.txt", "e.parquet"])
        p.write_bytes(b"")
        return p
    return root / "does-not-exist.jsonl"


def make_toml(m: Mutator, path: Path) -> Path:
    r = m.rng
    text = BUILTIN_TOML.read_text(encoding="utf-8")
    lines = text.splitlines()
    for _ in range(r.randint(1, 4)):
        op = r.choice(["delete", "dup", "value", "key", "junk", "table", "header", "bytes"])
        i = r.randrange(len(lines)) if lines else 0
        if op == "delete" and lines:
            del lines[i]
        elif op == "dup" and lines:
            lines.insert(i, lines[i])
        elif op == "value" and lines and "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = key + "= " + r.choice(["1", "-1", "0.5", "2.0", "nan", "inf", '"x"', "true", "[]", "[1, 2]",
                                               '["A."]', '[""]', "{}", '{method = "platt", a = 1, b = 0}',
                                               '{method = "isotonic", x = [0.0, 1.0], y = [0.2, 0.9]}',
                                               '{method = "isotonic", x = [1.0, 0.0], y = [0.1]}', '"max"', '"median"'])
        elif op == "key" and lines:
            lines.insert(i, r.choice(["colour = 'red'", "calibration = 'platt'", "lexicon_weight = 1.5",
                                      "threshold = -0.1", "aggregate = 3", "cues = 'scandal'", "description = 5"]))
        elif op == "junk":
            lines.insert(i, m.unicode_junk(r.randint(1, 30)))
        elif op == "table":
            name = r.choice(["fear", "id", "sentence", "x_score", '"two words"', "ünï", "1abc"])
            lines.append(f"[{name}]")
            lines.append(r.choice(['templates = ["This is scary."]', 'templates = "One."', "templates = []", ""]))
        elif op == "header" and lines:
            lines[i] = r.choice(["[hedging", "[[hedging]]", "[hedging.sub]", "[]", "[ ]"])
    raw = "\n".join(lines).encode("utf-8")
    if r.random() < 0.15:
        raw = m.mutate_bytes(raw)
    path.write_bytes(raw)
    return path


# ---------------------------------------------------------------------------------------------
# Running and counting
# ---------------------------------------------------------------------------------------------

class Tally:
    def __init__(self) -> None:
        self.inputs = Counter()
        self.seconds: Counter = Counter()
        self.outcomes = Counter()
        self.messages: Counter = Counter()  # CLI error lines, paths shortened: to judge the wording
        self.crashes: dict[str, dict[str, Any]] = {}
        self.harness_errors: list[str] = []

    def crash(self, target: str, kind: str, detail: str, example: str) -> None:
        key = f"{target}: {kind}: {detail[:160]}"
        entry = self.crashes.setdefault(key, {"target": target, "kind": kind, "detail": detail[:2000], "count": 0,
                                              "example": example[:2000]})
        entry["count"] += 1

    @property
    def n_crashes(self) -> int:
        return sum(c["count"] for c in self.crashes.values())


def check_segments(text: str) -> str | None:
    """Coverage invariants of segment_text; a description of the first violation, or None."""
    for boilerplate in (True, False):
        sents, dropped = segment_text(text, "d", "o", boilerplate=boilerplate)
        owner = bytearray(len(text))
        for piece in [*sents, *dropped]:
            if not (0 <= piece.start < piece.end <= len(text)) or text[piece.start: piece.end] != piece.text:
                return f"piece not a slice of the text: {piece!r:.200}"
            if piece.text != piece.text.strip():
                return f"piece not stripped: {piece!r:.200}"
            if any(owner[piece.start: piece.end]):
                return f"overlapping pieces at {piece.start}"
            owner[piece.start: piece.end] = b"\1" * (piece.end - piece.start)
        lost = [i for i, ch in enumerate(text) if not owner[i] and not ch.isspace()]
        if lost:
            return f"non-whitespace characters lost (boilerplate={boilerplate}) at {lost[:5]}"
        if [s.index for s in sents] != list(range(len(sents))):
            return "sentence indices are not 0..n-1"
    return None


def api_call(tally: Tally, target: str, fn: Callable[[], Any], example: str) -> Any:
    tally.inputs[target] += 1
    t0 = time.perf_counter()
    try:
        out = fn()
    except FramingError:
        tally.outcomes[f"{target}: FramingError"] += 1
        return None
    except Exception as exc:  # noqa: BLE001 - that is what we count
        tb = traceback.format_exc(limit=-3)
        tally.crash(target, type(exc).__name__, f"{exc}\n{tb}", example)
        return None
    finally:
        tally.seconds[target] += time.perf_counter() - t0
    tally.outcomes[f"{target}: ok"] += 1
    return out


def cli_call(tally: Tally, runner: Any, app: Any, args: list[str]) -> None:
    tally.inputs["cli"] += 1
    example = " ".join(args)
    t0 = time.perf_counter()
    try:
        res = runner.invoke(app, args, catch_exceptions=True)
    except Exception as exc:  # noqa: BLE001
        tally.crash("cli", type(exc).__name__, str(exc), example)
        return
    finally:
        tally.seconds["cli"] += time.perf_counter() - t0
    out = res.output or ""
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        tb = "".join(traceback.format_exception(res.exception, limit=-3))
        tally.crash("cli", f"escaped {type(res.exception).__name__}", f"{res.exception}\n{tb}", example)
    elif res.exit_code not in (0, 1, 2):
        tally.crash("cli", f"exit code {res.exit_code}", out[-500:], example)
    elif "Traceback (most recent call last)" in out:
        tally.crash("cli", "traceback in output", out[-1000:], example)
    elif "internal error" in out:
        tally.crash("cli", "internal error", out.strip()[-500:], example)
    elif res.exit_code == 2 and args[0] not in ("--help",) and len([ln for ln in out.splitlines() if ln.strip()]) > 1 \
            and "Usage:" not in out and "│" not in out:
        last = [ln for ln in out.splitlines() if ln.strip()]
        if not all(ln.startswith(("note:", "warning:", "error:")) or "%|" in ln or "doc/s" in ln for ln in last):
            tally.crash("cli", "error message not one line", out[-500:], example)
    tally.outcomes[f"cli {args[0]}: exit {res.exit_code}"] += 1
    for line in out.splitlines():
        if line.startswith(("error:", "warning:", "note:")):
            short = re.sub(r"\S*framing-fuzz-\w+/case-\d+/", "", line)
            tally.messages[re.sub(r"\d+", "N", short)[:200]] += 1


# ---------------------------------------------------------------------------------------------
# Hostile cases (issue 26): named bad inputs and options that a user can give. Each must end with exit 2 and
# one line, no traceback, no "internal error" (exit 1), no file left behind and no input changed.
# ---------------------------------------------------------------------------------------------

ARTICLE = {"id": "1", "outlet": "a", "text": "The mayor said the bridge may reopen. Officials reportedly disagree."}


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def hostile_cases(d: Path, model: Path) -> list[tuple[str, list[str]]]:
    """(name, CLI arguments) of each hostile case, with its input files written under ``d``."""
    d.mkdir(parents=True, exist_ok=True)
    src = _jsonl(d / "in.jsonl", [ARTICLE])
    labelled = _jsonl(d / "labelled.jsonl", [{"text": "It may rain.", "hedging": 1, "split": "train"},
                                              {"text": "It rains.", "hedging": 0, "split": "train"}])
    no_pos = _jsonl(d / "nopos.jsonl", [{"text": "It rains.", "hedging": 0, "split": "calibration"}] * 3)
    yes = _jsonl(d / "yes.jsonl", [{"text": "It may rain.", "hedging": "yes"}, {"text": "It rains.", "hedging": 0}])
    (d / "notes").mkdir()
    (d / "notes" / "chapter.md").write_text("my notes")
    (d / "empty").mkdir()
    (d / "binary.jsonl").write_bytes(b"\x00\x01binary\x00" * 64)
    (d / "wide.csv").write_text("id,outlet,text\n1,a,The mayor, who is new, said the bridge may reopen.\n")
    (d / "nocol.csv").write_text("id,body\n1,Text.\n")
    (d / "labelled.json").write_text('{"text": "It may rain.", "hedging": 1}\n')
    (d / "ro").mkdir()
    m, mk = str(model), ["--model", str(model)]
    suites = {"unlisted-bound": '[suite]\ndata = "labelled.jsonl"\nmarkers = ["hedging"]\n[minimums.attribution]\nf1 = 0.5\n',
              "no-markers": '[suite]\ndata = "labelled.jsonl"\nmarkers = []\n',
              "data-5": '[suite]\ndata = 5\nmarkers = ["hedging"]\n',
              "minimums-5": 'minimums = 5\n[suite]\ndata = "labelled.jsonl"\nmarkers = ["hedging"]\n',
              "f1-high": '[suite]\ndata = "labelled.jsonl"\nmarkers = ["hedging"]\n[minimums.hedging]\nf1 = "high"\n'}
    for name, text in suites.items():
        (d / f"{name}.toml").write_text(text)
    out = str(d / "out.jsonl")
    adapt = ["adapt", labelled, "--base-model", m, "--split", "train", "-q"]
    cases = [
        ("adapt -o folder of the user's files", adapt + ["-o", str(d / "notes")]),
        ("adapt -o .", adapt + ["-o", str(d)]),
        ("adapt -o FILE", adapt + ["-o", src]),
        ("adapt --lr -1", adapt + ["-o", str(d / "m"), "--lr", "-1"]),
        ("adapt --batch-size 0", adapt + ["-o", str(d / "m"), "--batch-size", "0"]),
        ("adapt --epochs nan", adapt + ["-o", str(d / "m"), "--epochs", "nan"]),
        ("adapt --epochs 0", adapt + ["-o", str(d / "m"), "--epochs", "0"]),
        ("adapt --epochs -1", adapt + ["-o", str(d / "m"), "--epochs", "-1"]),
        ("adapt --replay-ratio -1", adapt + ["-o", str(d / "m"), "--replay-ratio", "-1"]),
        ("adapt label 'yes'", ["adapt", yes, "--base-model", m, "--split", "", "-q", "-o", str(d / "m")]),
        ("score --dropped = input", ["score", src, "-o", out, *mk, "--dropped", src]),
        ("score --dropped = output", ["score", src, "-o", out, *mk, "--dropped", out]),
        ("score --dropped .txt", ["score", src, "-o", out, *mk, "--dropped", str(d / "d.txt")]),
        ("score --dropped folder", ["score", src, "-o", out, *mk, "--dropped", str(d / "empty")]),
        ("score -o = input", ["score", src, "-o", src, *mk]),
        ("score empty folder", ["score", str(d / "empty"), "-o", out, *mk]),
        ("score binary file", ["score", str(d / "binary.jsonl"), "-o", out, *mk]),
        ("score CSV row wider than header", ["score", str(d / "wide.csv"), "-o", out, *mk]),
        ("score missing text column", ["score", str(d / "nocol.csv"), "-o", out, *mk]),
        ("score --shard-size 0", ["score", src, "-o", out, *mk, "--shard-size", "0"]),
        ("score --limit -5", ["score", src, "-o", out, *mk, "--limit", "-5"]),
        ("score bad --outlet-pattern", ["score", str(d / "notes"), "-o", out, *mk, "--outlet-pattern", "("]),
        ("score --id-column missing", ["score", src, "-o", out, *mk, "--id-column", "doc_id"]),
        ("score model path that does not exist", ["score", src, "-o", out, "--model", str(d / "framing-nli-minilmX")]),
        ("score bare model name", ["score", src, "-o", out, "--model", "framing-nli-minilmX"]),
        ("segment --limit -5", ["segment", src, "--limit", "-5"]),
        ("profile -o = input", ["profile", src, "-o", src, *mk]),
        ("profile -o p.jsonl", ["profile", src, "-o", str(d / "p.jsonl"), *mk]),
        ("profile -o folder", ["profile", src, "-o", str(d / "empty"), *mk]),
        ("calibrate -o = input", ["calibrate", labelled, "-o", labelled, *mk]),
        ("calibrate no positives", ["calibrate", no_pos, "-o", str(d / "c.toml"), *mk, "--marker", "hedging"]),
        ("calibrate .json input", ["calibrate", str(d / "labelled.json"), "-o", str(d / "c.toml"), *mk]),
        ("plot --dpi 0", ["plot", src, "-o", str(d / "f.png"), "--dpi", "0"]),
        ("plot --dpi -5", ["plot", src, "-o", str(d / "f.png"), "--dpi", "-5"]),
        ("plot --dpi 100000", ["plot", src, "-o", str(d / "f.png"), "--dpi", "100000"]),
        ("eval -o = suite", ["eval", str(d / "no-markers.toml"), "-o", str(d / "no-markers.toml"), *mk]),
    ]
    cases += [(f"eval suite {name}", ["eval", str(d / f"{name}.toml"), *mk]) for name in suites]
    return cases


ENV_CASES = [("FRAMING_THREADS=abc", {"FRAMING_THREADS": "abc"}), ("FRAMING_THREADS=0", {"FRAMING_THREADS": "0"}),
             ("FRAMING_THREADS=-2", {"FRAMING_THREADS": "-2"}), ("FRAMING_MODEL=/bad", {"FRAMING_MODEL": "/bad/model"})]


def _tree(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with a digest of its bytes (folders: '')."""
    import hashlib

    out = {}
    for p in sorted(folder.rglob("*")):
        out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
    return out


def run_hostile(runner: Any, app: Any, work: Path, model: Path) -> dict[str, Any]:
    """Run every hostile case in a fresh folder; count tracebacks, exit codes other than 2, leftovers and
    changed inputs (the cache folder, $FRAMING_CACHE_DIR, lives in the case folder, so a refused adapt that
    trained would leave it behind)."""
    problems: list[str] = []
    counts = Counter()
    names = [n for n, _ in hostile_cases(work / "names", model)] + [n for n, _ in ENV_CASES]
    for i, name in enumerate(names):
        d = work / f"hostile-{i}"
        cases = dict(hostile_cases(d, model))
        env = dict(ENV_CASES).get(name)
        if env is not None and "FRAMING_MODEL" not in env:  # a copy: the good model's loads are cached
            shutil.copytree(model, d / "model-copy")
        args = cases.get(name) or ["score", str(d / "in.jsonl"), "-o", str(d / "out.jsonl")] + (
            ["--model", str(d / "model-copy")] if "FRAMING_MODEL" not in (env or {}) else [])
        before = _tree(d)
        saved = {k: os.environ.get(k) for k in ["FRAMING_CACHE_DIR", *(env or {})]}
        os.environ.update({"FRAMING_CACHE_DIR": str(d / "cache"), **(env or {})})
        try:
            res = runner.invoke(app, args, catch_exceptions=True)
        finally:
            for k, v in saved.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        out = res.output or ""
        counts["cases"] += 1
        if "Traceback" in out or (res.exception is not None and not isinstance(res.exception, SystemExit)):
            counts["tracebacks"] += 1
            problems.append(f"{name}: traceback")
        if res.exit_code == 1 or "internal error" in out:
            counts["exit_1"] += 1
            problems.append(f"{name}: exit 1: {out.strip()[-200:]}")
        elif res.exit_code != 2:
            counts["not_refused"] += 1
            problems.append(f"{name}: exit {res.exit_code}: {out.strip()[-200:]}")
        if len([ln for ln in out.splitlines() if ln.strip() and not ln.startswith("warning:")]) != 1:
            counts["not_one_line"] += 1
            problems.append(f"{name}: message not one line: {out.strip()[-300:]}")
        after = _tree(d)
        left = sorted(set(after) - set(before))
        changed = sorted(k for k in before if k in after and before[k] != after[k])
        gone = sorted(set(before) - set(after))
        if left:
            counts["leftover_files"] += len(left)
            problems.append(f"{name}: left {left[:5]}")
        if changed or gone:
            counts["modified_inputs"] += len(changed) + len(gone)
            problems.append(f"{name}: changed {changed[:5]} removed {gone[:5]}")
        shutil.rmtree(d, ignore_errors=True)
    return {"cases": counts["cases"], "tracebacks": counts["tracebacks"], "exit_1": counts["exit_1"],
            "not_refused": counts["not_refused"], "not_one_line": counts["not_one_line"],
            "leftover_files": counts["leftover_files"], "modified_inputs": counts["modified_inputs"],
            "problems": problems}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="total inputs, CLI invocations included")
    ap.add_argument("--cli", type=int, default=300, help="how many of them are CLI invocations")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("fuzz-report.json"))
    ap.add_argument("--time-limit", type=float, default=1800, help="stop generating after this many seconds")
    ap.add_argument("--no-huge", action="store_true", help="no 20 KB - 1.5 MB single lines (faster)")
    ap.add_argument("--progress", type=int, default=500, help="print a progress line every N inputs")
    ap.add_argument("--hostile-only", action="store_true", help="only the named hostile cases (issue 26), no fuzzing")
    args = ap.parse_args(argv)

    import torch
    from typer.testing import CliRunner

    from framing import _nli
    from framing.cli import app

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.txt"))]
    m = Mutator(rng, texts, huge=not args.no_huge)
    tally = Tally()
    work = Path(tempfile.mkdtemp(prefix="framing-fuzz-"))
    started = time.perf_counter()
    warnings.simplefilter("ignore")
    try:
        model = build_model(work / "model", seed=args.seed)
        bad_models = broken_models(work / "bad-models", model)

        # Loading a model once per CLI invocation would dominate the run: reuse loaded copies of the good model.
        real_load = _nli.NLIModel.load.__func__
        cache: dict[Any, Any] = {}

        def cached_load(cls: Any, path: Any = None, **kw: Any) -> Any:
            if path is not None and Path(str(path)) == model:
                key = tuple(sorted(kw.items()))
                if key not in cache:
                    cache[key] = real_load(cls, path, **kw)
                return cache[key]
            return real_load(cls, path, **kw)

        _nli.NLIModel.load = classmethod(cached_load)  # type: ignore[method-assign]
        scorer = framing.Scorer(model, batch_size=8)
        runner = CliRunner()

        hostile = run_hostile(runner, app, work, model)
        print(f"hostile cases: {hostile['cases']}; tracebacks {hostile['tracebacks']}, exit 1 {hostile['exit_1']}, "
              f"not refused {hostile['not_refused']}, not one line {hostile['not_one_line']}, leftover files "
              f"{hostile['leftover_files']}, modified inputs {hostile['modified_inputs']}", file=sys.stderr)
        for line in hostile["problems"]:
            print(f"  {line}", file=sys.stderr)
        n_cli = 0 if args.hostile_only else min(args.cli, args.inputs)
        if args.hostile_only:
            args.inputs = 0
        pending: list[str] = []
        i = 0
        while sum(tally.inputs.values()) < args.inputs and time.perf_counter() - started < args.time_limit:
            i += 1
            case = work / f"case-{i}"
            total = sum(tally.inputs.values())
            try:
                if tally.inputs["cli"] < n_cli * (total + 1) / args.inputs:  # CLI calls spread evenly over the run
                    run_cli(m, tally, runner, app, case, model, bad_models)
                else:
                    api_case(m, tally, case, scorer, model, pending)
            except Exception as exc:  # noqa: BLE001 - a bug in this script's generators, not in framing
                tally.harness_errors.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
            shutil.rmtree(case, ignore_errors=True)
            if i % args.progress == 0:
                print(f"{sum(tally.inputs.values())} inputs, {tally.n_crashes} crashes, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    seconds = time.perf_counter() - started
    report = {
        "inputs": sum(tally.inputs.values()),
        "by_target": dict(tally.inputs),
        "crashes": tally.n_crashes,
        "distinct_crashes": len(tally.crashes),
        "seconds": round(seconds, 1),
        "seconds_by_target": {k: round(v, 1) for k, v in sorted(tally.seconds.items())},
        "seed": args.seed,
        "outcomes": dict(sorted(tally.outcomes.items())),
        "crash_details": sorted(tally.crashes.values(), key=lambda c: -c["count"]),
        "cli_messages": dict(tally.messages.most_common(60)),
        "harness_errors": tally.harness_errors[:20],
        "hostile": hostile,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"fuzz: {report['inputs']} inputs in {seconds:.0f} s "
          f"({', '.join(f'{k} {v}' for k, v in sorted(tally.inputs.items()))}); "
          f"crashes: {tally.n_crashes} ({len(tally.crashes)} distinct); fuzzer errors: {len(tally.harness_errors)}; "
          f"report: {args.out}")
    for c in report["crash_details"][:10]:
        print(f"  {c['count']:4d} x {c['target']}: {c['kind']}: {c['detail'].splitlines()[0][:150] if c['detail'] else ''}")
    bad = sum(hostile[k] for k in ("tracebacks", "exit_1", "not_refused", "not_one_line", "leftover_files",
                                    "modified_inputs"))
    return 0 if tally.n_crashes == 0 and bad == 0 else 1


def api_case(m: Mutator, tally: Tally, case: Path, scorer: Any, model: Path, pending: list[str]) -> None:
    """One generated input through the API: a text (segment, then the scorer in batches), a file, or a markers file."""
    from framing import _nli

    rng = m.rng
    roll = rng.random()
    if roll < 0.55:
        text = m.text()
        bad = api_call(tally, "segment", lambda: check_segments(text), repr(text[:300]))
        if bad:
            tally.crash("segment", "invariant violated", bad, repr(text[:2000]))
        pending.append(text if len(text) < 6_000 or rng.random() < 0.02 else text[:6_000])
        if len(pending) >= 12:
            batch = pending[:]
            pending.clear()
            result = api_call(tally, "scorer", lambda: scorer.score(batch), repr([t[:80] for t in batch]))
            for r in result or []:
                if any(not (0.0 <= v <= 1.0) for v in r.scores.values()):
                    tally.crash("scorer", "score outside [0, 1]", repr(r.scores), repr(r.text[:200]))
    elif roll < 0.85:
        path = make_input(m, case, rng.randint(0, 12))
        opts = {"on_error": rng.choice(["fail", "skip"]), "chunk_size": rng.choice([1, 3, 256])}
        docs = api_call(tally, "read_documents", lambda: framing.read_documents(path, **opts), str(path))
        if docs:
            ids = [d.id for d in docs]
            if len(set(ids)) != len(ids):
                tally.crash("read_documents", "duplicate ids", repr(ids[:20]), str(path))
            if rng.random() < 0.3:
                small = [d for d in docs if len(d.text) < 50_000][:20]
                api_call(tally, "scorer", lambda: scorer.score(small), str(path))
    else:
        case.mkdir(parents=True, exist_ok=True)
        path = make_toml(m, case / "m.toml")
        loaded = api_call(tally, "load_markers", lambda: framing.load_markers(path), path.read_text(errors="replace"))
        if loaded and rng.random() < 0.3:
            s2 = framing.Scorer(_nli.NLIModel.load(model, batch_size=8), loaded)
            api_call(tally, "scorer", lambda: s2.score(["The mayor said the plan may fail.", "Officials disagree."]), str(path))


def run_cli(m: Mutator, tally: Tally, runner: Any, app: Any, case: Path, model: Path, bad_models: list[Path]) -> None:
    r = m.rng
    case.mkdir(parents=True, exist_ok=True)
    m.clean = r.random() < 0.5
    try:
        _run_cli(m, tally, runner, app, case, model, bad_models)
    finally:
        m.clean = False


def _run_cli(m: Mutator, tally: Tally, runner: Any, app: Any, case: Path, model: Path, bad_models: list[Path]) -> None:
    r = m.rng
    command = r.choice(["score", "score", "score", "profile", "profile", "segment", "markers", "info"])
    chosen_model = model if m.clean or r.random() < 0.85 else r.choice(bad_models)
    if command == "markers":
        args = ["markers"] + (["--markers", str(make_toml(m, case / "m.toml"))] if r.random() < 0.8 else [])
        args += ["--json"] if r.random() < 0.5 else []
    elif command == "info":
        args = ["info", "--model", str(chosen_model)]
    elif command == "segment":
        path = make_input(m, case / "input", r.randint(0, 6))
        args = ["segment", str(path), "--limit", str(r.choice([0, 1, 3, -1]))]
    else:
        path = make_input(m, case / "input", r.randint(0, 6))
        args = [command, str(path), "--model", str(chosen_model), "-q"]
        if command == "score":
            formats = ["jsonl", "csv", "parquet"] + ([] if m.clean else ["txt", "json"])
            args += ["-o", str(case / f"out.{r.choice(formats)}")]
            options = [[], ["--shard-size", str(r.choice([1, 2]))], ["--limit", str(r.choice([1, 5]))], ["--no-segment"],
                       ["--dropped", str(case / "dropped.csv")], ["--outlet-pattern", "(?P<outlet>\\w+)"],
                       ["--score-mode", "entail_vs_contra"]]
            if not m.clean:
                options += [["--shard-size", r.choice(["0", "-3"])], ["--limit", r.choice(["0", "-1"])],
                            ["--outlet-pattern", r.choice(["(", "\\d", "x"])], ["--score-mode", "bogus"]]
        else:
            formats = [None, "p.json", "p.csv", "p.parquet"] + ([] if m.clean else ["p.txt"])
            out = r.choice(formats)
            args += ["-o", str(case / out)] if out else []
            options = [[], ["--seed", "1"], ["--top", r.choice(["0", "2"])]]
            if not m.clean:
                options += [["--seed", "-1"], ["--top", "-2"]]
        args += r.choice(options)
        if m.clean:
            args += ["--on-error", "skip"]
        else:
            args += r.choice([[], ["--on-error", r.choice(["skip", "fail", "ignore"])]])
            args += r.choice([[], [], ["--text-column", r.choice(["body", "Text", "outlet", ""])],
                              ["--batch-size", str(r.choice([1, 3, 0, -1]))],
                              ["--marker", r.choice(["hedging", "sarcasm"])],
                              ["--markers", str(make_toml(m, case / "m.toml"))]])
    cli_call(tally, runner, app, args)
    out_file = case / "out.jsonl"
    if command == "score" and out_file.exists():  # profile the scores file just written, as a user would
        cli_call(tally, runner, app, ["profile", str(out_file), "-q"])


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
