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

The pronouns themselves (:data:`PRONOUNS`) are found here too, in the same
pass over the text as the person and institution nouns (:func:`_words`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import attrgetter, itemgetter, le
from typing import Iterable

from ..model import Document
from ..glossary.index import Memo
from .base import ChunkMemo

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
#: before it after (``\b`` first would make every position a start to try). The repeats are
#: possessive: nothing after them could make them give back, so the engine keeps no
#: backtracking state.
CAP_RUN = re.compile(r"[A-Z\u00c0-\u00de](?<=\b[A-Z\u00c0-\u00de])[\w'’\-]*+(?:[ \u00a0]++[A-Z\u00c0-\u00de][\w'’\-]*+)*+")
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
    #: Where :attr:`governed` is worked out from, on first use (None: not governed).
    setting: "_Setting | None" = field(default=None, repr=False, compare=False)
    possessor: bool = False  # followed by ’s: a determiner, not a head
    modifier: bool = False  # a name modifying a following person noun (``Kremlin leader``)
    embeds: bool = False  # a person phrase that folds in ``of <name>`` (``president of France``)
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


#: Word tokens to look up in the noun tables (see :func:`_words`).
TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: The words of the two tables, per language, that :func:`_build` looks for: those that are one
#: whole :data:`TOKEN` (letters, inner hyphens), as only those can match.
NOUN_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(w for w in PERSON_NOUNS.get(lang, {}).keys() | INSTITUTION_NOUNS.get(lang, frozenset()) if TOKEN.fullmatch(w))
    for lang in PERSON_NOUNS.keys() | INSTITUTION_NOUNS.keys()
}

# -- pronouns, per target language -----------------------------------------
# Found here, in the same pass over the text as the nouns (:func:`_words`).
# pronoun -> (gender, role); role: subj, obj, poss (possessive determiner),
# pposs (standalone possessive), objposs (English "her"), refl.
PRONOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "he": ("male", "subj"), "him": ("male", "obj"), "his": ("male", "poss"), "himself": ("male", "refl"),
        "she": ("female", "subj"), "her": ("female", "objposs"), "hers": ("female", "pposs"),
        "herself": ("female", "refl"), "its": ("neuter", "poss"), "itself": ("neuter", "refl"),
    },
    "es": {"él": ("male", "subj"), "ella": ("female", "subj")},
    "pt": {"ele": ("male", "subj"), "ela": ("female", "subj")},
    "fr": {"il": ("male", "subj"), "elle": ("female", "subj")},
}
_PRONOUN_RES: dict[str, re.Pattern] = {}


def _pronoun_re(lang: str) -> re.Pattern:
    """The pronouns of ``lang`` as whole words, in any case (no word character or apostrophe either side)."""
    if lang not in _PRONOUN_RES:
        alt = "|".join(sorted(PRONOUNS[lang], key=len, reverse=True))
        _PRONOUN_RES[lang] = re.compile(rf"(?<![\w'’])(?:{alt})(?![\w'’])", re.I)
    return _PRONOUN_RES[lang]


#: Per language: chunk -> its noun tokens and pronouns (see :func:`_words`).
_WORD_MEMOS: dict[str, ChunkMemo] = {}
#: ``(start, end, lower-case word)``: a noun token or a pronoun.
Word = tuple[int, int, str]


def _word_memo(lang: str) -> ChunkMemo:
    """Chunk -> ``(start, end, lower-case word, is a noun word)`` of each noun token and pronoun in it, in order."""
    memo = _WORD_MEMOS.get(lang)
    if memo is None:
        nouns = NOUN_WORDS.get(lang, frozenset())
        pronouns = _pronoun_re(lang) if lang in PRONOUNS else None

        def words(chunk: str) -> tuple[tuple[int, int, str, bool], ...]:
            found = [m.span() for m in TOKEN.finditer(chunk) if m.group().lower() in nouns]
            if pronouns is not None:
                found += [m.span() for m in pronouns.finditer(chunk)]
            return tuple((s, e, low, low in nouns) for s, e in sorted(found) for low in (chunk[s:e].lower(),))

        memo = _WORD_MEMOS[lang] = ChunkMemo(words)
    return memo


def _words(text: str, lang: str, chunks: list[str] | None = None) -> tuple[list[Word], list[Word]]:
    """The noun tokens and the pronouns of ``text``, each as ``(start, end, lower-case word)`` in text order.

    A noun token is a :data:`TOKEN` match whose lower case is in
    :data:`NOUN_WORDS`; a pronoun is a match of :func:`_pronoun_re`. Neither
    holds a space, and where one starts and ends depends only on the
    characters around it, a space counting like the ends of the text; so both
    are found chunk by chunk, in one pass: a memo lookup per chunk
    (:func:`_word_memo`) instead of regex passes over the text. No pronoun is
    a noun word, so the lower case of a span says which it is; the memo keeps
    it with the span, so it is not cut out of the text and lowered again.
    ``chunks`` is ``text.split(" ")`` when the caller has it.

    A chunk that holds a word is placed by searching the text for it with a
    space on each side (one ``str.find``), from the end of the chunk placed
    before: a whole chunk equal to it in between would hold the same words and
    have been placed first, so the first such occurrence is the chunk. The
    first chunk of the text has no space before it and the last none after,
    so they are tested for apart. The lengths of the chunks in between are
    never looked at (:func:`.base.chunk_spans` adds them all up).

    >>> _words("The minister-president met a Minister, not ministers; he-man saw HIS.", "en")
    ([(29, 37, 'minister')], [(54, 56, 'he'), (65, 68, 'his')])
    >>> _words("his  his his", "en")[1]
    [(0, 3, 'his'), (5, 8, 'his'), (9, 12, 'his')]
    """
    memo = _word_memo(lang)
    if chunks is None:
        chunks = text.split(" ")
    noun_words: list[Word] = []
    pronoun_words: list[Word] = []
    find = text.find
    end = 0  # where the chunk placed last ends (0: none placed yet)
    for chunk in compress(chunks, map(memo.__getitem__, chunks)):
        if end == 0 and chunk == chunks[0]:
            at = 0  # the first chunk
        else:
            at = find(" " + chunk + " ", end) + 1
            if at == 0:  # not followed by a space: the last chunk
                at = len(text) - len(chunk)
        end = at + len(chunk)
        for s, e, low, noun in memo[chunk]:
            (noun_words if noun else pronoun_words).append((at + s, at + e, low))
    return noun_words, pronoun_words


def _possessive_at(text: str, pos: int) -> bool:
    """``’s`` or an apostrophe before a word character at ``pos`` (looked at over two characters)."""
    return text.startswith(("'", "’"), pos) and POSSESSIVE_S.match(text, pos, pos + 2) is not None


def _possessives(text: str) -> set[int]:
    """Where :func:`_possessive_at` holds: found from the apostrophes (few), so that a candidate's
    test is a set lookup.

    >>> sorted(_possessives("Kim’s aides' view, 'quoted' and O'Neil"))
    [3, 19, 33]
    """
    found = set()
    for mark in "'’":
        p = text.find(mark)
        while p != -1:
            if _possessive_at(text, p):
                found.add(p)
            p = text.find(mark, p + 1)
    return found


def _at_clause_start(text: str, pos: int, sent_start: int) -> bool:
    j = pos
    while j > sent_start and text[j - 1] in " \u00a0\t\"“‘«(¿¡[":
        j -= 1
    return j == sent_start or text[j - 1] in ".!?:;\n"


#: Longest stretch looked back inside one sentence: bounds the work on run-on text.
MAX_LOOKBACK = 600
#: ``(candidates, starts, reach)``: candidates in text order, their starts (for bisection), and
#: ``reach[k]``, the furthest end among the first ``k + 1`` (see :func:`_outside_quotes_in`).
Outside = tuple[list[Candidate], list[int], list[int]]


class _DocInfo:
    """What the pronoun checks look up many times in one document, built once.

    The words and the candidates are found on first use (:meth:`words`,
    :meth:`candidates`): a detector that only asks for sentences or quotations
    (MT105) does not pay for them.
    """

    __slots__ = ("doc", "lexicon", "_words", "_cands", "_outside", "sent_starts", "qmask", "windows")

    def __init__(self, doc: Document, lexicon=None) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.sent_starts = list(map(_FIRST, doc.sentences))
        self.qmask = qmask = bytearray(len(doc.text) + 1)
        for st, en in doc.quotes:
            qmask[st:en] = b"\x01" * (en - st)
        self._words: tuple[list[Word], list[Word]] | None = None
        self._cands: list[Candidate] | None = None
        self._outside: Outside = ([], [], [])
        self.windows: dict[tuple[int, int], tuple[list[Candidate], list[Candidate]]] = {}  # see :func:`window`

    def words(self) -> tuple[list[Word], list[Word]]:
        """:func:`_words` of the document: the noun tokens (for :func:`_build`) and the pronouns (for the checks)."""
        if self._words is None:
            self._words = _words(self.doc.text, self.doc.lang, self.doc.chunks())
        return self._words

    def candidates(self) -> list[Candidate]:
        """The candidates in text order."""
        if self._cands is None:
            cands = self._cands = _build(self.doc, self.words()[0], self.lexicon, self.sent_starts)
            qmask = self.qmask
            outside = [c for c in cands if not qmask[c.start]]
            self._outside = (outside, list(map(_START, outside)), _reach(list(map(_END, outside))))
        return self._cands

    def outside_quotes(self) -> Outside:
        """The candidates outside quotations (all :func:`window` looks at), see :data:`Outside`."""
        if self._cands is None:
            self.candidates()
        return self._outside


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
    return info(doc, lexicon).candidates()


def in_quote(doc: Document, pos: int) -> bool:
    """``doc.in_quote`` through a per-document character mask."""
    return bool(info(doc).qmask[pos])


def sentence_span(doc: Document, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``, or the nearest one before it (by bisection)."""
    if not doc.sentences:
        return 0, len(doc.text)
    return doc.sentences[sentence_index(doc, pos)]


_START = attrgetter("start")
_END = attrgetter("end")
_FIRST = itemgetter(0)


def _build(doc: Document, nouns: list[Word], lexicon=None, sent_starts: list[int] | None = None) -> list[Candidate]:
    """The candidates of ``doc`` in text order; ``nouns`` are its noun tokens (:func:`_words`)."""
    text, lang = doc.text, doc.lang
    cands: list[Candidate] = []
    append = cands.append
    mask = bytearray(len(text) + 1)  # 1 where a candidate already sits

    en = lang == "en"
    # Whether a candidate is a possessor is tested where it ends (English only).
    possessives = _possessives(text) if en else ()
    setting = _Setting(text, lang)  # mentions and nouns are governed or not: asked on first use
    for m in doc.mentions:
        s, e = m.start, m.end
        append(Candidate(s, e, m.text, m.kind or "other", m.gender or "", m.source, setting, e in possessives))
        mask[s:e] = b"\x01" * (e - s)

    n_mentions = len(cands)  # mentions come sorted and do not overlap
    last_title_end = -1
    folding: list[Candidate] = []  # person phrases that fold in ``of <name>``
    persons = PERSON_NOUNS.get(lang, {})
    for s, e, word in nouns:
        if 1 in mask[s:e]:  # (a slice and ``in`` cost less than ``bytearray.find`` with bounds)
            continue
        if word in persons:
            c = Candidate(s, e, text[s:e], "person", persons[word], "title", setting)
            if en:
                tail = OF_TAIL.match(text, e)
                if tail:
                    c.embeds = True
                    c.end = tail.end()
                    c.text = text[s : c.end]
                    folding.append(c)
                # ``Kremlin leader``: a non-person mention right before is a modifier.
                k = bisect.bisect_left(cands, s, 0, n_mentions, key=_START) - 1
                prev = cands[k] if k >= 0 else None
                if prev is not None and prev.end <= s and prev.end >= last_title_end and prev.kind != "person" \
                        and not text[prev.end : s].strip():
                    prev.modifier = True
                last_title_end = c.end
        else:
            c = Candidate(s, e, text[s:e], "organisation", "", "noun", setting)
        c.possessor = e in possessives
        append(c)
        mask[c.start : c.end] = b"\x01" * (c.end - c.start)
    cands.sort(key=_START)
    # Names folded into a person phrase (``the president of France``) stop being heads.
    for c in folding:
        for k in range(bisect.bisect_right(cands, c.start, key=_START), bisect.bisect_left(cands, c.end, key=_START)):
            if cands[k].end <= c.end:
                cands[k].modifier = True
    if en:
        unknown = _unknown_names(doc, mask, lexicon, sent_starts)
        if unknown:
            cands += unknown
            cands.sort(key=_START)
    return cands


def _unknown_names(doc: Document, mask: bytearray, lexicon=None, starts: list[int] | None = None) -> list[Candidate]:
    """Capitalised runs that are not mentions, person nouns, adjectives or sentence-initial words.

    Most runs touch a mention (they hold it), so that test comes first and
    takes one look at the mask; what the words of the others make is
    :func:`_run_name`, which texts ask about the same runs again and again
    (:func:`_run_names`). Whether the run is at a clause start is looked at
    only where the answer depends on it (``The`` does, ``Monday`` does not),
    and at a sentence start it is.
    """
    text = doc.text
    if starts is None:
        starts = [st for st, _ in doc.sentences]
    out: list[Candidate] = []
    names = _run_names(lexicon)
    for s, e in [m.span() for m in CAP_RUN.finditer(text)]:
        # Touching a mention: part of its phrase. Most such runs start where a mention does, which
        # one index shows; the others need the mask around the run (cheaper sliced than searched).
        if mask[s] or 1 in mask[s - 1 if s else 0 : e + 1]:
            continue
        inside, first = names[text[s:e]]
        if inside == first:
            name = inside
        else:
            i = bisect.bisect_right(starts, s) - 1
            st = starts[i] if i >= 0 else 0
            name = first if s == st or _at_clause_start(text, s, st) else inside
        if name is not None:
            skip, kind, source = name
            out.append(Candidate(s + skip, e, text[s + skip : e], kind, "", source))
    return out


#: Per lexicon: capitalised run -> ``(_run_name(run, False), _run_name(run, True))``.
_RUN_NAMES: dict[object, Memo] = {}


def _run_names(lexicon=None) -> Memo:
    """Run -> what it names inside a clause and at a clause start (:func:`_run_name`), memoised per lexicon."""
    memo = _RUN_NAMES.get(lexicon)
    if memo is None:
        memo = _RUN_NAMES[lexicon] = Memo(lambda run: (_run_name(run, False, lexicon), _run_name(run, True, lexicon)))
    return memo


@functools.lru_cache(maxsize=1 << 16)
def _run_name(run: str, clause_start: bool, lexicon=None) -> tuple[int, str, str] | None:
    """What a capitalised run not touching a mention names: ``(skip, kind, source)`` or None.

    The candidate starts ``skip`` characters into the run: at a clause start
    the first word is dropped (``The``, ``He``), and a run of one word there
    names nothing. Then the last word decides: days, months and ``I`` are not
    names, demonyms are adjectives (``Russian``, ``North Korean``), an
    institution noun is an organisation, a short acronym could be anything.

    >>> _run_name("The Ministry", True), _run_name("The Ministry", False), _run_name("He", True)
    ((4, 'organisation', 'noun'), (0, 'organisation', 'noun'), None)
    >>> _run_name("Tim Harrow’s", False), _run_name("North Korean", False), _run_name("NATO", False)
    ((0, 'unknown', 'name'), None, None)
    """
    words = run.split()
    skip = 0
    if clause_start:
        words = words[1:]
        if not words:
            return None
        skip = run.index(words[0])
    last = words[-1].rstrip("'’s")
    low = last.lower()
    if low in NOT_NAMES or len(last) < 2:
        return None
    if _ADJECTIVE_END.search(low) and len(words) <= 2 and (lexicon is None or lexicon.zipf(low) >= 3.0):
        return None  # Russian, North Korean, Japanese
    if low in INSTITUTION_NOUNS["en"]:
        return skip, "organisation", "noun"
    if last.isupper() and len(last) <= 5:
        return None  # an acronym the glossary lacks: could be anything, but not a he/she
    return skip, "unknown", "name"


def sentence_index(doc: Document, pos: int) -> int:
    i = bisect.bisect_right(info(doc).sent_starts, pos) - 1
    return max(i, 0)


def outside_quotes(doc: Document, cands: Iterable[Candidate]) -> list[Candidate]:
    mask = info(doc).qmask
    return [c for c in cands if not mask[c.start]]


def in_span(doc: Document, start: int, end: int) -> list[Candidate]:
    """Candidates lying within ``start:end`` (by bisection on their starts)."""
    cands = info(doc).candidates()
    out = []
    for k in range(bisect.bisect_left(cands, start, key=_START), bisect.bisect_left(cands, end, key=_START)):
        c = cands[k]
        if c.end <= end:
            out.append(c)
    return out


def _reach(ends: list[int]) -> list[int]:
    """``ends`` made non-decreasing: each the furthest of it and those before (for :data:`Outside`).

    Most often they are in order already (a candidate that holds a later one ending before it
    does, as a title folding in a name can, is rare); that is tested first, as ``accumulate``
    with ``max`` costs a call of the builtin per candidate.

    >>> _reach([3, 9, 9, 12]), _reach([3, 20, 9, 25])
    ([3, 9, 9, 12], [3, 20, 20, 25])
    """
    return ends if all(map(le, ends, ends[1:])) else list(accumulate(ends, max))


def _outside_quotes_in(outside: Outside, start: int, end: int) -> list[Candidate]:
    """``outside_quotes(doc, in_span(doc, start, end))``, by bisection in ``outside`` (:meth:`_DocInfo.outside_quotes`).

    The candidates starting in the span are a slice; only when one of them
    (or one before) reaches past ``end`` are they filtered one by one.
    """
    cands, starts, reach = outside
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    if lo == hi or reach[hi - 1] <= end:
        return cands[lo:hi]
    return [c for c in cands[lo:hi] if c.end <= end]


def window(doc: Document, cands: list[Candidate], pos: int, back: int = 1) -> tuple[list[Candidate], list[Candidate]]:
    """Candidates before ``pos`` in its sentence, and in the previous sentence(s).

    The earlier part looks back ``back`` sentences; a sentence with no
    candidate outside quotes is skipped over (once), so a quotation-only
    sentence does not hide the speaker named before it. Each sentence is
    looked at over its last :data:`MAX_LOOKBACK` characters at most.

    The result is cached for the document (MT101 and MT102 ask for the same
    windows): callers must not change the lists.
    """
    inf = _info if _info is not None and _info.doc is doc else info(doc)  # (:func:`info`, without the call)
    key = (pos, back)
    hit = inf.windows.get(key)
    if hit is None:
        hit = inf.windows[key] = _window(doc, inf, pos, back)
    return hit


def _window(doc: Document, inf: _DocInfo, pos: int, back: int) -> tuple[list[Candidate], list[Candidate]]:
    # (Bounds are clipped with conditional expressions: a call of the builtin ``max`` costs
    # more than the rest of a line here, and this runs once per pronoun and window.)
    outside = inf._outside if inf._cands is not None else inf.outside_quotes()
    if not doc.sentences:
        return _outside_quotes_in(outside, max(0, pos - MAX_LOOKBACK), pos), []
    i = bisect.bisect_right(inf.sent_starts, pos) - 1
    if i < 0:
        i = 0
    sentences = doc.sentences
    s0 = sentences[i][0]
    same = _outside_quotes_in(outside, s0 if s0 > pos - MAX_LOOKBACK else pos - MAX_LOOKBACK, pos)
    earlier: list[Candidate] = []
    j, taken, skipped = i - 1, 0, 0
    while j >= 0 and taken < back:
        s, e = sentences[j]
        found = _outside_quotes_in(outside, s if s > e - MAX_LOOKBACK else e - MAX_LOOKBACK, e)
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
    return _outside_quotes_in(info(doc).outside_quotes(), pos, min(e, pos + MAX_LOOKBACK))
