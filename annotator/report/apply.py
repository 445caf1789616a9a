"""Apply a reviewer's decisions: rewrite the cleaned texts with exactly the accepted fixes.

``annotator apply OUT_DIR --decisions decisions.csv`` reads the CSV exported
by the review page (columns ``doc``, ``id``, ``decision``; others ignored),
where ``decision`` is ``accept``, ``reject`` or empty (no decision).

For every article with at least one decision it starts again from the
original text and re-detects (the same configuration as the run, read from
``run.json``), then applies, through :func:`annotator.engine.apply_fixes`, the
fixes that are wanted:

* accepted findings, whatever their safety (safe, unsafe, or display-only
  with a concrete replacement);
* findings with no decision row keep their state: applied if the run (or an
  earlier ``apply``) applied them;
* rejected findings never.

Like the pipeline, it detects again after each round (a fix can reveal
another finding), with the same cap on rounds; a later-round finding is
identified by its id at original offsets, as in ``findings.jsonl``. An
accepted finding that has no concrete fix, or whose fix overlaps one already
applied, is not applied, and the log says why.

Outputs are rewritten atomically and only after the whole decisions file has
been checked: ``cleaned/<doc>``, ``edits.jsonl`` (so ``replay(original, log)``
still gives the cleaned text), ``findings.jsonl``/``findings.csv`` (``applied``,
``status`` and a new ``decision`` column), ``documents.csv`` counts,
``decisions.jsonl`` (one line per decision and what came of it, appended
across ``apply`` runs), then the reports are rendered again.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import AnnotatorConfig
from ..engine import LoggedEdit, OffsetMap, apply_fixes
from ..errors import error
from ..model import Finding, Safety
from ..textio import atomic_write_text, read_article
from .load import RunData, load_run
from .writers import DOCUMENT_FIELDS, FINDING_FIELDS

ACCEPT, REJECT = "accept", "reject"
_DECISION_WORDS = {
    "accept": ACCEPT, "accepted": ACCEPT, "yes": ACCEPT, "y": ACCEPT,
    "reject": REJECT, "rejected": REJECT, "no": REJECT, "n": REJECT,
    "": "",
}
REJECTED = "rejected"


@dataclass
class ApplyResult:
    """What ``apply`` did: per-decision outcomes and per-article changes."""

    outcomes: list[dict[str, Any]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o["outcome"] == outcome)


def read_decisions(path: Path, run: RunData) -> dict[str, dict[str, str]]:
    """``{doc: {finding id: accept|reject}}`` from a decisions CSV, checked against the run.

    Raises E012 (naming the row) for a missing file, missing columns, an unknown
    decision word, a doc or finding id that is not in this run, or one finding
    both accepted and rejected.
    """
    path = Path(path)
    if not path.is_file():
        raise error("E012", path=path, why="no such file")
    try:
        raw = path.read_bytes().decode("utf-8-sig")
        frame = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise error("E012", path=path, why=f"not a readable UTF-8 CSV file ({str(exc).strip().splitlines()[0]})") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("doc", "id", "decision") if c not in frame.columns]
    if missing:
        raise error("E012", path=path, why=f"missing column(s) {', '.join(missing)}; expected a header with doc,id,decision")
    known: dict[str, set[str]] = {}
    for doc, fid in zip(run.findings["doc"], run.findings["id"]):
        known.setdefault(doc, set()).add(fid)
    docs = set(run.documents["doc"])
    out: dict[str, dict[str, str]] = {}
    for i, (doc, fid, dec) in enumerate(zip(frame["doc"], frame["id"], frame["decision"]), start=2):
        doc, fid, word = doc.strip(), fid.strip(), dec.strip().lower()
        if word not in _DECISION_WORDS:
            raise error("E012", path=path, why=f"row {i}: decision {dec!r} is not one of accept, reject or empty")
        value = _DECISION_WORDS[word]
        if not value:
            continue
        if doc not in docs:
            raise error("E012", path=path, why=f"row {i}: article {doc!r} is not in this run")
        if fid not in known.get(doc, ()):
            raise error("E012", path=path, why=f"row {i}: article {doc!r} has no finding {fid!r} in this run")
        prior = out.setdefault(doc, {}).get(fid)
        if prior and prior != value:
            raise error("E012", path=path, why=f"row {i}: finding {fid!r} of {doc!r} is both accepted and rejected")
        out[doc][fid] = value
    return out


def _fid(f: Finding) -> str:
    return f"{f.code}-{f.start}-{f.end}"


def _at_original(f: Finding, omap: OffsetMap | None, original: str) -> str:
    if omap is None:
        return _fid(f)
    s = omap.to_original(f.start)
    e = omap.to_original(f.end, end=True)
    if e <= s:
        e = min(len(original), s + 1)
        s = min(s, e - 1)
    return f"{f.code}-{s}-{e}"


def _annotator(run: RunData):
    from ..pipeline import Annotator

    cfg = dict(run.config)
    cfg["fixes"] = "none"
    config = AnnotatorConfig.from_mapping(cfg, str(run.out_dir / "run.json"))
    return Annotator(config)


def decide_article(annotator, original: str, doc: str, decided: dict[str, str], applied_before: set[str],
                   max_rounds: int) -> tuple[str, list[LoggedEdit], set[str], dict[str, str]]:
    """Re-apply one article's fixes under the decisions.

    Returns the new cleaned text, its edit log, the ids applied, and for each
    accepted id that could not be applied the reason.
    """
    pending_accept = {i for i, d in decided.items() if d == ACCEPT}
    pending_keep = {i for i in applied_before if i not in decided}
    current, log = original, []
    applied: set[str] = set()
    why_not: dict[str, str] = {}
    findings = annotator.detect(annotator.analyse(original, doc))
    for round_no in range(1, max_rounds + 1):
        omap = OffsetMap(log) if log else None
        ids = [_at_original(f, omap, original) for f in findings]
        wanted_idx = [k for k, i in enumerate(ids) if i in pending_accept or i in pending_keep]
        for k in wanted_idx:
            if findings[k].fix is None:
                why_not.setdefault(ids[k], "no automatic fix: the suggestion is an instruction, edit by hand")
        wanted = [findings[k] for k in wanted_idx if findings[k].fix is not None]
        wanted_ids = [ids[k] for k in wanted_idx if findings[k].fix is not None]
        res = apply_fixes(current, wanted, Safety.DISPLAY_ONLY, round_no)
        for k in res.applied:
            applied.add(wanted_ids[k])
            pending_accept.discard(wanted_ids[k])
            pending_keep.discard(wanted_ids[k])
            why_not.pop(wanted_ids[k], None)
        for k in res.conflicts:
            why_not.setdefault(wanted_ids[k], "conflict: overlaps another applied fix")
        if not res.log:
            break
        log.extend(res.log)
        current = res.text
        if round_no == max_rounds:
            break
        findings = annotator.detect(annotator.analyse(current, doc))
    for i in pending_accept:
        why_not.setdefault(i, "not found again: the finding no longer occurs with these decisions or this configuration")
    return current, log, applied, {i: w for i, w in why_not.items() if i not in applied}


def apply_decisions(out_dir: Path, decisions_path: Path, *, render: bool = True) -> ApplyResult:
    """Apply the decisions CSV to the run in ``out_dir`` (see the module docstring)."""
    from ..run import signature as run_signature

    out_dir = Path(out_dir)
    run = load_run(out_dir)
    decisions = read_decisions(decisions_path, run)
    result = ApplyResult()
    if not decisions:
        result.warnings.append("the decisions file holds no accept or reject decision; nothing to do")
        return result
    annotator = _annotator(run)
    sig = run_signature(annotator).replace("fixes:none", f"fixes:{run.config.get('fixes', 'safe')}")
    if run.signature and sig.split("|cfg:")[0] != run.signature.split("|cfg:")[0]:
        result.warnings.append(f"this installation's signature {sig} differs from the run's {run.signature}; "
                               "findings that no longer occur are reported as not found")
    max_rounds = int(run.config.get("max_rounds", 4))
    findings = run.findings.copy()
    if "decision" not in findings.columns:
        findings["decision"] = ""
    findings["decision"] = findings["decision"].fillna("").astype(str)
    new_texts: dict[str, str] = {}
    new_logs: dict[str, list[LoggedEdit]] = {}
    stamp = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    for doc, decided in sorted(decisions.items()):
        original, source = run.original(doc)
        rows = findings["doc"] == doc
        if original is None:
            result.warnings.append(f"{doc}: original text not available ({source}); its decisions were not applied")
            for fid, d in decided.items():
                result.outcomes.append({"doc": doc, "id": fid, "decision": d, "outcome": "skipped", "detail": source})
            continue
        applied_before = set(findings.loc[rows & findings["applied"].astype(bool), "id"])
        text, log, applied, why_not = decide_article(annotator, original, doc, decided, applied_before, max_rounds)
        new_texts[doc], new_logs[doc] = text, log
        for idx in findings.index[rows]:
            fid = findings.at[idx, "id"]
            d = decided.get(fid, "")
            if d:
                findings.at[idx, "decision"] = d
            now = fid in applied
            was = bool(findings.at[idx, "applied"])
            findings.at[idx, "applied"] = now
            if now:
                findings.at[idx, "status"] = "applied"
            elif d == REJECT:
                findings.at[idx, "status"] = REJECTED
            elif was or d == ACCEPT:
                findings.at[idx, "status"] = "conflict" if why_not.get(fid, "").startswith("conflict") else "reported"
        for fid, d in sorted(decided.items()):
            if d == REJECT:
                outcome, detail = "rejected", ""
            elif fid in applied:
                outcome, detail = "applied", ""
            else:
                outcome, detail = "not-applied", why_not.get(fid, "")
            result.outcomes.append({"doc": doc, "id": fid, "decision": d, "outcome": outcome, "detail": detail})
        if text != _current_cleaned(run, doc):
            result.changed.append(doc)
    _write(run, findings, new_texts, new_logs)
    log_lines = "".join(
        json.dumps({**o, "decisions_file": str(decisions_path), "at": stamp}, ensure_ascii=False) + "\n"
        for o in result.outcomes
    )
    dl = out_dir / "decisions.jsonl"
    atomic_write_text(dl, (dl.read_text(encoding="utf-8") if dl.is_file() else "") + log_lines)
    info = dict(run.run)
    info.setdefault("decisions_applied", []).append({
        "file": str(decisions_path),
        "sha1": hashlib.sha1(Path(decisions_path).read_bytes()).hexdigest()[:12],
        "at": stamp,
        "accepted": sum(1 for d in decisions.values() for v in d.values() if v == ACCEPT),
        "rejected": sum(1 for d in decisions.values() for v in d.values() if v == REJECT),
        "articles_changed": len(result.changed),
    })
    atomic_write_text(out_dir / "run.json", json.dumps(info, indent=2, ensure_ascii=False, default=str) + "\n")
    if render:
        from .render import render_report

        render_report(out_dir)
    return result


def _current_cleaned(run: RunData, doc: str) -> str | None:
    """The cleaned copy as it is now, in whatever encoding it was saved (None if missing or unreadable)."""
    return read_article(run.cleaned_path(doc)).text


def _write(run: RunData, findings: pd.DataFrame, texts: dict[str, str], logs: dict[str, list[LoggedEdit]]) -> None:
    """Rewrite the decided articles' cleaned copies and the run's tables.

    Every file's content is worked out before the first one is written, so a
    failure while preparing them leaves the run as it was.
    """
    out = run.out_dir
    # edits.jsonl: same document order, the decided documents' logs replaced.
    lines: list[str] = []
    order = list(run.edits) + [d for d in logs if d not in run.edits]
    for doc in order:
        for e in logs.get(doc, run.edits.get(doc, [])):
            lines.append(json.dumps({"doc": doc, **e.as_dict()}, ensure_ascii=False) + "\n")
    cols = list(FINDING_FIELDS) + [c for c in findings.columns if c not in FINDING_FIELDS]
    records = findings[cols].to_dict("records")
    jsonl = "".join(json.dumps(_plain(r), ensure_ascii=False) + "\n" for r in records)
    buf = io.StringIO()
    w = csv.DictWriter(buf, cols, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in records:
        w.writerow({k: ("" if v is None else v) for k, v in _plain(r).items()})
    applied = findings.loc[findings["applied"].astype(bool), "doc"].value_counts()
    documents = _documents_csv(out / "documents.csv", {
        # The text changed: the report scores its edit rate again (empty ter and chrf).
        doc: {"edits": str(len(log)), "applied": str(int(applied.get(doc, 0))), "ter": "", "chrf": ""}
        for doc, log in logs.items()
    })
    for doc, text in texts.items():
        atomic_write_text(run.cleaned_path(doc), text)
    atomic_write_text(out / "edits.jsonl", "".join(lines))
    atomic_write_text(out / "findings.jsonl", jsonl)
    atomic_write_text(out / "findings.csv", buf.getvalue())
    atomic_write_text(out / "documents.csv", documents)


def _documents_csv(path: Path, changes: dict[str, dict[str, str]]) -> str:
    """documents.csv with the cells in ``changes`` (doc -> column -> value) replaced, every other cell as it was.

    Read and written as text with the csv module, in the format ``clean``
    writes: a column left empty by an input-error row stays empty, and
    untouched rows come out byte for byte.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or DOCUMENT_FIELDS)
        rows = [{**row, **changes.get(row.get("doc", ""), {})} for row in reader]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fields, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, float) and pd.isna(v):
            v = None
        elif hasattr(v, "item"):  # numpy scalar
            v = v.item()
        out[k] = v
    return out
