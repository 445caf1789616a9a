"""MT105 rumour-conditional: ``would have`` + participle reporting an unconfirmed fact.

What it finds
    The Romance "conditional of rumour" copied into English: ``Russia would
    have managed to close an agreement``, ``Kim would have achieved an
    exchange`` (Spanish ``habría logrado``, Portuguese ``teria conseguido``,
    French ``aurait obtenu``: "reportedly managed").

Why it matters
    In English ``would have managed`` is a counterfactual: it tells the reader
    that Russia did *not* manage, the opposite of the source, which reports
    an unconfirmed success. That changes the meaning, so the category is
    Accuracy/Mistranslation, not Style.

Example
    ``Meanwhile, Kim would have achieved an exchange of technology.``

Use instead
    ``Meanwhile, Kim reportedly achieved an exchange of technology.``

Fix safety
    Display-only: ``reportedly`` + the simple past (``would have taken`` ->
    ``reportedly took``) is offered as a replacement for a reviewer to
    accept; a passive (``would have been signed``) gets advice only (the verb
    must agree in number). Never fired for real conditionals: a sentence with
    ``if``, ``unless``, ``without``, ``otherwise``, ``but for``, an inverted
    ``had``/``were`` condition, ``than ... would``, ``wish`` or ``rather``, or a ``, but`` after it
    (``the plan would have worked, but the money ran out``); a wish
    (``would have liked``); a pronoun subject (``I``, ``it``, ``that``,
    ``they``: ``That would have meant war``); reported speech (a speech or
    belief verb earlier in the sentence: ``officials said the talks would have
    ended``); ``by then``/``by the time``; a question; a quotation.

Languages
    English only: in Spanish, Portuguese and French the conditional of
    rumour is correct journalistic usage.
"""

from __future__ import annotations

import re

from ..model import Safety, Severity
from . import register
from .antecedents import sentence_span
from .base import Detector, Example

ADVERBS = "also|already|even|still|reportedly|allegedly|apparently|supposedly|then|thus|now|finally|just|only|easily"
PATTERN = re.compile(
    rf"\b(?P<would>would)\s+(?:(?:{ADVERBS})\s+)?have\s+(?:(?:{ADVERBS})\s+)?(?P<been>been\s+)?(?P<part>[a-z]+)\b",
    re.I,
)
#: Irregular participles and their simple past where the two differ.
IRREGULAR_PAST = {
    "taken": "took", "given": "gave", "done": "did", "seen": "saw", "gone": "went", "known": "knew",
    "begun": "began", "written": "wrote", "chosen": "chose", "spoken": "spoke", "driven": "drove",
    "broken": "broke", "stolen": "stole", "fallen": "fell", "shown": "showed", "grown": "grew",
    "thrown": "threw", "drawn": "drew", "flown": "flew", "eaten": "ate", "risen": "rose",
    "hidden": "hid", "forgotten": "forgot", "beaten": "beat", "undertaken": "undertook",
    "overtaken": "overtook", "withdrawn": "withdrew", "forbidden": "forbade", "sworn": "swore",
    "torn": "tore", "worn": "wore", "woken": "woke", "frozen": "froze", "shaken": "shook",
    "come": "came", "become": "became", "run": "ran", "overseen": "oversaw", "ridden": "rode",
}
#: Irregular participles identical to their simple past.
IRREGULAR_SAME = frozenset(
    """made had held sent met paid sold told said found lost left bought brought built caught
    fought kept led meant put read set spent won struck sought taught thought felt heard hit
    let cut shut spread sat stood understood lent bent bound fled fed dealt dug hung laid
    lit slid spun swept wound forecast upheld withheld""".split()
)
#: Wishes and preferences: ``I would have liked`` is a real counterfactual.
WISHES = frozenset("liked loved preferred wanted hoped wished chosen enjoyed".split())
PRONOUN_SUBJECTS = frozenset(
    "i we you it that this which who there one what they he she nothing everything something anyone anybody nobody".split()
)
CONDITION_WORDS = (
    r"if|unless|without|otherwise|but\s+for|were\s+it\s+not|had\s+it\s+not|in\s+that\s+case|"
    r"in\s+which\s+case|wish(?:es|ed)?|rather|than\s+(?:[\w’']+\s+){0,2}would|imagine|whether|even\s+so|by\s+then|by\s+the\s+time|"
    r"by\s+now|by\s+the\s+end"
)
REPORTING_WORDS = (
    r"said|says|say|told|tells|thought|think|thinks|believed|believe|believes|expected|expect|"
    r"expects|claimed|claims|added|stated|states|warned|warns|predicted|predicts|estimated|estimate|"
    r"estimates|hoped|feared|fears|argued|argues|insisted|noted|announced|assured|promised|explained|"
    r"suggested|suggests|knew|know|knows|realised|realized|agreed|admitted|acknowledged|indicated|"
    r"reported|calculated|calculates|assumed|assumes|guessed|doubted|doubt|doubts|denied|stressed"
)


def _words_pattern(words: str) -> re.Pattern:
    r"""``words`` (a regex alternation of words) as whole words, in any case.

    A look-ahead for the words' first letters comes first: most positions
    fail that one test instead of trying every word (a search cannot skip
    ahead by itself when a pattern starts with ``\b``). The letters are the
    first characters of the ``|``-separated pieces; a piece from inside a
    group (``ed)?`` of ``wish(?:es|ed)?``) only adds a letter to test.

    >>> _words_pattern(r"if|unless|in\s+that\s+case").pattern
    '\\b(?=[iu])(?:if|unless|in\\s+that\\s+case)\\b'
    """
    initials = "".join(sorted({w[0] for w in words.split("|")}))
    return re.compile(rf"\b(?=[{initials}])(?:{words})\b", re.I)


CONDITION = _words_pattern(CONDITION_WORDS)
#: An inverted condition: ``Had Kim refused, ...``, ``... had Russia known``, ``Were it ...``
#: (the look-ahead: what either branch starts with, as for :func:`_words_pattern`).
INVERSION = re.compile(
    r"(?=[HhWw,;])(?:\b[Hh]ad\s+(?:it|he|she|they|we|I|you|there|[A-Z][\w’'\-]*)\b"
    r"|(?:^|[,;]\s*)[Ww]ere\s+(?:it|he|she|they|we|I|you|there|[A-Z][\w’'\-]*)\b)"
)
REPORTING = _words_pattern(REPORTING_WORDS)


def _past(participle: str, lexicon) -> str | None:
    low = participle.lower()
    if low in IRREGULAR_PAST:
        return IRREGULAR_PAST[low]
    if low in IRREGULAR_SAME:
        return low
    if len(low) >= 4 and low.endswith("ed") and (lexicon is None or lexicon.is_word(low, 2.5)):
        return low
    return None


def _would_have(text: str):
    """``PATTERN.finditer(text)``, tried only where the lower-cased text says ``would``.

    Every match starts with ``would`` in some case; when lower-casing keeps
    the length, offsets in the lower-cased text are offsets in ``text``.
    """
    low = text.lower()
    if len(low) != len(text):
        yield from PATTERN.finditer(text)
        return
    end = 0
    i = low.find("would")
    while i != -1:
        if i >= end:
            m = PATTERN.match(text, i)
            if m:
                end = m.end()
                yield m
        i = low.find("would", i + 1)


def _subject_word(text: str, pos: int) -> str:
    m = re.search(r"([^\W\d_]+)[\s,]*$", text[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


@register
class RumourConditional(Detector):
    code = "MT105"
    fix_safety = Safety.DISPLAY_ONLY
    name = "rumour-conditional"
    category = "Accuracy"
    subcategory = "Mistranslation"
    severity = Severity.MAJOR
    languages = ("en",)
    bad_examples = (
        Example("On the one hand, Russia [[would have managed]] to close an agreement.", suggestion="reportedly managed",
                fixed="On the one hand, Russia reportedly managed to close an agreement."),
        Example("Meanwhile, Kim [[would have achieved]] an exchange of technology.", suggestion="reportedly achieved"),
        Example("According to local sources, the army [[would have taken]] the bridge on Monday.", suggestion="reportedly took"),
        Example("The minister [[would also have met]] the rebels in secret.", suggestion="reportedly also met"),
        Example("Ten soldiers [[would have been killed]] in the attack.",
                suggestion="was/were reportedly killed (the source reports this as unconfirmed)"),
    )
    good_examples = (
        Example("Russia would have managed it if the sanctions had been lifted."),
        Example("Without Chinese help, Moscow would have failed."),
        Example("I would have liked to see the report."),
        Example("That would have meant war."),
        Example("Officials said the talks would have ended by Friday."),
        Example("Had Kim refused, the deal would have collapsed."),
        Example("“The army would have crushed them,” the general said."),
        Example("Russia would have to pay for the damage."),
        Example("The plan would have worked, but the money ran out."),
    )

    def detect(self, doc, ctx):
        text = doc.text
        for m in _would_have(text):
            start = m.start("would")
            if doc.in_quote(start):
                continue
            part = m.group("part")
            if part.lower() in WISHES:
                continue
            past = _past(part, ctx.lexicon)
            if past is None:
                continue
            s, e = sentence_span(doc, start)
            sentence = text[s:e]
            if sentence.rstrip("”’\"» ").endswith("?") or CONDITION.search(sentence) or INVERSION.search(sentence):
                continue
            if REPORTING.search(text, s, start):
                continue
            if re.search(r",\s*but\b|;\s*but\b", text[m.end():e]):
                continue  # ``the plan would have worked, but ...``: a counterfactual
            if _subject_word(text, start) in PRONOUN_SUBJECTS:
                continue
            end = m.end("part")
            span = text[start:end]
            middle = re.sub(r"\s+", " ", text[m.end("would"):m.start("part")]).strip()
            adverbs = [w for w in middle.split() if w.lower() not in ("have", "been", "reportedly")]
            message = (
                f"‘{span}’ reads as a counterfactual in English (it did not happen); the source's "
                "conditional of rumour reports an unconfirmed fact."
            )
            if m.group("been"):
                yield self.finding(
                    doc, start, end, message,
                    suggestion=f"was/were reportedly {part} (the source reports this as unconfirmed)",
                )
                continue
            repl = " ".join(["reportedly", *adverbs, past])
            if span[:1].isupper():
                repl = repl[:1].upper() + repl[1:]
            yield self.finding(doc, start, end, message, replacement=repl, safety=Safety.DISPLAY_ONLY)
