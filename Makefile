# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export MEMORIALMILES_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test lint format bench serve install install-test migrate clean e2e screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make a second `make demo` fast; they are redone when the pins change.
$(VENV)/.installed: pyproject.toml constraints.txt node_modules/.installed | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

# Front-end data from the npm registry (us-atlas: the impact map's state shapes), as locked.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/memorialmiles migrate --noinput

# The worker (emails, reminders) runs beside the server and stops with it; links in the
# demo's emails point at the port it serves.
demo: migrate
	MEMORIALMILES_DEMO=1 $(BIN)/memorialmiles demo
	export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	MEMORIALMILES_DEMO=1 $(BIN)/memorialmiles worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	MEMORIALMILES_DEMO=1 $(BIN)/memorialmiles serve --port $(PORT)

serve: migrate
	$(BIN)/memorialmiles serve --port $(PORT)

lint: install-test
	$(BIN)/ruff check src tests bench scripts fuzz
	$(BIN)/ruff format --check src tests bench

format: install-test
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# The suite runs in TEST_WORKERS processes (pytest-xdist), a file to a process so a file's
# fixtures are built once; each process has its own SQL and Redis database.
# Bytecode is kept even where the environment says not to write it
# (PYTHONDONTWRITEBYTECODE): each process would otherwise compile every module and rewrite every
# test's asserts again, some 12 s of CPU per process. The slowest 15 tests are listed, so a CI
# run near its 20 minutes shows where they went.
TEST_WORKERS ?= 2
test: install-test
	$(BIN)/ruff check src tests bench scripts fuzz
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 $(PYTEST_ARGS)

e2e: install-test
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/honor_roll.py
	@for b in gps results timing exports registry organizer live tours serve; do [ ! -f bench/$$b.py ] || $(BIN)/python bench/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache node_modules

# The README's screenshots, from a demo running on $(PORT) (`make demo` in another terminal).
screenshots: install-test
	$(BIN)/python scripts/screenshots.py http://127.0.0.1:$(PORT)

# Coverage-guided fuzzing (atheris, in the test extra) of the GPS, registry and chip-file
# readers, FUZZ_SECONDS per harness (default 60), one after another: docs/fuzzing.md.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: install-test
	FUZZ_SECONDS=$(FUZZ_SECONDS) PYTHON=$(BIN)/python fuzz/run.sh $(FUZZ_HARNESSES)
