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

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from os.path import commonprefix
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF, TER

from ..textio import read_article


def _ter() -> TER:
    return TER(case_sensitive=True)


def edit_rate(original: str, cleaned: str) -> tuple[float, float]:
    """``(TER, chrF)`` of ``cleaned`` against ``original``; an unchanged text gives (0, 100).

    Cleaning changes a few words of a long article, so both metrics are
    computed from the places where the two versions differ, in time linear
    in the article plus the size of the changes:

    * the lines of both versions are aligned (:func:`changed_blocks`), then
      the words of each changed block of lines, so every difference is a small
      word block with identical text between blocks;
    * TER: sacrebleu's TER runs on each word block; the article's TER is the
      blocks' edits over the original's word count (shifts across blocks are
      not searched, and cleaning never moves words);
    * chrF: exact. Outside the blocks both texts share their character
      n-grams, so the hypothesis counts are the reference counts plus the
      n-grams of the changed windows minus those they replaced
      (:func:`_chrf_statistics`); sacrebleu turns the statistics into the
      score. A test checks the result equals ``CHRF().sentence_score`` on the
      whole texts.

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
    ref_lines = [ln.split() for ln in original.splitlines()]
    hyp_lines = [ln.split() for ln in cleaned.splitlines()]
    ref_lines = [w for w in ref_lines if w]
    hyp_lines = [w for w in hyp_lines if w]
    ref_words = [w for ln in ref_lines for w in ln]
    hyp_words = [w for ln in hyp_lines for w in ln]
    if ref_words == hyp_words:  # only whitespace changed: both metrics see no difference
        return 0.0, 100.0
    blocks = word_blocks(ref_lines, hyp_lines)
    edits = 0.0
    for r1, r2, h1, h2 in blocks:
        n_ref = r2 - r1
        if not n_ref:
            edits += h2 - h1  # pure insertion
        elif h1 == h2:
            edits += n_ref  # pure deletion
        else:
            edits += _block_edits(" ".join(hyp_words[h1:h2]), " ".join(ref_words[r1:r2]))
    chrf = _chrf()
    stats = _chrf_statistics(ref_words, hyp_words, blocks, chrf.char_order)
    return round(100 * edits / (len(ref_words) or 1), 2), round(chrf._compute_score_from_stats(stats).score, 2)


@lru_cache(maxsize=1)
def _chrf() -> CHRF:
    """One sacrebleu chrF, for its settings and its score formula (it keeps no state between texts)."""
    return CHRF()


@lru_cache(maxsize=4096)
def _block_edits(hyp: str, ref: str) -> float:
    """sacrebleu TER edits of one changed block (the same fixes recur across articles, hence the cache)."""
    return _ter().sentence_score(hyp, [ref]).score * len(ref.split()) / 100


def word_blocks(ref_lines: list[list[str]], hyp_lines: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Blocks ``(r1, r2, h1, h2)`` of word indices where two texts (lists of lines of words) differ.

    Lines are aligned first, then the words of each changed block of lines;
    outside the blocks the two word sequences are identical, in order.

    >>> word_blocks([["a", "b"], ["c", "d", "e"]], [["a", "b"], ["c", "D", "e"]])
    [(3, 4, 3, 4)]
    >>> word_blocks([["x"], ["Source:", "y"], ["z"]], [["x"], ["z"]])
    [(1, 3, 1, 1)]
    """
    r_start, h_start = _offsets(ref_lines), _offsets(hyp_lines)  # index of each line's first word
    out = []
    # Lines compare as lists of words (the same as comparing them joined: words hold no space).
    for lr1, lr2, lh1, lh2 in changed_blocks(ref_lines, hyp_lines):
        rw = [w for ln in ref_lines[lr1:lr2] for w in ln]
        hw = [w for ln in hyp_lines[lh1:lh2] for w in ln]
        r0, h0 = r_start[lr1], h_start[lh1]
        out += [(r0 + a, r0 + b, h0 + c, h0 + d) for a, b, c, d in changed_blocks(rw, hw)]
    return out


def _chrf_statistics(ref_words: list[str], hyp_words: list[str], blocks, order: int) -> list[int]:
    """sacrebleu chrF statistics ``[hyp, ref, match] * order`` of two texts that differ only in ``blocks``.

    chrF ignores whitespace: each text is the concatenation of its words. For
    every changed region the reference n-grams overlapping it (its window:
    the region plus ``n - 1`` characters either side) are replaced by the
    hypothesis n-grams of the matching window; every other n-gram is shared.
    So ``match = ref_total - sum(max(0, removed[g] - added[g]))``.
    """
    ref, hyp = "".join(ref_words), "".join(hyp_words)
    r_off, h_off = _offsets(ref_words), _offsets(hyp_words)
    regions: list[list[int]] = []
    for r1, r2, h1, h2 in blocks:
        ra, rb, ha, hb = r_off[r1], r_off[r2], h_off[h1], h_off[h2]
        # Narrow the region to the characters that differ ("Jong-Un" / "Jong-un": "U" / "u").
        r, h = ref[ra:rb], hyp[ha:hb]
        k = len(commonprefix((r, h)))
        m = len(commonprefix((r[k:][::-1], h[k:][::-1])))
        ra, rb, ha, hb = ra + k, rb - m, ha + k, hb - m
        if regions and ra - regions[-1][1] < 2 * order:  # windows would overlap: one region
            regions[-1][1], regions[-1][3] = rb, hb
        else:
            regions.append([ra, rb, ha, hb])
    # One counter for every order: n-grams of different orders are different strings.
    removed: Counter = Counter()
    added: Counter = Counter()
    lost = [0] * (order + 1)  # per order: the n-grams removed, less those added back (below)
    for ra, rb, ha, hb in regions:
        for n in range(1, order + 1):
            w = ref[max(0, ra - n + 1) : rb + n - 1]
            grams = [w[i : i + n] for i in range(len(w) - n + 1)]
            removed.update(grams)
            lost[n] += len(grams)
            w = hyp[max(0, ha - n + 1) : hb + n - 1]
            added.update([w[i : i + n] for i in range(len(w) - n + 1)])
    # sum(max(0, removed[g] - added[g])) is the n-grams removed less sum(min(removed[g], added[g])),
    # which only the few n-grams in both counters add to (a set intersection finds them).
    for g in removed.keys() & added.keys():
        lost[len(g)] -= min(removed[g], added[g])
    stats: list[int] = []
    for n in range(1, order + 1):
        ref_total, hyp_total = max(0, len(ref) - n + 1), max(0, len(hyp) - n + 1)
        stats += [hyp_total if ref_total else 0, ref_total, ref_total - lost[n]]
    return stats


def _offsets(items: list) -> list[int]:
    """Running sums of the lengths of ``items``: where each starts once they are joined, then the total.

    >>> _offsets(["Kim", "Jong-un"])
    [0, 3, 10]
    """
    return list(accumulate(map(len, items), initial=0))


def changed_blocks(ref: list, hyp: list, window: int = 8) -> list[tuple[int, int, int, int]]:
    """Blocks ``(r1, r2, h1, h2)`` where two lists (of lines, of words) differ, found in one linear pass.

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
