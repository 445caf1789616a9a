"""Shared test helpers."""

from annotator.config import AnnotatorConfig
from annotator.pipeline import Annotator

_annotators: dict = {}


def make_annotator(glossary=None, **settings) -> Annotator:
    """A cached Annotator for these settings (building one loads lexicons)."""
    key = (id(glossary), tuple(sorted(settings.items())))
    if key not in _annotators:
        cfg = AnnotatorConfig.from_mapping({"nlp": "rules", **settings}, "tests")
        _annotators[key] = Annotator(cfg, glossary)
    return _annotators[key]
