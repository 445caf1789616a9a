"""Word lexicons per language, from wordfreq, loaded once per process.

A lexicon answers "is this a word of language L, and how common?" with a
Zipf value (log10 of frequency per billion words; 0 = unknown). Lookups are
dict lookups on the lower-cased word: no per-token objects, no model.

Loading a whole wordfreq list (300,000 to 600,000 words) is the cost: importing
wordfreq and building the dict takes about 0.25 s for English. So each lexicon
is kept between runs in the user's cache folder (``$XDG_CACHE_HOME/annotator``,
else ``~/.cache/annotator``), one file per wordfreq version, language and cut,
which loads in a quarter of that time; where that folder cannot be written,
the lexicon is simply built again next time. A caller that only asks whether
a word is common (Zipf >= :data:`COMMON_ZIPF`) uses :func:`common_lexicon`, a
tenth of the size, which gives it the same answers.
"""

from __future__ import annotations

import marshal
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .textio import atomic_write_bytes

#: The Zipf from which :func:`common_lexicon` keeps every word.
COMMON_ZIPF = 3.0


class Lexicon:
    """Zipf frequencies of the words of one language.

    >>> en = lexicon("en")
    >>> en.zipf("expressed") > 4, en.zipf("blinkenexpressed")
    (True, 0.0)
    """

    def __init__(self, lang: str, zipfs: dict[str, float]) -> None:
        self.lang = lang
        self._zipfs = zipfs  # lower-case word -> Zipf
        self._memo: dict[str, float] = {}  # the hot path asks for the same words (in any case) again and again

    def zipf(self, word: str) -> float:
        z = self._memo.get(word)
        if z is None:
            z = self._zipfs.get(word.lower(), 0.0)
            if len(self._memo) < 1_000_000:
                self._memo[word] = z
        return z

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._zipfs

    def is_word(self, word: str, min_zipf: float = 3.0) -> bool:
        return self.zipf(word) >= min_zipf

    def __len__(self) -> int:
        return len(self._zipfs)


def _buckets(lang: str) -> Iterator[tuple[float, list[str]]]:
    """``(Zipf, words)`` for each frequency bucket of ``lang``'s wordfreq list, commonest first.

    The Zipf of a bucket is computed from wordfreq's frequency exactly as for
    one word (``round(log10(f) + 9, 2)``), so the values are those of
    ``wordfreq.get_frequency_dict``.
    """
    from wordfreq import cB_to_freq, get_frequency_list

    for index, words in enumerate(get_frequency_list(lang)):
        if words:
            f = cB_to_freq(-index)
            yield (round(math.log10(f) + 9, 2) if f else 0.0), words


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (cached for the life of the process, and on disk between runs)."""
    return Lexicon(lang, _cached(lang, 0.0))


@lru_cache(maxsize=None)
def common_lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` cut to its common words (Zipf >= :data:`COMMON_ZIPF`).

    ``zipf`` is exact for those words and 0.0 for all others, so every
    question ``zipf(w) >= z`` with ``z >= COMMON_ZIPF`` gets the answer of the
    whole :func:`lexicon`. A tenth of the words: it loads several times
    faster. (wordfreq lists each word in one bucket only, so cutting by
    bucket is cutting by word.)

    >>> es = common_lexicon("es")
    >>> es.zipf("casa") == lexicon("es").zipf("casa") >= 3, es.zipf("pollito"), lexicon("es").zipf("pollito") > 0
    (True, 0.0, True)
    """
    return Lexicon(lang, _cached(lang, COMMON_ZIPF))


@lru_cache(maxsize=None)
def available(lang: str) -> bool:
    """Does wordfreq have a word list of its own for ``lang``? (No "nearest match" guessing: tl is not fil.)

    wordfreq's list of languages is kept in the cache folder beside the
    lexicons, so a run need not import wordfreq to ask.

    >>> available("pt"), available("xx")
    (True, False)
    """
    path = _cache_path("languages")
    langs = _read_cache(path)
    if not isinstance(langs, dict):
        from wordfreq import available_languages

        langs = dict.fromkeys(sorted(available_languages()), 1.0)
        _write_cache(path, langs)
    return lang in langs


def _cached(lang: str, cut: float) -> dict[str, float]:
    """The words of ``lang`` with a Zipf of at least ``cut`` (0: all), from the cache file, else built and kept."""
    path = _cache_file(lang, cut)
    zipfs = _read_cache(path)
    if zipfs is None:
        zipfs = {}
        for z, words in _buckets(lang):
            if z < cut:
                break  # the buckets come commonest first
            zipfs.update(dict.fromkeys(words, z))
        _write_cache(path, zipfs)
    return zipfs


def _cache_file(lang: str, cut: float) -> Path | None:
    """The cache file of ``lang``'s words from Zipf ``cut`` (see :func:`_cache_path`)."""
    return _cache_path(f"common-{lang}-{cut}" if cut else f"all-{lang}")


def _cache_path(name: str) -> Path | None:
    """The cache file ``name`` in a folder named by wordfreq version, the file named by marshal format."""
    try:
        from importlib.metadata import version

        wordfreq_version = version("wordfreq")
    except Exception:  # no metadata to key the cache by: no cache
        return None
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "annotator" / f"wordfreq-{wordfreq_version}" / f"{name}-m{marshal.version}.bin"


def _read_cache(path: Path | None) -> dict[str, float] | None:
    if path is None:
        return None
    try:
        zipfs = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return zipfs if isinstance(zipfs, dict) else None


def _write_cache(path: Path | None, zipfs: dict[str, float]) -> None:
    """Keep ``zipfs`` in ``path`` (written aside, then renamed: readers never see half a file); silent on failure."""
    if path is None:
        return
    try:
        atomic_write_bytes(path, marshal.dumps(zipfs))
    except OSError:
        pass  # an unwritable cache only means building the lexicon again next time
