"""MT401 leaked-metadata: page furniture left in the article text.

What it finds
    Lines (or a line prefix) that belong to the web page, not to the article:
    a date field glued to the first line (`` date 2023-09-11 North Korean
    leader...``), a source line (``Source-www.infobae.com``, ``Source:
    Reuters``, ``Fuente: EFE``), breadcrumbs (``Home » World » Asia``),
    link teasers (``Read Also: ...``, ``Read more``, ``See also: ...``,
    ``Lea también: ...``), share buttons (``Share on Facebook``) and photo
    credit lines (``(Photo: EFE)``).

Why it matters
    Readers of the cleaned article should see the article; the scraper's
    fields are metadata. They are kept: each finding carries
    ``data["meta"]`` (``{"date": "2023-09-11"}``, ``{"source":
    "www.infobae.com"}``) and the report merges it into the document's
    metadata.

Example
    `` date 2023-09-11 North Korean leader Kim Jong-un is on his way``

Use instead
    ``North Korean leader Kim Jong-un is on his way`` (date kept as metadata)

Fix safety
    Safe: only a whole line that is nothing but the field (or a date prefix
    at the very start of a line, introduced by a field name) is removed, with
    its line break. A sentence that mentions a source or a date (``Source:
    officials said the talks will resume next week.``, ``On 2023-09-11 the
    talks began``) is never touched: the field value must be short and
    contain no sentence.
"""

from __future__ import annotations

import re

from ..model import Edit, Safety
from . import register
from .base import Detector, Example, first_letter_alternation

DATE = r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{4}/\d{2}/\d{2}"
TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)?"
DATE_FIELD = r"date|fecha|published|publicado|publié|updated|actualizado|atualizado|mis à jour"
#: A date field at the start of a line, before the article's own words.
DATE_PREFIX = re.compile(
    rf"^[ \t]*(?P<field>(?i:{DATE_FIELD})[ \t]*(?::[ \t]*)?(?P<date>{DATE}){TIME})(?:[ \t]+|$)", re.M
)
SOURCE_FIELD = r"source|sources|fuente|fuentes|fonte|fontes|quelle"
#: ``Source-www.infobae.com``, ``Source: Reuters``; the value is a name or a site, not a sentence.
SOURCE_LINE = re.compile(
    rf"^[ \t]*(?i:{SOURCE_FIELD})[ \t]*[-:–—|][ \t]*(?P<value>[^\n]{{1,60}}?)[ \t]*$", re.M
)
# Each part starts with a non-space so that runs of spaces cannot be split many ways (no backtracking blow-up).
BREADCRUMB = re.compile(
    r"^[ \t]*(?P<value>[^\s»›>][^\n»›>]{0,29}(?:[»›>][ \t]*[^\s»›>][^\n»›>]{0,29}){1,6})$", re.M
)
BREADCRUMB_HOME = re.compile(r"^(?i:home|inicio|início|accueil|startseite|portada)\b")
TEASER_FIELD = (
    r"read also|read more|see also|related|also read|more on this|lea también|lee también|"
    r"leia também|leia mais|veja também|lire aussi|voir aussi|à lire aussi|lesen sie auch|mehr zum thema"
)
TEASER = re.compile(
    rf"^[ \t]*(?P<value>(?i:{TEASER_FIELD})(?:[ \t]*(?:[:|\-–—»]|\.\.\.|…)[^\n]*)?)[ \t]*$",
    re.M,
)
SHARE_FIELD = r"share|compartir|compartilhar|partager|teilen"
SHARE = re.compile(
    rf"^[ \t]*(?P<value>(?i:(?:{SHARE_FIELD})(?: (?:on|en|no|sur|auf))?"
    r"(?: (?:facebook|twitter|x|whatsapp|linkedin|telegram|email|e-mail))?(?: this article)?"
    r"(?:[ \t]*[|,/·][ \t]*(?:facebook|twitter|x|whatsapp|linkedin|telegram|email|e-mail))*))[ \t]*$",
    re.M,
)
PHOTO_FIELD = r"photo|photos|foto|fotos|image|imagen|imagem|crédito|credit|picture"
PHOTO = re.compile(
    rf"^[ \t]*(?P<value>\(?(?i:{PHOTO_FIELD})[ \t]*:[ \t]*(?P<credit>[^\n()]{{1,50}}?)\)?)[ \t]*$",
    re.M,
)
_FIELD_NAMES = first_letter_alternation(
    f"{DATE_FIELD}|{SOURCE_FIELD}|{TEASER_FIELD}|{SHARE_FIELD}|{PHOTO_FIELD}".split("|"), lambda c: ""
)
#: How every line that :data:`DATE_PREFIX`, :data:`SOURCE_LINE`, :data:`TEASER`, :data:`SHARE` or
#: :data:`PHOTO` matches begins: the few lines worth trying them at (see :func:`_field_lines`).
#: The field names are grouped by first letter, so most lines fail at their first letter.
FIELD_START = re.compile(rf"[ \t]*\(?(?i:{_FIELD_NAMES})")
#: :data:`FIELD_START` after a line break: a search for it jumps from line break to line break.
FIELD_AFTER_BREAK = re.compile("\n" + FIELD_START.pattern)
#: Lower-case words allowed inside a credit or source value.
CONNECTORS = frozenset("via and y e et und de do da del des von for & -".split())


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def _field_lines(text: str) -> list[int]:
    r"""The starts of the lines that begin like a field (:data:`FIELD_START`), in text order.

    >>> _field_lines("Source: EFE\nKim left.\n  Read more\n(Photo: EFE)")
    [0, 22, 34]
    """
    starts = [m.start() + 1 for m in FIELD_AFTER_BREAK.finditer(text)]
    if FIELD_START.match(text):
        starts.insert(0, 0)
    return starts


def _at_line_starts(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)`` for a pattern that starts with ``^`` (multi-line): tried at line starts only.

    Only a line start can begin a match; one inside an earlier match is
    skipped, as ``finditer`` would. ``starts`` may leave out line starts
    where the pattern cannot match (see :data:`FIELD_START`).
    """
    end = 0
    for ls in starts:
        if ls < end:
            continue
        m = pattern.match(text, ls)
        if m:
            end = m.end()
            yield m


def _line_edit(text: str, s: int, e: int) -> Edit:
    """Delete the line ``text[s:e]`` (whole line) with one line break."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    if le != -1:
        return Edit(ls, le + 1, "")
    # Last line without a final line break: take the break before it instead.
    if ls > 0:
        ls -= 1
        if ls > 0 and text[ls - 1] == "\r":
            ls -= 1
    return Edit(ls, len(text), "")


@register
class LeakedMetadata(Detector):
    code = "MT401"
    name = "leaked-metadata"
    category = "Other"
    subcategory = "Leaked metadata"
    languages = None
    bad_examples = (
        Example(" [[date 2023-09-11]] North Korean leader Kim Jong-un left.", fixed="North Korean leader Kim Jong-un left."),
        Example("The talks ended.\n[[Source-www.infobae.com]]\n", fixed="The talks ended.\n"),
        Example("[[Home » World » Asia]]\nKim left Pyongyang.", fixed="Kim left Pyongyang."),
        Example("Kim left.\n[[Read Also: Putin and Kim meet in Vladivostok]]\nThe train arrived.", fixed="Kim left.\nThe train arrived."),
        Example("Kim left.\n[[Share on Facebook]]\nThe train arrived.", fixed="Kim left.\nThe train arrived."),
        Example("Kim left.\n[[(Photo: EFE)]]\nThe train arrived.", fixed="Kim left.\nThe train arrived."),
        Example("Kim salió.\n[[Fuente: EFE]]", fixed="Kim salió.", lang="es"),
    )
    good_examples = (
        Example("Source: officials said the talks would resume next week."),
        Example("On 2023-09-11 the talks began, and the date was kept."),
        Example("(With information from Europa Press and Reuters)"),
        Example("Sources from the two countries said the train left. Read more about the summit below."),
        Example("Shares on the Seoul exchange fell 3.5 percent on September 13."),
    )

    def detect(self, doc, ctx):
        text = doc.text
        fields = _field_lines(text)
        for m in _at_line_starts(DATE_PREFIX, text, fields):
            s, e = m.span("field")
            nl = text.find("\n", m.end())
            rest = text[m.end() : nl if nl != -1 else len(text)]
            if rest.strip():
                edit = Edit(m.start(), m.end(), "")
            else:
                edit = _line_edit(text, s, e)
            yield self.finding(
                doc, s, e,
                "A date field from the web page leaked into the text; moved to the document metadata.",
                edits=(edit,), suggestion="(removed; kept as metadata)", safety=Safety.SAFE,
                data={"meta": {"date": m.group("date")}},
            )
        for m in _at_line_starts(SOURCE_LINE, text, fields):
            value = m.group("value").strip()
            if not _is_credit(value):
                continue
            yield self._line(doc, m, "A source field from the web page leaked into the text", {"source": value})
        crumbs = "»" in text or "›" in text or ">" in text  # a breadcrumb needs a separator
        for m in _at_line_starts(BREADCRUMB, text, _line_starts(text)) if crumbs else ():
            value = m.group("value")
            parts = [p.strip() for p in re.split(r"[»›>]", value)]
            if not all(parts) or any(len(p.split()) > 4 for p in parts):
                continue
            if len(parts) < 3 and not BREADCRUMB_HOME.match(parts[0]):
                continue
            if not all(p[0].isupper() or p[0].isdigit() for p in parts) or any(c in value for c in "«“”\"'.,;"):
                continue
            yield self._line(doc, m, "Breadcrumb navigation from the web page leaked into the text", {"breadcrumb": value.strip()})
        for m in _at_line_starts(TEASER, text, fields):
            yield self._line(doc, m, "A link teaser from the web page leaked into the text", {"teaser": m.group("value").strip()})
        for m in _at_line_starts(SHARE, text, fields):
            yield self._line(doc, m, "A share button from the web page leaked into the text", None)
        for m in _at_line_starts(PHOTO, text, fields):
            if not _is_credit(m.group("credit").strip()):
                continue
            yield self._line(doc, m, "A photo credit line leaked into the text", {"photo_credit": m.group("credit").strip()})

    def _line(self, doc, m, message, meta):
        text = doc.text
        s, e = m.start(), m.end()
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t\r":
            e -= 1
        return self.finding(
            doc, s, e, message + ("; moved to the document metadata." if meta else "; removed."),
            edits=(_line_edit(text, s, e),), suggestion="(line removed)",
            safety=Safety.SAFE, data={"meta": meta} if meta else None,
        )


def _is_credit(value: str) -> bool:
    """A short name list or a site (``EFE``, ``Reuters/Kim Hong-Ji``, ``www.infobae.com``), not a sentence."""
    words = value.replace("/", " ").split()
    if not words or len(words) > 5 or value.endswith((".", "!", "?", ":")):
        return False
    return all(w[0].isupper() or w[0].isdigit() or "." in w or w.lower() in CONNECTORS for w in words)
