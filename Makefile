# Bootstraps .venv from the pinned lock file; every target below needs only python3 (3.11+) and pip,
# except `test`, which also lints and unit-tests the page script with Node (nodejs and npm).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced
# npm ci writes this file (and the recipe touches it): node_modules is in step with the lock.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: setup node dashboard test lint bench lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "travelmap needs Python 3.11+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

node: $(NODE_STAMP)  ## install the JS lint/test tools from package-lock.json

$(NODE_STAMP): package-lock.json package.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "make: the page script's lint and tests need Node: install the Debian packages nodejs and npm" >&2; \
	  exit 1; }
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

dashboard: setup  ## open the dashboard on the bundled data
	$(VENV)/bin/streamlit run streamlit_app.py

test: setup node  ## lint, then run every test (browser tests skip locally without Chromium)
	$(VENV)/bin/ruff check src tests benchmarks streamlit_app.py
	npm run lint
	npm test
	$(PY) -m pytest

bench: setup  ## print benchmark figures
	$(PY) benchmarks/run_all.py

lock:  ## re-pin dependencies (needs uv: pip install uv)
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) node_modules build *.egg-info src/*.egg-info
