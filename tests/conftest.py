import pytest

from annotator.config import AnnotatorConfig
from annotator.glossary import load_glossary

from tests.helpers import make_annotator


@pytest.fixture(scope="session")
def bundled_glossary():
    return load_glossary(AnnotatorConfig().glossary_path)


@pytest.fixture
def annotator_for():
    return make_annotator
