"""``annotator models``: install and show the stanza models the ``stanza`` backend uses.

    annotator models download en            # tokenize + ner (+ mwt for es/pt/fr/de/it)
    annotator models download es --processors tokenize,mwt,ner
    annotator models list

Models go to the folder of :func:`annotator.nlp.stanza_backend.model_dir`
(``$ANNOTATOR_STANZA_DIR``, else ``$STANZA_RESOURCES_DIR``, else
``~/stanza_resources``) unless ``--dir`` says otherwise. Downloading uses
stanza's own download code with a socket timeout, so a closed network fails
within seconds with error E009 instead of hanging.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..errors import AnnotatorError, error
from . import stanza_backend

models_app = typer.Typer(
    name="models",
    help="Install (download) and list the stanza models used by --nlp stanza/auto.",
    no_args_is_help=True,
)
_err = Console(stderr=True)
_out = Console()


def default_processors(lang: str) -> str:
    """What the backend needs: a tokenizer, the MWT expander where the language has one, NER."""
    return "tokenize,mwt,ner" if lang in stanza_backend.MWT_LANGS else "tokenize,ner"


def download_models(lang: str, directory: Path, processors: str, timeout: float, resources_url: str | None = None) -> None:
    """Download with stanza's own code; any failure becomes E009, never a hang."""
    import stanza
    from stanza.resources import common

    kwargs = {"model_dir": str(directory), "processors": processors, "logging_level": "WARN"}
    if resources_url:
        kwargs["resources_url"] = resources_url
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # stanza calls requests without a timeout; urllib3 then uses this
    started = time.monotonic()
    try:
        stanza.download(lang, **kwargs)
    except Exception as exc:
        took = time.monotonic() - started
        url = resources_url or common.DEFAULT_RESOURCES_URL
        raise error(
            "E009", what="NLP", name="stanza",
            why=f"downloading the {lang!r} models ({processors}) from {url} into {directory} failed after {took:.1f}s "
            f"({type(exc).__name__}: {str(exc)[:200]}); check the network or proxy and retry, "
            f"or copy models into {directory}/{lang}/PROCESSOR/*.pt by hand; meanwhile use --nlp rules",
        ) from None
    finally:
        socket.setdefaulttimeout(old)


@models_app.command("download")
def download(
    lang: str = typer.Argument(..., help="Two-letter language code (en, es, pt, fr, de)."),
    processors: Optional[str] = typer.Option(None, "--processors", help="Comma-separated stanza processors (default: what annotator uses)."),
    directory: Optional[Path] = typer.Option(None, "--dir", help="Model folder (default: $ANNOTATOR_STANZA_DIR, $STANZA_RESOURCES_DIR or ~/stanza_resources)."),
    timeout: float = typer.Option(20.0, "--timeout", help="Network timeout in seconds for each connection."),
    resources_url: Optional[str] = typer.Option(None, "--resources-url", help="Where stanza's resources.json lives (a mirror)."),
) -> None:
    """Download stanza models for LANG (needs network access)."""
    d = directory or stanza_backend.model_dir()
    procs = processors or default_processors(lang)
    _err.print(f"downloading stanza {lang} ({procs}) into {d} ...", highlight=False)
    try:
        download_models(lang, d, procs, timeout, resources_url)
    except AnnotatorError as exc:
        _err.print(f"[bold red]error[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    _out.print(f"installed: {lang} ({procs}) in {d}", highlight=False)


@models_app.command("list")
def list_models(
    directory: Optional[Path] = typer.Option(None, "--dir", help="Model folder (default: as for download)."),
) -> None:
    """Show the installed languages and processors, and which backend --nlp auto would pick."""
    d = directory or stanza_backend.model_dir()
    found = stanza_backend.installed(d)
    _out.print(f"stanza model folder: {d}" + ("" if d.is_dir() else " (does not exist)"), highlight=False)
    if not found:
        _out.print("no stanza models installed; --nlp auto uses the built-in rules. Install with: annotator models download LANG", highlight=False)
        return
    table = Table()
    table.add_column("lang")
    table.add_column("processor")
    table.add_column("models")
    table.add_column("MB", justify="right")
    for lang, procs in found.items():
        for proc, files in procs.items():
            size = sum(f.stat().st_size for f in files) / 1e6
            table.add_row(lang, proc, ", ".join(f.name for f in files), f"{size:.1f}")
    _out.print(table)
    usable = [lang for lang in found if stanza_backend.has_models(lang, d)]
    _out.print(f"--nlp auto uses stanza for: {', '.join(usable) or 'none'}", highlight=False)
