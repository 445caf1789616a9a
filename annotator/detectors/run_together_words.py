"""MT201 run-together-words: two words printed as one.

What it finds
    A token that is not a word of the target language but splits into a
    glossary name and a word (``Blinkenexpressed``), into a capitalised name
    and a very common word (``Floresfrom``), into two common words
    (``transfersof``), or that changes case mid-word between two words
    (``LondonThe``).

Why it matters
    MT systems and HTML-to-text steps drop spaces at tag and line
    boundaries; the glued token breaks search, names and spell-checking.

Example
    ``Anthony Blinkenexpressed their concern``

Use instead
    ``Anthony Blinken expressed their concern``

Fix safety
    Safe only when the head is a glossary name and the tail a common word
    (Zipf >= 3.5). Any other split is unsafe: both halves are words, but the
    token might still be a rare word or a name the lexicon lacks. A token that
    is itself a word of the lexicon or a glossary form is never split.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..model import Edit, Safety
from . import register
from .base import ChunkMemo, Detector, Example, chunk_spans

TOKEN = re.compile(r"(?<![\w\-'’])[^\W\d_]{6,}(?![\w\-'’])")
CAMEL = re.compile(r"(?<=[a-z\u00e0-\u00ff])(?=[A-Z\u00c0-\u00de])")
#: Per lexicon (lexicons are loaded once and kept for the life of the process): chunk ->
#: the spans of its :data:`TOKEN` matches that the lexicon does not know (see :func:`chunk_spans`).
_UNKNOWN: dict[Lexicon, ChunkMemo] = {}


def unknown_tokens(text: str, lexicon: Lexicon, chunks: list[str] | None = None) -> list[tuple[int, int]]:
    """Spans of the :data:`TOKEN` matches of ``text`` that ``lexicon`` does not know, in text order.

    A space is never part of a token and its look-arounds take it for the
    text's end, so the matches are found chunk by chunk (:func:`chunk_spans`);
    ``chunks`` is ``text.split(" ")`` when the caller has it.

    >>> from ..lexicon import Lexicon
    >>> unknown_tokens("Blinkenexpressed the concern, Floresfrom.", Lexicon("en", {"concern": 4.5}))
    [(0, 16), (30, 40)]
    """
    memo = _UNKNOWN.get(lexicon)
    if memo is None:
        zipf = lexicon.zipf
        memo = _UNKNOWN[lexicon] = ChunkMemo(
            lambda chunk: tuple(m.span() for m in TOKEN.finditer(chunk) if not zipf(m.group()) > 0)
        )
    return chunk_spans(text.split(" ") if chunks is None else chunks, memo)


TAIL_ZIPF = 3.5  # a confident word for the safe glossary case
COMMON_ZIPF = 5.0  # "very common" tail after an unknown capitalised head
WORD_ZIPF = 4.0  # both halves of a lower-case split


@register
class RunTogetherWords(Detector):
    code = "MT201"
    name = "run-together-words"
    category = "Fluency"
    subcategory = "Spelling"
    languages = None
    bad_examples = (
        Example("Secretary of State Antony [[Blinkenexpressed]] concern.", fixed="Secretary of State Antony Blinken expressed concern."),
        Example("Governor [[Floresfrom]] the north spoke.", suggestion="Flores from"),
        Example("the possible [[transfersof]] weapons", suggestion="transfers of"),
        Example("He arrived in [[LondonThe]] next day.", suggestion="London The"),
        Example("El presidente [[Putindijo]] que no.", suggestion="Putin dijo", lang="es"),
    )
    good_examples = (
        Example("Pyongyang, Vladivostok, Khasan and the cosmodrome."),
        Example("Yoko Kamikawa met Pacheco Pardo about rapprochement."),
        Example("She uploaded it to YouTube and PlayStation forums."),
        Example("notwithstanding the counterproductive outcome"),
    )

    def detect(self, doc, ctx):
        lex = ctx.lexicon
        seen: set[int] = set()
        for m in doc.names:
            if m.glued_at is None:
                continue
            tail_end = m.glued_at
            while tail_end < len(doc.text) and doc.text[tail_end].isalpha():
                tail_end += 1
            tail = doc.text[m.glued_at:tail_end]
            zipf = lex.zipf(tail)
            safety = Safety.SAFE if zipf >= TAIL_ZIPF else Safety.UNSAFE
            seen.add(m.glued_at)
            word_start = doc.text.rfind(" ", 0, m.glued_at) + 1
            yield self._split(doc, word_start, tail_end, m.glued_at, safety, zipf,
                              f"‘{doc.text[word_start:tail_end]}’ runs the name ‘{m.entry.canonical}’ into the word ‘{tail}’.")
        for s, e in unknown_tokens(doc.text, lex, doc.chunks()):
            token = doc.text[s:e]
            if doc.name_overlapping(s, s + 1):
                continue
            cut, zipf = self._best_cut(token, lex, ctx)
            if cut is None or s + cut in seen:
                continue
            yield self._split(doc, s, e, s + cut, Safety.UNSAFE, zipf,
                              f"‘{token}’ is not a word; it reads as ‘{token[:cut]}’ and ‘{token[cut:]}’ run together.")

    def _split(self, doc, s, e, at, safety, score, message):
        text = doc.text
        return self.finding(
            doc, s, e, message,
            suggestion=f"{text[s:at]} {text[at:e]}",
            edits=(Edit(at, at, " "),), safety=safety, score=score,
        )

    @staticmethod
    def _best_cut(token, lex, ctx):
        camel = CAMEL.search(token)
        if camel:
            cut = camel.start()
            head, tail = token[:cut], token[cut:]
            if len(head) >= 2 and len(tail) >= 2 and (lex.zipf(head) >= 3 or ctx.index.lookup(head)) and (
                lex.zipf(tail) >= 3 or ctx.index.lookup(tail)
            ):
                return cut, min(lex.zipf(head), lex.zipf(tail))
            return None, 0.0
        best = (None, 0.0)
        capital = token[0].isupper()
        for cut in range(3, len(token) - 1):
            head, tail = token[:cut], token[cut:]
            if not tail.islower():
                continue
            tz = lex.zipf(tail)
            if capital:
                # Unknown name + very common word: "Floresfrom".
                if len(tail) >= 3 and tz >= COMMON_ZIPF and tz > best[1]:
                    best = (cut, tz)
            elif len(tail) >= 3 or tz >= 6:
                # Two common words: "transfersof" (a two-letter tail only if very common).
                hz = lex.zipf(head)
                if hz >= WORD_ZIPF and tz >= WORD_ZIPF and min(hz, tz) > best[1]:
                    best = (cut, min(hz, tz))
        return best
