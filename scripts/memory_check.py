"""Peak memory of ``framing score`` as the corpus grows: it streams, so peak RSS should not grow with N.

    python scripts/memory_check.py --sentences 10000 200000 --out memory.json     # tiny random model (fast)
    python scripts/memory_check.py --sentences 40 --interrupt                      # quick check, with a resume
    python scripts/memory_check.py --sentences 10000 --model models/framing-nli-minilm --backend onnx

For each N it writes a JSONL corpus of N sentences (articles of ``--sentences-per-doc`` sentences built from
the example corpus, each sentence made unique), runs ``framing score`` on it in a subprocess and reports
that process's peak RSS (``os.wait4`` rusage; ru_maxrss) and its RSS sampled over the run. Memory depends
on the model's size, not on its accuracy, so the default ``--model tiny`` (a 2-layer random BERT built on
the spot, as in the tests) keeps 200k sentences to minutes; pass a real model to see its constant offset.
``--interrupt`` stops the run (SIGINT) once two shards are done, re-runs it, and checks that it resumed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

LEADS = ["Meanwhile", "On Tuesday", "Later", "Separately", "Earlier", "Overnight", "By Friday", "At noon"]


def base_sentences() -> list[str]:
    import framing

    out: list[str] = []
    for doc in framing.read_documents(REPO / "examples" / "corpus"):
        out.extend(s.text for s in framing.segment(doc)[0] if s.text.rstrip().endswith((".", "?", "!")))
    return list(dict.fromkeys(out))


def write_corpus(path: Path, n: int, per_doc: int, base: list[str]) -> int:
    """N unique sentences in articles of ``per_doc`` sentences; four outlets. Returns the number of articles."""
    outlets = ["civic-dispatch", "harbor-ledger", "metro-wire", "valley-post"]
    docs = 0
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, n, per_doc):
            sents = []
            for i in range(start, min(n, start + per_doc)):
                s = base[i % len(base)]
                sents.append(f"{LEADS[(i // len(base)) % len(LEADS)]} (item {i}), {s[0].lower()}{s[1:]}")
            fh.write(json.dumps({"id": f"d{docs}", "outlet": outlets[docs % 4], "text": " ".join(sents)}) + "\n")
            docs += 1
    return docs


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_score(cmd: list[str], interrupt_when: Path | None = None) -> dict:
    """Run ``cmd``; sample RSS every 0.2 s; return exit code, peak RSS (wait4), samples, output tail."""
    started = time.perf_counter()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    samples: list[tuple[float, int]] = []
    done = threading.Event()
    interrupted = False

    def sample() -> None:
        nonlocal interrupted
        while not done.is_set():
            kib = rss_kib(proc.pid)
            if kib is not None:
                samples.append((round(time.perf_counter() - started, 2), kib))
            if interrupt_when is not None and not interrupted and interrupt_when.exists():
                proc.send_signal(signal.SIGINT)
                interrupted = True
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    thread.join()
    log.seek(0)
    output = log.read().decode("utf-8", errors="replace")
    peak_mib = usage.ru_maxrss / 1024  # Linux: KiB
    quarter = [samples[int(len(samples) * q) - 1][1] / 1024 for q in (0.25, 0.5, 0.75, 1.0)] if len(samples) >= 4 else []
    return {"exit_code": proc.returncode, "seconds": time.perf_counter() - started, "peak_rss_mib": peak_mib,
            "rss_mib_at_25_50_75_100pct_of_run": quarter, "samples": len(samples), "interrupted": interrupted,
            "output_tail": output.strip().splitlines()[-3:]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", "--n", dest="sentences", type=int, nargs="+", default=[10_000, 200_000])
    ap.add_argument("--model", default="tiny", help="'tiny' (random 2-layer BERT, built here) or a model folder")
    ap.add_argument("--backend", default="torch")
    ap.add_argument("--sentences-per-doc", type=int, default=10)
    ap.add_argument("--shard-size", type=int, default=200, help="documents per shard (framing score --shard-size)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet"], help="output format")
    ap.add_argument("--workdir", type=Path, default=None, help="where corpora and outputs go (default: a temp dir)")
    ap.add_argument("--interrupt", action="store_true", help="interrupt each run after 2 shards, then resume it")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = ap.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="framing-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    model = args.model
    if model == "tiny":
        from conftest import build_tiny_model

        model = str(build_tiny_model(work / "tiny-model"))
    base = base_sentences()
    framing_cli = [sys.executable, "-m", "framing.cli"]
    results = []
    for n in args.sentences:
        corpus = work / f"corpus-{n}.jsonl"
        docs = write_corpus(corpus, n, args.sentences_per_doc, base)
        out = work / f"scores-{n}.{args.format}"
        out.unlink(missing_ok=True)
        cmd = framing_cli + ["score", str(corpus), "-o", str(out), "--model", model, "--backend", args.backend,
                             "--shard-size", str(args.shard_size), "--batch-size", str(args.batch_size), "--quiet"]
        row: dict = {"sentences": n, "documents": docs, "corpus_mib": corpus.stat().st_size / 2**20}
        if args.interrupt:
            marker = out.with_name(out.name + ".parts") / "shard-00001.done.json"
            first = run_score(cmd, interrupt_when=marker)
            row["interrupted_run"] = first
            if not first["interrupted"]:
                print(f"{n}: the run finished before it could be interrupted (use more sentences)", flush=True)
            cmd_resume = [c for c in cmd if c != "--quiet"]
            res = run_score(cmd_resume)
            row["resumed"] = any("resumed" in line for line in res["output_tail"])
        else:
            res = run_score(cmd)
        row.update(res)
        if res["exit_code"] == 0 and out.exists():
            if args.format == "jsonl":
                with open(out, "rb") as fh:
                    row["rows_written"] = sum(1 for _ in fh)
            elif args.format == "parquet":
                import pyarrow.parquet as pq

                row["rows_written"] = pq.ParquetFile(out).metadata.num_rows
            row["output_mib"] = out.stat().st_size / 2**20
        results.append(row)
        print(f"{n:>8} sentences ({docs} articles): peak RSS {res['peak_rss_mib']:.0f} MiB, {res['seconds']:.0f} s, "
              f"exit {res['exit_code']}, rows {row.get('rows_written', '?')}"
              + (f", resumed: {row['resumed']}" if args.interrupt else ""), flush=True)
    report = {"model": args.model if args.model == "tiny" else model, "backend": args.backend,
              "shard_size_documents": args.shard_size, "sentences_per_doc": args.sentences_per_doc,
              "format": args.format, "workdir": str(work), "results": results}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.out}")
    return 0 if all(r["exit_code"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
