# Two commands for a fresh machine with Python 3.11:
#   make demo   - install, then clean the seed articles into reports/seeds/
#   make test   - install (with test extras and Chromium), then run the test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test bench clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	bash tests/setup_browser.sh

demo: install
	$(BIN)/annotator clean seeds --out reports/seeds

test: install-test
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench.py
