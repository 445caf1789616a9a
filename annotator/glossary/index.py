"""Find every glossary name in a text in one pass, whatever the glossary's size.

The index maps a normalised key of each form (case-folded, accents stripped,
hyphens and spaces alike, one apostrophe style) to the entry that owns it. A
text is split once into word pieces; at each piece that starts a form, the
matcher walks a tree of form keys over the joinable pieces that follow and
tries the longest form first. The cost per document is about one dictionary
lookup per piece, plus a few per name, independent of the number of entries.

Each match says how the surface text relates to the entry:

* ``canonical``: written exactly as the canonical form;
* ``alias``: an accepted short form (``Blinken``, ``Kim``);
* ``variant``: exactly a listed variant: replacing it is safe;
* ``fuzzy``: same key, different spelling (``Kim Jong un``): report only;
* ``foreign``: another language's form of the entry (``Moscow`` in Spanish).

A match may be *glued*: its last piece runs into the next word
(``Blinkenexpressed``); ``glued_at`` is then the offset where the name ends
inside the token.

Conservative rules, all decided in the same single pass:

* a one-piece match must keep the form's capital (``park`` is not ``Park``)
  and an acronym must stay upper-case (``us`` is not ``US``);
* a possessive is a mention of the name (``Kim’s``, ``Putin's``): the match
  stops before the apostrophe;
* a short form shared by several entries (two persons with the surname
  ``Kim``) is attributed to the entry most recently mentioned in full before
  it, and not attributed at all when none was;
* a one-piece alias that is also a common word (``Park``, ``Rice``) at the
  start of a sentence counts only after a full mention of its entry;
* a glued tail that is a word-forming suffix (``Putinism``, ``Parkland``) is
  not a glued name.

The automatic surname alias of a person (the last piece of the canonical form)
is added only when the entry lists no one-piece alias taken from its canonical
form (``Kim Jong-un`` lists ``Kim``, so ``un`` is never a mention) and its
note does not say ``surname first`` or ``no surname`` (``Li Qiang``, ``Pope
Francis``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import add, attrgetter, itemgetter, or_
from typing import TYPE_CHECKING, Callable, Iterator

from .model import Entry, Glossary, gc_paused, strip_accents

if TYPE_CHECKING:
    from ..lexicon import Lexicon

#: Word pieces: runs of letters or digits. Hyphens, apostrophes and spaces
#: separate pieces, so "Jong-Un", "Jong Un" and "Jong-un" give the same key.
PIECE = re.compile(r"[^\W_]+")
#: ``PIECE`` with a group: ``split`` gives gaps and pieces in turn, offsets without match objects.
_PIECE_SPLIT = re.compile(f"({PIECE.pattern})")
#: What may stand between two pieces of one name: a space, a hyphen, an
#: apostrophe (``Côte d’Ivoire``) or a dot (``U.S.``).
_JOINER_CHARS = " \u00a0-\u2010\u2011'\u2019\u02bc."
JOINER = re.compile(f"[{re.escape(_JOINER_CHARS)}]")
_JOINERS = frozenset(_JOINER_CHARS)  # a one-character gap in this set joins two pieces
#: Apostrophe styles, compared as one.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
#: URLs, e-mail addresses and bare domains: names inside them are not mentions.
URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|info|int|[a-z]{2})\b(?:/\S*)?")
#: Where a URLISH match may be: every one holds ``://``, an ``@``, or a dot before
#: a lower-case letter (``.com``) or after ``www``.
_URL_HINT = re.compile(r"\.(?:[a-z]|(?<=www\.)\S)|@|://")
_DOT_HINT = re.compile(r"\.(?:[a-z]|(?<=www\.)\S)")  # the first of them (see _url_hints)
GLUE_MIN = 3  # shortest name piece / word remainder considered in a glued token
GLUE_TAIL_ZIPF = 3.0  # the remainder after the name must be at least this common a word
#: Word-forming endings: a name followed by one of these is a derived word
#: (``Putinism``, ``Parkland``, ``Kimchi`` is a word of the lexicon anyway).
GLUE_SUFFIXES = frozenset(
    "ism isms ist ists ian ians ite ites ese ish esque ology ologist like land lands ville "
    "burg berg ton stan ness less ful ship hood dom ization ize ized izes ise ised istic ic ics "
    "ing ings ed er ers ly".split()
)
_UNSEEN = object()
_MAY_GLUE = object()  # :meth:`GlossaryIndex._heads_of`: the piece may hold a glued name
#: :meth:`GlossaryIndex.find` reuses the names of a shared stretch at least this many characters
#: long (a shorter one is matched again about as fast as it is reused).
REUSE_MIN = 60
#: Where the first lines of a text that took the place of lines of the last one share fewer
#: characters at their ends, :meth:`GlossaryIndex.find` takes it for another text.
ALIKE_MIN = 16
NO_SURNAME_NOTES = ("surname first", "no surname")
COMMON_ALIAS_ZIPF = 5.0  # a one-piece alias this common as a word needs a full mention at a sentence start
_OPENERS = " \t\u00a0\"'“”‘’«»([-—–"
LOOK_BACK = 12  # at_sentence_start reads this many characters before a name, and the one before them


def at_sentence_start(text: str, pos: int) -> bool:
    """Whether only opening punctuation stands between ``pos`` and a sentence end (or the text start)."""
    lo = max(0, pos - LOOK_BACK)
    before = text[lo:pos].rstrip(_OPENERS)
    if not before:
        return lo == 0 or text[lo - 1] in ".!?:;\n"
    return before[-1] in ".!?:;\n"


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of :data:`URLISH` matches in ``text``, as ``URLISH.finditer`` finds them.

    A match never holds white space, so only the white-space-delimited chunks
    around a :data:`_URL_HINT` are searched (the plain regex tries every
    position of the text and is the slowest part of matching).

    >>> url_spans("See www.infobae.com/america, a@b.org, or 3.5 km.")
    [(4, 28), (29, 37)]

    The last text's answer is kept: the glossary matcher and MT103 ask
    about the same text one after the other.
    """
    return list(_url_spans(text))  # a fresh list: callers may keep or change theirs


@lru_cache(maxsize=1)
def _url_spans(text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    done = 0  # end of the last chunk searched
    for s in _url_hints(text):
        if s < done:
            continue
        e = s
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        n = len(text)
        while e < n and not text[e].isspace():
            e += 1
        out += [m.span() for m in URLISH.finditer(text, s, e)]
        done = e
    return tuple(out)


def _url_hints(text: str) -> list[int]:
    """Where the :data:`_URL_HINT` matches in ``text`` start, in order, and perhaps a few more places
    inside the white-space chunks of those (which :func:`_url_spans` passes over).

    The dots are found by :data:`_DOT_HINT`, whose literal first character the
    regular expression engine looks for in a tight loop (it tries a character
    set, as ``_URL_HINT`` starts with, on every character), and ``@`` and ``://``
    by ``str.find``.

    >>> t = "a@b.org or http://x. y"
    >>> _url_hints(t), [m.start() for m in _URL_HINT.finditer(t)]
    ([1, 3, 15], [1, 3, 15])
    """
    hints = [m.start() for m in _DOT_HINT.finditer(text)]
    for mark in ("@", "://"):
        at = text.find(mark)
        while at >= 0:
            hints.append(at)
            at = text.find(mark, at + 1)
    hints.sort()
    return hints


def _without_url_pieces(part: str, urls: list[tuple[int, int]]) -> str:
    """``part`` with each word piece that starts inside one of ``urls`` (spans in ``part``) written
    over with ``_``: names inside URLs are not mentions.

    ``_`` is no piece character, so those pieces are gone from the split and
    the gap around them is longer than one character: no name, walk of the
    tree of forms or backward walk of a glued name reaches into a URL or
    across it, and the offsets of the other pieces stay as they were.

    >>> _without_url_pieces("see www.Kim.org now, xwww.a.b", [(4, 15), (22, 29)])
    'see ___.___.___ now, xwww._._'
    """
    chunks: list[str] = []
    done = 0  # part[:done] is in chunks
    for a, b in urls:
        for m in PIECE.finditer(part, max(a, done)):
            s, e = m.span()
            if s >= b:
                break
            if s == a and s > 0 and part[s - 1].isalnum():
                continue  # (a piece that starts before the URL: a piece is a run of str.isalnum() characters)
            chunks += (part[done:s], "_" * (e - s))
            done = e
    chunks.append(part[done:])
    return "".join(chunks)


class Memo(dict):
    """``fn`` of a key (a word piece, a chunk of text), computed on first sight and kept.

    Texts repeat their words, so a hit is a plain dict lookup and
    ``map(memo.__getitem__, keys)`` stays in C. Bounded: at most ``limit``
    entries, and with ``max_len`` only keys that short are kept (a long one
    is computed every time).
    """

    def __init__(self, fn: Callable[[str], object], limit: int = 500_000, max_len: int | None = None) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit
        self.max_len = max_len

    def __missing__(self, key: str):
        value = self.fn(key)
        if len(self) < self.limit and (self.max_len is None or len(key) <= self.max_len):
            self[key] = value
        return value


_KEYS = Memo(lambda piece: strip_accents(piece).lower())
_ALONE = Memo(lambda eid: frozenset((eid,)))  # entry id -> the set of just it
#: Could the piece hold a glued name (``Blinkenexpressed``)? Capitalised and long enough.
_GLUEABLE = Memo(lambda piece: len(_KEYS[piece]) >= 2 * GLUE_MIN and piece[0].isupper())


def key_of(piece: str) -> str:
    """The lookup key of one word piece (memoised: texts repeat their words)."""
    return _KEYS[piece]


def form_key(form: str) -> tuple[str, ...]:
    """The lookup key of a form.

    >>> form_key("Kim Jong-Un") == form_key("kim jong un") == form_key("Kím Jong‑un")
    True
    """
    if form.isascii():
        return tuple(PIECE.findall(form.lower()))
    return tuple(key_of(p) for p in PIECE.findall(form))


@dataclass(slots=True, unsafe_hash=True)
class NameMatch:
    """One glossary name found in a text (see the module docstring for ``relation``).

    Treat it as read-only. It is not a frozen dataclass only because a frozen
    one is several times slower to build, and a run builds one per name; it
    compares and hashes by its fields all the same.
    """

    start: int
    end: int
    text: str
    entry: Entry
    relation: str
    form: str  # the glossary form that matched (for variants: the variant itself)
    glued_at: int | None = None


_start = attrgetter("start")


def _order(updates: list[tuple[int, str]], ids: frozenset[str]) -> tuple[str, ...]:
    """The entries of ``ids`` mentioned in full in ``updates``, the one mentioned last first."""
    return tuple(dict.fromkeys(filter(ids.__contains__, map(itemgetter(1), reversed(updates)))))


def _same_answers(updates: list[tuple[int, str]], last: "_Matched", lo: int, hi: int) -> bool:
    """Whether the questions the matcher asked in ``last.text[lo:hi]`` (see :attr:`_Matched.asked`)
    get the same answers after the full mentions ``updates`` as they got there.

    The answers depend only on the order of the latest full mentions of the
    entries asked about (and on whether they were mentioned): when that order
    is the same, the matcher does there just what it did last time.
    """
    asked = last.asked[bisect_left(last.asked, (lo,)) : bisect_left(last.asked, (hi,))]
    if not asked:
        return True
    ids = frozenset().union(*map(itemgetter(1), asked))
    return _order(updates, ids) == _order(last.updates[: bisect_left(last.updates, (lo,))], ids)


def _reuse(last: "_Matched", lo: int, hi: int, by: int, into: "_Matched", recent: dict[str, int]) -> None:
    """Add the names, full mentions and questions of ``last.text[lo:hi]`` to ``into``, moved ``by``
    characters, and the full mentions to ``recent`` (see :meth:`GlossaryIndex._match`)."""
    names = last.names[bisect_left(last.names, lo, key=_start) : bisect_left(last.names, hi, key=_start)]
    if by:  # (not a function call per name: there are many)
        names = [NameMatch(m.start + by, m.end + by, m.text, m.entry, m.relation, m.form, None if m.glued_at is None else m.glued_at + by) for m in names]
    into.names += names
    updates = last.updates[bisect_left(last.updates, (lo,)) : bisect_left(last.updates, (hi,))]
    if by:
        updates = [(pos + by, eid) for pos, eid in updates]
    into.updates += updates
    recent.update(zip(map(itemgetter(1), updates), map(itemgetter(0), updates)))
    if last.asked:
        asked = last.asked[bisect_left(last.asked, (lo,)) : bisect_left(last.asked, (hi,))]
        into.asked += [(pos + by, ids) for pos, ids in asked] if by else asked


def _shared_ends(a: str, b: str) -> tuple[int, int]:
    """The lengths of the longest start and of the longest end that ``a`` and ``b`` share, not
    overlapping (binary searches: a few compares in C).

    >>> _shared_ends("Kim Jong-Un left.", "Kim Jong-un left."), _shared_ends("ab", "abc"), _shared_ends("aa", "aaa")
    ((9, 7), (2, 0), (2, 0))
    """
    la, lb = len(a), len(b)
    lo, hi = 0, min(la, lb)
    if hi > 16 and a[:16] != b[:16]:  # (texts that differ early: a few compares of a few characters)
        hi = 15
    while lo < hi:  # they share a start of lo characters, and none longer than hi
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    start = lo
    lo, hi = 0, min(la, lb) - start
    if hi > 16 and a[la - 16 :] != b[lb - 16 :]:
        hi = 15
    while lo < hi:  # the same for the end
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return start, lo


def _shared_runs(last: "_Matched", lines: list[str]) -> list[tuple[int, int, int]]:
    """Runs of lines that ``lines`` shares with the last text, as ``(a, b, j)``: new lines
    ``a..b-1`` are its lines ``j..j+b-a-1``; in order.

    One pass over the new lines: each is compared with the old line after the
    last one matched and the one after that (the line before took its place,
    or it went), else looked up among the old lines that occur once (a fix
    changes or removes a few lines; the others keep their order).

    >>> old = _Matched(None, "", ["a", "", "b", "", "c"], [], [], [], [])
    >>> _shared_runs(old, ["A", "", "b", "c"])  # "a" changed, a blank line gone
    [(1, 3, 1), (3, 4, 4)]
    """
    old = last.lines
    m = len(old)
    where: dict[str, int] = {}  # old line -> its index, or -1 for a line that occurs more than once
    for j, line in enumerate(old):
        where[line] = -1 if line in where else j
    runs: list[tuple[int, int, int]] = []
    a = j = -1  # the current run starts at new line a, old line j
    nxt = 0  # the old line after the last one matched
    for k, line in enumerate(lines):
        if nxt < m and old[nxt] == line:
            t = nxt
        elif nxt + 1 < m and old[nxt + 1] == line:  # the line before took the place of old[nxt], or it went
            t = nxt + 1
        else:
            t = where.get(line, -1)
        if t >= nxt:
            if a < 0 or t != j + (k - a):
                if a >= 0:
                    runs.append((a, k, j))
                a, j = k, t
            nxt = t + 1
        elif a >= 0:
            runs.append((a, k, j))
            a = -1
    if a >= 0:
        runs.append((a, len(lines), j))
    return runs


def _shared_stretches(last: "_Matched", done: "_Matched") -> list[tuple[int, int, int]]:
    """Stretches that ``done.text`` shares with ``last.text``, as ``(lo, hi, by)``: ``done.text[lo:hi]``
    is ``last.text[lo - by : hi - by]``; in order.

    Lines first: the runs of shared lines (:func:`_shared_runs`); then, where
    some lines took the place of others, the start and the end that they share
    (character by character: a fix changes a few characters of a long line).
    Adjacent stretches are joined. None where the first lines that took the
    place of others share fewer than :data:`ALIKE_MIN` characters at their
    ends: it is another text (the last one was another article), and comparing
    its lines would cost more than it saves.

    >>> old = _Matched(None, "Kim Jong-un said so.\\nb\\nthe end", ["Kim Jong-un said so.", "b", "the end"], [0, 21, 23, 31], [], [], [])
    >>> new = _Matched(None, "Kim Jong-un said so!\\nthe end", ["Kim Jong-un said so!", "the end"], [0, 21, 29], [], [], [])
    >>> _shared_stretches(old, new)  # "." changed to "!", a line gone
    [(0, 19, 0), (20, 28, -2)]
    >>> _shared_stretches(old, _Matched(None, "Putin left.\\nthe end", ["Putin left.", "the end"], [0, 12, 20], [], [], []))
    []
    """
    text, lines, starts = done.text, done.lines, done.starts
    n, m, size, old_size = len(lines), len(last.lines), len(text), len(last.text)
    out: list[tuple[int, int, int]] = []

    def add_stretch(lo: int, hi: int, by: int) -> None:
        if out and out[-1][1] == lo and out[-1][2] == by:
            out[-1] = (out[-1][0], hi, by)
        elif hi > lo:
            out.append((lo, hi, by))

    k = oj = 0  # lines before line k are done, as are the last text's lines before oj
    first = True  # no lines that took the place of others yet
    for a, b, j in [*_shared_runs(last, lines), (n, n, m)]:  # new lines a..b-1 are its lines j..
        if a > k and j > oj:  # lines k..a-1 took the place of its lines oj..j-1 (with the line breaks after them)
            lo, hi, olo, ohi = starts[k], min(starts[a], size), last.starts[oj], min(last.starts[j], old_size)
            same_start, same_end = _shared_ends(text[lo:hi], last.text[olo:ohi])
            if first and same_start + same_end < ALIKE_MIN:
                return []
            first = False
            add_stretch(lo, lo + same_start, lo - olo)
            add_stretch(hi - same_end, hi, hi - ohi)
        hi = min(starts[b], size)  # with the line break after the run where both texts have one
        if b < n and j + b - a == m:
            hi -= 1
        add_stretch(starts[a], hi, starts[a] - last.starts[j])
        k, oj = b, j + b - a
    return out


@dataclass(slots=True)
class _Matched:
    """A text's lines and names, as :meth:`GlossaryIndex.find` keeps them for the next text."""

    lexicon: object
    text: str
    lines: list[str]
    starts: list[int]  # starts[k]: where line k starts
    names: list[NameMatch]
    updates: list[tuple[int, str]]  # (position, entry id) of each full mention, in text order
    #: (position, entry ids) of each question the matcher asked about the full mentions before a
    #: place, in text order: which of these entries was mentioned in full last (a short form that
    #: several entries share), or whether it was at all (a common-word alias at a sentence start).
    asked: list[tuple[int, frozenset[str]]]


@dataclass(slots=True)
class _Node:
    """A node of the tree of form keys: the pieces that may follow, and whether a form ends here."""

    next: dict[str, "_Node"] = field(default_factory=dict)
    is_form: bool = False


class GlossaryIndex:
    """All forms of the entries for one target language, ready to match."""

    def __init__(self, glossary: Glossary, lang: str = "en") -> None:
        with gc_paused():
            self._build(glossary, lang)

    def _build(self, glossary: Glossary, lang: str) -> None:
        self.lang = lang
        self.glossary = glossary
        self._forms: dict[tuple[str, ...], list[tuple[Entry, str, str]]] = {}
        self._tree: dict[str, _Node] = {}  # first piece key -> the forms starting with it
        self._last: set[str] = set()
        # Where a form may start: the first keys of one-piece forms, and the first two keys of longer ones.
        self._single: set[str] = set()
        self._pairs: set[tuple[str, str]] = set()
        self._may_glue: dict[Lexicon, Memo] = {}  # per lexicon: see :meth:`_may_glue_of`
        self._heads: dict[Lexicon | None, Memo] = {}  # per lexicon: see :meth:`_heads_of`
        self.max_len = 1
        # surface -> _classify's answer. A surface spells one key, so it always meets the
        # same forms; kept where they all belong to one entry (the answer then never
        # depends on the recent mentions); bounded.
        self._settled: dict[str, tuple[Entry, str, str] | None] = {}
        self._previous: _Matched | None = None  # the last text matched, for :meth:`find` to reuse
        for entry in glossary.for_lang(lang):
            self._add(entry, entry.canonical, "canonical")
            for v in entry.variants:
                self._add(entry, v, "variant")
            aliases = list(entry.aliases)
            if entry.type == "person":
                pieces = PIECE.findall(entry.canonical)
                own = {key_of(p) for p in pieces}
                listed = any(len(form_key(a)) == 1 and form_key(a)[0] in own for a in entry.aliases)
                opted_out = any(w in entry.note.lower() for w in NO_SURNAME_NOTES)
                if len(pieces) > 1 and len(pieces[-1]) >= 3 and not listed and not opted_out:
                    aliases.append(pieces[-1])
            for a in aliases:
                self._add(entry, a, "alias")
        for entry, form in glossary.foreign_forms(lang):
            self._add(entry, form, "foreign")
        #: The answers of :meth:`_heads_of` that need a look at the piece, whatever the next one.
        self._sure = {*self._single, _MAY_GLUE}
        self._later = {k for key in self._forms for k in key[1:]}  # the keys of later pieces of forms
        # Form key -> its entries, where it has several: which one a mention is may depend on
        # the full mentions before it (see _classify).
        self._shared: dict[tuple[str, ...], frozenset[str]] = {}
        for key, bucket in self._forms.items():
            ids = frozenset(e.id for e, _, _ in bucket)
            if len(ids) > 1:
                self._shared[key] = ids

    def _add(self, entry: Entry, form: str, relation: str) -> None:
        key = form_key(form)
        if not key:
            return
        bucket = self._forms.get(key)
        if bucket is None:
            bucket = self._forms[key] = []
        elif any(e.id == entry.id and f == form for e, f, _ in bucket):
            return
        bucket.append((entry, form, relation))
        node = self._tree.get(key[0])
        if node is None:
            node = self._tree[key[0]] = _Node()
        for k in key[1:]:
            child = node.next.get(k)
            if child is None:
                child = node.next[k] = _Node()
            node = child
        node.is_form = True
        if len(key) == 1:
            self._single.add(key[0])
        else:
            self._pairs.add(key[:2])
        self._last.add(key[-1])
        self.max_len = max(self.max_len, len(key))

    def __len__(self) -> int:
        return len(self._forms)

    def lookup(self, name: str) -> list[tuple[Entry, str, str]]:
        """Entries having a form with the same key as ``name``."""
        return list(self._forms.get(form_key(name), ()))

    # -- matching ----------------------------------------------------------
    @staticmethod
    def _same(surface: str, form: str) -> bool:
        return surface == form or surface.translate(APOSTROPHES) == form.translate(APOSTROPHES)

    @staticmethod
    def _case_ok(surface: str, form: str, length: int) -> bool:
        """A lower-case word is not a capitalised one-piece name; an acronym stays upper-case."""
        if len(form) > 1 and form.replace(".", "").isupper() and not surface.isupper():
            return False
        if length == 1 and form[:1].isupper() and not surface[:1].isupper():
            return False
        return True

    def _classify(
        self, surface: str, candidates: list[tuple[Entry, str, str]], length: int = 0, recent: dict | None = None
    ) -> tuple[Entry, str, str] | None:
        """The entry, relation and form of a surface text, or None when it is not (safely) a mention."""
        if length:
            candidates = [c for c in candidates if self._case_ok(surface, c[1], length)]
            if not candidates:
                return None
        exact = [c for c in candidates if self._same(surface, c[1])]
        pool = exact or candidates
        ids = {e.id for e, _, _ in pool}
        if len(ids) > 1:
            # Full forms win over short ones; between entries of equal rank,
            # the one mentioned in full most recently, else nobody.
            rank = {"canonical": 0, "variant": 0, "foreign": 1, "alias": 2}
            best = min(rank[r] for _, _, r in pool)
            pool = [c for c in pool if rank[c[2]] == best]
            ids = {e.id for e, _, _ in pool}
            if len(ids) > 1:
                if not recent:
                    return None
                seen = [(recent[i], i) for i in ids if i in recent]
                if not seen:
                    return None
                chosen = max(seen)[1]
                pool = [c for c in pool if c[0].id == chosen]
        entry, form, relation = pool[0]
        if exact:
            return entry, relation, form
        # Same key but spelled differently from every form: fuzzy, unless the
        # text is simply upper-cased (headlines) where the form is not.
        if relation == "foreign":
            return entry, "foreign", form
        if surface.isupper() and not form.isupper():
            return entry, "canonical" if relation == "canonical" else "alias", form
        return entry, "fuzzy", form

    def forget(self) -> None:
        """Drop the last text kept for reuse: the next :meth:`find` matches every line."""
        self._previous = None

    def find(self, text: str, lexicon: "Lexicon | None" = None) -> list[NameMatch]:
        """Every name in ``text``, longest match first, left to right.

        ``lexicon`` enables glued-name matching: a piece that is neither a form
        nor a word of the lexicon, but starts with a name's last piece and ends
        in a word (``Blinkenexpressed``); it also holds back common-word aliases
        at a sentence start until their entry was mentioned in full.

        Where ``text`` shares stretches with the last text matched (the same
        article after a round of fixes, which changed a few characters here and
        there and removed a few lines; see :func:`_shared_stretches`), the names
        found in a stretch are reused, and only the text around each change is
        matched again. That is exact, because matching splits at a *cut* (see
        :meth:`_cut_after`): no name, no URL, no walk along the tree of forms
        and no backward walk of a glued name crosses one. The work before a cut
        reads nothing after it but what shows it is one (the white space, the
        piece after it), and the work after a cut depends only on

        * the text after it, and at most ``LOOK_BACK + 1`` characters before a
          name, where it checks a sentence start (such a check never looks
          past a line start: at one, nothing before counts);
        * the answers to the questions it asks about the entries mentioned in
          full before (:attr:`_Matched.asked`).

        So the names between two cuts of a shared stretch (the first at a line
        start or at least ``LOOK_BACK + 1`` characters into it, the second
        shown by the stretch itself, or both at the ends of both texts) are the
        last text's, moved, when those answers are the same
        (:func:`_same_answers`). The text between is matched with the whole
        text around it, as if afresh.
        """
        last = self._previous if self._previous is not None and self._previous.lexicon is lexicon else None
        lines = text.split("\n")
        starts = [0, *map(add, accumulate(map(len, lines)), count(1))]  # starts[k]: where line k starts
        done = _Matched(lexicon, text, lines, starts, [], [], [])
        recent: dict[str, int] = {}  # entry id -> where it was last mentioned in full, before pos
        may_glue = self._may_glue_of(lexicon) if lexicon is not None else None
        pos = 0  # the text before pos is done
        for lo, hi, by in _shared_stretches(last, done) if last is not None else ():
            # text[lo:hi] is last.text[lo - by : hi - by]: reuse its names between two cuts.
            if hi - lo < REUSE_MIN:
                continue
            if (lo == 0 or text[lo - 1] == "\n") and (lo == by or last.text[lo - by - 1] == "\n"):
                a = lo
            else:  # at a line start, or LOOK_BACK + 1 characters into the stretch
                a = text.find("\n", lo, min(hi, lo + LOOK_BACK)) + 1 or self._first_cut(text, lo + LOOK_BACK, hi, may_glue)
            b = hi if hi == len(text) and hi - by == len(last.text) else self._last_cut(text, a, hi, may_glue)
            if b - a < REUSE_MIN:
                continue
            if pos < a:
                done.names += self._match(text, lexicon, recent, done.updates, done.asked, pos, a)
            if _same_answers(done.updates, last, a - by, b - by):
                _reuse(last, a - by, b - by, by, done, recent)
                pos = b
            else:  # a short form may point elsewhere now: matched afresh with the text after it
                pos = a
        if pos < len(text):
            done.names += self._match(text, lexicon, recent, done.updates, done.asked, pos, len(text))
        self._previous = done
        return done.names

    def _first_cut(self, text: str, lo: int, hi: int, may_glue: Memo | None) -> int:
        """The first cut that ``text[lo:hi]`` shows (see :meth:`_cut_after`), else ``hi``.

        >>> GlossaryIndex(Glossary([]))._first_cut("a, Kim said so", 1, 14, None)
        3
        """
        line_end = text.find("\n", lo, hi)
        stop = hi if line_end < 0 else line_end
        space = text.find(" ", lo, stop)
        while space >= 0:
            if self._cut_after(text, space, lo, hi, may_glue):
                return space + 1
            space = text.find(" ", space + 1, stop)
        return hi if line_end < 0 else line_end + 1

    def _last_cut(self, text: str, lo: int, hi: int, may_glue: Memo | None) -> int:
        """The last cut that ``text[lo:hi]`` shows (see :meth:`_cut_after`), else ``lo``.

        >>> GlossaryIndex(Glossary([]))._last_cut("a, Kim said so", 0, 14, None)
        7
        """
        start = text.rfind("\n", lo, hi) + 1 or lo
        space = text.rfind(" ", start, hi)
        while space >= start:
            if self._cut_after(text, space, lo, hi, may_glue):
                return space + 1
            space = text.rfind(" ", start, space)
        return start

    def _cut_after(self, text: str, space: int, lo: int, hi: int, may_glue: Memo | None) -> bool:
        """Whether right after ``text[space]``, a space, is a *cut* that ``text[lo:hi]`` shows.

        A cut is a place no name and no decision of the matcher crosses (see
        :meth:`find`). It comes right after a white space (URLs hold none): a
        line break, or a space that is

        * in a gap of two characters or more between word pieces (``", "``,
          ``" (``): no single joiner character, which a name's pieces need;
        * or before a whole word piece (one that ends before ``hi``) that is no
          later piece of a form (past the space, the walk along the tree of
          forms goes on to no other) and may hold no glued name (whose
          backward walk might cross the space).
        """
        if (space > lo and not text[space - 1].isalnum()) or (space + 1 < hi and not text[space + 1].isalnum()):
            return True  # (a word piece is a run of str.isalnum() characters, like PIECE)
        m = PIECE.match(text, space + 1, hi)
        if m is None or m.end() == hi:
            return False
        piece = m.group()
        return _KEYS[piece] not in self._later and not (may_glue is not None and may_glue[piece])

    def _match(
        self, text: str, lexicon, recent: dict[str, int], updates: list[tuple[int, str]],
        asked: list[tuple[int, frozenset[str]]], lo: int = 0, hi: int | None = None,
    ) -> list[NameMatch]:
        """The names in ``text[lo:hi]``, given the entries mentioned in full before it.

        ``recent`` maps those entries to where their latest full mention
        was (only the order of the positions counts); each full mention found
        updates it and is added to ``updates`` as ``(position, entry id)``, and
        each question about it is added to ``asked`` (see :attr:`_Matched.asked`).
        Positions are in ``text``, which is read around the part too (a
        sentence start, a final dot): ``lo`` and ``hi`` are each a line break,
        an end of the text, or a cut (see :meth:`_cut_after`).

        Most of the work is per word piece, and all of that is done in C
        (``map``, ``compress``, ``accumulate``): the split, one memo lookup per
        piece that tells whether a name may start there (:meth:`_heads_of`),
        and, for the few that may, whether one does. The loop in Python runs
        over those (about one piece in nine), and finds where each starts from
        where the last one did, by the length of the parts between (a running
        total over every part costs more than that).
        """
        part = text if lo == 0 and (hi is None or hi == len(text)) else text[lo:hi]
        # Names inside URLs are not mentions: their pieces are written over (every URL holds a
        # ".", an "@" or "://": see _URL_HINT).
        if "." in part or "@" in part or "://" in part:
            urls = url_spans(part)
            if urls:
                part = _without_url_pieces(part, urls)
        parts = _PIECE_SPLIT.split(part)  # gap, piece, gap, piece, ..., gap: piece j is parts[2 * j + 1]
        pieces = parts[1::2]
        n = len(pieces)
        # Only pieces that start a form or may hold a glued name need a look. A piece starts a
        # form when its key is a one-piece form or it and the next piece's key begin a longer
        # one (``the`` starts ``The Hague``, and is passed over before anything but ``hague``).
        # _heads_of tells which pieces may (most do not); the next keys are looked up for those.
        head_of = self._heads_of(lexicon)
        heads = list(map(head_of.__getitem__, pieces))
        may = list(compress(range(n), heads))
        may_heads = list(compress(heads, heads))
        after = pieces[1:]
        after.append("")  # (after the last piece: no key is empty)
        next_keys = map(_KEYS.__getitem__, map(after.__getitem__, may))
        looks = list(compress(may, map(or_, map(self._sure.__contains__, may_heads), map(self._pairs.__contains__, zip(may_heads, next_keys)))))
        # Where they start: lo, plus the length of the parts up to the first, plus that of the parts
        # from there up to the next... (fewer additions than a running total over every part).
        at = list(map(add, map(add, looks, looks), repeat(1)))  # piece i is parts[2 * i + 1]
        starts = accumulate(map(len, map("".join, map(parts.__getitem__, map(slice, [0, *at], at)))), initial=lo)
        next(starts)  # (lo itself)
        out: list[NameMatch] = []
        forms, tree, settled, shared = self._forms, self._tree, self._settled, self._shared
        size = len(text)
        done = 0  # pieces before this one are inside a match
        for i, s in zip(looks, starts):
            if i < done:
                continue
            matched = False
            piece = pieces[i]
            node = tree.get(_KEYS[piece])
            if node is not None:
                # The lengths (in pieces) and ends of the forms that the joinable pieces from i spell out.
                found = []
                length, e = 1, s + len(piece)
                while True:
                    if node.is_form:
                        found.append((length, e))
                    j = 2 * (i + length)  # parts[j]: the gap before the next piece
                    if not node.next or j >= len(parts) - 1 or parts[j] not in _JOINERS:
                        break
                    node = node.next.get(_KEYS[parts[j + 1]])
                    if node is None:
                        break
                    e += len(parts[j]) + len(parts[j + 1])
                    length += 1
                for length, e in reversed(found):
                    key = None  # the form key, made only where it is needed (a settled surface needs none)
                    if e < size and text[e] == "." and not JOINER.match(text[e - 1]):
                        key = tuple(map(_KEYS.__getitem__, pieces[i : i + length]))
                        if self._dotted(forms[key]):
                            e += 1  # "U.S." keeps its final dot
                    surface = text[s:e]
                    got = settled.get(surface, _UNSEEN)
                    if got is _UNSEEN:
                        if key is None:
                            key = tuple(map(_KEYS.__getitem__, pieces[i : i + length]))
                        got = self._classify(surface, forms[key], length, recent)
                        ids = shared.get(key)
                        if ids is not None:
                            asked.append((s, ids))  # which of them was mentioned last?
                        elif len(settled) < 200_000:
                            settled[surface] = got
                    if got is None:
                        continue
                    entry, relation, form = got
                    if (
                        relation == "alias" and length == 1 and lexicon is not None and not (len(surface) > 1 and surface.isupper())
                        and lexicon.zipf(surface) >= COMMON_ALIAS_ZIPF and at_sentence_start(text, s)
                    ):
                        asked.append((s, _ALONE[entry.id]))  # was it mentioned in full?
                        if entry.id not in recent:
                            continue
                    if relation != "alias":
                        recent[entry.id] = s
                        updates.append((s, entry.id))
                    out.append(NameMatch(s, e, surface, entry, relation, form))
                    done = i + length
                    matched = True
                    break
            if not matched and head_of[piece] is _MAY_GLUE:
                glued = self._glued(text, parts, i, s, lexicon, recent, asked)
                if glued is not None:
                    while out and out[-1].start >= glued.start:
                        out.pop()
                    out.append(glued)
        return out

    def _heads_of(self, lexicon: "Lexicon | None") -> Memo:
        """Word piece -> may a name start at it? (memoised per lexicon, as :meth:`_may_glue_of`).

        :data:`_MAY_GLUE` where the piece may hold a glued name (never without
        a lexicon), else its key where that starts a form (one-piece forms are
        in :attr:`_sure`; longer ones need the next piece's key), else ``""``:
        one dict lookup per piece answers what took a lookup of the key, of the
        glue memo and of the tree.
        """
        memo = self._heads.get(lexicon)
        if memo is None:
            tree = self._tree
            may_glue = self._may_glue_of(lexicon) if lexicon is not None else None

            def head(piece: str) -> object:
                if may_glue is not None and may_glue[piece]:
                    return _MAY_GLUE
                key = _KEYS[piece]
                return key if key in tree else ""

            memo = self._heads[lexicon] = Memo(head)
        return memo

    def _may_glue_of(self, lexicon: "Lexicon") -> Memo:
        """Word piece -> could :meth:`_glued` find a name in it? (memoised per lexicon).

        The piece must be glueable (:data:`_GLUEABLE`), not a word of the
        lexicon, and its key must start with the last piece of some form:
        what :meth:`_glued` asks before anything else.
        """
        memo = self._may_glue.get(lexicon)
        if memo is None:
            last = self._last

            def may_glue(piece: str) -> bool:
                if not _GLUEABLE[piece] or piece in lexicon:
                    return False
                k = _KEYS[piece]
                return any(k[:cut] in last for cut in range(GLUE_MIN, len(k) - GLUE_MIN + 1))

            memo = self._may_glue[lexicon] = Memo(may_glue)
        return memo

    @staticmethod
    def _dotted(cands) -> bool:
        return any(f.endswith(".") for _, f, _ in cands)

    def _glued(self, text, parts, i, s0, lexicon, recent, asked) -> NameMatch | None:
        """The glued name in piece ``i`` of ``parts`` (see :meth:`_match`), which starts at ``s0``, if any."""
        piece = parts[2 * i + 1]
        k = _KEYS[piece]
        # A real word of the lexicon is never treated as glued.
        if len(k) < 2 * GLUE_MIN or not piece[:1].isupper() or piece in lexicon:
            return None
        # Try the longest name prefix first: "Blinkenexpressed" -> "blinken" + "expressed".
        for cut in range(len(k) - GLUE_MIN, GLUE_MIN - 1, -1):
            head = k[:cut]
            if head not in self._last or not lexicon.is_word(piece[cut:], GLUE_TAIL_ZIPF):
                continue
            if k[cut:] in GLUE_SUFFIXES:
                continue
            # Extend backwards over joinable pieces to the longest full form.
            best: NameMatch | None = None
            for back in range(0, self.max_len):
                j = i - back
                if j < 0:
                    break
                if back and parts[2 * j + 2] not in _JOINERS:  # the gap after piece j
                    break
                key = tuple(map(_KEYS.__getitem__, parts[2 * j + 1 : 2 * i : 2])) + (head,)
                cands = self._forms.get(key)
                if cands:
                    s, e = s0 - len("".join(parts[2 * j + 1 : 2 * i + 1])), s0 + cut
                    got = self._classify(text[s:e], cands, back + 1, recent)
                    if key in self._shared:
                        asked.append((s0, self._shared[key]))  # at the piece looked at: asked is in text order
                    if got is not None:
                        entry, relation, form = got
                        best = NameMatch(s, e, text[s:e], entry, relation, form, glued_at=e)
            if best is not None:
                return best
        return None

    def iter_forms(self) -> Iterator[tuple[tuple[str, ...], Entry, str, str]]:
        for key, bucket in self._forms.items():
            for entry, form, relation in bucket:
                yield key, entry, form, relation
