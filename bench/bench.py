"""Benchmark `annotator clean`: articles/s, MB/s and peak memory, printed.

Builds a varied corpus from the seed articles (paragraphs shuffled across
articles, names swapped for other glossary people and places, numbers and
dates changed, artifacts injected: glued names, stray full stops, leaked
source lines), then runs the real command line in a child process and reads
its wall time and peak resident memory.

    python bench/bench.py                      # 2,000 articles (the default target: >= 1 MB/s)
    python bench/bench.py --articles 5000
    python bench/bench.py --huge-mb 200        # one 200 MB article (block processing, bounded memory)
    python bench/bench.py --many 100000        # 100,000 small articles
    python bench/bench.py --scaling            # 500/1,000/2,000 articles: time grows linearly
    python bench/bench.py --jobs 2 --no-report # worker processes (parallel scaling)
    python bench/bench.py --stages             # where the time goes, in process: stages and detectors
    python bench/bench.py --dir ~/scratch      # corpus and outputs on another disk than the temp folder
    python bench/bench.py --repeat 5           # five runs: each, then the median
    python bench/bench.py --compare HEAD~10 --repeat 3   # this tree against a commit, run by turns

Writing 2,000 cleaned files makes the run sensitive to how fast the disk
creates files: measure on the disk the real outputs will go to (--dir).
A shared machine's speed also drifts from minute to minute; ``--compare``
runs an earlier commit (checked out in a temporary git worktree) and this
tree by turns on the same corpus, so their ratio holds even when the
absolute times move.

Targets are printed beside the figures; nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TARGET_MB_S = 1.0

PEOPLE = [
    ("Vladimir Putin", "Emmanuel Macron", "Olaf Scholz", "Luiz Inácio Lula da Silva", "Recep Tayyip Erdoğan"),
    ("Antony Blinken", "Sergey Lavrov", "Wang Yi", "Annalena Baerbock"),
]
PLACES = ["Pyongyang", "Moscow", "Seoul", "Beijing", "Kyiv", "Brasília", "Ankara", "Paris", "Berlin"]
ARTIFACTS = [
    lambda p, r: p.replace(" said", "said", 1),  # glued word after a name
    lambda p, r: p.replace(" of ", ". of ", 1),  # stray full stop
    lambda p, r: p + "\nSource-www.example-news.com",
    lambda p, r: p.replace("Kim Jong-un", "Kim Jong-Un"),
    lambda p, r: p.replace("”.", "”. ."),
    lambda p, r: p,
]


def build_corpus(folder: Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    paragraphs = []
    for f in sorted(SEEDS.glob("*.txt")):
        paragraphs += [p for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        k = rng.randint(6, 14)
        paras = rng.sample(paragraphs, min(k, len(paragraphs)))
        text = "\n\n".join(paras)
        for group in PEOPLE:
            if rng.random() < 0.5:
                text = text.replace(group[0], rng.choice(group))
        text = text.replace("Pyongyang", rng.choice(PLACES))
        text = re.sub(r"\b(19|20)\d\d\b", lambda m: str(rng.randint(1990, 2024)), text)
        text = rng.choice(ARTIFACTS)(text, rng)
        sub = folder / f"batch{i % 20:02d}"
        sub.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"article_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def build_huge(folder: Path, megabytes: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    base = "\n".join(f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))) + "\n"
    target = megabytes * 1024 * 1024
    path = folder / "huge.txt"
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        while written < target:
            fh.write(base)
            written += len(base.encode("utf-8"))
    return written


def _worktree(ref: str, where: Path) -> Path:
    """A checkout of git commit ``ref`` at ``where`` (a detached worktree of this repository)."""
    proc = subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), ref], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"--compare {ref}: {proc.stderr.strip()}")
    return where


def file_cost(folder: Path, n: int = 2000) -> float:
    """Milliseconds to create one small file in ``folder`` as ``clean`` does (a temporary file, then a rename).

    Disks and file systems differ by more than ten times here, and a run of
    short articles creates one file per article: this says how much of a
    run's time is the disk's. The probe writes ``n`` files of 2 KB into
    folders of 100, as a run of ``n`` bench articles does, and includes the
    flush of what it wrote (a few hundred files in one folder can look ten
    times cheaper than a run's thousands).
    """
    probe = Path(tempfile.mkdtemp(prefix=".probe-", dir=folder))
    try:
        os.sync()
        t0 = time.perf_counter()
        for i in range(n):
            sub = probe / f"b{i // 100}"
            if i % 100 == 0:
                sub.mkdir()
            fd, tmp = tempfile.mkstemp(prefix=".a.", suffix=".tmp", dir=sub)
            os.write(fd, b"x" * 2000)
            os.close(fd)
            os.replace(tmp, sub / f"a{i}.txt")
        os.sync()
        return 1000 * (time.perf_counter() - t0) / n
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def run_clean(inp: Path, out: Path, extra: list[str], code: Path = ROOT) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one `annotator clean` child process.

    ``ru_maxrss`` of RUSAGE_CHILDREN is the largest child so far, so each
    measured run goes through its own intermediate process. Every run writes
    into a new, empty output folder (the previous run's is deleted first:
    replacing 2,000 existing files costs a disk more than creating them), and
    the corpus just written and the deletion are flushed to disk first, so
    their write-back does not land inside the measured run.
    """
    shutil.rmtree(out, ignore_errors=True)
    os.sync()
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "annotator", "clean", str(inp), "--out", str(out), "--force", *extra]
    probe = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stderr.write(r.stderr); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(u.ru_utime + u.ru_stime, u.ru_maxrss); sys.exit(r.returncode)"
    )
    # The annotator package of ``code`` (this tree, or --compare's): ``-m`` puts the working folder first on sys.path.
    env = {**os.environ, "PYTHONPATH": str(code)}
    proc = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, env=env, cwd=code)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"annotator clean failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    cpu, peak = proc.stdout.strip().splitlines()[-1].split()
    return wall, float(cpu), int(peak) / 1024


def report(label: str, n: int, nbytes: int, wall: float, cpu: float, peak_mb: float) -> None:
    mb = nbytes / 1e6
    print(
        f"{label:<28} {n:>7} articles {mb:>8.1f} MB  {wall:>7.1f} s (cpu {cpu:.1f} s)  "
        f"{n / wall:>8.1f} articles/s  {mb / wall:>6.2f} MB/s  peak {peak_mb:>6.0f} MB"
        + ("" if label.startswith("huge") or label.startswith("many") else f"   (target >= {TARGET_MB_S} MB/s)")
    )


def stages(folder: Path, nlp: str) -> None:
    """Time the stages of the pipeline in process, over the corpus (warm: a first pass fills caches)."""
    sys.path.insert(0, str(ROOT))
    from annotator.config import AnnotatorConfig
    from annotator.detectors import antecedents
    from annotator.pipeline import Annotator
    from annotator.report.metrics import edit_rate

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.perf_counter()
    ann = Annotator(AnnotatorConfig(nlp=nlp))
    build = time.perf_counter() - t0
    for t in texts[:100]:
        ann.annotate(t)
    clock: dict[str, float] = {}
    inner: list[float] = []  # per open timer: the time of timers opened inside it, not its own

    def timed(name, fn, consume=False):
        """``fn`` timed under ``name``, exclusive of the timers it runs inside (analysis a detector triggers)."""
        def wrapper(*a, **k):
            inner.append(0.0)
            t = time.perf_counter()
            try:
                out = fn(*a, **k)
                return list(out) if consume else out  # detectors yield: time the whole generator
            finally:
                spent = time.perf_counter() - t
                own = spent - inner.pop()
                clock[name] = clock.get(name, 0.0) + own
                if inner:
                    inner[-1] += spent
        return wrapper

    analyse = ann.analyse

    def analyse_timed(*a, **k):
        doc = analyse(*a, **k)
        # Each analysis field is worked out when a detector first reads it: time it on its own.
        for field, fn in list((doc._deferred or {}).items()):
            doc._deferred[field] = timed(f"  analysis: {field}", fn)
        return doc

    ann.analyse = timed("analyse (every round)", analyse_timed)
    # The antecedent candidates that MT101, MT102, MT104 and MT105 share, built on first use.
    info_class = antecedents._DocInfo
    info_class.words = timed("  analysis: pronoun-check words", info_class.words)
    info_class.candidates = timed("  analysis: antecedent candidates", info_class.candidates)
    for det in ann.detectors:
        det.detect = timed(f"  {det.code} {det.name}", det.detect, consume=True)
    t0 = time.perf_counter()
    results = [ann.annotate(t) for t in texts]
    total = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t, r in zip(texts, results):
        r.rows()
        edit_rate(t, r.cleaned)
    rows = time.perf_counter() - t0
    print(f"in process, {len(texts)} articles, {mb:.1f} MB; Annotator built in {build:.2f} s")
    print(f"{'annotate (all rounds)':<44} {total:7.2f} s  {mb / total:6.2f} MB/s")
    for name, sec in sorted(clock.items(), key=lambda kv: -kv[1]):
        print(f"{name:<44} {sec:7.2f} s  {100 * sec / total:5.1f}%")
    print(f"{'rows + edit rate (run stage, per article)':<44} {rows:7.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--huge-mb", type=int, default=0, help="also time one article of this many MB")
    ap.add_argument("--many", type=int, default=0, help="also time this many small articles")
    ap.add_argument("--scaling", action="store_true", help="time 1/4, 1/2 and all of --articles")
    ap.add_argument("--nlp", default="rules", help="backend passed to clean (rules, auto, stanza)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus and outputs")
    ap.add_argument("--no-report", action="store_true", help="time the annotation stage alone (clean --no-report)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes passed to clean --jobs")
    ap.add_argument("--stages", action="store_true", help="also time the pipeline stages and detectors in process")
    ap.add_argument("--dir", type=Path, default=None,
                    help="build the corpus and outputs in a new folder under DIR (default: the system temp folder)")
    ap.add_argument("--repeat", type=int, default=1, help="run each measurement this many times; print each and the median")
    ap.add_argument("--compare", metavar="REF", default=None,
                    help="also run git commit REF by turns with this tree on the same corpus, and print the ratio")
    args = ap.parse_args()
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="annotator-bench-", dir=args.dir))
    extra = ["--nlp", args.nlp, "--jobs", str(args.jobs)] + (["--no-report"] if args.no_report else [])
    try:
        print(f"python {sys.version.split()[0]}, backend {args.nlp}, jobs {args.jobs}, reports {'off' if args.no_report else 'on'}, corpus in {tmp}")
        per_file = file_cost(tmp, min(args.articles, 2000))
        print(f"disk: creating a small file takes {per_file:.2f} ms there; a run writes a cleaned copy per article, "
              f"so {args.articles:,} articles spend about {per_file * args.articles / 1000:.1f} s on that alone "
              "(--dir /dev/shm measures the program without the disk)")
        sizes = [args.articles // 4, args.articles // 2, args.articles] if args.scaling else [args.articles]
        trees = {"": ROOT}
        if args.compare:
            trees = {f" {args.compare}": _worktree(args.compare, tmp / "compare"), "": ROOT}
        for n in sizes:
            inp = tmp / f"corpus{n}"
            nbytes = build_corpus(inp, n)
            walls: dict[str, list[float]] = {label: [] for label in trees}
            for _ in range(args.repeat):
                for label, code in trees.items():
                    wall, cpu, peak = run_clean(inp, tmp / f"out{n}", extra, code)
                    walls[label].append(wall)
                    report(f"clean ({n}){label}", n, nbytes, wall, cpu, peak)
            if args.repeat > 1:
                for label, w in walls.items():
                    med = statistics.median(w)
                    mb = nbytes / 1e6
                    print(f"median of {args.repeat}{label}: {med:.2f} s, {mb / med:.2f} MB/s (runs {min(w):.2f}-{max(w):.2f} s)")
            if args.compare:
                old, new = statistics.median(walls[f" {args.compare}"]), statistics.median(walls[""])
                print(f"this tree / {args.compare}: {new / old:.2f} of the time ({old / new:.2f}x as fast)")
        if args.stages:
            stages(tmp / f"corpus{sizes[-1]}", args.nlp)
        if args.many:
            inp = tmp / "many"
            rng = random.Random(3)
            seeds = [f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))]
            nbytes = 0
            for i in range(args.many):
                sub = inp / f"d{i // 1000:04d}"
                sub.mkdir(parents=True, exist_ok=True)
                text = rng.choice(seeds).split("\n")[rng.randint(0, 2)] or "Kim Jong-Un left."
                (sub / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
                nbytes += len(text.encode("utf-8"))
            wall, cpu, peak = run_clean(inp, tmp / "out-many", extra)
            report(f"many small ({args.many})", args.many, nbytes, wall, cpu, peak)
        if args.huge_mb:
            inp = tmp / "huge"
            nbytes = build_huge(inp, args.huge_mb)
            wall, cpu, peak = run_clean(inp, tmp / "out-huge", extra)
            report(f"huge article ({args.huge_mb} MB)", 1, nbytes, wall, cpu, peak)
    finally:
        if args.compare and (tmp / "compare").exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "compare")], capture_output=True)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
