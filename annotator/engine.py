"""The one place where text changes: apply fixes, log every edit, replay the log.

Detectors only *propose* fixes. :func:`apply_fixes` takes the findings of one
round, keeps those whose safety is at or above the requested level, sorts them
by position, refuses any fix whose edits overlap an already accepted edit (a
*conflict*, reported, never silently merged) and rewrites the text.

Every applied edit becomes a :class:`LoggedEdit` whose offsets index the text
*of its round*. :func:`replay` applies the log round by round and must give the
cleaned text exactly; :func:`invert` turns the log into one that gives back the
original text. Tests hold the pipeline to both.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence

from .model import Edit, Finding, Safety


@dataclass(frozen=True, slots=True)
class LoggedEdit:
    """An applied edit: ``before`` at ``start:end`` of round ``round``'s text became ``after``."""

    code: str
    start: int
    end: int
    before: str
    after: str
    round: int

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "round": self.round,
        }


@dataclass(slots=True)
class RoundResult:
    text: str
    log: list[LoggedEdit]
    applied: list[int]
    conflicts: list[int]


def apply_fixes(
    text: str, findings: Sequence[Finding], level: Safety | None, round_no: int = 1
) -> RoundResult:
    """Apply the fixes of ``findings`` at or above ``level``; ``None`` applies nothing.

    Returns the new text, the edit log, and the indices (into ``findings``) of
    the findings whose fix was applied and of those refused for overlapping.

    >>> from annotator.model import Fix, Severity
    >>> def f(s, e, rep, code="X1"):
    ...     return Finding(code, s, e, "abc"[s:e] or "abc"[s:s+1], "m", "Fluency", "x",
    ...                    Severity.MINOR, rep, Fix((Edit(s, e, rep),), Safety.SAFE))
    >>> r = apply_fixes("abc", [f(0, 1, "A"), f(0, 2, "??"), f(2, 3, "C")], Safety.SAFE)
    >>> r.text, r.applied, r.conflicts
    ('AbC', [0, 2], [1])
    """
    if level is None:
        return RoundResult(text, [], [], [])
    candidates = [
        (i, f)
        for i, f in enumerate(findings)
        if f.fix is not None and f.fix.safety >= level
    ]
    # Earliest first; at equal starts the higher safety wins, then the shorter span.
    candidates.sort(key=lambda item: (
        min(e.start for e in item[1].fix.edits), -item[1].fix.safety, item[1].end - item[1].start, item[0]
    ))
    taken: list[Edit] = []  # accepted edits, kept sorted by (start, end); they never overlap each other
    keys: list[tuple[int, int]] = []  # (start, end) of each taken edit, for bisection
    codes: list[str] = []  # the code of the finding each taken edit belongs to
    applied: list[int] = []
    conflicts: list[int] = []
    for i, finding in candidates:
        edits = finding.fix.edits
        if any(e.end > len(text) for e in edits) or any(_collides(e, taken, keys) for e in edits):
            conflicts.append(i)
            continue
        for e in edits:
            k = bisect.bisect_left(keys, (e.start, e.end))
            keys.insert(k, (e.start, e.end))
            taken.insert(k, e)
            codes.insert(k, finding.code)
        applied.append(i)
    pieces: list[str] = []
    log: list[LoggedEdit] = []
    pos = 0
    for edit, code in zip(taken, codes):
        pieces.append(text[pos : edit.start])
        pieces.append(edit.replacement)
        log.append(LoggedEdit(code, edit.start, edit.end, text[edit.start : edit.end], edit.replacement, round_no))
        pos = edit.end
    pieces.append(text[pos:])
    return RoundResult("".join(pieces), log, sorted(applied), sorted(conflicts))


def _collides(edit: Edit, taken: list[Edit], keys: list[tuple[int, int]]) -> bool:
    """Does ``edit`` overlap one of the sorted, mutually disjoint ``taken`` edits?

    Only the neighbours around its sorted position can overlap it, plus any
    run of zero-width edits at the same point.
    """
    k = bisect.bisect_left(keys, (edit.start, edit.end))
    lo = k - 1
    while lo >= 0 and keys[lo][1] >= edit.start:
        if taken[lo].overlaps(edit):
            return True
        if keys[lo][0] < edit.start:
            break
        lo -= 1
    hi = k
    while hi < len(taken) and keys[hi][0] <= edit.end:
        if taken[hi].overlaps(edit):
            return True
        hi += 1
    return False


def _apply_round(text: str, edits: Iterable[LoggedEdit]) -> str:
    pieces: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if text[e.start : e.end] != e.before:
            raise ValueError(
                f"edit log does not match the text at {e.start}..{e.end} (round {e.round}, {e.code}): "
                f"expected {e.before!r}, found {text[e.start:e.end]!r}"
            )
        pieces.append(text[pos : e.start])
        pieces.append(e.after)
        pos = e.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _rounds(log: Sequence[LoggedEdit]) -> list[list[LoggedEdit]]:
    by_round: dict[int, list[LoggedEdit]] = {}
    for e in log:
        by_round.setdefault(e.round, []).append(e)
    return [by_round[k] for k in sorted(by_round)]


def replay(original: str, log: Sequence[LoggedEdit]) -> str:
    """Apply an edit log to the original text, round by round.

    >>> log = [LoggedEdit("X", 0, 1, "a", "A", 1), LoggedEdit("Y", 1, 1, "", " ", 2)]
    >>> replay("abc", log)
    'A bc'
    """
    text = original
    for edits in _rounds(log):
        text = _apply_round(text, edits)
    return text


def invert(log: Sequence[LoggedEdit]) -> list[LoggedEdit]:
    """The log that turns the cleaned text back into the original.

    >>> log = [LoggedEdit("X", 0, 1, "a", "AA", 1), LoggedEdit("Y", 2, 3, "c", "", 1)]
    >>> replay(replay("abc", log), invert(log))
    'abc'
    """
    rounds = _rounds(log)
    out: list[LoggedEdit] = []
    n = len(rounds)
    for k, edits in enumerate(reversed(rounds)):
        shift = 0
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            new_start = e.start + shift
            out.append(LoggedEdit(e.code, new_start, new_start + len(e.after), e.after, e.before, k + 1))
            shift += len(e.after) - (e.end - e.start)
    return out


class OffsetMap:
    """Maps offsets in a cleaned text back to the original, through the edit log.

    Positions outside edited spans map exactly; a position inside the new text
    of an edit maps to the start (or end) of the edit's original span.
    """

    def __init__(self, log: Sequence[LoggedEdit]) -> None:
        self._rounds = []
        for edits in _rounds(log):
            spans = []
            shift = 0
            for e in sorted(edits, key=lambda e: (e.start, e.end)):
                new_start = e.start + shift
                spans.append((new_start, new_start + len(e.after), e.start, e.end))
                shift += len(e.after) - (e.end - e.start)
            self._rounds.append(spans)

    def to_original(self, pos: int, *, end: bool = False) -> int:
        for spans in reversed(self._rounds):
            shift = 0
            mapped = None
            for new_s, new_e, old_s, old_e in spans:
                if pos <= new_s:
                    break
                if pos >= new_e:
                    shift = old_e - new_e
                    continue
                mapped = old_e if end else old_s
                break
            pos = mapped if mapped is not None else pos + shift
        return pos
