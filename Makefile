# Bootstraps .venv from the pinned lock file; every target below needs only python3 (3.11+) and pip.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced

.PHONY: setup dashboard test lint bench lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "travelmap needs Python 3.11+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

dashboard: setup  ## open the dashboard on the bundled data
	$(VENV)/bin/streamlit run streamlit_app.py

test: setup  ## lint, then run every test (browser tests skip locally without Chromium)
	$(VENV)/bin/ruff check src tests benchmarks streamlit_app.py
	$(PY) -m pytest

bench: setup  ## print benchmark figures
	$(PY) benchmarks/run_all.py

lock:  ## re-pin dependencies (needs uv: pip install uv)
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
