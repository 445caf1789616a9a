"""The quick searches some detectors and the segmenter make before their patterns.

Each shortcut skips text where a pattern cannot match; these tests check
that claim directly (the detectors' own tests check the findings).
"""

import re
import sys

import pytest

from annotator.detectors import invisible_characters, leaked_metadata, mojibake, rumour_conditional
from annotator.nlp import rules

from tests.helpers import make_annotator


def test_every_invisible_character_is_unprintable():
    # MT502 skips a text whose characters (line breaks aside) are all printable.
    found = [c for c in map(chr, range(sys.maxunicode + 1)) if invisible_characters.INVISIBLE.match(c)]
    assert found and not [c for c in found if c.isprintable()]


def test_every_garbled_pair_starts_with_a_listed_lead():
    # MT501 looks for garbled words only in a text that holds one of LEADS.
    assert re.fullmatch(mojibake._LEAD, "Ã") and all(re.fullmatch(mojibake._LEAD, c) for c in mojibake.LEADS)
    assert not [c for c in map(chr, range(0x100, 0x3000)) if re.fullmatch(mojibake._LEAD, c) and c not in mojibake.LEADS]


@pytest.mark.parametrize("line", [
    "date 2023-09-11", " \tFecha: 2023/09/11", "PUBLISHED 1/2/2023 10:30 pm", "Source-www.infobae.com",
    "  QUELLE: dpa", "Read Also: Kim meets Putin", "à lire aussi…", "Share | Twitter | Email", "(Photo: EFE)",
    "Crédito: AP", "mis à jour 2023-09-11",
])
def test_every_field_line_starts_like_a_field(line):
    # MT401 tries its field patterns only at lines where FIELD_START matches.
    patterns = (leaked_metadata.DATE_PREFIX, leaked_metadata.SOURCE_LINE, leaked_metadata.TEASER,
                leaked_metadata.SHARE, leaked_metadata.PHOTO)
    assert any(p.match(line) for p in patterns)
    assert leaked_metadata.FIELD_START.match(line)
    assert leaked_metadata._field_lines(f"Kim left.\n{line}\n{line}") == [10, 11 + len(line)]


@pytest.mark.parametrize("words", [rumour_conditional.CONDITION_WORDS, rumour_conditional.REPORTING_WORDS])
def test_first_letter_look_ahead_changes_no_match(words):
    plain = re.compile(rf"\b(?:{words})\b", re.I)
    quick = rumour_conditional._words_pattern(words)
    for text in ["IF so", "unleſs", "Wiſhed", "ıf", "İf", "By The Time", "rather than", "SAID", "thinks", "KNOWS",
                 "bytheway", "than we WOULD", "in  which\ncase", "notified", "ſaid", "saidx"]:
        assert bool(quick.search(text)) == bool(plain.search(text)), text


@pytest.mark.parametrize("text", [
    "One. Two! Three? Four… Five...  Six?!” Seven.» (Eight.) Nine",
    "U.S. officials met. Then Mr. Kim left!\n\nA. B. Smith said “yes.” Then",
    "..., .. .\u2026 x. Y", "", "no end mark at all",
])
def test_sentence_ends_tried_at_marks_only_are_a_regex_search(text):
    for ps, pe in rules.paragraphs(text):
        marks = [i for i in rules.positions(text, rules.END_MARKS) if ps <= i < pe]
        quick = [m.span() for m in rules.matches_from(rules.SENTENCE_END, text, marks, pe)]
        assert quick == [m.span() for m in rules.SENTENCE_END.finditer(text, ps, pe)]


@pytest.mark.parametrize("text,span", [
    ("Kim insisted that «will always be with Russia».", "that «will"),
    ("Kim stressed that ‘has no doubts’.", "that ‘has"),
    ("The minister said That will travel to Seoul.", "That will"),
    ("Kim said that the “deal” will hold; that “we” will go.", None),
])
def test_missing_subject_after_any_opening_mark(text, span):
    ann = make_annotator(select=("MT104",))
    found = [f.text for f in ann.detect(ann.analyse(text)) if f.code == "MT104"]
    assert found == ([span] if span else [])
