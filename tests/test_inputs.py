"""Nothing lost, whatever comes in: bad inputs become report rows, good ones survive byte for byte."""

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.config import AnnotatorConfig
from annotator.engine import LoggedEdit, replay
from annotator.run import clean_folder
from annotator.textio import iter_blocks

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def docs(out):
    with (out / "documents.csv").open(encoding="utf-8") as fh:
        return {r["doc"]: r for r in csv.DictReader(fh)}


def edits_by_doc(out):
    by = {}
    for line in (out / "edits.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        by.setdefault(d.pop("doc"), []).append(LoggedEdit(**d))
    return by


@pytest.fixture
def messy(tmp_path):
    d = tmp_path / "in"
    (d / "nested" / "deeper").mkdir(parents=True)
    (d / "utf8.txt").write_text("Kim Jong-Un arrived in Pyongyang.\n", encoding="utf-8")
    (d / "bom.txt").write_bytes("\ufeffKim Jong-Un left.\n".encode("utf-8"))
    (d / "utf16.txt").write_bytes("Kim Jong-Un met Ramón Pacheco Pardo.\n".encode("utf-16"))
    (d / "legacy.txt").write_bytes("Ramón Pacheco Pardo habló en “Bruselas” – año 2023.\n".encode("cp1252"))
    (d / "crlf.txt").write_bytes(b"Kim Jong-Un arrived.\r\nThen he left.\r\n")
    (d / "cr.txt").write_bytes(b"Kim Jong-Un arrived.\rThen\the left.\r")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (d / "empty.txt").write_bytes(b"")
    (d / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 3)
    (d / "nested" / "deeper" / "with space ünï.txt").write_text("Anthony Blinkenexpressed concern.", encoding="utf-8")
    (d / "nested" / "-leading-dash.txt").write_text("Vostochni cosmodrome", encoding="utf-8")
    (d / "notes.md").write_text("Kim Jong-Un", encoding="utf-8")
    os.symlink(d / "missing-target.txt", d / "broken.txt")
    os.symlink("loop.txt", d / "loop.txt")
    os.symlink(d / "nested", d / "dirlink")
    locked = d / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    locked.chmod(0)
    return d


def snapshot(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = Path(root) / f
            if p.is_symlink():
                out[str(p)] = ("link", os.readlink(p))
            else:
                try:
                    out[str(p)] = p.read_bytes()
                except PermissionError:
                    out[str(p)] = ("locked", p.stat().st_size)
    return out


def test_messy_folder_completes_with_error_rows(messy, tmp_path):
    before = snapshot(messy)
    out = tmp_path / "out"
    res = runner.invoke(app, ["clean", str(messy), "--out", str(out)])
    assert res.exit_code == 3, res.output  # some inputs skipped
    assert snapshot(messy) == before  # inputs untouched
    rows = docs(out)
    assert "notes.md" not in rows  # non-.txt ignored
    reasons = {k: v["reason"] for k, v in rows.items() if v["status"] == "error"}
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["empty.txt"] == "empty file"
    assert "broken symbolic link" in reasons["broken.txt"]
    assert "loop" in reasons["loop.txt"]
    assert "not followed" in reasons["dirlink"]
    if os.geteuid() != 0:  # root reads anything
        assert "cannot read" in reasons["locked.txt"]
    assert reasons["undecodable.txt"].startswith("undecodable")
    ok = {k: v for k, v in rows.items() if v["status"] == "ok"}
    assert ok["utf8.txt"]["encoding"] == "utf-8"
    assert ok["bom.txt"]["encoding"] == "utf-8-sig"
    assert ok["utf16.txt"]["encoding"] == "utf-16"
    assert ok["legacy.txt"]["encoding"] == "cp1252"
    cleaned = out / "cleaned"
    assert (cleaned / "legacy.txt").read_text(encoding="utf-8") == "Ramón Pacheco Pardo habló en “Bruselas” – año 2023.\n"
    assert (cleaned / "utf16.txt").read_text(encoding="utf-8") == "Kim Jong-un met Ramón Pacheco Pardo.\n"
    assert (cleaned / "crlf.txt").read_bytes() == b"Kim Jong-un arrived.\r\nThen he left.\r\n"
    assert (cleaned / "cr.txt").read_bytes() == b"Kim Jong-un arrived.\rThen\the left.\r"
    assert (cleaned / "nested" / "deeper" / "with space ünï.txt").read_text(encoding="utf-8") == "Antony Blinken expressed concern."
    assert (cleaned / "nested" / "-leading-dash.txt").read_text(encoding="utf-8") == "Vostochny Cosmodrome"
    assert "skipped" in res.output


def test_edit_log_replays_on_every_file(messy, tmp_path):
    out = tmp_path / "out"
    clean_folder(messy, out, AnnotatorConfig(nlp="rules"))
    from annotator.textio import read_article

    logs = edits_by_doc(out)
    for doc, row in docs(out).items():
        if row["status"] != "ok":
            continue
        original = read_article(messy / doc).text
        cleaned = (out / "cleaned" / doc).read_bytes().decode("utf-8")
        assert replay(original, logs.get(doc, [])) == cleaned, doc


def test_output_folder_checks(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("text", encoding="utf-8")
    r = runner.invoke(app, ["clean", str(inp), "--out", str(inp / "out")])
    assert r.exit_code == 2 and "E002" in r.output and "inside the input folder" in r.output
    r = runner.invoke(app, ["clean", str(inp), "--out", str(inp)])
    assert r.exit_code == 2 and "E003" in r.output
    r = runner.invoke(app, ["clean", str(inp), "--out", str(inp / "a.txt")])
    assert r.exit_code == 2
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.me").write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["clean", str(inp), "--out", str(foreign)])
    assert r.exit_code == 2 and "E008" in r.output and "--force" in r.output
    r = runner.invoke(app, ["clean", str(inp), "--out", str(foreign), "--force"])
    assert r.exit_code == 0 and (foreign / "keep.me").exists()
    r = runner.invoke(app, ["clean", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "E001" in r.output


RULES = AnnotatorConfig(nlp="rules")


def _seeds_run(tmp_path):
    """Copy the seeds to ``in/``, clean them into ``out/`` (rules backend); return both folders."""
    inp, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SEEDS, inp)
    clean_folder(inp, out, RULES)
    return inp, out


def test_resume_skips_unchanged_and_redoes_changed(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(SEEDS, inp)
    out = tmp_path / "out"
    cfg = AnnotatorConfig(nlp="rules")
    first = clean_folder(inp, out, cfg)
    reference = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    again = clean_folder(inp, out, cfg, resume=True)
    assert again.resumed == 3 and again.read == 3
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == reference
    (inp / "001_3a575bb58e329444.txt").write_text("Kim Jong-Un again.", encoding="utf-8")
    third = clean_folder(inp, out, cfg, resume=True)
    assert third.resumed == 2
    assert (out / "cleaned" / "001_3a575bb58e329444.txt").read_text(encoding="utf-8") == "Kim Jong-un again."
    changed_cfg = clean_folder(inp, out, AnnotatorConfig(nlp="rules", fixes="none"), resume=True)
    assert changed_cfg.resumed == 0
    assert first.read == 3


def test_resume_redoes_an_article_whose_cleaned_file_was_lost_or_changed(tmp_path):
    # Cleaned files are renamed into place without fsync; after a power cut one
    # may be empty although its journal entry survived. The journal records the
    # cleaned file's hash, so --resume annotates such articles again.
    inp, out = _seeds_run(tmp_path)
    cleaned = out / "cleaned" / "001_3a575bb58e329444.txt"
    expected = cleaned.read_bytes()
    cleaned.write_bytes(b"")
    again = clean_folder(inp, out, RULES, resume=True)
    assert again.resumed == 2 and again.read == 3
    assert cleaned.read_bytes() == expected


def test_outputs_are_readable_like_any_new_file(tmp_path):
    # Temporary files are made owner-only; the renamed outputs take the umask's mode.
    _, out = _seeds_run(tmp_path)
    old = os.umask(0)
    os.umask(old)
    expected = 0o666 & ~old
    for p in [out / "findings.csv", out / "summary.json", out / "report.html", *(out / "cleaned").iterdir()]:
        assert p.stat().st_mode & 0o777 == expected, p


def test_resume_ignores_a_killed_runs_partial_journal_group(tmp_path):
    inp, out = _seeds_run(tmp_path)
    journal = out / ".state" / "journal.jsonl"
    assert [p.name for p in (out / ".state").iterdir()] == ["journal.jsonl"]  # one file, not one per article
    complete = journal.read_bytes()
    # A run killed in the middle of an article leaves its group without the closing line, mid-line.
    with journal.open("ab") as fh:
        fh.write(b'{"begin": "001_3a575bb58e329444.txt"}\n{"row": {"doc": "001_3a5')
    again = clean_folder(inp, out, RULES, resume=True)
    assert again.resumed == 3
    assert journal.read_bytes() == complete  # rewritten with this run's groups alone
    # A group for an article whose input changed is not reused; the new one replaces it.
    (inp / "001_3a575bb58e329444.txt").write_text("Kim Jong-Un again.", encoding="utf-8")
    third = clean_folder(inp, out, RULES, resume=True)
    assert third.resumed == 2
    assert journal.read_text(encoding="utf-8").count('{"begin": ') == 3


def test_large_file_in_blocks_matches_offsets(tmp_path, monkeypatch):
    import annotator.run as run_mod
    import annotator.textio as textio

    para = "North Korean leader Kim Jong-Un met Anthony Blinkenexpressed hopes.\r\n"
    text = para * 400
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "big.txt").write_text(text, encoding="utf-8", newline="")
    monkeypatch.setattr(run_mod, "LARGE_FILE_BYTES", 1000)
    monkeypatch.setattr(textio, "BLOCK_CHARS", 2048)
    monkeypatch.setattr(run_mod, "iter_blocks", lambda p, enc: iter_blocks(p, enc, 2048))
    out = tmp_path / "out"
    clean_folder(inp, out, AnnotatorConfig(nlp="rules"))
    cleaned = (out / "cleaned" / "big.txt").read_bytes().decode("utf-8")
    assert cleaned == ("North Korean leader Kim Jong-un met Antony Blinken expressed hopes.\r\n" * 400)
    assert replay(text, edits_by_doc(out)["big.txt"]) == cleaned
    rows = [json.loads(l) for l in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 * 400
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
    assert docs(out)["big.txt"]["chars"] == str(len(text))


def test_no_report_streams_only_then_report_renders_later(tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["clean", str(SEEDS), "--out", str(out), "--no-report", "--nlp", "rules"])
    assert r.exit_code == 0, r.output
    assert (out / "findings.jsonl").is_file() and not (out / "summary.json").exists() and not (out / "report.html").exists()
    r = runner.invoke(app, ["report", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "summary.json").is_file() and (out / "report.html").is_file()


def test_fail_on_and_usage_errors_exit_codes(tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "--fail-on", "major", "--no-report", "--nlp", "rules"])
    assert r.exit_code == 1 and "fail-on major" in r.output
    r = runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "--fail-on", "critical", "--no-report", "--nlp", "rules"])
    assert r.exit_code == 0, r.output  # the seeds leave no critical finding
    r = runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "--fixes", "bogus"])
    assert r.exit_code == 2 and "E005" in r.output and "'fixes'" in r.output and "<command line>" in r.output


def test_jobs_give_byte_identical_outputs(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(40):
        for f in sorted(SEEDS.glob("*.txt")):
            (inp / f"{i:02d}-{f.name}").write_text(f.read_text(encoding="utf-8").replace("Seoul", f"Seoul {i}"), encoding="utf-8")
    (inp / "zz-binary.txt").write_bytes(b"\x00\x01")
    cfg = AnnotatorConfig(nlp="rules")
    one, two = tmp_path / "one", tmp_path / "two"
    clean_folder(inp, one, cfg, report=False)
    summary = clean_folder(inp, two, cfg, report=False, jobs=2)
    assert summary.read == 120 and len(summary.errors) == 1

    def tree(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert tree(one) == tree(two)
    r = runner.invoke(app, ["clean", str(inp), "-o", str(tmp_path / "cli"), "--jobs", "0"])
    assert r.exit_code == 2 and "--jobs" in r.output
