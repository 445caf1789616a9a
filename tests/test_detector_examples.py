"""Every registered detector's examples are tests (LanguageTool's PatternRuleTest, in our words).

A detector fails here when it has no bad example, when a bad example does not
give exactly one finding of its code at the marked span, when the suggestion
or fixed text differs from the example, or when a good example fires.
"""

import pytest

from annotator.detectors import REGISTRY
from annotator.engine import apply_fixes
from annotator.model import Safety

from tests.helpers import make_annotator


def _cases(kind):
    for code, cls in sorted(REGISTRY.items()):
        for i, ex in enumerate(getattr(cls, kind)):
            yield pytest.param(cls, ex, id=f"{code}-{kind[:-9]}-{i}")


def _findings(cls, ex):
    ann = make_annotator(target_lang=ex.lang, select=(cls.code,), fixes="unsafe")
    text, s, e = ex.unmarked()
    doc = ann.analyse(text)
    found = [f for f in ann.detect(doc) if f.code == cls.code]
    return text, s, e, found


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_detector_is_documented(code):
    cls = REGISTRY[code]
    assert cls.bad_examples, f"{code} has no bad example"
    assert cls.good_examples, f"{code} has no good example"
    doc = cls.__module__ and __import__(cls.__module__, fromlist=["x"]).__doc__ or ""
    for section in ("What it finds", "Why it matters", "Example", "Use instead", "Fix safety"):
        assert section in doc, f"{code}: module docstring lacks '{section}'"


@pytest.mark.parametrize("cls,ex", list(_cases("bad_examples")))
def test_bad_example_fires_once_at_marker(cls, ex):
    text, s, e, found = _findings(cls, ex)
    assert s is not None, "bad example must mark its span with [[...]]"
    assert len(found) == 1, f"expected exactly one {cls.code} finding, got {[(f.text, f.start) for f in found]}"
    f = found[0]
    assert (f.start, f.end) == (s, e), f"span {f.text!r} differs from marker {text[s:e]!r}"
    if ex.suggestion is not None:
        assert f.suggestion == ex.suggestion
    if ex.fixed is not None:
        assert f.fix is not None, "example expects a fix"
        assert apply_fixes(text, [f], Safety.DISPLAY_ONLY).text == ex.fixed


@pytest.mark.parametrize("cls,ex", list(_cases("good_examples")))
def test_good_example_is_left_alone(cls, ex):
    text, _, _, found = _findings(cls, ex)
    assert found == [], f"{cls.code} fired on a good example: {[(f.text, f.message) for f in found]}"
