"""Validate glossary files: every problem named with its file, line and a fix.

:func:`check_path` reads ``.tsv`` files leniently (a malformed row is a
problem, not an exception) and returns :class:`Problem` objects; the CLI only
prints them. :func:`check_entries` runs the cross-entry rules on entries
already in memory (used before every edit is written).

Rules (code, level):

* G001 error: the header row is missing or is not the nine columns.
* G002 error: a row has the wrong number of tab-separated cells.
* G003 error: a required field (id, lang, canonical, type) is empty, or a
  ``|`` list has an empty item.
* G004 error: a field or list item has leading/trailing or doubled spaces.
* G005 error: unknown type.
* G006 error: unknown gender.
* G007 error: a gender on an entry that is not a person.
* G008 error: a duplicate entry: the same id and language twice, or two
  entries with the same canonical form for one language.
* G009 error: a variant listed under two canonical forms.
* G010 error: a variant that is another entry's canonical form or alias (it
  would be replaced automatically).
* G011 error: a variant equal to its own canonical form, or listed twice.
* G012 warning: the rows are not sorted by id and language.
* G013 error: a bad id (not lower-case letters, digits and hyphens) or
  language (``*`` or a two/three-letter code).
* G014 error: rows sharing an id disagree on type or gender, or mix a ``*``
  row with rows for single languages.
* G015 warning: an alias shared by several entries (ambiguous: attributed only
  after a full mention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .model import COLUMNS, GENDERS, LIST_SEP, TYPES, Entry, glossary_files, sort_key

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^(?:\*|[a-z]{2,3})$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    code: str
    message: str
    fix: str
    level: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level} {self.code} {self.message}; fix: {self.fix}"


@dataclass
class ParsedFile:
    path: Path
    comments: list[str]  # comment lines before the header
    entries: list[Entry]
    problems: list[Problem]


def parse_file(path: Path) -> ParsedFile:
    """Read one glossary file without raising: malformed rows become problems."""
    p = str(path)
    problems: list[Problem] = []
    entries: list[Entry] = []
    comments: list[str] = []
    header_seen = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not raw.strip():
            continue
        if raw.lstrip().startswith("#"):
            if not header_seen:
                comments.append(raw)
            continue
        cells = raw.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(cells) != COLUMNS:
                problems.append(Problem(p, lineno, "G001", "bad header row",
                                        "the first non-comment line must be the tab-separated columns " + " ".join(COLUMNS)))
                if tuple(c.strip() for c in cells) != COLUMNS:
                    # Not a header at all: read this line as data too.
                    header_seen = True
                    continue
            continue
        if len(cells) != len(COLUMNS):
            problems.append(Problem(p, lineno, "G002", f"{len(cells)} cells instead of {len(COLUMNS)}",
                                    "separate the nine columns with exactly one tab each; leave empty cells empty"))
            continue
        row = dict(zip(COLUMNS, cells))
        for col, value in row.items():
            items = value.split(LIST_SEP) if col in ("variants", "aliases") else [value]
            for item in items:
                if item != item.strip() or "  " in item:
                    problems.append(Problem(p, lineno, "G004", f"{col} {value!r} has stray spaces",
                                            "remove leading, trailing and doubled spaces"))
                    break
            if col in ("variants", "aliases") and value.strip() and any(not i.strip() for i in items):
                problems.append(Problem(p, lineno, "G003", f"{col} {value!r} has an empty item",
                                        f"remove the extra '{LIST_SEP}'"))
        entries.append(Entry(
            id=row["id"].strip(), lang=row["lang"].strip(), canonical=row["canonical"].strip(),
            type=row["type"].strip(), kind=row["kind"].strip(), gender=row["gender"].strip(),
            variants=tuple(v.strip() for v in row["variants"].split(LIST_SEP) if v.strip()),
            aliases=tuple(a.strip() for a in row["aliases"].split(LIST_SEP) if a.strip()),
            note=row["note"].strip(), source=p, line=lineno,
        ))
    if not header_seen:
        problems.append(Problem(p, 1, "G001", "no header row",
                                "add the tab-separated header: " + " ".join(COLUMNS)))
    keys = [sort_key(e) for e in entries]
    for prev, cur, e in zip(keys, keys[1:], entries[1:]):
        if cur < prev:
            problems.append(Problem(p, e.line, "G012", f"row {e.id} ({e.lang}) is out of order",
                                    "sort rows by id then language (any edit with 'annotator glossary' re-sorts the file)", "warning"))
            break
    return ParsedFile(path, comments, entries, problems)


def _langs_overlap(a: str, b: str) -> bool:
    return a == b or a == "*" or b == "*"


def _key(form: str) -> tuple[str, ...]:
    from .index import form_key

    return form_key(form)


def check_entries(entries: Iterable[Entry]) -> list[Problem]:
    """The row and cross-entry rules over entries (from one or several files)."""
    entries = list(entries)
    problems: list[Problem] = []

    def add(e: Entry, code: str, message: str, fix: str, level: str = "error") -> None:
        problems.append(Problem(e.source or "<glossary>", e.line, code, message, fix, level))

    for e in entries:
        for col in ("id", "lang", "canonical", "type"):
            if not getattr(e, col):
                add(e, "G003", f"empty {col}", f"fill in the {col} column")
        if e.id and not ID_RE.match(e.id):
            add(e, "G013", f"bad id {e.id!r}", "use lower-case letters, digits and single hyphens (e.g. 'kim-jong-un')")
        if e.lang and not LANG_RE.match(e.lang):
            add(e, "G013", f"bad lang {e.lang!r}", "use '*' for every language or a language code like en, es, pt, fr")
        if e.type and e.type not in TYPES:
            add(e, "G005", f"unknown type {e.type!r}", f"use one of {', '.join(TYPES)}")
        if e.gender not in GENDERS:
            add(e, "G006", f"unknown gender {e.gender!r}", f"use one of {', '.join(g for g in GENDERS if g)} or leave it empty")
        elif e.gender and e.type != "person":
            add(e, "G007", f"gender {e.gender!r} on a {e.type or 'typeless'} entry", "leave gender empty for non-persons")
        seen_forms: set[str] = set()
        for v in e.variants:
            if v == e.canonical:
                add(e, "G011", f"variant {v!r} is the canonical form itself", "remove it from variants")
            elif v in seen_forms:
                add(e, "G011", f"variant {v!r} listed twice", "remove the repeat")
            seen_forms.add(v)
        for a in e.aliases:
            if a == e.canonical or a in e.variants:
                add(e, "G011", f"alias {a!r} repeats the canonical form or a variant", "remove it from aliases")

    # Rows sharing an id.
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_id.setdefault(e.id, []).append(e)
    for eid, rows in by_id.items():
        langs: dict[str, Entry] = {}
        for e in rows:
            if e.lang in langs:
                first = langs[e.lang]
                add(e, "G008", f"duplicate entry {eid} ({e.lang}), first at {first.source}:{first.line}",
                    "merge the two rows into one")
            langs.setdefault(e.lang, e)
        if "*" in langs and len(langs) > 1:
            add(langs["*"], "G014", f"entry {eid} has a '*' row and rows for single languages",
                "give the '*' row a language (usually en) so each language has one row")
        types = {e.type for e in rows}
        genders = {e.gender for e in rows}
        if len(types) > 1 or len(genders) > 1:
            add(rows[-1], "G014", f"rows of {eid} disagree on type or gender", "use the same type and gender on every row of one id")

    # Cross-entry form rules, by key, per overlapping language.
    canon: dict[tuple, list[Entry]] = {}
    alias: dict[tuple, list[Entry]] = {}
    variant: dict[tuple, list[tuple[Entry, str]]] = {}
    for e in entries:
        if e.canonical:
            canon.setdefault(_key(e.canonical), []).append(e)
        for a in e.aliases:
            alias.setdefault(_key(a), []).append(e)
        for v in e.variants:
            variant.setdefault(_key(v), []).append((e, v))
    for k, es in canon.items():
        for i, a in enumerate(es):
            for b in es[i + 1 :]:
                if a.id != b.id and _langs_overlap(a.lang, b.lang):
                    add(b, "G008", f"duplicate entry: {b.canonical!r} ({b.id}) is also the canonical form of {a.id} at {a.source}:{a.line}",
                        "keep one entry, or tell the two apart (add a distinguishing word)")
    for k, vs in variant.items():
        for i, (a, va) in enumerate(vs):
            for b, vb in vs[i + 1 :]:
                if a.id != b.id and _langs_overlap(a.lang, b.lang):
                    add(b, "G009", f"variant {vb!r} is listed under {b.canonical!r} and under {a.canonical!r} ({a.source}:{a.line})",
                        "a variant can belong to one canonical form only; remove it from one entry")
        for e, v in vs:
            for other in canon.get(k, ()):
                if other.id != e.id and _langs_overlap(e.lang, other.lang):
                    add(e, "G010", f"variant {v!r} of {e.canonical!r} is the canonical form of {other.id}",
                        "remove the variant: it would rewrite a real name")
            for other in alias.get(k, ()):
                if other.id != e.id and _langs_overlap(e.lang, other.lang):
                    add(e, "G010", f"variant {v!r} of {e.canonical!r} is an accepted alias of {other.id}",
                        "remove the variant (or the alias): it would rewrite an accepted form")
    for k, es in alias.items():
        ids = sorted({e.id for e in es})
        if len(ids) > 1 and _langs_overlap(es[0].lang, es[-1].lang):
            add(es[-1], "G015", f"alias {_show(es, k)!r} is shared by {', '.join(ids)}",
                "fine for shared surnames (attributed after a full mention only); otherwise keep it on one entry", "warning")
    return problems


def _show(es: list[Entry], k: tuple) -> str:
    for e in es:
        for a in e.aliases:
            if _key(a) == k:
                return a
    return " ".join(k)


def check_path(path: str | Path) -> list[Problem]:
    """Every problem in a glossary file or folder, errors and warnings, in file order."""
    problems: list[Problem] = []
    entries: list[Entry] = []
    for f in glossary_files(path):
        parsed = parse_file(f)
        problems.extend(parsed.problems)
        entries.extend(parsed.entries)
    problems.extend(check_entries(entries))
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]
