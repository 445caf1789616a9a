"""sacrebleu metrics: how much cleaning changed a text, and how close it is to a human post-edit.

Two uses:

* :func:`edit_rate`: TER and chrF of the cleaned text against the original,
  per article (the original plays the reference). TER is the share of words
  the cleaning edited; chrF near 100 means the text barely changed.
* :func:`evaluate_dirs`: for users with human post-edited references, BLEU,
  chrF and TER of the cleaned texts (``--hyp``) and optionally of the raw MT
  (``--raw``) against the references (``--ref``), per article and for the
  corpus.

Choices, all visible in the sacrebleu signatures:

* TER is case-sensitive (``case:mixed``). sacrebleu's default lowercases, which
  would make a name's capitalisation fix (``Kim Jong-Un`` -> ``Kim Jong-un``)
  invisible.
* ``corpus_score`` takes reference *streams*: ``[refs]`` where ``refs[i]``
  belongs to ``hyps[i]``, not a list of per-segment lists.
* An article is scored as a small corpus of its lines when the hypothesis,
  the reference (and the raw text) have the same number of non-empty lines;
  otherwise the whole article is one segment. Per-article BLEU is therefore a
  corpus BLEU of the article (no sentence smoothing), and the corpus scores
  pool every segment of every article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF, TER

from ..textio import read_article


def _ter() -> TER:
    return TER(case_sensitive=True)


def edit_rate(original: str, cleaned: str) -> tuple[float, float]:
    """``(TER, chrF)`` of ``cleaned`` against ``original``; an unchanged text gives (0, 100).

    TER's shift search is quadratic or worse in segment length, so a whole
    article is never one TER segment: the lines of both versions are aligned
    (:func:`changed_blocks`, linear), unchanged lines count zero edits, and sacrebleu's TER runs only
    on each changed block; the article's TER is the blocks' edits over the
    original's word count (shifts across blocks are not searched). chrF is
    linear and is computed on the whole article.

    >>> edit_rate("Kim Jong-Un left.", "Kim Jong-Un left.")
    (0.0, 100.0)
    >>> ter, chrf = edit_rate("Kim Jong-Un left today.", "Kim Jong-un left today.")
    >>> ter, chrf < 100
    (25.0, True)
    >>> edit_rate("One line.\\nSource: X\\n", "One line.\\n")[0]  # 2 of 4 words deleted
    50.0
    """
    if original == cleaned:
        return 0.0, 100.0
    hyp, ref = " ".join(cleaned.split()), " ".join(original.split())
    if hyp == ref:  # only whitespace changed: both metrics see no difference
        return 0.0, 100.0
    ref_lines = [" ".join(ln.split()) for ln in original.splitlines() if ln.strip()]
    hyp_lines = [" ".join(ln.split()) for ln in cleaned.splitlines() if ln.strip()]
    ref_words = sum(len(ln.split()) for ln in ref_lines) or 1
    edits = 0.0
    metric = _ter()
    for r1, r2, h1, h2 in changed_blocks(ref_lines, hyp_lines):
        r, h = " ".join(ref_lines[r1:r2]), " ".join(hyp_lines[h1:h2])
        n_ref = len(r.split())
        if not n_ref:
            edits += len(h.split())  # pure insertion
        elif not h:
            edits += n_ref  # pure deletion
        else:
            edits += metric.sentence_score(h, [r]).score * n_ref / 100
    chrf = CHRF().sentence_score(hyp, [ref]).score
    return round(100 * edits / ref_words, 2), round(chrf, 2)


def changed_blocks(ref: list[str], hyp: list[str], window: int = 8) -> list[tuple[int, int, int, int]]:
    """Blocks ``(r1, r2, h1, h2)`` where two line lists differ, found in one linear pass.

    Cleaning keeps almost every line and deletes or rewrites a few, so a
    greedy walk that re-synchronises within ``window`` lines finds the same
    blocks as a full diff, without difflib's quadratic cost on long articles
    with repeated lines.

    >>> changed_blocks(["a", "b", "c", "d"], ["a", "B", "c", "d"])
    [(1, 2, 1, 2)]
    >>> changed_blocks(["a", "meta", "b"], ["a", "b"])
    [(1, 2, 1, 1)]
    >>> changed_blocks(["a"], ["a", "new"])
    [(1, 1, 1, 2)]
    """
    out: list[tuple[int, int, int, int]] = []
    i = j = 0
    while i < len(ref) and j < len(hyp):
        if ref[i] == hyp[j]:
            i += 1
            j += 1
            continue
        # Smallest skip (di lines of ref, dj lines of hyp) after which the lines agree again.
        best = None
        for total in range(1, 2 * window + 1):
            for di in range(0, min(total, window) + 1):
                dj = total - di
                if dj > window:
                    continue
                if i + di < len(ref) and j + dj < len(hyp) and ref[i + di] == hyp[j + dj]:
                    best = (di, dj)
                    break
            if best:
                break
        di, dj = best if best else (1, 1)
        out.append((i, i + di, j, j + dj))
        i, j = i + di, j + dj
    if i < len(ref) or j < len(hyp):
        out.append((i, len(ref), j, len(hyp)))
    return out


def edit_rate_signatures() -> dict[str, str]:
    """The sacrebleu signatures of :func:`edit_rate`'s metrics (one reference each)."""
    t, c = _ter(), CHRF()
    t.sentence_score("a", ["a"])
    c.sentence_score("a", ["a"])
    return {"ter": str(t.get_signature()), "chrf": str(c.get_signature())}


def segments(*texts: str) -> list[list[str]]:
    """Aligned segments of several versions of one article: lines if they align, else the whole text.

    >>> segments("a\\n\\nb\\n", "A\\nB")
    [['a', 'b'], ['A', 'B']]
    >>> segments("a\\nb", "A B")
    [['a b'], ['A B']]
    """
    lines = [[ln.strip() for ln in t.splitlines() if ln.strip()] for t in texts]
    if len({len(x) for x in lines}) == 1 and lines[0]:
        return lines
    return [[" ".join(t.split())] for t in texts]


@dataclass
class Evaluation:
    """Scores of ``evaluate``: per article rows and corpus scores with signatures."""

    rows: list[dict] = field(default_factory=list)
    corpus: dict[str, dict[str, float]] = field(default_factory=dict)  # system -> metric -> score
    signatures: dict[str, str] = field(default_factory=dict)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (doc, why)


def _scores(hyps: list[str], refs: list[str]) -> dict[str, float]:
    return {
        "bleu": round(BLEU().corpus_score(hyps, [refs]).score, 2),
        "chrf": round(CHRF().corpus_score(hyps, [refs]).score, 2),
        "ter": round(_ter().corpus_score(hyps, [refs]).score, 2),
    }


def evaluate_dirs(hyp_dir: Path, ref_dir: Path, raw_dir: Path | None = None, pattern: str = "**/*.txt") -> Evaluation:
    """Score the texts of ``hyp_dir`` (and ``raw_dir``) against same-named files in ``ref_dir``."""
    hyp_dir, ref_dir = Path(hyp_dir), Path(ref_dir)
    systems = {"cleaned": hyp_dir}
    if raw_dir is not None:
        systems = {"raw": Path(raw_dir), "cleaned": hyp_dir}
    ev = Evaluation()
    pooled: dict[str, tuple[list[str], list[str]]] = {name: ([], []) for name in systems}
    for ref_path in sorted(p for p in ref_dir.glob(pattern) if p.is_file()):
        doc = ref_path.relative_to(ref_dir).as_posix()
        texts = {}
        ref = read_article(ref_path)
        if ref.text is None:
            ev.missing.append((doc, f"reference: {ref.error}"))
            continue
        for name, d in systems.items():
            r = read_article(d / doc)
            if r.text is None:
                ev.missing.append((doc, f"{name}: {r.error or 'missing'}"))
                break
            texts[name] = r.text
        else:
            names = list(systems)
            segs = segments(ref.text, *(texts[n] for n in names))
            ref_segs = segs[0]
            row: dict = {"doc": doc, "segments": len(ref_segs)}
            for name, hyp_segs in zip(names, segs[1:]):
                for metric, value in _scores(hyp_segs, ref_segs).items():
                    row[f"{name}_{metric}"] = value
                pooled[name][0].extend(hyp_segs)
                pooled[name][1].extend(ref_segs)
            ev.rows.append(row)
    metrics = {"bleu": BLEU(), "chrf": CHRF(), "ter": _ter()}
    for name, (hyps, refs) in pooled.items():
        if not hyps:
            continue
        ev.corpus[name] = {}
        for mname, metric in metrics.items():
            ev.corpus[name][mname] = round(metric.corpus_score(hyps, [refs]).score, 2)
    for mname, metric in metrics.items():
        if not any(pooled[n][0] for n in pooled):
            metric.corpus_score(["a"], [["a"]])  # fills nrefs in the signature
        ev.signatures[mname] = str(metric.get_signature())
    return ev
