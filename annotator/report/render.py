"""Render every report of an output folder from what ``clean`` (or ``apply``) wrote.

``render_report(OUT)`` writes, atomically:

* ``summary.json``: counts, MQM scores and distribution, worst articles, signature;
* ``articles.csv``: one row per article (MQM penalties and scores, per-category
  penalties, TER/chrF of the cleaning);
* ``report.html`` (+ ``report/<n>.js`` for large runs): the review page.

It is called at the end of :func:`annotator.run.clean_folder` and by
``annotator report OUT_DIR``; it only reads the output folder (see
:mod:`.load` for how the original texts are recovered).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..textio import atomic_write_text
from .html import render_html
from .load import RunData, load_run
from .summary import articles_table, build_summary


def recover_originals(run: RunData) -> dict[str, tuple[str | None, str]]:
    ok = run.documents[run.documents["status"] == "ok"]["doc"]
    return {doc: run.original(doc) for doc in ok}


def render_report(out_dir: Path, *, inline: bool | None = None) -> dict[str, Any]:
    """Write summary.json, articles.csv and report.html for the run in ``out_dir``; return the summary."""
    out_dir = Path(out_dir)
    run = load_run(out_dir)
    originals = recover_originals(run)
    table = articles_table(run, {d: t for d, (t, _) in originals.items()})
    summary = build_summary(run, table)
    missing = {d: why for d, (t, why) in originals.items() if t is None}
    if missing:
        summary["originals_missing"] = missing
    page = render_html(run, table, summary, originals, inline=inline)
    summary["report"] = {"html": "report.html", **page}
    atomic_write_text(out_dir / "articles.csv", table.to_csv(index=False))
    atomic_write_text(out_dir / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary
