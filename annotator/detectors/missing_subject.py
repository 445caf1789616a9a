"""MT104 missing-subject: a reported clause with no subject (a pro-drop calque).

What it finds
    A finite verb straight after ``that`` and an opening quotation mark
    (``assured that “will always be with Russia”``), and the same after a
    speech verb and ``that`` without quotation marks when a modal is followed
    by a verb only a person or body does (``said that will travel``).

Why it matters
    Spanish and Portuguese drop subject pronouns (``aseguró que “estará
    siempre con Rusia”``); MT copies the gap, and the English is
    ungrammatical and leaves the reader guessing who will do what.

Example
    ``Putin assured that “will always be with Kim”.``

Use instead
    ``Putin assured that he “will always be with Kim”.`` (the subject goes
    before the quotation: the speaker said "I will", not "will").

Fix safety
    Display-only. The subject is inserted before the quotation mark when the
    sentence so far names people of one known gender (glossary persons,
    ``the queen``); otherwise the finding only says what is missing. Without
    quotation marks, ``said that will be hard`` is good English (``that`` is
    then the subject), so only modals before an agentive verb (travel, meet,
    sign...) count, never ``be``, ``mean`` or ``happen``.

Languages
    English only: Spanish and Portuguese are pro-drop (the missing subject is
    correct there), and French puts ``qu’il`` in a way MT rarely drops.
"""

from __future__ import annotations

import re

from ..model import Safety, Severity
from . import register
from .antecedents import candidates, window
from .base import Detector, Example

FINITE = (
    "will|would|can|could|shall|should|must|may|might|is|was|are|were|has|have|had|"
    "does|did|won[’']t|can[’']t|cannot|isn[’']t|wasn[’']t"
)
TO_VERBS = (
    "wants|wanted|plans|planned|intends|intended|hopes|hoped|seeks|sought|needs|needed|expects|"
    "expected|aims|aimed|tries|tried|refuses|refused|promises|promised|continues|continued|"
    "decided|decides|agreed|agrees|wishes|wished|prefers|preferred"
)
#: After ``that``: an opening quotation mark and a finite verb.
QUOTED = re.compile(
    rf"(?P<that>that)\s+(?P<q>[“\"«‘])\s*(?P<verb>(?:{FINITE})\b|(?:{TO_VERBS})(?=\s+to\b))",
    re.I,
)
SPEECH = (
    "said|says|stressed|stresses|assured|assures|added|noted|stated|insisted|warned|explained|"
    "affirmed|claimed|announced|indicated|declared|emphasized|emphasised|argued|maintained|"
    "reiterated|confirmed|revealed|promised|acknowledged|admitted|told\\s+\\w+|informed\\s+\\w+"
)
MODALS = "will|would|can|could|shall|should|must|may|might"
#: ``that`` as a word, then what :data:`QUOTED` or :data:`BARE` needs next (a quotation mark or a
#: modal). The match starts at ``hat``, one character into the word: a pattern that starts with
#: a literal string is searched for far faster than one that starts with ``[Tt]``.
THAT = re.compile(rf"hat(?<=\b[Tt]hat)\b(?=\s+(?:[“\"«‘]|(?i:{MODALS})))")
AGENTIVE = (
    "travel|visit|meet|attend|go|come|return|send|sign|seek|fight|respond|ask|discuss|talk|speak|"
    "decide|try|participate|cooperate|negotiate|propose|announce|resign|vote|veto|demand|request|"
    "reject|support|defend|receive|host|invite|call|run|stand|continue\\s+to|keep|leave|arrive|"
    "insist|push|work\\s+with|join|stay|remain\\s+in|present|submit|appoint|order|attack|invade"
)
#: After ``that`` (no quotation mark): a modal and an agentive verb ...
BARE = re.compile(
    rf"(?P<that>that)\s+(?P<verb>(?:{MODALS}))\s+(?:(?:not|also|always|never|soon|personally)\s+)?(?:{AGENTIVE})\b",
    re.I,
)
#: ... with a speech verb right before ``that``.
SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH})\s+$", re.I)
PRONOUN = {"male": "he", "female": "she"}


@register
class MissingSubject(Detector):
    code = "MT104"
    fix_safety = Safety.DISPLAY_ONLY
    name = "missing-subject"
    category = "Fluency"
    subcategory = "Grammar"
    severity = Severity.MAJOR
    languages = ("en",)
    bad_examples = (
        Example("Vladimir Putin assured [[that “will]] always be with Kim”.", suggestion="that he “will"),
        Example("Yoko Kamikawa said [[that will]] travel to Seoul next week.", suggestion="that she will"),
        Example(
            "The North Korean dictator stressed [[that “has]] no doubts about the alliance”.",
            suggestion="a subject before the verb (he, she, it, they or a name): that [subject] “has",
        ),
        Example("Kim Jong-un insisted [[that “wants]] to deepen cooperation”.", suggestion="that he “wants"),
        Example("The minister told reporters [[that would]] visit the border.",
                suggestion="a subject before the verb (he, she, it, they or a name): that [subject] would"),
    )
    good_examples = (
        Example("Putin assured that “we will always be with Kim”."),
        Example("Putin said that would be a mistake."),
        Example("Blinken said that will take time."),
        Example("Kim insisted that “the future belongs to us”."),
        Example("The White House urged that North Korea “do not provide weapons”."),
        Example("Kim said he will travel to Moscow; Putin said that could change."),
    )

    def detect(self, doc, ctx):
        text = doc.text
        hits = []
        for t in THAT.finditer(text):
            at = t.start() - 1  # where ``that`` starts
            m = QUOTED.match(text, at)
            quoted = m is not None
            if m is None:
                m = BARE.match(text, at)
                if m is None or not SPEECH_BEFORE.search(text[max(0, at - 30):at]):
                    continue
            if doc.in_quote(m.start()):
                continue
            hits.append((m, quoted))
        if not hits:
            return
        cands = candidates(doc, ctx.lexicon)
        for m, quoted in sorted(hits, key=lambda h: h[0].start()):
            start, end = m.start("that"), m.end("verb")
            same, _ = window(doc, cands, start)
            persons = [c for c in same if c.is_person and c.is_head]
            genders = {c.gender for c in persons}
            pron = PRONOUN.get(genders.pop()) if len(genders) == 1 else None
            span = text[start:end]
            rest = span[len(m.group("that")):]
            what = "the quotation" if quoted else "the reported clause"
            message = (
                f"‘{span}’: {what} starts with a verb and has no subject (a calque of a "
                "pro-drop source); say who, before the quotation mark."
            )
            if pron:
                yield self.finding(
                    doc, start, end, message,
                    replacement=f"{m.group('that')} {pron}{rest}",
                    safety=Safety.DISPLAY_ONLY,
                    data={"antecedent": persons[-1].text},
                )
            else:
                yield self.finding(
                    doc, start, end, message,
                    suggestion=f"a subject before the verb (he, she, it, they or a name): {m.group('that')} [subject]{rest}",
                )
