"""Word lexicons per language, from wordfreq, loaded once per process.

A lexicon answers "is this a word of language L, and how common?" with a
Zipf value (log10 of frequency per billion words; 0 = unknown). Lookups are
dict lookups on the lower-cased word: no per-token objects, no model.
"""

from __future__ import annotations

import math
from functools import lru_cache


class Lexicon:
    """Zipf frequencies of the words of one language.

    >>> en = lexicon("en")
    >>> en.zipf("expressed") > 4, en.zipf("blinkenexpressed")
    (True, 0.0)
    """

    def __init__(self, lang: str, freqs: dict[str, float]) -> None:
        self.lang = lang
        self._freqs = freqs
        self._zipf: dict[str, float] = {}  # memo: the hot path asks for the same words again and again

    def zipf(self, word: str) -> float:
        z = self._zipf.get(word)
        if z is None:
            f = self._freqs.get(word.lower())
            z = round(math.log10(f) + 9, 2) if f else 0.0
            if len(self._zipf) < 1_000_000:
                self._zipf[word] = z
        return z

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._freqs

    def is_word(self, word: str, min_zipf: float = 3.0) -> bool:
        return self.zipf(word) >= min_zipf

    def __len__(self) -> int:
        return len(self._freqs)


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (cached for the life of the process)."""
    from wordfreq import get_frequency_dict

    return Lexicon(lang, get_frequency_dict(lang))
