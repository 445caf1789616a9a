"""The stanza backend, run for real on tiny models trained here (no mocks).

The session fixture trains a stanza tokenizer and NER tagger offline
(tests/stanza_models.py, ~20 s on a busy CPU) and every test loads them the
way users' models are loaded: ``get_backend("stanza", "en")`` with
``$ANNOTATOR_STANZA_DIR`` pointing at the folder.
"""

import json
import os
import shutil
import time

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.config import AnnotatorConfig
from annotator.errors import AnnotatorError
from annotator.nlp import RulesBackend, get_backend, stanza_backend
from annotator.pipeline import Annotator
from tests.stanza_models import train_tiny_models

# Curly quotes, a non-breaking space inside a name and between sentences, CRLF line ends.
TRICKY = (
    "Maria Lopez met officials in Moscow.\r\n"
    "In Seoul, \u201cJohn\u00a0Smith\u201d praised the press.\u00a0According to Reuters, Anna Berg left Lima.\r\n"
    "\r\n"
    "\u201cWe warned allies,\u201d Vladimir Putin said.\r\n"
)


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory):
    os.environ.setdefault("ANNOTATOR_TORCH_THREADS", "1")  # see stanza_backend.THREADS_ENV
    return train_tiny_models(tmp_path_factory.mktemp("stanza") / "models")


@pytest.fixture(scope="session")
def ner_only_dir(tiny_dir, tmp_path_factory):
    d = tmp_path_factory.mktemp("stanza_ner_only") / "models"
    (d / "en" / "ner").mkdir(parents=True)
    shutil.copy(tiny_dir / "en" / "ner" / "tiny.pt", d / "en" / "ner" / "tiny.pt")
    (d / "resources.json").write_text("{}", encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def backend(tiny_dir):
    return stanza_backend.StanzaBackend("en", tiny_dir)


def _check_exact(text, analysis):
    for s, e in analysis.sentences:
        assert 0 <= s < e <= len(text)
        chunk = text[s:e]
        assert chunk == chunk.strip() and "\n" not in chunk and "\r" not in chunk
    for s, e, label in analysis.entities:
        assert 0 <= s < e <= len(text) and label in {"PER", "LOC", "ORG", "MISC"}
        assert text[s:e] == text[s:e].strip()


def test_offsets_map_exactly_onto_the_original(backend):
    (a,) = backend.analyse([TRICKY])
    _check_exact(TRICKY, a)
    sents = [TRICKY[s:e] for s, e in a.sentences]
    assert sents[0] == "Maria Lopez met officials in Moscow."
    assert sents[-1] == "\u201cWe warned allies,\u201d Vladimir Putin said."
    ents = {(TRICKY[s:e], label) for s, e, label in a.entities}
    for name, label in [("Maria Lopez", "PER"), ("Moscow", "LOC"), ("Reuters", "ORG"), ("Lima", "LOC"), ("Vladimir Putin", "PER")]:
        assert (name, label) in ents, ents
    # The name with a non-breaking space inside is one span of the original, NBSP included.
    assert ("John\u00a0Smith", "PER") in ents, ents


def test_batching_gives_the_same_answer_as_one_by_one(backend):
    texts = [TRICKY, "Kim visited Pyongyang.", "In Paris, Anna Berg thanked reporters.\nDid Kim visit Seoul?"]
    batched = backend.analyse(texts)
    single = [backend.analyse([t])[0] for t in texts]
    assert [(a.sentences, a.entities) for a in batched] == [(a.sentences, a.entities) for a in single]
    assert backend.analyse([]) == []


def test_ner_only_models_use_rule_sentences_and_exact_offsets(ner_only_dir):
    b = stanza_backend.StanzaBackend("en", ner_only_dir)
    assert b.name == "stanza(en: ner; sentences by rules)"
    (a,) = b.analyse([TRICKY])
    _check_exact(TRICKY, a)
    assert a.sentences == RulesBackend().analyse([TRICKY])[0].sentences
    assert ("Maria Lopez", "PER") in {(TRICKY[s:e], label) for s, e, label in a.entities}


def test_get_backend_auto_stanza_rules(tiny_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_STANZA_DIR", str(tiny_dir))
    assert get_backend("auto", "en").name == "stanza(en: tokenize,ner)"
    assert get_backend("auto", "fr").name == "rules"  # no French models: rules
    assert get_backend("rules", "en").name == "rules"
    with pytest.raises(AnnotatorError) as err:
        get_backend("stanza", "fr")
    assert err.value.code == "E009" and "annotator models download fr" in str(err.value)
    monkeypatch.setenv("ANNOTATOR_STANZA_DIR", str(tmp_path / "empty"))
    assert get_backend("auto", "en").name == "rules"


def test_pipeline_uses_stanza_names_and_records_the_backend(tiny_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_STANZA_DIR", str(tiny_dir))
    ann = Annotator(AnnotatorConfig(nlp="stanza", select=("MT103", "MT301")))
    text = "Maria Lopez met officials in Moscow.\r\nAnna Berg left Lima."
    (res,) = ann.annotate_many([("a.txt", text)])
    assert res.backend == "stanza(en: tokenize,ner)"
    doc = ann.analyse(text)
    assert ("Maria Lopez", "person", "stanza(en: tokenize,ner)") in {(m.text, m.kind, m.source) for m in doc.mentions}
    # From the command line: the summary and the signature name the backend.
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["clean", str(inp), "--out", str(out), "--nlp", "stanza"], env={"ANNOTATOR_STANZA_DIR": str(tiny_dir)})
    assert result.exit_code == 0, result.output
    assert "backend: stanza(en: tokenize,ner)" in result.output
    assert "nlp:stanza(en: tokenize,ner)" in (out / "signature.txt").read_text(encoding="utf-8")


def test_stanza_without_models_is_a_coded_error_from_the_cli(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Text.", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["clean", str(inp), "--out", str(tmp_path / "out"), "--nlp", "stanza", "--target-lang", "es"],
        env={"ANNOTATOR_STANZA_DIR": str(tmp_path / "none")},
    )
    assert result.exit_code == 2
    assert "E009" in result.output and "annotator models download es" in result.output


def test_models_list_and_download_fails_fast(tiny_dir, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(app, ["models", "list", "--dir", str(tiny_dir)])
    assert listed.exit_code == 0, listed.output
    assert "tokenize" in listed.output and "ner" in listed.output and "--nlp auto uses stanza for: en" in listed.output
    empty = runner.invoke(app, ["models", "list", "--dir", str(tmp_path / "nothing")])
    assert "no stanza models installed" in empty.output
    # Port 9 on localhost refuses at once: stanza's real download code fails, we say so, no hang.
    started = time.monotonic()
    failed = runner.invoke(
        app, ["models", "download", "en", "--dir", str(tmp_path / "dl"), "--timeout", "5", "--resources-url", "http://127.0.0.1:9"]
    )
    assert time.monotonic() - started < 30
    assert failed.exit_code == 2
    assert "E009" in failed.output and "downloading the 'en' models" in failed.output


def test_resources_json_of_the_fixture_is_empty(tiny_dir):
    assert json.loads((tiny_dir / "resources.json").read_text()) == {}


def test_clean_batches_articles_through_stanza_with_the_same_result(tiny_dir, tmp_path, monkeypatch):
    """clean_folder sends articles to stanza in batches; findings equal one-by-one annotation."""
    import json as _json

    from annotator.run import clean_folder

    monkeypatch.setenv("ANNOTATOR_STANZA_DIR", str(tiny_dir))
    cfg = AnnotatorConfig(nlp="stanza")
    ann = Annotator(cfg)
    texts = {f"a{i:02d}.txt": f"Maria Lopez met officials in Moscow.\nKim Jong-Un left Lima {i}." for i in range(40)}
    inp = tmp_path / "in"
    inp.mkdir()
    for name, text in texts.items():
        (inp / name).write_text(text, encoding="utf-8")
    sizes = []
    real = ann.backend.analyse

    def recording(batch):
        sizes.append(len(batch))
        return real(batch)

    monkeypatch.setattr(ann.backend, "analyse", recording)
    clean_folder(inp, tmp_path / "out", cfg, annotator=ann, report=False)
    # The first pass goes in batches of 32. Fix rounds do not call the backend again: their
    # detectors read names and quotations, not sentences or entities (the analysis is lazy).
    assert sizes == [32, 8]
    got = [_json.loads(line) for line in (tmp_path / "out" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    monkeypatch.setattr(ann.backend, "analyse", real)
    expected = [row for name in sorted(texts) for row in ann.annotate(texts[name], name).rows()]
    assert got == _json.loads(_json.dumps(expected))
