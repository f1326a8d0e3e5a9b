import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deployment_checks():
    # A fresh interpreter with nothing but what a production deployment must set.
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            # Set for the browser tests' event loop; production never has it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="improvement-board.example.org",
        DJANGO_SETTINGS_MODULE="improvement_board.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", "import improvement_board.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


CONCURRENT_SQLITE_WRITERS = """
import threading, time

import django

django.setup()
from django.db import OperationalError, connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()

writing = threading.Event()
errors = []


def first_writer():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE counter SET n = n + 1")
        writing.set()
        time.sleep(0.5)
    connection.close()


def reads_then_writes():
    # What a save with select_for_update does: read in the transaction, then write.
    writing.wait()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            cursor.execute("UPDATE counter SET n = n + 1")
    except OperationalError as error:
        errors.append(str(error))
    connection.close()


threads = [threading.Thread(target=first_writer), threading.Thread(target=reads_then_writes)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(cursor.fetchone()[0], errors)
"""


def test_sqlite_writers_wait_for_each_other_instead_of_failing(tmp_path):
    # Two requests (or a request and the task worker) saving at once on SQLite: the
    # second waits for the first rather than failing with "database is locked" (a 500).
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SQLITE_WRITERS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 []", result.stdout
