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

from .. import langid
from ..glossary.index import URLISH
from ..model import Safety, Severity
from . import register
from .base import Detector, Example

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

# Word classes.
NAME, FOREIGN, WEAK, SHARED_W, TARGET, UNKNOWN = "N", "F", "W", "A", "T", "U"


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    cls: str
    lang: str = ""
    source_zipf: float = 0.0
    target_zipf: float = 0.0


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
        self._memo: dict[tuple, Tok] = {}  # (word, languages) -> classification, bounded

    # -- classification ---------------------------------------------------
    def detect(self, doc, ctx):
        target = doc.lang
        tlex = ctx.lexicon
        sources = [ctx.config.source_lang] if ctx.config.source_lang else list(SOURCE_GUESSES)
        slexes = [(s, lx) for s in sources if s != target and (lx := langid.lexicon_or_none(s)) is not None]
        toks = self._tokens(doc, tlex, slexes)
        if not toks:
            return
        # 1. The whole article.
        whole = self._segment(doc, toks, 0, len(doc.text), target, ARTICLE_MIN_WORDS)
        if whole is not None:
            lang, prob = whole
            s, e = _trim(doc.text, 0, len(doc.text))
            yield self._report(doc, s, e, target, lang, prob, "article", Severity.CRITICAL,
                               f"The article is not in {_name(target)}: it reads as {_name(lang)} "
                               f"(langdetect p={prob:.2f}, confirmed by the {_name(lang)} word list).",
                               scope_words="the whole article ")
            return
        done: list[tuple[int, int]] = []
        # 2. Paragraphs, then sentences, judged as a whole.
        for ps, pe in doc.paragraphs:
            hit = self._segment(doc, toks, ps, pe, target, SEGMENT_MIN_WORDS)
            if hit:
                spans = [(ps, pe)]
            else:
                lo = bisect.bisect_left(doc.sentences, (ps, -1))
                hi = bisect.bisect_left(doc.sentences, (pe, -1), lo=lo)
                spans = doc.sentences[lo:hi]
            for s, e in spans:
                hit = hit if (s, e) == (ps, pe) else self._segment(doc, toks, s, e, target, SEGMENT_MIN_WORDS)
                if hit:
                    lang, prob = hit
                    kind = "paragraph" if (s, e) == (ps, pe) else "sentence"
                    done.append((s, e))
                    s, e = self._narrow(doc.text, toks, s, e)
                    yield self._report(doc, s, e, target, lang, prob, kind, Severity.MAJOR,
                                       f"This {kind} is not in {_name(target)}: it reads as {_name(lang)} "
                                       f"(langdetect p={prob:.2f}, confirmed by the {_name(lang)} word list).")
        # 3. Runs of source-language words inside target-language sentences.
        for s, e in doc.sentences:
            if any(a <= s < b for a, b in done):
                continue
            yield from self._runs(doc, _within(toks, s, e), target)

    def _tokens(self, doc, tlex, slexes) -> list[Tok]:
        text = doc.text
        names = [(m.start, m.end) for m in doc.names] + [(m.start, m.end) for m in doc.mentions]
        if "." in text or "@" in text:
            names += [(m.start(), m.end()) for m in URLISH.finditer(text)]
        names.sort()
        out: list[Tok] = []
        # Classifying a word depends only on the word and the languages: memoised across documents.
        langs_key = (tlex.lang, tuple(lang for lang, _ in slexes))
        sents = doc.sentences or [(0, len(text))]
        si = 0
        ni = 0
        for m in langid.WORD.finditer(text):
            s, e, w = m.start(), m.end(), m.group()
            while si < len(sents) - 1 and sents[si][1] <= s:
                si += 1
            while ni < len(names) and names[ni][1] <= s:
                ni += 1
            in_name = any(a < e and s < b for a, b in names[ni : ni + 3])
            glued_digit = (s > 0 and text[s - 1].isdigit()) or (e < len(text) and text[e].isdigit())
            if in_name or glued_digit or (len(w) > 1 and (w.isupper() or w[1:] != w[1:].lower())):
                out.append(Tok(s, e, w, NAME))
                continue
            if w[0].isupper() and not _initial(text, sents[si][0], s):
                out.append(Tok(s, e, w, NAME))
                continue
            key = (w, langs_key)
            known = self._memo.get(key)
            if known is None:
                known = self._classify(0, 0, w, tlex, slexes)
                if len(self._memo) < 500_000:
                    self._memo[key] = known
            out.append(Tok(s, e, w, known.cls, known.lang, known.source_zipf, known.target_zipf))
        return out

    @staticmethod
    def _classify(s, e, w, tlex, slexes) -> Tok:
        low = w.lower().replace("’", "'")
        tz = tlex.zipf(low)
        best_lang, sz = "", 0.0
        for lang, lx in slexes:
            z = lx.zipf(low)
            if z == 0.0 and tz == 0.0 and len(low) >= 6:
                z = _diminutive_zipf(low, lang, lx)
            if z > sz:
                best_lang, sz = lang, z
        tok = Tok(s, e, w, UNKNOWN, best_lang, sz, tz)
        if sz >= SOURCE_MIN and sz - tz >= MARGIN:
            tok.cls = FOREIGN if tz < SHARED else WEAK
        elif tz >= SHARED and sz >= SHARED:
            tok.cls = SHARED_W
        elif tz >= TARGET_MIN:
            tok.cls = TARGET
        return tok

    # -- whole segments -----------------------------------------------------
    def _segment(self, doc, toks, s, e, target, min_words):
        """(lang, prob) when the span ``s..e`` as a whole is in another language."""
        words = [t for t in _within(toks, s, e) if t.cls != NAME]
        if len(words) < min_words:
            return None
        at_home = sum(1 for t in words if t.cls in (TARGET, SHARED_W)) / len(words)
        if at_home >= 0.5:
            return None  # mostly target-language words: no need to ask langdetect
        plain = [t.text for t in words]
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
        inside = _within(toks, s, e)
        home = (TARGET, SHARED_W, NAME)
        for i in range(len(inside) - 1, 0, -1):
            gap = text[inside[i - 1].end : inside[i].start]
            head = inside[:i]
            if BREAK.search(gap) and all(t.cls in home for t in head) and any(t.cls == TARGET for t in head):
                s = inside[i].start
                break
        for i in range(1, len(inside)):
            gap = text[inside[i - 1].end : inside[i].start]
            tail = inside[i:]
            if BREAK.search(gap) and all(t.cls in home for t in tail) and any(t.cls == TARGET for t in tail):
                m = BREAK.search(gap)
                e = inside[i - 1].end + (m.end() if m.group() in ".!?" else m.start())
                break
        return s, e

    # -- runs of words ------------------------------------------------------
    def _runs(self, doc, toks, target):
        text = doc.text
        run: list[Tok] = []
        for i, t in enumerate(toks + [None]):
            breaks = t is None or t.cls == TARGET or (run and BREAK.search(text[run[-1].end : t.start]))
            if breaks:
                f = self._judge(doc, run, target)
                if f is not None:
                    yield f
                run = []
            if t is not None and t.cls != TARGET:
                run.append(t)

    def _judge(self, doc, run, target):
        idx = [i for i, t in enumerate(run) if t.cls in (FOREIGN, WEAK)]
        if not idx:
            return None
        run = run[idx[0] : idx[-1] + 1]
        strong = [t for t in run if t.cls == FOREIGN]
        weak = [t for t in run if t.cls == WEAK]
        ordinary = [t for t in run if t.cls != NAME]
        if not strong or (len(strong) + len(weak)) * 2 < len(ordinary):
            return None
        if not weak and len(ordinary) <= LOAN_MAX_WORDS and all(t.target_zipf >= LOAN_ZIPF for t in strong):
            return None
        if len(strong) == 1 and not weak:
            t = strong[0]
            if (len(t.text) < SINGLE_MIN_LEN or t.target_zipf >= SINGLE_MAX_TARGET
                    or t.source_zipf - t.target_zipf < SINGLE_MARGIN):
                return None
        votes: dict[str, float] = {}
        for t in strong + weak:
            votes[t.lang] = votes.get(t.lang, 0.0) + t.source_zipf
        lang = max(sorted(votes), key=lambda k: votes[k])
        s, e = run[0].start, run[-1].end
        share = sum(1 for t in ordinary if t.lang == lang and t.cls in (FOREIGN, WEAK)) / len(ordinary)
        prob, method, detected = share, "lexicon", []
        if len(ordinary) >= 3:
            detected = langid.identify(" ".join(t.text for t in ordinary))[:3]
            p = dict(detected).get(lang)
            if p is not None:
                prob, method = p, "langdetect+lexicon"
        one = len(ordinary) == 1
        words = f"‘{doc.text[s:e]}’"
        evidence = (
            f"{_name(lang)} word (Zipf {run[0].source_zipf:.1f} in {_name(lang)}, {run[0].target_zipf:.1f} in {_name(target)})"
            if one else f"run of {_name(lang)} words"
        )
        return self._report(
            doc, s, e, target, lang, prob, "word" if one else "words",
            Severity.MINOR if one else Severity.MAJOR,
            f"{words} is not {_name(target)}: an untranslated {evidence}.",
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


def _diminutive_zipf(word, lang, lex) -> float:
    for ending, base in DIMINUTIVES.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            z = lex.zipf(word[: -len(ending)] + base)
            if z >= SOURCE_MIN:
                return z
    return 0.0


def _within(toks: list[Tok], s: int, e: int) -> list[Tok]:
    """The tokens starting in ``s..e`` (``toks`` is in text order): a bisect, not a scan."""
    lo = bisect.bisect_left(toks, s, key=_start)
    hi = bisect.bisect_left(toks, e, lo=lo, key=_start)
    return toks[lo:hi]


def _start(t: Tok) -> int:
    return t.start


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
