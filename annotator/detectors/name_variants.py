"""MT301 glossary-name-variant: a name written other than its glossary form.

What it finds
    A person, place or organisation written as a listed variant
    (``Kim Jong-Un``), a near form with the same letters but other case,
    hyphens, spaces or accents (``Kim Jong un``), or another language's form
    (``Moscow`` in a Spanish article).

Why it matters
    One name, one spelling: readers, search and archives depend on it, and a
    batch that mixes ``Kim Jong-Un`` and ``Kim Jong-un`` looks careless.

Example
    ``Kim Jong-Un arrived.``

Use instead
    ``Kim Jong-un arrived.``

Fix safety
    Safe for an exact listed variant (an editor put it in the glossary). A
    near form or a foreign form is only reported, with the canonical form as
    the suggestion: the match may be a different person or a quotation.
"""

from __future__ import annotations

from ..model import Safety, Severity
from . import register
from .base import Detector, Example


@register
class GlossaryNameVariant(Detector):
    code = "MT301"
    name = "glossary-name-variant"
    category = "Terminology"
    subcategory = "Wrong term"
    severity = Severity.MAJOR
    languages = None
    bad_examples = (
        Example("North Korean leader [[Kim Jong-Un]] left.", suggestion="Kim Jong-un", fixed="North Korean leader Kim Jong-un left."),
        Example("It landed at the [[Vostochni]] site.", suggestion="Vostochny"),
        Example("[[Anthony Blinken]] said so.", fixed="Antony Blinken said so."),
        Example("Rockets from [[vostochny cosmodrome]] flew.", suggestion="Vostochny Cosmodrome"),
    )
    good_examples = (
        Example("Kim Jong-un met Antony Blinken in Pyongyang."),
        Example("Kim’s trip and Blinken’s visit."),
        Example("KIM JONG-UN ARRIVES"),
    )

    def detect(self, doc, ctx):
        for m in doc.names:
            if m.relation == "variant":
                yield self.finding(
                    doc, m.start, m.end,
                    f"‘{m.text}’ is a listed variant of ‘{m.entry.canonical}’; the glossary form is ‘{m.entry.canonical}’.",
                    replacement=m.entry.canonical, safety=Safety.SAFE,
                    data={"entry": m.entry.id},
                )
            elif m.relation == "fuzzy":
                yield self.finding(
                    doc, m.start, m.end,
                    f"‘{m.text}’ looks like ‘{m.entry.canonical}’ written differently (case, hyphens, spaces or accents); "
                    "not in the glossary as a variant, so it is only reported.",
                    replacement=m.entry.canonical, safety=Safety.DISPLAY_ONLY, severity=Severity.MINOR,
                    data={"entry": m.entry.id},
                )
            elif m.relation == "foreign":
                yield self.finding(
                    doc, m.start, m.end,
                    f"‘{m.text}’ is the glossary form in another language; in {ctx.config.target_lang} write ‘{m.entry.canonical}’.",
                    replacement=m.entry.canonical, safety=Safety.UNSAFE, severity=Severity.MINOR,
                    data={"entry": m.entry.id},
                )
