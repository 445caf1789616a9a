"""Read back what ``annotator clean`` wrote into an output folder.

The report stage needs each article's ORIGINAL text (findings index it). The
output folder already holds it losslessly: the cleaned text plus the edit log,
inverted, give the original back (``replay(cleaned, invert(log))``). So the
report reads nothing outside the output folder, and a folder that was copied
elsewhere still renders. Only when that fails (a cleaned file edited by hand,
or missing) does it fall back to the input folder named in ``run.json``; the
result is checked against the finding texts either way.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..engine import LoggedEdit, invert, replay
from ..errors import error
from ..textio import decode, read_article
from .writers import DOCUMENT_FIELDS, FINDING_FIELDS


@dataclass
class RunData:
    """An output folder, read back: tables plus the edit logs by document."""

    out_dir: Path
    run: dict[str, Any]
    findings: pd.DataFrame
    documents: pd.DataFrame
    edits: dict[str, list[LoggedEdit]] = field(default_factory=dict)
    #: The finding rows as read from findings.jsonl (before any change to ``findings``), if kept.
    rows: list[dict[str, Any]] | None = None

    @property
    def signature(self) -> str:
        sig = self.run.get("signature")
        if sig:
            return str(sig)
        p = self.out_dir / "signature.txt"
        return p.read_text(encoding="utf-8").strip() if p.is_file() else ""

    @property
    def config(self) -> dict[str, Any]:
        return dict(self.run.get("config") or {})

    def records_of(self, doc: str) -> list[dict[str, Any]]:
        """The finding rows of ``doc`` as dicts, grouped once (per-document pandas
        selections would make a 5,000-article run quadratic and slow)."""
        if not hasattr(self, "_records"):
            self._records: dict[str, list[dict[str, Any]]] = {}
            for r in self.rows if self.rows is not None else self.findings.to_dict("records"):
                self._records.setdefault(r["doc"], []).append(r)
        return self._records.get(doc, [])

    def cleaned_path(self, doc: str) -> Path:
        return self.out_dir.joinpath("cleaned", doc)

    def original(self, doc: str) -> tuple[str | None, str]:
        """The original text of ``doc`` and where it came from (``"out"``, ``"input"`` or a reason)."""
        rows = self.records_of(doc)
        reasons = []
        data = _read_regular_file(os.fspath(self.cleaned_path(doc)))
        if data is not None:
            cleaned_text = decode(data)[0]
            if cleaned_text is not None:
                try:
                    text = replay(cleaned_text, invert(self.edits.get(doc, [])))
                except ValueError as exc:
                    reasons.append(f"cleaned text does not match edits.jsonl ({exc})")
                else:
                    if _matches(text, rows):
                        return text, "out"
                    reasons.append("cleaned text does not match findings")
        inp = self.run.get("input_dir")
        if inp:
            path = Path(inp) / doc
            read = read_article(path)
            if read.text is not None and _matches(read.text, rows):
                return read.text, "input"
            reasons.append(f"input {path}: {read.error or 'text does not match findings'}")
        return None, "; ".join(reasons) or "no cleaned text"


#: How a cleaned copy is opened: O_NONBLOCK so that a FIFO is refused (by fstat) instead of waited on.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_regular_file(path: str) -> bytes | None:
    """The bytes of ``path`` if it is a regular file that can be read, else None.

    What ``Path(path).is_file()`` then a read give, with one open and one
    fstat: of the cleaned copy of every article the report needs the bytes
    alone, and pathlib's stat plus a file object per file cost as much as the
    reads themselves (a 2,000-article run reads 2,000 copies). Not
    ``read_article``, which also hashes the bytes (to resume a run) and looks
    for a broken link first (to say why a file cannot be read).
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError):  # ValueError: a NUL in the name, which is_file() takes for "no file"
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        data = os.read(fd, st.st_size + 1)
        while True:  # to the end of the file, should it have grown since fstat
            more = os.read(fd, 1 << 20)
            if not more:
                return data
            data += more
    except OSError:
        return None
    finally:
        os.close(fd)


def _matches(text: str, rows: list[dict[str, Any]]) -> bool:
    for r in rows:  # a plain loop: all() over a generator costs a third more, per finding of the run
        if text[int(r["start"]) : int(r["end"])] != str(r["text"]):
            return False
    return True


def _read_jsonl(path: Path) -> list[Any]:
    """The values of a JSON-lines file, one per non-blank line.

    The file is parsed as one JSON array, its line breaks turned into commas:
    one decoder call for the whole file, instead of one per line (a
    2,000-article run has ~16,000 lines), takes a third less time. A file that
    does not read that way (a blank line, a value that is not one line, a
    carriage return, bad UTF-8) is parsed line by line as before, which gives
    its values or the error of its first bad line.
    """
    body = path.read_bytes().rstrip(b" \t\n")  # JSON's spaces; in bytes, to replace and count at memchr speed
    values = None
    if b"\r" not in body:  # a line break when read as text; JSON takes it for a space
        try:
            values = json.loads((b"[" + body.replace(b"\n", b",") + b"]").decode("utf-8"))
        except ValueError:
            pass
    if values is None or len(values) != (body.count(b"\n") + 1 if body else 0):
        with path.open(encoding="utf-8") as fh:
            values = [json.loads(line) for line in fh if line.strip()]
    return values


def load_run(out_dir: Path) -> RunData:
    """Read ``findings.jsonl``, ``documents.csv``, ``edits.jsonl`` and ``run.json`` of a run."""
    out_dir = Path(out_dir)
    fj = out_dir / "findings.jsonl"
    if not fj.is_file():
        raise error("E011", out=out_dir)
    run_path = out_dir / "run.json"
    run = json.loads(run_path.read_text(encoding="utf-8")) if run_path.is_file() else {}
    rows = _read_jsonl(fj)
    findings = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    for col in FINDING_FIELDS:
        if col not in findings.columns:
            findings[col] = pd.Series(dtype=object)
    if len(findings):
        findings["start"] = findings["start"].astype(int)
        findings["end"] = findings["end"].astype(int)
        findings["applied"] = findings["applied"].astype(bool)
        for col in ("suggestion", "message", "subcategory", "text", "status"):
            findings[col] = findings[col].fillna("").astype(str)
    else:
        findings["applied"] = findings["applied"].astype(bool)
    dp = out_dir / "documents.csv"
    if dp.is_file():
        documents = pd.read_csv(dp, dtype={"doc": str, "status": str, "reason": str}, keep_default_na=False)
    else:
        documents = pd.DataFrame(columns=list(DOCUMENT_FIELDS))
    for col in DOCUMENT_FIELDS:
        if col not in documents.columns:
            documents[col] = ""
    documents["words"] = pd.to_numeric(documents["words"], errors="coerce").fillna(0).astype(int)
    edits: dict[str, list[LoggedEdit]] = {}
    ep = out_dir / "edits.jsonl"
    if ep.is_file():
        for d in _read_jsonl(ep):
            edits.setdefault(d["doc"], []).append(
                LoggedEdit(d["code"], int(d["start"]), int(d["end"]), d["before"], d["after"], int(d["round"]))
            )
    return RunData(out_dir, run, findings, documents, edits, rows)
