"""Targets beyond English: language-specific glossary forms, MT201/MT301 on es/pt/fr, the CLI end to end."""

import json

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.glossary import GlossaryIndex
from tests.helpers import make_annotator


def findings(text, code, **settings):
    ann = make_annotator(select=(code,), fixes="unsafe", **settings)
    return [f for f in ann.detect(ann.analyse(text)) if f.code == code]


@pytest.mark.parametrize(
    "lang,text,wrong,right",
    [
        ("es", "Kim viajó a Moscow el lunes.", "Moscow", "Moscú"),
        ("pt", "Kim viajou para Moscú na segunda-feira.", "Moscú", "Moscou"),
        ("fr", "Kim est arrivé à Moscow lundi.", "Moscow", "Moscou"),
        ("en", "Kim travelled to Moscú on Monday.", "Moscú", "Moscow"),
    ],
)
def test_glossary_uses_the_target_languages_form(lang, text, wrong, right):
    (f,) = findings(text, "MT301", target_lang=lang)
    assert (f.text, f.suggestion, f.safety.label) == (wrong, right, "unsafe")


@pytest.mark.parametrize(
    "lang,text",
    [
        ("es", "Kim viajó a Moscú el lunes con Vladimir Putin."),
        ("pt", "Kim viajou para Moscou com Vladimir Putin."),
        ("fr", "Kim est arrivé à Moscou avec Vladimir Putin."),
        ("en", "Kim travelled to Moscow with Vladimir Putin."),
    ],
)
def test_glossary_target_forms_are_left_alone(lang, text):
    assert findings(text, "MT301", target_lang=lang) == []


def test_index_holds_only_the_target_rows(bundled_glossary):
    es = GlossaryIndex(bundled_glossary, "es")
    relations = {(e.canonical, rel) for e, form, rel in es.lookup("Moscú")}
    assert relations == {("Moscú", "canonical")}
    assert {(e.canonical, rel) for e, form, rel in es.lookup("Moscow")} == {("Moscú", "foreign")}


@pytest.mark.parametrize(
    "lang,text,span,suggestion",
    [
        ("es", "El presidente Putindijo que no habrá acuerdo.", "Putindijo", "Putin dijo"),
        ("pt", "O presidente Putindisse que não haverá acordo.", "Putindisse", "Putin disse"),
        ("fr", "Le président Putinannonce un accord.", "Putinannonce", "Putin annonce"),
    ],
)
def test_run_together_words_in_other_targets(lang, text, span, suggestion):
    found = findings(text, "MT201", target_lang=lang)
    assert [(f.text, f.suggestion) for f in found] == [(span, suggestion)]


@pytest.mark.parametrize(
    "lang,text",
    [
        ("es", "Desafortunadamente, la cooperación internacional fue insuficiente en Vladivostok."),
        ("pt", "Aproximadamente um milhão de projéteis foram enviados para Pyongyang."),
        ("fr", "Le gouvernement a agi anticonstitutionnellement, selon Ramón Pacheco Pardo."),
        ("fr", "Aujourd’hui, les négociations ont repris à Moscou."),
    ],
)
def test_run_together_words_leave_real_words_alone(lang, text):
    assert findings(text, "MT201", target_lang=lang) == []


def test_name_variants_in_other_targets():
    (f,) = findings("El líder Kim Jong-Un llegó a Vladivostok.", "MT301", target_lang="es")
    assert (f.text, f.suggestion, f.safety.label) == ("Kim Jong-Un", "Kim Jong-un", "safe")
    (f,) = findings("Le chef de la diplomatie Anthony Blinken est arrivé.", "MT301", target_lang="fr")
    assert f.suggestion == "Antony Blinken"


def test_clean_spanish_folder_from_english_end_to_end(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(
        "El líder norcoreano Kim Jong-Un viajó a Moscow para reunirse con Vladimir Putin.\n"
        "Según los funcionarios, the government will respond pronto a las sanciones.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["clean", str(inp), "--out", str(out), "--target-lang", "es", "--source-lang", "en", "--nlp", "rules"]
    )
    assert result.exit_code == 0, result.output
    assert "lang:es-from-en" in (out / "signature.txt").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    got = {(r["code"], r["text"]) for r in rows}
    assert ("MT301", "Kim Jong-Un") in got and ("MT301", "Moscow") in got
    assert any(code == "MT103" and text.startswith("the government will") for code, text in got)
    cleaned = (out / "cleaned" / "a.txt").read_text(encoding="utf-8")
    assert "Kim Jong-un" in cleaned  # the safe variant fix
    assert "Moscow" in cleaned  # the foreign form is unsafe: reported, not applied at --fixes safe
