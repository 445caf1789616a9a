"""Typed configuration: unknown keys and bad values are errors that say what to do."""

import pytest

from annotator.config import AnnotatorConfig
from annotator.errors import AnnotatorError


def test_defaults():
    c = AnnotatorConfig()
    assert c.fixes == "safe" and c.target_lang == "en" and c.nlp == "auto"


def test_unknown_key_names_allowed_keys():
    with pytest.raises(AnnotatorError) as e:
        AnnotatorConfig.from_mapping({"fixs": "safe"}, "my.yaml")
    assert "E004" in str(e.value) and "'fixs'" in str(e.value) and "fixes" in str(e.value) and "my.yaml" in str(e.value)


@pytest.mark.parametrize(
    "key,value,hint",
    [("fixes", "all", "safe, unsafe, none"), ("target_lang", "xx", "en, es"), ("fail_on", "fatal", "minor, major, critical"),
     ("nlp", "spacy", "auto, stanza, rules"), ("max_rounds", 0, "1 to 100"), ("severity_weights", {"minor": 1}, "minor, major and critical")],
)
def test_bad_values(key, value, hint):
    with pytest.raises(AnnotatorError) as e:
        AnnotatorConfig.from_mapping({key: value})
    assert "E005" in str(e.value) and hint in str(e.value)


def test_yaml_then_overrides(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("fixes: unsafe\nselect: MT2, MT301\n", encoding="utf-8")
    c = AnnotatorConfig.load(p, fixes="none", ignore=None)
    assert c.fixes == "none" and c.select == ("MT2", "MT301")
    assert c.enabled("MT201") and c.enabled("MT301") and not c.enabled("MT101")


def test_hash_changes_with_settings():
    assert AnnotatorConfig().hash() != AnnotatorConfig(fixes="unsafe").hash()
    assert AnnotatorConfig().hash() == AnnotatorConfig().hash()
