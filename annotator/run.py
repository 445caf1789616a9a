"""Clean a folder: discover articles, annotate each, write cleaned copies and reports.

Inputs are only ever read. Every output is written atomically, and an input
that cannot be read becomes one row of ``documents.csv`` (status ``error``)
while the rest of the run goes on.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .config import AnnotatorConfig
from .errors import error
from .model import Severity
from .pipeline import APPLIED, Annotator, Result
from .report.writers import RunWriters
from .textio import atomic_write_text, read_article

WORD = re.compile(r"\w+")
RUN_MARKER = "run.json"


@dataclass
class RunSummary:
    input_dir: Path
    out_dir: Path
    signature: str
    backend: str
    files: int = 0
    read: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0
    by_category: Counter = field(default_factory=Counter)  # (category, severity) -> count
    by_code: Counter = field(default_factory=Counter)
    applied: int = 0
    remaining: Counter = field(default_factory=Counter)  # severity label -> unapplied findings
    reverted: int = 0
    not_converged: int = 0

    def worst_remaining(self) -> Severity | None:
        present = [Severity.parse(s) for s, n in self.remaining.items() if n]
        return max(present) if present else None


def signature(annotator: Annotator) -> str:
    """A sacrebleu-style signature: what produced these findings."""
    cfg = annotator.config
    return "|".join(
        [
            f"annotator:{__version__}",
            f"lang:{cfg.target_lang}" + (f"-from-{cfg.source_lang}" if cfg.source_lang else ""),
            f"codes:{','.join(annotator.codes)}",
            f"fixes:{cfg.fixes}",
            f"nlp:{annotator.backend.name}",
            f"glossary:{annotator.glossary.fingerprint()}",
            f"cfg:{cfg.hash()}",
        ]
    )


def discover(input_dir: Path, pattern: str) -> list[Path]:
    """Article files under ``input_dir`` matching ``pattern``, in a stable order."""
    return sorted(p for p in input_dir.glob(pattern) if p.is_file() or p.is_symlink())


def check_dirs(input_dir: Path, out_dir: Path) -> None:
    if not input_dir.is_dir():
        raise error("E001", path=input_dir)
    inp = input_dir.resolve()
    out = out_dir.resolve()
    if out == inp:
        raise error("E003", out=out_dir)
    if inp in out.parents:
        raise error("E002", out=out_dir, inp=input_dir)


def clean_folder(
    input_dir: Path,
    out_dir: Path,
    config: AnnotatorConfig,
    *,
    annotator: Annotator | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RunSummary:
    """Annotate every article under ``input_dir``; write results under ``out_dir``."""
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    check_dirs(input_dir, out_dir)
    annotator = annotator or Annotator(config)
    files = discover(input_dir, config.include)
    sig = signature(annotator)
    summary = RunSummary(input_dir, out_dir, sig, annotator.backend.name, files=len(files))
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = RunWriters(out_dir)
    try:
        for n, path in enumerate(files, start=1):
            rel = path.relative_to(input_dir).as_posix()
            if progress:
                progress(n, len(files), rel)
            read = read_article(path)
            if read.text is None:
                summary.errors.append((rel, read.error))
                writers.document({"doc": rel, "status": "error", "reason": read.error})
                continue
            result = annotator.annotate(read.text, rel)
            _record(result, read.encoding, writers, summary)
            atomic_write_text(out_dir / "cleaned" / rel, result.cleaned)
        writers.commit()
    except BaseException:
        writers.abort()
        raise
    run_info = {
        "signature": sig,
        "version": __version__,
        "backend": annotator.backend.name,
        "input_dir": str(input_dir),
        "config": config.as_dict(),
        "files": summary.files,
        "read": summary.read,
        "input_errors": len(summary.errors),
    }
    atomic_write_text(out_dir / RUN_MARKER, json.dumps(run_info, indent=2, ensure_ascii=False, default=str) + "\n")
    atomic_write_text(out_dir / "signature.txt", sig + "\n")
    return summary


def _record(result: Result, encoding: str, writers: RunWriters, summary: RunSummary) -> None:
    rows = result.rows()
    writers.findings(rows)
    writers.edits(result.path, result.log)
    n_applied = sum(1 for s in result.status if s == APPLIED)
    words = len(WORD.findall(result.original))
    writers.document(
        {
            "doc": result.path,
            "status": "ok",
            "encoding": encoding,
            "chars": len(result.original),
            "words": words,
            "findings": len(rows),
            "applied": n_applied,
            "edits": len(result.log),
            "converged": result.converged,
            "reverted": result.reverted,
            "meta": result.meta,
        }
    )
    summary.read += 1
    summary.words += words
    summary.applied += n_applied
    summary.reverted += bool(result.reverted)
    summary.not_converged += not result.converged
    for row in rows:
        summary.by_category[(row["category"], row["severity"])] += 1
        summary.by_code[row["code"]] += 1
        if not row["applied"]:
            summary.remaining[row["severity"]] += 1
