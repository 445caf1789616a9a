"""MT103 untranslated-text: source-language text left in the translation.

What it finds
    Words, sentences, paragraphs or whole articles that are not in the target
    language: ``Actualmente, ...`` or a stray ``pomadita`` in an English
    article, a Portuguese caption, a Swedish sentence. An article whose main
    language is not the target is reported once, over the whole text.

Why it matters
    Untranslated text is an accuracy error (MQM Accuracy/Untranslated): the
    reader of the target language loses that content entirely, and a whole
    article left in the source language was never translated at all.

Example
    ``Actualmente, the government plans new measures.``

Use instead
    ``Currently, the government plans new measures.``

Fix safety
    Never fixed: translating is a human's job. Findings are display-only and
    carry the detected language and its probability (``score`` and ``data``).

How it decides (conservatively): a word counts as source-language when the
source lexicon knows it (Zipf >= 3, or a diminutive of such a word:
``pomadita`` from ``pomada``) and it is at least 100 times more frequent there
than in the target lexicon. Names never count: glossary matches, NER
mentions, capitalised words in mid-sentence, all-caps words, URLs and
numbers. A run of such words is reported; one word alone only when it is long
and rare in the target language. Whole segments are judged by langdetect
(seeded, so every run gives the same answer) and reported only when the
lexicon of the detected language agrees: langdetect alone is wrong on short
text and names (``Kim Jong-Un`` comes out Tagalog). With ``--source-lang``
only that language is looked for; otherwise en, es, pt, fr, de and it (less
the target). A short run whose every word the target lexicon also knows
(Zipf >= 2.5: ``déjà vu``, ``fiesta``) is a loan, not an error, unless
it holds source-language function words (``the``, ``que``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from .. import langid
from ..glossary.index import url_spans
from ..model import Safety, Severity
from . import register
from .base import ChunkMemo, Detector, Example, chunk_spans

#: Source languages tried when ``--source-lang`` is not given.
SOURCE_GUESSES = ("en", "es", "pt", "fr", "de", "it")
LANG_NAMES = {
    "en": "English", "es": "Spanish", "pt": "Portuguese", "fr": "French", "de": "German",
    "it": "Italian", "ca": "Catalan", "nl": "Dutch", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "pl": "Polish", "ro": "Romanian", "ru": "Russian", "tr": "Turkish",
}
#: Diminutive endings -> ending of the base word, for words no lexicon lists.
DIMINUTIVES = {
    "es": (("citas", "s"), ("citos", "s"), ("itas", "as"), ("itos", "os"), ("cita", ""), ("cito", ""), ("ita", "a"), ("ito", "o")),
    "pt": (("zinhas", "s"), ("zinhos", "s"), ("inhas", "as"), ("inhos", "os"), ("zinha", ""), ("zinho", ""), ("inha", "a"), ("inho", "o")),
    "it": (("ine", "e"), ("ini", "i"), ("ina", "a"), ("ino", "o"), ("etta", "a"), ("etto", "o")),
}
SOURCE_MIN = 3.0  # Zipf a source word must reach
MARGIN = 2.0  # ... and by how much it must beat the target lexicon (100x)
SHARED = 4.0  # common in both: a shared word, no evidence either way
TARGET_MIN = 2.5  # a target-language word
SINGLE_MIN_LEN = 5  # one word alone: at least this long ...
SINGLE_MAX_TARGET = 2.5  # ... rarer than this in the target language ...
SINGLE_MARGIN = 2.5  # ... and this much commoner (Zipf) in the source language
LOAN_ZIPF = 2.5  # a short run of words the target lexicon knows this well is a loan
LOAN_MAX_WORDS = 3
SEGMENT_MIN_WORDS = 5  # langdetect judges segments of at least this many ordinary words
ARTICLE_MIN_WORDS = 20
SEGMENT_MIN_PROB = 0.9
BREAK = re.compile(r"[.!?:;()\[\]\"“”«»\n\r]")
OPENERS = set(".!?:;\"“«‘'(¿¡—–-")

# Word classes: one letter per word, so a span's classes are a slice of one string.
NAME, FOREIGN, WEAK, SHARED_W, TARGET, UNKNOWN = "N", "F", "W", "A", "T", "U"
#: A capitalised word's class in the memo, before its context says whether it is a name.
_CAPITALISED = str.maketrans("FWATU", "fwatu")
_PENDING = re.compile("[fwatu]")
_FOREIGNISH = re.compile("[FWU]")  # not a target-language word nor a name
_STRONGISH = re.compile("[FW]")
#: ``WORD`` with a group: ``split`` gives the gaps and the words in turn, offsets without match objects.
_WORD_SPLIT = re.compile(f"({langid.WORD.pattern})")
_DIGITS = re.compile(r"\d+")
_NO_INFO = ("", 0.0, 0.0)
MEMO_MAX = 500_000  # words per language set; the memo starts afresh beyond this


@dataclass(slots=True)
class Tokens:
    """The words of a document in text order, as parallel lists.

    ``cls`` holds one class letter per word (counting a class in a span is a
    ``str.count``); ``gaps[i]`` is the text between word ``i - 1`` and word
    ``i``; ``info`` maps a word to its ``(lang, source Zipf, target Zipf)``.
    """

    starts: list[int]
    ends: list[int]
    words: list[str]
    gaps: list[str]
    cls: str
    info: dict[str, tuple[str, float, float]]

    def span(self, s: int, e: int) -> tuple[int, int]:
        """The index range of the words starting in ``s..e``: a bisect, not a scan."""
        lo = bisect.bisect_left(self.starts, s)
        return lo, bisect.bisect_left(self.starts, e, lo)


@register
class UntranslatedText(Detector):
    code = "MT103"
    fix_safety = Safety.DISPLAY_ONLY
    name = "untranslated-text"
    category = "Accuracy"
    subcategory = "Untranslated"
    severity = Severity.MAJOR
    languages = None
    bad_examples = (
        Example("[[Actualmente]], the government plans new measures.", suggestion="translate from Spanish into English"),
        Example("She bought a [[pomadita]] for the burn.", suggestion="translate from Spanish into English"),
        Example("The minister said [[que no habrá elecciones]] this year.", suggestion="translate from Spanish into English"),
        Example("The caption read: [[Os moradores deixaram as casas durante a noite por causa das chuvas.]]",
                suggestion="translate from Portuguese into English"),
        Example("He spoke.\n[[Regeringen meddelade i dag att alla skolor stänger under veckan.]]\nThen he left.",
                suggestion="translate from Swedish into English"),
        Example("Le ministre a parlé hier. [[Currently]] il n’y a pas de solution.", suggestion="translate from English into French", lang="fr"),
        Example("[[Actualmente o governo não tem planos para novas eleições no país, disse o ministro em Lisboa. "
                "A oposição pediu explicações ao governo sobre a crise e sobre os atrasos nos pagamentos.]]",
                suggestion="translate the whole article from Portuguese into English"),
    )
    good_examples = (
        Example("North Korean leader Kim Jong-Un is on his way to Russia this Monday."),
        Example("date 2023-09-11 North Korean leader Kim Jong-Un arrived."),
        Example("For expert Ramón Pacheco Pardo, holder of the Korea chair, the ties deepen."),
        Example("The South Korean newspaper ‘Chosun Ilbo’ reported it, citing Europa Press."),
        Example("They ate tapas and paella at a fiesta in the barrio, a déjà vu."),
        Example("See www.infobae.com/america/2023 for more."),
        Example("El ministro dijo que la pomadita no funciona.", lang="es"),
        Example("Le ministre a dit que la situation est grave.", lang="fr"),
        Example("O ministro disse que a situação é grave em Moscou.", lang="pt"),
    )

    def __init__(self) -> None:
        # Classifying a word depends only on the word and the languages: memoised
        # across documents, per (target, sources): word -> class letter, and
        # word -> (lang, source Zipf, target Zipf).
        self._memo: dict[tuple, tuple[dict[str, str], dict[str, tuple[str, float, float]]]] = {}
        # Per (target, sources): space-free chunk -> the spans of its words that may count
        # against the target language (see :meth:`_may_report`).
        self._suspects: dict[tuple, ChunkMemo] = {}

    # -- classification ---------------------------------------------------
    def detect(self, doc, ctx):
        target = doc.lang
        tlex = ctx.lexicon
        sources = [ctx.config.source_lang] if ctx.config.source_lang else list(SOURCE_GUESSES)
        slexes = [(s, lx) for s in sources if s != target and (lx := _source_lexicon(s)) is not None]
        if not self._may_report(doc, tlex, slexes):
            return
        toks = self._tokens(doc, tlex, slexes)
        done: list[tuple[int, int]] = []
        if _may_hold_segment(toks.cls):
            # 1. The whole article.
            whole = self._segment(toks, 0, len(doc.text), target, ARTICLE_MIN_WORDS)
            if whole is not None:
                lang, prob = whole
                s, e = _trim(doc.text, 0, len(doc.text))
                yield self._report(doc, s, e, target, lang, prob, "article", Severity.CRITICAL,
                                   f"The article is not in {_name(target)}: it reads as {_name(lang)} "
                                   f"(langdetect p={prob:.2f}, confirmed by the {_name(lang)} word list).",
                                   scope_words="the whole article ")
                return
            # 2. Paragraphs, then sentences, judged as a whole.
            for ps, pe in doc.paragraphs:
                hit = self._segment(toks, ps, pe, target, SEGMENT_MIN_WORDS)
                if hit:
                    spans = [(ps, pe)]
                else:
                    lo = bisect.bisect_left(doc.sentences, (ps, -1))
                    hi = bisect.bisect_left(doc.sentences, (pe, -1), lo=lo)
                    spans = doc.sentences[lo:hi]
                for s, e in spans:
                    hit = hit if (s, e) == (ps, pe) else self._segment(toks, s, e, target, SEGMENT_MIN_WORDS)
                    if hit:
                        lang, prob = hit
                        kind = "paragraph" if (s, e) == (ps, pe) else "sentence"
                        done.append((s, e))
                        s, e = self._narrow(doc.text, toks, s, e)
                        yield self._report(doc, s, e, target, lang, prob, kind, Severity.MAJOR,
                                           f"This {kind} is not in {_name(target)}: it reads as {_name(lang)} "
                                           f"(langdetect p={prob:.2f}, confirmed by the {_name(lang)} word list).")
        # 3. Runs of source-language words inside target-language sentences
        #    (a run is reported only when it holds a FOREIGN word).
        if FOREIGN not in toks.cls:
            return
        for s, e in doc.sentences:
            if any(a <= s < b for a, b in done):
                continue
            lo, hi = toks.span(s, e)
            if toks.cls.find(FOREIGN, lo, hi) >= 0:
                yield from self._runs(doc, toks, lo, hi, target)

    def _tokens(self, doc, tlex, slexes) -> Tokens:
        """The words of ``doc``, each classified in context.

        A word is a NAME when it overlaps a glossary name, an NER mention or a
        URL, touches a digit, is all-caps or capitalised inside (``McDonald``),
        or is capitalised where no sentence, quotation or clause opens;
        otherwise its class comes from the lexicons alone.
        """
        text = doc.text
        parts = _WORD_SPLIT.split(text)  # gap, word, gap, word, ..., gap
        words = parts[1::2]
        gaps = parts[0::2]
        bounds = list(accumulate(map(len, parts)))
        n = len(words)
        starts = bounds[0 : 2 * n : 2]
        ends = bounds[1 : 2 * n : 2]

        cl = self._lexical(words, tlex, slexes)
        _mark_names(doc, starts, ends, cl)
        for m in _DIGITS.finditer(text):  # a word glued to a number (3km, COVID19)
            a, b = m.span()
            i = bisect.bisect_left(ends, a)
            if i < n and ends[i] == a:
                cl[i] = NAME
            i = bisect.bisect_left(starts, b)
            if i < n and starts[i] == b:
                cl[i] = NAME
        _settle_capitalised(doc, starts, cl)
        return Tokens(starts, ends, words, gaps, "".join(cl), self._classes(tlex, slexes)[1])

    def _lexical(self, words, tlex, slexes) -> list[str]:
        """The memoised class of each of ``words`` (see :meth:`_learn`)."""
        known, info = self._classes(tlex, slexes)
        cl = list(map(known.get, words))
        if None in cl:
            for i, c in enumerate(cl):
                if c is None:
                    cl[i] = self._learn(words[i], tlex, slexes, known, info)
        return cl

    def _classes(self, tlex, slexes) -> tuple[dict[str, str], dict[str, tuple[str, float, float]]]:
        """The memo of word classes for these languages (started afresh when full)."""
        key = (tlex.lang, tuple(lang for lang, _ in slexes))
        memo = self._memo.get(key)
        if memo is None or len(memo[0]) >= MEMO_MAX:
            memo = self._memo[key] = ({}, {})
        return memo

    def _may_report(self, doc, tlex, slexes) -> bool:
        """False when ``doc`` surely holds no finding, told without classifying all its words in context.

        A finding needs a FOREIGN word or enough foreign, weak or unknown
        words (see :func:`_may_report_with`). Context only turns a word into
        a NAME or settles a capitalised word's class, so only the words the
        memo classes foreign, weak or unknown (capitalised or not) can count.
        They are found per space-free chunk (memoised: no pass over the words
        of the text), and only they are settled in context, as
        :meth:`_tokens` settles them (a word glued to a number, a rare one,
        is left to count): no fewer count here than in :meth:`detect`.
        Capitalised words first: most texts are told by them alone (names
        inside sentences), and only the rest ask for the glossary names, NER
        mentions and URLs.
        """
        key = (tlex.lang, tuple(lang for lang, _ in slexes))
        suspects = self._suspects.get(key)
        if suspects is None or len(suspects) >= MEMO_MAX:
            suspects = self._suspects[key] = ChunkMemo(
                lambda chunk: self._suspects_in(chunk, tlex, slexes), limit=MEMO_MAX
            )
        text = doc.text
        spans = chunk_spans(doc.chunks(), suspects)
        starts = [s for s, _ in spans]
        cl = self._lexical([text[s:e] for s, e in spans], tlex, slexes)
        _settle_capitalised(doc, starts, cl)
        if not _may_report_with("".join(cl)):
            return False
        _mark_names(doc, starts, [e for _, e in spans], cl)
        return _may_report_with("".join(cl))

    def _suspects_in(self, chunk, tlex, slexes) -> tuple[tuple[int, int], ...]:
        """The spans of the words of ``chunk`` that the memo classes foreign, weak or unknown (capitalised or not)."""
        known, info = self._classes(tlex, slexes)
        return tuple(
            m.span() for m in langid.WORD.finditer(chunk)
            if (known.get(w := m.group()) or self._learn(w, tlex, slexes, known, info)) in "FWUfwu"
        )

    @staticmethod
    def _learn(w, tlex, slexes, known, info) -> str:
        """Classify the word ``w`` by its letters and the lexicons, and remember it in ``known``/``info``.

        All-caps and inside-capitalised words are names whatever the context; a
        capitalised word gets its lexical class in lower case, to be settled by
        its context.
        """
        if len(w) > 1 and (w.isupper() or w[1:] != w[1:].lower()):
            c, data = NAME, _NO_INFO
        else:
            c, data = _classify(w, tlex, slexes)
            if w[0].isupper():
                c = c.translate(_CAPITALISED)
        known[w] = c
        info[w] = data
        return c

    # -- whole segments -----------------------------------------------------
    def _segment(self, toks, s, e, target, min_words):
        """(lang, prob) when the span ``s..e`` as a whole is in another language."""
        lo, hi = toks.span(s, e)
        cls = toks.cls
        n = hi - lo - cls.count(NAME, lo, hi)
        if n < min_words:
            return None
        at_home = (cls.count(TARGET, lo, hi) + cls.count(SHARED_W, lo, hi)) / n
        if at_home >= 0.5:
            return None  # mostly target-language words: no need to ask langdetect
        plain = [toks.words[i] for i in range(lo, hi) if cls[i] != NAME]
        langs = langid.identify(" ".join(plain))
        if not langs:
            return None
        lang, prob = langs[0]
        if lang == target or prob < SEGMENT_MIN_PROB:
            return None
        there = langid.word_profile(plain, lang)
        here = langid.word_profile(plain, target)
        if there < 0.6 or there < here + 0.2:
            return None
        return lang, prob

    @staticmethod
    def _narrow(text, toks, s, e):
        """Drop a target-language lead-in or tail cut off by punctuation (``The caption read: ...``)."""
        lo, hi = toks.span(s, e)
        cls, gaps = toks.cls, toks.gaps

        def at_home(a, b):  # only target-language words and names, and at least one target word
            return _FOREIGNISH.search(cls, a, b) is None and cls.find(TARGET, a, b) >= 0

        for i in range(hi - 1, lo, -1):
            if BREAK.search(gaps[i]) and at_home(lo, i):
                s = toks.starts[i]
                break
        for i in range(lo + 1, hi):
            m = BREAK.search(gaps[i])
            if m and at_home(i, hi):
                e = toks.ends[i - 1] + (m.end() if m.group() in ".!?" else m.start())
                break
        return s, e

    # -- runs of words ------------------------------------------------------
    def _runs(self, doc, toks, lo, hi, target):
        """Judge each run of non-target words among words ``lo..hi``: a target word or punctuation ends a run."""
        cls, gaps = toks.cls, toks.gaps
        a = lo  # the current run is a..i
        for i in range(lo, hi + 1):
            if i == hi or cls[i] == TARGET or (a < i and BREAK.search(gaps[i])):
                if a < i:
                    f = self._judge(doc, toks, a, i, target)
                    if f is not None:
                        yield f
                a = i + 1 if i < hi and cls[i] == TARGET else i

    def _judge(self, doc, toks, a, b, target):
        """A finding for the run of words ``a..b``, or None."""
        cls = toks.cls
        first = _STRONGISH.search(cls, a, b)
        if first is None:
            return None
        a, b = first.start(), max(cls.rfind(FOREIGN, a, b), cls.rfind(WEAK, a, b)) + 1
        n_strong, n_weak = cls.count(FOREIGN, a, b), cls.count(WEAK, a, b)
        n_ordinary = b - a - cls.count(NAME, a, b)
        if not n_strong or (n_strong + n_weak) * 2 < n_ordinary:
            return None
        info, words = toks.info, toks.words
        strong = [words[i] for i in range(a, b) if cls[i] == FOREIGN]
        if not n_weak and n_ordinary <= LOAN_MAX_WORDS and all(info[w][2] >= LOAN_ZIPF for w in strong):
            return None
        if n_strong == 1 and not n_weak:
            w = strong[0]
            _, sz, tz = info[w]
            if len(w) < SINGLE_MIN_LEN or tz >= SINGLE_MAX_TARGET or sz - tz < SINGLE_MARGIN:
                return None
        weak = [words[i] for i in range(a, b) if cls[i] == WEAK]
        votes: dict[str, float] = {}
        for w in strong + weak:
            lang, sz, _ = info[w]
            votes[lang] = votes.get(lang, 0.0) + sz
        lang = max(sorted(votes), key=lambda k: votes[k])
        s, e = toks.starts[a], toks.ends[b - 1]
        share = sum(1 for w in strong + weak if info[w][0] == lang) / n_ordinary
        prob, method, detected = share, "lexicon", []
        if n_ordinary >= 3:
            detected = langid.identify(" ".join(words[i] for i in range(a, b) if cls[i] != NAME))[:3]
            p = dict(detected).get(lang)
            if p is not None:
                prob, method = p, "langdetect+lexicon"
        one = n_ordinary == 1
        phrase = f"‘{doc.text[s:e]}’"
        _, sz, tz = info[words[a]]
        evidence = (
            f"{_name(lang)} word (Zipf {sz:.1f} in {_name(lang)}, {tz:.1f} in {_name(target)})"
            if one else f"run of {_name(lang)} words"
        )
        return self._report(
            doc, s, e, target, lang, prob, "word" if one else "words",
            Severity.MINOR if one else Severity.MAJOR,
            f"{phrase} is not {_name(target)}: an untranslated {evidence}.",
            method=method, detected=detected,
        )

    def _report(self, doc, s, e, target, lang, prob, scope, severity, message, *, method="langdetect+lexicon",
                detected=None, scope_words=""):
        return self.finding(
            doc, s, e, message,
            suggestion=f"translate {scope_words}from {_name(lang)} into {_name(target)}",
            safety=Safety.DISPLAY_ONLY, severity=severity, score=round(prob, 4),
            data={"lang": lang, "prob": round(prob, 4), "scope": scope, "method": method,
                  "langdetect": [(l, round(p, 4)) for l, p in (detected or [])]},
        )


def _source_lexicon(lang):
    """The lexicon of the source language ``lang``, cut to its common words, or None.

    A source word counts only from Zipf SOURCE_MIN (>= COMMON_ZIPF), so the cut
    lexicon classifies every word as the whole one would, and loads several
    times faster. Only a would-be diminutive needs the whole lexicon (see
    :func:`_diminutive_zipf`).
    """
    return langid.common_lexicon_or_none(lang)


def _diminutive_zipf(word, lang, lex) -> float:
    """The Zipf of the common word that ``word`` is a diminutive of (``pomadita``: ``pomada``), or 0.0.

    ``lex`` holds the common words of ``lang``; a word the whole lexicon lists
    (``pollito``, however rare) is a word, not a diminutive, and keeps its own Zipf.
    """
    for ending, base in DIMINUTIVES.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            z = lex.zipf(word[: -len(ending)] + base)
            if z >= SOURCE_MIN:
                return langid.lexicon_or_none(lang).zipf(word) or z
    return 0.0


def _classify(w, tlex, slexes) -> tuple[str, tuple[str, float, float]]:
    """The lexical class of the word ``w`` and its ``(lang, source Zipf, target Zipf)``."""
    low = w.lower().replace("’", "'")
    tz = tlex.zipf(low)
    best_lang, sz = "", 0.0
    for lang, lx in slexes:
        z = lx.zipf(low)  # 0.0 below SOURCE_MIN too (common words only): the same class
        if z == 0.0 and tz == 0.0 and len(low) >= 6:
            z = _diminutive_zipf(low, lang, lx)
        if z > sz:
            best_lang, sz = lang, z
    if sz >= SOURCE_MIN and sz - tz >= MARGIN:
        c = FOREIGN if tz < SHARED else WEAK
    elif tz >= SHARED and sz >= SHARED:
        c = SHARED_W
    elif tz >= TARGET_MIN:
        c = TARGET
    else:
        c = UNKNOWN
    return c, (best_lang, sz, tz)


def _may_hold_segment(cls: str) -> bool:
    """Could a segment (the article, a paragraph, a sentence) of a text with these word classes be reported?

    Over half of a segment's ordinary words (at least SEGMENT_MIN_WORDS)
    must be foreign, weak or unknown: a text with no more than half that
    many such words has none.
    """
    others = cls.count(FOREIGN) + cls.count(WEAK) + cls.count(UNKNOWN)
    return 2 * others > min(SEGMENT_MIN_WORDS, ARTICLE_MIN_WORDS)


def _may_report_with(cls: str) -> bool:
    """Could a text with these word classes (settled in context) hold a finding? A run needs a FOREIGN word."""
    return FOREIGN in cls or _may_hold_segment(cls)


def _mark_names(doc, starts, ends, cl) -> None:
    """Make NAME, in ``cl``, every word that overlaps a glossary name, an NER mention or a URL.

    ``starts``/``ends``/``cl`` are the spans and classes of words of
    ``doc`` in text order: all of them, or only some (a word's answer
    depends on it alone).
    """
    text = doc.text
    names = {(m.start, m.end) for m in doc.names}  # mentions repeat the glossary names
    names.update((m.start, m.end) for m in doc.mentions)
    if "." in text or "@" in text:
        names.update(url_spans(text))
    for a, b in names:  # every word overlapping the span
        lo = bisect.bisect_right(ends, a)
        hi = bisect.bisect_left(starts, b, lo)
        cl[lo:hi] = [NAME] * (hi - lo)


def _settle_capitalised(doc, starts, cl) -> None:
    """Settle, in ``cl``, each pending capitalised word: a name, unless it opens a sentence, quotation or clause.

    ``starts``/``cl`` are the starts and classes of words of ``doc`` in
    text order: all of them, or only some (a word's answer depends on it alone).
    """
    text = doc.text
    sents = doc.sentences or [(0, len(text))]
    last = len(sents) - 1
    si = 0
    for m in _PENDING.finditer("".join(cl)):
        i = m.start()
        s = starts[i]
        while si < last and sents[si][1] <= s:
            si += 1
        cl[i] = cl[i].upper() if _initial(text, sents[si][0], s) else NAME


def _initial(text: str, sent_start: int, pos: int) -> bool:
    """True when the word at ``pos`` opens its sentence or a quotation/clause."""
    j = pos - 1
    while j >= sent_start and text[j].isspace():
        j -= 1
    return j < sent_start or text[j] in OPENERS


def _trim(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _name(lang: str) -> str:
    return LANG_NAMES.get(lang, lang)
