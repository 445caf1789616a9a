"""Render ``report.html``: the review page, self-contained, usable for 5,000 articles.

Page structure:

* ``report.html`` holds the run header (counts, MQM scores, signature), the
  filters, and the article table (one compact row per article, sorted worst
  first, paginated 50 rows at a time in the browser).
* The data of each article (original text, findings, before/after of the
  applied fixes) is either inlined in the page (small runs: up to
  :data:`INLINE_MAX_ARTICLES` articles and :data:`INLINE_MAX_BYTES` of data,
  so the page is one file that can be mailed) or written to
  ``report/<k>.js`` files of :data:`DOC_CHUNK` articles each (article ``n``
  in file ``n // DOC_CHUNK``), which the page loads with a ``<script>``
  element when an article is opened (``fetch()`` of ``file://`` is blocked
  in Chromium; a script element is not). A 5,000-article run gives a page
  of about 360 KB plus 250 small files.

Nothing is fetched from the network: CSS and JS are inline and the page
carries a Content-Security-Policy that forbids any other origin.
"""

from __future__ import annotations

import bisect

import hashlib
import html
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ..engine import LoggedEdit, _rounds
from ..textio import DIR_MODE, atomic_write_text
from .load import RunData
from .page import CSS, HTML, JS

DOC_DIR = "report"
#: Articles per ``report/<k>.js`` file: few files to write, small files to load.
DOC_CHUNK = 20
INLINE_MAX_ARTICLES = 200
INLINE_MAX_BYTES = 2_000_000


def _json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element and a JS file (``<`` escaped)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(v) or v in (float("inf"), float("-inf")) else round(v, 2)


def diff_segments(original: str, log: list[LoggedEdit]) -> list[list[str]] | None:
    """The cleaning as ``[kind, text]`` pieces over the original: ``=`` kept, ``-`` removed, ``+`` added.

    Follows the edit log round by round, so it is exact even when a later
    round edits text an earlier round inserted.

    >>> from annotator.engine import LoggedEdit as E
    >>> diff_segments("Kim Jong-Un left", [E("MT301", 9, 10, "U", "u", 1)])
    [['=', 'Kim Jong-'], ['-', 'U'], ['+', 'u'], ['=', 'n left']]
    >>> diff_segments("ab", [E("X", 1, 1, "", " ", 1), E("Y", 1, 2, " ", "-", 2)])
    [['=', 'a'], ['+', '-'], ['=', 'b']]
    """
    if not log:
        return None
    pieces: list[list[str]] = [["=", original]] if original else []
    for edits in _rounds(log):
        pieces = _diff_round(pieces, sorted(edits, key=lambda e: (e.start, e.end)))
    return pieces


def _diff_round(pieces: list[list[str]], edits: list[LoggedEdit]) -> list[list[str]]:
    """Apply one round's edits (visible-text offsets) to the diff pieces, in one linear pass.

    ``=`` and ``+`` pieces are visible; a removed ``=`` becomes ``-``, a removed
    ``+`` (added by an earlier round) disappears; an edit's new text is added
    right after what it removed (or at its point, for an insertion).
    """
    out: list[list[str]] = []

    def emit(kind: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == kind:
            out[-1][1] += text
        else:
            out.append([kind, text])

    ei, n_edits, v = 0, len(edits), 0
    for kind, text in pieces:
        if kind == "-":
            emit(kind, text)
            continue
        i, n = 0, len(text)
        while i < n:
            pos = v + i
            while ei < n_edits and edits[ei].start == edits[ei].end == pos:
                emit("+", edits[ei].after)  # a pure insertion before the character at pos
                ei += 1
            if ei < n_edits and edits[ei].start <= pos < edits[ei].end:
                stop = min(n, edits[ei].end - v)
                if kind == "=":
                    emit("-", text[i:stop])
                i = stop
                if v + i == edits[ei].end:
                    emit("+", edits[ei].after)
                    ei += 1
                continue
            nxt = edits[ei].start - v if ei < n_edits else n
            stop = min(n, nxt) if nxt > i else n
            emit(kind, text[i:stop])
            i = stop
        v += n
    for e in edits[ei:]:  # insertions at the very end
        emit("+", e.after)
    return out


class RoundOneEdits:
    """Round-1 edits grouped by code and sorted, so each finding finds its own by bisection."""

    def __init__(self, log: list[LoggedEdit]) -> None:
        self._by_code: dict[str, tuple[list[int], list[LoggedEdit]]] = {}
        grouped: dict[str, list[LoggedEdit]] = {}
        for e in log:
            if e.round == 1:
                grouped.setdefault(e.code, []).append(e)
        for code, edits in grouped.items():
            edits.sort(key=lambda e: (e.start, e.end))
            self._by_code[code] = ([e.end for e in edits], edits)

    def touching(self, code: str, start: int, end: int) -> list[LoggedEdit]:
        ends, edits = self._by_code.get(code, ([], []))
        out = []
        for k in range(bisect.bisect_left(ends, start), len(edits)):
            e = edits[k]
            if e.start > end:
                break
            if (e.start < end and e.end > start) or start <= e.start == e.end <= end:
                out.append(e)
        return out


def applied_change(original: str, log: "list[LoggedEdit] | RoundOneEdits", f: dict) -> tuple[str, str] | None:
    """What an applied finding's edits really did: ``(before, after)`` over the span they touch.

    Only round-1 edits index the original text; a later-round finding gets None
    (the page then shows its suggestion).

    >>> from annotator.engine import LoggedEdit as E
    >>> applied_change("a Source-x.com\\n", [E("MT401", 1, 15, " Source-x.com\\n", "", 1)],
    ...                {"code": "MT401", "start": 2, "end": 14, "round": 1})
    (' Source-x.com\\n', '')
    """
    if f.get("round", 1) != 1:
        return None
    index = log if isinstance(log, RoundOneEdits) else RoundOneEdits(log)
    mine = index.touching(f["code"], f["start"], f["end"])
    if not mine:
        return None
    lo, hi = min(min(e.start for e in mine), f["start"]), max(max(e.end for e in mine), f["end"])
    pieces, pos = [], lo
    for e in sorted(mine, key=lambda e: (e.start, e.end)):
        pieces.append(original[pos : e.start])
        pieces.append(e.after)
        pos = e.end
    pieces.append(original[pos:hi])
    return original[lo:hi], "".join(pieces)


def article_payload(n: int, doc: str, row: dict, rows: list[dict], original: str | None, source: str,
                    log: list[LoggedEdit], docrow: dict) -> dict:
    findings = []
    round_one = RoundOneEdits(log)
    for r in sorted(rows, key=lambda r: (int(r["start"]), int(r["end"]), r["code"])):
        fixable = r.get("fixable")
        if fixable is None or (isinstance(fixable, float) and pd.isna(fixable)):
            fixable = r.get("safety") != "display-only" or bool(r.get("applied"))
        findings.append({
            "id": r["id"], "start": int(r["start"]), "end": int(r["end"]), "text": r["text"],
            "code": r["code"], "name": r["name"], "category": r["category"], "subcategory": r["subcategory"],
            "severity": r["severity"], "message": r["message"], "suggestion": r["suggestion"],
            "safety": r["safety"], "status": r["status"], "applied": bool(r["applied"]), "round": int(r["round"] or 1),
            "fixable": bool(fixable),
        })
        if original is not None and findings[-1]["applied"]:
            change = applied_change(original, round_one, findings[-1])
            if change:
                findings[-1]["before"], findings[-1]["after"] = change
    return {
        "n": n,
        "doc": doc,
        "words": int(row["words"]),
        "text": original,
        "source": source,
        "reverted": str(docrow.get("reverted") or ""),
        "converged": str(docrow.get("converged")) != "False",
        "scores": {
            "applied": int(row["applied"]), "mqm_raw": _num(row["mqm_raw"]), "mqm_residual": _num(row["mqm_residual"]),
            "ter": _num(row["ter"]), "chrf": _num(row["chrf"]),
        },
        "findings": findings,
        "diff": diff_segments(original, log) if original is not None else None,
    }


def render_html(run: RunData, table: pd.DataFrame, summary: dict, originals: dict[str, tuple[str | None, str]],
                inline: bool | None = None) -> dict[str, Any]:
    """Write ``report.html`` (and ``report/<k>.js`` unless inlined); return sizes for the caller."""
    out_dir = run.out_dir
    f = run.findings
    codes = sorted({(c, n) for c, n in zip(f["code"], f["name"])}) if len(f) else []
    code_idx = {c: i for i, (c, _) in enumerate(codes)}
    cats = sorted(set(f["category"])) if len(f) else []
    cat_idx = {c: i for i, c in enumerate(cats)}
    sevs = ["minor", "major", "critical"]
    statuses = sorted(set(f["status"])) if len(f) else []
    st_idx = {s: i for i, s in enumerate(statuses)}
    combos: dict[str, list] = {}
    if len(f):
        grouped = f.groupby(["doc", "code", "category", "severity", "status"]).size()
        for (doc, code, cat, sev, st), count in grouped.items():
            combos.setdefault(doc, []).append([code_idx[code], cat_idx[cat], sevs.index(sev) if sev in sevs else 0, st_idx[st], int(count)])
    docrows = {r["doc"]: r for r in run.documents.to_dict("records")}
    articles = []
    # Small runs are collected to decide on inlining; large ones stream each
    # article's file out as soon as it is encoded, so no run-wide list of texts exists.
    stream = len(table) > INLINE_MAX_ARTICLES
    files = _DocFiles(out_dir) if stream else None
    encoded: list[tuple[int, str]] = []
    total = 0
    try:
        for n, row in enumerate(table.to_dict("records")):
            doc = row["doc"]
            articles.append([n, doc, int(row["words"]), int(row["findings"]), int(row["applied"]),
                             _num(row["mqm_raw"]), _num(row["mqm_residual"]), _num(row["ter"]), _num(row["chrf"]),
                             combos.get(doc, [])])
            original, source = originals.get(doc, (None, "not read"))
            e = _json(article_payload(n, doc, row, run.records_of(doc), original, source,
                                      run.edits.get(doc, []), docrows.get(doc, {})))
            total += len(e)
            if files is not None:
                files.add(n, e)
            else:
                encoded.append((n, e))
        if inline is None:
            inline = not stream and total <= INLINE_MAX_BYTES
        if files is None and not inline:
            files = _DocFiles(out_dir)
            for n, e in encoded:
                files.add(n, e)
    except BaseException:
        if files is not None:
            files.abort()
        raise
    fj = out_dir / "findings.jsonl"
    run_id = hashlib.sha1((run.signature + "\n").encode() + (fj.read_bytes() if fj.is_file() else b"")).hexdigest()[:16]
    data = {
        "signature": run.signature, "run_id": run_id, "doc_dir": DOC_DIR, "doc_chunk": DOC_CHUNK, "inline": inline,
        "codes": [[c, n] for c, n in codes], "cats": cats, "sevs": sevs, "statuses": statuses,
        "articles": articles,
    }
    a, fnd, mqm = summary["articles"], summary["findings"], summary["mqm"]
    stats = " ".join(
        f"<span>{html.escape(label)}: <b>{html.escape(str(value))}</b></span>"
        for label, value in (
            ("articles", f"{a['read']}/{a['files']}"), ("words", summary["words"]), ("findings", fnd["total"]),
            ("fixes applied", summary["fixes"]["applied"]), ("left for review", fnd["left_for_review"]),
            ("MQM raw", f"{mqm['raw']['score']:.1f}"), ("MQM after cleaning", f"{mqm['residual']['score']:.1f}"),
            ("input errors", a["input_errors"]),
        )
    )
    inline_html = (
        '<script type="application/json" id="inline-docs">{' + ",".join(f'"{n}":{e}' for n, e in encoded) + "}</script>"
        if inline else ""
    )
    title = html.escape(str(run.run.get("input_dir") or out_dir.name))
    page = (
        HTML.replace("__CSS__", CSS)
        .replace("__JS__", JS)
        .replace("__TITLE__", title)
        .replace("__STATS__", stats)
        .replace("__SIGNATURE__", html.escape(run.signature))
        .replace("__INLINE_DOCS__", inline_html)
        .replace("__RUN_DATA__", _json(data))
    )
    if files is not None and not inline:
        files.commit()
    else:
        if files is not None:
            files.abort()
        _DocFiles.remove(out_dir)
    atomic_write_text(out_dir / "report.html", page)
    return {"inline": inline, "page_bytes": len(page.encode("utf-8")), "article_bytes": total, "articles": len(articles)}


class _DocFiles:
    """``OUT/report/<k>.js``: article ``n`` in file ``n // DOC_CHUNK``, written into a temporary
    folder that replaces the old one. Articles arrive in order, so one file is open at a time."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.tmp = Path(tempfile.mkdtemp(prefix=".report.", dir=out_dir))
        os.chmod(self.tmp, DIR_MODE)
        self._chunk = -1
        self._fh = None

    def add(self, n: int, encoded: str) -> None:
        if n // DOC_CHUNK != self._chunk:
            self._close()
            self._chunk = n // DOC_CHUNK
            self._fh = open(self.tmp / f"{self._chunk}.js", "w", encoding="utf-8")
        self._fh.write(f"annotatorDoc({n},{encoded});\n")

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def commit(self) -> None:
        self._close()
        final = self.out_dir / DOC_DIR
        old = None
        if final.exists():
            old = self.out_dir / f".report.old.{os.getpid()}"
            os.replace(final, old)
        os.replace(self.tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        self._close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @staticmethod
    def remove(out_dir: Path) -> None:
        final = out_dir / DOC_DIR
        if final.is_dir():
            shutil.rmtree(final)
