"""The ``framing`` command line: parses arguments, calls the public API, prints.

Errors a user can cause print one line and exit with code 2; nothing prints a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import warnings
from pathlib import Path
from typing import Any, Callable, Optional

import typer

import framing
from framing import FramingError, InputError

app = typer.Typer(
    help="Measure how news outlets frame the same story: hedging, attribution and loaded language.\n\n"
    "Start with: framing profile examples/corpus",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

MODEL_HELP = "Model folder (an NLI checkpoint). Default: the shipped model in models/."
MARKERS_HELP = "TOML file of markers that add to or override the built-in ones."
BACKEND_HELP = ("torch (default); onnx = ONNX Runtime with int8 weights, faster on CPU (needs the onnx extra: "
                "onnxruntime and onnx; the model is exported once and cached in <model>/onnx/); onnx-fp32.")


def one_line(text: object) -> str:
    """A message on one line: every run of whitespace, newlines included, made one space."""
    return " ".join(str(text).split())


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that temporary files are removed and finished shards kept."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated()


_INTERRUPTED = {"score": "finished shards are kept, run the same command again to resume",
                "adapt": "checkpoints are kept, run the same command again to resume"}
_BATCHED = {"score", "profile", "eval", "calibrate", "adapt"}


def _one_line_warning(message: Any, category: Any, filename: str, lineno: int, line: Any = None) -> str:
    return f"warning: {one_line(message)}\n"


warnings.formatwarning = _one_line_warning  # library warnings (unverified weights...) as one line, no source


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user-caused errors into a one-line message and exit code 2; Ctrl-C into exit 130 (SIGTERM: 143).

    Anything else is a bug: one line, exit code 1, and the traceback only with ``FRAMING_DEBUG=1``.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import click

        installed, previous = False, None
        try:
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
            installed = True
        except (ValueError, OSError):  # not the main thread: leave signals alone
            pass
        try:
            return fn(*args, **kwargs)
        except FramingError as exc:
            _fail(one_line(exc))
        except KeyboardInterrupt as exc:
            typer.secho(f"interrupted; {_INTERRUPTED.get(fn.__name__, 'no output was written (outputs are written only when complete)')}",
                        err=True)
            raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
        except MemoryError:
            _fail("out of memory" + ("; lower --batch-size or --shard-size" if fn.__name__ in _BATCHED else ""))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, typer.Exit, typer.Abort):
            raise  # typer >= 0.2x has its own Exit and Abort, not click's
        except BrokenPipeError:  # `framing segment ... | head`: the reader has gone; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except OSError as exc:
            where = f": {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror or one_line(exc)}{where}; check the path and its permissions")
        except Exception as exc:  # noqa: BLE001 - a bug: say so in one line, no traceback unless asked
            if os.environ.get("FRAMING_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {one_line(exc)[:200]}); this is a bug in framing, please "
                  "report it with the command you ran (FRAMING_DEBUG=1 shows the traceback)", code=1)
        finally:
            if installed:
                signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)

    return wrapper


_OPTION_WORDS = {"the shard size": "--shard-size", "the limit": "--limit", "on_error": "--on-error",
                 "the epochs": "--epochs", "the learning rate": "--lr", "the batch size": "--batch-size",
                 "the replay ratio": "--replay-ratio", "the negative label": "--negative-label", "dpi": "--dpi"}


def _as_options(message: str) -> str:
    """A library message with the CLI's option names: 'the limit must be ...' -> '--limit must be ...'."""
    for words, option in _OPTION_WORDS.items():
        if message.startswith(words + " "):
            return option + message[len(words):]
    return message


def _warn_read(skipped_line: str, notes: list[str]) -> None:
    """What reading skipped or changed: on stderr, even with --quiet."""
    if skipped_line:
        typer.secho(f"warning: {skipped_line}", err=True, fg=typer.colors.YELLOW)
    for note in notes:
        typer.secho(f"note: {note}", err=True)


def _scorer(model: Optional[str], markers: Optional[Path], marker: Optional[list[str]], device: str,
            batch_size: int, score_mode: str = "entailment", backend: str = "torch", drivers: bool = False) -> Any:
    if batch_size < 1:
        raise InputError(f"--batch-size must be at least 1, got {batch_size}")
    chosen = framing.select_markers(framing.load_markers(markers), marker or None)
    return framing.Scorer.from_pretrained(model, markers=chosen, backend=backend, device=device,
                                          batch_size=batch_size, score_mode=score_mode, drivers=drivers)


def _progress(quiet: bool, total: int | None, unit: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=unit, disable=quiet, dynamic_ncols=True, file=sys.stderr, delay=1.0)


def _count_inputs(path: Path) -> int | None:
    if path.is_dir():
        return sum(1 for p in path.rglob("*.txt") if p.is_file())
    return None


@app.command()
@user_errors
def score(
    input: Path = typer.Argument(..., help="Folder of .txt files (one subfolder per outlet), or .jsonl/.csv/.parquet."),
    output: Path = typer.Option(..., "-o", "--output", help="Output file: .jsonl, .csv or .parquet (by extension)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Score only this marker (repeatable)."),
    text_column: str = typer.Option("text", help="Column holding the article text."),
    outlet_column: str = typer.Option("outlet", help="Column holding the outlet name."),
    id_column: str = typer.Option("id", help="Column holding the document id (row number when absent)."),
    outlet_pattern: Optional[str] = typer.Option(None, help="Regex with a group (?P<outlet>...) matched on .txt file names."),
    batch_size: int = typer.Option(32, help="Pairs per model batch."),
    shard_size: int = typer.Option(200, help="Documents per output shard (resume unit)."),
    device: str = typer.Option("cpu", help="torch device: cpu, cuda, cuda:1, mps."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N documents."),
    on_error: str = typer.Option("fail", help="Malformed records: 'fail' or 'skip' (and report)."),
    dropped: Optional[Path] = typer.Option(None, help="Also write what segmentation dropped, and why, to this file."),
    score_mode: str = typer.Option("entailment", help="'entailment' = P(entailment); 'entail_vs_contra' ignores neutral."),
    no_segment: bool = typer.Option(False, "--no-segment", help="Score each text as one sentence."),
    backend: str = typer.Option("torch", help=BACKEND_HELP),
    drivers: bool = typer.Option(True, "--drivers/--no-drivers",
                                 help="Add the words that drive each positive decision as 'driver' evidence spans "
                                      "(docs/drivers.md); --no-drivers scores faster."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Score every sentence of INPUT for each marker; write one row per sentence.

    Beside the output, OUTPUT.meta.json records the run (model and card, markers, counts, date) for `framing report`.

    Example: framing score examples/corpus -o scores.jsonl
    """
    columns = framing.Columns(text_column, outlet_column, id_column)
    try:  # every output, option and the first documents are checked before the model loads
        framing.check_score_file(input, output, columns=columns, outlet_pattern=outlet_pattern, shard_size=shard_size,
                                 limit=limit, on_error=on_error, dropped_path=dropped)
    except InputError as exc:
        raise InputError(_as_options(str(exc))) from None
    scorer = _scorer(model, markers, marker, device, batch_size, score_mode, backend, drivers)
    bar = _progress(quiet, _count_inputs(input), "doc")
    try:
        summary = framing.score_file(input, output, scorer, columns=columns,
                             outlet_pattern=outlet_pattern, shard_size=shard_size, limit=limit, on_error=on_error,
                             segment_text=not no_segment, dropped_path=dropped,
                             on_shard=lambda docs, sents: bar.update(docs))
    finally:
        bar.close()
    if not quiet:
        reused = f" ({summary.shards_reused} of {summary.shards_total} shards resumed)" if summary.shards_reused else ""
        typer.echo(f"scored {summary.sentences} sentences from {summary.documents} documents -> {output}{reused}")
        if summary.dropped:
            parts = ", ".join(f"{k} {v}" for k, v in summary.dropped.most_common())
            typer.echo(f"dropped {sum(summary.dropped.values())} boilerplate pieces: {parts}"
                       + ("" if dropped else " (see them with --dropped FILE)"))
    _warn_read(summary.skipped_line, summary.notes)


def print_profiles(profiles: list[Any]) -> None:
    """A readable table: one row per outlet, one column per marker (rate and 95% CI)."""
    from rich.table import Table

    markers = list(profiles[0].markers) if profiles else []
    audited = any(s.audit is not None for p in profiles for s in p.markers.values())
    table = Table(title="Framing profiles: share of sentences per marker [95% CI, sentences clustered in articles]"
                  + ("; audited rate below the raw rate" if audited else ""))
    table.add_column("outlet", style="bold")
    table.add_column("articles", justify="right")
    table.add_column("sentences", justify="right")
    for m in markers:
        table.add_column(m, justify="right")
    for p in profiles:
        best = {m: max(profiles, key=lambda q: q.rate(m)).outlet for m in markers}
        cells = []
        for m in markers:
            s = p.markers[m]
            text = f"{s.rate.value:.2f} [{s.rate.low:.2f}, {s.rate.high:.2f}]"
            text = f"[green]{text}[/green]" if best[m] == p.outlet and len(profiles) > 1 else text
            if s.own_rate is not None:
                text += f"\nown words {_share(s.own_rate)}\nquotes {_share(s.quoted_rate)}"
            if s.audit is not None:
                a = s.audit.audited
                text += f"\naudited {a.value:.2f} [{a.low:.2f}, {a.high:.2f}] (n={s.audit.n_labels}, kappa {_num(s.audit.kappa)})"
            cells.append(text)
        table.add_row(p.outlet + (" *" if p.few_articles else ""), str(p.n_articles), str(p.n_sentences), *cells)
    _console().print(table)
    few = [f"{p.outlet} ({p.n_articles})" for p in profiles if p.few_articles]
    if few:
        typer.secho(f"warning: * few articles for {', '.join(few)}: intervals rest mostly on an "
                    "assumed between-article variation; read them as rough", err=True, fg=typer.colors.YELLOW)


def _num(x: float) -> str:
    return "n/a" if x != x else f"{x:.2f}"


def _share(interval: Any) -> str:
    return "-" if interval is None else f"{interval.value:.2f} [{interval.low:.2f}, {interval.high:.2f}]"


def print_attribution(profiles: list[Any], k: int = 3) -> None:
    """Whom each outlet quotes: the ``k`` most quoted sources with counts, the anonymous share and the share
    of evaluative cue verbs (95% CI), over sentences decided as attribution. Nothing without such sentences."""
    from rich.table import Table

    rows = [p for p in profiles if p.attribution is not None and (p.attribution.n or p.attribution.cue_types)]
    if not rows:
        return
    table = Table(title="Whom each outlet quotes: sentences decided as attribution [95% CI]")
    table.add_column("outlet", style="bold")
    table.add_column("quoted", justify="right")
    table.add_column("anonymous", justify="right")
    table.add_column("evaluative cue", justify="right")
    table.add_column(f"top {k} sources (count)")
    for p in rows:
        top = ", ".join(f"{name} ({count})" for name, count in p.top_sources(k)) or "-"
        table.add_row(p.outlet, str(p.attribution.n), _share(p.anonymous_share), _share(p.evaluative_share), top)
    _console().print(table)


def _console() -> Any:
    """A rich console; when output is piped or captured, wide enough that tables do not truncate."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=140)


@app.command()
@user_errors
def profile(
    input: Path = typer.Argument(..., help="A scores file from `framing score`, or raw input (folder/JSONL/CSV/Parquet)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write profiles as JSON (.json) or a tidy table (.csv/.parquet)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Only this marker (repeatable)."),
    batch_size: int = typer.Option(32, help="Pairs per model batch (raw input only)."),
    device: str = typer.Option("cpu", help="torch device (raw input only)."),
    seed: int = typer.Option(0, help="Kept for compatibility: intervals are not random."),
    top: int = typer.Option(3, help="Strongest evidence sentences kept per marker and outlet."),
    backend: str = typer.Option("torch", help=BACKEND_HELP + " Raw input only."),
    text_column: str = typer.Option("text", help="Column holding the article text (raw input only)."),
    outlet_column: str = typer.Option("outlet", help="Column holding the outlet name (raw input only)."),
    id_column: str = typer.Option("id", help="Column holding the document id (raw input only)."),
    on_error: str = typer.Option("fail", help="Malformed records in raw input: 'fail' or 'skip' (and report)."),
    audit: Optional[Path] = typer.Option(None, "--audit", help="A labelled audit CSV (`framing audit sample`, then `label`): adds audited rates (PPI++), precision, recall and kappa."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    roles: str = typer.Option("body", "--roles", help="Comma-separated roles whose sentences count in the rates "
                              "(headline, standfirst, subhead, body); headlines also get their own table."),
) -> None:
    """Per-outlet framing profiles: marker rates with 95% confidence intervals, and whom each outlet quotes
    (top sources, anonymous share, evaluative cue verbs).

    Example: framing profile examples/corpus -o profile.json
    """
    if not input.exists():
        raise InputError(f"input not found: {input}; pass a scores file or a folder/JSONL/CSV/Parquet of articles")
    if output is not None and output.suffix.lower() != ".json":
        if framing.output_format(output) == "jsonl":  # a bad output name fails now, not after scoring
            raise InputError(f"{output}: profiles are written as .json (everything), .csv or .parquet (a table), "
                             "not .jsonl")
    chosen_roles = framing.parse_roles(roles)
    if seed < 0 or top < 0:
        raise InputError(f"--seed and --top must be 0 or more, got {seed} and {top}")
    if output is not None:
        framing.refuse_input_as_output(output, [input, audit])
    meta: dict[str, Any] = {"input": str(input)}
    if framing.is_scores_file(input):
        corpus = framing.load_scores(input).select(marker or [])
        if corpus.meta.get("run_note"):  # the scores file was changed after scoring
            typer.secho(f"warning: {corpus.meta['run_note']}", err=True, fg=typer.colors.YELLOW)
        run = corpus.meta  # what `framing score` recorded beside the scores: model, markers, dropped
        meta.update({k: run[k] for k in ("model", "markers", "dropped", "run_meta") if k in run})
        results = corpus.results
    else:
        report = framing.ReadReport()
        docs = framing.read_documents(input, columns=framing.Columns(text_column, outlet_column, id_column),
                                      on_error=on_error, report=report)
        _warn_read(report.skipped_line(), report.note_lines())
        scorer = _scorer(model, markers, marker, device, batch_size, backend=backend)
        corpus = scorer.score(docs, progress=not quiet)
        results = corpus.results
        meta.update(model=scorer.nli.path, backend=scorer.backend, markers={m: mk.threshold for m, mk in scorer.markers.items()},
                    dropped=corpus.dropped_summary())
        if not quiet and corpus.dropped:
            parts = ", ".join(f"{k} {v}" for k, v in corpus.dropped_summary().items())
            typer.echo(f"dropped {len(corpus.dropped)} boilerplate pieces: {parts}")
    if not results:
        raise InputError(f"{input}: no sentences to profile; the texts are empty or only boilerplate "
                         "(see what is dropped with `framing segment`)")
    table = None
    if audit is not None:
        table = framing.read_audit(audit, results)
        meta["audit"] = str(audit)
    profiles = framing.Profiles.from_results(results, seed=seed, top_k=top, audit=table, meta=meta,
                                             roles=chosen_roles)
    if not quiet:
        print_profiles(profiles.profiles)
        print_attribution(profiles.profiles)
        if profiles.headlines:
            typer.secho("Headlines: the same rates over headline units only", bold=True)
            print_profiles(profiles.headlines)
    if output is not None:
        profiles.save(output)
        if not quiet:
            typer.echo(f"wrote {output}")


@app.command("markers")
@user_errors
def markers_cmd(
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List the markers: description, threshold, templates and number of cues."""
    from rich.table import Table

    loaded = framing.load_markers(markers)
    if as_json:
        typer.echo(json.dumps({m: mk.to_dict() for m, mk in loaded.items()}, indent=2))
        return
    table = Table(title="Markers")
    for col in ("marker", "threshold", "templates", "cues", "description"):
        table.add_column(col)
    for name, mk in loaded.items():
        table.add_row(name, f"{mk.threshold:.2f}", "\n".join(mk.templates), str(len(mk.cues)), mk.description)
    _console().print(table)


@app.command()
@user_errors
def info(
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
) -> None:
    """Show the model in use, where it loads from, and its card (training data, accuracy)."""
    nli = framing.NLIModel.from_pretrained(model)
    card = nli.card
    typer.echo(f"framing {framing.__version__}")
    typer.echo(f"model: {nli.name}")
    typer.echo(f"loaded from: {nli.path}")
    typer.echo(f"labels: {nli.model.config.id2label} (entailment = {nli.entail_index})")
    if not card:
        typer.echo("card: none (not a framing-trained model)")
        return
    summary = nli.card_summary()  # the same summary `framing score` records beside its output
    if summary.get("summary"):
        typer.echo(f"summary: {summary['summary']}")
    if summary.get("base_model"):
        typer.echo(f"base model: {summary['base_model']}")
    if summary.get("training_rows"):
        typer.echo(f"trained on: {summary['training_rows']} pairs, {summary.get('train_seconds', '?')} s on "
                   f"{summary.get('hardware', '?')}")
    if summary.get("adapted"):
        a = summary["adapted"]
        typer.echo(f"adapted on markers: {', '.join(a['markers'])} ({a.get('sentences') or '?'} labelled sentences)")
    for name, res in summary.get("evaluation", {}).items():
        typer.echo(f"accuracy on {name}: {res['accuracy']:.4f} (n={res['n']})")
    if summary.get("weights_sha256"):
        typer.echo("weights: sha256 verified against the card")


@app.command("segment")
@user_errors
def segment_cmd(
    input: Path = typer.Argument(..., help="A .txt file, or a folder/JSONL/CSV/Parquet of articles."),
    show_dropped: bool = typer.Option(True, "--dropped/--no-dropped", help="Also list what was dropped and why."),
    limit: int = typer.Option(1, help="Show at most this many documents."),
) -> None:
    """Show how articles are read: each sentence with its role (headline, standfirst, subhead, body) and
    what is dropped as page furniture or boilerplate (and why)."""
    if limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    report = framing.ReadReport()
    docs = framing.read_documents(input, report=report)
    _warn_read(report.skipped_line(), report.note_lines())
    furniture = framing.site_furniture(docs)
    for doc in docs[:limit]:
        kept, gone = framing.read_page(doc, furniture.get(doc.outlet, frozenset()))
        typer.secho(f"# {doc.id} ({doc.outlet}): {len(kept)} sentences, {len(gone)} dropped", bold=True)
        for k in ("title", "date", "author"):
            if doc.meta.get(k):
                typer.echo(f"  {k}: {doc.meta[k]}")
        for s in kept:
            typer.echo(f"  {s.index:3d}  [{s.role}] {s.text}")
        if show_dropped:
            for d in gone:
                typer.secho(f"  drop [{d.reason}] {d.text}", fg=typer.colors.YELLOW)


@app.command("eval")
@user_errors
def eval_cmd(
    suite: Path = typer.Argument(..., help="Suite TOML: labelled data, markers, minimum/maximum per metric."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report as JSON."),
    backend: str = typer.Option("torch", help=BACKEND_HELP),
) -> None:
    """Check markers against labelled sentences; exit 1 when a metric misses its bound.

    Example: framing eval samples/suite.toml -o eval.json
    """
    suite_def = framing.load_suite(suite)
    if output is not None:
        framing.refuse_input_as_output(output, [suite, *suite_def.files(), markers])
    report = framing.evaluate(suite_def, model=model, markers_file=markers, backend=backend)  # type: ignore[arg-type]
    _console().print(_metrics_table(report, f"{report.name}: {report.data}, model {report.model}", report.metrics))
    for name, part in report.parts.items():
        _console().print(_metrics_table(report, f"{name}: {part['data']}", part["metrics"], prefix=f"{name}: "))
    if report.spans is not None:
        _console().print(_spans_table(report))
    if report.segmentation is not None:
        _console().print(_segmentation_table(report))
        for note in report.segmentation_notes:
            typer.echo(f"note: {note}")
    if report.consistency is not None:
        _console().print(_consistency_table(report))
    if output is not None:
        report.save(output)
        typer.echo(f"wrote {output}")
    for c in report.failures:
        bound = ">=" if c.kind == "min" else "<="
        typer.secho(f"REGRESSION {c.marker} {c.metric} = {c.value:.4f}, needs {bound} {c.bound}", fg=typer.colors.RED)
    if not report.passed:
        raise typer.Exit(1)
    typer.secho(f"passed: {len(report.checks)} checks", fg=typer.colors.GREEN)


def _metrics_table(report: Any, title: str, metrics: dict[str, dict[str, float]], prefix: str = "") -> Any:
    from rich.table import Table

    table = Table(title=title)
    for col in ("marker", "n", "pos", "thr", "precision", "recall", "f1", "roc_auc", "brier", "ece"):
        table.add_column(col, justify="right" if col != "marker" else "left")
    for m, r in metrics.items():
        failed = {c.metric for c in report.failures if c.marker == prefix + m}
        cells = [f"[red]{r[k]:.3f}[/red]" if k in failed else f"{r[k]:.3f}"
                 for k in ("precision", "recall", "f1", "roc_auc", "brier", "ece")]
        table.add_row(m, str(r["n"]), str(r["positives"]), f"{r['threshold']:.3f}", *cells)
    return table


def _figures_table(title: str, rows: Any) -> Any:
    """A table of (figure, value, check) rows: each value in red when its check failed, and the check's minimum."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("min", justify="right")
    for metric, figure, c in rows:
        value = f"{figure:.3f}"
        table.add_row(metric, value if c is None or c.passed else f"[red]{value}[/red]",
                      "" if c is None else f"{c.bound:.2f}")
    return table


def _segmentation_table(report: Any) -> Any:
    """The suite's page-reading figures (fixture pages; real HTML pages when present) and minimums."""
    return _figures_table("page reading: fixture pages (boilerplate, body, headlines) and real HTML pages (token F1)",
                          report.segmentation_rows())


def _consistency_table(report: Any) -> Any:
    """Per marker: consistency groups, share whose members agree, share matching the expected label, minimums."""
    from rich.table import Table

    table = Table(title=f"consistency: {report.consistency_data}")
    for col in ("marker", "groups", "agreement", "min", "expected label", "min"):
        table.add_column(col, justify="left" if col == "marker" else "right")
    for m, groups, figures in report.consistency_rows():
        cells = []
        for _, value, c in figures:
            cells += [f"{value:.3f}" if c is None or c.passed else f"[red]{value:.3f}[/red]",
                      "" if c is None else f"{c.bound:.2f}"]
        table.add_row(m, str(groups), *cells)
    return table


def _spans_table(report: Any) -> Any:
    """The suite's attribution span figures (F1 exact and token overlap per span, type accuracies) and minimums."""
    return _figures_table(f"attribution spans (rules): {report.spans_data}, {int(report.spans['n'])} sentences",
                          report.span_rows())


@app.command()
@user_errors
def calibrate(
    labelled: Path = typer.Argument(..., help="JSONL/CSV/Parquet with text and one 0/1 column per marker."),
    output: Path = typer.Option(..., "-o", "--output", help="Markers TOML file to write."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP),
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Calibrate only this marker (repeatable)."),
    split: Optional[str] = typer.Option("calibration", help="Rows whose split column has this value ('' for all)."),
    method: str = typer.Option("none", help="Score scaling before the threshold: none, platt or isotonic."),
    lexicon_search: bool = typer.Option(False, help="Also use the marker's cue lexicon: with --method platt as a second feature of the logistic fit (scores stay calibrated); otherwise a blend weight (0 to 0.6) chosen by F1."),
) -> None:
    """Choose per-marker thresholds (and scaling) by F1 on labelled sentences; write a markers file.

    Example: framing calibrate samples/markers.jsonl -o calibrated.toml --method platt
    """
    framing.refuse_input_as_output(output, [labelled, markers])
    scorer = _scorer(model, markers, marker, "cpu", 32)
    fitted, summary = framing.calibrate(labelled, scorer, split=split or None, method=method,  # type: ignore[arg-type]
                                        markers=list(scorer.markers), lexicon_search=lexicon_search)
    merged = {**framing.select_markers(framing.load_markers(markers), None), **fitted}
    framing.save_markers(merged, output)
    for m, r in summary.items():
        typer.echo(f"{m}: F1 {r['f1_before']:.3f} -> {r['f1_after']:.3f} at threshold {r['threshold']:.3f}"
                   + (f", cue coefficient {r['cue_coefficient']:.2f} (log-odds)" if r.get("cue_coefficient") is not None
                      else f", lexicon weight {r['lexicon_weight']:.1f}" if lexicon_search else ""))
    typer.echo(f"wrote {output}; use it with --markers {output}")


@app.command()
@user_errors
def adapt(
    labelled: list[Path] = typer.Argument(..., help="JSONL/CSV/Parquet files with text and one 0/1 column per marker."),
    output: Path = typer.Option(..., "-o", "--output", help="Model folder to write."),
    base_model: Optional[str] = typer.Option(None, "--base-model", help="NLI model to start from (default: the shipped model)."),
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Adapt only on this marker (repeatable)."),
    split: str = typer.Option("train", help="Use rows whose split column has this value ('' for all rows)."),
    negative_label: str = typer.Option("contradiction", help="NLI label for sentences labelled 0: contradiction or neutral."),
    minimal_pairs: bool = typer.Option(True, help="Add loaded→neutral and plain→hedged minimal pairs."),
    replay: Optional[list[Path]] = typer.Option(None, help="Generic NLI pairs to mix in (Parquet/JSONL/CSV, repeatable)."),
    replay_ratio: float = typer.Option(1.0, help="Generic pairs per marker pair."),
    epochs: float = typer.Option(1.0),
    lr: float = typer.Option(2e-5, "--lr"),
    batch_size: int = typer.Option(32),
    seed: int = typer.Option(13),
    checkpoint_dir: Optional[Path] = typer.Option(None, help="Where checkpoints go (default ~/.cache/framing/adapt/<key>, $FRAMING_CACHE_DIR overrides ~/.cache/framing; the key covers the data, base model and settings); re-run to resume."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace OUTPUT when it already holds a model (a folder holding anything else is never replaced)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Teach an NLI model your markers from labelled sentences; writes a model folder with its card.

    Example: framing adapt samples/markers.jsonl -o my-model && framing eval samples/suite.toml --model my-model
    """
    chosen = framing.select_markers(framing.load_markers(markers), marker or None)
    try:
        out = framing.adapt(labelled, output, progress=not quiet, base_model=base_model, markers=list(chosen.values()),
                            split=split or None, negative_label=negative_label, minimal_pairs=minimal_pairs,
                            replay=[str(p) for p in replay or []], replay_ratio=replay_ratio, epochs=epochs,
                            learning_rate=lr, batch_size=batch_size, seed=seed,
                            checkpoint_dir=str(checkpoint_dir) if checkpoint_dir else None, overwrite=overwrite)
    except framing.OutputExistsError as exc:
        raise framing.OutputExistsError(f"{exc}; pass --overwrite to replace it") from None
    except InputError as exc:
        raise InputError(_as_options(str(exc))) from None
    typer.echo(f"wrote {out}; use it with --model {out}")


@app.command()
@user_errors
def report(
    input: Path = typer.Argument(..., help="A scores file from `framing score`, or a profile .json from `framing profile -o`."),
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write (self-contained: opens offline)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="Model folder to name on the page with its card (default: the one recorded in SCORES.meta.json by `framing score`)."),
    markers: Optional[Path] = typer.Option(None, "--markers", help="The markers file used for scoring (descriptions and thresholds; default: as recorded in SCORES.meta.json)."),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Only this marker (repeatable)."),
    top: int = typer.Option(200, help="Sentences per marker table, highest score first (the page says N of M)."),
    seed: int = typer.Option(0, help="Kept for compatibility: intervals are not random."),
    title: Optional[str] = typer.Option(None, help="Page title."),
    story: bool = typer.Option(True, "--story/--no-story", help="When the scores cover one story across two or more outlets (up to 100 articles), add the story view: coverage grid, what each outlet leaves out, the quotes and facts worded most differently (loads the sentence encoder)."),
    actors: Optional[Path] = typer.Option(None, "--actors", help="For the story view: TOML of actors' names by kind (as `framing story --actors`)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """One self-contained HTML page: rate charts with 95% CIs, outlet differences, highlighted sentences, and the
    story across outlets when the input covers one story.

    Example: framing score examples/corpus -o scores.jsonl && framing report scores.jsonl -o report.html
    """
    if top < 1:
        raise InputError(f"--top must be at least 1, got {top}")
    if model is not None and not Path(model).expanduser().is_dir():
        raise InputError(f"model folder not found: {model}")
    framing.refuse_input_as_output(output, [input, markers, actors])
    out = framing.write_report(input, output, model=model, markers=markers, select=marker or None, top=top, seed=seed,
                               title=title, story=story, actors=actors)
    if not quiet:
        typer.echo(f"wrote {out}")


@app.command()
@user_errors
def story(
    input: Path = typer.Argument(..., help="Articles on one story (what `framing score` reads) or a scores file from it."),
    output: list[Path] = typer.Option(..., "-o", "--output", help="story.html (the page), story.json, or a table .parquet/.csv/.jsonl (repeatable)."),
    actors: Optional[Path] = typer.Option(None, "--actors", help="TOML of actors' names by kind (country, people, capital, seat) beyond the built-in gazetteer."),
    threshold: Optional[float] = typer.Option(None, help="Sentence-embedding similarity for the same fact (default: the measured one, docs/story.md)."),
    model: Optional[str] = typer.Option(None, "--model", "-m", help=MODEL_HELP + " Raw input only."),
    markers: Optional[Path] = typer.Option(None, "--markers", help=MARKERS_HELP),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Score only this marker (repeatable; raw input only)."),
    batch_size: int = typer.Option(32, help="Pairs per model batch (raw input only)."),
    device: str = typer.Option("cpu", help="torch device (raw input only)."),
    backend: str = typer.Option("torch", help=BACKEND_HELP + " Raw input only."),
    title: Optional[str] = typer.Option(None, help="Page title."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Line up one story across outlets: the same quotation or fact side by side with the words that differ,
    what each outlet alone carries and what it leaves out.

    Example: framing story examples/story --actors examples/story/actors.toml -o story.html -o story.json
    """
    if not input.exists():
        raise InputError(f"input not found: {input}; pass a folder of .txt files, a .jsonl/.csv/.parquet or a scores file")
    for out in output:
        framing.refuse_input_as_output(out, [input, actors, markers])
        if out.suffix.lower() not in (".html", ".htm", ".json", ".parquet", ".csv", ".jsonl"):
            raise InputError(f"{out}: unknown output format {out.suffix!r}; name it .html, .json, .parquet, .csv or .jsonl")
    config = framing.StoryConfig() if threshold is None else framing.StoryConfig(threshold=threshold)
    data: Any = input
    if not framing.is_scores_file(input):
        data = _scorer(model, markers, marker, device, batch_size, backend=backend).score(input, progress=not quiet)
    result = framing.align_story(data, config, actors=actors)
    for out in output:
        framing.write_story(result, out, title=title)
        if not quiet:
            typer.echo(f"wrote {out}")
    if not quiet:
        shared = result.shared(2)
        typer.echo(f"{len(result.outlets)} outlets, {len(shared)} groups reported by two or more outlets, "
                   f"{len(result.groups) - len(shared)} by one")
        for cov in result.outlets:
            typer.echo(f"  {cov.outlet}: only it {len(cov.only)}, leaves out {len(cov.omitted)}"
                       + (f" ({', '.join(cov.omitted)})" if cov.omitted else ""))


@app.command()
@user_errors
def plot(
    input: Path = typer.Argument(..., help="A scores file from `framing score`, or a profile .json from `framing profile -o`."),
    output: Path = typer.Option(..., "-o", "--output", help="Figure file: .png, .svg or .pdf (by extension)."),
    metric: str = typer.Option("rate", help="'rate' (share of sentences over threshold) or 'mean_score'."),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Only this marker (repeatable)."),
    seed: int = typer.Option(0, help="Kept for compatibility: intervals are not random."),
    title: Optional[str] = typer.Option(None, help="Figure title."),
    dpi: int = typer.Option(200, help="Resolution of PNG output."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Plot per-outlet marker rates with 95% CIs for a paper (needs matplotlib, the "plot" extra).

    Example: framing plot profile.json -o fig.svg
    """
    framing.refuse_input_as_output(output, [input])
    try:
        out = framing.plot_profiles(input, output, metric=metric, markers=marker or None, title=title,  # type: ignore[arg-type]
                                    dpi=dpi, seed=seed)
    except InputError as exc:
        raise InputError(_as_options(str(exc))) from None
    if not quiet:
        typer.echo(f"wrote {out}")


audit_app = typer.Typer(help="A small human audit of the model's decisions: sample sentences, label them, "
                        "then `framing profile SCORES --audit audit.csv` corrects the rates.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("sample")
@user_errors
def audit_sample(
    scores: Path = typer.Argument(..., help="A scores file from `framing score`."),
    n: int = typer.Option(50, "-n", help="Sentences per outlet and marker (half from sentences the model flags)."),
    output: Path = typer.Option(..., "-o", "--output", help="The audit CSV to write."),
    seed: int = typer.Option(0, help="Sampling seed: the same seed gives the same sentences."),
    marker: Optional[list[str]] = typer.Option(None, "--marker", help="Only this marker (repeatable)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Draw sentences to label, stratified by outlet and by the model's decision (weights recorded).

    Example: framing audit sample scores.jsonl -n 50 -o audit.csv
    """
    if output.suffix.lower() != ".csv":
        raise InputError(f"the audit output must be a .csv file, got {output.name!r}")
    framing.refuse_input_as_output(output, [scores])
    if output.exists():
        raise InputError(f"{output} exists and may hold labels; name a new file or delete it first")
    if not scores.exists():
        raise InputError(f"scores file not found: {scores}")
    table = framing.sample_audit(framing.load_scores(scores).results, n, seed=seed, markers=marker or None)
    framing.write_audit(table, output)
    if not quiet:
        typer.echo(f"wrote {output}: {len(table.rows)} sentences to label; next: framing audit label {output}")


@audit_app.command("label")
@user_errors
def audit_label(
    audit: Path = typer.Argument(..., help="The audit CSV (from `framing audit sample`); labels are saved into it."),
    port: int = typer.Option(0, help="Port on 127.0.0.1 (0: any free port)."),
    no_open: bool = typer.Option(False, "--no-open", help="Do not open a browser; print the address only."),
) -> None:
    """Label the audit in a local page (1/0, arrows, u to undo); every label is saved to the CSV at once.

    Stop with Ctrl-C; run again to resume. Or fill the `label` column (0/1) in a spreadsheet.
    Example: framing audit label audit.csv
    """
    markers = {m.name: m.description for m in framing.builtin_markers().values()}
    server = framing.LabelServer(audit, port=port, descriptions=markers)
    done = len(server.table.labelled)
    typer.echo(f"labelling {audit} ({done} of {len(server.table.rows)} labelled) at {server.url}; Ctrl-C to stop")
    if not no_open:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C (and SIGTERM) end labelling; every label is already saved
        pass
    finally:
        server.close()
    typer.echo(f"stopped: {len(server.table.labelled)} of {len(server.table.rows)} labelled, saved in {audit}")


def main() -> None:
    """Entry point of the ``framing`` console script."""
    app()


if __name__ == "__main__":
    main()
