"""One typed, validated configuration, built once and passed down.

A run's configuration comes from the built-in defaults, then an optional YAML
file (``--config``), then command-line options. Unknown keys and bad values
are errors that name the key, the value and the allowed choices.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import error
from .model import Safety, Severity

#: Where the bundled glossary lives (the repository's ``glossaries/`` folder).
DEFAULT_GLOSSARY = Path(__file__).resolve().parent.parent / "glossaries"

#: Where the settings being validated came from, for error messages.
_WHERE: contextvars.ContextVar[str] = contextvars.ContextVar("annotator_config_source", default="<config>")

FIX_LEVELS = {"safe": Safety.SAFE, "unsafe": Safety.UNSAFE, "none": None}
NLP_BACKENDS = ("auto", "stanza", "rules")
LANGS = ("en", "es", "pt", "fr", "de")


@dataclass(frozen=True)
class AnnotatorConfig:
    """Every setting of a run, with its default.

    target_lang: language the articles were translated into (en, es, pt, fr, de).
    source_lang: language they were translated from, when known ("" = unknown).
    fixes: which fixes are applied: "safe" (default), "unsafe" (safe and unsafe) or "none".
    fail_on: "" or a severity; ``clean`` exits 1 when a finding at or above it remains.
    glossary: path of a glossary file or folder ("" = the bundled ``glossaries/``).
    nlp: segmentation/NER backend: "auto" (stanza if its models are installed), "stanza", "rules".
    select: detector codes or code prefixes to run (empty = all).
    ignore: detector codes or code prefixes to skip.
    include: glob of article files under the input folder.
    max_rounds: detect-and-fix rounds per article before giving up ("failed to converge").
    severity_weights: MQM penalty per severity.
    minor_punctuation_weight: MQM penalty of a minor punctuation finding (WMT practice: 0.1).
    """

    target_lang: str = "en"
    source_lang: str = ""
    fixes: str = "safe"
    fail_on: str = ""
    glossary: str = ""
    nlp: str = "auto"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    include: str = "**/*.txt"
    max_rounds: int = 4
    severity_weights: dict = field(default_factory=lambda: {"minor": 1.0, "major": 5.0, "critical": 25.0})
    minor_punctuation_weight: float = 0.1

    def __post_init__(self) -> None:
        self._validate(_WHERE.get())

    # -- validation -----------------------------------------------------
    def _validate(self, where: str) -> None:
        def bad(key: str, value: Any, why: str):
            raise error("E005", key=key, value=value, where=where, why=why)

        if self.target_lang not in LANGS:
            bad("target_lang", self.target_lang, f"choose one of {', '.join(LANGS)}")
        if self.source_lang and (len(self.source_lang) != 2 or not self.source_lang.isalpha()):
            bad("source_lang", self.source_lang, "use a two-letter ISO 639-1 code such as es or pt")
        if self.fixes not in FIX_LEVELS:
            bad("fixes", self.fixes, "choose one of safe, unsafe, none")
        if self.fail_on:
            try:
                Severity.parse(self.fail_on)
            except ValueError as exc:
                bad("fail_on", self.fail_on, str(exc))
        if self.nlp not in NLP_BACKENDS:
            bad("nlp", self.nlp, f"choose one of {', '.join(NLP_BACKENDS)}")
        if not isinstance(self.max_rounds, int) or not 1 <= self.max_rounds <= 100:
            bad("max_rounds", self.max_rounds, "use a whole number from 1 to 100")
        weights = self.severity_weights
        if not isinstance(weights, dict) or set(weights) != {"minor", "major", "critical"}:
            bad("severity_weights", weights, "give exactly minor, major and critical")
        for k, v in weights.items():
            if not isinstance(v, (int, float)) or v < 0:
                bad(f"severity_weights.{k}", v, "use a number >= 0")
        if not isinstance(self.minor_punctuation_weight, (int, float)) or self.minor_punctuation_weight < 0:
            bad("minor_punctuation_weight", self.minor_punctuation_weight, "use a number >= 0")

    # -- construction ---------------------------------------------------
    @classmethod
    def from_mapping(cls, data: dict, where: str = "<mapping>") -> "AnnotatorConfig":
        allowed = {f.name for f in fields(cls)}
        for key in data:
            if key not in allowed:
                raise error("E004", key=key, where=where, allowed=", ".join(sorted(allowed)))
        clean = dict(data)
        for key in ("select", "ignore"):
            if key in clean:
                value = clean[key]
                if isinstance(value, str):
                    value = [v for v in value.replace(",", " ").split() if v]
                clean[key] = tuple(str(v).strip().upper() for v in value)
        token = _WHERE.set(where)
        try:
            return cls(**clean)
        except TypeError as exc:
            raise error("E005", key="?", value=data, where=where, why=str(exc)) from None
        finally:
            _WHERE.reset(token)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> "AnnotatorConfig":
        """Defaults, then the YAML file at ``path``, then non-None ``overrides``."""
        data: dict[str, Any] = {}
        where = "<command line>"
        if path:
            import yaml

            p = Path(path)
            if not p.is_file():
                raise error("E005", key="--config", value=str(path), where="<command line>", why="no such file")
            loaded = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            if not isinstance(loaded, dict):
                raise error("E005", key="--config", value=str(path), where=str(p), why="the file must hold a mapping of keys to values")
            data.update(loaded)
            where = str(p)
        data.update({k: v for k, v in overrides.items() if v is not None})
        return cls.from_mapping(data, where)

    def with_(self, **changes: Any) -> "AnnotatorConfig":
        return replace(self, **changes)

    # -- derived --------------------------------------------------------
    @property
    def fix_level(self) -> Safety | None:
        return FIX_LEVELS[self.fixes]

    @property
    def glossary_path(self) -> Path:
        return Path(self.glossary) if self.glossary else DEFAULT_GLOSSARY

    def enabled(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(s) for s in self.ignore)

    def as_dict(self) -> dict:
        return asdict(self)

    def hash(self) -> str:
        """A short hash of every setting that changes findings or fixes."""
        blob = json.dumps(self.as_dict(), sort_keys=True, default=str).encode()
        return hashlib.sha1(blob).hexdigest()[:12]
