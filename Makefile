# The two commands: `make run` and `make test`. Everything else supports them.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Tests run with production settings (DEBUG off); this key is for tests only.
TEST_ENV := SECRET_KEY=insecure-key-for-tests-only DEBUG=false SECURE_SSL_REDIRECT=false

.PHONY: install lock upgrade run test lint format pytest static backup restore bench

# Dependencies are locked, with hashes, in uv.lock (README, "Dependencies"). uv comes from
# requirements-uv.txt, pinned by hash, in its own .tools/ environment; `make install`
# installs exactly the lock into .venv (anything else there is removed).
TOOLS := .tools
UV := $(TOOLS)/bin/uv
LOCK_STALE := uv.lock does not match pyproject.toml: run `make lock` and commit uv.lock

$(UV): requirements-uv.txt
	test -x $(TOOLS)/bin/python || python3 -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-uv.txt
	touch $@

$(STAMP): pyproject.toml uv.lock $(UV)
	@$(UV) lock --check --quiet || { echo '$(LOCK_STALE)' >&2; exit 1; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(UV) export --frozen --extra dev --no-emit-project --format requirements-txt --quiet \
		--output-file $(VENV)/requirements.lock.txt
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(VENV)/requirements.lock.txt
	touch $(STAMP)

install: $(STAMP)

# After changing the dependencies in pyproject.toml: the lock again, keeping every version
# that still fits. `make upgrade` moves every package to its newest allowed release.
lock: $(UV)
	$(UV) lock

upgrade: $(UV)
	$(UV) lock --upgrade

# make run PORT=8001 serves on another port (8000 by default).
run: install
	PORT="$(PORT)" bash scripts/run.sh

lint: install
	@$(UV) lock --check --quiet || { echo '$(LOCK_STALE)' >&2; exit 1; }
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

# The tests run on every core (pytest-xdist), each worker with a database of its own
# (test_<name>_gw0, _gw1...); a test file stays on one worker, so what a module builds once
# is built once. `make test PYTEST_WORKERS=0` runs them in one process; PYTEST_ARGS passes
# more options, or replaces these: `make pytest PYTEST_ARGS="-x tests/actions"`.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?= -n $(PYTEST_WORKERS) --dist loadfile

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
# on PostgreSQL, the scale-out check. SCALE=national: the national dataset (PostgreSQL).
# BENCH_ARGS passes options: see python -m bench -h.
bench: install
	$(PY) -m bench $(if $(SCALE),--scale $(SCALE)) $(BENCH_ARGS)
