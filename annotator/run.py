"""Clean a folder: discover articles, annotate each, write cleaned copies and reports.

Inputs are only ever read. Every output is written atomically (temporary
file, then rename). An input that cannot be read (binary, undecodable, empty,
unreadable, a broken symlink or a symlink loop) becomes one ``error`` row of
``documents.csv`` with the reason, and the rest of the run goes on.

Memory stays bounded: findings are streamed to the report files as each
article finishes, and a large article is read and annotated in blocks of about
1 MB that end at a line break (:func:`annotator.textio.iter_blocks`); findings
and the edit log are shifted to whole-file offsets, so they replay exactly.

Each finished article is recorded in one journal, ``OUT/.state/journal.jsonl``
(:class:`Journal`); with ``resume=True`` an article whose input bytes and run
signature (version, detectors, fix level, glossary, configuration) are
unchanged, and whose cleaned copy is still the one recorded, is not annotated
again: its rows are copied from the journal.
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
from .report.writers import RunWriters, to_json
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
    journal = Journal(out_dir, resume)
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
            _one_article(annotator, rel, path, out_dir, sig, writers, summary, journal, analysis)
        journal.close(complete=True)
        writers.commit()
    except BaseException:
        journal.close(complete=False)
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


class Journal:
    """``OUT/.state/journal.jsonl``: what each finished article produced, for ``--resume``.

    One file for the run instead of a state file per article (creating a file
    costs more than annotating a short article on some disks). An article is a
    group of lines: ``{"begin": doc}``, its finding rows ``{"row": ...}`` and
    edits ``{"edit": ...}`` as they stream out, and last ``{"done": ...}`` with
    the document row and the hashes of its input and cleaned file, written
    after the cleaned file is in place. A group without its ``done`` line (a
    killed run) is ignored. Lines are appended without fsync, like the
    cleaned files; the hashes catch what a power cut loses.

    A fresh run starts the journal empty. A resumed run appends to it, and
    when it finishes rewrites it with the run's groups alone, in run order, so
    it is byte-identical to the journal of an uninterrupted run.
    """

    def __init__(self, out_dir: Path, resume: bool) -> None:
        folder = out_dir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.jsonl"):  # per-article state files of earlier versions
            if old.name != "journal.jsonl":
                old.unlink()
        self.path = folder / "journal.jsonl"
        self.resume = resume
        self.index: dict[str, tuple[int, int]] = {}  # doc -> byte span of its latest complete group
        self.used: list[tuple[int, int]] = []  # spans of this run's groups, in run order
        if resume and self.path.is_file():
            self._scan()
        self.fh = open(self.path, "ab" if resume else "wb")
        if self.fh.tell() and not self._ends_with_newline():
            self.fh.write(b"\n")  # a killed run's partial line stays on its own
        self._start = -1

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            return fh.read(1) == b"\n"

    def _scan(self) -> None:
        start, doc, pos = -1, None, 0
        with open(self.path, "rb") as fh:
            for line in fh:
                end = pos + len(line)
                if line.startswith(b'{"begin": '):
                    start, doc = pos, _json_or_none(line, "begin")
                elif line.startswith(b'{"done": ') and doc is not None and line.endswith(b"\n"):
                    done = _json_or_none(line, "done")
                    if done and done.get("doc_row", {}).get("doc") == doc:
                        self.index[doc] = (start, end)
                    doc = None
                pos = end

    # -- writing one article ---------------------------------------------------
    def begin(self, doc: str) -> None:
        self._start = self.fh.tell()
        self.write({"begin": doc})

    def write(self, item: dict) -> None:
        self.write_line(to_json(item))

    def write_line(self, line: str) -> None:
        self.fh.write((line + "\n").encode("utf-8"))

    def done(self, header: dict) -> None:
        self.write({"done": header})
        self.fh.flush()
        self.used.append((self._start, self.fh.tell()))

    # -- resuming ----------------------------------------------------------------
    def recorded(self, doc: str) -> list[dict] | None:
        """The lines of ``doc``'s latest complete group (``begin`` first, ``done`` last), or None."""
        span = self.index.get(doc)
        if span is None:
            return None
        with open(self.path, "rb") as fh:
            fh.seek(span[0])
            data = fh.read(span[1] - span[0])
        try:
            return [json.loads(line) for line in data.splitlines()]
        except ValueError:
            return None

    def reuse(self, doc: str) -> None:
        self.used.append(self.index[doc])

    def close(self, complete: bool) -> None:
        """Close; after a complete resumed run, keep only this run's groups, in order."""
        self.fh.close()
        if not (complete and self.resume):
            return
        tmp = AtomicTextFile(self.path, fsync=False)
        try:
            with open(self.path, "rb") as src:
                for start, end in self.used:
                    src.seek(start)
                    tmp.write(src.read(end - start).decode("utf-8"))
            tmp.commit()
        except BaseException:
            tmp.abort()
            raise


def _json_or_none(line: bytes, key: str):
    try:
        return json.loads(line)[key]
    except (ValueError, KeyError, TypeError):
        return None


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


@dataclass
class _Annotated:
    """An article annotated ahead in a worker process, with its edit rate (TER, chrF)."""

    result: Result
    rates: tuple[float, float]


def _annotate_in_worker(item: tuple[str, str]) -> _Annotated:
    rel, text = item
    result = _WORKER.annotate(text, rel)
    return _Annotated(result, edit_rate(text, result.cleaned))


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


def _one_article(annotator, rel, path, out_dir, sig, writers, summary, journal, prefetched=None) -> None:
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
    cleaned_path = out_dir / "cleaned" / rel
    if journal.resume and _replay(journal, rel, input_hash, sig, cleaned_path, writers, summary):
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

    # Cleaned files skip fsync (the run-level files keep it): a resumed run
    # checks each against the hash in the journal instead.
    cleaned = AtomicTextFile(cleaned_path, fsync=False, digest=True)
    try:
        analysis = prefetched[1] if prefetched is not None and size <= LARGE_FILE_BYTES else None
        journal.begin(rel)
        doc_row = _annotate_blocks(annotator, rel, blocks, encoding, cleaned, journal, writers, summary, analysis)
        cleaned.commit()
        journal.done({"doc_row": doc_row, "input": input_hash, "signature": sig, "cleaned": cleaned.sha1})
    except BaseException:
        cleaned.abort()
        raise


def _annotate_blocks(annotator, rel, blocks, encoding, cleaned, journal, writers, summary, analysis=None) -> dict:
    """Annotate a document block by block; stream rows, edits and cleaned text out."""
    rounds = annotator.config.max_rounds
    prev_len = [0] * (rounds + 1)  # length of the previous blocks after round r (r = 0: original)
    base = 0
    totals = Counter()
    meta: dict = {}
    converged, reverted = True, []
    n_blocks = 0
    for block in blocks:
        n_blocks += 1
        ahead = analysis if isinstance(analysis, _Annotated) else None  # annotated in a worker process
        result = ahead.result if ahead else annotator.annotate(block, rel, analysis)
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
        encoded = writers.findings(rows)
        writers.edits(rel, log)
        for line in encoded:
            journal.write_line('{"row": ' + line + "}")  # = json.dumps({"row": row}), encoded once
        for e in log:
            journal.write({"edit": e.as_dict()})
        cleaned.write(result.cleaned)
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
    # TER/chrF of a one-block article (``block`` and ``result`` are its only ones); a large
    # article's are left to the report, which reads it back whole.
    rates = (ahead.rates if ahead else edit_rate(block, result.cleaned)) if n_blocks == 1 else ()
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


def _replay(journal: Journal, rel, input_hash, sig, cleaned_path, writers, summary) -> bool:
    """Copy a finished article's rows from the journal; False if it is stale or its cleaned file is not the one written."""
    lines = journal.recorded(rel)
    if not lines or "done" not in lines[-1]:
        return False
    header = lines[-1]["done"]
    if header.get("input") != input_hash or header.get("signature") != sig or header["doc_row"]["doc"] != rel:
        return False
    try:
        if _file_hash(cleaned_path) != header.get("cleaned"):
            return False  # lost or changed since (a power cut before the data reached the disk, an edit)
    except OSError:
        return False
    rows = [item["row"] for item in lines if "row" in item]
    edits = [LoggedEdit(**item["edit"]) for item in lines if "edit" in item]
    writers.findings(rows)
    writers.edits(rel, edits)
    writers.document(header["doc_row"])
    _count_rows(rows, summary)
    _count_doc(header["doc_row"], summary)
    journal.reuse(rel)
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
