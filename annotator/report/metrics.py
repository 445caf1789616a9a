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
from itertools import accumulate, repeat
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

    * the non-blank lines of both versions are aligned (:func:`changed_blocks`;
      two lines are the same when their words are), then the words of each
      changed block of lines, so every difference is a small word block with
      identical text between blocks (:func:`word_blocks` gives the same
      blocks from the texts split into words);
    * TER: sacrebleu's TER runs on each word block; the article's TER is the
      blocks' edits over the original's word count (shifts across blocks are
      not searched, and cleaning never moves words);
    * chrF: exact. Outside the blocks both texts share their character
      n-grams, so the hypothesis counts are the reference counts plus the
      n-grams of the changed windows minus those they replaced
      (:func:`_chrf_statistics`); sacrebleu turns the statistics into the
      score. A test checks the result equals ``CHRF().sentence_score`` on the
      whole texts.

    The work goes where the texts differ: lines are compared as strings with
    their words one space apart (which most lines are as they stand, see
    :func:`_keys`), only the changed ones are split into words, from the
    first word that differs, and the rest of the text counts through its
    totals of words and characters.

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
    ref_words = original.split()
    ref = "".join(ref_words)  # chrF ignores whitespace: the text is its words run together
    # Lines as their words joined by single spaces (keys): equal keys, equal words.
    ref_keys = _keys(original, len(ref_words), len(ref))
    line_blocks, hyp_keys = _align_lines(ref_keys, _nonblank_lines(cleaned))
    if not line_blocks:  # only whitespace or blank lines changed: both metrics see no difference
        return 0.0, 100.0
    edits = 0.0
    word_delta = 0  # the cleaned text's words less the original's, in the changed blocks of lines
    counts_differ = words_changed = False
    regions: list[list] = []  # [ra, rb, hyp]: ref[ra:rb] became hyp
    gap = 2 * _chrf().char_order  # closer regions have overlapping n-gram windows: one region
    line = start = 0  # a ref line and where it starts in ``ref``
    for lr1, lr2, lh1, lh2 in line_blocks:
        skipped = ref_keys[line:lr1]  # the same in both versions; their characters besides spaces:
        start += sum(map(len, skipped)) - sum(map(str.count, skipped, repeat(" ")))
        line = lr1
        r_text = ref_keys[lr1] if lr2 - lr1 == 1 else " ".join(ref_keys[lr1:lr2])
        h_text = hyp_keys[lh1] if lh2 - lh1 == 1 else " ".join(hyp_keys[lh1:lh2])
        changes = []  # (where in ``ref``, old characters, new characters) of each word block
        if not r_text or not h_text:  # lines deleted (metadata) or added: one word block, no split
            n_ref, n_hyp = r_text.count(" ") + 1 if r_text else 0, h_text.count(" ") + 1 if h_text else 0
            edits += n_ref or n_hyp
            word_delta += n_hyp - n_ref
            counts_differ = True
            changes.append((start, r_text.replace(" ", ""), h_text.replace(" ", "")))
        else:
            # The words both versions of the block start with align the same whatever follows: skip them.
            q = r_text.rfind(" ", 0, _common_prefix(r_text, h_text)) + 1  # the start of the first word that differs
            rw, hw = r_text[q:].split(), h_text[q:].split()
            if len(rw) != len(hw):
                word_delta += len(hw) - len(rw)
                counts_differ = True
            ra = start + q - r_text.count(" ", 0, q)  # where rw[r] starts in ``ref`` ...
            r = 0  # ... for this r
            for r1, r2, h1, h2 in changed_blocks(rw, hw):
                old, new = rw[r1:r2], hw[h1:h2]
                if not old:
                    edits += h2 - h1  # pure insertion
                elif not new:
                    edits += r2 - r1  # pure deletion
                else:
                    edits += _block_edits(" ".join(new), " ".join(old))
                ra += sum(map(len, rw[r:r1]))  # the words between blocks are the same in both
                r = r2
                old = "".join(old)
                changes.append((ra, old, "".join(new)))
                ra += len(old)
        for ra, old, new in changes:
            words_changed = True
            rb = ra + len(old)
            if old and new:  # narrow the region to the characters that differ ("Jong-Un" / "Jong-un": "U" / "u")
                k = _common_prefix(old, new)
                m = _common_suffix(old, new, min(len(old), len(new)) - k)
                ra, rb, new = ra + k, rb - m, new[k : len(new) - m]
                if ra == rb and not new:
                    continue  # the same characters, spaced differently: no n-gram changes
            if regions and ra - regions[-1][1] < gap:
                last = regions[-1]
                last[2] += ref[last[1] : ra] + new  # the text between is the same in both
                last[1] = rb
            else:
                regions.append([ra, rb, new])
    if not words_changed:  # every changed block of lines holds the same words
        return 0.0, 100.0
    if counts_differ and not word_delta and ref_words == cleaned.split():
        return 0.0, 100.0  # the same words, in lines broken differently
    chrf = _chrf()
    stats = _chrf_statistics(ref, regions, chrf.char_order)
    return round(100 * edits / (len(ref_words) or 1), 2), round(chrf._compute_f_score(stats), 2)


def _keys(text: str, words: int, chars: int) -> list[str]:
    """The keys (:func:`_spaced`) of the non-blank lines of ``text``, which holds ``words`` words of ``chars`` characters.

    Most texts need no split: if they hold no whitespace but spaces and
    "\\n" (the other characters are the words'), each line is its own key
    when words are one space apart (as many words as spaces and lines), or
    its key once stripped when no two spaces follow each other.

    >>> _keys("Kim Jong-un\\n\\nleft.\\n", 3, 15), _keys("Kim Jong-un\\n\\n left.\\n", 3, 15)
    (['Kim Jong-un', 'left.'], ['Kim Jong-un', 'left.'])
    >>> _keys("Kim  Jong-un\\n\\n left.\\n", 3, 15), _keys("Kim Jong-un\\r\\n\\tleft.\\r\\n", 3, 15)
    (['Kim Jong-un', 'left.'], ['Kim Jong-un', 'left.'])
    """
    lines = _nonblank_lines(text)
    spaces = text.count(" ")
    if len(text) - spaces - text.count("\n") == chars:
        if words == spaces + len(lines):
            return lines
        if "  " not in text:
            return list(map(str.strip, lines))
    return list(map(_spaced, lines))


def _align_lines(ref_keys: list[str], hyp_lines: list[str]) -> tuple[list[tuple[int, int, int, int]], list[str]]:
    """:func:`changed_blocks` of the original's keys and the cleaned lines, and the cleaned keys.

    A cleaned line outside the blocks equals an original key, so it is its
    own key; if those in the blocks are too, comparing the lines found the
    blocks of keys; if not, the keys are compared.
    """
    blocks = changed_blocks(ref_keys, hyp_lines)
    for _, _, h1, h2 in blocks:
        for k in range(h1, h2):
            if _spaced(hyp_lines[k]) is not hyp_lines[k]:
                hyp_keys = list(map(_spaced, hyp_lines))
                return changed_blocks(ref_keys, hyp_keys), hyp_keys
    return blocks, hyp_lines


def _nonblank_lines(text: str) -> list[str]:
    """The lines of ``text`` that hold a word (the line breaks of ``str.splitlines`` are all whitespace)."""
    return list(filter(str.strip, text.splitlines()))


def _spaced(line: str) -> str:
    """The words of ``line`` joined by single spaces: two lines hold the same words if these are equal.

    A printable line holds no whitespace but the space (every other
    whitespace character is a control or separator character), so most
    lines are spaced so already and need no split.

    >>> _spaced(" a  b\\tc ")
    'a b c'
    """
    if line.isprintable() and "  " not in line and line[0] != " " and line[-1] != " ":
        return line
    return " ".join(line.split())


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of two strings (halving, with C-speed slice comparisons).

    >>> _common_prefix("Jong-Un", "Jong-un"), _common_prefix("ab", "abc"), _common_prefix("", "a")
    (5, 2, 0)
    """
    lo, hi = 0, min(len(a), len(b))  # a[:lo] == b[:lo]; a[:hi] != b[:hi], unless tested equal here
    if a[:hi] == b[:hi]:
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix(a: str, b: str, most: int) -> int:
    """The length of the longest common suffix of two strings, at most ``most``.

    >>> _common_suffix("transfers.", "transfers", 9), _common_suffix("Un", "un", 2), _common_suffix("ab", "xb", 0)
    (0, 1, 0)
    """
    lo, hi, la, lb = 0, most, len(a), len(b)  # the last lo characters agree; the last hi may not
    if a[la - hi :] == b[lb - hi :]:
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid
    return lo


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
    :func:`edit_rate` finds the same blocks without splitting every line.

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


def _chrf_statistics(ref: str, regions: list, order: int) -> list[int]:
    """sacrebleu chrF statistics ``[hyp, ref, match] * order`` of ``ref`` and the text it becomes.

    ``ref`` is the original's characters without whitespace (chrF ignores
    it); ``regions`` are the places ``[ra, rb, hyp]`` where ``ref[ra:rb]``
    became ``hyp``, in order, at least ``2 * order`` characters apart. For
    every region the reference n-grams overlapping it (its window: the region
    plus ``n - 1`` characters either side) are replaced by the hypothesis
    n-grams of the matching window; every other n-gram is shared. So
    ``match = ref_total - sum(max(0, removed[g] - added[g]))``, and
    ``sum(max(0, removed[g] - added[g]))`` is the n-grams removed less
    ``sum(min(removed[g], added[g]))``, which only n-grams both removed and
    added count in.

    Those are few, and making every n-gram (a string each) is most of the
    cost, so n-grams that cannot be both are left out: a removed n-gram of
    order 2 or more holds a character pair (bigram) that overlaps its
    region, and it can be an added n-gram only if that pair occurs in a
    hypothesis window; so a region none of whose overlapping pairs do adds
    no removed n-gram of order 2 or more (likewise for added n-grams against
    the reference windows kept). Order 1 is counted on the characters.

    >>> _chrf_statistics("abc", [[1, 2, "x"]], 2)  # "abc" -> "axc"
    [3, 3, 2, 2, 2, 0]
    >>> _chrf_statistics("abab", [[2, 4, ""]], 2)  # "abab" -> "ab": "ab" removed once, kept once
    [2, 4, 2, 1, 3, 1]
    """
    windows = []
    counts = [(0,) * (order + 1)]  # per region and order: the n-grams removed
    hyp_len = len(ref)
    old_chars, new_chars = [], []  # the regions' characters: order 1
    for ra, rb, h in regions:
        hyp_len += len(h) - (rb - ra)
        # The windows of every order lie in the one of the highest: the region, order - 1 characters
        # either side (fewer at the ends of the text; between regions the text is the same in both).
        lo = max(0, ra - order + 1)
        pre, post = ref[lo:ra], ref[rb : rb + order - 1]
        r_plan, h_plan = _window_plan(len(pre), rb - ra, len(h), len(post), order)
        windows.append((ref[lo : rb + len(post)], pre + h + post, r_plan, h_plan))
        counts.append(r_plan[1])
        old_chars.append(ref[ra:rb])
        new_chars.append(h)
    lost = list(map(sum, zip(*counts)))  # per order: the n-grams removed, less those added back (below)
    old, new = "".join(old_chars), "".join(new_chars)
    for c in set(old).intersection(new):
        lost[1] -= min(old.count(c), new.count(c))
    # Character pairs are looked up in the windows joined by "\n", which no window holds.
    in_hyp = "\n".join([w[1] for w in windows]).__contains__
    removed: list[str] = []  # order 2 and more in one list: n-grams of different orders differ
    kept = []
    for r_win, _, r_plan, _ in windows:
        if any(map(in_hyp, map(r_win.__getitem__, r_plan[2]))):
            removed += map(r_win.__getitem__, r_plan[0])
            kept.append(r_win)
    if removed:
        in_ref = "\n".join(kept).__contains__
        added: list[str] = []
        for _, h_win, _, h_plan in windows:
            if any(map(in_ref, map(h_win.__getitem__, h_plan[2]))):
                added += map(h_win.__getitem__, h_plan[0])
        common = set(added).intersection(removed)
        if common:
            in_common = common.__contains__
            removed_n, added_n = Counter(filter(in_common, removed)), Counter(filter(in_common, added))
            for g in common:
                lost[len(g)] -= min(removed_n[g], added_n[g])
    stats: list[int] = []
    for n in range(1, order + 1):
        ref_total, hyp_total = len(ref) - n + 1, hyp_len - n + 1
        if ref_total > 0:
            stats += (hyp_total if hyp_total > 0 else 0, ref_total, ref_total - lost[n])
        else:
            stats += (0, 0, -lost[n])
    return stats


@lru_cache(maxsize=1024)
def _window_plan(before: int, ref_size: int, hyp_size: int, after: int, order: int) -> tuple:
    """Slices of a changed region's two windows, for :func:`_chrf_statistics`; windows recur, hence the cache.

    A window is ``before`` characters, the region (``ref_size`` characters
    in the reference, ``hyp_size`` in the hypothesis), then ``after``
    characters (each side at most ``order - 1``). For each of the two: the
    n-grams of orders 2 to ``order`` that overlap the region, the count per
    order ``n`` (at index ``n``, order 1 included) and the character pairs
    that overlap the region.

    >>> ref, hyp = _window_plan(1, 1, 0, 1, 2)  # "abc" -> "ac"
    >>> ref  # "ab", "bc"; 1 and 2 n-grams; "ab", "bc"
    ((slice(0, 2, None), slice(1, 3, None)), (0, 1, 2), (slice(0, 2, None), slice(1, 3, None)))
    >>> hyp  # "ac"; 0 and 1 n-grams; "ac"
    ((slice(0, 2, None),), (0, 0, 1), (slice(0, 2, None),))
    """
    plans = []
    for size in (ref_size, hyp_size):
        grams: list[slice] = []
        counts = [0]
        for n in range(1, order + 1):
            first = before - min(n - 1, before)  # where the first n-gram overlapping the region starts
            end = before + size + min(n - 1, after) - n + 1  # and past where the last one starts
            if n > 1:
                grams += [slice(i, i + n) for i in range(first, end)]
            counts.append(max(0, end - first))
        overlapping = range(max(0, before - 1), min(before + size, before + size + after - 1))
        plans.append((tuple(grams), tuple(counts), tuple(slice(t, t + 2) for t in overlapping)))
    return tuple(plans)


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
    n_ref, n_hyp = len(ref), len(hyp)
    i = j = 0
    while i < n_ref and j < n_hyp:
        if ref[i] == hyp[j]:
            i += 1
            j += 1
            continue
        # Smallest skip (di lines of ref, dj lines of hyp) after which the lines agree again.
        for di, dj in _skips(min(window, n_ref - 1 - i), min(window, n_hyp - 1 - j)):
            if ref[i + di] == hyp[j + dj]:
                break
        else:
            di = dj = 1
        out.append((i, i + di, j, j + dj))
        i += di
        j += dj
        if n_ref - i == n_hyp - j and ref[i:] == hyp[j:]:
            return out  # the rest is the same: nothing more to walk
    if i < n_ref or j < n_hyp:
        out.append((i, n_ref, j, n_hyp))
    return out


@lru_cache(maxsize=None)
def _skips(max_di: int, max_dj: int) -> tuple[tuple[int, int], ...]:
    """The skips ``(di, dj)`` :func:`changed_blocks` tries, in order: smallest total first, then smallest di.

    >>> _skips(1, 2)
    ((0, 1), (1, 0), (0, 2), (1, 1), (1, 2))
    """
    return tuple(
        (di, total - di)
        for total in range(1, max_di + max_dj + 1)
        for di in range(max(0, total - max_dj), min(total, max_di) + 1)
    )


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
