"""The glossary workflow: model, check rules, CLI edits, suggest/merge, TBX/CSV, matcher."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.config import DEFAULT_GLOSSARY
from annotator.glossary import GlossaryIndex, load_glossary
from annotator.glossary.check import check_path, errors
from annotator.glossary.interchange import from_csv, from_tbx, to_csv, to_tbx
from annotator.glossary.model import COLUMNS, Entry, Glossary, read_tsv, render_tsv
from annotator.glossary.suggest import near, read_suggestions, skeleton, suggest
from annotator.lexicon import lexicon

ROOT = Path(__file__).resolve().parent.parent
HEADER = "\t".join(COLUMNS)
runner = CliRunner()


def tsv(tmp_path: Path, *rows: str, name: str = "g.tsv", header: str = HEADER) -> Path:
    p = tmp_path / name
    p.write_text("# test\n" + header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def row(id_, canonical, type_="person", lang="*", kind="", gender="", variants="", aliases="", note=""):
    return "\t".join([id_, lang, canonical, type_, kind, gender, variants, aliases, note])


@pytest.fixture
def gcopy(tmp_path):
    dst = tmp_path / "glossaries"
    shutil.copytree(DEFAULT_GLOSSARY, dst)
    return dst


# -- model -----------------------------------------------------------------------
def test_read_render_roundtrip(tmp_path):
    p = tsv(tmp_path, row("b", "Bee", variants="Be|Bea", aliases="B1"), row("a", "Ay", type_="place", kind="city"))
    entries = read_tsv(p)
    assert entries[0].variants == ("Be", "Bea") and entries[0].line == 3
    text = render_tsv(entries, ["# test"])
    assert text.splitlines()[2].startswith("a\t")  # sorted
    p.write_text(text, encoding="utf-8")
    assert read_tsv(p) == sorted(entries, key=lambda e: e.id)


def test_bundled_glossary_is_big_and_valid(bundled_glossary):
    ids = {e.id for e in bundled_glossary}
    assert len(ids) >= 300
    problems = check_path(DEFAULT_GLOSSARY)
    assert errors(problems) == []
    countries = {e.id for e in bundled_glossary if e.kind == "country"}
    assert len(countries) >= 193
    persons = [e for e in bundled_glossary if e.type == "person"]
    assert len(persons) >= 100 and all(e.gender for e in persons)
    # Seeds kept; es/pt/fr rows share ids.
    forms = {f for e in bundled_glossary for f in e.forms()}
    assert {"Anthony Blinken", "Kim Jong-Un", "Vostochni cosmodrome"} <= forms
    assert {e.lang for e in bundled_glossary if e.id == "germany"} == {"en", "es", "pt", "fr"}


def test_check_command_passes_on_bundled():
    res = runner.invoke(app, ["glossary", "check"])
    assert res.exit_code == 0, res.output
    assert "0 error(s)" in res.output


# -- check rules, one bad fixture each -----------------------------------------------
BAD = {
    "G001": ("id\tlang\tcanonical", []),
    "G002": (HEADER, ["a\t*\tAy\tperson"]),
    "G003": (HEADER, [row("a", "", gender="male")]),
    "G004": (HEADER, [row("a", "Ay ", gender="male")]),
    "G005": (HEADER, [row("a", "Ay", type_="human")]),
    "G006": (HEADER, [row("a", "Ay", gender="man")]),
    "G007": (HEADER, [row("a", "Ay", type_="place", gender="female")]),
    "G008": (HEADER, [row("a", "Ay"), row("a", "Ay")]),
    "G009": (HEADER, [row("a", "Ay", variants="Aye"), row("b", "Bee", variants="Aye")]),
    "G010": (HEADER, [row("a", "Ay", variants="Bee"), row("b", "Bee")]),
    "G011": (HEADER, [row("a", "Ay", variants="Ay")]),
    "G012": (HEADER, [row("b", "Bee"), row("a", "Ay")]),
    "G013": (HEADER, [row("A_1", "Ay")]),
    "G014": (HEADER, [row("a", "Ay", lang="*", type_="place"), row("a", "Ei", lang="es", type_="place")]),
    "G015": (HEADER, [row("a", "Ay Smith", aliases="Smith"), row("b", "Bee Smith", aliases="Smith")]),
}


@pytest.mark.parametrize("code", sorted(BAD))
def test_check_rule(tmp_path, code):
    header, rows = BAD[code]
    p = tsv(tmp_path, *rows, header=header)
    problems = check_path(p)
    hit = [x for x in problems if x.code == code]
    assert hit, problems
    assert all(x.path == str(p) and x.line >= 1 and x.fix for x in hit)
    level = "warning" if code in ("G012", "G015") else "error"
    assert hit[0].level == level
    res = runner.invoke(app, ["glossary", "check", str(p)])
    assert (res.exit_code == 1) == bool(errors(problems))
    assert code in res.output


def test_check_clean_fixture(tmp_path):
    p = tsv(tmp_path, row("a", "Ay Bee", gender="female", variants="Ay-Bee"), row("b", "Cee", type_="place", kind="city"))
    assert check_path(p) == []


# -- CLI edits ---------------------------------------------------------------------
def test_add_show_remove(gcopy):
    before = (gcopy / "people.tsv").read_text(encoding="utf-8")
    res = runner.invoke(app, ["glossary", "add", "Olaf Testperson", "--variant", "Olaf Tesperson", "--alias", "Testperson",
                              "--type", "person", "--gender", "male", "--kind", "politician", "--note", "test", "-g", str(gcopy)])
    assert res.exit_code == 0, res.output
    text = (gcopy / "people.tsv").read_text(encoding="utf-8")
    assert "olaf-testperson\t*\tOlaf Testperson\tperson\tpolitician\tmale\tOlaf Tesperson\tTestperson\ttest" in text
    assert text.splitlines()[0] == before.splitlines()[0]  # leading comments kept
    assert not errors(check_path(gcopy))  # still sorted and valid
    assert not [p for p in check_path(gcopy) if p.code == "G012"]
    res = runner.invoke(app, ["glossary", "show", "olaf tesperson", "-g", str(gcopy)])
    assert res.exit_code == 0 and "Olaf Testperson" in res.output
    res = runner.invoke(app, ["glossary", "show", "MOSCU", "-g", str(gcopy)])  # accent- and case-insensitive
    assert res.exit_code == 0 and "Moscú" in res.output
    res = runner.invoke(app, ["glossary", "remove", "Testperson", "-g", str(gcopy)])
    assert res.exit_code == 0, res.output
    assert (gcopy / "people.tsv").read_text(encoding="utf-8") == before


def test_add_refuses_invalid(gcopy):
    before = (gcopy / "people.tsv").read_text(encoding="utf-8")
    res = runner.invoke(app, ["glossary", "add", "Someone New", "--variant", "Kim Jong-un", "--type", "person", "-g", str(gcopy)])
    assert res.exit_code == 1
    assert "G010" in res.output and "refused" in res.output
    assert (gcopy / "people.tsv").read_text(encoding="utf-8") == before
    res = runner.invoke(app, ["glossary", "add", "Xyz", "--type", "place", "--gender", "female", "-g", str(gcopy)])
    assert res.exit_code == 1 and "G007" in res.output


def test_show_unknown(gcopy):
    assert runner.invoke(app, ["glossary", "show", "Nobody Atall", "-g", str(gcopy)]).exit_code == 1


# -- suggest / merge -----------------------------------------------------------------
SMALL = Glossary([
    Entry("vostochny", "Vostochny", "place", kind="site"),
    Entry("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person", gender="male", aliases=("Zelenskyy",)),
    Entry("antony-blinken", "Antony Blinken", "person", gender="male", aliases=("Blinken",)),
    Entry("daniel-ortega", "Daniel Ortega", "person", gender="male", note="no surname alias"),
    Entry("korea", "Korea", "place"),
    Entry("kim", "Kim Jong-un", "person", gender="male", aliases=("Kim",), note="surname first"),
])


def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text(
        "The rocket left Vostochni on Monday. President Volodymyr Zelenskiy spoke, and Anthony Blinken listened.\n"
        "Officials of the Fictional Ocean Authority met Jorge Lopez Mendez. Nicaragua's leader, said Ortega, would not come.\n",
        encoding="utf-8")
    (d / "b.txt").write_text(
        "Jorge López Mendez spoke to the Korean delegation in Korea. The Fictional Ocean Authority agreed.\n"
        "Kim Jong Un and Kim Jong-un were both written; Jorge López Mendez left. Kin and Kimchi are not names.\n",
        encoding="utf-8")
    return d


def test_suggest_small_corpus(tmp_path):
    rows = suggest(corpus(tmp_path), SMALL)
    got = {(r.action, r.form, r.entry_id) for r in rows}
    assert ("variant", "Vostochni", "vostochny") in got  # transliteration
    assert ("variant", "Volodymyr Zelenskiy", "volodymyr-zelenskyy") in got
    assert ("variant", "Anthony Blinken", "antony-blinken") in got  # first-name variant
    assert ("variant", "Kim Jong Un", "kim") in got  # spacing
    assert ("alias", "Ortega", "daniel-ortega") in got  # surname-only mention
    assert ("new", "Jorge López Mendez", "jorge-lopez-mendez") in got  # most common form proposed
    assert ("variant", "Jorge Lopez Mendez", "jorge-lopez-mendez") in got  # accents
    assert ("new", "Fictional Ocean Authority", "fictional-ocean-authority") in got
    forms = {r.form for r in rows}
    assert not forms & {"Korean", "Kin", "Kimchi", "Monday", "Nicaragua"}
    inc = [r for r in rows if r.action == "inconsistent" and r.entry_id == "kim"]
    assert inc and "Kim Jong Un ×1" in inc[0].form
    assert all(r.count >= 1 and r.example for r in rows)
    assert all("[" in r.example for r in rows)


def test_similarity_negatives():
    assert skeleton("Zelensky") == skeleton("Zelenskyy") == skeleton("Zelenskiy")
    assert near("Vostochni", "Vostochny") and near("Lopez", "López")
    for a, b in [("Korea", "Korean"), ("Kim", "Kin"), ("Russia", "Russian"), ("Austria", "Australia"), ("Kim Jong-il", "Kim Jong-un"),
                 ("Joe Biden", "Jill Biden"), ("Iran", "Iraq"), ("Niger", "Nigeria")]:
        assert not near(a, b), (a, b)


def test_suggest_on_seeds_finds_kim_inconsistency(bundled_glossary):
    rows = suggest(ROOT / "seeds", bundled_glossary)
    inc = {r.entry_id: r for r in rows if r.action == "inconsistent"}
    assert "kim-jong-un" in inc
    assert "Kim Jong-Un ×3" in inc["kim-jong-un"].form and "Kim Jong-un ×2" in inc["kim-jong-un"].form
    assert "most common: ‘Kim Jong-Un’" in inc["kim-jong-un"].reason
    assert "antony-blinken" in inc  # Anthony / Antony
    assert not [r for r in rows if r.form in ("Kim", "Putin", "Seoul")]


def test_suggest_cli_and_merge(tmp_path, gcopy):
    out = tmp_path / "s.tsv"
    res = runner.invoke(app, ["glossary", "suggest", str(corpus(tmp_path)), "--out", str(out), "-g", str(gcopy)])
    assert res.exit_code == 0, res.output
    rows = read_suggestions(out)
    assert rows and all(r.accept == "" for r in rows)
    # Nothing applied by itself.
    assert load_glossary(gcopy).fingerprint() == load_glossary(DEFAULT_GLOSSARY).fingerprint()
    lines = out.read_text(encoding="utf-8").splitlines()
    marked = []
    for ln in lines:
        cells = ln.split("\t")
        if len(cells) > 3 and cells[2] in ("Jorge López Mendez", "Jorge Lopez Mendez", "Volodymyr Zelenskiy"):
            cells[0] = "y"
        marked.append("\t".join(cells))
    out.write_text("\n".join(marked) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["glossary", "merge", str(out), "-g", str(gcopy)])
    assert res.exit_code == 0, res.output
    g = load_glossary(gcopy)
    jorge = [e for e in g if e.id == "jorge-lopez-mendez"]
    assert jorge and jorge[0].canonical == "Jorge López Mendez" and jorge[0].variants == ("Jorge Lopez Mendez",)
    z = next(e for e in g if e.id == "volodymyr-zelenskyy")
    assert "Volodymyr Zelenskiy" in z.variants
    assert not errors(check_path(gcopy))


def test_merge_refuses_invalid(tmp_path, gcopy):
    s = tmp_path / "s.tsv"
    s.write_text("accept\taction\tform\tcanonical\tentry_id\tlang\ttype\n"
                 "y\tvariant\tVladimir Putin\tKim Jong-un\tkim-jong-un\t*\tperson\n", encoding="utf-8")
    before = (gcopy / "people.tsv").read_text(encoding="utf-8")
    res = runner.invoke(app, ["glossary", "merge", str(s), "-g", str(gcopy)])
    assert res.exit_code == 1 and "G010" in res.output
    assert (gcopy / "people.tsv").read_text(encoding="utf-8") == before


# -- TBX / CSV -------------------------------------------------------------------------
def _key(entries):
    return sorted(entries, key=lambda e: (e.id, e.lang))


def test_tbx_roundtrip_whole_glossary(bundled_glossary):
    text = to_tbx(bundled_glossary.entries)
    assert "preferredTerm-admn-sts" in text and "deprecatedTerm-admn-sts" in text and "admittedTerm-admn-sts" in text
    back = from_tbx(text)
    assert _key(back) == _key(bundled_glossary.entries)
    for a, b in zip(_key(back), _key(bundled_glossary.entries)):
        assert a.to_row() == b.to_row()  # every field, order of forms included


def test_csv_roundtrip_whole_glossary(bundled_glossary):
    back = from_csv(to_csv(bundled_glossary.entries))
    assert [e.to_row() for e in _key(back)] == [e.to_row() for e in _key(bundled_glossary.entries)]


def test_export_import_cli(tmp_path, gcopy):
    tbx = tmp_path / "g.tbx"
    assert runner.invoke(app, ["glossary", "export", "--format", "tbx", "--out", str(tbx), "-g", str(gcopy)]).exit_code == 0
    text = tbx.read_text(encoding="utf-8").replace("<term>Antony Blinken</term>", "<term>Antony J. Blinken</term>", 1)
    tbx.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["glossary", "import", str(tbx), "-g", str(gcopy)])
    assert res.exit_code == 0, res.output
    assert "1 updated" in res.output
    assert next(e for e in load_glossary(gcopy) if e.id == "antony-blinken").canonical == "Antony J. Blinken"
    csv_out = runner.invoke(app, ["glossary", "export", "--format", "csv", "-g", str(gcopy)])
    assert csv_out.output.startswith(",".join(COLUMNS))


# -- matcher -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def index():
    return GlossaryIndex(load_glossary(DEFAULT_GLOSSARY), "en")


def found(index, text):
    return [(m.text, m.relation, m.entry.id) for m in index.find(text, lexicon("en"))]


@pytest.mark.parametrize("text,expected", [
    ("Kim’s trip", [("Kim", "alias", "kim-jong-un")]),
    ("Putin's war", [("Putin", "alias", "vladimir-putin")]),
    ("Anthony Blinkenexpressed concern", [("Anthony Blinken", "variant", "antony-blinken")]),
    ("the U.S. and the UN", [("U.S.", "alias", "united-states"), ("UN", "alias", "united-nations")]),
    ("talks in Côte d’Ivoire", [("Côte d’Ivoire", "alias", "ivory-coast")]),
    ("Kim Jong Un left", [("Kim Jong Un", "variant", "kim-jong-un")]),
    ("Kim Jong-UN left", [("Kim Jong-UN", "fuzzy", "kim-jong-un")]),
    ("Macrón spoke", [("Macrón", "variant", "emmanuel-macron")]),
])
def test_index_matches(index, text, expected):
    assert found(index, text) == expected


@pytest.mark.parametrize("text", [
    "Kimchi and bibimbap.", "the Parkland shooting", "Putinism is an ideology.", "They told us so.",
    "a car park in turkey", "Park officials closed the gates.", "Who knows?", "Peking duck at Peking University",
])
def test_index_must_not_match(index, text):
    hits = [h for h in found(index, text) if h[1] != "alias" or h[2] != "beijing"]
    assert hits == [], hits


@pytest.mark.parametrize("text,expected", [
    ("Putin spoke at www.kremlin.ru/Putin today.", [("Putin", 0)]),
    ("Write to Kim@Putin.ru, Kim said.", [("Kim", 23)]),
    ("See xwww.Putin.org now", []),  # the URL starts inside "xwww": "Putin" is in it
    ("Vladimir www.x.com Putin left", [("Putin", 19)]),  # no name across a URL
    ("Anthony www.x.org Blinkenexpressed", [("Blinken", 18)]),  # nor a glued one
    ("Blinkenexpressed www.Blinkenexpressed.com Blinkenexpressed", [("Blinken", 0), ("Blinken", 42)]),
    ("Kim Jong-un http://Kim.com/Jong-un Jong-un", [("Kim Jong-un", 0)]),
])
def test_no_names_in_urls(index, text, expected):
    assert [(m.text, m.start) for m in index.find(text, lexicon("en"))] == expected


def test_ambiguous_surname_needs_a_full_mention(index):
    # Penny Wong and Lawrence Wong share the surname.
    assert found(index, "Wong said so.") == []
    got = found(index, "Lawrence Wong arrived. Later Wong said so.")
    assert got == [("Lawrence Wong", "canonical", "lawrence-wong"), ("Wong", "alias", "lawrence-wong")]
    got = found(index, "Lawrence Wong met Penny Wong. Wong said so.")
    assert got[-1] == ("Wong", "alias", "penny-wong")  # the most recent full mention


def test_surname_first_names_get_no_automatic_alias(index):
    assert found(index, "Qiang said") == []  # Li Qiang: Chinese surname first
    assert found(index, "un") == []


def test_match_cost_independent_of_glossary_size():
    """Same text, 10x more entries: the matcher makes the same lookups (structural, not timed)."""
    from bench.bench_glossary import synthetic

    small, big = GlossaryIndex(Glossary(synthetic(200)), "en"), GlossaryIndex(Glossary(synthetic(2000)), "en")
    text = (ROOT / "seeds" / "000_74af5f4683397ea8.txt").read_text(encoding="utf-8")
    calls = []
    for idx in (small, big):
        n = 0
        orig = idx._forms

        class Counting(dict):
            def get(self, k, d=None):
                nonlocal n
                n += 1
                return orig.get(k, d)

        idx._forms = Counting(orig)
        idx.find(text)
        calls.append(n)
    assert calls[1] <= calls[0] * 2 + 50


def test_suggest_never_proposes_a_url_as_a_name(tmp_path):
    from annotator.glossary.suggest import suggest

    d = tmp_path / "c"
    d.mkdir()
    (d / "a.txt").write_text("Read more.\nSource-www.infobae.com\nVia https://News.Example.org/Page today.\n", encoding="utf-8")
    forms = {s.form for s in suggest(d, load_glossary(DEFAULT_GLOSSARY))}
    assert not any("www" in f.lower() or "Example" in f or "News" in f for f in forms), forms


def test_find_reuses_shared_lines_only_where_the_answer_is_the_same(bundled_glossary):
    """find() reuses the start and end lines it shares with the last text; the names are as if matched afresh."""
    lex = lexicon("en")
    filler = "They met in the capital on Monday and talked for hours about trade and security. " * 3
    first = "\n".join([
        f"Penny Wong arrived. {filler}",
        f"Wong said so. {filler}",
        f"Lawrence Wong replied. {filler}",
        f"Wong agreed. Blinkenexpressed doubts. {filler}",
        f"Penny Wong came back. Wong agreed. {filler}",
    ])
    lines = first.split("\n")
    edits = [
        "\n".join([lines[0], lines[1], "Talks went on.", *lines[3:]]),  # who is "Wong" after it changes
        "\n".join([lines[0], lines[1] + " Later,  Kim left.", *lines[2:]]),  # nothing changes after it
        "\n".join([lines[0], lines[2], *lines[3:]]),
        first,
        "\n".join([*lines[:4], lines[4] + " Seoul."]),  # "Wong" of the last line: the Penny Wong of that line
        "\n".join([lines[0] + " Kim left.", *lines[1:4], "Wong" + lines[4]]),  # first and last change, middle kept
        "\n".join([lines[0], lines[1], lines[3], lines[4]]),  # a middle line removed: who is "Wong" after it
        "\n".join([lines[0], lines[1], lines[1], lines[4], lines[2]]),  # repeated and reordered lines
    ]

    def sig(ms):
        return [(m.start, m.end, m.text, m.entry.id, m.relation, m.form, m.glued_at) for m in ms]

    reusing = GlossaryIndex(bundled_glossary, "en")
    for lexicon_ in (lex, None):
        for text in [first, *edits]:
            assert sig(reusing.find(text, lexicon_)) == sig(GlossaryIndex(bundled_glossary, "en").find(text, lexicon_))

    # The shared lines are reused, not matched again: after a change to the end of the first
    # line, only the words added there are. The last line starts with "WongPenny" now: no
    # full mention of Penny Wong before its "Wong", which is matched again with the rest.
    matched = _matched_parts(reusing)
    reusing.find(first, lex)
    matched.clear()
    reusing.find(edits[5], lex)
    assert matched[0] == " Kim left.\n" and "".join(matched[1:]) == edits[5].split("\n")[4]


def _matched_parts(index):
    """The parts of the texts that ``index`` matches from now on (not reused), in a list."""
    matched = []
    orig = index._match

    def match(text, lexicon_, recent, updates, asked, lo=0, hi=None):
        matched.append(text[lo:hi])
        return orig(text, lexicon_, recent, updates, asked, lo, hi)

    index._match = match
    return matched


def test_find_reuses_the_unchanged_parts_of_a_changed_line(bundled_glossary):
    """Fixes change a few characters of a long line: only the words around them are matched again,
    and the names are as if matched afresh, whatever the change next to them."""
    lex = lexicon("en")
    filler = " They met in the capital on Monday and talked for hours about trade and security," * 4
    line = (
        f"Penny Wong arrived in Seoul.{filler} they said.   (“ America will help,” one said, and then America left,{filler} "
        f"and North Korean leader Kim Jong-Un said that "
        f"Anthony Blinkenexpressed doubts .{filler} and Wong agreed while www.example.com and the U.S. "
        f"waited.{filler} Park Jin and Kim left , “Wong” stayed and Blinken said so. Read more."
    )
    other = f"Lawrence Wong replied.{filler} Wong agreed."
    first = "\n".join([" date 2023-09-11 " + line, other, line])
    edits = [
        ("Jong-Un", "Jong-un"),  # the case of one letter inside a name
        ("Blinkenexpressed", "Blinken expressed"),  # a space inside a glued name
        ("doubts .", "doubts."),  # a stray " ." gone
        ("left , ", "left, "),
        (" date 2023-09-11 ", ""),  # a line prefix gone
        ("in the capital on Monday and talked", "in the capital and talked"),  # words gone
        ("waited.", "waited. Kim came."),  # a name after a sentence end
        ("Wong replied", "Wong Kim replied"),  # a name a few characters into the line
        ("www.example.com", "www.example.com/Kim"),  # next to a URL
        ("www.example.com/Kim and", "www.Kim.com and"),
        ("“Wong” stayed", "Wong stayed"),  # quotes gone
        ("Penny Wong arrived", "Lawrence Wong arrived"),  # who is "Wong" after it changes
        ("Lawrence Wong arrived", "Penny Wong arrived"),
        ("Park Jin and Kim", "Kim and Park Jin"),
        ("said.   (“ America", "said,   (“ America"),  # a sentence start far before a common-word alias
        ("said,   (“ America", "said.   (“ America"),
        ("and then America left", "and then\nAmerica left"),  # a line start just before it
        ("in Seoul.", "in the United States."),  # its entry mentioned in full before it
        ("Read more.", "Read http://Kim now"),  # a URL, and no dot near it
    ]

    def sig(ms):
        return [(m.start, m.end, m.text, m.entry.id, m.relation, m.form, m.glued_at) for m in ms]

    for lexicon_ in (lex, None):
        reusing, fresh = GlossaryIndex(bundled_glossary, "en"), GlossaryIndex(bundled_glossary, "en")
        text = first
        for old, new in [("", ""), *edits]:  # one after the other
            assert old in text, old
            text = text.replace(old, new, 1)
            fresh.forget()
            assert sig(reusing.find(text, lexicon_)) == sig(fresh.find(text, lexicon_)), (old, new)

    # One letter changed in a line of about 1,800 characters: a few words are matched again.
    reusing = GlossaryIndex(bundled_glossary, "en")
    reusing.find(first, lex)
    matched = _matched_parts(reusing)
    changed = first.replace("Jong-Un", "Jong-un", 1)
    assert sig(reusing.find(changed, lex)) == sig(GlossaryIndex(bundled_glossary, "en").find(changed, lex))
    assert len(first.split("\n")[0]) > 1500 and 0 < sum(map(len, matched)) < 60, matched
