"""The ``report``, ``apply`` and ``evaluate`` commands (registered in :mod:`annotator.cli`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..errors import AnnotatorError, error

console = Console(stderr=True)
out = Console()
EXIT_USAGE = 2


def _fail(exc: AnnotatorError) -> None:
    console.print(f"[bold red]error[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def report(
    out_dir: Path = typer.Argument(..., help="Output folder of 'annotator clean'."),
    inline: Optional[bool] = typer.Option(
        None, "--inline/--split",
        help="Put every article's data inside report.html, or in report/<k>.js files (default: inline for small runs).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print summary.json instead of the tables."),
) -> None:
    """Re-render summary.json, articles.csv and report.html of a run, and print the summary."""
    from .render import render_report
    from .summary import print_summary

    try:
        summary = render_report(out_dir, inline=inline)
    except AnnotatorError as exc:
        _fail(exc)
    if as_json:
        out.print_json(json.dumps(summary, ensure_ascii=False))
        return
    print_summary(summary, out)
    out.print(f"review page: {out_dir / 'report.html'}", highlight=False)


def apply(
    out_dir: Path = typer.Argument(..., help="Output folder of 'annotator clean'."),
    decisions: Path = typer.Option(..., "--decisions", "-d", help="CSV exported by the review page (doc,id,decision)."),
) -> None:
    """Rewrite the cleaned texts with exactly the accepted fixes and none of the rejected ones."""
    from .apply import apply_decisions

    try:
        res = apply_decisions(out_dir, decisions)
    except AnnotatorError as exc:
        _fail(exc)
    for w in res.warnings:
        console.print(f"[yellow]warning[/] {w}", highlight=False)
    out.print(
        f"decisions: {len(res.outcomes)}   applied: {res.count('applied')}   rejected: {res.count('rejected')}   "
        f"not applied: {res.count('not-applied')}   skipped: {res.count('skipped')}   articles rewritten: {len(res.changed)}",
        highlight=False,
    )
    for o in res.outcomes:
        if o["outcome"] in ("not-applied", "skipped"):
            out.print(f"  {o['doc']} {o['id']}: {o['detail']}", highlight=False)
    out.print(f"log: {out_dir / 'decisions.jsonl'}   review page: {out_dir / 'report.html'}", highlight=False)


def evaluate(
    hyp: Path = typer.Option(..., "--hyp", help="Folder of cleaned texts (e.g. OUT/cleaned)."),
    ref: Path = typer.Option(..., "--ref", help="Folder of human post-edited references, same file names."),
    raw: Optional[Path] = typer.Option(None, "--raw", help="Folder of the raw MT, to compare before and after cleaning."),
    include: str = typer.Option("**/*.txt", "--include", help="Glob of files under --ref."),
    csv_out: Optional[Path] = typer.Option(None, "--csv", help="Also write the per-article scores to this CSV file."),
) -> None:
    """BLEU, chrF and TER of the cleaned (and raw) texts against references, per article and corpus."""
    import pandas as pd

    from ..textio import atomic_write_text
    from .metrics import evaluate_dirs

    try:
        for name, d in (("--hyp", hyp), ("--ref", ref), ("--raw", raw)):
            if d is not None and not d.is_dir():
                raise error("E001", path=f"{d} ({name})")
    except AnnotatorError as exc:
        _fail(exc)
    ev = evaluate_dirs(hyp, ref, raw, include)
    if not ev.rows:
        console.print(f"[bold red]error[/] no article of {ref} has a counterpart to score", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    frame = pd.DataFrame(ev.rows)
    table = Table(title=f"{len(frame)} articles", title_justify="left")
    for col in frame.columns:
        table.add_column(col, justify="left" if col == "doc" else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    out.print(table)
    corpus = Table(title="corpus", title_justify="left")
    corpus.add_column("system")
    for m in ("bleu", "chrf", "ter"):
        corpus.add_column(m.upper() if m != "chrf" else "chrF", justify="right")
    for system, scores in ev.corpus.items():
        corpus.add_row(system, *(f"{scores[m]:.2f}" for m in ("bleu", "chrf", "ter")))
    out.print(corpus)
    for m, sig in ev.signatures.items():
        out.print(f"{m.upper() if m != 'chrf' else 'chrF'} signature: {sig}", highlight=False)
    for doc, why in ev.missing:
        console.print(f"[yellow]skipped[/] {doc}: {why}", highlight=False)
    if csv_out:
        atomic_write_text(csv_out, frame.to_csv(index=False))
