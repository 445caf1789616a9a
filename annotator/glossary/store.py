"""Editing glossary files: find, add, remove, save sorted and atomically.

A :class:`GlossaryStore` holds every file of a glossary folder (or one file)
with its leading comment lines. Edits change entries in memory; :meth:`save`
re-validates the whole glossary (:func:`.check.check_entries`), refuses to
write when an error would result, and writes only the files that changed,
each sorted by id and language (:func:`.model.render_tsv`) through a
temporary file and a rename.
"""

from __future__ import annotations

from pathlib import Path

from ..textio import atomic_write_text
from .check import Problem, check_entries, errors, parse_file
from .index import form_key
from .model import Entry, Glossary, glossary_files, render_tsv, slug, strip_accents

#: Where a new entry goes when no file holds entries of its kind.
DEFAULT_FILES = {"person": "people.tsv", "place": "places.tsv", "organisation": "organisations.tsv", "other": "other.tsv"}


class InvalidGlossary(Exception):
    """An edit would leave the glossary invalid; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the edit would make the glossary invalid:\n" + "\n".join(f"  {p}" for p in problems))


def loose_key(name: str) -> str:
    """Case-, accent-, hyphen- and apostrophe-insensitive key used by ``show``/``remove``."""
    return " ".join(form_key(name)) or strip_accents(name).casefold().strip()


class GlossaryStore:
    def __init__(self, path: str | Path) -> None:
        self.root = Path(path)
        self.files: dict[Path, list[Entry]] = {}
        self.comments: dict[Path, list[str]] = {}
        self.load_problems: list[Problem] = []
        for f in glossary_files(self.root):
            parsed = parse_file(f)
            self.files[f] = parsed.entries
            self.comments[f] = parsed.comments
            self.load_problems.extend(p for p in parsed.problems if p.level == "error")
        self._dirty: set[Path] = set()

    # -- reading -----------------------------------------------------------
    @property
    def entries(self) -> list[Entry]:
        return [e for es in self.files.values() for e in es]

    def glossary(self) -> Glossary:
        return Glossary(self.entries, list(self.files))

    def rows(self, entry_id: str) -> list[Entry]:
        return [e for e in self.entries if e.id == entry_id]

    def find(self, name: str) -> list[Entry]:
        """Rows having ``name`` as any form (or as id), case- and accent-insensitively."""
        k = loose_key(name)
        ids: list[str] = []
        for e in self.entries:
            if e.id == name or any(loose_key(f) == k for f in e.forms()):
                if e.id not in ids:
                    ids.append(e.id)
        return [e for i in ids for e in self.rows(i)]

    def file_of(self, entry: Entry) -> Path:
        for f, es in self.files.items():
            if any(e.id == entry.id and e.lang == entry.lang for e in es):
                return f
        return self.default_file(entry)

    def default_file(self, entry: Entry) -> Path:
        """The file holding most entries of the same type and kind, else the type's default file."""
        if self.root.is_file():
            return self.root
        counts: dict[Path, int] = {}
        for f, es in self.files.items():
            counts[f] = sum(1 for e in es if e.type == entry.type and e.kind == entry.kind) * 1000 + sum(
                1 for e in es if e.type == entry.type
            )
        same_id = [f for f, es in self.files.items() if any(e.id == entry.id for e in es)]
        if same_id:
            return same_id[0]
        best = max(counts, key=lambda f: counts[f], default=None)
        if best is not None and counts[best] > 0:
            return best
        return self.root / DEFAULT_FILES.get(entry.type, "other.tsv")

    # -- editing -----------------------------------------------------------
    def add(self, entry: Entry, file: str | Path | None = None) -> Path:
        target = self._target(file) if file else self.default_file(entry)
        if target not in self.files:
            self.files[target] = []
            self.comments[target] = ["# Names added with 'annotator glossary'; give the basis of each group in a comment line."]
        if not entry.id:
            entry = entry.with_(id=slug(entry.canonical))
        self.files[target].append(entry.with_(source=str(target), line=0))
        self._dirty.add(target)
        return target

    def replace(self, old: Entry, new: Entry) -> None:
        for f, es in self.files.items():
            for i, e in enumerate(es):
                if e is old:
                    es[i] = new.with_(source=old.source, line=old.line)
                    self._dirty.add(f)
                    return
        raise KeyError(old.id)

    def remove(self, entry_id: str, lang: str | None = None) -> list[Entry]:
        removed: list[Entry] = []
        for f, es in self.files.items():
            keep = [e for e in es if not (e.id == entry_id and (lang is None or e.lang == lang))]
            if len(keep) != len(es):
                removed.extend(e for e in es if e not in keep)
                self.files[f] = keep
                self._dirty.add(f)
        return removed

    def add_form(self, entry_id: str, form: str, relation: str = "variant", lang: str | None = None) -> Entry:
        """Add ``form`` as a variant or alias of an entry (its ``lang`` row, else its ``*`` or first row)."""
        rows = self.rows(entry_id)
        if not rows:
            raise KeyError(entry_id)
        row = next((e for e in rows if e.lang == lang), None) or next((e for e in rows if e.lang in ("*", "en")), rows[0])
        if form in row.forms():
            return row
        if relation == "alias":
            new = row.with_(aliases=(*row.aliases, form))
        else:
            new = row.with_(variants=(*row.variants, form))
        self.replace(row, new)
        return new

    def _target(self, file: str | Path) -> Path:
        p = Path(file)
        if not p.is_absolute() and not p.exists():
            p = (self.root if self.root.is_dir() else self.root.parent) / p
        for f in self.files:
            if f.resolve() == p.resolve():
                return f
        return p

    # -- writing -----------------------------------------------------------
    def validate(self) -> list[Problem]:
        return self.load_problems + check_entries(self.entries)

    def save(self) -> list[Path]:
        """Validate, then write the changed files atomically; raises :class:`InvalidGlossary`."""
        bad = errors(self.validate())
        if bad:
            raise InvalidGlossary(bad)
        written = []
        for f in sorted(self._dirty):
            atomic_write_text(f, render_tsv(self.files[f], self.comments.get(f, ())))
            written.append(f)
        self._dirty.clear()
        return written
