"""The ``annotator`` command line: a thin layer over the Python API.

Exit codes: 0 success; 1 ``--fail-on`` threshold reached; 2 usage or set-up
error (bad option, missing folder, bad glossary); 3 the run finished but some
inputs could not be read (see documents.csv).
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import AnnotatorConfig
from .errors import AnnotatorError

app = typer.Typer(
    name="annotator",
    help="Find, explain and conservatively fix machine-translation artifacts in folders of articles.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out = Console()

EXIT_FAIL_ON = 1
EXIT_USAGE = 2
EXIT_INPUT_ERRORS = 3


def _version(value: bool) -> None:
    if value:
        from . import __version__

        out.print(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Find, explain and conservatively fix machine-translation artifacts in folders of articles."""


from .glossary.cli import glossary_app  # noqa: E402

app.add_typer(glossary_app, name="glossary")
from .nlp.models_cli import models_app  # noqa: E402

app.add_typer(models_app, name="models")


def fail(exc: AnnotatorError) -> None:
    console.print(f"[bold red]error[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def clean(
    input_dir: Path = typer.Argument(..., help="Folder of articles (*.txt, searched recursively). Never modified."),
    out_dir: Path = typer.Option(..., "--out", "-o", help="Output folder (must not be inside INPUT_DIR)."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", help="Glossary .tsv file or folder (default: bundled glossaries/)."),
    fixes: Optional[str] = typer.Option(None, "--fixes", help="Which fixes to apply: safe (default), unsafe, none."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 if a finding at or above minor|major|critical remains."),
    target_lang: Optional[str] = typer.Option(None, "--target-lang", help="Language of the articles (en, es, pt, fr, de)."),
    source_lang: Optional[str] = typer.Option(None, "--source-lang", help="Language they were translated from, if known."),
    nlp: Optional[str] = typer.Option(None, "--nlp", help="Sentence/NER backend: auto, stanza, rules."),
    select: Optional[str] = typer.Option(None, "--select", help="Only these detector codes or prefixes (comma-separated)."),
    ignore: Optional[str] = typer.Option(None, "--ignore", help="Skip these detector codes or prefixes (comma-separated)."),
    include: Optional[str] = typer.Option(None, "--include", help="Glob of article files under INPUT_DIR (default **/*.txt)."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file of settings (keys as in AnnotatorConfig)."),
    resume: bool = typer.Option(False, "--resume", help="Skip articles whose input, configuration and glossary are unchanged since the last run into OUT."),
    force: bool = typer.Option(False, "--force", help="Write into a non-empty output folder that no annotator run made."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes for annotating (rules backend); outputs are identical to one process."),
    report: bool = typer.Option(True, "--report/--no-report", help="Render summary.json and report.html at the end (they hold the whole run in memory; 'annotator report OUT' renders them later)."),
) -> None:
    """Clean a folder of translated articles: cleaned copies plus a findings report."""
    from .run import clean_folder

    try:
        cfg = AnnotatorConfig.load(
            config,
            glossary=str(glossary) if glossary else None,
            fixes=fixes,
            fail_on=fail_on,
            target_lang=target_lang,
            source_lang=source_lang,
            nlp=nlp,
            select=select,
            ignore=ignore,
            include=include,
        )
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("cleaning", total=None)

            def progress(n: int, total: int, name: str) -> None:
                bar.update(task, completed=n - 1, total=total, description=name[-40:])

            summary = clean_folder(input_dir, out_dir, cfg, progress=progress, force=force, resume=resume, report=report, jobs=jobs)
    except AnnotatorError as exc:
        fail(exc)
    print_summary(summary)
    if summary.resumed:
        console.print(f"resumed: {summary.resumed} unchanged article(s) not annotated again")
    if summary.errors:
        console.print(f"[yellow]{len(summary.errors)} input(s) skipped[/]; see {out_dir / 'documents.csv'}")
        for rel, reason in summary.errors[:10]:
            console.print(f"  {rel}: {reason}", highlight=False, markup=False)
    if cfg.fail_on:
        from .model import Severity

        worst = summary.worst_remaining()
        if worst is not None and worst >= Severity.parse(cfg.fail_on):
            console.print(f"[red]fail-on {cfg.fail_on}: a {worst.label} finding remains[/]")
            raise typer.Exit(EXIT_FAIL_ON)
    if summary.errors:
        raise typer.Exit(EXIT_INPUT_ERRORS)


def print_summary(summary) -> None:
    table = Table(title=f"annotator: {summary.read}/{summary.files} articles, {summary.words} words", title_justify="left")
    table.add_column("category")
    for sev in ("minor", "major", "critical"):
        table.add_column(sev, justify="right")
    table.add_column("total", justify="right")
    cats = sorted({c for c, _ in summary.by_category})
    for cat in cats:
        counts = [summary.by_category.get((cat, s), 0) for s in ("minor", "major", "critical")]
        table.add_row(cat, *map(str, counts), str(sum(counts)))
    out.print(table)
    total = sum(summary.by_category.values())
    out.print(
        f"findings: {total}   fixes applied: {summary.applied}   left for review: {sum(summary.remaining.values())}"
        f"   input errors: {len(summary.errors)}   reverted: {summary.reverted}",
        highlight=False,
    )
    mqm = (summary.report or {}).get("mqm")
    if mqm:
        out.print(
            f"MQM score (per 1,000 words): raw {mqm['raw']['score']:.1f}   after cleaning {mqm['residual']['score']:.1f}",
            highlight=False,
        )
    out.print(f"backend: {summary.backend}   signature: {summary.signature}", highlight=False, soft_wrap=True)
    page = f"   review page: {summary.out_dir / 'report.html'}" if summary.report else "   (reports skipped: run 'annotator report OUT')"
    out.print(f"written to: {summary.out_dir}{page}", highlight=False, soft_wrap=True)


from .report.cli import apply as _apply_cmd, evaluate as _evaluate_cmd, report as _report_cmd  # noqa: E402

app.command("report")(_report_cmd)
app.command("apply")(_apply_cmd)
app.command("evaluate")(_evaluate_cmd)


def main() -> None:
    """The ``annotator`` console script (and ``python -m annotator``): the CLI, then a quick exit.

    After the command has finished (every output written, closed and renamed
    into place), the process runs its exit handlers (logging, worker pools)
    and flushes standard output and error like any exit, then leaves with
    ``os._exit`` instead of freeing its heap object by object: a large run's
    memos and tables take 0.1-0.2 s to tear down, for nothing. Tests call
    ``app`` through typer's runner, which does not come here.
    """
    try:
        app(prog_name="annotator")
        code = 0
    except SystemExit as exc:
        code = exc.code
    quick_exit(code)


def quick_exit(code: object) -> None:
    """Exit like ``sys.exit(code)`` after running exit handlers and flushing, without heap teardown.

    Under a profiler or tracer (``python -m cProfile -m annotator ...``,
    debuggers), which write their results after the program returns, it is
    a plain ``sys.exit``.
    """
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``annotator ... | head``): nothing more to say
            code = code or 1
    os._exit(code)
