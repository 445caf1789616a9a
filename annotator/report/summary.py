"""The run summary: ``summary.json``, ``articles.csv`` and the terminal summary.

Built with pandas from the tables a run wrote (``findings.jsonl``,
``documents.csv``, ``edits.jsonl``); nothing here re-annotates anything.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import pandas as pd

from .load import RunData
from .metrics import edit_rate, edit_rate_signatures
from .mqm import DEFAULT_MINOR_PUNCTUATION, DEFAULT_WEIGHTS, SEVERITIES, article_scores, distribution, run_scores

SUMMARY_VERSION = 1
WORST = 10


def weights_of(run: RunData) -> tuple[dict, float]:
    cfg = run.config
    return (
        dict(cfg.get("severity_weights") or DEFAULT_WEIGHTS),
        float(cfg.get("minor_punctuation_weight", DEFAULT_MINOR_PUNCTUATION)),
    )


def articles_table(run: RunData, originals: Mapping[str, str | None]) -> pd.DataFrame:
    """One row per readable article: MQM scores, edit rate of the cleaning, counts.

    ``originals`` maps doc -> original text (None when it could not be read
    back); only ``.get(doc)`` is used, so it may read texts lazily.
    """
    weights, punct = weights_of(run)
    table = article_scores(run.findings, run.documents, weights, punct)
    # clean computes TER/chrF while it has both texts at hand; apply clears them for the
    # articles it rewrites, and large (block-annotated) articles leave them to this pass.
    docs = run.documents
    known = {}
    if "ter" in docs.columns and "chrf" in docs.columns:
        t_col, c_col = pd.to_numeric(docs["ter"], errors="coerce"), pd.to_numeric(docs["chrf"], errors="coerce")
        known = {
            d: (t, c)
            for d, t, c in zip(docs["doc"].tolist(), t_col.tolist(), c_col.tolist())
            if not (math.isnan(t) or math.isnan(c))
        }
    ter, chrf, edits = [], [], []
    for doc in table["doc"].tolist():  # lists: iterating a Series boxes every value
        log = run.edits.get(doc, [])
        edits.append(len(log))
        if not log:
            ter.append(0.0)
            chrf.append(100.0)
            continue
        if doc in known:
            ter.append(float(known[doc][0]))
            chrf.append(float(known[doc][1]))
            continue
        original = originals.get(doc)
        if original is None:
            ter.append(float("nan"))
            chrf.append(float("nan"))
            continue
        from ..engine import replay

        t, c = edit_rate(original, replay(original, log))
        ter.append(t)
        chrf.append(c)
    table["edits"] = edits
    table["ter"] = ter
    table["chrf"] = chrf
    # Worst first: the residual score is what a human still has to fix.
    table = table.sort_values(["mqm_residual", "mqm_raw", "doc"], kind="mergesort").reset_index(drop=True)
    return table


def _counts(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.value_counts().sort_index().items()}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def build_summary(run: RunData, table: pd.DataFrame) -> dict[str, Any]:
    """The content of ``summary.json`` (see the module docstring of :mod:`annotator.report`)."""
    f = run.findings
    docs = run.documents
    ok = docs[docs["status"] == "ok"]
    errors = docs[docs["status"] != "ok"]
    words = int(ok["words"].sum())
    weights, punct = weights_of(run)
    applied = f["applied"].astype(bool) if len(f) else pd.Series([], dtype=bool)
    by_code = {}
    by_cat_sev: dict[str, dict[str, int]] = {}
    if len(f):
        # Whole-column aggregations: a Python loop over groups costs a few pandas calls per group.
        # A code's name and category are those of its first finding.
        first = f[["code", "name", "category"]].drop_duplicates("code").set_index("code")
        counts = applied.groupby(f["code"]).agg(["size", "sum"])
        for code, n, n_applied in zip(counts.index, counts["size"].tolist(), counts["sum"].tolist()):
            by_code[str(code)] = {
                "name": str(first.at[code, "name"]),
                "category": str(first.at[code, "category"]),
                "findings": int(n),
                "applied": int(n_applied),
            }
        ct = f.groupby(["category", "severity"]).size().unstack(fill_value=0)
        for cat, row in zip(ct.index, ct.to_dict("records")):
            by_cat_sev[str(cat)] = {s: int(row.get(s, 0)) for s in SEVERITIES}
    status = _counts(f["status"]) if len(f) else {}
    worst = []
    for row in table.head(WORST).itertuples(index=False):
        if row.findings == 0:
            break
        worst.append({
            "doc": row.doc,
            "words": int(row.words),
            "findings": int(row.findings),
            "applied": int(row.applied),
            "mqm_raw": _clean(float(row.mqm_raw)),
            "mqm_residual": _clean(float(row.mqm_residual)),
        })
    changed = table[table["edits"] > 0]
    return {
        "summary_version": SUMMARY_VERSION,
        "signature": run.signature,
        "version": run.run.get("version", ""),
        "backend": run.run.get("backend", ""),
        "input_dir": run.run.get("input_dir", ""),
        "articles": {"files": int(len(docs)), "read": int(len(ok)), "input_errors": int(len(errors))},
        "words": words,
        "findings": {
            "total": int(len(f)),
            "applied": int(applied.sum()),
            "left_for_review": int((~applied).sum()) if len(f) else 0,
            "by_status": status,
            "by_category": _counts(f["category"]) if len(f) else {},
            "by_severity": {s: int((f["severity"] == s).sum()) if len(f) else 0 for s in SEVERITIES},
            "by_category_severity": by_cat_sev,
            "by_code": by_code,
        },
        "fixes": {
            "applied": int(applied.sum()),
            "edits": int(sum(len(v) for v in run.edits.values())),
            "articles_changed": int(len(changed)),
            "reverted_articles": int((ok["reverted"].astype(str).str.len() > 0).sum()) if len(ok) else 0,
            "not_converged_articles": int((ok["converged"].astype(str) == "False").sum()) if len(ok) else 0,
        },
        "mqm": {
            "weights": {**weights, "minor_punctuation": punct},
            "note": "raw: every finding counts (the MT as delivered); residual: only findings not fixed (the cleaned text)",
            **run_scores(f, words, weights, punct),
            "distribution": {
                "raw": distribution(table["mqm_raw"]),
                "residual": distribution(table["mqm_residual"]),
            },
        },
        "edit_rate": {
            "note": "TER and chrF of the cleaned text against the original, over articles the cleaning changed",
            "articles_changed": int(len(changed)),
            "ter_mean": _clean(round(float(changed["ter"].mean()), 2)) if len(changed) else 0.0,
            "ter_max": _clean(round(float(changed["ter"].max()), 2)) if len(changed) else 0.0,
            "chrf_mean": _clean(round(float(changed["chrf"].mean()), 2)) if len(changed) else 100.0,
            "signatures": edit_rate_signatures(),
        },
        "worst_articles": worst,
        "input_errors": [{"doc": d, "reason": r} for d, r in zip(errors["doc"], errors["reason"])],
    }


def print_summary(summary: dict[str, Any], console=None) -> None:
    """The terminal summary of a run (rich tables)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    a = summary["articles"]
    fnd = summary["findings"]
    mqm = summary["mqm"]
    console.print(
        f"[bold]{a['read']}/{a['files']} articles[/], {summary['words']} words, "
        f"{fnd['total']} findings, {summary['fixes']['applied']} fixes applied "
        f"({summary['fixes']['articles_changed']} articles changed), {a['input_errors']} input errors",
        highlight=False,
    )
    t = Table(title="findings by category and severity", title_justify="left")
    t.add_column("category")
    for s in SEVERITIES:
        t.add_column(s, justify="right")
    t.add_column("penalty raw", justify="right")
    t.add_column("residual", justify="right")
    for cat, counts in sorted(fnd["by_category_severity"].items()):
        pen = mqm["by_category"].get(cat, {})
        t.add_row(cat, *(str(counts.get(s, 0)) for s in SEVERITIES),
                  f"{pen.get('penalty_raw', 0):g}", f"{pen.get('penalty_residual', 0):g}")
    console.print(t)
    if fnd["by_code"]:
        t = Table(title="findings by code", title_justify="left")
        for col, just in (("code", "left"), ("name", "left"), ("findings", "right"), ("applied", "right")):
            t.add_column(col, justify=just)
        for code, d in sorted(fnd["by_code"].items()):
            t.add_row(code, d["name"], str(d["findings"]), str(d["applied"]))
        console.print(t)
    raw, res = mqm["raw"], mqm["residual"]
    console.print(
        f"MQM score: raw {raw['score']:.1f} ({raw['per_1000_words']:g} penalty/1000 words), "
        f"after cleaning {res['score']:.1f} ({res['per_1000_words']:g}/1000 words)",
        highlight=False,
    )
    dist = mqm["distribution"]["residual"]
    if dist.get("articles"):
        hist = "  ".join(f"{k}: {v}" for k, v in dist["histogram"].items())
        console.print(
            f"article scores after cleaning: min {dist['min']:g}  p10 {dist['p10']:g}  median {dist['median']:g}  "
            f"mean {dist['mean']:g}   [{hist}]",
            highlight=False,
        )
    if summary["worst_articles"]:
        t = Table(title="worst articles (after cleaning)", title_justify="left")
        for col, just in (("doc", "left"), ("words", "right"), ("findings", "right"),
                          ("applied", "right"), ("raw", "right"), ("residual", "right")):
            t.add_column(col, justify=just)
        for w in summary["worst_articles"]:
            t.add_row(w["doc"], str(w["words"]), str(w["findings"]), str(w["applied"]),
                      f"{w['mqm_raw']:.1f}" if w["mqm_raw"] is not None else "-",
                      f"{w['mqm_residual']:.1f}" if w["mqm_residual"] is not None else "-")
        console.print(t)
    console.print(f"signature: {summary['signature']}", highlight=False, soft_wrap=True)
