"""The fix engine: overlaps refused, safety levels respected, logs replay and invert."""

import pytest

from annotator.engine import LoggedEdit, OffsetMap, apply_fixes, invert, replay
from annotator.model import Edit, Finding, Fix, Safety, Severity, minimal_edit


def finding(text, s, e, rep, safety=Safety.SAFE, code="T1", edits=None):
    fix = Fix(edits or (Edit(s, e, rep),), safety)
    return Finding(code, s, e, text[s:e], "m", "Fluency", "x", Severity.MINOR, rep, fix)


def test_levels():
    t = "abcdef"
    fs = [finding(t, 0, 1, "A", Safety.SAFE), finding(t, 2, 3, "C", Safety.UNSAFE), finding(t, 4, 5, "E", Safety.DISPLAY_ONLY)]
    assert apply_fixes(t, fs, Safety.SAFE).text == "Abcdef"
    assert apply_fixes(t, fs, Safety.UNSAFE).text == "AbCdef"
    assert apply_fixes(t, fs, None).text == t


def test_overlap_refused_and_reported():
    t = "Anthony Blinkenexpressed"
    a = finding(t, 0, 15, "Antony Blinken", edits=(Edit(3, 4, ""),))
    b = finding(t, 8, 24, "Blinken expressed", edits=(Edit(15, 15, " "),))
    # Overlaps a's edit at the same start; the shorter finding span (a) wins the tie.
    c = finding(t, 3, 20, "XX", edits=(Edit(3, 6, "XX"),))
    r = apply_fixes(t, [a, b, c], Safety.SAFE)
    assert r.text == "Antony Blinken expressed"
    assert r.applied == [0, 1] and r.conflicts == [2]
    assert replay(t, r.log) == r.text


def test_two_insertions_at_one_point_conflict():
    t = "ab"
    r = apply_fixes(t, [finding(t, 0, 1, "a", edits=(Edit(1, 1, " "),)), finding(t, 1, 2, "b", edits=(Edit(1, 1, "-"),))], Safety.SAFE)
    assert r.text == "a b" and len(r.conflicts) == 1


def test_replay_rejects_a_log_that_does_not_fit():
    with pytest.raises(ValueError, match="does not match"):
        replay("abc", [LoggedEdit("X", 0, 1, "z", "y", 1)])


def test_multi_round_replay_invert_and_offset_map():
    orig = "one two three"
    r1 = [LoggedEdit("A", 0, 3, "one", "1", 1), LoggedEdit("B", 8, 13, "three", "3", 1)]
    mid = replay(orig, r1)
    assert mid == "1 two 3"
    r2 = [LoggedEdit("C", 2, 5, "two", "2", 2)]
    log = r1 + r2
    final = replay(orig, log)
    assert final == "1 2 3"
    assert replay(final, invert(log)) == orig
    om = OffsetMap(log)
    # "2" in the final text comes from "two" at 4..7 of the original.
    assert (om.to_original(2), om.to_original(3, end=True)) == (4, 7)
    assert om.to_original(1) == 3  # the space after "one"


def test_minimal_edit():
    assert minimal_edit("Kim Jong-Un", 0, 11, "Kim Jong-un") == Edit(9, 10, "u")
    assert minimal_edit("abc", 0, 3, "abc") is None


def test_finding_rejects_bad_spans():
    with pytest.raises(ValueError):
        Finding("X", 3, 3, "", "m", "Fluency", "x", Severity.MINOR)
    with pytest.raises(ValueError):
        Finding("X", 0, 2, "a", "m", "Fluency", "x", Severity.MINOR)
    with pytest.raises(ValueError, match="category"):
        Finding("X", 0, 1, "a", "m", "Grammar", "x", Severity.MINOR)
