"""MT501 mojibake: text decoded with the wrong encoding somewhere upstream.

What it finds
    Words garbled by a UTF-8 text read as Windows-1252 or Latin-1
    (``NicolÃ¡s Maduro``, ``â€œquoteâ€``), and HTML entity residue left when
    ``&#39;`` lost its ``&#`` and ``;`` (``Obrador39s``) or was never decoded
    (``Obrador&#39;s``, ``AT&amp;T``).

Why it matters
    A garbled name is unsearchable and looks broken to every reader; it is
    also a sign that the same file has other damage.

Example
    ``President NicolÃ¡s Maduro said``

Use instead
    ``President Nicolás Maduro said``

Fix safety
    Safe when ftfy repairs the word by a pure re-encoding (encode as
    latin-1/windows-1252, decode as UTF-8) and the result no longer looks
    garbled: that transformation is exact, ftfy explains it, and the step is
    logged in the message. Other ftfy repairs and entity decoding are unsafe;
    the bare ``39s`` residue (``Obrador39s``) is only a suggestion, since a
    digit run before ``s`` can be real (``1939s``).
"""

from __future__ import annotations

import html
import re

from ..model import Safety, Severity
from . import register
from .base import Detector, Example

#: A lead byte of UTF-8 read as Windows-1252/Latin-1, then a continuation byte read the same way.
LEADS = "\u00c2\u00c3\u00c5\u00e2\u00c4\u00c6\u00ef\u00ce\u00d0\u00d1"
_LEAD = f"[{LEADS}]"
_CONT = "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
#: A garbled token: the non-space run around a lead and continuation pair.
SUSPECT = re.compile(rf"\S*{_LEAD}{_CONT}\S*")
#: The pair alone: quick to search for, where :data:`SUSPECT`'s ``\S*`` start is not.
SUSPECT_PAIR = re.compile(_LEAD + _CONT)
ENTITY = re.compile(r"&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|amp|quot|apos|lt|gt|nbsp|[a-z]{2,8});")
#: ``Obrador39s``: the residue after a letter and before ``s`` (each form checks the letter
#: before it after matching, so the search skips to ``#``, ``3`` or ``q``).
RESIDUE = re.compile(r"(?:#39(?<=[a-z]#39)|39(?<=[a-z]39)|quot(?<=[a-z]quot))(?=s\b)")


def _suspects(text: str):
    r"""The matches of :data:`SUSPECT`, as ``finditer`` gives them, found from the pairs.

    A match starts where the non-space run holding its first pair starts
    (``\S*`` takes all of it), so each pair found after the last match gives
    the one place to try.
    """
    pos = 0
    while (q := SUSPECT_PAIR.search(text, pos)) is not None:
        s = q.start()
        while s > pos and not text[s - 1].isspace():
            s -= 1
        m = SUSPECT.match(text, s)
        if m is None:  # pragma: no cover - the run from ``s`` holds the pair
            pos = q.start() + 1
            continue
        yield m
        pos = m.end()


def _ftfy_config():
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=False, remove_control_chars=False, normalization=None, explain=True,
    )


@register
class Mojibake(Detector):
    code = "MT501"
    name = "mojibake"
    category = "Fluency"
    subcategory = "Character encoding"
    severity = Severity.MAJOR
    languages = None
    bad_examples = (
        Example("President [[NicolÃ¡s]] Maduro said", fixed="President Nicolás Maduro said"),
        Example("He said [[â€œyesâ€\x9d.]]", suggestion="“yes”."),
        Example("López [[Obrador39s]] plan", suggestion="Obrador’s"),
        Example("the [[AT&amp;T]] deal", fixed="the AT&T deal"),
        Example("Desde [[MÃ©xico,]] el presidente", suggestion="México,", lang="es"),
    )
    good_examples = (
        Example("Nicolás Maduro, São Paulo, naïve, Ângela, Zürich."),
        Example("In the 1930s and 1940s the 39 members met."),
        Example("Kim’s “deep concern” — and more…"),
    )

    def __init__(self) -> None:
        self._cfg = None  # ftfy's config, built on first use (keeps import time low)

    def detect(self, doc, ctx):
        text = doc.text
        # A garbled token holds a lead character; looking for each of them is quicker than one
        # search for the pair, and most texts (all ASCII ones) hold none.
        if not any(lead in text for lead in LEADS):
            yield from self._entities(doc)
            return
        from ftfy import fix_and_explain
        from ftfy.badness import is_bad

        if self._cfg is None:
            self._cfg = _ftfy_config()
        for m in _suspects(text):
            token = m.group()
            if not is_bad(token):
                continue
            fixed, steps = fix_and_explain(token, self._cfg)
            if fixed == token:
                continue
            pure = [s[0] for s in steps] == ["encode", "decode"]
            safety = Safety.SAFE if pure and not is_bad(fixed) else Safety.UNSAFE
            how = ", then ".join(f"{a} {b}" for a, b in steps)
            yield self.finding(
                doc, m.start(), m.end(),
                f"‘{token}’ is mojibake (UTF-8 read with the wrong encoding); ftfy repairs it by: {how}.",
                replacement=fixed, safety=safety, data={"ftfy": steps},
            )
        yield from self._entities(doc)

    def _entities(self, doc):
        text = doc.text
        if "&" in text:
            token_end = -1
            for m in ENTITY.finditer(text):
                if m.start() < token_end:
                    continue  # already reported with the whole token
                s, e = m.span()
                while s > 0 and not text[s - 1].isspace():
                    s -= 1
                while e < len(text) and not text[e].isspace():
                    e += 1
                token_end = e
                span = text[s:e]
                yield self.finding(
                    doc, s, e, f"‘{m.group()}’ is an HTML entity that was never decoded.",
                    replacement=html.unescape(span), safety=Safety.UNSAFE,
                )
        if "39s" not in text and "quots" not in text:
            return  # every residue is followed by ``s``
        for m in RESIDUE.finditer(text):
            s = m.start()
            while s > 0 and text[s - 1].isalpha():
                s -= 1
            e = m.end() + 1
            word = text[s:m.start()]
            yield self.finding(
                doc, s, e, f"‘{text[s:e]}’ looks like the residue of the HTML entity &#39; (an apostrophe).",
                replacement=f"{word}’s", safety=Safety.DISPLAY_ONLY,
            )
