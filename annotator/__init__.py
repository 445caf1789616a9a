"""annotator: find, explain and conservatively fix machine-translation artifacts.

Notebook use::

    >>> from annotator import annotate
    >>> r = annotate("North Korean leader Kim Jong-Un left.")
    >>> r.cleaned
    'North Korean leader Kim Jong-un left.'
    >>> [(f.code, f.text) for f in r.findings]
    [('MT301', 'Kim Jong-Un')]
"""

__version__ = "0.1.0"

from .config import AnnotatorConfig  # noqa: E402
from .pipeline import Annotator, Result, annotate  # noqa: E402

__all__ = ["AnnotatorConfig", "Annotator", "Result", "annotate", "__version__"]
