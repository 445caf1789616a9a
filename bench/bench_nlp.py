"""Throughput of the pipeline with the built-in rules vs the stanza backend.

    .venv/bin/python bench/bench_nlp.py                # 300 articles, tiny models trained on the spot
    .venv/bin/python bench/bench_nlp.py --articles 600 --models ~/stanza_resources

The articles are the three seeds repeated (each copy numbered so no two texts
are identical). Without ``--models`` the stanza figures come from the TINY
tokenizer + NER models of ``tests/stanza_models.py`` (trained here in
seconds, 16-32 hidden units): real stanza models are far larger (BiLSTMs
with pretrained embeddings and character LMs) and slower, so treat the
stanza line as an upper bound on stanza's speed, not a prediction.

Three figures per backend: the whole pipeline (``Annotator.annotate_many``:
analyse, detect, fix rounds, guard), and the NLP step alone
(``backend.analyse`` over the batch), in articles/s and MB/s of UTF-8 input.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.config import AnnotatorConfig  # noqa: E402
from annotator.pipeline import Annotator  # noqa: E402


def articles(n: int) -> list[tuple[str, str]]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return [(f"{i:05d}.txt", seeds[i % len(seeds)] + f"\n({i})\n") for i in range(n)]


def measure(label: str, ann: Annotator, items, batch: int) -> None:
    mb = sum(len(t.encode("utf-8")) for _, t in items) / 1e6
    texts = [t for _, t in items]
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        ann.backend.analyse(texts[i : i + batch])
    nlp_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    findings = 0
    for i in range(0, len(items), batch):
        findings += sum(len(r.findings) for r in ann.annotate_many(items[i : i + batch]))
    total_s = time.perf_counter() - t0
    n = len(items)
    print(f"{label:<44} pipeline {n / total_s:8.1f} articles/s {mb / total_s:7.3f} MB/s  ({total_s:6.1f} s, {findings} findings)")
    print(f"{'':<44} NLP only {n / nlp_s:8.1f} articles/s {mb / nlp_s:7.3f} MB/s  ({nlp_s:6.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--batch", type=int, default=50, help="articles per backend.analyse call")
    ap.add_argument("--models", type=Path, default=None, help="stanza model folder (default: train tiny models now)")
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads (0 = torch's default; 1 avoids OpenMP spinning on a busy CPU)")
    args = ap.parse_args()
    items = articles(args.articles)
    mb = sum(len(t.encode("utf-8")) for _, t in items) / 1e6
    print(f"{len(items)} articles, {mb:.2f} MB, batch {args.batch}, CPU threads visible: {os.cpu_count()}")

    measure("rules", Annotator(AnnotatorConfig(nlp="rules")), items, args.batch)

    models = args.models
    label = "stanza (your models)"
    if models is None:
        from tests.stanza_models import train_tiny_models

        models = Path(tempfile.mkdtemp(prefix="bench_stanza_")) / "models"
        t0 = time.perf_counter()
        train_tiny_models(models)
        print(f"(trained tiny stanza models in {time.perf_counter() - t0:.1f} s)")
        label = "stanza (TINY test models, not real ones)"
    if args.threads:
        os.environ["ANNOTATOR_TORCH_THREADS"] = str(args.threads)
    os.environ["ANNOTATOR_STANZA_DIR"] = str(models)
    ann = Annotator(AnnotatorConfig(nlp="stanza"))
    import torch

    measure(f"{label}: {ann.backend.name}, torch threads {torch.get_num_threads()}", ann, items, args.batch)


if __name__ == "__main__":
    import logging

    logging.disable(logging.INFO)
    main()
