"""MT203 unbalanced-quotation-marks: a quotation opened and never closed, or closed and never opened.

What it finds
    Per paragraph, double quotation marks that do not pair up: an opening
    mark with no closing mark before the paragraph ends (``proposed “a toast
    to “the future of our countries”.``), or a closing mark with nothing
    open. Curly quotes (“ ”), guillemets (« », and German „ “ / » «) pair by
    kind and may nest; straight double quotes (") pair in order.

Why it matters
    A reader cannot tell where the quoted words end, and a quotation is the
    one place where an article promises to give someone's exact words.

Example
    ``his “comrade” Putin proposed “a toast to “the future of our countries”.``

Use instead
    ``his “comrade” Putin proposed “a toast to the future of our countries”.``

Fix safety
    Report only. Which mark is wrong (a missing close, an extra open, an
    inner quotation that wanted single marks) needs a reader. Not findings:
    apostrophes and single quotes (``Kim’s``, ``‘Chosun Ilbo’``), nested
    quotations, inches (``5'11"``) and the press convention for quotations
    running over several paragraphs (each paragraph re-opens the quotation
    and only the last one closes it). This detector is a guard: a fix that
    adds unbalanced quotes makes the pipeline restore the article.
"""

from __future__ import annotations


from ..model import Safety
from ..nlp.rules import by_paragraph, positions
from . import register
from .base import Detector, Example

#: Opening mark -> closing mark, per target language.
PAIRS = {
    "default": {"\u201c": "\u201d", "\u00ab": "\u00bb"},
    "de": {"\u201e": "\u201c", "\u00bb": "\u00ab"},
}
STRAIGHT = '"'


def _pairs(lang: str) -> dict[str, str]:
    return PAIRS.get(lang, PAIRS["default"])


def _marks(lang: str) -> str:
    """Every quotation mark of the language, to visit only those characters."""
    pairs = _pairs(lang)
    return "".join(pairs) + "".join(pairs.values()) + STRAIGHT


def _word_end(text: str, i: int, limit: int) -> int:
    """End of the word that starts at or after ``i`` (skipping the mark itself)."""
    j = i
    while j < limit and text[j].isspace():
        j += 1
    while j < limit and not text[j].isspace():
        j += 1
    return j


@register
class UnbalancedQuotes(Detector):
    code = "MT203"
    fix_safety = Safety.DISPLAY_ONLY
    name = "unbalanced-quotation-marks"
    category = "Fluency"
    subcategory = "Punctuation"
    guard = True
    languages = None
    bad_examples = (
        Example("his “comrade” Putin proposed [[“a toast to “the]] future of our countries”. Then he left.",
                suggestion="close the quotation before the next one opens, or delete one of the marks"),
        Example("The minister said the deal was [[done”]] and left."),
        Example("Ella dijo [[«nunca]] volveremos y se fue.", lang="es"),
        Example("Er sagte [[„wir]] kommen wieder und ging.", lang="de"),
    )
    good_examples = (
        Example("“We will go,” he said, “and they will follow.” Kim’s trip was key."),
        Example("The South Korean newspaper ‘Chosun Ilbo’ reported it; don’t worry."),
        Example("“He called it “the best deal” ever,” she said."),
        Example("“We will go,” he said, “and then\n“we will stay until the end,” he added."),
        Example("He is 5'11\" tall and said \"yes\"."),
        Example("Il a dit « non » et « jamais ».", lang="fr"),
        Example("Er sagte „ja“ und ging.", lang="de"),
    )

    def detect(self, doc, ctx):
        text = doc.text
        pairs = _pairs(doc.lang)
        closers = {c: o for o, c in pairs.items()}
        # Every mark of the text at once, then each paragraph's share by bisection.
        where = positions(text, _marks(doc.lang))
        if not where:
            return
        paras = doc.paragraphs
        for n, ps, pe, inside in by_paragraph(where, paras):
            if not inside:
                continue  # no mark: nothing to pair
            next_start = paras[n + 1][0] if n + 1 < len(paras) else None
            continues = next_start is not None and (text[next_start] in pairs or text[next_start] == STRAIGHT)
            stack: list[tuple[str, int]] = []
            openers: list[int] = []  # every opening position, to find "the next opener"
            straight: list[int] = []
            for i in inside:
                ch = text[i]
                if ch in pairs:
                    stack.append((ch, i))
                    openers.append(i)
                elif ch in closers:
                    want = closers[ch]
                    for k in range(len(stack) - 1, -1, -1):
                        if stack[k][0] == want:
                            del stack[k:]
                            break
                    else:
                        s = i
                        while s > ps and not text[s - 1].isspace():
                            s -= 1
                        yield self.finding(
                            doc, s, i + 1,
                            f"‘{ch}’ closes a quotation that was never opened in this paragraph.",
                            suggestion="add the opening mark where the quotation starts, or delete this one",
                        )
                elif ch == STRAIGHT and not (i > ps and text[i - 1].isdigit()):
                    straight.append(i)
            if stack and not continues:
                _, s = stack[0]
                later = [o for o in openers if o > s]
                if later:
                    e = _word_end(text, later[0] + 1, pe)
                    message = f"‘{text[s]}’ opens a quotation that is not closed before the next one opens."
                    suggestion = "close the quotation before the next one opens, or delete one of the marks"
                else:
                    e = _word_end(text, s + 1, pe)
                    message = f"‘{text[s]}’ opens a quotation that is never closed in this paragraph."
                    suggestion = "add the closing mark where the quotation ends"
                yield self.finding(doc, s, e, message, suggestion=suggestion)
            if len(straight) % 2 and not continues:
                s = straight[-1]
                yield self.finding(
                    doc, s, _word_end(text, s + 1, pe),
                    "An odd number of straight quotation marks in this paragraph: one is unpaired.",
                    suggestion="pair the quotation marks",
                )
