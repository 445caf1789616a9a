"""MT402 source-locale-date and MT403 source-locale-elision-mark: the source language's conventions kept.

What it finds
    MT402: the Spanish/Portuguese press habit of giving the day of the
    month in brackets after the weekday (``this Thursday (9)``, from
    ``este jueves (9)`` / ``nesta quinta-feira (9)``) in an English or
    French article. MT403: an elision mark in round brackets (``(…)``,
    ``(...)``) inside an English quotation, where Spanish and Portuguese
    write ``(...)`` but English writes ``...`` (or ``[...]``).

Why it matters
    An English reader does not read ``Thursday (9)`` as a date, and
    ``(…)`` looks like a lost parenthesis. Both mark the text as a literal
    translation.

Example
    ``Antony Blinken said this Thursday (9), during a visit to Seoul``

Use instead
    ``Antony Blinken said on Thursday (November 9), during a visit to Seoul``

Fix safety
    Report only (display-only). The month is taken from the nearest date in
    the article when there is one, but it may be the wrong month; the
    sentence often wants rewording (``said on Thursday``). ``(…)`` may be
    the writer's own bracket. Both are correct in a Spanish or Portuguese
    target, so the detectors do not run there. Square brackets ``[…]`` are
    accepted English practice for an elision and are not reported.
"""

from __future__ import annotations

import bisect

import re

from ..model import Safety
from . import register
from .base import Detector, Example, first_letter_alternation

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
}
DEICTIC = {"en": r"(?:(?:this|last|next|on|that)\s+)?", "fr": r"(?:(?:ce|cet|le)\s+)?"}


def _date_pattern(lang: str) -> re.Pattern:
    days = "|".join(WEEKDAYS[lang])
    return re.compile(rf"\b(?P<lead>{DEICTIC[lang]})(?P<day>(?i:{days}))\s*\((?P<num>[1-9]|[12]\d|3[01])\)")


DATE_IN_PARENS = {lang: _date_pattern(lang) for lang in WEEKDAYS}
#: The bracketed day that every :data:`DATE_IN_PARENS` match ends with (quick to search for).
DAY_IN_PARENS = re.compile(r"\((?:[1-9]|[12]\d|3[01])\)")


def _dates_in_parens(text: str, lang: str):
    """``DATE_IN_PARENS[lang].finditer(text)``, tried only before each bracketed day.

    A match is a lead word, spaces, the weekday, spaces and the bracketed day,
    so it starts at or after the second run of letters before the bracket;
    the search runs from there to the bracket.
    """
    pattern = DATE_IN_PARENS[lang]
    end = 0
    for q in DAY_IN_PARENS.finditer(text):
        lo = q.start()
        for skip in (str.isspace, str.isalpha, str.isspace, str.isalpha):
            while lo > end and skip(text[lo - 1]):
                lo -= 1
        m = pattern.search(text, lo, q.end())
        if m is not None and m.end() == q.end():
            end = m.end()
            yield m


#: A month and a day. The English month names are grouped by first letter, with the word
#: boundary checked after it (as in :func:`~.base.first_letter_alternation`), so a search jumps
#: between those capitals instead of trying every position.
_EN_MONTHS = first_letter_alternation(MONTHS["en"], lambda c: rf"(?<!\w{c})")
MONTH_DAY = {
    "en": re.compile(rf"(?P<month>{_EN_MONTHS})\s+\d{{1,2}}\b"),
    "fr": re.compile(r"\b\d{1,2}(?:er)?\s+(?P<month>" + "|".join(MONTHS["fr"]) + r")\b"),
}
#: An ISO date (group ``year`` starts it); the match starts at the first hyphen, a literal
#: character that a search jumps to.
ISO_DATE = re.compile(r"-(?<=\b(?P<year>\d{4})-)(?P<m>0[1-9]|1[0-2])-\d{2}\b")
ELISION = re.compile(r"\((?:…|\.\.\.|\. \. \.)\)")


def _month_positions(text: str, lang: str) -> list[tuple[int, str]]:
    """Where the article names a month (``November 9``, else ISO dates), in text order."""
    found = [(m.start(), m.group("month")) for m in MONTH_DAY[lang].finditer(text)]
    if not found:
        found = [(m.start("year"), MONTHS[lang][int(m.group("m")) - 1]) for m in ISO_DATE.finditer(text)]
    return found


def _nearest_month(months: list[tuple[int, str]], pos: int) -> str | None:
    """The month named nearest to ``pos`` (a bisection over :func:`_month_positions`)."""
    if not months:
        return None
    k = bisect.bisect_left(months, (pos, ""))
    near = [months[i] for i in (k - 1, k) if 0 <= i < len(months)]
    return min(near, key=lambda m: abs(m[0] - pos))[1]


@register
class SourceLocaleDate(Detector):
    code = "MT402"
    fix_safety = Safety.DISPLAY_ONLY
    name = "source-locale-date"
    category = "Locale convention"
    subcategory = "Date format"
    languages = tuple(WEEKDAYS)
    bad_examples = (
        Example("Antony Blinken said [[this Thursday (9)]], during a visit to Seoul, that he was concerned.",
                suggestion="on Thursday, the 9th"),
        Example("The talks began on November 6 and Kim left [[this Thursday (9)]].", suggestion="on Thursday (November 9)"),
        Example("The ministers met [[last Friday (22)]] in Tokyo, on September 25 they said.", suggestion="on Friday (September 22)"),
        Example("Le ministre a parlé [[ce jeudi (9)]] à Séoul.", suggestion="jeudi 9", lang="fr"),
    )
    good_examples = (
        Example("Kim left on Monday, September 11, and arrived on Tuesday (local time)."),
        Example("On September 13 (Wednesday) the leaders met; item (9) of the list was approved."),
        Example("Le ministre a parlé jeudi 9 novembre à Séoul.", lang="fr"),
    )

    def detect(self, doc, ctx):
        lang = doc.lang
        text = doc.text
        months = None
        for m in _dates_in_parens(text, lang):
            day, num = m.group("day"), int(m.group("num"))
            if months is None:
                months = _month_positions(text, lang)
            month = _nearest_month(months, m.start())
            if lang == "fr":
                suggestion = f"{day.lower()} {num}" + (f" {month}" if month else "")
            elif month:
                suggestion = f"on {day} ({month} {num})"
            else:
                suffix = "th" if 11 <= num % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(num % 10, "th")
                suggestion = f"on {day}, the {num}{suffix}"
            yield self.finding(
                doc, m.start(), m.end(),
                f"‘{m.group()}’ keeps the source language's way of giving a date (the day of the month in brackets); "
                "check the month before accepting the suggestion.",
                replacement=suggestion, safety=Safety.DISPLAY_ONLY, data={"month_guess": month or ""},
            )


@register
class SourceLocaleElision(Detector):
    code = "MT403"
    fix_safety = Safety.DISPLAY_ONLY
    name = "source-locale-elision-mark"
    category = "Locale convention"
    subcategory = "Punctuation convention"
    languages = ("en",)
    bad_examples = (
        Example("“It is bad news for Europe [[(…)]] It is further proof,” he said.", suggestion="..."),
        Example("“We will stay [[(...)]] and fight,” she said.", suggestion="..."),
    )
    good_examples = (
        Example("“It is bad news for Europe [...] It is further proof,” he said."),
        Example("He paused... and went on (as planned)."),
    )

    def detect(self, doc, ctx):
        for m in ELISION.finditer(doc.text):
            yield self.finding(
                doc, m.start(), m.end(),
                f"‘{m.group()}’ marks an elision the Spanish/Portuguese way; English writes an ellipsis (or ‘[...]’).",
                replacement="...", safety=Safety.DISPLAY_ONLY,
            )
