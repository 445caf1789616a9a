"""The stanza backend: sentences and named entities from stanza models.

Where models live
    ``$ANNOTATOR_STANZA_DIR`` if set, else ``$STANZA_RESOURCES_DIR`` (stanza's
    own variable), else ``~/stanza_resources``. The layout is stanza's:
    ``DIR/resources.json`` and ``DIR/LANG/PROCESSOR/NAME.pt`` (processors
    ``tokenize``, ``mwt``, ``ner`` and their ``pretrain``/charlm files).
    ``annotator models download LANG`` fills it; ``annotator models list``
    shows it.

Two ways of loading
    *managed*: ``resources.json`` describes the language (a real download):
    stanza resolves the packages and their dependencies itself. *local*: the
    language is not in ``resources.json`` (models you trained or copied in):
    each processor's ``.pt`` file is passed by path. Without a tokenizer
    model, sentences come from the built-in rules and stanza's NER runs on
    pre-tokenised words.

Offsets
    stanza reports character offsets into the text it was given; every token
    is checked against the original text (``text[start:end] == token``) and
    re-found from the running cursor when it is not, so the spans handed to
    the pipeline are exact offsets into the original, whatever the quotes,
    non-breaking spaces or CRLF line ends. Sentences never cross a line break
    (articles put one paragraph a line).

Batching
    :meth:`StanzaBackend.analyse` sends all texts of a batch through
    ``Pipeline.bulk_process`` at once, never sentence by sentence.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Sequence

from ..errors import error
from . import rules

ENV_DIR = "ANNOTATOR_STANZA_DIR"
#: Torch CPU threads for stanza (unset = torch's default).
THREADS_ENV = "ANNOTATOR_TORCH_THREADS"
#: Processors the backend uses, in pipeline order.
PROCESSORS = ("tokenize", "mwt", "ner")
#: Languages whose stanza tokenizer needs the multi-word-token expander.
MWT_LANGS = frozenset({"es", "pt", "fr", "de", "it", "ca"})
#: Words for pre-tokenised input: letter/digit runs (joined by hyphens or apostrophes) or one symbol.
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")


def model_dir() -> Path:
    """The stanza model folder this run uses (see the module docstring)."""
    for var in (ENV_DIR, "STANZA_RESOURCES_DIR"):
        value = os.environ.get(var)
        if value:
            return Path(value).expanduser()
    return Path.home() / "stanza_resources"


def installed(directory: Path | None = None) -> dict[str, dict[str, list[Path]]]:
    """``{lang: {processor: [model files]}}`` found under the model folder (no stanza import)."""
    d = Path(directory) if directory else model_dir()
    out: dict[str, dict[str, list[Path]]] = {}
    if not d.is_dir():
        return out
    for lang_dir in sorted(p for p in d.iterdir() if p.is_dir()):
        procs = {}
        for proc_dir in sorted(p for p in lang_dir.iterdir() if p.is_dir()):
            files = sorted(proc_dir.glob("*.pt"))
            if files:
                procs[proc_dir.name] = files
        if procs:
            out[lang_dir.name] = procs
    return out


def has_models(lang: str, directory: Path | None = None) -> bool:
    """True when a tokenizer or NER model for ``lang`` is installed."""
    procs = installed(directory).get(lang, {})
    return "tokenize" in procs or "ner" in procs


def _resources(d: Path) -> dict:
    try:
        data = json.loads((d / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pick(files: list[Path], preferred: str | None) -> Path:
    for f in files:
        if preferred and f.stem == preferred:
            return f
    for f in files:
        if f.stem == "default":
            return f
    return files[0]


class StanzaBackend:
    """Sentences and entities from a stanza pipeline loaded from :func:`model_dir`."""

    def __init__(self, lang: str, directory: Path | None = None) -> None:
        d = Path(directory) if directory else model_dir()
        procs = installed(d).get(lang, {})
        if "tokenize" not in procs and "ner" not in procs:
            raise error(
                "E009", what="NLP", name="stanza",
                why=f"no stanza models for {lang!r} in {d} (set ${ENV_DIR} to use another folder); "
                f"run 'annotator models download {lang}' or use --nlp rules",
            )
        try:
            import stanza
        except ImportError as exc:  # pragma: no cover - stanza is a dependency
            raise error("E009", what="NLP", name="stanza", why=f"stanza is not installed ({exc}); pip install stanza") from None
        self.lang = lang
        self.directory = d
        self.pretokenized = "tokenize" not in procs
        use = [p for p in PROCESSORS if p in procs and not (p == "mwt" and self.pretokenized)]
        resources = _resources(d)
        managed = lang in resources
        kwargs: dict = {
            "lang": lang, "dir": str(d), "processors": ",".join(["tokenize"] + [p for p in use if p != "tokenize"]),
            "download_method": None, "logging_level": "ERROR",
        }
        if self.pretokenized:
            kwargs["tokenize_pretokenized"] = True
        if not managed:
            kwargs["allow_unknown_language"] = True
            for p in use:
                kwargs[f"{p}_model_path"] = str(_pick(procs[p], None))
            if "ner" in use and "pretrain" in procs:
                kwargs["ner_pretrain_path"] = str(_pick(procs["pretrain"], None))
        logging.getLogger("stanza").setLevel(logging.ERROR)
        threads = os.environ.get(THREADS_ENV, "").strip()
        if threads:
            import torch

            # On a small, busy CPU torch's default OpenMP threads spin against each other:
            # the tiny test models ran 50x faster with 1 thread than with 2 on a loaded 2-core box.
            torch.set_num_threads(max(1, int(threads)))
        try:
            self.pipeline = stanza.Pipeline(**kwargs)
        except Exception as exc:  # stanza raises many kinds; all mean "cannot load"
            raise error(
                "E009", what="NLP", name="stanza",
                why=f"loading the {lang!r} models from {d} failed ({type(exc).__name__}: {exc}); "
                f"run 'annotator models download {lang}' again or use --nlp rules",
            ) from None
        self.has_ner = "ner" in use
        shown = ",".join(use) + ("; sentences by rules" if self.pretokenized else "")
        self.name = f"stanza({lang}: {shown})"

    # -- analysis -------------------------------------------------------------
    def analyse(self, texts: Sequence[str]) -> list:
        from . import Analysis

        if not texts:
            return []
        if self.pretokenized:
            return self._analyse_pretokenized(texts, Analysis)
        import stanza

        docs = self.pipeline.bulk_process([stanza.Document([], text=t) for t in texts])
        out = []
        for text, doc in zip(texts, docs):
            spans: dict[int, tuple[int, int]] = {}
            sentences = []
            cursor = 0
            for sent in doc.sentences:
                first = None
                for tok in sent.tokens:
                    s, e = _locate(text, tok.text, tok.start_char, tok.end_char, cursor)
                    if s is None:
                        continue
                    spans[id(tok)] = (s, e)
                    cursor = e
                    first = s if first is None else first
                    last = e
                if first is not None:
                    sentences.extend(_split_lines(text, first, last))
            entities = []
            if self.has_ner:
                for ent in doc.ents:
                    a = spans.get(id(ent.tokens[0]))
                    b = spans.get(id(ent.tokens[-1]))
                    if a and b and a[0] < b[1]:
                        entities.append((a[0], b[1], ent.type))
            out.append(Analysis(sentences, entities))
        return out

    def _analyse_pretokenized(self, texts, Analysis):
        import stanza

        synth_docs = []
        maps = []
        sentence_lists = []
        for text in texts:
            sents = rules.sentences(text)
            lines = []
            starts: dict[int, int] = {}
            ends: dict[int, int] = {}
            pos = 0
            for s, e in sents:
                words = []
                for m in TOKEN.finditer(text, s, e):
                    starts[pos] = m.start()
                    ends[pos + len(m.group())] = m.end()
                    words.append(m.group())
                    pos += len(m.group()) + 1
                if words:
                    lines.append(" ".join(words))
            synth_docs.append(stanza.Document([], text="\n".join(lines)))
            maps.append((starts, ends))
            sentence_lists.append(sents)
        docs = self.pipeline.bulk_process(synth_docs) if synth_docs else []
        out = []
        for sents, (starts, ends), doc in zip(sentence_lists, maps, docs):
            entities = []
            for ent in doc.ents:
                s, e = starts.get(ent.start_char), ends.get(ent.end_char)
                if s is not None and e is not None and s < e:
                    entities.append((s, e, ent.type))
            out.append(Analysis(sents, entities))
        return out


def _locate(text: str, token: str, start, end, cursor: int) -> tuple[int | None, int | None]:
    """Exact original offsets of a stanza token (its own offsets when they check out)."""
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == token:
        return start, end
    i = text.find(token, cursor)
    if i >= 0:
        return i, i + len(token)
    # stanza normalised the token (e.g. whitespace inside it): take its span if it is plausible.
    if start is not None and end is not None and cursor <= start < end <= len(text):
        return start, end
    return None, None


def _split_lines(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence span cut at line breaks, each part trimmed of whitespace."""
    out = []
    for ps, pe in rules.paragraphs(text[s:e]):
        a, b = s + ps, s + pe
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out
