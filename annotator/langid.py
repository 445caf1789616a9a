"""Language identification: langdetect, seeded, plus word-lexicon evidence.

langdetect samples n-grams at random, so an unseeded detector may answer
differently on every run. We keep our OWN factory (other code setting
langdetect's global seed cannot change our answers) and build a fresh detector
seeded with 0 for every call, so a result never depends on what was detected
before it, in this process or another.

langdetect is unreliable on short text, names, numbers and dates
(``Kim Jong-Un`` comes out Tagalog, `` date 2023-09-11`` Italian), so callers
never trust it alone: :func:`word_profile` counts how many of a segment's
ordinary words belong to a language's lexicon, and the untranslated-text
detector requires both kinds of evidence to agree.

>>> identify("Actualmente, el presidente dijo que no habrá elecciones este año.")[0][0]
'es'
>>> identify("2023-09-11")
[]
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from .lexicon import COMMON_ZIPF, available, common_lexicon, lexicon

#: Letters-only words (an apostrophe may join two parts: l’homme, don't).
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SEED = 0
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = SEED
    return factory


def identify(text: str) -> list[tuple[str, float]]:
    """Languages of ``text`` with probabilities, best first; ``[]`` when there is nothing to judge.

    Deterministic: a fresh detector seeded with :data:`SEED` per call.
    Chinese variants are reported as ``zh``.
    """
    from langdetect.lang_detect_exception import LangDetectException

    if not WORD.search(text):
        return []
    with _lock:
        det = _factory().create()
        det.seed = SEED
        try:
            det.append(text)
            langs = det.get_probabilities()
        except LangDetectException:
            return []
    out: dict[str, float] = {}
    for item in langs:
        code = item.lang.split("-")[0]
        out[code] = out.get(code, 0.0) + item.prob
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def best(text: str) -> tuple[str, float] | None:
    """The most probable language of ``text``, or None."""
    langs = identify(text)
    return langs[0] if langs else None


def words(text: str) -> list[str]:
    return WORD.findall(text)


def word_profile(tokens: list[str], lang: str, min_zipf: float = 3.0) -> float:
    """Share of ``tokens`` that are common words (Zipf >= ``min_zipf``) of ``lang``; 0.0 if unknown.

    >>> round(word_profile("el presidente dijo que no".split(), "es"), 1)
    1.0
    >>> word_profile(["hello"], "xx")
    0.0
    """
    if not tokens:
        return 0.0
    lex = common_lexicon_or_none(lang) if min_zipf >= COMMON_ZIPF else lexicon_or_none(lang)
    if lex is None:
        return 0.0
    return sum(1 for t in tokens if lex.is_word(t, min_zipf)) / len(tokens)


@lru_cache(maxsize=None)
def lexicon_or_none(lang: str):
    """The wordfreq lexicon of ``lang``, or None when wordfreq does not know it."""
    return _usable(lang, lexicon)


@lru_cache(maxsize=None)
def common_lexicon_or_none(lang: str):
    """:func:`lexicon_or_none` cut to the common words (see :func:`annotator.lexicon.common_lexicon`).

    Answers every "Zipf >= 3?" question as the whole lexicon would, at a
    fraction of the loading time.
    """
    return _usable(lang, common_lexicon)


def _usable(lang: str, load):
    if not available(lang):
        return None
    lex = load(lang)
    return lex if len(lex) else None
