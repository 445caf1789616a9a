"""Surface detectors (MT202 MT203 MT204 MT302 MT303 MT401 MT402 MT403): families on new text, and the seeds.

Each fire case names the flagged span, its safety and (when one exists) the
text after applying the fix; each no-fire case is text that is right and must
stay untouched. The seed test runs the whole default pipeline.
"""

from pathlib import Path

import pytest

from annotator.engine import apply_fixes
from annotator.model import Safety

from tests.helpers import make_annotator

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MINE = ("MT202", "MT203", "MT204", "MT302", "MT303", "MT401", "MT402", "MT403")


def findings(code, text, lang="en"):
    ann = make_annotator(target_lang=lang, select=(code,), fixes="unsafe")
    return [f for f in ann.detect(ann.analyse(text)) if f.code == code]


def fixed(text, f):
    return apply_fixes(text, [f], Safety.DISPLAY_ONLY).text


# (code, lang, text, flagged span, safety, text after the fix or None)
FIRE = [
    # MT202: full stop inside a sentence
    ("MT202", "en", "Officials discussed the shipment. of artillery shells with Seoul.", "shipment. of", Safety.SAFE,
     "Officials discussed the shipment of artillery shells with Seoul."),
    ("MT202", "en", "The minister confirmed. that talks would resume in Geneva.", "confirmed. that", Safety.SAFE,
     "The minister confirmed that talks would resume in Geneva."),
    ("MT202", "en", "It carried rockets. from the base near the border.", "rockets. from", Safety.SAFE, None),
    # a rare next word: reported, not applied by default
    ("MT202", "en", "They sold the ammunition. gratuitously to the army.", "ammunition. gratuitously", Safety.UNSAFE, None),
    # inside a quotation: reported, not applied by default
    ("MT202", "en", "He shouted “stop. now” and left.", "stop. now", Safety.UNSAFE, "He shouted “stop now” and left."),
    # MT202: stray mark after a closing quote, space before a mark, space before a closing quote
    ("MT202", "en", "He vowed to “defend the homeland.” . Then he left.", "homeland.” .", Safety.SAFE,
     "He vowed to “defend the homeland.” Then he left."),
    ("MT202", "en", "The talks were held in the capital . Nothing was signed.", "capital .", Safety.SAFE,
     "The talks were held in the capital. Nothing was signed."),
    ("MT202", "en", "Seoul , Tokyo and Washington agreed.", "Seoul ,", Safety.SAFE, "Seoul, Tokyo and Washington agreed."),
    ("MT202", "en", "“We will protect our sovereignty! ” the minister said.", "sovereignty! ”", Safety.SAFE,
     "“We will protect our sovereignty!” the minister said."),
    ("MT202", "en", "They called it “a new era. ”", "era. ”", Safety.SAFE, "They called it “a new era.”"),
    # ... with a no-break space or a tab, not a plain space
    ("MT202", "en", "The talks were held in the capital\u00a0. Nothing was signed.", "capital\u00a0.", Safety.SAFE,
     "The talks were held in the capital. Nothing was signed."),
    ("MT202", "en", "They called it “a new era.\u202f”", "era.\u202f”", Safety.SAFE, "They called it “a new era.”"),
    # MT202: doubled marks
    ("MT202", "en", "Russia;; China and Iran voted against.", ";;", Safety.SAFE, "Russia; China and Iran voted against."),
    ("MT202", "en", "The vote was delayed again.. Nobody knows why.", "..", Safety.UNSAFE, None),
    # MT202: per-language rules
    ("MT202", "en", "What happens next ? Nobody knows.", "next ?", Safety.SAFE, "What happens next? Nobody knows."),
    ("MT202", "en", "The reason is simple : money.", "simple :", Safety.SAFE, "The reason is simple: money."),
    ("MT202", "en", "What happens next\t? Nobody knows.", "next\t?", Safety.SAFE, "What happens next? Nobody knows."),
    ("MT202", "en", "Kim asked ¡enough! and left.", "¡", Safety.UNSAFE, "Kim asked enough! and left."),
    ("MT202", "es", "¿Quién ganará las elecciones ?", "elecciones ?", Safety.SAFE, "¿Quién ganará las elecciones?"),
    ("MT202", "es", "Dijo: ¡ Basta ya!", "¡ ", Safety.SAFE, "Dijo: ¡Basta ya!"),
    ("MT202", "pt", "Quem vai ganhar a eleição ?", "eleição ?", Safety.SAFE, "Quem vai ganhar a eleição?"),
    ("MT202", "fr", "Le ministre a répondu: non.", "répondu:", Safety.UNSAFE, "Le ministre a répondu\u00a0: non."),
    ("MT202", "fr", "C’est fini! Nous partons.", "fini!", Safety.UNSAFE, "C’est fini\u202f! Nous partons."),
    ("MT202", "fr", "Il a parlé de «paix» hier.", "«paix»", Safety.UNSAFE, "Il a parlé de «\u00a0paix\u00a0» hier."),
    ("MT202", "fr", "Le pays , dit-il, est prêt.", "pays ,", Safety.SAFE, "Le pays, dit-il, est prêt."),
    # MT203: unbalanced quotation marks
    ("MT203", "en", "She promised “a new start for “the whole region” and more.", "“a new start for “the", None, None),
    ("MT203", "en", "The spokesman called it “a provocation and walked out.\nThe talks ended.", "“a", None, None),
    ("MT203", "en", "They described the plan as unacceptable” and left.", "unacceptable”", None, None),
    ("MT203", "en", 'The envoy said "we are ready and left.', '"we', None, None),
    ("MT203", "pt", "O ministro disse «não vamos ceder e saiu.", "«não", None, None),
    ("MT203", "fr", "Il a dit « jamais et il est parti.", "« jamais", None, None),
    # MT204: capitalised pronoun or function word mid-sentence
    ("MT204", "en", "Seoul and Tokyo Warn Pyongyang They will respond to any test.", "They", None, None),
    ("MT204", "en", "The ministers met in New York We must act, one said.", "We", None, None),
    ("MT204", "en", "North Korea launched a satellite It reached orbit on Tuesday.", "It", None, None),
    ("MT204", "en", "The talks went well, Their outcome was a surprise.", "Their", None, None),
    ("MT204", "es", "Seúl y Tokio Ellas decidieron responder.", "Ellas", None, None),
    ("MT204", "pt", "Seul e Tóquio Eles decidiram responder.", "Eles", None, None),
    ("MT204", "fr", "Séoul et Tokyo Nous avons décidé de répondre.", "Nous", None, None),
    # MT401: leaked page furniture
    ("MT401", "en", "Date: 2024-01-05 Seoul said the launch failed.\nMore text.", "Date: 2024-01-05", Safety.SAFE,
     "Seoul said the launch failed.\nMore text."),
    ("MT401", "en", "The launch failed.\nSource: Reuters\nMore text.", "Source: Reuters", Safety.SAFE,
     "The launch failed.\nMore text."),
    ("MT401", "en", "Home » News » Asia » Korea\nThe launch failed.", "Home » News » Asia » Korea", Safety.SAFE,
     "The launch failed."),
    ("MT401", "en", "The launch failed.\nREAD ALSO: Kim inspects new missile factory\nMore text.",
     "READ ALSO: Kim inspects new missile factory", Safety.SAFE, "The launch failed.\nMore text."),
    ("MT401", "en", "The launch failed.\nRead more\n", "Read more", Safety.SAFE, "The launch failed.\n"),
    ("MT401", "en", "The launch failed.\nShare on Twitter\nMore text.", "Share on Twitter", Safety.SAFE,
     "The launch failed.\nMore text."),
    ("MT401", "en", "The launch failed.\nPhoto: Reuters/Kim Hong-Ji\nMore text.", "Photo: Reuters/Kim Hong-Ji", Safety.SAFE,
     "The launch failed.\nMore text."),
    ("MT401", "es", "Lea también: Kim visita Rusia\nEl lanzamiento falló.", "Lea también: Kim visita Rusia", Safety.SAFE,
     "El lanzamiento falló."),
    ("MT401", "fr", "Le lancement a échoué.\nSource : AFP", "Source : AFP", Safety.SAFE, "Le lancement a échoué."),
    # MT402 / MT403: source-locale conventions
    ("MT402", "en", "Kim arrived in Vladivostok on Tuesday, September 12, and left last Wednesday (13).",
     "last Wednesday (13)", None, None),
    ("MT402", "en", "The president spoke this Sunday (1) in Brasília.", "this Sunday (1)", None, None),
    ("MT402", "en", "They met on Monday (23), after the vote of 2024-10-20.", "on Monday (23)", None, None),
    ("MT402", "en", "Talks resume next Tuesday (2), the ministry said.", "next Tuesday (2)", None, None),
    ("MT402", "en", "It rained Friday (21) across the country.", "Friday (21)", None, None),
    ("MT402", "fr", "Le président a parlé ce dimanche (3) à Brasília.", "ce dimanche (3)", None, None),
    ("MT403", "en", "“We want peace (...) but we will defend ourselves,” he said.", "(...)", None, None),
    ("MT403", "en", "“The deal is done (…) and signed,” she said.", "(…)", None, None),
    ("MT403", "en", "He wrote: “Nobody wins (. . .) a war.”", "(. . .)", None, None),
    ("MT403", "en", "(…) the rest of the speech was not published.", "(…)", None, None),
    ("MT403", "en", "“First we talk (…) then we sign,” he said.", "(…)", None, None),
    # MT303: publication names in quotation marks
    # names no glossary lists (made up): only the cue word says "publication", so display-only
    ("MT303", "en", "The Japanese daily ‘Hokkaido Evening Star’ reported the launch.", "‘Hokkaido Evening Star’",
     Safety.DISPLAY_ONLY, "The Japanese daily Hokkaido Evening Star reported the launch."),
    ("MT303", "en", "He told “The Pacific Ledger” that he would resign.", "“The Pacific Ledger”", Safety.DISPLAY_ONLY, None),
    ("MT303", "en", "The story, published by 'Der Abendbote', caused a stir.", "'Der Abendbote'", Safety.DISPLAY_ONLY, None),
    ("MT303", "en", "Sources quoted by “Reuters” said so.", "“Reuters”", Safety.UNSAFE, "Sources quoted by Reuters said so."),
    ("MT303", "en", "Kim’s trip was first reported by “The New York Times”.", "“The New York Times”", Safety.UNSAFE, None),
    ("MT303", "en", "The agency “Europa Press” confirmed it.", "“Europa Press”", Safety.UNSAFE, None),
    # MT302: one abbreviation written two ways
    ("MT302", "en", "UK ministers met. The U.K. envoy and UK troops left.", "U.K.", None, None),
    ("MT302", "en", "The U.N. said so. U.N. envoys agreed and the UN left.", "UN", None, None),
    ("MT302", "en", "The EU and E.U. envoys met.", "E.U.", None, None),
    ("MT302", "en", "US troops left.\nWashington and the U.S. Navy stayed, as did US ships.", "U.S.", None, None),
    ("MT302", "es", "EE.UU. y la ONU; EE.UU. lo negó y EE. UU. insistió.", "EE. UU.", None, None),
    ("MT302", "pt", "Os EUA e a ONU; os E.U.A. negaram e os EUA insistiram.", "E.U.A.", None, None),
]

# (code, lang, text): right as it is.
NO_FIRE = [
    ("MT202", "en", "Kim Jong-un’s train reached Khasan at 6 a.m. on Tuesday, the U.S. said; growth was 3.5 percent."),
    ("MT202", "en", "Dr. Park and Gen. Lee met Pacheco Pardo et al. in Seoul. No. 2 said vs. Japan it was fine."),
    ("MT202", "en", "“It is over,” he said. “We go home.” She agreed... Then silence… The end."),
    ("MT202", "en", "See www.yonhap.co.kr, the file ../data and item 4.2 in section 3.1."),
    ("MT202", "en", "Yoon Suk Yeol met Yoko Kamikawa in Pyongyang? No: in Seoul; rapprochement failed!"),
    ("MT202", "es", "¿Quién ganará? ¡Nadie lo sabe! Dijo: «ya veremos». La Dra. ana y el Sr. presidente."),
    ("MT202", "pt", "Quem vai ganhar? Ninguém sabe! Ele disse: «veremos»."),
    ("MT202", "fr", "Qui va gagner ? Personne ne sait ! Il a dit : « on verra » ; puis il est parti."),
    ("MT202", "fr", "Il est arrivé à 14:30 ; voir https://www.lemonde.fr pour les détails."),
    ("MT202", "fr", "Qui va gagner\u202f? Personne\u00a0! Il a dit\u00a0: «\u00a0non\u00a0»."),
    ("MT203", "en", "“We are ready,” Kim said, “and we will not wait.” Kim’s aides agreed."),
    ("MT203", "en", "The ‘Chosun Ilbo’ and the ‘JoongAng’ dailies didn’t agree on the dates of the ’90s."),
    ("MT203", "en", "“Our answer,” she said, “was “no” from the start.”"),
    ("MT203", "en", "“The first part of the statement goes here,\n“and the second part closes it,” he said."),
    ("MT203", "en", "The 12\" shells and the \"new era\" in Pyongyang."),
    ("MT203", "es", "Dijo «nunca» y «jamás», y “también” se fue."),
    ("MT203", "fr", "Il a dit « non » puis « jamais »."),
    ("MT204", "en", "They met. We agreed; It works? He left! She stayed: They said “We win.”"),
    ("MT204", "en", "I think I will go, and I know it."),
    ("MT204", "en", "North Korea Says It Will Launch A Satellite In Orbit"),
    ("MT204", "en", "Kim Says It will Launch A Satellite Into Orbit Soon"),
    ("MT204", "en", "Our Lady of Peace church and His Majesty King Charles; Its Place was a bar."),
    ("MT204", "en", "Yoon Suk Yeol and Pacheco Pardo met Kamikawa in Pyongyang — They said nothing."),
    ("MT204", "es", "Ellos llegaron. Dijo: Ellos vendrán."),
    ("MT204", "fr", "Ils sont arrivés. Il a dit : Nous viendrons."),
    ("MT401", "en", "Source: officials in Seoul said the launch had failed."),
    ("MT401", "en", "The data source was Reuters, and the date was 2023-09-11 in Seoul."),
    ("MT401", "en", "Read more carefully, the statement says the opposite."),
    ("MT401", "en", "Shares on the Seoul exchange fell 3.5 percent on September 13."),
    ("MT401", "en", "Photo: Kim Jong-un arrives in Vladivostok on Tuesday"),
    ("MT401", "en", "(With information from Europa Press and Reuters)\nGrowth > 3 percent > forecast."),
    ("MT401", "fr", "Il a dit « non » et « oui » et « peut-être »."),
    ("MT402", "en", "On Thursday, November 9, Blinken met Park; on September 13 Kim arrived."),
    ("MT402", "en", "Step (9) of the plan was approved on Thursday (local time)."),
    ("MT402", "en", "The meeting was on Thursday, the 9th, at 3 p.m."),
    ("MT402", "es", "El secretario habló este jueves (9) en Seúl."),
    ("MT402", "pt", "O secretário falou nesta quinta-feira (9) em Seul."),
    ("MT403", "en", "“It is bad news for Europe [...] It is proof,” he said."),
    ("MT403", "en", "He paused... and went on (as planned) (see above)."),
    ("MT403", "es", "“Es una mala noticia para Europa (…) Es una prueba”, dijo."),
    ("MT403", "en", "Kim (…"),
    ("MT403", "en", "The results (1...3) were mixed."),
    ("MT303", "en", "The South Korean newspaper Chosun Ilbo reported that Kim left."),
    ("MT303", "en", "His “comrade” Putin called it “a direct provocation”."),
    ("MT303", "en", "The agency said “We will not comment” and the daily called it “a farce”."),
    ("MT303", "en", "She told the committee the “Special Operation” was over."),
    ("MT303", "es", "El diario ‘Chosun Ilbo’ informó de la visita."),
    ("MT302", "en", "U.S. officials met U.N. envoys; the U.S. and the U.K. agreed."),
    ("MT302", "en", "US officials met UN envoys; the US and the UK agreed."),
    ("MT302", "en", "USA, the US and the EU met; they told us nothing."),
    ("MT302", "en", "PUTIN TELLS US TO WAIT FOR THE SUMMIT\nThe U.S. said it would wait."),
    ("MT302", "es", "EE. UU. y la UE hablaron; EE. UU. insistió."),
]


@pytest.mark.parametrize("code,lang,text,span,safety,after", FIRE, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(FIRE)])
def test_fires(code, lang, text, span, safety, after):
    found = findings(code, text, lang)
    assert len(found) == 1, [(f.text, f.message) for f in found]
    f = found[0]
    assert f.text == span == text[f.start:f.end]
    if safety is not None:
        assert f.safety == safety
    if after is not None:
        assert fixed(text, f) == after
    assert f.suggestion


@pytest.mark.parametrize("code,lang,text", NO_FIRE, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(NO_FIRE)])
def test_does_not_fire(code, lang, text):
    found = findings(code, text, lang)
    assert found == [], [(f.text, f.message) for f in found]


def test_each_detector_has_five_cases_each_way():
    for code in MINE:
        assert sum(c[0] == code for c in FIRE) >= 5, code
        assert sum(c[0] == code for c in NO_FIRE) >= 5, code


def test_leaked_metadata_is_kept_as_metadata():
    text = " date 2024-02-01 Kim left.\nFuente: EFE\n"
    ann = make_annotator(target_lang="es", select=("MT401",))
    res = ann.annotate(text)
    assert res.cleaned == "Kim left.\n"
    assert res.meta["date"] == "2024-02-01" and res.meta["source"] == "EFE"


def test_quote_guard_is_registered():
    from annotator.detectors import REGISTRY

    assert REGISTRY["MT203"].guard is True


# -- the seeds -----------------------------------------------------------------
SEED_ITEMS = [
    # (seed prefix, code, flagged text, applied)
    ("000", "MT204", "They", False),
    ("000", "MT203", "“a toast to “the", False),
    ("000", "MT401", "Source-www.infobae.com", True),
    ("001", "MT402", "this Thursday (9)", False),
    ("001", "MT202", "transfers. of", True),
    ("002", "MT401", "date 2023-09-11", True),
    ("002", "MT302", "U.S.", False),
    ("002", "MT303", "‘Chosun Ilbo’", False),
    ("002", "MT303", "‘The New York Times’", False),
    ("002", "MT403", "(…)", False),
    ("002", "MT202", "forces.” .", True),
]
MUST_NOT_TOUCH = ("Pyongyang", "rapprochement", "cosmodrome", "Kamikawa", "Yoon Suk Yeol", "Kim’s",
                  "Pacheco Pardo", "Khasan", "September 13", "3.5 percent", "p.m.")


@pytest.fixture(scope="module")
def seed_results():
    ann = make_annotator()
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        out[p.name[:3]] = ann.annotate(text, p.name)
    return out


def test_seed_items_found(seed_results):
    for seed, code, text, applied in SEED_ITEMS:
        res = seed_results[seed]
        hits = [(f, st) for f, st in zip(res.findings, res.status) if f.code == code and f.text == text]
        assert len(hits) == 1, (seed, code, text, [(f.code, f.text) for f in res.findings])
        f, st = hits[0]
        assert res.original[f.start:f.end] == text
        assert (st == "applied") is applied, (seed, code, text, st)


def test_no_other_findings_of_mine_on_seeds(seed_results):
    expected = {(s, c, t) for s, c, t, _ in SEED_ITEMS}
    extra = [
        (seed, f.code, f.text)
        for seed, res in seed_results.items()
        for f in res.findings
        if f.code in MINE and (seed, f.code, f.text) not in expected
    ]
    assert extra == []


def test_seed_cleaned_text(seed_results):
    c001, c002, c000 = seed_results["001"].cleaned, seed_results["002"].cleaned, seed_results["000"].cleaned
    assert "transfers of Russian" in c001 and "transfers." not in c001
    assert "joining forces.”\n" in c002 and "forces.” ." not in c002
    assert not c002.startswith(" date") and c002.startswith("North Korean leader")
    assert "Source-www.infobae.com" not in c000 and c000.rstrip().endswith("(With information from Europa Press and Reuters)")
    assert seed_results["002"].meta["date"] == "2023-09-11"
    assert seed_results["000"].meta["source"] == "www.infobae.com"
    for res in seed_results.values():
        assert not res.reverted


def test_seed_findings_leave_the_right_words_alone(seed_results):
    for res in seed_results.values():
        text = res.original
        for f in res.findings:
            if f.code not in MINE:
                continue
            for word in MUST_NOT_TOUCH:
                i = text.find(word)
                while i != -1:
                    assert not (f.start < i + len(word) and i < f.end), (f.code, f.text, word)
                    i = text.find(word, i + 1)
