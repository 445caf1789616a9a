"""A run killed with SIGKILL leaves no half-written file, and the next run gives identical output."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(inp, out, *extra):
    cmd = [sys.executable, "-m", "annotator", "clean", str(inp), "--out", str(out), "--nlp", "rules", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def test_sigkill_mid_run_then_rerun_is_identical(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(50):
        for f in sorted(SEEDS.glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            (inp / f"{i:03d}-{f.name}").write_text(text.replace("Pyongyang", f"Pyongyang ({i})"), encoding="utf-8")
    ref = tmp_path / "ref"
    assert run(inp, ref).returncode == 0
    expected = tree(ref)

    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "annotator", "clean", str(inp), "--out", str(out), "--nlp", "rules"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        done = list((out / "cleaned").glob("*.txt")) if (out / "cleaned").is_dir() else []
        if len(done) >= 15:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = tree(out)
    assert 0 < len([k for k in partial if k.startswith("cleaned/")]) < len(expected), "the kill must land mid-run"
    for name, data in partial.items():
        if Path(name).name.startswith(".") and name.endswith(".tmp"):
            continue  # temporaries may remain; they never carry a final name
        if name.startswith(".state/"):
            continue
        # Every file under a final name is complete and equal to the uninterrupted run's.
        assert data == expected[name], name
    assert not (out / "findings.jsonl").exists() or tree(out)["findings.jsonl"] == expected["findings.jsonl"]

    again = run(inp, out)
    assert again.returncode == 0, again.stderr
    assert tree(out) == expected

    shutil.rmtree(out / "cleaned" )
    resumed = run(inp, out, "--resume")
    assert resumed.returncode == 0
    assert tree(out) == expected


def test_console_entry_point_exit_codes_and_complete_output(tmp_path):
    """``python -m annotator`` leaves through ``cli.quick_exit``: same exit codes and complete output as a normal exit."""
    ok = run(SEEDS, tmp_path / "ok")
    assert ok.returncode == 0, ok.stderr
    assert "written to:" in ok.stdout and ok.stdout.endswith("\n")  # the summary's last line reached the pipe
    assert sorted(p.name for p in (tmp_path / "ok" / "cleaned").glob("*.txt")) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert (tmp_path / "ok" / "report.html").is_file()

    failing = run(SEEDS, tmp_path / "fail", "--fail-on", "minor")
    assert failing.returncode == 1 and "fail-on minor" in failing.stderr

    usage = run(tmp_path / "missing", tmp_path / "x")
    assert usage.returncode == 2 and "error" in usage.stderr

    bad_option = run(SEEDS, tmp_path / "y", "--fixes", "sometimes")
    assert bad_option.returncode == 2

    version = subprocess.run([sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("annotator ")


def test_console_entry_point_exits_normally_under_a_profiler(tmp_path):
    """A profiler writes its results after the program returns: the quick exit must not skip that."""
    stats = tmp_path / "run.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "annotator", "--version"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("annotator ")
    assert stats.is_file() and stats.stat().st_size > 0
