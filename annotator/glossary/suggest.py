"""Mine a corpus for glossary suggestions, and merge the ones a person accepted.

:func:`suggest` reads every ``*.txt`` under a folder once and proposes, each
with a count and one example context:

* ``variant``: a form of an existing entry that the glossary does not list:
  same letters with other case, hyphens, spacing or accents (what the matcher
  reports as fuzzy), a transliteration (``Vostochni``/``Vostochny``,
  ``Zelenskiy``/``Zelenskyy``) or another first name (``Anthony Blinken``);
* ``alias``: a surname-only mention of a person whose entry does not list it;
* ``new``: a name with no entry: a run of capitalised words (or an NLP
  entity, where the backend gives entities) that is not a glossary form;
* ``inconsistent``: an entry, or a new name, written in several ways across
  the corpus, with the counts and the most common form (information only).

Nothing is applied: the TSV has an empty ``accept`` column; a person marks
rows with ``y`` and runs ``annotator glossary merge``.

Similarity for transliterations is a normalised edit distance between
*skeleton keys* (accents stripped, lower-case, letters only, a few
transliteration pairs folded: y/i, w/v, ph/f, kh/h, ou/u, doubled letters
single). Two forms are near when the skeletons are equal or their similarity
is at least :data:`NEAR` (0.85), both skeletons have at least
:data:`MIN_SKELETON` letters, they start alike, and one is not the other plus
a word ending (``Korea``/``Korean``). Candidates are compared only within a
block of forms sharing the first two skeleton letters, so the cost does not
grow with the whole glossary.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..errors import error
from ..textio import read_article
from .index import PIECE, URLISH, GlossaryIndex, at_sentence_start, form_key
from .model import Entry, Glossary, slug, strip_accents

NEAR = 0.85
MIN_SKELETON = 5
COMMON_ZIPF = 3.5  # a capitalised single word this common is not proposed on its own
ENDINGS = ("s", "n", "an", "ian", "ans", "ese", "i", "is", "ic", "ism", "ist", "ite", "ites", "ern", "ish")
CONNECTORS = {"de", "da", "do", "dos", "das", "del", "la", "le", "von", "van", "der", "den", "al", "bin", "el", "of", "y", "e", "du"}
EDGE_STOP = {
    "the", "a", "an", "in", "on", "at", "for", "of", "and", "but", "or", "this", "that", "these", "those", "his", "her",
    "its", "their", "our", "mr", "mrs", "ms", "dr", "president", "minister", "prime", "secretary", "leader", "king",
    "queen", "general", "former", "foreign", "chancellor", "premier", "sources", "according", "when", "after", "before",
    "during", "while", "if", "as", "with", "from", "by", "to", "said", "says", "also", "however", "meanwhile",
}
TOKEN = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*")
FIRST_NAME_BEFORE = re.compile(r"(?<![\w\-])[A-Z][^\W\d_]+ (?=$)")
ACCEPT_YES = {"y", "yes", "1", "x", "true"}


@dataclass
class Suggestion:
    action: str  # new | variant | alias | inconsistent
    form: str
    canonical: str
    entry_id: str
    lang: str = "*"
    type: str = ""
    kind: str = ""
    gender: str = ""
    count: int = 0
    reason: str = ""
    example: str = ""
    file: str = ""
    accept: str = ""


COLUMNS = ("accept", "action", "form", "canonical", "entry_id", "lang", "type", "kind", "gender", "count", "reason", "example", "file")


class SuggestionError(Exception):
    pass


# -- similarity ---------------------------------------------------------------
_FOLD = (("ph", "f"), ("kh", "h"), ("ck", "k"), ("ou", "u"), ("w", "v"), ("y", "i"), ("j", "i"))


def skeleton(name: str) -> str:
    """A spelling-tolerant key: ``skeleton("Zelenskyy") == skeleton("Zelenskiy") == skeleton("Zelensky")``.

    >>> skeleton("Vostochni") == skeleton("Vostochny"), skeleton("López") == skeleton("Lopez")
    (True, True)
    """
    s = "".join(c for c in strip_accents(name).lower() if c.isalpha())
    for a, b in _FOLD:
        s = s.replace(a, b)
    out = []
    for c in s:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def similarity(a: str, b: str) -> float:
    """1 - edit distance / longer length, on skeleton keys."""
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return 0.0
    return 1 - _levenshtein(sa, sb) / max(len(sa), len(sb))


def near(a: str, b: str) -> bool:
    """Whether two names are likely spellings of one name (see the module docstring).

    >>> near("Zelenskiy", "Zelenskyy"), near("Korea", "Korean"), near("Kim", "Kin")
    (True, False, False)
    """
    sa, sb = skeleton(a), skeleton(b)
    if min(len(sa), len(sb)) < MIN_SKELETON or sa[:1] != sb[:1]:
        return False
    ka, kb = strip_accents(a).lower(), strip_accents(b).lower()
    short, long_ = sorted((ka, kb), key=len)
    if long_.startswith(short) and long_[len(short):] in ENDINGS:
        return False
    if sa == sb:
        return True
    if len(form_key(a)) != len(form_key(b)):
        return False
    return 1 - _levenshtein(sa, sb) / max(len(sa), len(sb)) >= NEAR


def _why(form: str, target: str) -> str:
    if form_key(form) == form_key(target):
        if strip_accents(form) == strip_accents(target) and form != target:
            return "accents"
        return "case, hyphens or spacing"
    pf, pt = PIECE.findall(form), PIECE.findall(target)
    if len(pf) == len(pt) > 1 and skeleton(pf[-1]) == skeleton(pt[-1]) and skeleton(pf[0]) != skeleton(pt[0]):
        return "first-name variant"
    return "transliteration or spelling"


class _Blocks:
    """Glossary forms grouped by the first two skeleton letters."""

    def __init__(self, index: GlossaryIndex) -> None:
        self.blocks: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
        seen = set()
        for _key, entry, form, relation in index.iter_forms():
            if relation == "foreign" or (entry.id, form) in seen:
                continue
            seen.add((entry.id, form))
            sk = skeleton(form)
            if len(sk) >= MIN_SKELETON:
                self.blocks[sk[:2]].append((form, entry))

    def nearest(self, name: str) -> tuple[str, Entry] | None:
        sk = skeleton(name)
        best = None
        for form, entry in self.blocks.get(sk[:2], ()):
            if abs(len(skeleton(form)) - len(sk)) > 3 or not near(name, form):
                continue
            score = similarity(name, form)
            if best is None or score > best[0]:
                best = (score, form, entry)
        return (best[1], best[2]) if best else None


# -- mining ---------------------------------------------------------------------
def _context(text: str, s: int, e: int, width: int = 50) -> str:
    a, b = max(0, s - width), min(len(text), e + width)
    snippet = text[a:s] + "[" + text[s:e] + "]" + text[e:b]
    return ("…" if a else "") + " ".join(snippet.split()) + ("…" if b < len(text) else "")


@dataclass
class _Seen:
    count: int = 0
    example: str = ""
    file: str = ""
    surfaces: Counter = field(default_factory=Counter)

    def add(self, text, s, e, path):
        self.count += 1
        if not self.example:
            self.example, self.file = _context(text, s, e), path


def _capitalised_runs(text: str, covered: list[tuple[int, int]], min_words: int = 1) -> list[tuple[int, int]]:
    """Runs of capitalised words (with lower-case connectors inside), split at glossary matches."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    runs: list[list[tuple[int, int, str]]] = []
    cur: list[tuple[int, int, str]] = []
    spans = sorted(covered)

    def is_covered(s: int) -> bool:
        i = bisect.bisect_right(spans, (s, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= s < spans[i][1]

    for t in toks:
        s, e, w = t
        cap = w[:1].isupper()
        joinable = cur and text[cur[-1][1] : s] == " "
        if is_covered(s):
            if cur:
                runs.append(cur)
            cur = []
            continue
        if cap and (joinable or not cur):
            cur.append(t)
        elif cap:
            runs.append(cur)
            cur = [t]
        elif joinable and w in CONNECTORS and cur:
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        while r and r[-1][2] in CONNECTORS:
            r = r[:-1]
        while r and r[0][2].lower() in EDGE_STOP:
            r = r[1:]
        while r and r[-1][2].lower() in EDGE_STOP:
            r = r[:-1]
        if len(r) >= 2:  # one word (even hyphenated) is too noisy to propose as a new name
            out.append((r[0][0], r[-1][1]))
        elif r and min_words == 1:
            out.append((r[0][0], r[0][1]))
    return out


def suggest(input_dir: str | Path, glossary: Glossary, *, lang: str = "en", nlp: str = "rules", min_count: int = 1) -> list[Suggestion]:
    from ..lexicon import lexicon
    from ..nlp import get_backend

    root = Path(input_dir)
    if not root.is_dir():
        raise error("E001", path=root)
    index = GlossaryIndex(glossary, lang)
    lex = lexicon(lang)
    backend = get_backend(nlp, lang)
    blocks = _Blocks(index)
    persons_by_piece: dict[str, list[Entry]] = defaultdict(list)
    for e in glossary.for_lang(lang):
        if e.type == "person":
            for p in PIECE.findall(e.canonical):
                if len(p) >= 3 and e not in persons_by_piece[p]:
                    persons_by_piece[p].append(e)

    used: dict[str, _Seen] = defaultdict(_Seen)  # entry id -> surfaces of its full forms
    entries: dict[str, Entry] = {}
    variants: dict[tuple[str, str], _Seen] = defaultdict(_Seen)  # (entry id, form)
    reasons: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], _Seen] = defaultdict(_Seen)
    unknown: dict[str, _Seen] = defaultdict(_Seen)  # new name surface
    labels: dict[str, str] = {}

    files = sorted(p for p in root.rglob("*.txt") if p.is_file())
    for path in files:
        rr = read_article(path)
        if rr.text is None:
            continue
        text, name = rr.text, str(path.relative_to(root))
        analysis = backend.analyse([text])[0]
        matches = index.find(text, lex)
        covered = [(m.start, m.end) for m in matches]
        for m in matches:
            entries[m.entry.id] = m.entry
            if m.relation in ("canonical", "variant", "fuzzy") and len(form_key(m.text)) > 1 or m.relation == "fuzzy":
                used[m.entry.id].surfaces[m.text] += 1
                used[m.entry.id].add(text, m.start, m.end, name)
            if m.relation == "fuzzy":
                k = (m.entry.id, m.text)
                variants[k].add(text, m.start, m.end, name)
                reasons[k] = _why(m.text, m.form)
        for u in URLISH.finditer(text):
            # A URL and whatever is glued to it (``Source-www.infobae.com``) is no name.
            start = u.start()
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            covered.append((start, u.end()))
        candidates = _capitalised_runs(text, covered)
        for m in matches:
            # "Anthony Blinken": an unknown first name before a known surname.
            if m.relation == "alias" and m.entry.type == "person" and len(form_key(m.text)) == 1:
                prev = FIRST_NAME_BEFORE.search(text, max(0, m.start - 30), m.start)
                if prev and not any(a <= prev.start() < b for a, b in covered):
                    full = text[prev.start() : m.end]
                    hit = blocks.nearest(full)
                    if hit is not None and hit[1].id == m.entry.id and hit[0] != full:
                        k = (m.entry.id, full)
                        variants[k].add(text, prev.start(), m.end, name)
                        reasons[k] = _why(full, hit[0]) + f" of ‘{hit[0]}’"
                        used[m.entry.id].surfaces[full] += 1
        for s, e, label in analysis.entities:
            if not any(a < e and s < b for a, b in covered):
                candidates.append((s, e))
                labels[text[s:e]] = label
        for s, e in sorted(set(candidates)):
            surface = text[s:e]
            pieces = PIECE.findall(surface)
            if not pieces:
                continue
            hit = blocks.nearest(surface)
            if hit is not None:
                form, entry = hit
                k = (entry.id, surface)
                entries[entry.id] = entry
                variants[k].add(text, s, e, name)
                reasons[k] = _why(surface, form) + f" of ‘{form}’"
                used[entry.id].surfaces[surface] += 1
                continue
            if len(pieces) == 1:
                word = pieces[0]
                owners = persons_by_piece.get(word, [])
                if owners and not at_sentence_start(text, s):
                    for owner in owners:
                        k = (owner.id, word)
                        entries[owner.id] = owner
                        aliases[k].add(text, s, e, name)
                        reasons[k] = "surname-only mention" + (
                            f"; also a name piece of {', '.join(o.id for o in owners if o is not owner)}: accept at most one" if len(owners) > 1 else ""
                        )
                    continue
                if surface not in labels:
                    continue  # single capitalised words are too noisy to propose without an NLP entity
            elif surface not in labels and all(lex.zipf(p) >= COMMON_ZIPF or p.lower() in CONNECTORS for p in pieces) and len(pieces) < 3:
                continue  # "Foreign Minister", "State Affairs": ordinary words capitalised
            unknown[surface].add(text, s, e, name)

    out: list[Suggestion] = []
    # New names, grouped by spelling-tolerant key; the most common form is proposed.
    groups: dict[str, list[str]] = defaultdict(list)
    for surface in unknown:
        groups[skeleton(surface) or surface].append(surface)
    for members in groups.values():
        members.sort(key=lambda f: (-unknown[f].count, f))
        top = members[0]
        total = sum(unknown[f].count for f in members)
        if total < min_count:
            continue
        seen = unknown[top]
        type_ = _guess_type(top, labels.get(top, ""))
        eid = slug(top)
        out.append(Suggestion("new", top, top, eid, "*" if type_ == "person" else lang, type_, "", "", total,
                              f"no entry{' (NLP: ' + labels[top] + ')' if top in labels else ''}", seen.example, seen.file))
        for other in members[1:]:
            o = unknown[other]
            out.append(Suggestion("variant", other, top, eid, "*" if type_ == "person" else lang, type_, "", "", o.count,
                                  f"another spelling of the new name ‘{top}’", o.example, o.file))
        if len(members) > 1:
            out.append(_inconsistent(top, eid, Counter({f: unknown[f].count for f in members}), None, seen))
    for (eid, form), seen in sorted(variants.items(), key=lambda kv: (-kv[1].count, kv[0])):
        e = entries[eid]
        out.append(Suggestion("variant", form, e.canonical, eid, e.lang, e.type, e.kind, e.gender, seen.count,
                              reasons.get((eid, form), ""), seen.example, seen.file))
    for (eid, form), seen in sorted(aliases.items(), key=lambda kv: (-kv[1].count, kv[0])):
        e = entries[eid]
        out.append(Suggestion("alias", form, e.canonical, eid, e.lang, e.type, e.kind, e.gender, seen.count,
                              reasons.get((eid, form), ""), seen.example, seen.file))
    for eid, seen in sorted(used.items()):
        if len(seen.surfaces) > 1:
            out.append(_inconsistent(entries[eid].canonical, eid, seen.surfaces, entries[eid], seen))
    return out


def _inconsistent(canonical: str, eid: str, surfaces: Counter, entry: Entry | None, seen: _Seen) -> Suggestion:
    ranked = surfaces.most_common()
    total = sum(surfaces.values())
    top, n = ranked[0]
    listing = " | ".join(f"{f} ×{c}" for f, c in ranked)
    if entry is not None:
        reason = f"written {len(ranked)} ways; most common: ‘{top}’ ({n} of {total}); glossary form: ‘{entry.canonical}’"
    else:
        reason = f"new name written {len(ranked)} ways; most common: ‘{top}’ ({n} of {total})"
    return Suggestion("inconsistent", listing, canonical, eid, entry.lang if entry else "", entry.type if entry else "",
                      entry.kind if entry else "", entry.gender if entry else "", total, reason, seen.example, seen.file)


ORG_WORDS = {"party", "council", "forum", "school", "university", "ministry", "agency", "bank", "fund", "organization",
             "organisation", "assembly", "times", "post", "press", "news", "group", "company", "corporation", "committee",
             "commission", "union", "forces", "army", "government", "institute", "court", "parliament", "congress", "senate",
             "association", "foundation", "office", "department", "service", "league", "front", "movement", "authority"}
PLACE_WORDS = {"sea", "river", "ocean", "island", "islands", "province", "region", "oblast", "city", "mountains", "strait",
               "peninsula", "cosmodrome", "bay", "gulf", "valley", "desert", "lake", "county", "district", "coast"}


def _guess_type(name: str, label: str) -> str:
    if label in ("PER", "PERSON"):
        return "person"
    if label == "ORG":
        return "organisation"
    if label in ("LOC", "GPE"):
        return "place"
    words = {w.lower() for w in PIECE.findall(name)}
    if words & ORG_WORDS:
        return "organisation"
    if words & PLACE_WORDS:
        return "place"
    return "other"


# -- files ------------------------------------------------------------------------
def _cell(value) -> str:
    return " ".join(str(value).split())


def render_suggestions(rows: list[Suggestion]) -> str:
    buf = io.StringIO()
    buf.write("# annotator glossary suggestions: put y in the accept column of the rows to take (you may edit\n")
    buf.write("# canonical, entry_id, type, kind and gender first), then run: annotator glossary merge THIS_FILE\n")
    buf.write("# 'inconsistent' rows are information only.\n")
    buf.write("\t".join(COLUMNS) + "\n")
    for r in rows:
        buf.write("\t".join(_cell(getattr(r, c)) for c in COLUMNS) + "\n")
    return buf.getvalue()


def read_suggestions(path: str | Path) -> list[Suggestion]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SuggestionError(f"cannot read {p}: {exc.strerror or exc}") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise SuggestionError(f"{p} has no header row")
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in ("accept", "action", "form", "canonical", "entry_id") if c not in header]
    if missing:
        raise SuggestionError(f"{p}: missing column(s) {', '.join(missing)}; expected {' '.join(COLUMNS)}")
    known = {f.name for f in fields(Suggestion)}
    rows = []
    for cells in reader:
        d = {h: (cells[i] if i < len(cells) else "").strip() for i, h in enumerate(header) if h in known}
        d["count"] = int(d["count"]) if d.get("count", "").isdigit() else 0
        rows.append(Suggestion(**{k: v for k, v in d.items()}))
    return rows


def merge_suggestions(store, path: str | Path) -> list[str]:
    """Apply the accepted rows of a suggestions file to ``store`` (not saved); returns what was done."""
    done: list[str] = []
    for r in read_suggestions(path):
        if r.accept.lower() not in ACCEPT_YES:
            continue
        if r.action == "inconsistent":
            done.append(f"skipped inconsistent row for {r.canonical} (information only; accept its variant rows)")
            continue
        if r.action == "new":
            if not r.canonical or not r.type:
                raise SuggestionError(f"accepted new row {r.form!r} needs canonical and type")
            eid = r.entry_id or slug(r.canonical)
            lang = r.lang or "*"
            if any(e.lang == lang for e in store.rows(eid)):
                done.append(f"skipped new {eid} ({lang}): already in the glossary")
                continue
            store.add(Entry(eid, r.canonical, r.type, lang, r.kind, r.gender if r.type == "person" else "",
                            note="added from corpus suggestions"))
            done.append(f"added {eid} [{lang}] {r.canonical}")
        elif r.action in ("variant", "alias"):
            eid = r.entry_id
            if not store.rows(eid):
                raise SuggestionError(f"accepted {r.action} {r.form!r} refers to unknown entry {eid!r}; accept its 'new' row too or fix entry_id")
            if r.form == next((e.canonical for e in store.rows(eid)), None):
                continue  # the most common spelling of a new name is its canonical form
            store.add_form(eid, r.form, r.action, r.lang or None)
            done.append(f"{r.action} {r.form!r} added to {eid}")
        else:
            raise SuggestionError(f"unknown action {r.action!r} in {path}")
    return done
