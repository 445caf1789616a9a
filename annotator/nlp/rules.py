"""The built-in segmenter: paragraphs, sentences and quotations by rule.

Fast, dependency-free and deterministic; the default when no stanza model for
the target language is installed. Sentence ends are ``.``, ``!``, ``?`` or
``…`` (optionally followed by closing quotes/brackets) before whitespace and
an upper-case letter, digit or opening quote; common abbreviations
(``U.S.``, ``Mr.``, ``Sr.``...) and single initials do not end a sentence.
"""

from __future__ import annotations

import bisect
import re
import sys
from functools import lru_cache
from typing import Iterable, Iterator

PARAGRAPH = re.compile(r"[^\r\n]+")
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr sra srta jr st gen col lt sgt capt gov sen rep rev
    u.s u.k u.n e.u no nos vol fig approx inc ltd co corp dept est etc vs
    jan feb mar apr jun jul aug sep sept oct nov dec pp cf av avda dña d sto
    mme mlle mm""".split()
)
END_MARKS = ".!?\u2026"
SENTENCE_END = re.compile(
    rf"""[{END_MARKS}]+["'\u201d\u2019\u00bb)\]]*(?=\s+["'\u201c\u2018\u00ab(\[¿¡]*[\w])"""
)
QUOTE_MARKS = '\u201c\u00ab\u201d\u00bb"'
OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}


def paragraphs(text: str) -> list[tuple[int, int]]:
    r"""Non-empty lines, as ``(start, end)``; articles put one paragraph a line.

    >>> paragraphs("One.\n\n  \nTwo.\r\nThree.")
    [(0, 4), (9, 13), (15, 21)]
    """
    return list(_paragraphs(text))  # a fresh list: callers may keep or change theirs


@lru_cache(maxsize=1)  # the analysis asks twice for the same text (for the sentences, then the document)
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the :data:`PARAGRAPH` matches that hold more than white space."""
    if "\r" in text:
        return tuple((m.start(), m.end()) for m in PARAGRAPH.finditer(text) if m.group().strip())
    # Without a carriage return the matches are the non-empty lines: str.split is faster than the regex.
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return tuple(spans)


def positions(text: str, chars: str) -> list[int]:
    """Where any of ``chars`` occurs in ``text``, in text order.

    For characters that make a small share of the text (quotation marks,
    full stops): ``str.find`` skips to the next one several times faster
    than a regex search for a character class.

    >>> positions('He said “no” and "yes".', '“”"')
    [8, 11, 17, 21]
    """
    where: list[int] = []
    for ch in set(chars):
        i = text.find(ch)
        while i != -1:
            where.append(i)
            i = text.find(ch, i + 1)
    where.sort()
    return where


def matches_from(pattern: re.Pattern, text: str, starts: list[int], endpos: int = sys.maxsize):
    """``pattern.finditer(text, 0, endpos)`` for a pattern whose matches can begin only at ``starts``.

    ``starts`` are in text order (from :func:`positions`, say); each one not
    inside the last match is tried, as ``finditer`` would. The pattern must
    not match the empty string.

    >>> [m.group() for m in matches_from(re.compile("a+"), "aab a", [0, 1, 4])]
    ['aa', 'a']
    """
    end = 0
    for i in starts:
        if i >= end and (m := pattern.match(text, i, endpos)) is not None:
            end = m.end()
            yield m


def _abbrev_before(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and text[j].isupper()  # an initial: "John F. Kennedy"


def by_paragraph(where: list[int], paras: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, int, list[int]]]:
    """``(n, start, end, inside)`` for each paragraph: its number, span, and the positions of ``where`` in it.

    ``where`` is sorted (see :func:`positions`) and ``paras`` in text order
    without overlaps, so each paragraph's share is found by bisection,
    starting where the previous one's ended: one pass over the marks of a
    text, whatever the number of paragraphs.

    >>> list(by_paragraph([1, 5, 12], [(0, 4), (6, 10), (11, 20)]))
    [(0, 0, 4, [1]), (1, 6, 10, []), (2, 11, 20, [12])]
    """
    lo = 0
    for n, (ps, pe) in enumerate(paras):
        lo = bisect.bisect_left(where, ps, lo)
        hi = bisect.bisect_left(where, pe, lo)
        yield n, ps, pe, where[lo:hi]
        lo = hi


def sentences(text: str, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside each paragraph, whitespace trimmed.

    >>> t = "U.S. officials met. Then they left! Mr. Kim stayed."
    >>> [t[s:e] for s, e in sentences(t)]
    ['U.S. officials met.', 'Then they left!', 'Mr. Kim stayed.']
    """
    out: list[tuple[int, int]] = []
    # A sentence end starts with one of END_MARKS: they are found once for the whole text, then
    # each paragraph's share (by bisection) is all SENTENCE_END is tried at.
    marks = positions(text, END_MARKS)
    for _, ps, pe, inside in by_paragraph(marks, paras if paras is not None else paragraphs(text)):
        start = ps
        for m in matches_from(SENTENCE_END, text, inside, pe):
            if text[m.start()] == "." and m.end() - m.start() == 1 and _abbrev_before(text, m.start()):
                continue
            end = m.end()
            _add_trimmed(out, text[start:end], start)
            start = end
        _add_trimmed(out, text[start:pe], start)
    return out


def _add_trimmed(out: list[tuple[int, int]], piece: str, at: int) -> None:
    """Add the span of ``piece`` (found at ``at``) without its outer white space, unless it is all white space."""
    kept = piece.strip()
    if kept:
        s = at + len(piece) - len(piece.lstrip())
        out.append((s, s + len(kept)))


def quotes(text: str, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of balanced quotations (the marks included), within paragraphs.

    Curly and guillemet quotes pair by kind; straight double quotes pair in
    order. Unbalanced marks are left for the quotation detector. ``paras``
    (by default :func:`paragraphs`) are in text order and do not overlap.

    >>> t = 'He said “we will go” and "so will they".'
    >>> [t[s:e] for s, e in quotes(t)]
    ['“we will go”', '"so will they"']
    """
    out: list[tuple[int, int]] = []
    # Every mark of the text at once, then each paragraph's share by bisection.
    where = positions(text, QUOTE_MARKS)
    if not where:
        return out
    for _, ps, pe, inside in by_paragraph(where, paras if paras is not None else paragraphs(text)):
        stack: list[tuple[str, int]] = []
        straight: int | None = None
        for i in inside:
            ch = text[i]
            if ch in ("\u201c", "\u00ab"):
                stack.append((ch, i))
            elif ch in ("\u201d", "\u00bb"):
                for k in range(len(stack) - 1, -1, -1):
                    if OPEN_CLOSE[stack[k][0]] == ch:
                        out.append((stack[k][1], i + 1))
                        del stack[k:]
                        break
            elif ch == '"':
                if straight is None:
                    straight = i
                else:
                    out.append((straight, i + 1))
                    straight = None
    out.sort()
    return out
