"""Segmentation and named-entity backends behind one small interface.

A backend turns texts into :class:`Analysis` objects: sentence spans and
entity spans, as offsets into the text it was given. The pipeline asks for a
backend by name (``auto``, ``stanza``, ``rules``) and every run records which
one it used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

from . import rules


@dataclass(slots=True)
class Analysis:
    sentences: list[tuple[int, int]]
    entities: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, PER/ORG/LOC/MISC)


class Backend(Protocol):
    name: str

    def analyse(self, texts: Sequence[str]) -> list[Analysis]: ...


class RulesBackend:
    """Rule-based sentences; no entities (the glossary supplies names)."""

    name = "rules"

    def analyse(self, texts: Sequence[str]) -> list[Analysis]:
        return [Analysis(rules.sentences(t)) for t in texts]


def get_backend(name: str, lang: str) -> Backend:
    """The backend for ``name``.

    ``rules``: the built-in segmenter. ``stanza``: stanza's models for ``lang``
    from :func:`stanza_backend.model_dir`, or error E009 saying how to install
    them. ``auto``: stanza when a tokenizer or NER model for ``lang`` is
    installed there, the rules otherwise (checked without importing stanza).
    """
    from . import stanza_backend

    if name == "rules":
        return RulesBackend()
    if name == "stanza" or (name == "auto" and stanza_backend.has_models(lang)):
        return stanza_backend.StanzaBackend(lang)
    if name == "auto":
        return RulesBackend()
    from ..errors import error

    raise error("E009", what="NLP", name=name, why="choose one of auto, stanza, rules")
