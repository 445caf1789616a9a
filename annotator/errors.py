"""Coded error messages: what went wrong and what to do about it.

Each user-facing error has a stable code (``E001``...) so documentation and
support can refer to it. The CLI turns :class:`AnnotatorError` into a message
on stderr and exit code 2 (usage and set-up problems).
"""

from __future__ import annotations


class AnnotatorError(Exception):
    """An error the user can act on. ``str(err)`` is the full message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


MESSAGES = {
    "E001": "input folder {path} does not exist or is not a folder; pass the folder that holds your *.txt articles",
    "E002": "output folder {out} is inside the input folder {inp}; choose an output folder outside the input so no input is ever touched",
    "E003": "output folder {out} is the input folder; choose a different --out",
    "E004": "unknown configuration key {key!r} in {where}; allowed keys: {allowed}",
    "E005": "bad value {value!r} for {key!r} in {where}: {why}",
    "E006": "glossary {path} not found; pass --glossary with a .tsv file or a folder of .tsv files",
    "E007": "glossary {path}:{line}: {why}",
    "E008": "output folder {out} is not empty and was not written by 'annotator clean'; pass --force to write into it anyway, or choose an empty folder",
    "E009": "{what} backend {name!r} is not available: {why}",
    "E010": "file {path} could not be read: {why}",
    "E011": "output folder {out} holds no annotator run (no findings.jsonl); run 'annotator clean INPUT --out {out}' first",
    "E012": "decisions file {path}: {why}",
}


def error(code: str, **fields) -> AnnotatorError:
    """Build the coded error ``code`` with its message filled in."""
    return AnnotatorError(code, MESSAGES[code].format(**fields))
