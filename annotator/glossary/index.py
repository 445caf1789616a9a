"""Find every glossary name in a text in one pass, whatever the glossary's size.

The index maps a normalised key of each form (case-folded, accents stripped,
hyphens and spaces alike, one apostrophe style) to the entry that owns it. A
text is split once into word pieces; at each piece the matcher looks up the
longest run of pieces whose joined key is a form. The cost per document is
``pieces x longest form length`` dictionary lookups, independent of the number
of entries.

Each match says how the surface text relates to the entry:

* ``canonical``: written exactly as the canonical form;
* ``alias``: an accepted short form (``Blinken``, ``Kim``);
* ``variant``: exactly a listed variant: replacing it is safe;
* ``fuzzy``: same key, different spelling (``Kim Jong un``): report only;
* ``foreign``: another language's form of the entry (``Moscow`` in Spanish).

A match may be *glued*: its last piece runs into the next word
(``Blinkenexpressed``); ``glued_at`` is then the offset where the name ends
inside the token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .model import Entry, Glossary, strip_accents

if TYPE_CHECKING:
    from ..lexicon import Lexicon

#: Word pieces: runs of letters or digits. Hyphens, apostrophes and spaces
#: separate pieces, so "Jong-Un", "Jong Un" and "Jong-un" give the same key.
PIECE = re.compile(r"[^\W_]+")
#: What may stand between two pieces of one name.
JOINER = re.compile(r"[ \u00a0\-\u2010\u2011]")
#: URLs, e-mail addresses and bare domains: names inside them are not mentions.
URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|info|int|[a-z]{2})\b(?:/\S*)?")
GLUE_MIN = 3  # shortest name piece / word remainder considered in a glued token
GLUE_TAIL_ZIPF = 3.0  # the remainder after the name must be at least this common a word


def key_of(piece: str) -> str:
    return strip_accents(piece).lower()


def form_key(form: str) -> tuple[str, ...]:
    """The lookup key of a form.

    >>> form_key("Kim Jong-Un") == form_key("kim jong un") == form_key("Kím Jong‑un")
    True
    """
    return tuple(key_of(p) for p in PIECE.findall(form))


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int
    end: int
    text: str
    entry: Entry
    relation: str
    form: str  # the glossary form that matched (for variants: the variant itself)
    glued_at: int | None = None


class GlossaryIndex:
    """All forms of the entries for one target language, ready to match."""

    def __init__(self, glossary: Glossary, lang: str = "en") -> None:
        self.lang = lang
        self.glossary = glossary
        self._forms: dict[tuple[str, ...], list[tuple[Entry, str, str]]] = {}
        self._first: set[str] = set()
        self._last: set[str] = set()
        self.max_len = 1
        for entry in glossary.for_lang(lang):
            self._add(entry, entry.canonical, "canonical")
            for v in entry.variants:
                self._add(entry, v, "variant")
            aliases = list(entry.aliases)
            if entry.type == "person":
                last = PIECE.findall(entry.canonical)
                if len(last) > 1 and len(last[-1]) >= 3:
                    aliases.append(last[-1])
            for a in aliases:
                self._add(entry, a, "alias")
        for entry, form in glossary.foreign_forms(lang):
            self._add(entry, form, "foreign")

    def _add(self, entry: Entry, form: str, relation: str) -> None:
        key = form_key(form)
        if not key:
            return
        bucket = self._forms.setdefault(key, [])
        if any(e.id == entry.id and f == form for e, f, _ in bucket):
            return
        bucket.append((entry, form, relation))
        self._first.add(key[0])
        self._last.add(key[-1])
        self.max_len = max(self.max_len, len(key))

    def __len__(self) -> int:
        return len(self._forms)

    def lookup(self, name: str) -> list[tuple[Entry, str, str]]:
        """Entries having a form with the same key as ``name``."""
        return list(self._forms.get(form_key(name), ()))

    # -- matching ----------------------------------------------------------
    def _classify(self, surface: str, candidates: list[tuple[Entry, str, str]]) -> tuple[Entry, str, str]:
        for entry, form, relation in candidates:
            if surface == form:
                return entry, relation, form
        # Same key but spelled differently from every form: fuzzy, unless the
        # text is simply upper-cased (headlines) where the form is not.
        entry, form, relation = candidates[0]
        if relation == "foreign":
            return entry, "foreign", form
        if surface.isupper() and not form.isupper():
            return entry, "canonical" if relation == "canonical" else "alias", form
        return entry, "fuzzy", form

    def find(self, text: str, lexicon: "Lexicon | None" = None) -> list[NameMatch]:
        """Every name in ``text``, longest match first, left to right.

        ``lexicon`` enables glued-name matching: a piece that is neither a form
        nor a word of the lexicon, but starts with a name's last piece and ends
        in a word (``Blinkenexpressed``).
        """
        pieces = [(m.start(), m.end(), m.group()) for m in PIECE.finditer(text)]
        if "." in text or "@" in text:
            urls = [(m.start(), m.end()) for m in URLISH.finditer(text)]
            if urls:
                pieces = [p for p in pieces if not any(a <= p[0] < b for a, b in urls)]
        keys = [key_of(p[2]) for p in pieces]
        out: list[NameMatch] = []
        n = len(pieces)
        i = 0
        forms = self._forms
        while i < n:
            matched = False
            if keys[i] in self._first:
                # Longest run of joinable pieces starting at i.
                run = 1
                while run < self.max_len and i + run < n:
                    gap = text[pieces[i + run - 1][1] : pieces[i + run][0]]
                    if len(gap) != 1 or not JOINER.match(gap):
                        break
                    run += 1
                for length in range(run, 0, -1):
                    key = tuple(keys[i : i + length])
                    cands = forms.get(key)
                    if cands:
                        s, e = pieces[i][0], pieces[i + length - 1][1]
                        entry, relation, form = self._classify(text[s:e], cands)
                        out.append(NameMatch(s, e, text[s:e], entry, relation, form))
                        i += length
                        matched = True
                        break
            if not matched and lexicon is not None:
                glued = self._glued(text, pieces, keys, i, lexicon)
                if glued is not None:
                    while out and out[-1].start >= glued.start:
                        out.pop()
                    out.append(glued)
            if not matched:
                i += 1
        return out

    def _glued(self, text, pieces, keys, i, lexicon) -> NameMatch | None:
        s0, e0, piece = pieces[i]
        k = keys[i]
        # A real word of the lexicon is never treated as glued.
        if len(k) < 2 * GLUE_MIN or not piece[:1].isupper() or piece in lexicon:
            return None
        # Try the longest name prefix first: "Blinkenexpressed" -> "blinken" + "expressed".
        for cut in range(len(k) - GLUE_MIN, GLUE_MIN - 1, -1):
            head = k[:cut]
            if head not in self._last or not lexicon.is_word(piece[cut:], GLUE_TAIL_ZIPF):
                continue
            # Extend backwards over joinable pieces to the longest full form.
            best: NameMatch | None = None
            for back in range(0, self.max_len):
                j = i - back
                if j < 0:
                    break
                if back:
                    gap = text[pieces[j][1] : pieces[j + 1][0]]
                    if len(gap) != 1 or not JOINER.match(gap):
                        break
                key = tuple(keys[j:i]) + (head,)
                cands = self._forms.get(key)
                if cands:
                    s, e = pieces[j][0], s0 + cut
                    entry, relation, form = self._classify(text[s:e], cands)
                    best = NameMatch(s, e, text[s:e], entry, relation, form, glued_at=e)
            if best is not None:
                return best
        return None

    def iter_forms(self) -> Iterator[tuple[tuple[str, ...], Entry, str, str]]:
        for key, bucket in self._forms.items():
            for entry, form, relation in bucket:
                yield key, entry, form, relation
