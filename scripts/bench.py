"""Benchmark framing against the transformers zero-shot-classification pipeline: same sentences, same model,
same hypotheses, same scores; sentences per second for each, and how close framing gets to the compute limit.

    python scripts/bench.py                                   # 2,000 sentences, the shipped model
    python scripts/bench.py --n 40 --model /path/to/nli       # a quick check
    python scripts/bench.py --suite samples/suite.toml        # also marker F1, torch vs onnx int8

Sentences: the example corpus (examples/corpus) segmented by framing, then varied with lead-ins
("Meanwhile, ...") until there are N distinct sentences. Hypotheses: the built-in markers' templates.
The pipeline runs with ``multi_label=True``, ``hypothesis_template="{}"`` and the templates as
``candidate_labels``, so its hypotheses are framing's. With ``multi_label=True`` the pipeline's score
is the softmax of entailment against contradiction only (neutral ignored); framing computes the same with
``score_mode="entail_vs_contra"``, which is what is compared here (framing's default ``"entailment"``
mode, P(entailment) over all three labels, does the same work and so runs at the same speed).

The compute limit: FLOPs per pair from the model config and the measured token counts
(2 x layers x (tokens x (4 H^2 + 2 H I) + 2 tokens^2 H), plus pooler and classifier), times pairs/s,
against the achievable peak measured here with a large fp32 matmul on the same threads.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import framing  # noqa: E402
from framing._nli import NLIModel, default_model_path, physical_cores  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LEADS = ["Meanwhile,", "On Tuesday,", "Later,", "In the afternoon,", "By Wednesday,", "Separately,", "As of noon,",
         "In a follow-up,", "Earlier,", "At the briefing,", "In the evening,", "Overnight,", "On Friday,",
         "In the same report,", "Once again,", "By then,", "At first,", "Since Monday,", "In the end,", "For now,"]
LOWER_FIRST = {"the", "a", "an", "it", "this", "that", "these", "those", "they", "he", "she", "we", "there", "its",
               "in", "on", "at", "for", "some", "many", "officials", "residents", "no", "one", "after", "before"}
METHODS = ("pipeline", "pipeline64", "torch", "onnx", "onnx-fp32")


def corpus_sentences(n: int, corpus: Path) -> list[str]:
    """N distinct sentences: the corpus's own, then the same with lead-ins, then with two lead-ins."""
    base: list[str] = []
    for doc in framing.read_documents(corpus):
        base.extend(s.text for s in framing.segment(doc)[0])
    base = list(dict.fromkeys(base))
    out: list[str] = []
    seen: set[str] = set()

    def lowered(s: str) -> str:
        first = s.split(" ", 1)[0]
        return s[0].lower() + s[1:] if first.lower() in LOWER_FIRST else s

    variants: list[Callable[[str], str]] = [lambda s: s]
    variants += [lambda s, lead=lead: f"{lead} {lowered(s)}" for lead in LEADS]
    variants += [lambda s, a=a, b=b: f"{a} {b[0].lower()}{b[1:]} {lowered(s)}" for a in LEADS for b in LEADS if a != b]
    for variant in variants:
        for s in base:
            v = variant(s)
            if v not in seen:
                seen.add(v)
                out.append(v)
                if len(out) == n:
                    return out
    raise SystemExit(f"cannot make {n} distinct sentences from {len(base)}")


def flops_per_pair(config: Any, tokens: np.ndarray) -> np.ndarray:
    """Forward-pass FLOPs (multiply-add = 2) of a BERT-style sequence classifier per pair of ``tokens`` tokens."""
    h, i, layers = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    t = tokens.astype(np.float64)
    per_layer = t * (4 * h * h + 2 * h * i) + 2 * t * t * h
    head = h * h + h * config.num_labels
    return 2.0 * (layers * per_layer + head)


def flops_per_pair_cls_only_last(config: Any, tokens: np.ndarray) -> np.ndarray:
    """As :func:`flops_per_pair`, with the last layer computed for [CLS] only (keys/values for every token)."""
    h, i = config.hidden_size, config.intermediate_size
    t = tokens.astype(np.float64)
    full_last = 2.0 * (t * (4 * h * h + 2 * h * i) + 2 * t * t * h)
    cls_last = 2.0 * (t * 2 * h * h + (2 * h * h + 2 * h * i) + 2 * t * h)
    return flops_per_pair(config, tokens) - full_last + cls_last


def best_seconds(fn: Callable[[], Any], repeats: int) -> float:
    """The fastest of ``repeats`` timed calls of ``fn``, after one untimed warm-up call."""
    fn()
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def matmul_peak(threads: int, size: int, repeats: int = 5) -> dict[str, float]:
    """Achievable fp32 GFLOP/s: the best of ``repeats`` timed ``size`` x ``size`` matmuls with torch."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(size, size), torch.randn(size, size)
    best = best_seconds(lambda: torch.mm(a, b), repeats)
    return {"size": size, "seconds": best, "gflops": 2 * size**3 / best / 1e9}


def int8_matmul_peak(threads: int, size: int, repeats: int = 5) -> dict[str, float] | None:
    """Achievable int8 GOP/s (multiply-add = 2) of onnxruntime's MatMulInteger (uint8 x int8, as the int8
    backend's quantised matmuls run) on ``size`` x ``size``; None without onnxruntime."""
    try:
        import onnxruntime as ort
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        return None
    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.integers(-127, 128, (size, size), dtype=np.int8), "b")
    node = helper.make_node("MatMulInteger", ["a", "b"], ["c"])
    graph = helper.make_graph([node], "int8_peak", [helper.make_tensor_value_info("a", TensorProto.UINT8, [size, size])],
                              [helper.make_tensor_value_info("c", TensorProto.INT32, [size, size])], [weight])
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    session = ort.InferenceSession(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString(),
                                   options, providers=["CPUExecutionProvider"])
    feeds = {"a": rng.integers(0, 256, (size, size), dtype=np.uint8)}
    best = best_seconds(lambda: session.run(None, feeds), repeats)
    return {"size": size, "seconds": best, "gops": 2 * size**3 / best / 1e9}


def nominal_peak(cores: int) -> dict[str, Any]:
    """Nominal fp32 peak from /proc/cpuinfo: cores x clock x FLOP/cycle (AVX-512: 64, AVX2+FMA: 32)."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return {}
    flags = set(re.search(r"^flags\s*:\s*(.*)$", info, re.M).group(1).split()) if "flags" in info else set()
    mhz = [float(x) for x in re.findall(r"^cpu MHz\s*:\s*([\d.]+)", info, re.M)]
    per_cycle = 64 if "avx512f" in flags else 32 if {"avx2", "fma"} <= flags else 16 if "avx" in flags else 8
    if not mhz:
        return {"flop_per_cycle": per_cycle}
    ghz = max(mhz) / 1000
    return {"cores": cores, "ghz": ghz, "flop_per_cycle": per_cycle, "gflops": cores * ghz * per_cycle}


def cpu_name() -> str:
    try:
        m = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
        return m.group(1).strip() if m else platform.processor()
    except OSError:
        return platform.processor()


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def run_pipeline(model: Any, tokenizer: Any, sentences: list[str], templates: list[str],
                 batch_size: int | None) -> np.ndarray:
    from transformers import pipeline

    clf = pipeline("zero-shot-classification", model=model, tokenizer=tokenizer, device=-1)
    kwargs: dict[str, Any] = {"candidate_labels": templates, "hypothesis_template": "{}", "multi_label": True}
    if batch_size is not None:
        kwargs["batch_size"] = batch_size
    results = clf(sentences, **kwargs)
    if isinstance(results, dict):
        results = [results]
    col = {t: j for j, t in enumerate(templates)}
    out = np.empty((len(sentences), len(templates)), dtype=np.float64)
    for i, r in enumerate(results):
        assert r["sequence"] == sentences[i]
        for label, score in zip(r["labels"], r["scores"]):
            out[i, col[label]] = score
    return out


def run_framing(nli: Any, sentences: list[str], templates: list[str]) -> np.ndarray:
    """All (sentence, template) pairs through ``score_pairs``, as the Scorer builds them; [sentence, template]."""
    premises = [s for _ in templates for s in sentences]
    hypotheses = [t for t in templates for _ in sentences]
    return nli.score_pairs(premises, hypotheses).reshape(len(templates), len(sentences)).T.astype(np.float64)


def marker_f1(suite: Path, model: str | None, backends: list[str]) -> dict[str, Any]:
    """Marker precision/recall/F1 on the suite's labelled sentences for each backend."""
    from framing._evaluate import evaluate, load_suite
    from framing._markers import load_markers, select_markers

    s = load_suite(suite)
    chosen = select_markers(load_markers(s.markers_file), s.markers)
    out: dict[str, Any] = {}
    for b in backends:
        rep = evaluate(s, framing.Scorer(model or s.model, chosen, backend=b))
        out[b] = {m: {k: r[k] for k in ("n", "precision", "recall", "f1")} for m, r in rep.metrics.items()}
    if "torch" in out:
        for b in backends:
            if b != "torch":
                out[f"f1_diff_{b}_vs_torch"] = {m: out[b][m]["f1"] - out["torch"][m]["f1"] for m in out["torch"]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", "--sentences", dest="n", type=int, default=2000, help="sentences (default 2000)")
    ap.add_argument("--model", default=None, help="NLI model folder (default: the shipped model)")
    ap.add_argument("--corpus", type=Path, default=REPO / "examples" / "corpus")
    ap.add_argument("--methods", default=",".join(METHODS), help=f"comma-separated subset of {','.join(METHODS)}")
    ap.add_argument("--batch-size", type=int, default=32, help="framing's pairs per batch")
    ap.add_argument("--threads", type=int, default=None, help="threads for every method (default: physical cores)")
    ap.add_argument("--warmup", type=int, default=8, help="sentences run once by each method before timing")
    ap.add_argument("--matmul-size", type=int, default=2048)
    ap.add_argument("--tolerance", type=float, default=1e-4, help="max |torch - pipeline| allowed")
    ap.add_argument("--suite", type=Path, default=None, help="also report marker F1 per backend on this eval suite")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON")
    args = ap.parse_args(argv)

    import torch
    import transformers
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = set(methods) - set(METHODS)
    if unknown:
        ap.error(f"unknown methods {sorted(unknown)}; choose from {METHODS}")
    threads = args.threads or physical_cores()
    load_start = os.getloadavg()[0]
    torch.set_num_threads(threads)
    model_path = Path(args.model) if args.model else default_model_path()
    if not (model_path / "config.json").exists():
        ap.error(f"no model at {model_path}; pass --model PATH")

    sentences = corpus_sentences(args.n, args.corpus)
    templates = list(dict.fromkeys(t for mk in framing.builtin_markers().values() for t in mk.templates))
    warm = sentences[: args.warmup]
    print(f"{len(sentences)} sentences x {len(templates)} templates = {len(sentences) * len(templates)} pairs; "
          f"model {model_path}; {threads} threads; load average {os.getloadavg()[0]:.2f}", flush=True)

    tokenizer = AutoTokenizer.from_pretrained(str(model_path))
    hf_model = AutoModelForSequenceClassification.from_pretrained(str(model_path), dtype=torch.float32).eval()
    config = hf_model.config
    nli = NLIModel.load(model_path, batch_size=args.batch_size, score_mode="entail_vs_contra", threads=threads)
    enc = nli.encode([s for _ in templates for s in sentences], [t for t in templates for _ in sentences])
    tokens = np.array([len(x) for x in enc["input_ids"]])
    untruncated = np.array([len(x) for x in tokenizer([s for _ in templates for s in sentences],
                                                       [t for t in templates for _ in sentences])["input_ids"]])
    flops = flops_per_pair(config, tokens)
    order = np.sort(tokens)
    padded = sum(len(order[i : i + args.batch_size]) * flops_per_pair(config, order[i : i + args.batch_size].max(keepdims=True))[0]
                 for i in range(0, len(order), args.batch_size))

    results: dict[str, dict[str, Any]] = {}
    scores: dict[str, np.ndarray] = {}
    runners: dict[str, Callable[[list[str]], np.ndarray]] = {}
    if "pipeline" in methods:
        runners["pipeline"] = lambda s: run_pipeline(hf_model, tokenizer, s, templates, None)
    if "pipeline64" in methods:
        runners["pipeline64"] = lambda s: run_pipeline(hf_model, tokenizer, s, templates, 64)
    if "torch" in methods:
        runners["torch"] = lambda s: run_framing(nli, s, templates)
    for backend in ("onnx", "onnx-fp32"):
        if backend not in methods:
            continue
        try:
            from framing._onnx import ONNXModel

            started = time.perf_counter()
            onnx = ONNXModel.load(model_path, precision="fp32" if backend == "onnx-fp32" else "int8",
                                  batch_size=args.batch_size, score_mode="entail_vs_contra", threads=threads)
            results[backend] = {"load_or_build_seconds": time.perf_counter() - started, "file": onnx.onnx_path}
            runners[backend] = lambda s, onnx=onnx: run_framing(onnx, s, templates)
        except framing.ModelError as exc:
            print(f"{backend}: skipped ({exc})", flush=True)
            results[backend] = {"skipped": str(exc)}

    for name, run in runners.items():
        run(warm)
        out, wall, cpu = timed(lambda run=run: run(sentences))
        scores[name] = out
        results.setdefault(name, {}).update(
            seconds=wall, cpu_seconds=cpu, sentences_per_s=len(sentences) / wall,
            pairs_per_s=len(sentences) * len(templates) / wall, load_average_after=os.getloadavg()[0])
        print(f"{name:>11}: {wall:8.1f} s  {len(sentences) / wall:8.1f} sentences/s", flush=True)

    reference = "pipeline" if "pipeline" in scores else "pipeline64" if "pipeline64" in scores else None
    if reference:
        base = results[reference]["sentences_per_s"]
        for name in scores:
            results[name]["ratio_vs_" + reference] = results[name]["sentences_per_s"] / base
            results[name]["max_abs_diff_vs_" + reference] = float(np.abs(scores[name] - scores[reference]).max())
            results[name]["mean_abs_diff_vs_" + reference] = float(np.abs(scores[name] - scores[reference]).mean())
    if "pipeline" in scores and "pipeline64" in scores:
        results["pipeline64"]["max_abs_diff_vs_pipeline"] = float(np.abs(scores["pipeline64"] - scores["pipeline"]).max())
    parity = None
    if "torch" in scores and reference:
        diff = results["torch"]["max_abs_diff_vs_" + reference]
        parity = {"reference": reference, "max_abs_diff": diff, "tolerance": args.tolerance, "ok": diff <= args.tolerance}

    matmul = matmul_peak(threads, args.matmul_size)
    matmul_int8 = int8_matmul_peak(threads, args.matmul_size)
    nominal = nominal_peak(threads)
    gflop_pair = float(flops.mean() / 1e9)
    compute = {"mean_tokens_per_pair": float(tokens.mean()), "max_tokens": int(tokens.max()),
               "pairs_truncated_at_max_length": int((untruncated > nli.max_length).sum()),
               "gflop_per_pair_useful": gflop_pair,
               "gflop_per_pair_at_mean_tokens": float(flops_per_pair(config, np.array([tokens.mean()]))[0] / 1e9),
               "gflop_per_pair_framing_cls_only_last_layer": float(flops_per_pair_cls_only_last(config, tokens).mean() / 1e9),
               "note": "useful FLOPs and fractions of peak use the full model's FLOPs per pair for every method "
                       "(framing's torch/onnx compute the last layer for [CLS] only, doing fewer)",
               "padding_overhead": float(padded / flops.sum() - 1.0),
               "matmul_peak": matmul, "nominal_peak": nominal,
               "limit_sentences_per_s_at_matmul_peak": matmul["gflops"] / gflop_pair / len(templates),
               "int8_matmul_peak": matmul_int8,
               "limit_sentences_per_s_at_int8_matmul_peak":
                   matmul_int8["gops"] / gflop_pair / len(templates) if matmul_int8 else None}
    for name in scores:
        achieved = results[name]["pairs_per_s"] * gflop_pair
        results[name]["useful_gflops"] = achieved
        results[name]["fraction_of_matmul_peak"] = achieved / matmul["gflops"]
        if nominal.get("gflops"):
            results[name]["fraction_of_nominal_peak"] = achieved / nominal["gflops"]
        if name == "onnx" and matmul_int8:
            results[name]["fraction_of_int8_matmul_peak"] = achieved / matmul_int8["gops"]

    f1 = marker_f1(args.suite, str(model_path), ["torch"] + (["onnx"] if "onnx" in runners else [])) \
        if args.suite else None

    import importlib.metadata as md

    def version(pkg: str) -> str | None:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return None

    report = {
        "machine": {"cpu": cpu_name(), "logical_cpus": os.cpu_count(), "physical_cores": physical_cores(),
                    "threads": threads, "platform": platform.platform(), "python": platform.python_version(),
                    "torch": torch.__version__, "transformers": transformers.__version__,
                    "onnxruntime": version("onnxruntime"),
                    "load_average_start_end": [load_start, os.getloadavg()[0]]},
        "model": str(model_path), "sentences": len(sentences), "templates": templates,
        "pairs": len(sentences) * len(templates), "framing_batch_size": args.batch_size,
        "score_mode_compared": "entail_vs_contra (the pipeline's multi_label=True score)",
        "results": results, "parity": parity, "compute": compute, "marker_f1": f1,
    }

    print()
    print(f"| method | sentences/s | x pipeline default | max abs diff | % of matmul peak |")
    print("|---|---:|---:|---:|---:|")
    labels = {"pipeline": "transformers pipeline (batch_size default)", "pipeline64": "transformers pipeline (batch_size=64)",
              "torch": "framing torch", "onnx": "framing onnx int8", "onnx-fp32": "framing onnx fp32"}
    for name in scores:
        r = results[name]
        ratio = r.get("ratio_vs_" + reference) if reference else None
        diff = r.get("max_abs_diff_vs_" + reference) if reference else None
        print(f"| {labels[name]} | {r['sentences_per_s']:.1f} | {ratio:.2f} | {diff:.1e} | "
              f"{100 * r['fraction_of_matmul_peak']:.0f}% |" if ratio is not None else
              f"| {labels[name]} | {r['sentences_per_s']:.1f} | - | - | {100 * r['fraction_of_matmul_peak']:.0f}% |")
    print(f"\n{cpu_name()}, {threads} threads; {compute['mean_tokens_per_pair']:.1f} tokens per pair, "
          f"{gflop_pair:.2f} GFLOP per pair; matmul peak {matmul['gflops']:.0f} GFLOP/s"
          + (f" (nominal {nominal['gflops']:.0f})" if nominal.get("gflops") else "")
          + f" -> compute limit {compute['limit_sentences_per_s_at_matmul_peak']:.1f} sentences/s")
    if matmul_int8:
        print(f"int8 matmul peak (onnxruntime MatMulInteger) {matmul_int8['gops']:.0f} GOP/s -> int8 compute limit "
              f"{compute['limit_sentences_per_s_at_int8_matmul_peak']:.1f} sentences/s"
              + (f"; framing onnx int8 reaches {100 * results['onnx']['fraction_of_int8_matmul_peak']:.0f}% of it"
                 if "fraction_of_int8_matmul_peak" in results.get("onnx", {}) else ""))
    if parity:
        print(f"parity: framing torch vs {reference}: max |diff| = {parity['max_abs_diff']:.2e} "
              f"({'ok' if parity['ok'] else 'FAIL'}, tolerance {args.tolerance:g})")
    if f1:
        for b in [k for k in f1 if not k.startswith("f1_diff")]:
            print(f"marker F1 {b}: " + ", ".join(f"{m} {r['f1']:.3f}" for m, r in f1[b].items()))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.out}")
    return 0 if parity is None or parity["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
