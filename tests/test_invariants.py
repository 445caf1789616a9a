"""Invariants of the pipeline, checked with hypothesis on generated text.

* every finding's offsets lie in the original and its ``text`` is that slice;
* the edit log replays to the cleaned text, and its inverse gives back the original;
* every character outside the edited spans is preserved, in order;
* cleaning a cleaned article applies no further fix (idempotence);
* no input, however malformed, crashes the pipeline or makes a regex backtrack
  catastrophically.
"""

import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.engine import _rounds, invert, replay
from tests.helpers import make_annotator

WORDS = (
    "Kim Jong-Un Kim Jong-un Putin she he its insisted Anthony Blinkenexpressed Antony Blinken Pyongyang Moscow "
    "Vostochni cosmodrome Russia Kremlin transfers. of forces.” . “a toast to “the future would have managed "
    "U.S. US: ‘Chosun Ilbo’ (…) this Thursday (9) Source-www.infobae.com date 2023-09-11 Japan They decided "
    "Floresfrom country . democracy. ” NicolÃ¡s Obrador39s AT&amp;T Actualmente pomadita ¿Qué? « Bonjour » ; : ! ?"
).split()
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u200b", "", ", ", ". ", "\n\n"]

tokens = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.text(max_size=4)), max_size=60)
articles = tokens.map("".join)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def time_limit(seconds):
    def handler(signum, frame):
        raise TimeoutError(f"took more than {seconds}s: catastrophic backtracking?")

    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def annotator(fixes="unsafe"):
    return make_annotator(fixes=fixes)


def check_result(text, r):
    for f in r.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
    assert replay(text, r.log) == r.cleaned
    assert replay(r.cleaned, invert(r.log)) == text
    # Outside the edited spans every character survives, in order, round by round.
    current = text
    for edits in _rounds(r.log):
        kept_before, kept_after, pos, shift = [], [], 0, 0
        new_text = replay(current, edits)
        for e in sorted(edits, key=lambda e: e.start):
            kept_before.append(current[pos : e.start])
            kept_after.append(new_text[pos + shift : e.start + shift])
            shift += len(e.after) - (e.end - e.start)
            pos = e.end
        kept_before.append(current[pos:])
        kept_after.append(new_text[pos + shift :])
        assert kept_before == kept_after
        current = new_text


@FAST
@given(articles)
def test_offsets_replay_and_preservation(text):
    r = annotator().annotate(text)
    check_result(text, r)


@FAST
@given(articles)
def test_idempotent(text):
    ann = annotator()
    r = ann.annotate(text)
    if r.converged:
        again = ann.annotate(r.cleaned)
        assert again.log == [], [(e.code, e.before, e.after) for e in again.log]


@settings(max_examples=80, deadline=None)
@given(st.text())
def test_random_unicode_never_crashes(text):
    check_result(text, annotator().annotate(text))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_decoded_any_way_never_crash(data):
    text = data.decode("latin-1")
    check_result(text, annotator().annotate(text))


@pytest.mark.parametrize(
    "pattern",
    ["." * 20000, "“" * 5000 + "”" * 10, "a" * 50000, "Kim " * 5000, " " * 50000, "A" * 50000, ". " * 20000,
     "Blinken" * 3000, "(…)" * 3000, "!?" * 10000, "\u200b" * 10000, "Ã©" * 10000, "&amp;" * 5000,
     "U.S." * 5000, "“a " * 5000, "x." * 20000, "Aa" * 20000, "-" * 30000, "’s " * 5000],
)
def test_pathological_input_finishes(pattern):
    with time_limit(60):
        check_result(pattern, annotator().annotate(pattern))


def _fixture_texts():
    from pathlib import Path

    from annotator.detectors import REGISTRY

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    for p in sorted(seeds.glob("*.txt")):
        yield pytest.param(p.read_text(encoding="utf-8"), "en", id=p.name)
    for code, cls in sorted(REGISTRY.items()):
        for i, ex in enumerate(cls.bad_examples + cls.good_examples):
            yield pytest.param(ex.unmarked()[0], ex.lang, id=f"{code}-{i}")


@pytest.mark.parametrize("text,lang", list(_fixture_texts()))
@pytest.mark.parametrize("fixes", ["safe", "unsafe"])
def test_every_fixture_replays_and_inverts(text, lang, fixes):
    r = make_annotator(target_lang=lang, fixes=fixes).annotate(text)
    check_result(text, r)
