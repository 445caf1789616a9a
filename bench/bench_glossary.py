"""Glossary scale benchmark: load, index build and per-document match time for 1k/10k/100k entries.

Synthetic entries are person/place/organisation names built from random
syllables (two or three pieces, one variant and one alias each), written as
one TSV file. The documents are the three seed articles plus one with some of
the synthetic names in it. Printed figures, not a test:

    .venv/bin/python bench/bench_glossary.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.glossary import GlossaryIndex, load_glossary  # noqa: E402
from annotator.glossary.model import Entry, render_tsv  # noqa: E402
from annotator.lexicon import lexicon  # noqa: E402

SYLL = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["kha", "zho", "tsi", "ang", "ong", "eon"]


def name(rng: random.Random, pieces: int) -> str:
    return " ".join("".join(rng.choice(SYLL) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(pieces))


def synthetic(n: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    out, seen = [], set()
    types = ("person", "place", "organisation")
    while len(out) < n:
        canonical = name(rng, rng.choice((2, 2, 3)))
        if canonical in seen:
            continue
        seen.add(canonical)
        t = types[len(out) % 3]
        variant = canonical.replace(" ", "-", 1) + "x"
        out.append(Entry(f"e{len(out)}", canonical, t, "*", "", "male" if t == "person" else "", (variant,), (canonical.split()[-1] + "q",)))
    return out


def timed(fn, repeat: int = 1):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    args = ap.parse_args()
    en = lexicon("en")
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    words = sum(len(d.split()) for d in docs)
    print(f"documents: {len(docs)} seed articles, {words} words; per-document figures are the mean over them")
    print(f"{'entries':>8} {'file MB':>8} {'load s':>8} {'index s':>8} {'forms':>8} {'match ms/doc':>13} {'named doc ms':>13} {'names found':>11}")
    for n in (int(s) for s in args.sizes.split(",")):
        entries = synthetic(n)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "synthetic.tsv"
            path.write_text(render_tsv(entries, ["synthetic benchmark glossary"]), encoding="utf-8")
            size = path.stat().st_size / 1e6
            load_s, glossary = timed(lambda: load_glossary(path), repeat=3)
        index_s, index = timed(lambda: GlossaryIndex(glossary, "en"), repeat=3)
        per_doc = []
        # forget(): find reuses the lines a text shares with the last one (fix rounds); time cold matches.
        for d in docs:
            t, _ = timed(lambda: (index.forget(), index.find(d, en)), repeat=5)
            per_doc.append(t)
        rng = random.Random(1)
        picks = [rng.choice(entries) for _ in range(40)]
        named = " ".join(f"On Monday {e.canonical} met {e.variants[0]} and said {e.aliases[0]} agreed." for e in picks)
        named_s, (_, found) = timed(lambda: (index.forget(), index.find(named, en)), repeat=5)
        print(f"{n:>8} {size:>8.1f} {load_s:>8.3f} {index_s:>8.3f} {len(index):>8} {statistics.mean(per_doc) * 1000:>13.2f} {named_s * 1000:>13.2f} {len(found):>11}")


if __name__ == "__main__":
    main()
