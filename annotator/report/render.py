"""Render every report of an output folder from what ``clean`` (or ``apply``) wrote.

``render_report(OUT)`` writes, atomically:

* ``summary.json``: counts, MQM scores and distribution, worst articles, signature;
* ``articles.csv``: one row per article (MQM penalties and scores, per-category
  penalties, TER/chrF of the cleaning);
* ``report.html`` (+ ``report/<k>.js`` for large runs): the review page.

It is called at the end of :func:`annotator.run.clean_folder` and by
``annotator report OUT_DIR``; it only reads the output folder (see
:mod:`.load` for how the original texts are recovered).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..glossary.model import gc_paused
from ..textio import atomic_write_text
from .html import render_html
from .load import RunData, load_run
from .summary import articles_table, build_summary


class LazyOriginals:
    """Original texts read back one article at a time, on demand, never held for the whole run.

    ``get(doc)`` gives ``(text or None, source)`` like :meth:`RunData.original`;
    ``texts`` is the same mapping giving the text alone. Articles whose text
    could not be recovered are remembered in ``missing`` with the reason.
    """

    def __init__(self, run: RunData) -> None:
        self.run = run
        docs = run.documents
        self.ok = set(docs[docs["status"] == "ok"]["doc"])
        self.missing: dict[str, str] = {}
        self.texts = _Texts(self)

    def get(self, doc: str, default=None):
        if doc not in self.ok:
            return default
        text, source = self.run.original(doc)
        if text is None:
            self.missing[doc] = source
        return text, source


class _Texts:
    def __init__(self, originals: LazyOriginals) -> None:
        self._o = originals

    def get(self, doc: str, default=None):
        got = self._o.get(doc)
        return default if got is None else got[0]


def render_report(out_dir: Path, *, inline: bool | None = None) -> dict[str, Any]:
    """Write summary.json, articles.csv and report.html for the run in ``out_dir``; return the summary."""
    out_dir = Path(out_dir)
    # The report builds a few objects per finding (rows, page data) and keeps them to
    # the end: the cyclic collector would walk them again and again, to free nothing.
    with gc_paused():
        run = load_run(out_dir)
        originals = LazyOriginals(run)
        table = articles_table(run, originals.texts)
        summary = build_summary(run, table)
        page = render_html(run, table, summary, originals, inline=inline)
        if originals.missing:
            summary["originals_missing"] = dict(originals.missing)
        summary["report"] = {"html": "report.html", **page}
        atomic_write_text(out_dir / "articles.csv", table.to_csv(index=False))
        atomic_write_text(out_dir / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary
