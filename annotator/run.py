"""Clean a folder: discover articles, annotate each, write cleaned copies and reports.

Inputs are only ever read. Every output is written atomically (temporary
file, then rename). An input that cannot be read (binary, undecodable, empty,
unreadable, a broken symlink or a symlink loop) becomes one ``error`` row of
``documents.csv`` with the reason, and the rest of the run goes on.

Memory stays bounded: findings are streamed to the report files as each
article finishes, and a large article is read and annotated in blocks of about
1 MB that end at a line break (:func:`annotator.textio.iter_blocks`); findings
and the edit log are shifted to whole-file offsets, so they replay exactly.

Each finished article leaves a small state file under ``OUT/.state/``; with
``resume=True`` an article whose input bytes and run signature (version,
detectors, fix level, glossary, configuration) are unchanged is not annotated
again: its rows are copied from the state file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .config import AnnotatorConfig
from .engine import LoggedEdit
from .errors import error
from .model import Severity
from .pipeline import APPLIED, Annotator, Result
from .report.metrics import edit_rate
from .report.writers import RunWriters
from .textio import (
    LARGE_FILE_BYTES,
    AtomicTextFile,
    atomic_write_text,
    iter_blocks,
    read_article,
    remove_stale_temporaries,
    sniff,
)

WORD = re.compile(r"\w+")
RUN_MARKER = "run.json"
#: Written first thing, so a folder a killed run left behind is still recognised as ours.
OWNER_MARKER = ".annotator"
STATE_DIR = ".state"


@dataclass
class RunSummary:
    input_dir: Path
    out_dir: Path
    signature: str
    backend: str
    files: int = 0
    read: int = 0
    resumed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0
    by_category: Counter = field(default_factory=Counter)  # (category, severity) -> count
    by_code: Counter = field(default_factory=Counter)
    applied: int = 0
    remaining: Counter = field(default_factory=Counter)  # severity label -> unapplied findings
    reverted: int = 0
    not_converged: int = 0
    report: dict = field(default_factory=dict)  # summary.json of the run (annotator.report.render)

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


# -- discovery -------------------------------------------------------------
def _matches(rel: str, pattern: str) -> bool:
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:])


def discover(input_dir: Path, pattern: str) -> Iterator[tuple[str, Path, str]]:
    """``(relative path, path, problem)`` of every article, in a stable order.

    Symbolic links to folders are not followed (no loops, no escaping the
    input folder); they are listed with a problem so the report says so.
    """
    for root, dirs, files in os.walk(input_dir, followlinks=False):
        dirs.sort()
        root_p = Path(root)
        for name in list(dirs):
            p = root_p / name
            if p.is_symlink():
                rel = p.relative_to(input_dir).as_posix()
                if _matches(rel + "/x.txt", pattern) or _matches(rel, pattern):
                    yield rel, p, "symbolic link to a folder: not followed"
        for name in sorted(files):
            p = root_p / name
            rel = p.relative_to(input_dir).as_posix()
            if _matches(rel, pattern):
                yield rel, p, ""


def check_dirs(input_dir: Path, out_dir: Path, *, force: bool = False) -> None:
    """Refuse any output location that could touch an input."""
    if not input_dir.is_dir():
        raise error("E001", path=input_dir)
    inp = input_dir.resolve()
    out = out_dir.resolve()
    if out == inp:
        raise error("E003", out=out_dir)
    if inp in out.parents:
        raise error("E002", out=out_dir, inp=input_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise error("E005", key="--out", value=str(out_dir), where="<command line>", why="it is a file, not a folder; choose a folder path")
    if out_dir.is_dir() and not force and any(out_dir.iterdir()) and not (out_dir / OWNER_MARKER).is_file():
        raise error("E008", out=out_dir)


# -- the run -----------------------------------------------------------------
def clean_folder(
    input_dir: Path,
    out_dir: Path,
    config: AnnotatorConfig,
    *,
    annotator: Annotator | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    force: bool = False,
    resume: bool = False,
    report: bool = True,
    jobs: int = 1,
) -> RunSummary:
    """Annotate every article under ``input_dir``; write results under ``out_dir``.

    ``report=False`` skips the review reports (summary.json, articles.csv,
    report.html): the annotation stage streams and runs in bounded memory,
    whereas the reports hold the whole run's findings; ``annotator report OUT``
    renders them later.

    ``jobs > 1`` annotates articles in that many worker processes (rules
    backend); the main process still reads, writes and orders everything, so
    the outputs are byte-identical to a one-process run.
    """
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    if jobs < 1:
        raise error("E005", key="--jobs", value=jobs, where="<command line>", why="use a whole number >= 1")
    check_dirs(input_dir, out_dir, force=force)
    annotator = annotator or Annotator(config)
    files = list(discover(input_dir, config.include))
    sig = signature(annotator)
    summary = RunSummary(input_dir, out_dir, sig, annotator.backend.name, files=len(files))
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_dir / OWNER_MARKER, "This folder is written by 'annotator clean'.\n")
    remove_stale_temporaries(out_dir)
    writers = RunWriters(out_dir)
    if annotator.backend.name != "rules":
        prefetch = _Prefetch(annotator, files)  # stanza: batch the first analysis pass
    elif jobs > 1:
        prefetch = _Parallel(annotator, files, jobs)
    else:
        prefetch = None
    try:
        for n, (rel, path, problem) in enumerate(files, start=1):
            if progress:
                progress(n, len(files), rel)
            if problem:
                _input_error(rel, problem, writers, summary)
                continue
            analysis = prefetch.get(n - 1) if prefetch else None
            _one_article(annotator, rel, path, out_dir, sig, writers, summary, resume, analysis)
        writers.commit()
    except BaseException:
        writers.abort()
        raise
    finally:
        if isinstance(prefetch, _Parallel):
            prefetch.close()
    run_info = {
        "signature": sig,
        "version": __version__,
        "backend": annotator.backend.name,
        "input_dir": str(input_dir.resolve()),
        "config": config.as_dict(),
        "files": summary.files,
        "read": summary.read,
        "input_errors": len(summary.errors),
    }
    atomic_write_text(out_dir / RUN_MARKER, json.dumps(run_info, indent=2, ensure_ascii=False, default=str) + "\n")
    atomic_write_text(out_dir / "signature.txt", sig + "\n")
    if report:
        from .report.render import render_report  # summary.json, articles.csv, report.html

        summary.report = render_report(out_dir)
    return summary


def _input_error(rel: str, reason: str, writers: RunWriters, summary: RunSummary) -> None:
    summary.errors.append((rel, reason))
    writers.document({"doc": rel, "status": "error", "reason": reason})


def _file_hash(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _state_path(out_dir: Path, rel: str) -> Path:
    return out_dir / STATE_DIR / (hashlib.sha1(rel.encode("utf-8")).hexdigest()[:20] + ".jsonl")


class _Prefetch:
    """Batches the NLP backend over the next articles (stanza is far faster on many documents at once).

    Analyses are computed ``BATCH`` articles ahead and keyed by the exact
    text they were made from, so an article that changed between the two
    reads is simply analysed again on its own.
    """

    BATCH = 32

    def __init__(self, annotator: Annotator, files: list[tuple[str, Path, str]]) -> None:
        self.annotator = annotator
        self.files = files
        self.ready: dict[int, tuple[str, object]] = {}

    def get(self, i: int):
        if i not in self.ready:
            self.ready.clear()
            batch: list[tuple[int, str]] = []
            for k in range(i, min(i + self.BATCH, len(self.files))):
                _, path, problem = self.files[k]
                try:
                    small = not problem and path.stat().st_size <= LARGE_FILE_BYTES
                except OSError:
                    small = False
                read = read_article(path) if small else None
                if read is not None and read.text is not None:
                    batch.append((k, read.text))
            computed = self._compute(batch) if batch else []
            self.ready = {k: (t, a) for (k, t), a in zip(batch, computed)}
        return self.ready.get(i)

    def _compute(self, batch: list[tuple[int, str]]) -> list:
        return self.annotator.backend.analyse([t for _, t in batch])


_WORKER: Annotator | None = None  # the annotator a forked worker process inherits


def _annotate_in_worker(item: tuple[str, str]) -> Result:
    rel, text = item
    return _WORKER.annotate(text, rel)


class _Parallel(_Prefetch):
    """Annotates the next articles in worker processes, ahead of the (single) writer.

    Workers are forked from the main process, so they share its glossary
    index and lexicons without rebuilding them. Results come back in order
    and are keyed by the exact text they were made from, like analyses in
    :class:`_Prefetch`.
    """

    PER_JOB = 16

    def __init__(self, annotator: Annotator, files: list[tuple[str, Path, str]], jobs: int) -> None:
        import multiprocessing

        global _WORKER
        super().__init__(annotator, files)
        self.BATCH = jobs * self.PER_JOB
        _WORKER = annotator
        self.pool = multiprocessing.get_context("fork").Pool(jobs)

    def _compute(self, batch: list[tuple[int, str]]) -> list:
        return self.pool.map(_annotate_in_worker, [(self.files[k][0], t) for k, t in batch], chunksize=4)

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def _one_article(annotator, rel, path, out_dir, sig, writers, summary, resume, prefetched=None) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        read = read_article(path)  # gives the precise reason (loop, broken link, permissions)
        _input_error(rel, read.error or f"cannot read: {exc.strerror or exc}", writers, summary)
        return
    read = None
    if size > LARGE_FILE_BYTES:
        try:
            input_hash = _file_hash(path)  # streamed: a large file is never read whole
        except OSError as exc:
            _input_error(rel, f"cannot read: {exc.strerror or exc}", writers, summary)
            return
    else:
        read = read_article(path)  # one read gives the text and the hash
        if read.text is None:
            _input_error(rel, read.error, writers, summary)
            return
        input_hash = read.sha1
    state_path = _state_path(out_dir, rel)
    cleaned_path = out_dir / "cleaned" / rel
    if resume and _replay_state(state_path, rel, input_hash, sig, cleaned_path, writers, summary):
        summary.resumed += 1
        return
    if read is None:
        head = sniff(path)
        if head.text is None:
            _input_error(rel, head.error, writers, summary)
            return
        blocks, encoding = iter_blocks(path, head.encoding), head.encoding
    else:
        blocks, encoding = iter([read.text]), read.encoding
        if prefetched is not None and prefetched[0] != read.text:
            prefetched = None  # the file changed since it was analysed

    # Per-article files skip fsync (the run-level files keep it): a resumed run
    # checks the cleaned file against the hash in the state file instead.
    state = AtomicTextFile(state_path, fsync=False)
    cleaned = AtomicTextFile(cleaned_path, fsync=False)
    try:
        analysis = prefetched[1] if prefetched is not None and size <= LARGE_FILE_BYTES else None
        doc_row = _annotate_blocks(annotator, rel, blocks, encoding, cleaned, state, writers, summary, analysis)
        header = {"doc_row": doc_row, "input": input_hash, "signature": sig, "cleaned": cleaned.sha1}
        state.write(json.dumps(header, ensure_ascii=False) + "\n")
        cleaned.commit()
        state.commit()
    except BaseException:
        cleaned.abort()
        state.abort()
        raise


def _annotate_blocks(annotator, rel, blocks, encoding, cleaned, state, writers, summary, analysis=None) -> dict:
    """Annotate a document block by block; stream rows, edits and cleaned text out."""
    rounds = annotator.config.max_rounds
    prev_len = [0] * (rounds + 1)  # length of the previous blocks after round r (r = 0: original)
    base = 0
    totals = Counter()
    meta: dict = {}
    converged, reverted = True, []
    rates: tuple[float, float] | str = ""  # (TER, chrF) of a one-block article; a large one leaves it to the report
    for n_block, block in enumerate(blocks):
        if isinstance(analysis, Result):
            result = analysis  # annotated ahead in a worker process
        else:
            result = annotator.annotate(block, rel, analysis)
        analysis = None  # a prefetched analysis or result covers a one-block article only
        rows = result.rows()
        for row in rows:
            if base:
                row["start"] += base
                row["end"] += base
                row["id"] = f"{row['code']}-{row['start']}-{row['end']}"
        log = [
            LoggedEdit(e.code, e.start + prev_len[e.round - 1], e.end + prev_len[e.round - 1], e.before, e.after, e.round)
            for e in result.log
        ]
        writers.findings(rows)
        writers.edits(rel, log)
        for row in rows:
            state.write(json.dumps({"row": row}, ensure_ascii=False) + "\n")
        for e in log:
            state.write(json.dumps({"edit": e.as_dict()}, ensure_ascii=False) + "\n")
        cleaned.write(result.cleaned)
        rates = edit_rate(block, result.cleaned) if n_block == 0 else ""
        length = len(block)
        for r in range(rounds + 1):
            length += sum(len(e.after) - (e.end - e.start) for e in result.log if e.round == r)
            prev_len[r] += length
        base += len(block)
        totals["words"] += len(WORD.findall(block))
        totals["findings"] += len(rows)
        totals["applied"] += sum(1 for s in result.status if s == APPLIED)
        totals["edits"] += len(log)
        converged &= result.converged
        if result.reverted:
            reverted.append(result.reverted)
        meta.update(result.meta)
        _count_rows(rows, summary)
    doc_row = {
        "doc": rel,
        "status": "ok",
        "encoding": encoding,
        "chars": base,
        "words": totals["words"],
        "findings": totals["findings"],
        "applied": totals["applied"],
        "edits": totals["edits"],
        "converged": converged,
        "reverted": "; ".join(reverted),
        "ter": rates[0] if rates else "",
        "chrf": rates[1] if rates else "",
        "meta": meta,
    }
    writers.document(doc_row)
    _count_doc(doc_row, summary)
    return doc_row


def _replay_state(state_path, rel, input_hash, sig, cleaned_path, writers, summary) -> bool:
    """Copy a finished article's rows from its state file; False if it is stale."""
    if not state_path.is_file() or not cleaned_path.is_file():
        return False
    try:
        lines = state_path.read_text(encoding="utf-8").splitlines()
        header = json.loads(lines[-1])
    except (OSError, ValueError, IndexError):
        return False
    if header.get("input") != input_hash or header.get("signature") != sig or header["doc_row"]["doc"] != rel:
        return False
    try:
        if _file_hash(cleaned_path) != header.get("cleaned"):
            return False  # lost or changed since (a power cut before the data reached the disk, an edit)
    except OSError:
        return False
    rows, edits = [], []
    for line in lines[:-1]:
        item = json.loads(line)
        if "row" in item:
            rows.append(item["row"])
        else:
            edits.append(LoggedEdit(**item["edit"]))
    writers.findings(rows)
    writers.edits(rel, edits)
    writers.document(header["doc_row"])
    _count_rows(rows, summary)
    _count_doc(header["doc_row"], summary)
    return True


def _count_rows(rows, summary: RunSummary) -> None:
    for row in rows:
        summary.by_category[(row["category"], row["severity"])] += 1
        summary.by_code[row["code"]] += 1
        if not row["applied"]:
            summary.remaining[row["severity"]] += 1


def _count_doc(doc_row: dict, summary: RunSummary) -> None:
    summary.read += 1
    summary.words += doc_row["words"]
    summary.applied += doc_row["applied"]
    summary.reverted += bool(doc_row["reverted"])
    summary.not_converged += not doc_row["converged"]
