"""Streaming report writers: one row per finding, written as each article finishes.

Nothing holds the whole corpus's findings in memory. Each output is written
to a temporary file beside its final name and renamed into place by
:meth:`RunWriters.commit`, so a killed run never leaves a half-written report
under a final name.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterable

from ..textio import AtomicTextFile

#: Columns of findings.csv / keys of findings.jsonl, in order.
FINDING_FIELDS = (
    "id", "doc", "start", "end", "text", "code", "name", "category", "subcategory",
    "severity", "message", "suggestion", "safety", "applied", "status", "round", "score",
    "fixable",
)
#: Columns of documents.csv: one row per input file, read or not.
DOCUMENT_FIELDS = (
    "doc", "status", "reason", "encoding", "chars", "words", "findings", "applied",
    "edits", "converged", "reverted", "ter", "chrf", "meta",
)
EDIT_FIELDS = ("doc", "code", "start", "end", "before", "after", "round")
#: ``json.dumps(x, ensure_ascii=False)`` without building an encoder per call.
to_json = json.JSONEncoder(ensure_ascii=False).encode


class RunWriters:
    """findings.csv, findings.jsonl, edits.jsonl and documents.csv of one run."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._files = {
            name: AtomicTextFile(out_dir / name)
            for name in ("findings.csv", "findings.jsonl", "edits.jsonl", "documents.csv")
        }
        # Rows are written as lists in FINDING_FIELDS order (a DictWriter builds that list per row).
        self._findings_csv = csv.writer(self._files["findings.csv"].fh)
        self._findings_csv.writerow(FINDING_FIELDS)
        self._documents_csv = csv.DictWriter(self._files["documents.csv"].fh, DOCUMENT_FIELDS, extrasaction="ignore")
        self._documents_csv.writeheader()

    def findings(self, rows: Iterable[dict[str, Any]]) -> list[str]:
        """Write the rows; return their JSON (one string per row) for the caller to reuse."""
        jl = self._files["findings.jsonl"].fh
        encoded = []
        fields = FINDING_FIELDS
        for row in rows:
            self._findings_csv.writerow([row.get(k, "") for k in fields])
            line = to_json(row)
            jl.write(line + "\n")
            encoded.append(line)
        return encoded

    def edits(self, doc: str, log: Iterable[Any]) -> None:
        fh = self._files["edits.jsonl"].fh
        for e in log:
            fh.write(to_json({"doc": doc, **e.as_dict()}) + "\n")

    def document(self, row: dict[str, Any]) -> None:
        row = dict(row)
        if isinstance(row.get("meta"), dict):
            row["meta"] = json.dumps(row["meta"], ensure_ascii=False, sort_keys=True)
        self._documents_csv.writerow(row)

    def commit(self) -> None:
        for f in self._files.values():
            f.commit()

    def abort(self) -> None:
        for f in self._files.values():
            f.abort()
