#!/usr/bin/env bash
# Serves the app for trying it out: SQLite unless DATABASE_URL is set, demo data on
# first run, a background worker for PDF builds beside the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
# The demo's logins are shared, so its plan managers are not asked for a second step.
export MFA_REQUIRED_FOR_MANAGERS="${MFA_REQUIRED_FOR_MANAGERS:-false}"
PY=.venv/bin/python

$PY manage.py migrate --noinput
$PY manage.py load_demo

$PY manage.py db_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

echo
echo "Improvement Board is at http://127.0.0.1:8000 (stop with Ctrl+C)"
$PY manage.py runserver 127.0.0.1:8000
