"""The detector contract, and the context every detector receives.

A detector finds one family of anomalies. It declares a stable ``code``
(never reused once retired), a ``name`` for the problem (not the fix), its MQM
``category``/``subcategory``, a default ``severity``, the target languages it
knows, and ``examples``: bad texts with the flagged span marked ``[[...]]``
plus the expected suggestion or fixed text, and good texts that must not
fire. The test suite runs every example of every registered detector.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from itertools import accumulate, compress
from typing import TYPE_CHECKING, Callable, ClassVar, Iterable

from ..glossary.index import Memo
from ..model import Document, Edit, Finding, Fix, Safety, Severity, minimal_edit

if TYPE_CHECKING:
    from ..config import AnnotatorConfig
    from ..glossary import GlossaryIndex, NameMatch
    from ..lexicon import Lexicon

MARK = re.compile(r"\[\[(.+?)\]\]", re.S)

#: Longer chunks (a line without spaces, a long URL) are looked at every time, not remembered.
CHUNK_MEMO_MAX_LEN = 48


class ChunkMemo(Memo):
    """Chunk of text (no space in it) -> ``fn(chunk)``, e.g. the spans of what a detector wants inside it.

    Spans are relative to the chunk; most chunks hold none (an empty tuple).
    A :class:`~annotator.glossary.index.Memo` that keeps chunks up to
    :data:`CHUNK_MEMO_MAX_LEN` characters only. Used with :func:`chunk_spans`.
    """

    def __init__(self, fn: Callable[[str], object], limit: int = 500_000) -> None:
        super().__init__(fn, limit, max_len=CHUNK_MEMO_MAX_LEN)


def chunk_spans(chunks: list[str], memo: ChunkMemo) -> list[tuple[int, int]]:
    r"""The spans ``memo`` gives for each of ``chunks``, placed in the text, in text order.

    ``chunks`` is ``text.split(" ")`` (see :meth:`Document.chunks`). A
    pattern whose matches never hold a space, and whose look-arounds treat a
    space like the text's ends, matches a text exactly where it matches its
    chunks one by one: ``str.split`` and a memo lookup per chunk replace a
    regex pass over the text. Only where a chunk holds a span are the
    chunks' lengths added up, to place it.

    >>> memo = ChunkMemo(lambda c: tuple(m.span() for m in re.finditer("[A-Z]+", c)))
    >>> chunk_spans("the UN and\nUS-UK,  then UN.".split(" "), memo)
    [(4, 6), (11, 13), (14, 16), (24, 26)]
    """
    held = list(compress(range(len(chunks)), map(memo.__getitem__, chunks)))
    if not held:
        return []
    ends = list(accumulate(map(len, chunks)))  # chunk k ends at ends[k] + k (k spaces before it)
    spans: list[tuple[int, int]] = []
    for k in held:
        chunk = chunks[k]
        at = ends[k] + k - len(chunk)
        spans += [(at + a, at + b) for a, b in memo[chunk]]
    return spans


@dataclass(frozen=True)
class Example:
    """A detector example.

    For a bad example, ``text`` marks exactly one flagged span with ``[[...]]``;
    ``suggestion`` (if given) must equal the finding's suggestion and
    ``fixed`` (if given) the text after applying the finding's fix.
    ``lang`` is the target language of the example.
    """

    text: str
    suggestion: str | None = None
    fixed: str | None = None
    lang: str = "en"

    def unmarked(self) -> tuple[str, int | None, int | None]:
        m = MARK.search(self.text)
        if not m:
            return self.text, None, None
        plain = self.text[: m.start()] + m.group(1) + self.text[m.end() :]
        return plain, m.start(), m.start() + len(m.group(1))


@dataclass
class Context:
    """What a detector may consult besides the document (built once per run)."""

    config: "AnnotatorConfig"
    index: "GlossaryIndex"
    lexicon: "Lexicon"
    source_lexicon: "Lexicon | None" = None
    extra: dict = field(default_factory=dict)


class Detector(ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    subcategory: ClassVar[str]
    severity: ClassVar[Severity] = Severity.MINOR
    #: Target languages this detector knows; None means every language.
    languages: ClassVar[tuple[str, ...] | None] = ("en",)
    #: Guard detectors protect fixes: if fixing raises their count, the article is restored.
    guard: ClassVar[bool] = False
    #: The highest safety any of its fixes may carry. After the first round the
    #: pipeline re-runs only detectors whose fixes can be applied at the run's level.
    fix_safety: ClassVar[Safety] = Safety.SAFE
    bad_examples: ClassVar[tuple[Example, ...]] = ()
    good_examples: ClassVar[tuple[Example, ...]] = ()

    @abstractmethod
    def detect(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        """Yield findings with offsets into ``doc.text``."""

    # -- helpers for subclasses ------------------------------------------
    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        replacement: str | None = None,
        edits: tuple[Edit, ...] | None = None,
        safety: Safety = Safety.SAFE,
        severity: Severity | None = None,
        subcategory: str | None = None,
        score: float | None = None,
        data: dict | None = None,
    ) -> Finding:
        """Build a finding; ``replacement`` (for the span) or ``edits`` make a fix.

        A fix marked ``display-only`` is never applied; the suggestion is
        still shown to the reviewer.
        """
        fix = None
        if edits is None and replacement is not None:
            e = minimal_edit(doc.text, start, end, replacement)
            edits = (e,) if e else None
        if edits:
            fix = Fix(tuple(edits), safety)
        if suggestion is None and replacement is not None:
            suggestion = replacement
        return Finding(
            code=self.code,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message,
            category=self.category,
            subcategory=subcategory or self.subcategory,
            severity=severity or self.severity,
            suggestion=suggestion,
            fix=fix,
            score=score,
            data=data or {},
        )


def first_letter_alternation(words, behind) -> str:
    r"""A regex alternation of ``words`` (longest first) that starts with a literal character.

    Words are grouped by their first character ``c``; each group is ``c``,
    then ``behind(escaped c)`` (a look-behind that checks what precedes the
    word, written after ``c``), then the rests of the words. A search then
    jumps from one such character to the next instead of trying a
    look-behind at every position.

    >>> first_letter_alternation(["US", "U.S.", "UN"], lambda c: rf"(?<!\w{c})")
    'U(?<!\\wU)(?:\\.S\\.|S|N)'
    """
    rests: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        rests.setdefault(w[0], []).append(w[1:])
    return "|".join(f"{re.escape(c)}{behind(re.escape(c))}(?:{'|'.join(map(re.escape, rs))})" for c, rs in rests.items())
