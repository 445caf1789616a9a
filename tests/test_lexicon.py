"""The word lexicons and their cache files."""

import pytest

from annotator import lexicon as lx


@pytest.mark.parametrize("cut", [0.0, lx.COMMON_ZIPF])
def test_lexicon_cache_is_exact_and_optional(tmp_path, monkeypatch, cut):
    """A lexicon read from its cache file is the one built from wordfreq; a damaged or unwritable cache changes nothing."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load = lx.common_lexicon.__wrapped__ if cut else lx.lexicon.__wrapped__
    built = load("pt")  # builds, and writes the cache file
    path = lx._cache_file("pt", cut)
    assert path.is_file() and tmp_path in path.parents
    whole = {}
    for z, words in lx._buckets("pt"):  # straight from wordfreq
        whole.update(dict.fromkeys(words, z))
    assert load("pt")._zipfs == built._zipfs == {w: z for w, z in whole.items() if z >= cut}
    assert load("pt").zipf("casa") == built.zipf("casa") > 3
    path.write_bytes(b"damaged")  # a damaged file is ignored, and replaced
    assert load("pt")._zipfs == built._zipfs
    assert lx._read_cache(path) == built._zipfs
    (tmp_path / "blocked").write_text("")  # the cache folder cannot be made: no cache, same lexicon
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    assert load("pt")._zipfs == built._zipfs


def test_the_two_cuts_have_their_own_cache_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lx._cache_file("en", 0.0) != lx._cache_file("en", lx.COMMON_ZIPF)


def test_available_languages_come_from_the_cache_and_match_wordfreq(tmp_path, monkeypatch):
    from wordfreq import available_languages

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = [lx.available.__wrapped__(lang) for lang in ("en", "pt", "fil", "tl", "xx")]  # writes the cache
    assert lx._cache_path("languages").is_file()
    again = [lx.available.__wrapped__(lang) for lang in ("en", "pt", "fil", "tl", "xx")]  # reads it
    assert first == again == [lang in available_languages() for lang in ("en", "pt", "fil", "tl", "xx")]
    assert first[:2] == [True, True] and first[-1] is False
