# The two commands: `make run` and `make test`. Everything else supports them.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Tests run with production settings (DEBUG off); this key is for tests only.
TEST_ENV := SECRET_KEY=insecure-key-for-tests-only DEBUG=false SECURE_SSL_REDIRECT=false

.PHONY: install run test lint format pytest static backup restore bench

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# make run PORT=8001 serves on another port (8000 by default).
run: install
	PORT="$(PORT)" bash scripts/run.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

pytest: install node_modules/axe-core/axe.min.js
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test: lint pytest

# axe-core, injected into pages by the browser tests. Without npm the browser tests are
# skipped (they say so) rather than failing the run.
node_modules/axe-core/axe.min.js: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser tests will be skipped"; fi

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

static:
	bash scripts/build-static.sh

# Backups (README, "Backups"): run with the app's environment (DATABASE_URL, MEDIA_ROOT...).
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/improvement-board-YYYYMMDD-HHMMSS.tar.gz [FORCE=1]" >&2; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

# The benchmark (README, "Performance"): a fresh scale database (PostgreSQL beside
# DATABASE_URL's, else SQLite), latency against gunicorn, query counts, PDF timing and,
# on PostgreSQL, the scale-out check. BENCH_ARGS passes options: see python -m bench -h.
bench: install
	$(PY) -m bench $(BENCH_ARGS)
