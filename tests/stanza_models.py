"""Tiny stanza models trained offline on data made here (for tests and the benchmark).

Nothing is downloaded and nothing is mocked: stanza's own training entry
points (``stanza.models.tokenizer`` and ``stanza.models.ner_tagger``) train a
character tokenizer/sentence splitter and a BiLSTM-CRF NER tagger on a few
hundred synthetic English sentences (a few seconds each on a CPU). The models
are written in stanza's folder layout, ``DIR/en/tokenize/tiny.pt`` and
``DIR/en/ner/tiny.pt`` with a ``resources.json`` of ``{}``, and are loaded the
way users' models are: ``StanzaBackend`` -> ``stanza.Pipeline(..., dir=DIR,
download_method=None, allow_unknown_language=True, <proc>_model_path=...)``.

They are TINY: trained on templated text, fast and far less accurate than
stanza's real models (which are larger and much slower).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

PEOPLE = [["Maria", "Lopez"], ["John", "Smith"], ["Kim"], ["Vladimir", "Putin"], ["Anna", "Berg"], ["Park", "Jin"], ["Antony", "Blinken"]]
PLACES = [["Moscow"], ["Seoul"], ["New", "York"], ["Lima"], ["Pyongyang"], ["Ukraine"], ["Paris"]]
ORGS = [["Reuters"], ["Europa", "Press"], ["the", "Kremlin"], ["the", "UN"], ["Hamas"]]
VERBS = ["met", "visited", "left", "called", "praised", "warned", "thanked"]
OBJECTS = ["officials", "the press", "reporters", "the minister", "allies", "its neighbours"]
WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")

TEMPLATES = [
    "{P} {v} {o} in {L}.",
    "In {L}, {P} {v} {o}.",
    "{P} said that {o} {v} {L}!",
    "Did {P} visit {L}?",
    "“We {v} {o},” {P} said.",
    "According to {O}, {P} left {L} on Monday.",
    "{O} reported that {P} {v} {o} in {L}.",
    "The talks in {L} ended, {P} said.",
    "In {L}, “{P}” {v} {o}.",
    "{O} called it “{o}” in {L}.",
]


def _sentence(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """A sentence and its (word, BIO tag) list."""
    tpl = rng.choice(TEMPLATES)
    fills = {"P": (rng.choice(PEOPLE), "PER"), "L": (rng.choice(PLACES), "LOC"), "O": (rng.choice(ORGS), "ORG")}
    words: list[tuple[str, str]] = []
    text_parts = []
    for piece in re.split(r"(\{[A-Za-z]\})", tpl):
        if piece in ("{P}", "{L}", "{O}"):
            name, label = fills[piece[1]]
            skip = 1 if name[0] == "the" else 0  # "the Kremlin": the article is not part of the name
            for i, w in enumerate(name):
                words.append((w, "O" if i < skip else ("B-" if i == skip else "I-") + label))
            text_parts.append(" ".join(name))
        else:
            piece = piece.format(v=rng.choice(VERBS), o=rng.choice(OBJECTS))
            words.extend((w, "O") for w in WORD.findall(piece))
            text_parts.append(piece)
    return "".join(text_parts), words


def _tokenizer_data(rng: random.Random, paragraphs: int) -> tuple[str, str]:
    texts, labels = [], []
    for _ in range(paragraphs):
        sents = [_sentence(rng)[0] for _ in range(rng.randint(1, 4))]
        text = " ".join(sents)
        lab = ["0"] * len(text)
        pos = 0
        for s in sents:
            start = text.index(s, pos)
            pos = start + len(s)
            toks = list(WORD.finditer(s))
            for i, m in enumerate(toks):
                lab[start + m.end() - 1] = "2" if i == len(toks) - 1 else "1"
        texts.append(text)
        labels.append("".join(lab))
    return "\n\n".join(texts) + "\n", "\n\n".join(labels) + "\n"


def train_tiny_models(directory: Path, lang: str = "en", *, ner: bool = True, tokenizer: bool = True, seed: int = 7) -> Path:
    """Train the tiny models into ``directory`` (stanza layout); returns ``directory``."""
    import torch
    from stanza.models import ner_tagger, tokenizer as tok_main

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny models: one thread is faster than two fighting over a busy CPU
    try:
        return _train(directory, lang, ner, tokenizer, seed, tok_main, ner_tagger)
    finally:
        torch.set_num_threads(threads)


def _train(directory, lang, ner, tokenizer, seed, tok_main, ner_tagger):
    directory = Path(directory)
    work = directory / "_training"
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    (directory / "resources.json").write_text("{}", encoding="utf-8")
    if tokenizer:
        for split, n in (("train", 220), ("dev", 20)):
            txt, lab = _tokenizer_data(rng, n)
            (work / f"{split}.txt").write_text(txt, encoding="utf-8")
            (work / f"{split}.toklabels").write_text(lab, encoding="utf-8")
        (work / "mwt.json").write_text("[]", encoding="utf-8")  # stanza 1.15 needs an MWT file, even empty
        out = directory / lang / "tokenize"
        out.mkdir(parents=True, exist_ok=True)
        tok_main.main([
            "--mode", "train", "--lang", lang, "--shorthand", f"{lang}_tiny",
            "--txt_file", str(work / "train.txt"), "--label_file", str(work / "train.toklabels"),
            "--dev_txt_file", str(work / "dev.txt"), "--dev_label_file", str(work / "dev.toklabels"),
            "--mwt_json_file", str(work / "mwt.json"),
            "--save_dir", str(out), "--save_name", "tiny.pt",
            "--steps", "200", "--eval_steps", "100", "--emb_dim", "16", "--hidden_dim", "32",
            "--batch_size", "16", "--cpu", "--seed", str(seed),
        ])
    if ner:
        for split, n in (("train", 400), ("dev", 40)):
            data = [[{"text": w, "ner": t} for w, t in _sentence(rng)[1]] for _ in range(n)]
            (work / f"ner_{split}.json").write_text(json.dumps(data), encoding="utf-8")
        out = directory / lang / "ner"
        out.mkdir(parents=True, exist_ok=True)
        ner_tagger.main([
            "--mode", "train", "--shorthand", f"{lang}_tiny", "--no_pretrain",
            "--train_file", str(work / "ner_train.json"), "--eval_file", str(work / "ner_dev.json"),
            "--save_dir", str(out), "--save_name", "tiny.pt",
            "--hidden_dim", "32", "--char_hidden_dim", "16", "--word_emb_dim", "16", "--char_emb_dim", "16",
            "--max_steps", "200", "--eval_interval", "100", "--optim", "adam", "--lr", "0.01",
            "--cpu", "--seed", str(seed),
        ])
    shutil.rmtree(work)
    return directory
