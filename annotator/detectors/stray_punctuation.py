"""MT202 stray-punctuation: a punctuation mark where the target language has none.

What it finds
    * a full stop inside a sentence, before a lower-case word
      (``transfers. of``), unless the word before is an abbreviation, an
      initial or a number (``U.S. officials``, ``No. 3``, ``p.m. local``);
    * a lone mark after a quotation that already ends the sentence
      (``forces.” .``);
    * a space before a full stop or comma (``country .``, ``Seoul , Tokyo``);
    * a space between a sentence's final mark and its closing quote
      (``democracy. ”``);
    * doubled marks (``,,``, ``;;``, ``..`` but never ``...`` or ``…``);
    * per target language: English, German, Spanish and Portuguese put no
      space before ``; : ! ?`` (``really ?``); Spanish wants no space after
      ``¿``/``¡``; English, French and German have no ``¿``/``¡`` at all;
      French requires a no-break space before ``; : ! ?`` and inside « »
      (``vraiment?`` → ``vraiment ?``), so a space there is right in French.

Why it matters
    HTML-to-text steps and MT systems leave marks from markup, line breaks
    and the source language's conventions; a reader sees sloppiness, and a
    full stop inside a sentence breaks sentence segmentation downstream.

Example
    ``is monitoring possible transfers. of Russian weapons``

Use instead
    ``is monitoring possible transfers of Russian weapons``

Fix safety
    Safe: a stray full stop before a common lower-case word after an ordinary
    word; a lone mark after a quotation that already ends with ``.!?``;
    removing a space before ``. , ; : ! ?`` (outside French) or before a
    closing quote; ``,,``/``;;``. Unsafe: a full stop before a rare word (it
    might be an abbreviation we do not know), ``..`` (it may be a clipped
    ellipsis), removing ``¿``/``¡`` (the sentence may be untranslated), and
    the French no-break spaces (``Yahoo!`` and URLs break the rule).
"""

from __future__ import annotations

import re

from ..model import Edit, Safety
from . import register
from .base import Detector, Example

#: Abbreviations that end in a full stop and may be followed by a lower-case word.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr sra srta sres jr st ste gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    no nos nr vol vols fig figs approx inc ltd co corp bros dept est etc vs v cf al ibid viz resp incl excl
    ed eds trans op cit ch sec art para pp p jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun av ave avda blvd rd mt ft min max misc ext tel dist div ref dir mgr
    univ govt assn intl natl dña dª d sto sta núm pág págs aprox ud uds gral tte cnel ej ex env apr av mme
    mlle mm me mgr hab ca c a m n pg dra dras drs srs profa exmo exma lic ing arq pte vda""".split()
)
SPACE_CHARS = " \t\u00a0\u202f"
SPACE = f"[{SPACE_CHARS}]"
CLOSERS = "”’\"»)]"
#: A full stop between a word and a lower-case word on the same line.
INNER_STOP = re.compile(r"(?<![\w.])([^\W\d_][\w’'\-]*)\.([ \u00a0])([a-zà-ÿ][a-zà-ÿ’'\-]*)\b")
#: Where an :data:`INNER_STOP` match can have its full stop (a quick search: it starts with the stop).
INNER_STOP_AT = re.compile(r"\.[ \u00a0][a-zà-ÿ]")
#: The characters of :data:`INNER_STOP`'s first word.
WORD_CHARS = re.compile(r"[\w’'\-]")
#: A space before a full stop or comma (but never an ellipsis or a decimal).
SPACE_BEFORE = re.compile(rf"(?<=[\w.!?”’\"»)\]])(?P<sp>{SPACE}+)(?P<mark>[.,])(?![.\w])")
#: A space between the final mark of a sentence and its closing quote.
SPACE_IN_CLOSE = re.compile(rf"(?<=\w[.!?,])(?P<sp>{SPACE}+)(?P<q>[”»])(?=\s|$|[,.;:)])")
DOUBLED = re.compile(r"(?<![.,;])(,,|;;)(?![.,;])|(?<![./])\.\.(?![.\w/])")
SPACE_BEFORE_HIGH = re.compile(rf"(?<=[\w”’\"»)\]])(?P<sp>{SPACE}+)(?P<mark>[;:!?])(?=\s|$|[”’\"»])")
#: A space then a mark or closing quote: where a :data:`SPACE_BEFORE`, :data:`SPACE_BEFORE_HIGH`
#: or :data:`SPACE_IN_CLOSE` match can end. All three families come from one search.
SPACED_MARK = re.compile(rf"{SPACE}[.,;:!?”»]")
#: :data:`SPACED_MARK` for a text whose only space character is the plain space: a pattern that
#: starts with a literal character is searched for several times faster than one that starts
#: with a class.
PLAIN_SPACED_MARK = re.compile(r" [.,;:!?”»]")
FR_MISSING = re.compile(r"(?P<prev>[^\W_]|[”’\"»)\]])(?P<mark>[;:!?])(?=\s|$)")
FR_GUILLEMET_OPEN = re.compile(r"«(?=[^\s\u00a0\u202f])")
FR_GUILLEMET_CLOSE = re.compile(r"(?<=[^\s\u00a0\u202f])»")
INVERTED = re.compile(r"[¿¡]")
ES_SPACE_AFTER_INVERTED = re.compile(rf"(?P<mark>[¿¡])(?P<sp>{SPACE}+)(?=\w)")

SAFE_NEXT_ZIPF = 4.0  # a common word after the stray full stop
SAFE_PREV_ZIPF = 3.0  # an ordinary word before it
NO_SPACE_BEFORE_HIGH = ("en", "es", "pt", "de")
NO_INVERTED = ("en", "fr", "de")


def _word_start(text: str, i: int) -> int:
    """Start of the run of non-space characters that ends at ``i``."""
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


#: The marks that :data:`SPACED_MARK` finds, by the family whose pattern is tried at them.
MARK_FAMILIES = (".,", ";:!?", "”»")
_FAMILY_OF = {c: family for family in MARK_FAMILIES for c in family}


def _spaced_marks(text: str) -> dict[str, list[int]]:
    """The positions of the marks after a space, in text order, by family (:data:`MARK_FAMILIES`).

    >>> _spaced_marks("a , b ; c .” d »")
    {'.,': [2, 10], ';:!?': [6], '”»': [15]}
    """
    plain = not any(c in text for c in SPACE_CHARS if c != " ")  # no tab or no-break space
    found: dict[str, list[int]] = {family: [] for family in MARK_FAMILIES}
    for m in (PLAIN_SPACED_MARK if plain else SPACED_MARK).finditer(text):
        q = m.end() - 1
        found[_FAMILY_OF[text[q]]].append(q)
    return found


def _space_runs(text: str, pattern: re.Pattern, marks: list[int]):
    """The matches of ``pattern`` (a run of spaces then a mark), found from the marks after a space.

    ``pattern`` matches only from the first space of a run, so each mark
    after a space (see :func:`_spaced_marks`) gives one place to try, and
    the matches cannot overlap: this is ``pattern.finditer(text)``.
    """
    for s in marks:
        while s > 0 and text[s - 1] in SPACE_CHARS:
            s -= 1
        m = pattern.match(text, s)
        if m:
            yield m


def _inner_stops(text: str):
    """The matches of :data:`INNER_STOP`, as ``finditer`` gives them, found from the full stops.

    A match ends its first word at the stop, so it starts inside the run of
    word characters before the stop; the leftmost place there that matches
    is the one ``finditer`` finds, unless an earlier match reaches past it.
    """
    end = 0
    for q in INNER_STOP_AT.finditer(text):
        stop = q.start()
        s = stop
        while s > end and WORD_CHARS.match(text, s - 1):
            s -= 1
        for i in range(max(s, end), stop):
            m = INNER_STOP.match(text, i)
            if m:
                end = m.end()
                yield m
                break


def _is_abbreviation(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in ABBREVIATIONS or "." in w or len(w) == 1 or any(c.isdigit() for c in w)


@register
class StrayPunctuation(Detector):
    code = "MT202"
    name = "stray-punctuation"
    category = "Fluency"
    subcategory = "Punctuation"
    languages = None
    bad_examples = (
        Example("is monitoring possible [[transfers. of]] Russian weapons", fixed="is monitoring possible transfers of Russian weapons"),
        Example("in a planned way by joining [[forces.” .]]", fixed="in a planned way by joining forces.”"),
        Example("the best [[country .]] Then he left.", fixed="the best country. Then he left."),
        Example("“We defend our [[democracy. ”]] he said.", fixed="“We defend our democracy.” he said."),
        Example("Seoul[[,,]] Tokyo and Beijing", fixed="Seoul, Tokyo and Beijing"),
        Example("Is it [[really ?]]", fixed="Is it really?"),
        Example("¿Qué pasará [[ahora ?]]", fixed="¿Qué pasará ahora?", lang="es"),
        Example("Qui l’aurait [[cru?]]", fixed="Qui l’aurait cru\u202f?", lang="fr"),
        Example("Il a dit [[«non»]].", fixed="Il a dit «\u00a0non\u00a0».", lang="fr"),
        Example("He asked [[¿]]where are they? and left.", fixed="He asked where are they? and left."),
    )
    good_examples = (
        Example("U.S. officials met at 3 p.m. local time, No. 3 said, with Dr. Kim et al. present."),
        Example("Growth was 3.5 percent. Officials said so on September 13."),
        Example("He paused... and then went on… “Kim’s trip,” he said, “was key.”"),
        Example("¿Qué pasará ahora? ¡Nadie lo sabe!", lang="es"),
        Example("Qui l’aurait cru ? Il a dit : « non ».", lang="fr"),
        Example("Visit www.infobae.com or call at 10:30."),
        Example("Pyongyang, Khasan and the cosmodrome."),
    )

    def detect(self, doc, ctx):
        text, lang = doc.text, doc.lang
        spaced = _spaced_marks(text)
        yield from self._inner_stops(doc, ctx)
        yield from self._space_before(doc, spaced[".,"])
        for m in _space_runs(text, SPACE_IN_CLOSE, spaced["”»"]):
            if lang == "fr" and m.group("q") == "»":
                continue  # « ... » takes a no-break space in French
            s, e = _word_start(text, m.start("sp")), m.end()
            yield self.finding(
                doc, s, e,
                "A space separates the sentence's final mark from its closing quotation mark.",
                edits=(Edit(m.start("sp"), m.end("sp"), ""),), suggestion=text[s : m.start("sp")] + m.group("q"),
                safety=Safety.SAFE,
            )
        doubled = DOUBLED.finditer(text) if ",," in text or ";;" in text or ".." in text else ()
        for m in doubled:
            mark = m.group()
            s, e = m.span()
            safe = mark != ".."
            yield self.finding(
                doc, s, e,
                f"‘{mark}’ doubles a punctuation mark." + ("" if safe else " (If an ellipsis was meant, write ‘...’.)"),
                replacement=mark[0], safety=Safety.SAFE if safe else Safety.UNSAFE,
            )
        if lang in NO_SPACE_BEFORE_HIGH:
            for m in _space_runs(text, SPACE_BEFORE_HIGH, spaced[";:!?"]):
                s, e = _word_start(text, m.start()), m.end()
                yield self.finding(
                    doc, s, e,
                    f"No space goes before ‘{m.group('mark')}’ in this language.",
                    edits=(Edit(m.start("sp"), m.end("sp"), ""),), suggestion=text[s : m.start()] + m.group("mark"),
                    safety=Safety.SAFE,
                )
        if lang == "fr":
            yield from self._french(doc)
        if "¿" not in text and "¡" not in text:
            return  # the two families below are about ``¿``/``¡``
        if lang in NO_INVERTED:
            for m in INVERTED.finditer(text):
                s = m.start()
                yield self.finding(
                    doc, s, s + 1,
                    f"‘{m.group()}’ opens questions and exclamations only in Spanish; the sentence may be untranslated.",
                    replacement="", suggestion="delete the mark (and check that the sentence is translated)",
                    safety=Safety.UNSAFE,
                )
        elif lang == "es":
            for m in ES_SPACE_AFTER_INVERTED.finditer(text):
                s, e = m.span()
                yield self.finding(
                    doc, s, e, f"No space goes after ‘{m.group('mark')}’.",
                    replacement=m.group("mark"), safety=Safety.SAFE,
                )

    # -- families -------------------------------------------------------------
    def _inner_stops(self, doc, ctx):
        text, lex = doc.text, ctx.lexicon
        for m in _inner_stops(text):
            prev, nxt = m.group(1), m.group(3)
            if _is_abbreviation(prev) or text.startswith("..", m.end(1)):
                continue
            next_z, prev_z = lex.zipf(nxt), lex.zipf(prev)
            if next_z == 0:
                continue  # not a word: a code, a URL piece, a foreign word
            # An all-capitals word (``PLC. and``) may be an abbreviation we do not list.
            # Inside quoted speech a full stop may be the speaker's own halting rhythm.
            safe = (next_z >= SAFE_NEXT_ZIPF and prev_z >= SAFE_PREV_ZIPF and len(prev) >= 3
                    and not prev.isupper() and not doc.in_quote(m.end(1)))
            s, e = m.start(1), m.end(3)
            yield self.finding(
                doc, s, e,
                f"A full stop inside the sentence: ‘{nxt}’ continues it in lower case.",
                edits=(Edit(m.end(1), m.end(1) + 1, ""),), suggestion=f"{prev}{m.group(2)}{nxt}",
                safety=Safety.SAFE if safe else Safety.UNSAFE, score=min(next_z, prev_z),
            )

    def _space_before(self, doc, marks):
        text = doc.text
        for m in _space_runs(text, SPACE_BEFORE, marks):
            s, e = _word_start(text, m.start()), m.end()
            word, mark = text[s : m.start()], m.group("mark")
            # A quotation that already ends the sentence (``forces.” .``): the lone mark is redundant.
            stripped = word.rstrip("”’\"»)] ")
            if mark == "." and len(stripped) < len(word) and stripped.endswith((".", "!", "?")):
                yield self.finding(
                    doc, s, e,
                    "A stray full stop after a quotation that already ends the sentence.",
                    edits=(Edit(m.start("sp"), m.end(), ""),), suggestion=word, safety=Safety.SAFE,
                )
                continue
            if word.endswith((".", "!", "?")) and not word.endswith(".."):
                # ``said. ,``: two marks; which one stays is for a human.
                yield self.finding(
                    doc, s, e, f"A stray ‘{mark}’ after a space.",
                    edits=(Edit(m.start("sp"), m.end(), ""),), suggestion=word, safety=Safety.UNSAFE,
                )
                continue
            yield self.finding(
                doc, s, e, f"No space goes before ‘{mark}’.",
                edits=(Edit(m.start("sp"), m.end("sp"), ""),), suggestion=word + mark, safety=Safety.SAFE,
            )

    def _french(self, doc):
        text = doc.text
        for m in FR_MISSING.finditer(text):
            mark, at = m.group("mark"), m.start("mark")
            if mark == ":" and text[at + 1 : at + 3] == "//":
                continue
            word_start = at
            while word_start > 0 and not text[word_start - 1].isspace():
                word_start -= 1
            token = text[word_start:at]
            if "://" in token or token.startswith("www.") or token.endswith(("!", "?")):
                continue
            space = "\u00a0" if mark == ":" else "\u202f"
            yield self.finding(
                doc, word_start, at + 1,
                f"French puts a no-break space before ‘{mark}’.",
                edits=(Edit(at, at, space),), suggestion=f"{token}{space}{mark}", safety=Safety.UNSAFE,
            )
        spans = []
        for m in FR_GUILLEMET_OPEN.finditer(text):
            close = text.find("»", m.end())
            para_end = text.find("\n", m.end())
            if close == -1 or (para_end != -1 and close > para_end):
                continue
            spans.append((m.start(), close + 1))
        for m in FR_GUILLEMET_CLOSE.finditer(text):
            open_ = text.rfind("«", 0, m.start())
            if open_ == -1 or "\n" in text[open_ : m.start()]:
                continue
            if not any(a == open_ for a, _ in spans):
                spans.append((open_, m.end()))
        for s, e in sorted(set(spans)):
            edits = []
            if not text[s + 1].isspace() and text[s + 1] not in "\u00a0\u202f":
                edits.append(Edit(s + 1, s + 1, "\u00a0"))
            if not text[e - 2].isspace() and text[e - 2] not in "\u00a0\u202f":
                edits.append(Edit(e - 1, e - 1, "\u00a0"))
            if not edits:
                continue
            inner = text[s + 1 : e - 1].strip(" \u00a0\u202f")
            yield self.finding(
                doc, s, e, "French puts a no-break space inside « ».",
                edits=tuple(edits), suggestion=f"«\u00a0{inner}\u00a0»", safety=Safety.UNSAFE,
            )
