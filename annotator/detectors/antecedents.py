"""Antecedent candidates for the pronoun checks (MT101, MT102) and MT104.

This is not a detector: it is the cheap antecedent model the pronoun
detectors share. No parser, no per-token objects: a few compiled patterns
over the text, plus the mentions the analysis stage already found.

Candidates, in text order (:func:`candidates`):

* **mentions** in ``doc.mentions``: glossary entries (``kind`` person, place,
  organisation, other; ``gender`` for persons) and NER entities from the NLP
  backend (``source != "glossary"``; persons without a gender);
* **person nouns** (``title``): singular nouns that name a person, with a
  gender where the word carries one (``minister``, ``dictator``,
  ``counterpart``; ``queen`` female, ``spokesman`` male). They matter
  because a translated article often refers to a named person by role
  (``the North Korean dictator``) and a pronoun then agrees with that;
* **institution nouns** (``noun``): ``the ministry``, ``the government``,
  ``the regime``: non-person antecedents that no glossary lists;
* **unknown names**: capitalised runs that are neither a mention nor a
  known common word: a person or thing the glossary lacks. They never make a
  finding; they only stop one (we cannot tell their gender or animacy).

Each candidate records how it sits in its noun phrase, because only the head
of a phrase is a real antecedent: ``Russia’s`` and ``Kremlin`` in
``the Kremlin leader`` are *possessors/modifiers* of a person phrase, and a
candidate right after a preposition (``in Russia``) is *governed*, not a
subject. A mention after ``<person noun> of`` (``the president of France``)
is folded into the person phrase, which then ends where the mention ends.

Candidates inside a quotation are ignored for pronouns outside it: the
speaker's names refer in the speaker's frame, and the pronoun after the quote
(``..., he noted``) is the reporter's.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

from ..model import Document
from .base import ChunkMemo, chunk_spans

#: Letters of a word (Latin with accents), with inner apostrophes or hyphens.
WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"

# -- person nouns, per target language -----------------------------------
# word -> gender ("" when the word does not say).
_EN_PERSON_NEUTRAL = """
president vice-president premier minister secretary chancellor leader dictator ruler
monarch head chief director governor mayor senator deputy lawmaker legislator ambassador
diplomat envoy emissary consul general commander colonel officer official spokesperson
representative negotiator mediator counterpart colleague comrade friend adviser advisor
aide analyst expert journalist reporter correspondent editor author writer candidate
opponent activist dissident soldier pilot victim witness suspect citizen resident professor
scientist researcher doctor judge lawyer prosecutor attorney player coach singer artist
founder owner ceo chairperson successor predecessor heir politician strongman autocrat
despot tyrant cleric imam rabbi ayatollah commissioner inspector delegate speaker student
teacher worker farmer driver passenger person individual child patient survivor hostage
prisoner detainee defector defendant secretary-general president-elect
"""
_EN_PERSON_MALE = """
king prince emperor tsar czar pope man boy father son husband brother uncle nephew
grandfather businessman congressman chairman spokesman sultan emir sheikh duke lord monk
grandson boyfriend
"""
_EN_PERSON_FEMALE = """
queen princess empress woman girl mother daughter wife sister aunt niece grandmother
businesswoman congresswoman chairwoman spokeswoman actress duchess lady nun granddaughter
girlfriend widow
"""


def _genders(neutral: str, male: str = "", female: str = "") -> dict[str, str]:
    out = {w: "" for w in neutral.split()}
    out.update({w: "male" for w in male.split()})
    out.update({w: "female" for w in female.split()})
    return out


PERSON_NOUNS: dict[str, dict[str, str]] = {
    "en": _genders(_EN_PERSON_NEUTRAL, _EN_PERSON_MALE, _EN_PERSON_FEMALE),
    "es": _genders(
        "líder canciller portavoz jefe dirigente mandatario representante diplomático periodista experto analista",
        "presidente ministro rey príncipe emperador hombre padre hijo esposo marido hermano secretario embajador dictador",
        "presidenta ministra reina princesa emperatriz mujer madre hija esposa hermana secretaria embajadora dictadora",
    ),
    "pt": _genders(
        "líder chanceler porta-voz chefe dirigente representante jornalista presidente",
        "ministro rei príncipe imperador homem pai filho marido irmão secretário embaixador ditador",
        "presidenta ministra rainha princesa imperatriz mulher mãe filha esposa irmã secretária embaixadora ditadora",
    ),
    "fr": _genders(
        "ministre porte-parole chef leader secrétaire diplomate journaliste",
        "président chancelier dirigeant roi prince empereur homme père fils mari frère ambassadeur dictateur",
        "présidente chancelière dirigeante reine princesse impératrice femme mère fille épouse sœur ambassadrice dictatrice",
    ),
}

# -- institution nouns: non-person antecedents no glossary lists -----------
INSTITUTION_NOUNS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """ministry government embassy agency company firm office kremlin parliament court
        committee council commission party army administration regime military organisation
        organization union bank institute university newspaper broadcaster network channel
        country nation city town region province team club board cabinet presidency palace
        navy police alliance bloc federation republic kingdom corporation""".split()
    ),
    "es": frozenset("ministerio gobierno embajada agencia empresa país régimen ejército".split()),
    "pt": frozenset("ministério governo embaixada agência empresa país regime exército".split()),
    "fr": frozenset("ministère gouvernement ambassade agence entreprise pays régime armée".split()),
}

#: Prepositions: a mention right after one (``in Russia``) is not a subject.
PREPOSITIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """in to from with of at on by for against between toward towards into about over under
        across within throughout after before during via near among amid than like including
        without beyond inside outside upon onto through around behind""".split()
    ),
    "es": frozenset("a ante bajo con contra de desde en entre hacia hasta para por según sin sobre tras del al".split()),
    "pt": frozenset("a ante após até com contra de desde em entre para perante por sem sob sobre do da no na ao pelo pela".split()),
    "fr": frozenset("à de en dans par pour sur sous avec sans contre entre vers chez du au aux des".split()),
}
DETERMINERS = frozenset("the a an this that these those its his her their our your".split())

#: Capitalised words that are never a name on their own.
NOT_NAMES = frozenset(
    """i monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
#: Demonyms and other capitalised adjectives end like this (Russian, Japanese, Spanish, Iraqi).
_ADJECTIVE_END = re.compile(r"(?:an|ese|ish|i|ic)$")

#: A run of capitalised words. It starts with the capital and checks the word boundary
#: before it after (``\b`` first would make every position a start to try).
CAP_RUN = re.compile(r"[A-Z\u00c0-\u00de](?<=\b[A-Z\u00c0-\u00de])[\w'’\-]*(?:[ \u00a0]+[A-Z\u00c0-\u00de][\w'’\-]*)*")
POSSESSIVE_S = re.compile(r"['’]s?\b")
OF_TAIL = re.compile(r"\s+of\s+(?:the\s+)?[A-Z\u00c0-\u00de][\w'’\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z\u00c0-\u00de][\w'’\-]*)*")


@dataclass(slots=True)
class Candidate:
    """A possible antecedent: where it is, what it is, how it sits in its phrase."""

    start: int
    end: int
    text: str
    kind: str  # person, place, organisation, other, unknown
    gender: str = ""  # male, female, nonbinary, "" unknown
    source: str = "glossary"  # glossary, an NER backend name, title, noun, name
    possessor: bool = False  # followed by ’s: a determiner, not a head
    modifier: bool = False  # a name modifying a following person noun (``Kremlin leader``)
    embeds: bool = False  # a person phrase that folds in ``of <name>`` (``president of France``)
    #: Where :attr:`governed` is worked out from, on first use (None: not governed).
    setting: "_Setting | None" = field(default=None, repr=False, compare=False)
    _governed: bool | None = field(default=None, repr=False, compare=False)

    @property
    def governed(self) -> bool:
        """Right after a preposition (optionally then a determiner), see :func:`_governed`.

        Worked out on first use from :attr:`setting`: few candidates are ever asked.
        """
        if self._governed is None:
            where = self.setting
            self._governed = where is not None and _governed(where.text, self.start, where.lang, where.rtext())
        return self._governed

    @governed.setter
    def governed(self, value: bool) -> None:
        self._governed = value

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def is_head(self) -> bool:
        return not (self.possessor or self.modifier)


class _Setting:
    """The text and language candidates sit in, for :attr:`Candidate.governed` (one per document)."""

    __slots__ = ("text", "lang", "_rtext")

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self._rtext: str | None = None

    def rtext(self) -> str:
        """The text reversed (for :func:`_governed`), made on first use."""
        if self._rtext is None:
            self._rtext = self.text[::-1]
        return self._rtext


def _word_before(text: str, pos: int) -> str:
    j = pos
    while j > 0 and text[j - 1] in " \u00a0\t":
        j -= 1
    k = j
    while k > 0 and (text[k - 1].isalpha()):
        k -= 1
    return text[k:j].lower()


#: Words after which :func:`_governed` looks one word further back.
_ARTICLES = DETERMINERS | frozenset(("el", "la", "los", "las", "o", "os", "as", "le", "les", "l"))
#: Read on the reversed text from a position: the word before it and the one before that
#: (each reversed, after spaces or tabs).
_TWO_WORDS_BACK = re.compile(r"[ \u00a0\t]*([^\W\d_]*)[ \u00a0\t]*([^\W\d_]*)")


def _governed(text: str, start: int, lang: str, rtext: str | None = None) -> bool:
    """True when a preposition (optionally then a determiner) comes right before ``start``.

    Words are runs of ``str.isalpha`` letters. With ``rtext`` (``text[::-1]``)
    one anchored match reads both words; when they hold a letter-like
    character outside ``isalpha`` (``²``), or without ``rtext``, they are read
    character by character.
    """
    preps = PREPOSITIONS.get(lang, frozenset())
    if rtext is not None:
        w1, w2 = _TWO_WORDS_BACK.match(rtext, len(text) - start).groups()
        if (not w1 or w1.isalpha()) and (not w2 or w2.isalpha()):
            w = w1[::-1].lower()
            if w in _ARTICLES:
                w = w2[::-1].lower()
            return w in preps
    w = _word_before(text, start)
    if w in _ARTICLES:
        pos = start
        while pos > 0 and text[pos - 1] in " \u00a0\t":
            pos -= 1
        pos -= len(w)
        w = _word_before(text, pos)
    return w in preps


#: Word tokens to look up in the noun tables (see :func:`_noun_tokens`).
TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: The words of the two tables, per language, that :func:`_build` looks for: those that are one
#: whole :data:`TOKEN` (letters, inner hyphens), as only those can match.
NOUN_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(w for w in PERSON_NOUNS.get(lang, {}).keys() | INSTITUTION_NOUNS.get(lang, frozenset()) if TOKEN.fullmatch(w))
    for lang in PERSON_NOUNS.keys() | INSTITUTION_NOUNS.keys()
}
#: Per word set: chunk -> the spans of its :data:`TOKEN` matches whose lower case is in the set.
_NOUN_MEMOS: dict[frozenset[str], ChunkMemo] = {}


def _noun_tokens(text: str, words: frozenset[str], chunks: list[str] | None = None) -> list[tuple[int, int]]:
    """Spans of the :data:`TOKEN` matches of ``text`` whose lower case is in ``words``, in text order.

    A token holds no space and where it starts and ends depends only on the
    letters and hyphens around it, so the tokens are found chunk by chunk
    (:func:`chunk_spans`): a memo lookup per chunk instead of lower-casing
    and looking up every token. ``chunks`` is ``text.split(" ")`` when the
    caller has it.

    >>> _noun_tokens("The minister-president met a Minister, not ministers.", frozenset({"minister"}))
    [(29, 37)]
    """
    memo = _NOUN_MEMOS.get(words)
    if memo is None:
        memo = _NOUN_MEMOS[words] = ChunkMemo(
            lambda chunk: tuple(m.span() for m in TOKEN.finditer(chunk) if m.group().lower() in words)
        )
    return chunk_spans(text.split(" ") if chunks is None else chunks, memo)


def _possessive_at(text: str, pos: int) -> bool:
    """``’s`` or a bare apostrophe at ``pos`` (looked at over two characters)."""
    return text.startswith(("'", "’"), pos) and bool(POSSESSIVE_S.match(text[pos : pos + 2]))


def _at_clause_start(text: str, pos: int, sent_start: int) -> bool:
    j = pos
    while j > sent_start and text[j - 1] in " \u00a0\t\"“‘«(¿¡[":
        j -= 1
    return j == sent_start or text[j - 1] in ".!?:;\n"


#: Longest stretch looked back inside one sentence: bounds the work on run-on text.
MAX_LOOKBACK = 600


class _DocInfo:
    """What the pronoun checks look up many times in one document, built once.

    The candidates are built on first use (:meth:`candidates`): a detector that
    only asks for sentences or quotations (MT105) does not pay for them.
    """

    __slots__ = ("doc", "lexicon", "_cands", "_starts", "sent_starts", "qmask", "windows")

    def __init__(self, doc: Document, lexicon=None) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sent_starts = [st for st, _ in doc.sentences]
        self.qmask = bytearray(len(doc.text) + 1)
        for st, en in doc.quotes:
            self.qmask[st:en] = b"\x01" * (en - st)
        self._cands: list[Candidate] | None = None
        self._starts: list[int] = []
        self.windows: dict[tuple[int, int], tuple[list[Candidate], list[Candidate]]] = {}  # see :func:`window`

    def candidates(self) -> tuple[list[Candidate], list[int]]:
        """The candidates in text order and their starts (for bisection)."""
        if self._cands is None:
            self._cands = _build(self.doc, self.lexicon, self.sent_starts)
            self._starts = [c.start for c in self._cands]
        return self._cands, self._starts


# A one-entry cache for the document being detected (MT101, MT102, MT104 and
# MT105 share it). It holds the document itself, so an identity test is enough.
_info: _DocInfo | None = None


def info(doc: Document, lexicon=None) -> _DocInfo:
    """The cached :class:`_DocInfo` of ``doc``; its candidates use the first lexicon given for ``doc``."""
    global _info
    if _info is None or _info.doc is not doc:
        _info = _DocInfo(doc, lexicon)
    elif _info.lexicon is None and _info._cands is None:
        _info.lexicon = lexicon
    return _info


def candidates(doc: Document, lexicon=None) -> list[Candidate]:
    """Every antecedent candidate of ``doc`` in text order (cached for the last document)."""
    return info(doc, lexicon).candidates()[0]


def in_quote(doc: Document, pos: int) -> bool:
    """``doc.in_quote`` through a per-document character mask."""
    return bool(info(doc).qmask[pos])


def sentence_span(doc: Document, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``, or the nearest one before it (by bisection)."""
    if not doc.sentences:
        return 0, len(doc.text)
    return doc.sentences[sentence_index(doc, pos)]


def _build(doc: Document, lexicon=None, sent_starts: list[int] | None = None) -> list[Candidate]:
    text, lang = doc.text, doc.lang
    cands: list[Candidate] = []
    mask = bytearray(len(text) + 1)  # 1 where a candidate already sits

    en = lang == "en"
    setting = _Setting(text, lang)  # mentions and nouns are governed or not: asked on first use
    for m in doc.mentions:
        cands.append(Candidate(
            m.start, m.end, m.text, m.kind or "other", m.gender or "", m.source,
            possessor=en and _possessive_at(text, m.end), setting=setting,
        ))
        mask[m.start : m.end] = b"\x01" * (m.end - m.start)

    mention_starts = [c.start for c in cands]  # mentions come sorted and do not overlap
    last_title_end = -1
    persons = PERSON_NOUNS.get(lang, {})
    for s, e in _noun_tokens(text, NOUN_WORDS.get(lang, frozenset()), doc.chunks()):
        if mask.find(1, s, e) != -1:
            continue
        word = text[s:e].lower()
        if word in persons:
            c = Candidate(s, e, text[s:e], "person", persons[word], "title")
            if lang == "en":
                tail = OF_TAIL.match(text, e)
                if tail:
                    c.embeds = True
                    c.end = tail.end()
                    c.text = text[s : c.end]
                # ``Kremlin leader``: a non-person mention right before is a modifier.
                k = bisect.bisect_left(mention_starts, s) - 1
                prev = cands[k] if k >= 0 else None
                if prev is not None and prev.end <= s and prev.end >= last_title_end and prev.kind != "person" \
                        and not text[prev.end : s].strip():
                    prev.modifier = True
                last_title_end = c.end
        else:
            c = Candidate(s, e, text[s:e], "organisation", "", "noun")
        c.setting = setting
        c.possessor = en and _possessive_at(text, e)
        cands.append(c)
        mask[c.start : c.end] = b"\x01" * (c.end - c.start)
    cands.sort(key=lambda c: c.start)
    # Names folded into a person phrase (``the president of France``) stop being heads.
    all_starts = [c.start for c in cands]
    for c in cands:
        if c.embeds:
            for k in range(bisect.bisect_right(all_starts, c.start), bisect.bisect_left(all_starts, c.end)):
                if cands[k].end <= c.end:
                    cands[k].modifier = True
    if lang == "en":
        cands.extend(_unknown_names(doc, mask, lexicon, sent_starts))
        cands.sort(key=lambda c: c.start)
    return cands


def _unknown_names(doc: Document, mask: bytearray, lexicon=None, starts: list[int] | None = None) -> Iterable[Candidate]:
    """Capitalised runs that are not mentions, person nouns, adjectives or sentence-initial words."""
    text = doc.text
    if starts is None:
        starts = [st for st, _ in doc.sentences]
    for m in CAP_RUN.finditer(text):
        s, e = m.span()
        if mask.find(1, max(0, s - 1), e + 1) != -1:  # touching a mention: part of its phrase
            continue
        words = m.group().split()
        i = bisect.bisect_right(starts, s) - 1
        sent_start = starts[i] if i >= 0 else 0
        if _at_clause_start(text, s, sent_start):
            words = words[1:]
            if not words:
                continue
            s = text.index(words[0], s)
        last = words[-1].rstrip("'’s")
        low = last.lower()
        if low in NOT_NAMES or len(last) < 2:
            continue
        if _ADJECTIVE_END.search(low) and len(words) <= 2 and (lexicon is None or lexicon.zipf(low) >= 3.0):
            continue  # Russian, North Korean, Japanese
        if low in INSTITUTION_NOUNS.get("en", ()):
            yield Candidate(s, e, text[s:e], "organisation", "", "noun")
            continue
        if last.isupper() and len(last) <= 5:
            continue  # an acronym the glossary lacks: could be anything, but not a he/she
        yield Candidate(s, e, text[s:e], "unknown", "", "name")


def sentence_index(doc: Document, pos: int) -> int:
    i = bisect.bisect_right(info(doc).sent_starts, pos) - 1
    return max(i, 0)


def outside_quotes(doc: Document, cands: Iterable[Candidate]) -> list[Candidate]:
    mask = info(doc).qmask
    return [c for c in cands if not mask[c.start]]


def in_span(doc: Document, start: int, end: int) -> list[Candidate]:
    """Candidates lying within ``start:end`` (by bisection on their starts)."""
    cands, starts = info(doc).candidates()
    out = []
    for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
        c = cands[k]
        if c.end <= end:
            out.append(c)
    return out


def _outside_quotes_in(inf: _DocInfo, start: int, end: int) -> list[Candidate]:
    """``outside_quotes(doc, in_span(doc, start, end))`` in one pass."""
    cands, starts = inf.candidates()
    mask = inf.qmask
    return [
        c for c in cands[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        if c.end <= end and not mask[c.start]
    ]


def window(doc: Document, cands: list[Candidate], pos: int, back: int = 1) -> tuple[list[Candidate], list[Candidate]]:
    """Candidates before ``pos`` in its sentence, and in the previous sentence(s).

    The earlier part looks back ``back`` sentences; a sentence with no
    candidate outside quotes is skipped over (once), so a quotation-only
    sentence does not hide the speaker named before it. Each sentence is
    looked at over its last :data:`MAX_LOOKBACK` characters at most.

    The result is cached for the document (MT101 and MT102 ask for the same
    windows): callers must not change the lists.
    """
    inf = info(doc)
    key = (pos, back)
    hit = inf.windows.get(key)
    if hit is None:
        hit = inf.windows[key] = _window(doc, inf, pos, back)
    return hit


def _window(doc: Document, inf: _DocInfo, pos: int, back: int) -> tuple[list[Candidate], list[Candidate]]:
    if not doc.sentences:
        return _outside_quotes_in(inf, max(0, pos - MAX_LOOKBACK), pos), []
    i = max(bisect.bisect_right(inf.sent_starts, pos) - 1, 0)
    s0 = max(doc.sentences[i][0], pos - MAX_LOOKBACK)
    same = _outside_quotes_in(inf, s0, pos)
    earlier: list[Candidate] = []
    j, taken, skipped = i - 1, 0, 0
    while j >= 0 and taken < back:
        s, e = doc.sentences[j]
        found = _outside_quotes_in(inf, max(s, e - MAX_LOOKBACK), e)
        if found:
            earlier = found + earlier
            taken += 1
        elif skipped:
            break
        else:
            skipped += 1
        j -= 1
    return same, earlier


def same_sentence_after(doc: Document, cands: list[Candidate], pos: int) -> list[Candidate]:
    _, e = sentence_span(doc, pos)
    return _outside_quotes_in(info(doc), pos, min(e, pos + MAX_LOOKBACK))
