"""The report stage: MQM scores, summary.json, evaluate, apply, and the page size of a large run."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from annotator.cli import app
from annotator.config import AnnotatorConfig
from annotator.engine import LoggedEdit, replay
from annotator.report.apply import apply_decisions
from annotator.report.html import article_json, diff_segments
from annotator.report.load import load_run
from annotator.report.metrics import edit_rate, evaluate_dirs
from annotator.report.mqm import article_scores, penalties, quality, run_scores
from annotator.report.render import render_report
from annotator.run import clean_folder
from annotator.textio import DIR_MODE

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()

# Two controlled articles: glossary-name variants only (MT301), so the expected
# texts below do not depend on what other detectors find.
NAMES_A = "Kim Jong-Un met Anthony Blinken on Monday.\nLater Kim Jong-Un left for Moscow.\n"
NAMES_B = "Nothing to see here.\nA plain sentence about the weather.\n"


def _names_run(tmp_path: Path, fixes: str) -> Path:
    inp = tmp_path / f"in-{fixes}"
    inp.mkdir()
    (inp / "a.txt").write_text(NAMES_A, encoding="utf-8")
    (inp / "b.txt").write_text(NAMES_B, encoding="utf-8")
    out = tmp_path / f"out-{fixes}"
    clean_folder(inp, out, AnnotatorConfig(nlp="rules", select=("MT301",), fixes=fixes))
    return out


def _decisions(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    pd.DataFrame(rows, columns=["doc", "id", "decision"]).to_csv(path, index=False)
    return path


# -- MQM ----------------------------------------------------------------------
def _frame(rows):
    return pd.DataFrame(rows, columns=["doc", "category", "subcategory", "severity", "applied"])


def test_penalty_per_severity_and_minor_punctuation():
    f = _frame([
        ("a", "Fluency", "Punctuation", "minor", False),
        ("a", "Fluency", "punctuation", "major", False),  # only MINOR punctuation is discounted
        ("a", "Accuracy", "Mistranslation", "critical", True),
        ("a", "Terminology", "Wrong term", "minor", True),
    ])
    assert list(penalties(f)) == [0.1, 5.0, 25.0, 1.0]
    custom = penalties(f, {"minor": 2, "major": 10, "critical": 100}, minor_punctuation=0.5)
    assert list(custom) == [0.5, 10.0, 100.0, 2.0]


def test_quality_is_normalised_per_thousand_words_and_floored():
    assert quality(5, 1000) == (5.0, 95.0)
    assert quality(5, 250) == (20.0, 80.0)
    assert quality(200, 1000) == (200.0, 0.0)
    assert quality(0, 0) == (0.0, 100.0)


def test_article_scores_raw_counts_every_finding_residual_only_unfixed():
    f = _frame([
        ("a", "Terminology", "Wrong term", "major", True),
        ("a", "Fluency", "Spelling", "minor", False),
        ("b", "Accuracy", "Mistranslation", "critical", False),
    ])
    docs = pd.DataFrame({"doc": ["a", "b", "c", "bad"], "status": ["ok", "ok", "ok", "error"], "words": [200, 500, 100, 0]})
    t = article_scores(f, docs).set_index("doc")
    assert "bad" not in t.index
    assert t.loc["a", "penalty_raw"] == 6.0 and t.loc["a", "penalty_residual"] == 1.0
    assert t.loc["a", "mqm_raw"] == 70.0 and t.loc["a", "mqm_residual"] == 95.0
    assert t.loc["b", "mqm_raw"] == 50.0 and t.loc["b", "mqm_residual"] == 50.0
    assert t.loc["c", "mqm_raw"] == 100.0 and t.loc["c", "findings"] == 0
    assert t.loc["a", "penalty_raw:Terminology"] == 5.0 and t.loc["b", "penalty_raw:Accuracy"] == 25.0
    run = run_scores(f, 800)
    assert run["raw"] == {"penalty": 31.0, "per_1000_words": 38.75, "score": 61.25}
    assert run["residual"]["penalty"] == 26.0
    assert run["by_category"]["Terminology"]["penalty_residual"] == 0.0


# -- summary and report files -------------------------------------------------------
@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    clean_folder(SEEDS, out, AnnotatorConfig(nlp="rules"))
    return out


def test_clean_writes_summary_consistent_with_findings(seeds_run):
    s = json.loads((seeds_run / "summary.json").read_text(encoding="utf-8"))
    f = pd.read_json(seeds_run / "findings.jsonl", lines=True)
    run = json.loads((seeds_run / "run.json").read_text(encoding="utf-8"))
    assert s["signature"] == run["signature"] == (seeds_run / "signature.txt").read_text().strip()
    assert s["articles"] == {"files": 3, "read": 3, "input_errors": 0}
    assert s["findings"]["total"] == len(f)
    assert s["findings"]["applied"] == int(f["applied"].sum()) == s["fixes"]["applied"]
    assert sum(d["findings"] for d in s["findings"]["by_code"].values()) == len(f)
    assert sum(s["findings"]["by_severity"].values()) == len(f)
    assert s["mqm"]["residual"]["score"] >= s["mqm"]["raw"]["score"]
    assert s["mqm"]["distribution"]["raw"]["articles"] == 3
    worst = [w["mqm_residual"] for w in s["worst_articles"]]
    assert worst == sorted(worst)
    articles = pd.read_csv(seeds_run / "articles.csv")
    assert set(articles["doc"]) == {p.name for p in SEEDS.glob("*.txt")}
    assert articles["words"].sum() == s["words"]
    # The cleaning's edit rate: changed articles have TER > 0, unchanged ones 0.
    edits = pd.read_json(seeds_run / "edits.jsonl", lines=True)
    for row in articles.itertuples():
        assert (row.ter > 0) == (row.doc in set(edits["doc"]))
    page = (seeds_run / "report.html").read_text(encoding="utf-8")
    assert run["signature"] in page


def test_report_command_prints_summary_and_signature(seeds_run):
    res = runner.invoke(app, ["report", str(seeds_run)], terminal_width=250)
    assert res.exit_code == 0, res.output
    sig = (seeds_run / "signature.txt").read_text().strip()
    assert sig in res.output
    assert "MQM score: raw" in res.output and "worst articles" in res.output


def test_report_on_a_folder_without_a_run_is_a_coded_error(tmp_path):
    res = runner.invoke(app, ["report", str(tmp_path)])
    assert res.exit_code == 2
    assert "E011" in res.output


def test_originals_come_back_from_the_output_folder_alone(seeds_run, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(seeds_run, moved)
    info = json.loads((moved / "run.json").read_text())
    info["input_dir"] = str(tmp_path / "gone")
    (moved / "run.json").write_text(json.dumps(info))
    run = load_run(moved)
    for p in SEEDS.glob("*.txt"):
        text, source = run.original(p.name)
        assert (text, source) == (p.read_text(encoding="utf-8"), "out")


# -- sacrebleu ------------------------------------------------------------------------------
def test_edit_rate_sees_case_fixes_and_ignores_unchanged_text():
    assert edit_rate(NAMES_A, NAMES_A) == (0.0, 100.0)
    ter, chrf = edit_rate("Kim Jong-Un left today.", "Kim Jong-un left today.")
    assert ter == 25.0 and chrf < 100.0


# Cleaning-like edits of a random text over a tiny alphabet (so n-grams repeat often):
# words changed, deleted or inserted, lines deleted, a word glued to the next.
_WORDS = st.text(alphabet="abc.", min_size=1, max_size=4)


_WORD_EDITS = ("sub", "del", "ins", "glue", "split")


def _edit_words(draw, line: list[str], op: str, word) -> None:
    """One cleaning-like edit ``op`` (one of :data:`_WORD_EDITS`) of a line's words, in place; ``word`` draws new words."""
    j = draw(st.integers(0, max(0, len(line) - 1)))
    if op == "sub" and line:
        line[j] = draw(word)
    elif op == "del" and line:
        del line[j]
    elif op == "ins":
        line.insert(j, draw(word))
    elif op == "glue" and len(line) > j + 1:
        line[j : j + 2] = [line[j] + line[j + 1]]
    elif op == "split" and line and len(line[j]) > 1:
        line[j : j + 1] = [line[j][:1], line[j][1:]]


@st.composite
def _edited_pair(draw):
    lines = draw(st.lists(st.lists(_WORDS, min_size=1, max_size=12), min_size=1, max_size=6))
    edited = [list(ln) for ln in lines]
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(edited) - 1))
        op = draw(st.sampled_from(["sub", "del", "ins", "glue", "drop-line"]))
        if op == "drop-line":
            edited[i] = []
        else:
            _edit_words(draw, edited[i], op, _WORDS)
    as_text = lambda ls: "\n".join(" ".join(ln) for ln in ls) + "\n"
    return as_text(lines), as_text(edited)


@settings(max_examples=400, deadline=None)
@given(_edited_pair())
def test_edit_rate_chrf_is_exactly_sacrebleus_whole_text_chrf(pair):
    original, cleaned = pair
    ter, chrf = edit_rate(original, cleaned)
    assert chrf == round(CHRF().sentence_score(" ".join(cleaned.split()), [" ".join(original.split())]).score, 2)
    # TER counts edits block by block: never more than deleting and retyping every changed word.
    n_ref = len(original.split())
    assert 0.0 <= ter <= 100 * (n_ref + len(cleaned.split())) / n_ref


def test_edit_rate_ter_counts_each_cleaning_edit_once():
    original = "A date 2023-09-11 line.\nThe transfers. of arms went on.\nKim Jong-Un left.\nSource-www.example.com\n"
    cleaned = "A line.\nThe transfers of arms went on.\nKim Jong-un left.\n"
    # 2 words deleted, 2 substituted, 1 line (1 word) deleted: 5 edits over 14 words.
    assert edit_rate(original, cleaned)[0] == round(100 * 5 / 14, 2)
    whole = TER(case_sensitive=True).sentence_score(" ".join(cleaned.split()), [" ".join(original.split())])
    assert edit_rate(original, cleaned)[0] == round(whole.score, 2)


def _greedy_blocks(ref: list, hyp: list, window: int = 8) -> list[tuple[int, int, int, int]]:
    """The greedy alignment edit_rate's TER is defined by, as first written (metrics.changed_blocks)."""
    out = []
    i = j = 0
    while i < len(ref) and j < len(hyp):
        if ref[i] == hyp[j]:
            i, j = i + 1, j + 1
            continue
        best = None
        for total in range(1, 2 * window + 1):
            for di in range(0, min(total, window) + 1):
                dj = total - di
                if dj <= window and i + di < len(ref) and j + dj < len(hyp) and ref[i + di] == hyp[j + dj]:
                    best = (di, dj)
                    break
            if best:
                break
        di, dj = best or (1, 1)
        out.append((i, i + di, j, j + dj))
        i, j = i + di, j + dj
    if i < len(ref) or j < len(hyp):
        out.append((i, len(ref), j, len(hyp)))
    return out


_TER = TER(case_sensitive=True)


def _reference_edit_rate(original: str, cleaned: str) -> tuple[float, float]:
    """edit_rate the straightforward way: every line split into words, TER block by block, chrF by sacrebleu."""
    ref_lines = [ln.split() for ln in original.splitlines() if ln.split()]
    hyp_lines = [ln.split() for ln in cleaned.splitlines() if ln.split()]
    ref_words = [w for ln in ref_lines for w in ln]
    hyp_words = [w for ln in hyp_lines for w in ln]
    if ref_words == hyp_words:
        return 0.0, 100.0
    edits = 0.0
    for lr1, lr2, lh1, lh2 in _greedy_blocks(ref_lines, hyp_lines):
        rw = [w for ln in ref_lines[lr1:lr2] for w in ln]
        hw = [w for ln in hyp_lines[lh1:lh2] for w in ln]
        for r1, r2, h1, h2 in _greedy_blocks(rw, hw):
            if r1 == r2:
                edits += h2 - h1
            elif h1 == h2:
                edits += r2 - r1
            else:
                edits += _TER.sentence_score(" ".join(hw[h1:h2]), [" ".join(rw[r1:r2])]).score * (r2 - r1) / 100
    chrf = CHRF().sentence_score(" ".join(hyp_words), [" ".join(ref_words)]).score
    return round(100 * edits / (len(ref_words) or 1), 2), round(chrf, 2)


@st.composite
def _messy_pair(draw):
    """Cleaning-like edits (of words and of whole lines) of a text written with varied whitespace.

    Tiny alphabets make n-grams repeat; repeated lines, blank lines, tabs,
    runs of spaces, no-break spaces, leading and trailing spaces, and CRLF or
    CR line ends are what edit_rate's shortcuts must see through.
    """
    word = st.text(alphabet=draw(st.sampled_from(["ab", "abA.", "aé-“"])), min_size=1, max_size=4)
    pool = draw(st.lists(st.lists(word, min_size=1, max_size=8), min_size=1, max_size=3))
    line = st.one_of(st.lists(word, min_size=1, max_size=10), st.sampled_from(pool), st.just([]))
    lines = draw(st.lists(line, min_size=0, max_size=8))
    edited = [list(ln) for ln in lines]
    for _ in range(draw(st.integers(0, 5))):
        op = draw(st.sampled_from(["sub", "del", "ins", "glue", "split", "drop-line", "add-line", "dup-line", "join-lines"]))
        i = draw(st.integers(0, max(0, len(edited) - 1)))
        if op == "add-line" or not edited:
            edited.insert(draw(st.sampled_from([0, i, len(edited)])), draw(st.lists(word, min_size=1, max_size=4)))
            continue
        ln = edited[i]
        if op in _WORD_EDITS:
            _edit_words(draw, ln, op, word)
        elif op == "drop-line":
            del edited[i]
        elif op == "dup-line":
            edited.insert(i, list(ln))
        elif op == "join-lines" and i + 1 < len(edited):
            edited[i : i + 2] = [ln + edited[i + 1]]

    def write(ls: list[list[str]]) -> str:
        if draw(st.booleans()):  # plainly: one space between words, "\n" after lines
            return "".join(" ".join(ln) + "\n" for ln in ls)
        space = st.sampled_from([" ", " ", "  ", "\t", "\xa0", " \t"])
        edge = st.sampled_from(["", "", " ", "\t"])
        end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        out = [draw(edge) + "".join(w + draw(space) for w in ln[:-1]) + "".join(ln[-1:]) + draw(edge) for ln in ls]
        return end.join(out) + draw(st.sampled_from(["", end]))

    return write(lines), write(edited)


@settings(max_examples=400, deadline=None)
@given(_messy_pair())
def test_edit_rate_equals_the_straightforward_computation(pair):
    original, cleaned = pair
    assert edit_rate(original, cleaned) == _reference_edit_rate(original, cleaned)


@pytest.mark.parametrize(
    "original, cleaned",
    [
        ("", ""),
        ("", "a b"),
        ("a b\n", ""),
        ("a b\n", "\n \n\t"),
        ("a b\nc\n", "a  b\r\n\r\n\tc"),  # whitespace only
        ("a b\nc\n", "a\nb c\n"),  # the same words, broken into lines differently
        ("Kim Jong-Un left.\nSource: X\n", "Kim Jong-un left.\n"),  # a fix, a metadata line deleted
        ("x\nSource: X\nx\nx\n", "x\nx\nx\n"),  # repeated lines around a deleted one
        ("Title\nx y\n", "x y\n"),  # the first line deleted
        ("x y\n", "Title\nx y\nEnd\n"),  # lines added at both ends
        ("a b\r\nc d\r\n", "a B\r\nc d\r\n"),
        ("a b\rc d\r", "a b\rc\r"),
        (" Ünïcödé “x”\tz \n", "Ünïcödé \"x\" z\n"),
        ("abab abab\n", "ab ab\n"),  # n-grams removed and added back
    ],
)
def test_edit_rate_edge_cases_equal_the_straightforward_computation(original, cleaned):
    assert edit_rate(original, cleaned) == _reference_edit_rate(original, cleaned)


def _write_dir(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_evaluate_scores_raw_and_cleaned_against_references(tmp_path):
    ref = _write_dir(tmp_path / "ref", {
        "a.txt": "Kim Jong-un met Antony Blinken on Monday.\nThey spoke for an hour.\n",
        "b.txt": "The weather was fine in Seoul all week.\n",
    })
    hyp = _write_dir(tmp_path / "hyp", {
        "a.txt": "Kim Jong-un met Antony Blinken on Monday.\nThey spoke for an hour.\n",
        "b.txt": "The weather was good in Seoul all week.\n",
    })
    raw = _write_dir(tmp_path / "raw", {
        "a.txt": "Kim Jong-Un met Anthony Blinken on Monday.\nThey spoke during one hour.\n",
        "b.txt": "The weather was good in Seoul all the week.\n",
    })
    ev = evaluate_dirs(hyp, ref, raw)
    rows = {r["doc"]: r for r in ev.rows}
    assert rows["a.txt"]["cleaned_bleu"] == 100.0 and rows["a.txt"]["cleaned_ter"] == 0.0
    assert rows["a.txt"]["segments"] == 2
    assert rows["a.txt"]["raw_bleu"] < 100.0 and rows["a.txt"]["raw_ter"] > 0
    # Corpus scores are sacrebleu's corpus scores over every line of every article.
    hyps = ["Kim Jong-un met Antony Blinken on Monday.", "They spoke for an hour.", "The weather was good in Seoul all week."]
    refs = ["Kim Jong-un met Antony Blinken on Monday.", "They spoke for an hour.", "The weather was fine in Seoul all week."]
    assert ev.corpus["cleaned"]["bleu"] == round(BLEU().corpus_score(hyps, [refs]).score, 2)
    assert ev.corpus["cleaned"]["chrf"] == round(CHRF().corpus_score(hyps, [refs]).score, 2)
    assert ev.corpus["cleaned"]["ter"] == round(TER(case_sensitive=True).corpus_score(hyps, [refs]).score, 2)
    assert ev.corpus["raw"]["bleu"] < ev.corpus["cleaned"]["bleu"]
    assert ev.signatures["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert "case:mixed" in ev.signatures["ter"]

    res = runner.invoke(app, ["evaluate", "--hyp", str(hyp), "--ref", str(ref), "--raw", str(raw),
                              "--csv", str(tmp_path / "scores.csv")], terminal_width=250)
    assert res.exit_code == 0, res.output
    assert "BLEU signature: nrefs:1|case:mixed" in res.output and "TER signature:" in res.output
    assert len(pd.read_csv(tmp_path / "scores.csv")) == 2


def test_evaluate_reports_missing_hypotheses(tmp_path):
    ref = _write_dir(tmp_path / "ref", {"a.txt": "One line.\n", "b.txt": "Two.\n"})
    hyp = _write_dir(tmp_path / "hyp", {"a.txt": "One line.\n"})
    ev = evaluate_dirs(hyp, ref)
    assert [r["doc"] for r in ev.rows] == ["a.txt"]
    assert ev.missing and ev.missing[0][0] == "b.txt"


# -- apply --------------------------------------------------------------------------------
def _ids(out: Path, doc: str) -> list[str]:
    f = pd.read_json(out / "findings.jsonl", lines=True)
    return list(f.loc[f["doc"] == doc].sort_values("start")["id"])


def _assert_replays(out: Path) -> None:
    run = load_run(out)
    for doc in run.documents["doc"]:
        original, _ = run.original(doc)
        assert replay(original, run.edits.get(doc, [])) == (out / "cleaned" / doc).read_text(encoding="utf-8")


def _edit_rates(out: Path) -> dict[str, tuple[float, float]]:
    a = pd.read_csv(out / "articles.csv").set_index("doc")
    return {doc: (a.loc[doc, "ter"], a.loc[doc, "chrf"]) for doc in a.index}


def test_apply_reject_an_applied_fix_keeps_undecided_ones(tmp_path):
    out = _names_run(tmp_path, "safe")
    assert (out / "cleaned/a.txt").read_text() == "Kim Jong-un met Antony Blinken on Monday.\nLater Kim Jong-un left for Moscow.\n"
    # clean scores the edit rate as it writes each article; the report takes it from documents.csv.
    docs = pd.read_csv(out / "documents.csv").set_index("doc")
    assert (docs.loc["a.txt", "ter"], docs.loc["a.txt", "chrf"]) == edit_rate(NAMES_A, (out / "cleaned/a.txt").read_text())
    assert _edit_rates(out)["a.txt"] == edit_rate(NAMES_A, (out / "cleaned/a.txt").read_text())
    kim1, blinken, kim2 = _ids(out, "a.txt")
    res = runner.invoke(app, ["apply", str(out), "--decisions", str(_decisions(tmp_path / "d.csv", [("a.txt", kim1, "reject")]))])
    assert res.exit_code == 0, res.output
    assert (out / "cleaned/a.txt").read_text() == "Kim Jong-Un met Antony Blinken on Monday.\nLater Kim Jong-un left for Moscow.\n"
    assert (out / "cleaned/b.txt").read_text() == NAMES_B
    f = pd.read_json(out / "findings.jsonl", lines=True).set_index("id")
    assert f.loc[kim1, "status"] == "rejected" and not f.loc[kim1, "applied"] and f.loc[kim1, "decision"] == "reject"
    assert f.loc[kim2, "applied"] and f.loc[blinken, "applied"]
    _assert_replays(out)
    log = [json.loads(x) for x in (out / "decisions.jsonl").read_text().splitlines()]
    assert [(x["id"], x["outcome"]) for x in log] == [(kim1, "rejected")]
    docs = pd.read_csv(out / "documents.csv").set_index("doc")
    assert docs.loc["a.txt", "applied"] == 2 and docs.loc["a.txt", "edits"] == 2
    # The rewritten article's edit rate is scored again from its new text.
    assert pd.isna(docs.loc["a.txt", "ter"]) and not pd.isna(docs.loc["b.txt", "chrf"])
    assert _edit_rates(out)["a.txt"] == edit_rate(NAMES_A, (out / "cleaned/a.txt").read_text())
    # The re-rendered summary follows the decisions.
    assert json.loads((out / "summary.json").read_text())["findings"]["applied"] == 2


def test_apply_accept_unapplied_and_reject_in_one_file(tmp_path):
    out = _names_run(tmp_path, "none")
    assert (out / "cleaned/a.txt").read_text() == NAMES_A
    kim1, blinken, kim2 = _ids(out, "a.txt")
    dec = _decisions(tmp_path / "d.csv", [("a.txt", kim2, "accept"), ("a.txt", blinken, "accept"), ("a.txt", kim1, "reject")])
    res = apply_decisions(out, dec)
    assert res.count("applied") == 2 and res.count("rejected") == 1 and res.changed == ["a.txt"]
    assert (out / "cleaned/a.txt").read_text() == "Kim Jong-Un met Antony Blinken on Monday.\nLater Kim Jong-un left for Moscow.\n"
    _assert_replays(out)
    # Applying the same decisions again changes nothing.
    before = (out / "edits.jsonl").read_text()
    apply_decisions(out, dec)
    assert (out / "edits.jsonl").read_text() == before


def test_apply_accepts_a_display_only_fix_with_a_concrete_replacement(seeds_run, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(seeds_run, out)
    f = pd.read_json(out / "findings.jsonl", lines=True)
    cand = f[(f["safety"] == "display-only") & f["fixable"] & ~f["applied"]]
    if cand.empty:
        pytest.skip("no display-only finding with a concrete fix in the seed run")
    row = cand.iloc[0]
    before = (out / "cleaned" / row["doc"]).read_text(encoding="utf-8")
    res = apply_decisions(out, _decisions(tmp_path / "d.csv", [(row["doc"], row["id"], "accept")]))
    assert res.outcomes[0]["outcome"] == "applied", res.outcomes
    after = (out / "cleaned" / row["doc"]).read_text(encoding="utf-8")
    assert after != before
    run = load_run(out)
    original, _ = run.original(row["doc"])
    assert original == (SEEDS / row["doc"]).read_text(encoding="utf-8")
    _assert_replays(out)


def test_apply_on_a_run_with_input_errors_keeps_their_rows_as_they_were(tmp_path):
    # Input-error rows leave numeric columns of documents.csv empty (pandas may load them as text).
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(NAMES_A, encoding="utf-8")
    (inp / "bin.txt").write_bytes(b"\x00\x01binary\xff")
    (inp / "broken.txt").symlink_to(tmp_path / "nowhere")
    out = tmp_path / "out"
    clean_folder(inp, out, AnnotatorConfig(nlp="rules", select=("MT301",)))
    before = (out / "documents.csv").read_bytes().splitlines(keepends=True)
    kim1 = _ids(out, "a.txt")[0]
    res = runner.invoke(app, ["apply", str(out), "--decisions", str(_decisions(tmp_path / "d.csv", [("a.txt", kim1, "reject")]))])
    assert res.exit_code == 0, res.output
    after = (out / "documents.csv").read_bytes().splitlines(keepends=True)
    assert after[0] == before[0] and after[2:] == before[2:]  # header and the error rows, byte for byte
    row = next(csv.DictReader(io.StringIO(after[1].decode()), fieldnames=before[0].decode().strip().split(",")))
    assert (row["doc"], row["applied"], row["edits"], row["ter"], row["chrf"]) == ("a.txt", "2", "2", "", "")
    run = load_run(out)
    assert replay(run.original("a.txt")[0], run.edits["a.txt"]) == (out / "cleaned/a.txt").read_text(encoding="utf-8")


def test_apply_reads_a_cleaned_copy_saved_in_another_encoding(tmp_path):
    out = _names_run(tmp_path, "safe")
    cleaned = out / "cleaned/a.txt"
    cleaned.write_bytes(cleaned.read_text(encoding="utf-8").replace("Monday", "Montag ä").encode("cp1252"))
    kim1 = _ids(out, "a.txt")[0]
    res = apply_decisions(out, _decisions(tmp_path / "d.csv", [("a.txt", kim1, "reject")]))
    assert res.changed == ["a.txt"] and res.count("rejected") == 1
    assert cleaned.read_text(encoding="utf-8") == "Kim Jong-Un met Antony Blinken on Monday.\nLater Kim Jong-un left for Moscow.\n"
    _assert_replays(out)


@pytest.mark.parametrize("content, message", [
    ("doc,decision\na.txt,accept\n", "missing column(s) id"),
    ("doc,id,decision\na.txt,MT301-0-11,maybe\n", "row 2: decision 'maybe'"),
    ("doc,id,decision\nz.txt,MT301-0-11,accept\n", "row 2: article 'z.txt' is not in this run"),
    ("doc,id,decision\na.txt,MT999-0-1,accept\n", "has no finding 'MT999-0-1'"),
    ("doc,id,decision\na.txt,MT301-0-11,accept\na.txt,MT301-0-11,reject\n", "row 3: finding 'MT301-0-11' of 'a.txt' is both"),
])
def test_apply_refuses_a_bad_decisions_file_without_touching_outputs(tmp_path, content, message):
    out = _names_run(tmp_path, "safe")
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    res = runner.invoke(app, ["apply", str(out), "--decisions", str(bad)], terminal_width=300)
    assert res.exit_code == 2
    assert "E012" in res.output and message in " ".join(res.output.split())
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_apply_missing_decisions_file(tmp_path):
    out = _names_run(tmp_path, "safe")
    res = runner.invoke(app, ["apply", str(out), "--decisions", str(tmp_path / "nope.csv")])
    assert res.exit_code == 2 and "E012" in res.output and "no such file" in res.output


# -- page data and run files -------------------------------------------------------------------
def _reencoded(data: str) -> str:
    """``data`` parsed and written again by the general JSON encoder, with the page's options."""
    return json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def test_page_data_is_exactly_what_the_json_encoder_writes(tmp_path):
    # The article data is written by filling templates (html.findings_json, html._text_and_diff_json).
    inp = tmp_path / "in"
    shutil.copytree(SEEDS, inp)
    (inp / "tricky.txt").write_text(NAMES_A.replace("Monday", 'Monday </script> "quoted"\t\\'), encoding="utf-8")
    out = tmp_path / "out"
    clean_folder(inp, out, AnnotatorConfig(nlp="rules", fixes="unsafe"), report=False)
    rows = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[0]["suggestion"] = None  # as in a hand-made file: that finding goes to the general encoder
    (out / "findings.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    render_report(out, inline=False)
    lines = [ln for p in sorted((out / "report").glob("*.js")) for ln in p.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 4
    data = [ln[ln.index(",") + 1 : -len(");")] for ln in lines]  # annotatorDoc(n,DATA);
    assert [_reencoded(d).replace("<", "\\u003c") for d in data] == data  # "<" escaped for <script>
    assert any('"before":' in d for d in data) and any('"suggestion":null' in d for d in data)
    assert any("\\u003c/script>" in d for d in data)


_SOME_TEXT = st.text(alphabet='ab "\\\n\té’<\x01', max_size=10)


@st.composite
def _text_and_log(draw):
    """An original text and the log of up to three rounds of edits on it."""
    original = text = draw(_SOME_TEXT)
    log: list[LoggedEdit] = []
    for round_no in range(1, draw(st.integers(1, 3)) + 1):
        pos, edits = 0, []
        for _ in range(draw(st.integers(0, 3))):
            if pos > len(text):
                break
            start = draw(st.integers(pos, len(text)))
            end = draw(st.integers(start, min(len(text), start + 3)))
            edits.append(LoggedEdit("X1", start, end, text[start:end], draw(_SOME_TEXT), round_no))
            pos = end + 1
        log += edits
        text = replay(text, edits)
    return original, log


@settings(max_examples=300, deadline=None)
@given(_text_and_log())
def test_article_json_writes_the_text_and_diff_as_the_encoder_would(case):
    original, log = case
    data = article_json(0, "a.txt", 2, {"applied": 0, "mqm_raw": 100.0}, [], original, "out", log, "", True)
    assert _reencoded(data) == data
    page = json.loads(data)
    assert page["text"] == original and page["diff"] == diff_segments(original, log)


def test_run_files_with_blank_lines_and_crlf_load_and_a_bad_line_says_where(tmp_path):
    out = tmp_path / "run"
    _fake_run(out, 3)
    rows = load_run(out).rows
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    (out / "findings.jsonl").write_bytes(("\r\n".join(lines[:2]) + "\r\n\n  \n" + lines[2] + "\n\n").encode("utf-8"))
    assert load_run(out).rows == rows
    bad = '{"id": oops}'
    (out / "findings.jsonl").write_text(lines[0] + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as raised:
        load_run(out)
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(bad + "\n")
    assert str(raised.value) == str(expected.value)


# -- large runs -------------------------------------------------------------------------------
def _fake_run(out: Path, n: int) -> None:
    """A run folder as 'clean' writes it, for ``n`` small articles (no pipeline: fast)."""
    (out / "cleaned").mkdir(parents=True)
    findings, edits, docs = [], [], []
    for i in range(n):
        doc = f"batch/{i:05d}.txt"
        original = f"Article {i}: Kim Jong-Un met officials in Seoul on Monday, reports said.\nA second line of text.\n"
        start = original.index("Kim Jong-Un")
        cleaned = original[: start + 9] + "u" + original[start + 10 :]
        (out / "cleaned" / "batch").mkdir(exist_ok=True)
        (out / "cleaned" / doc).write_text(cleaned, encoding="utf-8")
        findings.append({
            "id": f"MT301-{start}-{start + 11}", "doc": doc, "start": start, "end": start + 11, "text": "Kim Jong-Un",
            "code": "MT301", "name": "glossary-name-variant", "category": "Terminology", "subcategory": "Wrong term",
            "severity": "major", "message": "‘Kim Jong-Un’ is a listed variant of ‘Kim Jong-un’.", "suggestion": "Kim Jong-un",
            "safety": "safe", "applied": True, "status": "applied", "round": 1, "score": None, "fixable": True,
        })
        edits.append({"doc": doc, "code": "MT301", "start": start + 9, "end": start + 10, "before": "U", "after": "u", "round": 1})
        docs.append({"doc": doc, "status": "ok", "reason": "", "encoding": "utf-8", "chars": len(original),
                     "words": len(original.split()), "findings": 1, "applied": 1, "edits": 1, "converged": True,
                     "reverted": "", "meta": "{}"})
    (out / "findings.jsonl").write_text("".join(json.dumps(r) + "\n" for r in findings), encoding="utf-8")
    (out / "edits.jsonl").write_text("".join(json.dumps(r) + "\n" for r in edits), encoding="utf-8")
    pd.DataFrame(docs).to_csv(out / "documents.csv", index=False)
    (out / "run.json").write_text(json.dumps({"signature": "annotator:test|codes:MT301", "config": {}, "input_dir": ""}))


def test_5000_articles_keep_the_page_small(tmp_path):
    out = tmp_path / "big"
    _fake_run(out, 5000)
    t0 = time.perf_counter()
    summary = render_report(out)
    elapsed = time.perf_counter() - t0
    page = (out / "report.html").stat().st_size
    files = list((out / "report").glob("*.js"))
    assert summary["report"]["inline"] is False
    assert len(files) == 250  # 20 articles per file
    assert (out / "report").stat().st_mode & 0o777 == DIR_MODE  # not mkdtemp's owner-only mode
    assert page < 5_000_000, f"report.html is {page} bytes"
    assert max(p.stat().st_size for p in files) < 400_000
    assert summary["articles"]["read"] == 5000 and summary["findings"]["total"] == 5000
    assert elapsed < 120, f"rendering 5,000 articles took {elapsed:.1f}s"
    # Re-rendering replaces the per-article files (no stale ones are left behind).
    render_report(out, inline=True)
    assert not (out / "report").exists()
