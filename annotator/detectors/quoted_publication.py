"""MT303 quoted-publication-name: a newspaper or agency name in quotation marks.

What it finds
    A publication's name between quotation marks (``‘Chosun Ilbo’``,
    ``‘The New York Times’``, ``"El País"``) in an English article: either
    the quoted words are a glossary organisation of kind newspaper, agency,
    magazine or broadcaster, or they are a capitalised name right after
    ``newspaper``, ``daily``, ``magazine``, ``agency``, ``outlet``, ``cited
    by``, ``published by``, ``told``...

Why it matters
    Spanish and Portuguese newspapers put publication names in quotation
    marks; English style guides write them plain (or in italics). The quotes
    make a name look like a quotation, or like an ironic label.

Example
    ``The South Korean newspaper ‘Chosun Ilbo’ reported``

Use instead
    ``The South Korean newspaper Chosun Ilbo reported``

Fix safety
    Unsafe when the glossary knows the name as a publication (removing two
    marks cannot damage the name, but a house style may want italics
    instead, so a person chooses ``--fixes unsafe``); display-only when only
    the word before suggests a publication (the quoted words may be a
    headline or a real quotation). English only: quotation marks are the
    Spanish and Portuguese convention.
"""

from __future__ import annotations

import re

from ..model import Edit, Safety
from ..nlp.rules import matches_from, positions
from . import register
from .base import Detector, Example

PUBLICATION_KINDS = frozenset(
    "newspaper daily agency news-agency magazine weekly broadcaster tv radio news-site outlet journal periodical".split()
)
TRIGGER = re.compile(
    r"\b(?:newspapers?|daily|dailies|magazines?|agency|agencies|outlets?|weekly|tabloid|broadcaster|network|channel|"
    r"cited by|quoted by|published by|reported by|according to|told|wrote in|in an interview with)[ \t]*,?[ \t]*$",
    re.I,
)
QUOTED = re.compile(r"(?P<o>[‘“\"'«])(?P<name>[^\W\d_][^‘’“”\"«»\n]{0,48}?)(?P<c>[’”\"'»])(?!\w)")
CLOSE_FOR = {"‘": "’", "“": "”", '"': '"', "'": "'", "«": "»"}
NAME_WORD = re.compile(r"[^\W\d_][\w’'\-.&]*")
SMALL = frozenset("of the de del la el los las da do das dos di le les and y e et &".split())


def _looks_like_name(name: str) -> bool:
    words = NAME_WORD.findall(name)
    if not words or len(words) > 6 or name.rstrip()[-1:] in ".!?,;:":
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in SMALL for w in words)


@register
class QuotedPublication(Detector):
    code = "MT303"
    fix_safety = Safety.UNSAFE
    name = "quoted-publication-name"
    category = "Style"
    subcategory = "Publication name"
    languages = ("en",)
    bad_examples = (
        Example("The South Korean newspaper [[‘Chosun Ilbo’]] reported that Kim left.", suggestion="Chosun Ilbo",
                fixed="The South Korean newspaper Chosun Ilbo reported that Kim left."),
        Example("White House sources, cited by [[‘The New York Times’]], said so.", suggestion="The New York Times"),
        Example("The Spanish daily [[“El País”]] published the letter.", suggestion="El País"),
        Example("Officials told [[\"Le Monde\"]] that the plan was dead.", suggestion="Le Monde"),
        Example("According to [[“Reuters”]], the train left at night.", suggestion="Reuters"),
    )
    good_examples = (
        Example("The South Korean newspaper Chosun Ilbo reported that Kim’s train left."),
        Example("His “comrade” Putin proposed a toast. She told “We will win” to the crowd."),
        Example("The daily ran the headline “kim arrives” on Monday."),
        Example("The magazine called it “the deal of the century”."),
    )

    def detect(self, doc, ctx):
        text = doc.text
        # A match starts with an opening mark: QUOTED is tried at those (rare) characters only.
        for m in matches_from(QUOTED, text, positions(text, "".join(CLOSE_FOR))):
            o, c, name = m.group("o"), m.group("c"), m.group("name")
            if CLOSE_FOR[o] != c or not _looks_like_name(name):
                continue
            if o == "'" and m.start() > 0 and text[m.start() - 1].isalnum():
                continue  # an apostrophe, not a quotation mark
            known = any(
                e.type == "organisation" and e.kind in PUBLICATION_KINDS for e, _, _ in ctx.index.lookup(name)
            )
            line_start = text.rfind("\n", 0, m.start()) + 1
            cue = TRIGGER.search(text, max(line_start, m.start() - 40), m.start())
            if not (known or cue):
                continue
            s, e = m.span()
            why = "the glossary lists it as a publication" if known else f"it follows ‘{cue.group().strip(' ,')}’"
            yield self.finding(
                doc, s, e,
                f"‘{name}’ is a publication name ({why}); English writes it without quotation marks.",
                edits=(Edit(s, s + 1, ""), Edit(e - 1, e, "")), suggestion=name,
                safety=Safety.UNSAFE if known else Safety.DISPLAY_ONLY,
            )
