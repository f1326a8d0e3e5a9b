"""Every command line the README shows, run as written on a fresh copy of the project with
the demo data: none may end in a traceback.

The copy has nothing set in its environment (no DEBUG, SECRET_KEY or DATABASE_URL), as a
newcomer's clone would not, and its own SQLite file and media folder. `make` targets are
run as the commands they stand for (their `install` step would reinstall the virtual
environment); the few that cannot run here say why in SKIPPED.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from plan_files.exporting import template_workbook

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PY = ".venv/bin/python"

# A README command and why it is not run here. Each is stood for by another test or by
# the commands run below.
SKIPPED = {
    "make test": "it is this test suite",
    "make test PYTEST_WORKERS=0": "this test suite, in one process",
    'make pytest PYTEST_ARGS="-x tests/actions"': "part of this test suite",
    "make run # or: make test": "make run is run as scripts/run.sh; make test is this suite",
    "createdb improvement_board": "needs a PostgreSQL server; .ci/run covers PostgreSQL",
    "export DATABASE_URL=postgres://USER@127.0.0.1:5432/improvement_board": "sets a variable",
    ".ci/run": "starts PostgreSQL and runs make test",
    "make bench": "a benchmark of several minutes; python -m bench -h stands for it",
    "manage.py generate_scale_data": "fills only an empty database (make bench gives it one); "
    "tests/bench/test_generate_scale_data.py runs it",
    "DATABASE_URL=postgres://USER@127.0.0.1:5432/NAME make bench": "as make bench, on PostgreSQL",
    "DATABASE_URL=postgres://USER@127.0.0.1:5432/NAME make bench SCALE=national": "as make "
    "bench, with the national dataset: several minutes more; python -m bench -h stands for it",
    "python -m bench": "the benchmark as make bench runs it, minutes long; python -m bench -h "
    "stands for it",
    "python -m bench.explain": "reads PostgreSQL's query plans: PostgreSQL only",
    "make static": "rebuilds the committed static/ from npm packages",
    "apt-get install -y poppler-utils": "installs a system package",
    "apt-get install libharfbuzz-subset0": "installs a system package (.ci/run does)",
    "make lock": "re-locks from PyPI; tests/security/test_dependencies.py checks the lock",
    "make upgrade": "moves every package to its newest release, from PyPI",
    "make install": "make test installs first, from the same lock",
    "make lint": "make test runs it first",
    # Deploying for a council: a server's system administration, as root.
    "apt-get install -y python3 python3-venv make git nginx postgresql-client-15 "
    "libpango-1.0-0 libpangoft2-1.0-0": "installs system packages on a server",
    "useradd --system --home /srv/improvement-board --shell /usr/sbin/nologin "
    "improvement-board": "adds a system user on a server",
    "git clone REPOSITORY /srv/improvement-board && cd /srv/improvement-board": "the "
    "checkout this test copies",
    "install -d -o improvement-board -g improvement-board -m 750 media "
    "/var/backups/improvement-board": "a server's folders",
    "install -d -m 750 -g improvement-board /etc/improvement-board": "a server's folders",
    "install -m 640 -g improvement-board deploy/env.example /etc/improvement-board/env": "a "
    "server's settings file",
    "set -a; . /etc/improvement-board/env; set +a": "reads the server's settings file",
    ".venv/bin/python manage.py createsuperuser": "asks for a password at the terminal",
    "cp deploy/improvement-board-web.service deploy/improvement-board-worker.service "
    "deploy/improvement-board-daily.service deploy/improvement-board-daily.timer "
    "/etc/systemd/system/": "installs systemd units on a server",
    "systemctl daemon-reload": "systemd on a server",
    "systemctl enable --now improvement-board-web improvement-board-worker "
    "improvement-board-daily.timer": "systemd on a server",
    "createdb -O improvement_board improvement_board": "needs a PostgreSQL server",
}

# A README command and the command lines that run it here, in this order (later ones use
# what earlier ones made: the demo data, a backup, a spreadsheet).
RUN = {
    "make run": ["scripts/run.sh"],
    "make run PORT=8001": ["scripts/run.sh"],
    "manage.py db_worker": ["scripts/run.sh"],
    "manage.py migrate": [f"{PY} manage.py migrate"],
    "manage.py load_demo": [f"{PY} manage.py load_demo"],
    "manage.py check --deploy": [f"{PY} manage.py check --deploy"],
    ".venv/bin/python manage.py migrate": [f"{PY} manage.py migrate"],
    ".venv/bin/python manage.py collectstatic --noinput": [
        f"{PY} manage.py collectstatic --noinput"
    ],
    "manage.py collectstatic --noinput": [f"{PY} manage.py collectstatic --noinput"],
    ".venv/bin/python manage.py check --deploy": [f"{PY} manage.py check --deploy"],
    ".venv/bin/python manage.py board_report --plan medway-improvement-plan --as-at "
    "2020-04-23 --output report.docx": [
        f"{PY} manage.py board_report --plan medway-improvement-plan --as-at 2020-04-23 "
        "--output report.docx"
    ],
    ".venv/bin/python manage.py board_report --plan SLUG --as-at 2020-04-23 --output "
    "report.pdf [--kind monthly] [--no-appendix]": [
        f"{PY} manage.py board_report --plan medway-improvement-plan --as-at 2020-04-23 "
        "--output report.pdf",
        f"{PY} manage.py board_report --as-at 2020-04-23 --output monthly.pdf "
        "--plan medway-improvement-plan --kind monthly --no-appendix",
    ],
    "python manage.py send_update_reminders": [
        f"{PY} manage.py send_update_reminders --dry-run --date 2020-04-16"
    ],
    "0 9 16 * * cd /srv/improvement-board && .venv/bin/python manage.py send_update_reminders": [
        f"{PY} manage.py send_update_reminders"
    ],
    ".venv/bin/python manage.py import_plan FILE [--plan SLUG] [--title TITLE --organisation "
    'NAME] [--start-date YYYY-MM-DD] [--as-at YYYY-MM-DD] [--map "HEADING=FIELD"]... '
    '[--rating "WORD=Amber"]... [--user USERNAME] [--dry-run]': [
        f"{PY} manage.py import_plan template.xlsx --title 'Early Help Plan' "
        "--organisation 'Medway Council' --start-date 2020-05-01 --user manager --dry-run",
        f"{PY} manage.py import_plan template.xlsx --title 'Early Help Plan' "
        "--organisation 'Medway Council' --start-date 2020-05-01 --as-at 2020-05-31 "
        "--map 'Success measures=success_measures' --rating 'Amber E=Amber' --user manager",
        f"{PY} manage.py import_plan template.xlsx --plan early-help-plan --user manager",
    ],
    "make backup": [f"{PY} manage.py backup"],
    "manage.py backup --output-dir DIR": [f"{PY} manage.py backup --output-dir elsewhere"],
    # Refused, in a sentence: the database is not empty.
    "make restore FILE=backups/improvement-board-20200423-020000.tar.gz": [
        f"{PY} manage.py restore ARCHIVE"
    ],
    "make restore FILE=... FORCE=1": [f"{PY} manage.py restore ARCHIVE --force"],
    "python -m bench -h": [f"{PY} -m bench -h"],
}

# Commands whose answer is a refusal: a clear message and a non-zero exit, no traceback.
REFUSED = {f"{PY} manage.py restore ARCHIVE": "Refusing to restore"}

# What a newcomer's shell does not have; the test run sets some of them.
UNSET = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PORT",
    "SITE_URL",
)
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "media",
    "staticfiles",
    "backups",
    "test-artifacts",
    "*.sqlite3*",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.egg-info",
)


def readme_commands() -> list[str]:
    """Each command line in the README's code blocks, and each command in its text."""
    text = README.read_text(encoding="utf-8")
    commands = []
    for language, block in re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S):
        if language not in ("", "sh", "cron"):
            continue  # Power Query and the like are not commands
        # A line ending in a backslash goes on on the next.
        block = re.sub(r"\\\n\s*", "", block)
        for line in block.splitlines():
            line = " ".join(line.strip().split())
            if line and not line.startswith("#"):
                commands.append(line if line[0].isdigit() else re.sub(r"\s+#.*", "", line))
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    for span in re.findall(r"`([^`]+)`", prose):
        span = " ".join(span.split())
        if re.match(r"(\.venv/bin/)?(python |manage\.py |make |createdb |\.ci/|apt-get )", span):
            commands.append(span)
    return list(dict.fromkeys(commands))


def test_every_command_in_the_readme_is_run_or_skipped_for_a_reason():
    commands = readme_commands()
    assert "make run" in commands and f"{PY} manage.py board_report" in " ".join(commands)
    unaccounted = [c for c in commands if c not in RUN and c not in SKIPPED]
    assert not unaccounted, f"README commands this test neither runs nor skips: {unaccounted}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def clone(tmp_path) -> Path:
    """A fresh copy of the project, its virtual environment linked in."""
    copy = tmp_path / "improvement-board"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    (copy / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return copy


@pytest.fixture
def newcomer_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in UNSET}


def _check(result: subprocess.CompletedProcess, command: str, *, refused: str = "") -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{command} ended in a traceback:\n{output}"
    if refused:
        assert result.returncode != 0 and refused in output, f"{command}:\n{output}"
    else:
        assert result.returncode == 0, f"{command} exited {result.returncode}:\n{output}"


def _serve(clone: Path, env: dict[str, str]) -> None:
    """scripts/run.sh (what make run runs) on a free port: it must migrate, load the demo
    and answer; then it is stopped. With its port taken it must say so in a line."""
    port = _free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        result = subprocess.run(
            ["bash", "scripts/run.sh"],
            cwd=clone,
            env={**env, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Port {port} is in use" in result.stderr and "Traceback" not in result.stderr

    log = clone / "run.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=clone,
            env={**env, "PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, f"scripts/run.sh stopped:\n{log.read_text()}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as page:
                    assert page.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, f"nothing served:\n{log.read_text()}"
                time.sleep(1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    output = log.read_text()
    assert "Traceback" not in output, output
    assert f"Improvement Board is at http://127.0.0.1:{port}" in output
    assert "Built the final PDF" in output


def test_every_command_in_the_readme_runs_without_a_traceback(clone, newcomer_env):
    (clone / "template.xlsx").write_bytes(template_workbook())
    done: set[str] = set()
    for readme_command, command_lines in RUN.items():
        for command in command_lines:
            if command in done:
                continue
            done.add(command)
            if command == "scripts/run.sh":
                _serve(clone, newcomer_env)
                continue
            if "ARCHIVE" in command:
                archive = min((clone / "backups").glob("improvement-board-*.tar.gz"))
                argv = [archive if arg == "ARCHIVE" else arg for arg in shlex.split(command)]
            else:
                argv = shlex.split(command)
            result = subprocess.run(
                [str(arg) for arg in argv],
                cwd=clone,
                env=newcomer_env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            _check(result, f"{command} (for {readme_command})", refused=REFUSED.get(command, ""))

    assert (clone / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (clone / "monthly.pdf").read_bytes().startswith(b"%PDF")
    assert list((clone / "elsewhere").glob("improvement-board-*.tar.gz"))
