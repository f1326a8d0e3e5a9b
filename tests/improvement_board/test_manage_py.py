"""manage.py on a development copy needs no settings; elsewhere a missing or wrong
setting is one line, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_development_copy_runs_commands_with_nothing_set():
    result = manage("diffsettings", "--all")
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout


def test_a_deployment_without_a_key_is_told_in_one_line(tmp_path):
    result = manage("check", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Improvement Board cannot start: SECRET_KEY must be set when DEBUG is false "
        "(on a development copy, set DEBUG=true)."
    ]


def test_a_wrong_setting_is_named_in_one_line():
    result = manage("check", DEBUG="sometimes")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Improvement Board cannot start: DEBUG must be true or false, not 'sometimes'."
    )
