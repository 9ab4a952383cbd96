# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export FLASK_APP := portfolio

.PHONY: run test translations bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

tests/a11y/node_modules/.installed: tests/a11y/package.json tests/a11y/package-lock.json
	npm ci --prefix tests/a11y --no-audit --no-fund --silent
	touch $@

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d portfolio/translations 2>&1 | tail -1

## Set up, migrate, seed the demo site, serve http://127.0.0.1:5000
run: $(VENV)/.installed translations
	$(PY) -m flask db upgrade --directory portfolio/migrations
	$(PY) -m flask demo seed
	$(PY) -m flask run --host 127.0.0.1 --port 5000

## Install dev tools and the browser, lint, type-check and run every test (slowest 15 listed)
test: $(VENV)/.dev-installed translations tests/a11y/node_modules/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	@browser="$$(scripts/ensure-chromium $(PY))" || exit 1; \
	if [ -n "$$browser" ]; then export CHROMIUM_PATH="$$browser"; \
	else export E2C_PLAYWRIGHT_BROWSER=1; fi; \
	echo "$(PY) -m pytest -n 2 --dist loadgroup -q --durations=15 $(PYTEST_ARGS)"; \
	$(PY) -m pytest -n 2 --dist loadgroup -q --durations=15 $(PYTEST_ARGS)

bench: $(VENV)/.dev-installed
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) instance/*.sqlite* .pytest_cache .mypy_cache .ruff_cache test-output
