"""Glossary data: entries, the TSV format, loading and saving.

The glossary is plain, diffable data: one or more ``.tsv`` files (UTF-8, tab
separated, a header row) with these columns, in this order::

    id  lang  canonical  type  kind  gender  variants  aliases  note

* ``id``: a stable slug; rows sharing an id are the same name in different
  languages (``moscow`` en ``Moscow``, es ``Moscú``, pt ``Moscou``).
* ``lang``: the target language of the row, or ``*`` for every language.
* ``canonical``: the form to use.
* ``type``: person, place, organisation or other.
* ``kind``: finer, free-form but lower-case (country, city, newspaper, agency...).
* ``gender``: male, female or nonbinary for persons; empty when unknown or
  not a person.
* ``variants``: ``|``-separated forms that are wrong and may be replaced by
  the canonical form automatically (safe fixes).
* ``aliases``: ``|``-separated short forms that are right as they are
  (``Blinken``, ``Kim``); they count as mentions for the pronoun checks.
* ``note``: free text (source, reason).

Lines starting with ``#`` are comments: the basis of a group of entries, or an
entry switched off with the reason beside it.
"""

from __future__ import annotations

import gc
import io
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import error

COLUMNS = ("id", "lang", "canonical", "type", "kind", "gender", "variants", "aliases", "note")
TYPES = ("person", "place", "organisation", "other")
GENDERS = ("", "male", "female", "nonbinary")
LIST_SEP = "|"


@dataclass(frozen=True)
class Entry:
    """One glossary row."""

    id: str
    canonical: str
    type: str
    lang: str = "*"
    kind: str = ""
    gender: str = ""
    variants: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""
    source: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    def forms(self) -> tuple[str, ...]:
        return (self.canonical, *self.variants, *self.aliases)

    def to_row(self) -> list[str]:
        return [
            self.id,
            self.lang,
            self.canonical,
            self.type,
            self.kind,
            self.gender,
            LIST_SEP.join(self.variants),
            LIST_SEP.join(self.aliases),
            self.note,
        ]

    def with_(self, **changes) -> "Entry":
        return replace(self, **changes)


def slug(text: str) -> str:
    """A stable id from a name.

    >>> slug("Kim Jong-un")
    'kim-jong-un'
    >>> slug("Moscú")
    'moscu'
    """
    base = strip_accents(text).lower()
    out = []
    for ch in base:
        out.append(ch if ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Glossary:
    """All entries of a glossary, with where each came from."""

    def __init__(self, entries: Iterable[Entry] = (), sources: Iterable[Path] = ()) -> None:
        self.entries: list[Entry] = list(entries)
        self.sources: list[Path] = list(sources)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def for_lang(self, lang: str) -> list[Entry]:
        """Entries that apply to a target language (its own rows and ``*`` rows)."""
        return [e for e in self.entries if e.lang in ("*", lang)]

    def foreign_forms(self, lang: str) -> list[tuple[Entry, str]]:
        """Canonical forms from other languages' rows, paired with the target row of the same id.

        Used to flag ``Moscow`` in a Spanish article when the glossary says ``Moscú``.
        """
        target = {e.id: e for e in self.entries if e.lang == lang}
        out = []
        for e in self.entries:
            if e.lang not in ("*", lang) and e.id in target and e.canonical != target[e.id].canonical:
                out.append((target[e.id], e.canonical))
        return out

    def fingerprint(self) -> str:
        """SHA-1 over the entries in a canonical order (report signature)."""
        import hashlib

        h = hashlib.sha1()
        for e in sorted(self.entries, key=lambda e: (e.id, e.lang, e.canonical)):
            h.update("\t".join(e.to_row()).encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()[:12]


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(v for v in (p.strip() for p in value.split(LIST_SEP)) if v)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many small objects (halves big loads)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _fast_entry(values: dict) -> Entry:
    """An Entry without the frozen dataclass's per-field ``object.__setattr__`` (5x faster for big files)."""
    e = object.__new__(Entry)
    e.__dict__.update(values)
    return e


def read_tsv(path: Path, *, strict: bool = True) -> list[Entry]:
    """Read one glossary file. With ``strict``, malformed rows raise E007."""
    entries: list[Entry] = []
    text = path.read_text(encoding="utf-8-sig")
    header_seen = False
    source = str(path)
    ncols = len(COLUMNS)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw or raw[0] == "#" or not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) != COLUMNS:
                raise error("E007", path=path, line=lineno, why=f"header must be the columns {' '.join(COLUMNS)} separated by tabs")
            continue
        if len(cells) != ncols:
            if strict:
                raise error("E007", path=path, line=lineno, why=f"expected {ncols} tab-separated cells, found {len(cells)}")
            cells = (cells + [""] * ncols)[:ncols]
        id_, lang, canonical, type_, kind, gender, variants, aliases, note = cells
        entries.append(
            _fast_entry({
                "id": id_, "canonical": canonical, "type": type_, "lang": lang, "kind": kind, "gender": gender,
                "variants": _split_list(variants) if variants else (),
                "aliases": _split_list(aliases) if aliases else (),
                "note": note, "source": source, "line": lineno,
            })
        )
    return entries


def glossary_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        files = sorted(p.rglob("*.tsv"))
        if not files:
            raise error("E006", path=p)
        return files
    if p.is_file():
        return [p]
    raise error("E006", path=p)


def load_glossary(path: str | Path) -> Glossary:
    """Load a glossary file or every ``*.tsv`` under a folder."""
    files = glossary_files(path)
    entries: list[Entry] = []
    with gc_paused():
        for f in files:
            entries.extend(read_tsv(f))
    return Glossary(entries, files)


def sort_key(entry: Entry) -> tuple:
    return (entry.id, "" if entry.lang == "*" else entry.lang, entry.canonical)


def render_tsv(entries: Iterable[Entry], comments: Iterable[str] = ()) -> str:
    """The text of a glossary file: leading comments, header, rows sorted by id and lang."""
    buf = io.StringIO()
    for c in comments:
        buf.write(c if c.startswith("#") else f"# {c}")
        buf.write("\n")
    buf.write("\t".join(COLUMNS) + "\n")
    for e in sorted(entries, key=sort_key):
        buf.write("\t".join(e.to_row()) + "\n")
    return buf.getvalue()
