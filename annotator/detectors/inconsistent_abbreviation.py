"""MT302 inconsistent-abbreviation: one article writes the same abbreviation two ways.

What it finds
    An abbreviation written both with and without full stops in one article
    (``U.S. officials`` ... ``US: Pyongyang and Moscow``; ``U.N.``/``UN``,
    ``E.U.``/``EU``, ``U.K.``/``UK``; in Spanish ``EE. UU.``/``EE.UU.``/
    ``EEUU``). The less frequent form is reported; on a tie, the later one.

Why it matters
    House styles pick one form (AP writes ``U.S.``, most British and
    agency styles ``US``); mixing both within one article looks like two
    texts stitched together, which is often exactly what happened.

Example
    ``U.S. officials have warned ... US: Pyongyang and Moscow aim ... US territories``

Use instead
    ``US officials have warned ... US: Pyongyang and Moscow aim ... US territories``

Fix safety
    Display-only, with the article's majority form as the suggestion: the
    house style may be the minority form. Lines written in capitals
    (headlines, where ``US`` may be the pronoun) are not counted.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Safety
from . import register
from .base import Detector, Example, first_letter_alternation

#: Groups of interchangeable forms per target language; the first form names the group.
GROUPS = {
    "en": [("US", "U.S."), ("UN", "U.N."), ("EU", "E.U."), ("UK", "U.K."), ("USA", "U.S.A.")],
    "es": [("EE. UU.", "EE.UU.", "EEUU", "EE UU"), ("ONU", "O.N.U."), ("UE", "U.E.")],
    "pt": [("EUA", "E.U.A."), ("ONU", "O.N.U."), ("UE", "U.E.")],
    "fr": [("ONU", "O.N.U."), ("UE", "U.E."), ("É.-U.", "É-U")],
}


def _pattern(forms: tuple[str, ...]) -> re.Pattern:
    r"""The forms, longest first, as whole words: no letter, digit or full stop before.

    A dotted form may end the sentence (``in the U.S.``); an undotted one is
    a whole word. The pattern starts with the forms' first letter and checks
    what comes before it after (``U(?<![\w.]U)(?:\.S\.|S)``), so a search
    jumps from one such letter to the next.
    """
    alts = first_letter_alternation(forms, lambda c: rf"(?<![\w.]{c})")
    return re.compile(rf"(?:{alts})(?![\w]|\.\w)")


PATTERNS = {lang: [(g, _pattern(g)) for g in groups] for lang, groups in GROUPS.items()}
UPPER_LINE_SHARE = 0.8


def _shouting(text: str, pos: int, memo: dict[int, bool] | None = None) -> bool:
    """Is the line holding ``pos`` written in capitals? ``memo`` keeps the answer per line start."""
    ls = text.rfind("\n", 0, pos) + 1
    if memo is not None and ls in memo:
        return memo[ls]
    le = text.find("\n", pos)
    line = text[ls : le if le != -1 else len(text)]
    letters = list(filter(str.isalpha, line))
    shouting = len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) >= UPPER_LINE_SHARE
    if memo is not None:
        memo[ls] = shouting
    return shouting


@register
class InconsistentAbbreviation(Detector):
    code = "MT302"
    fix_safety = Safety.DISPLAY_ONLY
    name = "inconsistent-abbreviation"
    category = "Terminology"
    subcategory = "Inconsistent use"
    languages = tuple(GROUPS)
    bad_examples = (
        Example("[[U.S.]] officials warned.\n\nUS: Pyongyang and Moscow aim for cooperation. US territories too.",
                suggestion="US"),
        Example("The UN met. The UN voted.\nLater the [[U.N.]] envoy left.", suggestion="UN"),
        Example("The E.U. and the UK agreed, said [[EU]] envoys.", suggestion="E.U."),
        Example("Los funcionarios de EE. UU. y la ONU hablaron; [[EEUU]] lo negó después.", suggestion="EE. UU.", lang="es"),
    )
    good_examples = (
        Example("US officials met UN envoys; the US and the EU agreed."),
        Example("U.S. officials met U.N. envoys in the U.S."),
        Example("KIM TELLS US TO STAY AWAY\nU.S. officials said the U.S. would stay."),
        Example("Los funcionarios de EE. UU. hablaron y EE. UU. lo negó.", lang="es"),
    )

    def detect(self, doc, ctx):
        text = doc.text
        shouting: dict[int, bool] = {}
        for group, pattern in PATTERNS.get(doc.lang, ()):
            # Most articles write one form: then there is nothing to report, whichever lines shout.
            if len(set(pattern.findall(text))) < 2:
                continue
            hits = [
                (m.start(), m.end(), m.group()) for m in pattern.finditer(text) if not _shouting(text, m.start(), shouting)
            ]
            if len({form for _, _, form in hits}) < 2:
                continue
            counts = Counter(form for _, _, form in hits)
            first_seen = {}
            for s, _, form in hits:
                first_seen.setdefault(form, s)
            # Majority form; on a tie the earlier form wins and the later one is reported.
            major = min(counts, key=lambda f: (-counts[f], first_seen[f]))
            summary = ", ".join(f"‘{f}’ ×{n}" for f, n in counts.most_common())
            for s, e, form in hits:
                if form == major:
                    continue
                yield self.finding(
                    doc, s, e,
                    f"‘{form}’ and ‘{major}’ are both used in this article ({summary}); use one form.",
                    replacement=major, safety=Safety.DISPLAY_ONLY, score=counts[form] / len(hits),
                )
