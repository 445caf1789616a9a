"""``annotator glossary ...``: check, edit, mine, merge and exchange the name glossary.

Every command takes ``--glossary PATH`` (a ``.tsv`` file or a folder of them;
default: the bundled ``glossaries/``). Edits are validated before anything is
written and are written atomically, files sorted. Exit codes: 0 fine; 1 the
glossary has errors (``check``) or an edit was refused; 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from ..config import DEFAULT_GLOSSARY
from ..errors import AnnotatorError
from .check import check_path, errors
from .model import GENDERS, TYPES, Entry, slug
from .store import GlossaryStore, InvalidGlossary

glossary_app = typer.Typer(
    name="glossary",
    help="Check, edit, mine, merge, export and import the name glossary.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True, markup=False)

GLOSSARY_OPT = typer.Option(None, "--glossary", "-g", help="Glossary .tsv file or folder (default: bundled glossaries/).")


def _path(glossary: Optional[Path]) -> Path:
    return glossary if glossary else DEFAULT_GLOSSARY


def _store(glossary: Optional[Path]) -> GlossaryStore:
    try:
        return GlossaryStore(_path(glossary))
    except AnnotatorError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2)


def _save(store: GlossaryStore) -> list[Path]:
    try:
        return store.save()
    except InvalidGlossary as exc:
        err.print("[bold red]refused[/]: the glossary would not be valid after this change; nothing was written.")
        for p in exc.problems:
            err.print(f"  {p}", markup=False)
        raise typer.Exit(1)


def _describe(e: Entry) -> str:
    parts = [f"{e.id} [{e.lang}] {e.canonical}  ({e.type}{'/' + e.kind if e.kind else ''}{', ' + e.gender if e.gender else ''})"]
    if e.variants:
        parts.append(f"    variants (replaced): {' | '.join(e.variants)}")
    if e.aliases:
        parts.append(f"    aliases (accepted):  {' | '.join(e.aliases)}")
    if e.note:
        parts.append(f"    note: {e.note}")
    parts.append(f"    in {e.source}:{e.line}")
    return "\n".join(parts)


@glossary_app.command()
def check(
    path: Optional[Path] = typer.Argument(None, help="Glossary file or folder (default: bundled glossaries/)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
) -> None:
    """Validate the glossary; exit 1 when it has errors (each named with file, line and fix)."""
    try:
        problems = check_path(_path(path))
    except AnnotatorError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2)
    for p in problems:
        out.print(str(p))
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    out.print(f"{n_err} error(s), {n_warn} warning(s) in {_path(path)}")
    if n_err or (strict and n_warn):
        raise typer.Exit(1)


@glossary_app.command()
def show(name: str = typer.Argument(..., help="Any form of the name (canonical, variant, alias or id)."), glossary: Optional[Path] = GLOSSARY_OPT) -> None:
    """Show the entry that has NAME as any of its forms (case- and accent-insensitive)."""
    rows = _store(glossary).find(name)
    if not rows:
        err.print(f"no entry has the form {name!r}")
        raise typer.Exit(1)
    for e in rows:
        out.print(_describe(e))


@glossary_app.command()
def add(
    canonical: str = typer.Argument(..., help="The form to use."),
    variant: List[str] = typer.Option([], "--variant", "-v", help="A wrong form, replaced automatically (repeatable)."),
    alias: List[str] = typer.Option([], "--alias", "-a", help="An accepted short form (repeatable)."),
    type_: str = typer.Option(..., "--type", "-t", help=f"One of {', '.join(TYPES)}."),
    kind: str = typer.Option("", "--kind", "-k", help="Finer kind, lower-case (country, city, politician, agency...)."),
    gender: str = typer.Option("", "--gender", help=f"For persons: {', '.join(g for g in GENDERS if g)}."),
    lang: str = typer.Option("*", "--lang", "-l", help="Language of the row, '*' for all."),
    note: str = typer.Option("", "--note", help="Free text: source, reason."),
    id_: Optional[str] = typer.Option(None, "--id", help="Entry id (default: a slug of CANONICAL); reuse an id to add a language row."),
    file: Optional[str] = typer.Option(None, "--file", help="File to add to (default: the file holding that kind of entry)."),
    glossary: Optional[Path] = GLOSSARY_OPT,
) -> None:
    """Add an entry (validated; the file stays sorted)."""
    store = _store(glossary)
    entry = Entry(
        id=id_ or slug(canonical), lang=lang, canonical=canonical, type=type_, kind=kind, gender=gender,
        variants=tuple(variant), aliases=tuple(alias), note=note,
    )
    target = store.add(entry, file)
    _save(store)
    out.print(f"added {entry.id} [{entry.lang}] {entry.canonical} to {target}")


@glossary_app.command()
def remove(
    name: str = typer.Argument(..., help="Any form of the entry's name, or its id."),
    lang: Optional[str] = typer.Option(None, "--lang", "-l", help="Remove only this language's row."),
    glossary: Optional[Path] = GLOSSARY_OPT,
) -> None:
    """Remove the entry that has NAME as a form (all its language rows unless --lang)."""
    store = _store(glossary)
    rows = store.find(name)
    ids = sorted({e.id for e in rows})
    if not ids:
        err.print(f"no entry has the form {name!r}")
        raise typer.Exit(1)
    if len(ids) > 1:
        err.print(f"{name!r} is a form of several entries ({', '.join(ids)}); pass the id")
        raise typer.Exit(1)
    removed = store.remove(ids[0], lang)
    if not removed:
        err.print(f"{ids[0]} has no {lang!r} row")
        raise typer.Exit(1)
    _save(store)
    for e in removed:
        out.print(f"removed {e.id} [{e.lang}] {e.canonical} from {e.source}")


@glossary_app.command()
def suggest(
    input_dir: Path = typer.Argument(..., help="Folder of articles (*.txt, recursive)."),
    out_file: Path = typer.Option(Path("suggestions.tsv"), "--out", "-o", help="Where to write the suggestions TSV."),
    lang: str = typer.Option("en", "--lang", "-l", help="Language of the articles."),
    nlp: str = typer.Option("rules", "--nlp", help="Entity backend: rules (none), stanza, auto."),
    min_count: int = typer.Option(1, "--min-count", help="Leave out new names seen fewer times."),
    glossary: Optional[Path] = GLOSSARY_OPT,
) -> None:
    """Mine a corpus for missing names, variants and inconsistent forms; never applies anything."""
    from ..textio import atomic_write_text
    from .suggest import render_suggestions, suggest as run_suggest

    store = _store(glossary)
    try:
        rows = run_suggest(input_dir, store.glossary(), lang=lang, nlp=nlp, min_count=min_count)
    except AnnotatorError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2)
    atomic_write_text(out_file, render_suggestions(rows))
    by_action: dict[str, int] = {}
    for r in rows:
        by_action[r.action] = by_action.get(r.action, 0) + 1
    summary = ", ".join(f"{n} {a}" for a, n in sorted(by_action.items())) or "nothing"
    out.print(f"{len(rows)} suggestion(s) ({summary}) written to {out_file}; mark rows to take with y in the accept column, then run 'annotator glossary merge {out_file}'")


@glossary_app.command()
def merge(
    suggestions: Path = typer.Argument(..., help="A suggestions TSV with the accept column filled in."),
    glossary: Optional[Path] = GLOSSARY_OPT,
) -> None:
    """Take the accepted suggestion rows into the glossary, re-validating it."""
    from .suggest import SuggestionError, merge_suggestions

    store = _store(glossary)
    try:
        done = merge_suggestions(store, suggestions)
    except SuggestionError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2)
    if not done:
        out.print("no accepted rows (mark rows with y/yes/1/x/true in the accept column)")
        return
    _save(store)
    for line in done:
        out.print(line)


@glossary_app.command("export")
def export_(
    format_: str = typer.Option(..., "--format", "-f", help="tbx or csv."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Output file (default: standard output)."),
    glossary: Optional[Path] = GLOSSARY_OPT,
) -> None:
    """Write the glossary as TBX-Basic or CSV for CAT tools."""
    from .interchange import to_csv, to_tbx

    entries = _store(glossary).entries
    if format_ not in ("tbx", "csv"):
        err.print(f"unknown format {format_!r}; use tbx or csv")
        raise typer.Exit(2)
    text = to_tbx(entries) if format_ == "tbx" else to_csv(entries)
    if out_file is None:
        typer.echo(text, nl=False)
    else:
        from ..textio import atomic_write_text

        atomic_write_text(out_file, text)
        err.print(f"{len(entries)} rows written to {out_file}")


@glossary_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A .tbx or .csv file (as written by export)."),
    glossary: Optional[Path] = GLOSSARY_OPT,
) -> None:
    """Read a TBX or CSV file into the glossary: rows with a known id and language are updated, others added."""
    from .interchange import InterchangeError, read_any

    store = _store(glossary)
    try:
        entries = read_any(file)
    except InterchangeError as exc:
        err.print(f"[bold red]error[/] {exc}")
        raise typer.Exit(2)
    added = updated = same = 0
    for e in entries:
        old = next((r for r in store.rows(e.id) if r.lang == e.lang), None)
        if old is None:
            store.add(e)
            added += 1
        elif old != e:
            store.replace(old, e)
            updated += 1
        else:
            same += 1
    _save(store)
    out.print(f"imported {len(entries)} rows from {file}: {added} added, {updated} updated, {same} unchanged")
