"""Glossary code: the data model and file format (:mod:`.model`) and the matcher (:mod:`.index`)."""

from .index import GlossaryIndex, NameMatch, form_key
from .model import COLUMNS, GENDERS, TYPES, Entry, Glossary, load_glossary

__all__ = ["COLUMNS", "GENDERS", "TYPES", "Entry", "Glossary", "GlossaryIndex", "NameMatch", "form_key", "load_glossary"]
