"""MQM scores: penalty points per finding, normalised per 1,000 words.

Each finding costs the weight of its severity (``severity_weights``, by
default minor 1, major 5, critical 25); a *minor* finding whose subcategory is
punctuation costs ``minor_punctuation_weight`` (0.1), as in the WMT MQM
practice. An article's penalty is normalised per 1,000 words and its quality
score is ``max(0, 100 - normed penalty)``.

Two scores are kept side by side:

* ``mqm_raw``: every finding counts. It scores the machine translation as it
  came in, whatever the tool then fixed.
* ``mqm_residual``: only findings whose fix was *not* applied count. It scores
  the cleaned text, i.e. what is left for a human.

>>> import pandas as pd
>>> rows = pd.DataFrame({"doc": ["a", "a", "a"], "severity": ["major", "minor", "minor"],
...                      "subcategory": ["Wrong term", "Punctuation", "Spelling"],
...                      "category": ["Terminology", "Fluency", "Fluency"],
...                      "applied": [True, False, False]})
>>> list(penalties(rows))
[5.0, 0.1, 1.0]
>>> quality(6.1, 500)
(12.2, 87.8)
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

DEFAULT_WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0}
DEFAULT_MINOR_PUNCTUATION = 0.1
SEVERITIES = ("minor", "major", "critical")


def penalties(
    findings: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    minor_punctuation: float = DEFAULT_MINOR_PUNCTUATION,
) -> pd.Series:
    """The MQM penalty of every finding row (a float Series aligned with ``findings``)."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    if findings.empty:
        return pd.Series([], dtype=float, index=findings.index)
    # Severities and subcategories take a handful of values: each distinct one is
    # lowered once, then mapped onto the rows (string methods on every row cost far more).
    sev = findings["severity"].astype(str)
    sub = findings["subcategory"].fillna("").astype(str)
    lowered = {s: s.lower() for s in sev.dropna().unique()}
    pen = sev.map({s: float(weights.get(low, 0.0)) for s, low in lowered.items()}).where(sev.notna(), 0.0)
    minor = sev.isin([s for s, low in lowered.items() if low == "minor"])
    punct = sub.isin([s for s in sub.unique() if s.strip().lower() == "punctuation"])
    pen = pen.where(~(minor & punct), float(minor_punctuation))
    return pen.astype(float)


def quality(penalty: float, words: int) -> tuple[float, float]:
    """``(penalty per 1,000 words, quality score)`` for one article or a whole run.

    An empty text has no words to spread a penalty over: it scores 100 when
    it has no finding and 0 otherwise.

    >>> quality(0, 0), quality(1, 0), quality(30, 200)
    ((0.0, 100.0), (inf, 0.0), (150.0, 0.0))
    """
    if words <= 0:
        return (0.0, 100.0) if penalty <= 0 else (float("inf"), 0.0)
    normed = penalty * 1000.0 / words
    return round(normed, 4), round(max(0.0, 100.0 - normed), 4)


def article_scores(
    findings: pd.DataFrame,
    documents: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    minor_punctuation: float = DEFAULT_MINOR_PUNCTUATION,
) -> pd.DataFrame:
    """One row per readable article: penalties, normalised penalties and scores.

    Columns: doc, words, findings, applied, penalty_raw, penalty_residual,
    mqm_raw_per_kw, mqm_raw (score), mqm_residual_per_kw, mqm_residual (score),
    and ``penalty_raw:<Category>`` for each MQM category present.
    """
    docs = documents[documents["status"] == "ok"][["doc", "words"]].copy()
    docs["words"] = pd.to_numeric(docs["words"], errors="coerce").fillna(0).astype(int)
    columns = ["doc", "severity", "subcategory", "category", "applied"]
    f = pd.DataFrame(columns=columns) if findings.empty else findings[columns].copy()
    f["penalty"] = penalties(f, weights, minor_punctuation) if len(f) else pd.Series(dtype=float)
    f["applied"] = f["applied"].astype(bool) if len(f) else f["applied"]
    f["residual"] = f["penalty"].where(~f["applied"], 0.0) if len(f) else f["penalty"]
    grouped = f.groupby("doc").agg(
        findings=("penalty", "size"),
        applied=("applied", "sum"),
        penalty_raw=("penalty", "sum"),
        penalty_residual=("residual", "sum"),
    )
    out = docs.merge(grouped, how="left", left_on="doc", right_index=True)
    for col in ("findings", "applied"):
        out[col] = out[col].fillna(0).astype(int)
    for col in ("penalty_raw", "penalty_residual"):
        out[col] = out[col].fillna(0.0).astype(float).round(4)
    for kind in ("raw", "residual"):
        q = [quality(p, w) for p, w in zip(out[f"penalty_{kind}"].tolist(), out["words"].tolist())]
        out[f"mqm_{kind}_per_kw"] = [a for a, _ in q]
        out[f"mqm_{kind}"] = [b for _, b in q]
    if len(f):
        # The pivot table of penalties by doc and category (pivot_table itself adds a third to the time).
        by_cat = f.groupby(["doc", "category"])["penalty"].sum().unstack(fill_value=0.0)
        by_cat.columns = [f"penalty_raw:{c}" for c in by_cat.columns]
        out = out.merge(by_cat, how="left", left_on="doc", right_index=True)
        for c in by_cat.columns:
            out[c] = out[c].fillna(0.0).round(4)
    return out.reset_index(drop=True)


def run_scores(
    findings: pd.DataFrame,
    words: int,
    weights: Mapping[str, float] | None = None,
    minor_punctuation: float = DEFAULT_MINOR_PUNCTUATION,
) -> dict:
    """Scores of a whole run (total penalty over total words) and the per-category breakdown."""
    pen = penalties(findings, weights, minor_punctuation)
    applied = findings["applied"].astype(bool) if len(findings) else pd.Series([], dtype=bool)
    raw = float(pen.sum())
    residual = float(pen[~applied].sum()) if len(findings) else 0.0
    raw_kw, raw_score = quality(raw, words)
    res_kw, res_score = quality(residual, words)
    by_category: dict[str, dict] = {}
    if len(findings):
        frame = pd.DataFrame({"category": findings["category"], "pen": pen, "applied": applied})
        for cat, g in frame.groupby("category"):
            r = float(g["pen"].sum())
            rr = float(g.loc[~g["applied"], "pen"].sum())
            by_category[str(cat)] = {
                "findings": int(len(g)),
                "penalty_raw": round(r, 4),
                "penalty_residual": round(rr, 4),
                "raw_per_1000_words": quality(r, words)[0],
                "residual_per_1000_words": quality(rr, words)[0],
            }
    return {
        "raw": {"penalty": round(raw, 4), "per_1000_words": raw_kw, "score": raw_score},
        "residual": {"penalty": round(residual, 4), "per_1000_words": res_kw, "score": res_score},
        "by_category": by_category,
    }


def distribution(scores: pd.Series) -> dict:
    """Summary statistics and a histogram of article scores (0-100)."""
    s = pd.to_numeric(scores, errors="coerce").dropna()
    if s.empty:
        return {"articles": 0}
    bins = [("100", s >= 100), ("90-100", (s >= 90) & (s < 100)), ("75-90", (s >= 75) & (s < 90)),
            ("50-75", (s >= 50) & (s < 75)), ("25-50", (s >= 25) & (s < 50)), ("0-25", s < 25)]
    return {
        "articles": int(len(s)),
        "mean": round(float(s.mean()), 2),
        "min": round(float(s.min()), 2),
        "p10": round(float(s.quantile(0.10)), 2),
        "p25": round(float(s.quantile(0.25)), 2),
        "median": round(float(s.median()), 2),
        "p75": round(float(s.quantile(0.75)), 2),
        "max": round(float(s.max()), 2),
        "histogram": {label: int(mask.sum()) for label, mask in bins},
    }
