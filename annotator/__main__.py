"""``python -m annotator`` runs the command line."""

from .cli import app

app(prog_name="annotator")
