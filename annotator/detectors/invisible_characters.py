"""MT502 invisible-characters: characters that show nothing but break text.

What it finds
    Zero-width spaces and joiners inside or between words, a byte-order mark
    in mid-text, soft hyphens, left-to-right/right-to-left marks and bidi
    embedding controls in text that has no right-to-left script, and C0/C1
    control characters other than tab and line ends.

Why it matters
    They come from copy-paste and HTML scraping, split words for search and
    spell-checking (``Pyong\\u200byang`` does not match ``Pyongyang``) and can
    reorder text on screen.

Example
    ``Pyong\\u200byang said``

Use instead
    ``Pyongyang said``

Fix safety
    Safe: the characters are deleted, which changes nothing a reader sees. A
    zero-width joiner next to an emoji or in a right-to-left script, marks in
    text that contains Hebrew or Arabic, tabs, no-break spaces (right in
    French before ``; : ! ?`` and in ``10 km``) and line ends (LF, CRLF, CR)
    are left alone.
"""

from __future__ import annotations

import re

from ..model import Safety
from . import register
from .base import Detector, Example

NAMES = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
    "\u00ad": "SOFT HYPHEN",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
}
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad" + BIDI + "\u0000-\u0008\u000e-\u001f\u007f-\u009f]+"
)
RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


def _describe(run: str) -> str:
    names = []
    for ch in dict.fromkeys(run):
        names.append(NAMES.get(ch) or f"U+{ord(ch):04X}")
    return ", ".join(names)


@register
class InvisibleCharacters(Detector):
    code = "MT502"
    name = "invisible-characters"
    category = "Fluency"
    subcategory = "Character encoding"
    languages = None
    bad_examples = (
        Example("[[\u200b]]Pyongyang said", fixed="Pyongyang said"),
        Example("the inter[[\u00ad]]national community", fixed="the international community"),
        Example("Seoul[[\u200e]] and Tokyo", fixed="Seoul and Tokyo"),
        Example("bad[[\u0007]] bell", fixed="bad bell"),
    )
    good_examples = (
        Example("Tabs\tand no-break\u00a0spaces stay.\r\nCRLF too.\rCR too."),
        Example("Family emoji \U0001f468\u200d\U0001f469\u200d\U0001f467 is one glyph."),
        Example("Quoting \u05e9\u05dc\u05d5\u05dd\u200f in Hebrew keeps its mark."),
    )

    def detect(self, doc, ctx):
        text = doc.text
        # Every character that INVISIBLE matches is unprintable (``str.isprintable``), and most
        # articles hold no unprintable character but their line breaks: one quick test clears them.
        if text.replace("\n", "").isprintable():
            return
        has_rtl = None  # looked up at the first run found
        for m in INVISIBLE.finditer(text):
            s, e = m.span()
            run = m.group()
            if has_rtl is None:
                has_rtl = RTL_SCRIPT.search(text.replace("\ufeff", "")) is not None
            if has_rtl and all(c in BIDI or c in "\u200c\u200d" for c in run):
                continue
            if "\u200d" in run and (EMOJI.match(text, e) or (s and EMOJI.match(text[s - 1]))):
                continue
            yield self.finding(
                doc, s, e, f"Invisible character(s) {_describe(run)}: shows nothing, breaks search and spelling.",
                replacement="", suggestion="(delete)", safety=Safety.SAFE,
            )
