"""The detector registry: one stable code, one class, one module.

Codes (never reuse a retired one):

======  ==============================  =====================================
code    name                            module
======  ==============================  =====================================
MT101   pronoun-gender-mismatch         pronoun_agreement
MT102   pronoun-animacy-mismatch        pronoun_agreement
MT103   untranslated-text               untranslated_text
MT104   missing-subject                 missing_subject
MT105   rumour-conditional              rumour_conditional
MT201   run-together-words              run_together_words
MT202   stray-punctuation               stray_punctuation
MT203   unbalanced-quotation-marks      unbalanced_quotes
MT204   capitalised-word-mid-sentence   mid_sentence_capital
MT301   glossary-name-variant           name_variants
MT302   inconsistent-abbreviation       inconsistent_abbreviation
MT303   quoted-publication-name         quoted_publication
MT401   leaked-metadata                 leaked_metadata
MT402   source-locale-date              locale_conventions
MT403   source-locale-elision-mark      locale_conventions
MT501   mojibake                        mojibake
MT502   invisible-characters            invisible_characters
======  ==============================  =====================================

Registering a code twice raises at import time.
"""

from __future__ import annotations

import importlib

from .base import Context, Detector, Example

REGISTRY: dict[str, type[Detector]] = {}

#: Retired codes, kept so they are never handed out again.
RETIRED: frozenset[str] = frozenset()


def register(cls: type[Detector]) -> type[Detector]:
    code = cls.code
    if code in REGISTRY or code in RETIRED:
        raise RuntimeError(f"detector code {code} registered twice ({REGISTRY.get(code)} and {cls})")
    REGISTRY[code] = cls
    return cls


_MODULES = (
    "name_variants",
    "run_together_words",
    "stray_punctuation",
    "unbalanced_quotes",
    "mid_sentence_capital",
    "leaked_metadata",
    "locale_conventions",
    "quoted_publication",
    "inconsistent_abbreviation",
    "untranslated_text",
    "mojibake",
    "invisible_characters",
    "pronoun_agreement",
    "missing_subject",
    "rumour_conditional",
)

for _name in _MODULES:
    importlib.import_module(f"{__name__}.{_name}")


def all_detectors() -> list[type[Detector]]:
    return [REGISTRY[c] for c in sorted(REGISTRY)]


__all__ = ["Context", "Detector", "Example", "REGISTRY", "all_detectors", "register"]
