"""MT103 untranslated-text and the seeded language identifier."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import langid
from tests.helpers import make_annotator

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

SPANISH_ARTICLE = (
    "Actualmente el gobierno no tiene planes para convocar nuevas elecciones en el país, según dijo el ministro.\n"
    "La oposición pidió explicaciones al gobierno sobre la crisis económica y sobre los retrasos en los pagos.\n"
    "Los sindicatos anunciaron una huelga general para la próxima semana en todas las ciudades.\n"
)


def mt103(text, **settings):
    ann = make_annotator(select=("MT103",), **settings)
    return [f for f in ann.detect(ann.analyse(text)) if f.code == "MT103"]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name for p in SEEDS])
def test_seeds_are_silent(seed):
    assert mt103(seed.read_text(encoding="utf-8")) == []


def test_names_numbers_dates_alone_are_never_reported():
    # langdetect alone says Tagalog and Italian here.
    assert langid.best("Kim Jong-Un")[0] != "en"
    assert mt103("Kim Jong-Un") == []
    assert mt103(" date 2023-09-11") == []
    assert mt103("Vostochny, Khasan, Pyongyang: 2023-09-11, 10:30, https://www.infobae.com/america/") == []


def test_article_in_source_language_is_reported_once_as_critical():
    found = mt103(SPANISH_ARTICLE)
    assert len(found) == 1
    f = found[0]
    assert (f.severity.label, f.data["scope"], f.data["lang"]) == ("critical", "article", "es")
    assert f.text == SPANISH_ARTICLE.strip() and f.score >= 0.9


def test_single_words_and_runs_carry_language_and_probability():
    text = "Actualmente, the minister said that the pomadita was sold out. He added que no habrá elecciones soon."
    found = mt103(text)
    assert [f.text for f in found] == ["Actualmente", "pomadita", "que no habrá elecciones"]
    for f in found:
        assert f.data["lang"] == "es" and 0 < f.score <= 1 and f.fix is None
        assert text[f.start:f.end] == f.text


def test_source_lang_sharpens_the_check():
    text = "The caption read: Os moradores deixaram as casas durante a noite."
    (f,) = mt103(text, source_lang="pt")
    assert f.data["lang"] == "pt" and f.text.startswith("Os moradores")
    # Told the source is German, the Portuguese words are not looked for word by word.
    assert all(x.data["scope"] != "words" for x in mt103("He bought a pomadita and a casinha.", source_lang="de"))


def test_other_targets():
    fr = "Le ministre a parlé hier à Paris. Currently il n’y a pas de solution, a-t-il dit."
    (f,) = mt103(fr, target_lang="fr")
    assert (f.text, f.data["lang"]) == ("Currently", "en")
    es = "El ministro dijo que la situación es grave, pero que el gobierno actuará pronto."
    assert mt103(es, target_lang="es") == []
    assert [f.text for f in mt103("El ministro dijo que the government will act pronto.", target_lang="es", source_lang="en")] == [
        "the government will"
    ]


def test_identify_is_seeded_and_order_independent():
    a = langid.identify("Den svenska regeringen meddelade i dag att skolorna stänger.")
    langid.identify("Something else entirely, in English this time.")
    assert langid.identify("Den svenska regeringen meddelade i dag att skolorna stänger.") == a
    assert a[0][0] == "sv"


def test_deterministic_across_processes():
    code = (
        "import json, sys\n"
        "from annotator import langid\n"
        "from tests.helpers import make_annotator\n"
        "ann = make_annotator(select=('MT103',))\n"
        f"text = {SPANISH_ARTICLE + 'Actualmente, the pomadita. Hoje, o governo disse que não.'!r}\n"
        "out = [(f.start, f.end, f.score, f.data) for f in ann.detect(ann.analyse(text))]\n"
        "out.append(langid.identify('date 2023-09-11 Kim Jong-Un ok'))\n"
        "print(json.dumps(out))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    assert json.loads(runs[0])[0][3]["scope"] == "article"


def test_source_words_count_from_common_words_only():
    # MT103 reads cut source lexicons (common words only): exact only while its thresholds stay above the cut.
    from annotator.detectors import untranslated_text as ut
    from annotator.lexicon import COMMON_ZIPF

    assert ut.SOURCE_MIN >= COMMON_ZIPF and ut.SHARED >= COMMON_ZIPF


def test_a_listed_rare_word_is_not_read_as_a_diminutive():
    # "pollito" is in the Spanish list, though rare: not "pollo" + -ito, so too rare to count.
    assert mt103("She fed the pollito in the garden.", source_lang="es") == []
    assert [f.text for f in mt103("She fed the pomadita in the garden.", source_lang="es")] == ["pomadita"]


@pytest.mark.parametrize("settings", [{}, {"source_lang": "es"}, {"target_lang": "fr"}], ids=["default", "es", "fr"])
def test_quick_no_is_never_wrong(settings):
    # _may_report settles only the words that may count: it must go on wherever the full classification goes on.
    from annotator.detectors import untranslated_text as ut

    ann = make_annotator(select=("MT103",), **settings)
    det = next(d for d in ann.detectors if d.code == "MT103")
    examples = ut.UntranslatedText.bad_examples + ut.UntranslatedText.good_examples
    texts = [e.text.replace("[[", "").replace("]]", "") for e in examples] + [
        SPANISH_ARTICLE,
        "Kim Jong-Un met Ramón Pacheco Pardo in Vladivostok; Pacheco said the talks went well.",
        "See www.infobae.com/america/actualmente for the 3km route.",
        "“Actualmente”, said Pacheco. Hoje, o governo disse que não.",
        "",
    ] + [seed.read_text(encoding="utf-8") for seed in SEEDS]
    told = []
    for text in texts:
        doc = ann.analyse(text)
        sources = [settings["source_lang"]] if "source_lang" in settings else list(ut.SOURCE_GUESSES)
        slexes = [(s, lx) for s in sources if s != doc.lang and (lx := ut._source_lexicon(s)) is not None]
        full = ut._may_report_with(det._tokens(doc, ann.ctx.lexicon, slexes).cls)
        quick = det._may_report(doc, ann.ctx.lexicon, slexes)
        assert quick or not full, text
        told.append(quick)
    assert not all(told)  # and it does tell some texts apart without classifying all their words
