#!/usr/bin/env bash
# Serves the app for trying it out: SQLite unless DATABASE_URL is set, demo data on
# first run, a background worker for PDF builds beside the web server.
# PORT chooses the port (make run PORT=8001); 8000 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-true}"
# The demo's logins are shared, so its plan managers are not asked for a second step.
export MFA_REQUIRED_FOR_MANAGERS="${MFA_REQUIRED_FOR_MANAGERS:-false}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65535 )); then
    echo "PORT must be a port number from 1 to 65535, not '$PORT'." >&2
    exit 2
fi
# Said before anything else runs, rather than after the demo has loaded.
if ! $PY -c "import socket, sys; s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1])))" "$PORT" 2>/dev/null; then
    echo "Port $PORT is in use by another program. Choose another: make run PORT=$((PORT + 1))" >&2
    exit 1
fi
# Links in reminder emails point at this server unless told otherwise.
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"

$PY manage.py migrate --noinput
$PY manage.py load_demo

$PY manage.py db_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

echo
echo "Improvement Board is at http://127.0.0.1:$PORT (stop with Ctrl+C)"
$PY manage.py runserver "127.0.0.1:$PORT"
