"""The document model: what a finding is, what an edit is, how safe a fix is.

Everything downstream (the fix engine, the report, the review page) speaks
these types. Offsets are Python ``str`` indices into the ORIGINAL text of a
document, never byte offsets and never offsets into a partly cleaned text.
"""

from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from typing import Any, Callable


class Safety(enum.IntEnum):
    """How far a fix may be trusted (ruff's Applicability, in our words).

    ``safe`` fixes are applied by default, ``unsafe`` ones only with
    ``--fixes unsafe``, and ``display-only`` ones are never applied
    automatically: they are a suggestion for a human.
    """

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, value: str | "Safety") -> "Safety":
        if isinstance(value, Safety):
            return value
        key = str(value).strip().lower().replace("-", "_")
        try:
            return cls[key.upper()]
        except KeyError:
            raise ValueError(
                f"unknown safety {value!r}; choose one of: safe, unsafe, display-only"
            ) from None


class Severity(enum.IntEnum):
    """MQM severities, ordered so that ``>=`` means "at least as bad"."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | "Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r}; choose one of: minor, major, critical"
            ) from None


#: MQM top-level categories used in the report's ``category`` column.
CATEGORIES = (
    "Accuracy",
    "Fluency",
    "Terminology",
    "Style",
    "Locale convention",
    "Other",
)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``.

    ``start == end`` is an insertion. Edits are kept minimal (only the
    characters that change) so that two fixes touching the same name, such as
    a glued word and a name variant, do not collide needlessly.
    """

    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad edit range {self.start}..{self.end}")

    def overlaps(self, other: "Edit") -> bool:
        """True when applying both edits would be ambiguous.

        >>> Edit(0, 3, "x").overlaps(Edit(3, 5, "y"))
        False
        >>> Edit(0, 3, "x").overlaps(Edit(2, 5, "y"))
        True
        >>> Edit(3, 3, "x").overlaps(Edit(3, 3, "y"))
        True
        """
        if self.start == self.end and other.start == other.end:
            return self.start == other.start
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end


def minimal_edit(text: str, start: int, end: int, replacement: str) -> Edit | None:
    """The smallest single edit turning ``text[start:end]`` into ``replacement``.

    >>> minimal_edit("Anthony Blinken", 0, 15, "Antony Blinken")
    Edit(start=3, end=4, replacement='')
    >>> minimal_edit("same", 0, 4, "same") is None
    True
    """
    old = text[start:end]
    if old == replacement:
        return None
    p = 0
    limit = min(len(old), len(replacement))
    while p < limit and old[p] == replacement[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == replacement[len(replacement) - 1 - s]:
        s += 1
    return Edit(start + p, end - s, replacement[p : len(replacement) - s])


@dataclass(frozen=True, slots=True)
class Fix:
    """One or more edits that together correct a finding, with a safety level."""

    edits: tuple[Edit, ...]
    safety: Safety

    def __post_init__(self) -> None:
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        ordered = sorted(self.edits, key=lambda e: (e.start, e.end))
        for a, b in zip(ordered, ordered[1:]):
            if a.overlaps(b):
                raise ValueError(f"edits of one fix overlap: {a} and {b}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One anomaly found in a document.

    ``start``/``end`` index the original text and ``text`` is that slice.
    ``suggestion`` is what a reviewer should read (the corrected span, or a
    short instruction); ``fix`` is what the engine may apply.
    ``score`` keeps a detector's raw measurement (a probability, a frequency)
    so thresholds can be re-tuned from the report without re-detecting.
    """

    code: str
    start: int
    end: int
    text: str
    message: str
    category: str
    subcategory: str
    severity: Severity
    suggestion: str | None = None
    fix: Fix | None = None
    score: float | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(
                f"{self.code}: finding span {self.start}..{self.end} is empty or negative"
            )
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.code}: unknown MQM category {self.category!r}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"{self.code}: text does not match span length")

    @property
    def safety(self) -> Safety:
        return self.fix.safety if self.fix else Safety.DISPLAY_ONLY


def span_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted, disjoint) that contains ``pos``, by bisection.

    >>> span_at([(0, 3), (5, 9)], 6), span_at([(0, 3), (5, 9)], 4)
    ((5, 9), None)
    """
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    if k >= 0 and spans[k][0] <= pos < spans[k][1]:
        return spans[k]
    return None


@dataclass(slots=True)
class Mention:
    """A name found in a document: a glossary entry or an NER entity.

    ``kind`` is the entry type (person, place, organisation, other);
    ``gender`` is set for persons where known. ``entry_key`` names the
    glossary entry (its canonical form) or is None for an NER-only mention.
    """

    start: int
    end: int
    text: str
    kind: str
    gender: str = ""
    entry_key: str | None = None
    canonical: str | None = None
    source: str = "glossary"


@dataclass(slots=True)
class Document:
    """An article and what the analysis stage learned about it.

    ``text`` is never changed after construction. ``sentences`` and
    ``paragraphs`` are ``(start, end)`` spans; ``mentions`` are names in text
    order (glossary and NER); ``names`` are the raw glossary matches (with how
    each relates to its entry); ``quotes`` are spans of balanced quotations.
    """

    text: str
    path: str = "<text>"
    lang: str = "en"
    meta: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    names: list[Any] = field(default_factory=list)  # glossary NameMatch objects, in text order
    backend: str = "rules"
    _quote_union: list[tuple[int, int]] | None = field(default=None, repr=False, compare=False)
    _chunks: list[str] | None = field(default=None, repr=False, compare=False)
    _deferred: dict[str, Callable[["Document"], Any]] | None = field(default=None, repr=False, compare=False)

    def defer(self, **compute: Callable[["Document"], Any]) -> "Document":
        """Work these fields out on first access (``compute[name](doc)``), not now.

        The pipeline defers its analysis: a fix round runs only the detectors
        that can fix, and those read few of the fields (no sentences, no
        mentions), so a round costs what its detectors use.

        >>> d = Document("Kim left.").defer(sentences=lambda doc: [(0, len(doc.text))])
        >>> d._deferred is not None and "sentences" in d._deferred
        True
        >>> d.sentences, d._deferred
        ([(0, 9)], {})
        """
        if self._deferred is None:
            self._deferred = {}
        for name, fn in compute.items():
            delattr(self, name)  # an empty slot: the first read goes to __getattr__
            self._deferred[name] = fn
        return self

    def __getattr__(self, name: str) -> Any:
        # Called only for an empty slot, i.e. a deferred field not yet worked out.
        deferred = object.__getattribute__(self, "_deferred")
        if deferred and name in deferred:
            value = deferred.pop(name)(self)
            setattr(self, name, value)
            return value
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def chunks(self) -> list[str]:
        """``text.split(" ")``: the text cut at every space, made once and shared.

        Callers must not change the list.

        >>> Document("Kim Jong-un, in  Seoul.").chunks()
        ['Kim', 'Jong-un,', 'in', '', 'Seoul.']
        """
        if self._chunks is None:
            self._chunks = self.text.split(" ")
        return self._chunks

    def in_quote(self, pos: int) -> bool:
        if self._quote_union is None:
            # Quotations nest; their union is a sorted list of disjoint spans to bisect.
            union: list[tuple[int, int]] = []
            for s, e in sorted(self.quotes):
                if union and s <= union[-1][1]:
                    union[-1] = (union[-1][0], max(union[-1][1], e))
                else:
                    union.append((s, e))
            self._quote_union = union
        return span_at(self._quote_union, pos) is not None

    def name_overlapping(self, start: int, end: int) -> bool:
        """Does a glossary name overlap ``start..end``? (``names`` is in text order)."""
        k = bisect.bisect_right(self.names, start, key=lambda m: m.start)
        for i in (k - 1, k):
            if 0 <= i < len(self.names):
                m = self.names[i]
                if m.start < end and start < m.end:
                    return True
        return False

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The sentence span holding ``pos`` (the whole text if none does)."""
        return span_at(self.sentences, pos) or (0, len(self.text))
