import os

import pytest
from hypothesis import settings

# CI runs the same generated examples every time (a red CI must be reproducible);
# locally hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from annotator.config import AnnotatorConfig
from annotator.glossary import load_glossary

from tests.helpers import make_annotator


@pytest.fixture(scope="session")
def bundled_glossary():
    return load_glossary(AnnotatorConfig().glossary_path)


@pytest.fixture
def annotator_for():
    return make_annotator
