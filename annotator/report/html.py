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
import math
import os
import shutil
import tempfile
from collections import Counter
from json.encoder import encode_basestring
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


#: The page's JSON encoder, made once (``json.dumps`` with options makes one per call).
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _script_safe(encoded: str) -> str:
    """JSON text made safe inside a ``<script>`` element and a JS file (``<`` escaped).

    ``in`` first: it finds the (rare) ``<`` at memchr speed, where ``replace``
    counts characters one by one, over the ~14 MB of a large run's page data.
    """
    return encoded.replace("<", "\\u003c") if "<" in encoded else encoded


def _json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element and a JS file."""
    return _script_safe(_encode(data))


def _num(x: Any) -> float | None:
    """A score as the page shows it: rounded to 2 decimals, None when missing or infinite."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return round(v, 2) if math.isfinite(v) else None


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
        """The edits of ``code`` that overlap ``start:end`` or insert inside it, in text order."""
        ends, edits = self._by_code.get(code, ([], []))
        out = []
        for k in range(bisect.bisect_left(ends, start), len(edits)):
            e = edits[k]
            if e.start > end:
                break
            if (e.start < end and e.end > start) or start <= e.start == e.end <= end:
                out.append(e)
        return out


def applied_change(original: str, log: "list[LoggedEdit] | RoundOneEdits", code: str, start: int, end: int,
                   round: int = 1) -> tuple[str, str] | None:
    """What an applied finding's edits really did: ``(before, after)`` over the span they touch.

    Only round-1 edits index the original text; a later-round finding gets None
    (the page then shows its suggestion).

    >>> from annotator.engine import LoggedEdit as E
    >>> applied_change("a Source-x.com\\n", [E("MT401", 1, 15, " Source-x.com\\n", "", 1)], "MT401", 2, 14)
    (' Source-x.com\\n', '')
    """
    if round != 1:
        return None
    index = log if isinstance(log, RoundOneEdits) else RoundOneEdits(log)
    mine = index.touching(code, start, end)
    if not mine:
        return None
    lo, hi = min(mine[0].start, start), max(max(e.end for e in mine), end)
    pieces, pos = [], lo
    for e in mine:
        pieces.append(original[pos : e.start])
        pieces.append(e.after)
        pos = e.end
    pieces.append(original[pos:hi])
    return original[lo:hi], "".join(pieces)


def _text_order(r: dict) -> tuple:
    return int(r["start"]), int(r["end"]), r["code"]


def _fixable(r: dict, applied: bool) -> bool:
    fixable = r.get("fixable")
    if fixable is None or (isinstance(fixable, float) and math.isnan(fixable)):
        return r.get("safety") != "display-only" or applied
    return bool(fixable)


def finding_payload(r: dict) -> dict:
    """A finding row as the page shows it (:func:`findings_json` adds ``before``/``after`` to applied ones)."""
    applied = bool(r["applied"])
    return {
        "id": r["id"], "start": int(r["start"]), "end": int(r["end"]), "text": r["text"],
        "code": r["code"], "name": r["name"], "category": r["category"], "subcategory": r["subcategory"],
        "severity": r["severity"], "message": r["message"], "suggestion": r["suggestion"],
        "safety": r["safety"], "status": r["status"], "applied": applied, "round": int(r["round"] or 1),
        "fixable": _fixable(r, applied),
    }


#: :func:`finding_payload` as JSON, up to its last key.
_FINDING_JSON = (
    '{"id":%s,"start":%d,"end":%d,"text":%s,"code":%s,"name":%s,"category":%s,"subcategory":%s,"severity":%s,'
    '"message":%s,"suggestion":%s,"safety":%s,"status":%s,"applied":%s,"round":%d,"fixable":%s'
)
_JSON_BOOL = {True: "true", False: "false"}


def findings_json(rows: list[dict], original: str | None, log: list[LoggedEdit]) -> str:
    """An article's findings as the page shows them, in text order: a JSON array.

    Each is ``_encode`` of :func:`finding_payload`, plus ``before``/``after``
    (:func:`applied_change`) for an applied finding when the original text is
    known and the article has edits. The objects are written by filling
    :data:`_FINDING_JSON`: a large run has ~10,000 findings, and a dict for
    the general encoder, which encodes every key and tests the type of every
    value, takes twice as long. A string field holding something else (null,
    in a hand-made file) goes to the general encoder.

    >>> r = {"id": "X1-2-3", "start": 2, "end": 3, "text": 'a"', "code": "X1", "name": "x", "category": "Fluency",
    ...      "subcategory": "", "severity": "minor", "message": "m", "suggestion": "b", "safety": "safe",
    ...      "applied": True, "status": "applied", "round": 1, "fixable": None}
    >>> log = [LoggedEdit("X1", 2, 3, "a", "b", 1)]
    >>> findings_json([r], "..a.", log) == _encode([{**finding_payload(r), "before": "a", "after": "b"}])
    True
    >>> findings_json([{**r, "suggestion": None}], None, log) == _encode([finding_payload({**r, "suggestion": None})])
    True
    """
    round_one = RoundOneEdits(log) if original is not None and log else None
    s = encode_basestring
    out = []
    for r in sorted(rows, key=_text_order):
        start, end, applied, round_no = int(r["start"]), int(r["end"]), bool(r["applied"]), int(r["round"] or 1)
        try:
            head = _FINDING_JSON % (
                s(r["id"]), start, end, s(r["text"]), s(r["code"]), s(r["name"]), s(r["category"]),
                s(r["subcategory"]), s(r["severity"]), s(r["message"]), s(r["suggestion"]), s(r["safety"]),
                s(r["status"]), _JSON_BOOL[applied], round_no, _JSON_BOOL[_fixable(r, applied)],
            )
        except TypeError:
            head = _encode(finding_payload(r))[:-1]
        change = None
        if applied and round_one is not None:
            change = applied_change(original, round_one, r["code"], start, end, round_no)
        out.append(f'{head},"before":{s(change[0])},"after":{s(change[1])}}}' if change else head + "}")
    return "[" + ",".join(out) + "]"


def article_json(n: int, doc: str, words: int, scores: dict, rows: list[dict], original: str | None,
                 source: str, log: list[LoggedEdit], reverted: str, converged: bool) -> str:
    """Everything the page shows of one article when it is opened (``report/<k>.js`` or inlined), as JSON.

    The text ``_encode`` gives for the dict ``{"n", "doc", "words", "text",
    "source", "reverted", "converged", "scores", "findings", "diff"}``, with
    the findings encoded by :func:`findings_json` and the text and the diff by
    :func:`_text_and_diff_parts`.
    """
    return _article_json(n, doc, words, _encode(scores), rows, original, source, log, reverted, converged)


def _article_json(n: int, doc: str, words: int, scores_json: str, rows: list[dict], original: str | None,
                  source: str, log: list[LoggedEdit], reverted: str, converged: bool) -> str:
    """:func:`article_json` with the scores already encoded.

    The pieces are joined once: the text and the diff are most of the page's
    data (~14 MB for 2,000 articles), and each intermediate string (the
    text's JSON, the diff's, then the article's) would copy them again.
    """
    text, diff = _text_and_diff_parts(original, log)
    return "".join([
        f'{{"n":{n},"doc":{_encode(doc)},"words":{words},"text":', *text,
        f',"source":{_encode(source)},"reverted":{_encode(reverted)},"converged":{_JSON_BOOL[converged]},'
        f'"scores":{scores_json},"findings":{findings_json(rows, original, log)},"diff":', *diff, "}",
    ])


#: The scores of an article as :func:`render_html` makes them (an int, then rounded floats or None), as JSON.
_SCORES_JSON = '{"applied":%d,"mqm_raw":%s,"mqm_residual":%s,"ter":%s,"chrf":%s}'


def _num_json(x: float | None) -> str:
    """``_encode(x)`` of a finite float or None: JSON writes a float as its ``repr``."""
    return "null" if x is None else float.__repr__(x)


def _text_and_diff_json(original: str | None, log: list[LoggedEdit]) -> tuple[str, str]:
    """``_encode(original)`` and ``_encode(diff_segments(original, log))``: :func:`_text_and_diff_parts`, joined.

    >>> from annotator.engine import LoggedEdit as E
    >>> original, log = 'a "b"\\n', [E("X", 0, 1, "a", "A", 1), E("Y", 2, 5, '"b"', "", 1)]
    >>> _text_and_diff_json(original, log) == (_encode(original), _encode(diff_segments(original, log)))
    True
    """
    text, diff = _text_and_diff_parts(original, log)
    return "".join(text), "".join(diff)


def _text_and_diff_parts(original: str | None, log: list[LoggedEdit]) -> tuple[list[str], list[str]]:
    """The JSON of the original text and of its diff (:func:`diff_segments`), as lists of pieces to join.

    The text is escaped once: the kept and removed pieces of the diff are the
    original text, in order, and JSON escapes each character on its own, so
    the text's JSON is theirs, joined.
    """
    diff = diff_segments(original, log) if original is not None else None
    if diff is None:
        return [_encode(original)], ["null"]
    text, pieces = ['"'], ["["]
    for kind, piece in diff:
        encoded = encode_basestring(piece)
        if kind != "+":
            text.append(encoded[1:-1])  # without its quotes
        pieces.append(f'["{kind}",' if len(pieces) == 1 else f',["{kind}",')
        pieces.append(encoded)
        pieces.append("]")
    text.append('"')
    pieces.append("]")
    return text, pieces


def render_html(run: RunData, table: pd.DataFrame, summary: dict, originals: dict[str, tuple[str | None, str]],
                inline: bool | None = None) -> dict[str, Any]:
    """Write ``report.html`` (and ``report/<k>.js`` unless inlined); return sizes for the caller."""
    out_dir = run.out_dir
    f = run.findings
    codes = sorted(set(zip(f["code"].tolist(), f["name"].tolist()))) if len(f) else []
    code_idx = {c: i for i, (c, _) in enumerate(codes)}
    cats = sorted(set(f["category"].tolist())) if len(f) else []
    cat_idx = {c: i for i, c in enumerate(cats)}
    sevs = ["minor", "major", "critical"]
    statuses = sorted(set(f["status"].tolist())) if len(f) else []
    st_idx = {s: i for i, s in enumerate(statuses)}
    combos: dict[str, list[tuple]] = {}
    if len(f):
        # What groupby(...).size() gives (rows with a missing key left out), counted in Python:
        # sorting a five-level group index takes three times as long. Each article's few
        # combinations are sorted when it is written (sorting them all, doc first, costs more).
        keys = f[["doc", "code", "category", "severity", "status"]].dropna()
        counts = Counter(zip(*(keys[c].tolist() for c in keys.columns)))
        for (doc, code, cat, sev, st), count in counts.items():
            combos.setdefault(doc, []).append((code, cat, sev, st, count))
    sev_idx = {s: i for i, s in enumerate(sevs)}
    docs = run.documents
    states = dict(zip(docs["doc"].tolist(), zip(docs["reverted"].tolist(), docs["converged"].tolist())))
    articles = []
    # Small runs are collected to decide on inlining; large ones stream each
    # article's file out as soon as it is encoded, so no run-wide list of texts exists.
    stream = len(table) > INLINE_MAX_ARTICLES
    files = _DocFiles(out_dir) if stream else None
    encoded: list[tuple[int, str]] = []
    total = 0
    columns = ("doc", "words", "findings", "applied", "mqm_raw", "mqm_residual", "ter", "chrf")
    try:
        # Column lists rather than table.to_dict("records"), which builds a dict per row.
        for n, (doc, words, n_findings, applied, raw, residual, ter, chrf) in enumerate(
            zip(*(table[c].tolist() for c in columns))
        ):
            words, applied, raw, residual, ter, chrf = int(words), int(applied), _num(raw), _num(residual), _num(ter), _num(chrf)
            doc_combos = [[code_idx[code], cat_idx[cat], sev_idx.get(sev, 0), st_idx[st], count]
                          for code, cat, sev, st, count in sorted(combos.get(doc, ()))]
            articles.append([n, doc, words, int(n_findings), applied, raw, residual, ter, chrf, doc_combos])
            scores = _SCORES_JSON % (applied, _num_json(raw), _num_json(residual), _num_json(ter), _num_json(chrf))
            original, source = originals.get(doc, (None, "not read"))
            reverted, converged = states.get(doc, ("", None))
            e = _script_safe(_article_json(n, doc, words, scores, run.records_of(doc), original, source,
                                           run.edits.get(doc, []), str(reverted or ""), str(converged) != "False"))
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
    run_hash = hashlib.sha1((run.signature + "\n").encode())
    if fj.is_file():
        run_hash.update(fj.read_bytes())
    run_id = run_hash.hexdigest()[:16]
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
    folder that replaces the old one. Articles arrive in order, so only the current file's
    articles are held, and each file is written at once (one write, not one per article)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.tmp = Path(tempfile.mkdtemp(prefix=".report.", dir=out_dir))
        os.chmod(self.tmp, DIR_MODE)
        self._chunk = -1
        self._lines: list[bytes] = []

    def add(self, n: int, encoded: str) -> None:
        if n // DOC_CHUNK != self._chunk:
            self._write()
            self._chunk = n // DOC_CHUNK
        # Each article encoded on its own and the bytes joined: an "annotatorDoc(...)" string
        # per article, then the file's string, would copy the texts twice more.
        self._lines += (b"annotatorDoc(%d," % n, encoded.encode("utf-8"), b");\n")

    def _write(self) -> None:
        if self._lines:
            with open(self.tmp / f"{self._chunk}.js", "wb") as fh:
                fh.write(b"".join(self._lines))
            self._lines = []

    def commit(self) -> None:
        self._write()
        final = self.out_dir / DOC_DIR
        old = None
        if final.exists():
            old = self.out_dir / f".report.old.{os.getpid()}"
            os.replace(final, old)
        os.replace(self.tmp, final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        self._lines = []
        shutil.rmtree(self.tmp, ignore_errors=True)

    @staticmethod
    def remove(out_dir: Path) -> None:
        final = out_dir / DOC_DIR
        if final.is_dir():
            shutil.rmtree(final)
