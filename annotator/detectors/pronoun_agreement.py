"""MT101 pronoun-gender-mismatch and MT102 pronoun-animacy-mismatch.

What it finds
    MT101: a personal pronoun whose gender fits none of the people it can
    refer to: ``she insisted`` when the only person in reach is Vladimir Putin
    (male in the glossary), ``he said`` after Angela Merkel.
    MT102: a pronoun for things used for a person (``Park Jin; its
    counterpart``), or a pronoun for people used for a country or an
    institution (``Russia ... which he desperately needs``; ``he noted`` when
    the only speaker in reach is the Kremlin).

Why it matters
    Romance languages drop subject pronouns and use one possessive for every
    owner (Spanish ``su`` is his, her, its and their), so MT has to guess, and
    guesses wrong: the English then says something the source did not.

Example
    ``Putin proposed a toast. “Old friends are best,” she insisted.``

Use instead
    ``Putin proposed a toast. “Old friends are best,” he insisted.``

Fix safety
    Display-only. The suggestion (``he``, ``his``, ``it``) is a concrete
    replacement a reviewer can accept, but choosing an antecedent is a guess
    and a wrong automatic pronoun is worse than a missed one.

Antecedent model
    The candidates are the mentions in ``doc.mentions`` (glossary entries with
    their type and gender; NER entities where the backend finds them), person
    nouns (``the dictator``, ``the queen``), institution nouns (``the
    ministry``) and unknown capitalised names (see
    :mod:`annotator.detectors.antecedents`). Pronouns inside a quotation, or
    after an opening quotation mark that nothing closes in the sentence, are
    never checked (the speaker's ``he`` refers in the speaker's frame), and
    for a pronoun outside quotations, candidates inside quotations are skipped.
    The window is the sentence up to the pronoun plus the previous sentence
    (a quotation-only sentence is stepped over). A he/she/his/her earlier in
    the window (outside quotations) stops both checks: a chain of pronouns
    may carry a person the window no longer names (``The military said he
    was responsible. Hamas did not comment on his death.``). A pronoun before any
    candidate of its sentence with a person after it (``For his part, the
    minister said``) is cataphoric and skipped.

    * MT101 fires only when the window holds at least one person, every
      person in it has a known gender and none has the pronoun's gender, and
      no unknown name is in it. Person nouns without gender (``minister``)
      and NER persons count as compatible with both genders.
    * MT102 ``its``/``itself`` fires only when the nearest candidate is a
      person in the same sentence with nothing but punctuation or ``and``/``or``
      between (``Park Jin; its counterpart``, ``the president of France and
      its``); for ``the president of France``-type phrases, which fold in a
      place that ``its`` could mean, only before a person noun
      (``its counterpart``).
    * MT102 ``he``/``she``/``his``/``him``/``her`` fires (a) for a speaker
      (``he noted``, ``said she``) when the window holds no person and no
      unknown name and the nearest candidate is a country, place or
      institution; (b) otherwise when the sentence so far holds no person,
      its nearest candidate is a country or institution heading its phrase
      (not ``in Russia``, not ``Russia’s``), no person follows in the
      sentence, and the previous sentence names no person other than as a
      possessor (``Kim’s first trip``).

Languages
    English: he/him/his/himself, she/her/hers/herself, its/itself.
    Spanish ``él``/``ella``, not after a preposition (``a favor de ella``
    may stand for a feminine thing; as a subject Spanish drops the pronoun
    unless it is an emphasised person): gender only. Portuguese
    ``ele``/``ela`` and French ``il``/``elle`` also stand for things by
    grammatical gender (``Ela prevê cortes`` of a proposal), so only as the
    subject of a speech verb (``ela disse``, ``a-t-elle déclaré``), gender
    only. The possessives Spanish ``su``,
    Portuguese ``seu``/``sua`` (which agree with the possessed noun) and
    French ``son``/``sa`` are never checked. Animacy (MT102) is English only.
"""

from __future__ import annotations

import bisect
import re

from ..model import Safety, Severity
from . import register
from .antecedents import (
    MAX_LOOKBACK,
    PERSON_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    Candidate,
    candidates,
    in_quote,
    info,
    same_sentence_after,
    sentence_span,
    window,
)
from .base import Detector, Example

#: Possessives that are never checked, and why (kept as data, for the docs and tests).
NEVER_CHECKED: dict[str, str] = {
    "su": "es: his, her, its, their (gender- and animacy-neutral)",
    "sus": "es: plural of su",
    "seu": "pt: agrees with the possessed noun, not the owner",
    "sua": "pt: agrees with the possessed noun, not the owner",
    "son": "fr: agrees with the possessed noun, not the owner",
    "sa": "fr: agrees with the possessed noun, not the owner",
}
SWAP_GENDER: dict[str, dict[str, str]] = {
    "en": {"he": "she", "she": "he", "him": "her", "his": "her", "himself": "herself", "herself": "himself", "hers": "his"},
    "es": {"él": "ella", "ella": "él"},
    "pt": {"ele": "ela", "ela": "ele"},
    "fr": {"il": "elle", "elle": "il"},
}
TO_THING = {"he": "it", "she": "it", "him": "it", "his": "its", "himself": "itself", "herself": "itself", "hers": "its"}
TO_PERSON = {("its", "male"): "his", ("its", "female"): "her", ("itself", "male"): "himself", ("itself", "female"): "herself"}

SPEECH_VERBS = {
    "en": frozenset(
        """said says added adds noted notes stated states stressed stresses explained explains insisted
        insists warned warns told tells declared declares argued argues concluded concludes remarked
        assured assures emphasised emphasized emphasises emphasizes recalled recalls wrote writes asked
        asks replied replies affirmed claimed claims indicated indicates commented underlined highlighted
        acknowledged admitted announced continued pointed observed reiterated maintained suggested
        lamented complained confirmed denied promised vowed urged""".split()
    ),
    "pt": frozenset(
        """disse afirmou declarou acrescentou destacou ressaltou explicou garantiu insistiu completou
        observou comentou salientou sublinhou alertou advertiu respondeu concluiu lembrou indicou
        diz afirma declara explica acrescenta destaca ressalta garante insiste""".split()
    ),
    "fr": frozenset(
        """déclaré dit ajouté affirmé souligné expliqué insisté assuré indiqué précisé estimé noté
        rappelé averti répondu conclu déclare dit ajoute affirme souligne explique insiste assure
        indique précise estime note rappelle""".split()
    ),
}
#: ``he or she``, ``his/her``: generic, not about anyone in particular.
GENERIC = re.compile(r"\b(?:he|she|his|her|him|hers)\s*(?:/|\bor\b)\s*(?:he|she|his|her|him|hers)\b", re.I)
#: What every :data:`GENERIC` match holds: a slash, or ``or`` with a space on each side (the
#: ``\b`` around it cannot fall next to a pronoun's letter). Cheap to look for first.
GENERIC_HINT = re.compile(r"/|\sor\s", re.I)
#: What may stand between a person and ``its`` for the check to be sure.
TIGHT_GAP = re.compile(r"^[\s,;:()\[\]\u2013\u2014\-]*(?:(?:and|or)\s+)?$")
#: Words after ``her`` that make it an object (``told her that``), not a possessive.
OBJECT_FOLLOWERS = frozenset(
    """and or but to that the a an in on at for with as by from about again yesterday today
    tomorrow too also if when after before because while not nothing everything something
    anything it them this these those what why how whether where who whom up out off down
    into onto over later now then never yet""".split()
)
_FR_ADV = r"(?:(?:aussi|également|encore|ensuite|alors|bien|déjà|notamment|pourtant|toutefois|enfin)\s+)?"
_PT_ADV = r"(?:(?:também|ainda|já|depois|então)\s+)?"
#: The verb after a subject pronoun: ``il a déclaré``, ``elle ajoute``, ``ela disse``; after ``a-t-il``.
VERB_AFTER = {
    "fr": re.compile(rf"\s+(?:(?:a|avait|aurait)\s+)?{_FR_ADV}(\w+)", re.I),
    "pt": re.compile(rf"\s+{_PT_ADV}(\w+)", re.I),
}
#: The verb before an inverted pronoun: ``déclare-t-il``, ``disse ela``.
VERB_BEFORE = {
    "fr": re.compile(r"(\w+)-(?:t-)?$", re.I),
    "pt": re.compile(r"(\w+)\s+$", re.I),
}
#: Opening quotation marks (for :func:`_open_quotes`).
OPEN_QUOTES = "“«\""
MAX_DISTANCE = 160  # characters between a non-person antecedent and a he/she in the same sentence

def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Read in the text between ``pos`` and ``endpos`` (none looks behind or ahead of the stretch, so
# that is the same as reading a slice of it, without making the slice).
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+(?:-[^\W\d_]+)*)")
_PREV_WORD = re.compile(r"([^\W\d_]+)\W{0,3}$")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_NOT_WORDY = re.compile(r"[^\w\s\-]")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos, pos + 40)
    return m.group(1).lower() if m else ""


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.search(text, max(0, pos - 40), pos)
    return m.group(1).lower() if m else ""


def _her_is_object(text: str, end: int) -> bool:
    nxt = _NEXT_CHAR.match(text, end, end + 3)
    if not nxt or not nxt.group(1).isalpha():
        return True
    w = _next_word(text, end)
    return w in OBJECT_FOLLOWERS or w.endswith("ly")


class _Scan:
    """One document's pronouns, found once for both detectors.

    ``found`` holds every pronoun of the language as ``(start, end,
    lower-case word)`` in text order (found with the nouns, see
    :meth:`antecedents._DocInfo.words`; ``starts`` for bisection);
    ``checked`` the ones the detectors look at, as
    :meth:`_PronounScan.pronouns` yields them.
    """

    __slots__ = ("doc", "found", "starts", "checked")

    def __init__(self, doc) -> None:
        self.doc = doc
        lang, text = doc.lang, doc.text
        inf = info(doc)
        self.found: list[tuple[int, int, str]] = inf.words()[1]
        self.starts = [st for st, _, _ in self.found]
        self.checked: list[tuple[int, int, str, str, tuple[str, str]]] = []
        if not self.found:
            return
        table = PRONOUNS[lang]
        qmask, sent_starts = inf.qmask, inf.sent_starts
        opens = _open_quotes(text, qmask)
        en = lang == "en"
        checked = self.checked
        for start, end, low in self.found:
            if low not in table or qmask[start]:
                continue
            if opens and _after_open_quote(sent_starts, opens, start):
                continue
            # The hint test of :func:`_generic` first, here: most pronouns fail it.
            if en and GENERIC_HINT.search(text, start - 12 if start > 12 else 0, end + 12) \
                    and _generic(text, start, end):
                continue
            checked.append((start, end, text[start:end], low, table[low]))


# A one-entry cache for the document being detected, as in ``antecedents``.
_scan: _Scan | None = None


def _scan_of(doc) -> _Scan:
    global _scan
    if _scan is None or _scan.doc is not doc:
        _scan = _Scan(doc)
    return _scan


class _PronounScan:
    """Shared scanning of one document's pronouns for both detectors."""

    @staticmethod
    def pronouns(doc):
        """``(start, end, word, lower-case word, (gender, role))`` of each pronoun to check, in text order."""
        return iter(_scan_of(doc).checked)

    @staticmethod
    def is_speaker(doc, start: int, end: int, low: str) -> bool:
        """``he noted`` / ``said he`` / ``a-t-elle déclaré``: the pronoun is the subject of a speech verb."""
        lang, text = doc.lang, doc.text
        if lang == "en":
            if low not in ("he", "she"):
                return False
            return _next_word(text, end) in SPEECH_VERBS["en"] or _prev_word(text, start) in SPEECH_VERBS["en"]
        after, before = VERB_AFTER.get(lang), VERB_BEFORE.get(lang)
        if after is None:
            return False
        verbs = SPEECH_VERBS[lang]
        m = after.match(text, end)
        if m and m.group(1).lower() in verbs:
            return True
        m = before.search(text[max(0, start - 30):start])
        return bool(m and m.group(1).lower() in verbs)

    @staticmethod
    def chain_before(doc, earlier, start: int, genders: tuple[str, ...]) -> bool:
        """A personal pronoun of ``genders`` earlier in the window (outside quotes).

        ``The military said he was responsible. Hamas did not comment on his
        death.``: the first ``he`` carries a person the window no longer
        names, so the second pronoun may refer to that person too.
        """
        table = PRONOUNS.get(doc.lang, {})
        lo = sentence_span(doc, earlier[0].start)[0] if earlier else sentence_span(doc, start)[0]
        lo = max(lo, start - 2 * MAX_LOOKBACK)
        # ``start`` begins a pronoun match, so the matches before it are whole words ending by ``start``.
        scan = _scan_of(doc)
        for k in range(bisect.bisect_left(scan.starts, lo), bisect.bisect_left(scan.starts, start)):
            s, _, low = scan.found[k]
            g = table.get(low, ("", ""))[0]
            if g in genders and not in_quote(doc, s) and not GENERIC.match(doc.text, s):
                return True
        return False

    @staticmethod
    def cataphoric(doc, cands, same, start: int) -> bool:
        """A pronoun before any candidate of its sentence, with a person after it."""
        if same:
            return False
        return any(c.is_person or c.kind == "unknown" for c in same_sentence_after(doc, cands, start))


def _open_quotes(text: str, qmask: bytearray) -> list[int]:
    """Where an opening quotation mark stands outside every quotation (nothing closes it), in text order.

    Found with ``str.find`` (there are few), not a regex pass over the text.
    """
    opens = []
    for mark in OPEN_QUOTES:
        p = text.find(mark)
        while p != -1:
            if not qmask[p]:
                opens.append(p)
            p = text.find(mark, p + 1)
    opens.sort()
    return opens


def _after_open_quote(sent_starts: list[int], opens: list[int], pos: int) -> bool:
    """One of ``opens`` (:func:`_open_quotes`) earlier in the sentence: we may be inside a quotation.

    The last one before ``pos`` is the one to look at; the sentence (where it starts, by bisection
    in ``sent_starts``, as :func:`sentence_span`) is looked up only when it is near.
    """
    k = bisect.bisect_left(opens, pos)
    if k == 0 or opens[k - 1] < pos - MAX_LOOKBACK:
        return False
    i = max(bisect.bisect_right(sent_starts, pos) - 1, 0)
    return opens[k - 1] >= (sent_starts[i] if sent_starts else 0)


def _generic(text: str, start: int, end: int) -> bool:
    """``his or her``, ``he/she``: the pronoun is one side of a generic pair."""
    lo = max(0, start - 12)
    if not GENERIC_HINT.search(text, lo, end + 12):
        return False
    return any(a <= start - lo < b for a, b in (m.span() for m in GENERIC.finditer(text[lo:end + 12])))


def _own_phrase(text: str, end: int, start: int) -> bool:
    """True when ``text[end:start]`` is a few words with no punctuation: the pronoun's own phrase (``his economy minister``)."""
    gap = text[end:start]
    return len(gap.split()) <= 3 and not _NOT_WORDY.search(gap)


def _other_gender_person(pool: list[Candidate], gender: str) -> Candidate | None:
    """The last person in ``pool`` if MT101 may fire for a pronoun of ``gender``, else None.

    It may when the window holds a person, every person in it has a known
    gender other than ``gender``, and it holds no unknown name (one pass).
    """
    last = None
    for c in pool:
        if c.kind == "unknown":
            return None
        if c.kind == "person":
            if c.gender not in ("male", "female") or c.gender == gender:
                return None
            last = c
    return last


@register
class PronounGenderMismatch(Detector, _PronounScan):
    code = "MT101"
    fix_safety = Safety.DISPLAY_ONLY
    name = "pronoun-gender-mismatch"
    category = "Accuracy"
    subcategory = "Mistranslation"
    severity = Severity.MAJOR
    languages = ("en", "es", "pt", "fr")
    bad_examples = (
        Example("In that sense, Putin proposed a toast. “Old friends are best,” [[she]] insisted.", suggestion="he"),
        Example("Yoko Kamikawa arrived in Seoul on Monday. [[He]] met the press at noon.", suggestion="She"),
        Example("Antony Blinken spoke for an hour and thanked the hosts for [[her]] support.", suggestion="his"),
        Example("Yoko Kamikawa llegó a Seúl. Luego [[él]] se reunió con la prensa.", suggestion="ella", lang="es"),
        Example("Vladimir Putin chegou a Pequim. Depois [[ela]] disse que a visita foi um sucesso.", suggestion="ele", lang="pt"),
        Example("Yoko Kamikawa est arrivée à Séoul. « Nous sommes prêts », a-t-[[il]] déclaré.", suggestion="elle", lang="fr"),
    )
    good_examples = (
        Example("For his part, Putin is already in Vladivostok, where he arrived on Sunday."),
        Example("Putin met Yoko Kamikawa, and she thanked him for his time."),
        Example("Antony Blinken said the minister would bring her own proposal."),
        Example("Putin spoke. “She is a good friend,” he said of the chancellor."),
        Example("Every citizen must carry his or her papers, Putin said."),
        Example("Putin met John Harrow. He said they agreed."),
        Example("Vladimir Putin recibió a Kamikawa. Su visita duró dos días.", lang="es"),
        Example("Vladimir Putin chegou. A proposta é dele e sua equipe a defende.", lang="pt"),
        Example("Vladimir Putin apresentou a proposta. Ela prevê cortes de impostos.", lang="pt"),
        Example("Yoko Kamikawa a présenté le plan. Il prévoit une réforme.", lang="fr"),
    )

    def detect(self, doc, ctx):
        table = SWAP_GENDER.get(doc.lang, {})
        cands = candidates(doc, ctx.lexicon)
        text = doc.text
        for start, end, word, low, (gender, role) in self.pronouns(doc):
            if gender not in ("male", "female"):
                continue
            if doc.lang == "es" and _prev_word(text, start) in PREPOSITIONS["es"]:
                continue  # ``a favor de ella``: may stand for a feminine thing
            if doc.lang in ("pt", "fr") and not self.is_speaker(doc, start, end, low):
                continue  # ``Ela prevê cortes`` (a proposta), ``Il prévoit`` (le plan)
            same, earlier = window(doc, cands, start)
            # The tests are independent: the cheap one on the window comes first.
            other = _other_gender_person(same + earlier, gender)
            if other is None:
                continue
            if self.cataphoric(doc, cands, same, start):
                continue
            if self.chain_before(doc, earlier, start, (gender,)):
                continue  # a chain of she/he: its person may be out of the window
            repl = table.get(low)
            if doc.lang == "en" and low == "her":
                repl = "him" if _her_is_object(text, end) else "his"
            elif doc.lang == "en" and low == "his" and not _next_word(text, end):
                repl = "hers"
            pron = "female" if gender == "female" else "male"
            yield self.finding(
                doc, start, end,
                f"‘{word}’ is {pron}, but the person it can refer to here, ‘{other.text}’, is "
                f"{other.gender}{' (glossary)' if other.source == 'glossary' else ''}.",
                replacement=_match_case(repl, word) if repl else None,
                suggestion=None if repl else "a pronoun of the other gender",
                safety=Safety.DISPLAY_ONLY,
                data={"antecedent": other.text, "antecedent_gender": other.gender},
            )


@register
class PronounAnimacyMismatch(Detector, _PronounScan):
    code = "MT102"
    fix_safety = Safety.DISPLAY_ONLY
    name = "pronoun-animacy-mismatch"
    category = "Accuracy"
    subcategory = "Mistranslation"
    severity = Severity.MAJOR
    languages = ("en",)
    bad_examples = (
        Example("Seoul sent its minister, Park Jin; [[its]] counterpart from Japan came too.", suggestion="his"),
        Example("The president of France and [[its]] counterpart from Germany met in Brussels."),
        Example("On the other hand, Russia managed to close a deal which [[he]] badly needs.", suggestion="it"),
        Example("Then the Kremlin confirmed the visit. “The talks will be long,” [[he]] noted.", suggestion="it"),
        Example("The ministry issued a statement on Monday. “We reject the charges,” [[he]] added.", suggestion="it"),
        Example("Yoko Kamikawa [[itself]] signed the letter.", suggestion="herself"),
    )
    good_examples = (
        Example("For his part, Putin is already in Vladivostok, where he arrived on Sunday."),
        Example("Pyongyang has been seeking to strengthen its nuclear program for years."),
        Example("Russia was sanctioned for ordering war against its neighbor country."),
        Example("Antony Blinken arrived. The White House said he would attend the summit."),
        Example("Kim Jong-un left. In Russia, he is seen as an ally."),
        Example("Russia's president said he would attend."),
        Example("The Kremlin leader received his North Korean counterpart."),
        Example("“Russia will not give up what he wants,” Putin said."),
        Example("Hamas said members of its armed wing were seen in Gaza."),
    )

    def detect(self, doc, ctx):
        cands = candidates(doc, ctx.lexicon)
        text = doc.text
        for start, end, word, low, (gender, role) in self.pronouns(doc):
            if low in ("its", "itself"):  # only the sentence so far counts
                f = self._its(doc, cands, window(doc, cands, start, back=0)[0], start, end, word, low, text)
            else:
                same, earlier = window(doc, cands, start)
                f = self._personal(doc, cands, same, earlier, start, end, word, low, text)
            if f is not None:
                yield f

    def _its(self, doc, cands, same, start, end, word, low, text):
        heads = [c for c in same if c.is_head or c.embeds]
        if not heads:
            return None
        near = heads[-1]
        if not near.is_person or not TIGHT_GAP.match(text[near.end:start]):
            return None
        if any(c.start >= near.end for c in same):  # something in between we could not place
            return None
        if near.embeds:
            if low != "its" or _next_word(text, end) not in PERSON_NOUNS["en"]:
                return None
        repl = TO_PERSON.get((low, near.gender))
        return self.finding(
            doc, start, end,
            f"‘{word}’ is for things, but it refers to the person ‘{near.text}’.",
            replacement=_match_case(repl, word) if repl else None,
            suggestion=None if repl else ("his or her" if low == "its" else "himself or herself"),
            safety=Safety.DISPLAY_ONLY,
            data={"antecedent": near.text},
        )

    def _personal(self, doc, cands, same, earlier, start, end, word, low, text):
        # The tests are independent, so the cheap ones come first. Both branches below
        # need a sentence so far without a person or an unknown name.
        for c in same:
            if c.kind == "person" or c.kind == "unknown":  # (``is_person``, without the property call)
                return None
        speaker = self.is_speaker(doc, start, end, low)
        if not speaker and not same:
            return None  # not a speaker: what it refers to must be in the sentence so far
        if self.cataphoric(doc, cands, same, start):
            return None
        if self.chain_before(doc, earlier, start, ("male", "female")):
            return None  # ``he`` earlier carries a person the window no longer names
        if speaker:
            pool = same + earlier
            if not pool or any(c.is_person or c.kind == "unknown" for c in pool):
                return None
            near = [c for c in pool if c.is_head]
            if not near or near[-1].kind not in ("place", "organisation") or near[-1].governed:
                return None
            near = near[-1]
        else:
            if any((c.is_person and not c.possessor) or c.kind == "unknown" for c in earlier):
                return None
            later = [c for c in same_sentence_after(doc, cands, end) if c.is_person or c.kind == "unknown"]
            if any(not _own_phrase(text, end, c.start) for c in later):
                return None  # ``his inner circle, a reference to Putin``: it may point forward
            near = same[-1]
            if near.kind not in ("place", "organisation") or not near.is_head or near.governed:
                return None
            if start - near.end > MAX_DISTANCE:
                return None
        repl = TO_THING.get(low)
        if low == "her":
            repl = "it" if _her_is_object(text, end) else "its"
        what = "an institution" if near.kind == "organisation" else "a country or place"
        return self.finding(
            doc, start, end,
            f"‘{word}’ is for a person, but what it refers to here is {what}: ‘{near.text}’.",
            replacement=_match_case(repl, word) if repl else None,
            safety=Safety.DISPLAY_ONLY,
            data={"antecedent": near.text},
        )
