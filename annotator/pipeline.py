"""The pipeline: read, segment, detect, resolve, fix, write, report.

:class:`Annotator` is built once per run (glossary index, lexicons, detectors,
NLP backend) and then annotates one text at a time with :meth:`Annotator.annotate`:

1. *analyse*: paragraphs, sentences (rules or stanza), quotations, glossary
   names (one pass over the text), entity mentions;
2. *detect*: every enabled detector yields findings with offsets into the
   original text;
3. *fix*: the engine applies the fixes at or above the run's safety level,
   refusing overlaps; then the text is analysed and detected again, and new
   fixes are applied, until nothing changes (at most ``max_rounds``);
4. *guard*: if fixing raised the count of a guard detector's findings (an
   unbalanced quotation, say), the article is restored to its original text.

The result holds every finding (offsets into the original), whether its fix
was applied, the edit log, and the document metadata that detectors lifted
out of the text (a leaked date or source line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .config import AnnotatorConfig
from .detectors import Context, Detector, all_detectors
from .engine import LoggedEdit, OffsetMap, apply_fixes
from .glossary import Glossary, GlossaryIndex, load_glossary
from .lexicon import lexicon
from .model import Document, Finding, Mention
from .nlp import Analysis, get_backend, rules

#: Status of a finding in the report.
APPLIED, REPORTED, CONFLICT, REVERTED = "applied", "reported", "conflict", "reverted"


@dataclass
class Result:
    """What annotating one text produced."""

    path: str
    original: str
    cleaned: str
    findings: list[Finding]
    status: list[str]  # one per finding: applied / reported / conflict / reverted
    rounds: list[int]  # the fix round that produced each finding
    log: list[LoggedEdit]
    meta: dict[str, Any] = field(default_factory=dict)
    converged: bool = True
    reverted: str = ""
    backend: str = "rules"

    @property
    def applied(self) -> list[bool]:
        return [s == APPLIED for s in self.status]

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per finding, in the report's column order."""
        from .detectors import REGISTRY

        out = []
        for f, status, rnd in zip(self.findings, self.status, self.rounds):
            det = REGISTRY.get(f.code)
            out.append(
                {
                    "id": f"{f.code}-{f.start}-{f.end}",
                    "doc": self.path,
                    "start": f.start,
                    "end": f.end,
                    "text": f.text,
                    "code": f.code,
                    "name": det.name if det else f.code,
                    "category": f.category,
                    "subcategory": f.subcategory,
                    "severity": f.severity.label,
                    "message": f.message,
                    "suggestion": f.suggestion if f.suggestion is not None else "",
                    "safety": f.safety.label,
                    "applied": status == APPLIED,
                    "status": status,
                    "round": rnd,
                    "score": f.score,
                    "fixable": f.fix is not None,  # a concrete fix exists (the review page can accept it)
                }
            )
        return out


class Annotator:
    """A configured pipeline; build once, annotate many texts."""

    def __init__(self, config: AnnotatorConfig | None = None, glossary: Glossary | None = None) -> None:
        self.config = config or AnnotatorConfig()
        lang = self.config.target_lang
        self.glossary = glossary if glossary is not None else load_glossary(self.config.glossary_path)
        self.index = GlossaryIndex(self.glossary, lang)
        self.lexicon = lexicon(lang)
        source = self.config.source_lang
        self.ctx = Context(
            config=self.config,
            index=self.index,
            lexicon=self.lexicon,
            source_lexicon=lexicon(source) if source and source != lang else None,
        )
        self.detectors = [
            cls()
            for cls in all_detectors()
            if self.config.enabled(cls.code) and (cls.languages is None or lang in cls.languages)
        ]
        self.backend = get_backend(self.config.nlp, lang)

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.detectors]

    # -- stages ------------------------------------------------------------
    def analyse(self, text: str, path: str = "<text>", analysis: Analysis | None = None) -> Document:
        """The Document of ``text``; each analysis field is worked out when a detector first reads it.

        Round 1 runs every detector, so everything is computed; a fix round
        runs only the fixers, which read the glossary names and quotations but
        not the sentences or mentions (so the NLP backend is not called again).
        """
        state = {"analysis": analysis}

        def nlp(_doc: Document) -> Analysis:
            if state["analysis"] is None:
                state["analysis"] = self.backend.analyse([text])[0]
            return state["analysis"]

        doc = Document(text=text, path=path, lang=self.config.target_lang, backend=self.backend.name)
        return doc.defer(
            paragraphs=lambda d: rules.paragraphs(d.text),
            sentences=lambda d: nlp(d).sentences,
            quotes=lambda d: rules.quotes(d.text, d.paragraphs),
            names=lambda d: self.index.find(d.text, self.lexicon),
            mentions=lambda d: self._mentions(d, nlp(d).entities),
        )

    def _mentions(self, doc: Document, entities) -> list[Mention]:
        """Glossary names, then NER entities that no glossary name covers, in text order."""
        mentions = [
            Mention(m.start, m.end, m.text, m.entry.type, m.entry.gender, m.entry.id, m.entry.canonical)
            for m in doc.names
        ]
        covered = [(m.start, m.end) for m in mentions]
        label_kind = {"PER": "person", "PERSON": "person", "ORG": "organisation", "LOC": "place", "GPE": "place"}
        for s, e, label in entities:
            kind = label_kind.get(label)
            if kind and not any(a < e and s < b for a, b in covered):
                mentions.append(Mention(s, e, doc.text[s:e], kind, source=self.backend.name))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def detect(self, doc: Document, detectors: Sequence[Detector] | None = None) -> list[Finding]:
        findings: list[Finding] = []
        for det in self.detectors if detectors is None else detectors:
            for f in det.detect(doc, self.ctx):
                if f.safety > det.fix_safety:
                    raise RuntimeError(f"{det.code} proposed a {f.safety.label} fix but declares fix_safety={det.fix_safety.label}")
                findings.append(f)
        findings.sort(key=lambda f: (f.start, f.end, f.code))
        return findings

    def annotate(self, text: str, path: str = "<text>", analysis: Analysis | None = None) -> Result:
        """Find anomalies in ``text`` and clean it at the configured fix level."""
        level = self.config.fix_level
        first = self.analyse(text, path, analysis)
        findings = self.detect(first)
        n_first = len(findings)  # the round-1 findings come first; later rounds append
        status = [REPORTED] * len(findings)
        rounds = [1] * len(findings)
        log: list[LoggedEdit] = []
        current, current_doc = text, first
        converged = True
        round_findings = findings
        # Later rounds only look for new fixes, so only detectors that can propose one at this level run.
        fixers = [d for d in self.detectors if level is not None and d.fix_safety >= level]
        for round_no in range(1, self.config.max_rounds + 1):
            res = apply_fixes(current, round_findings, level, round_no)
            if round_no == 1:
                for i in res.applied:
                    status[i] = APPLIED
                for i in res.conflicts:
                    status[i] = CONFLICT
            else:
                # New fixes found on the partly cleaned text: report them at original offsets.
                omap = OffsetMap(log)
                for i in res.applied:
                    findings.append(_remap(round_findings[i], omap, text))
                    status.append(APPLIED)
                    rounds.append(round_no)
            if not res.log:
                break
            log.extend(res.log)
            current, current_doc = res.text, None
            if round_no == self.config.max_rounds:
                converged = False
                break
            current_doc = self.analyse(current, path)
            round_findings = self.detect(current_doc, fixers)
        result = Result(path, text, current, findings, status, rounds, log, converged=converged, backend=self.backend.name)
        if not converged:
            result.meta["not_converged"] = f"fixes still changing the text after {self.config.max_rounds} rounds"
        self._guard(result, current_doc, n_first)
        for f in result.findings:
            meta = f.data.get("meta")
            if meta:
                result.meta.update(meta)
        return result

    def annotate_many(self, items: Sequence[tuple[str, str]]) -> list[Result]:
        """Annotate several ``(path, text)`` pairs, batching them through the NLP backend."""
        analyses = self.backend.analyse([t for _, t in items])
        return [self.annotate(t, p, a) for (p, t), a in zip(items, analyses)]

    def _guard(self, result: Result, after: Document | None, n_first: int) -> None:
        """Restore the original text if fixing raised a guard detector's count.

        The count before fixing is read off the first ``n_first`` findings
        (round 1 ran every detector on the original); the count after is detected afresh.
        """
        guards = [d for d in self.detectors if d.guard]
        if not result.log or not guards:
            return
        if after is None:
            after = self.analyse(result.cleaned, result.path)
        for det in guards:
            n_before = sum(1 for f in result.findings[:n_first] if f.code == det.code)
            n_after = sum(1 for _ in det.detect(after, self.ctx))
            if n_after > n_before:
                result.reverted = f"fixing raised {det.code} ({det.name}) findings from {n_before} to {n_after}; article restored"
                result.cleaned = result.original
                result.log = []
                result.status = [REVERTED if s == APPLIED else s for s in result.status]
                result.meta["reverted"] = result.reverted
                return


def _remap(f: Finding, omap: OffsetMap, original: str) -> Finding:
    from dataclasses import replace

    s = omap.to_original(f.start)
    e = omap.to_original(f.end, end=True)
    if e <= s:
        e = min(len(original), s + 1)
        s = min(s, e - 1)
    return replace(f, start=s, end=e, text=original[s:e], fix=f.fix)


def annotate(text: str, *, glossary: Glossary | str | None = None, **settings: Any) -> Result:
    """Annotate one text with a fresh :class:`Annotator` (convenient in a notebook).

    ``settings`` are :class:`AnnotatorConfig` fields (``target_lang="es"``,
    ``fixes="unsafe"``...). For many texts build one :class:`Annotator` and
    reuse it: building loads the glossary and lexicon.
    """
    if isinstance(glossary, str):
        settings["glossary"] = glossary
        glossary = None  # loaded by the Annotator from the configured path
    cfg = AnnotatorConfig.from_mapping(settings, "annotate()")
    return Annotator(cfg, glossary).annotate(text)
