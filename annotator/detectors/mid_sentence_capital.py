"""MT204 capitalised-word-mid-sentence: a pronoun or function word capitalised inside a sentence.

What it finds
    A capitalised pronoun, possessive or conjunction in the middle of a
    sentence, after a word and before a lower-case word (``Japan They
    decided``): usually a headline merged into the first sentence of the
    article, or a sentence break lost in conversion.

Why it matters
    The reader stumbles over a sentence that is really two, and the merged
    headline loses its verb (``USA, South Korea and Japan [meet]. They
    decided ...``).

Example
    ``USA, South Korea and Japan They decided to take new measures``

Use instead
    ``USA, South Korea and Japan they decided ...`` at least; better, restore
    the headline as its own line.

Fix safety
    Report only (display-only, with the lower-case word as the suggestion):
    the right repair is often a sentence break, not a lower-case letter. It
    never fires at a sentence start, after a colon, dash, bracket or opening
    quote, on ``I``, inside a glossary name, or in a title-case headline
    where the words that follow are mostly capitalised (``Kim Says It will
    Launch A Satellite``).
"""

from __future__ import annotations

import re

from ..model import Safety, span_at
from . import register
from .base import Detector, Example, first_letter_alternation

#: Capitalised words that are never names in running text, per target language.
WORDS = {
    "en": "They We He She It You Them Us Him Their Its Our His Your Theirs Ours But And Or Nor".split(),
    "es": "Ellos Ellas Nosotros Nosotras Él Ella Les Su Sus Pero Cuyo Cuya".split(),
    "pt": "Eles Elas Nós Ele Ela Seu Sua Seus Suas Cujo Cuja".split(),
    "fr": "Ils Elles Nous Vous Il Elle Leur Leurs Mais Dont Lequel Laquelle".split(),
}


def _pattern(words: list[str]) -> re.Pattern:
    r"""One of ``words`` (longest first) after a word or comma and a space; group 2 is the next word.

    Each alternative starts with its capital and checks what precedes it
    after (``T(?<=[\w,] T)(?:heirs|heir|hey|hem)``), so a search jumps from
    capital to capital instead of trying every position.
    """
    alts = first_letter_alternation(words, lambda c: rf"(?<=[\w,][ ]{c})")
    return re.compile(rf"({alts})(?=[ ]+([^\W\d_][\w’'\-]*))")


_PATTERNS = {lang: _pattern(ws) for lang, ws in WORDS.items()}
TITLE_CASE_SHARE = 0.5  # words after the candidate this often capitalised: a title-case headline
WORD = re.compile(r"[^\W\d_][\w’'\-]*")


def _title_case_after(text: str, pos: int, end: int) -> bool:
    """Are the next few longer words mostly capitalised (``Kim Says It will Launch A Satellite``)?"""
    words = []
    for m in WORD.finditer(text, pos, end):
        if len(m.group()) > 3:
            words.append(m.group())
            if len(words) == 6:
                break
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE


@register
class MidSentenceCapital(Detector):
    code = "MT204"
    fix_safety = Safety.DISPLAY_ONLY
    name = "capitalised-word-mid-sentence"
    category = "Fluency"
    subcategory = "Capitalization"
    languages = tuple(WORDS)
    bad_examples = (
        Example("USA, South Korea and Japan [[They]] decided to take new measures.", suggestion="they"),
        Example("Officials in Seoul [[We]] are watching the border closely.", suggestion="we"),
        Example("The summit ended early, [[But]] the talks go on.", suggestion="but"),
        Example("Corea del Sur y Japón [[Ellos]] decidieron tomar medidas.", suggestion="ellos", lang="es"),
        Example("La Corée du Sud et le Japon [[Ils]] ont décidé d’agir.", suggestion="ils", lang="fr"),
    )
    good_examples = (
        Example("They decided to act. He left. She stayed; It was late."),
        Example("He said: They will come. Then “They are here,” he said."),
        Example("I think I can. Yoon Suk Yeol and Pacheco Pardo met in Pyongyang."),
        Example("Kim And Putin Meet In Vladivostok For Their Summit"),
        Example("The film It Follows was shown with Stephen King's It."),
        Example("Il a dit qu’il viendrait. Ils sont partis.", lang="fr"),
    )

    def detect(self, doc, ctx):
        pattern = _PATTERNS.get(doc.lang)
        if pattern is None:
            return
        text = doc.text
        # A match and what its look-arounds read never cross a line break, and the paragraphs are
        # the lines that are not blank: one search over the text finds every paragraph's matches.
        for m in pattern.finditer(text):
            s, e = m.span(1)
            nxt = m.group(2)
            if not nxt[0].islower() or _title_case_after(text, e, span_at(doc.paragraphs, s)[1]):
                continue  # title case or a name follows: ``Its Place``, ``Our Lady``
            if doc.name_overlapping(s, e):
                continue
            word = m.group(1)
            yield self.finding(
                doc, s, e,
                f"‘{word}’ is capitalised inside a sentence; a headline or a sentence break may have been merged here.",
                replacement=word.lower(), safety=Safety.DISPLAY_ONLY,
            )
