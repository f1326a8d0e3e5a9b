import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "improvement-board.example.org",
    "DJANGO_SETTINGS_MODULE": "improvement_board.settings",
}
SINGLE_SIGN_ON = {
    "OIDC_ISSUER": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
    "OIDC_CLIENT_ID": "66666666-7777-8888-9999-000000000000",
    "OIDC_CLIENT_SECRET": "client-secret-from-the-app-registration",
    "OIDC_EMAIL_VERIFIED_CLAIM": "xms_edov",
    "OIDC_ROLE_GROUPS": "Plan managers=aaaa-1;Board members=bbbb-2,bbbb-3",
    "LOCAL_PASSWORD_SIGN_IN": "false",
}


def production_env(**environment) -> dict:
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
    return env | PRODUCTION | environment


@pytest.mark.parametrize("sign_in", ["local passwords", "single sign-on only"])
def test_production_settings_pass_the_deployment_checks(sign_in):
    env = production_env(**(SINGLE_SIGN_ON if sign_in == "single sign-on only" else {}))
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


@pytest.mark.parametrize(
    "environment, message",
    [
        ({"OIDC_ISSUER": SINGLE_SIGN_ON["OIDC_ISSUER"]}, "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"),
        (
            SINGLE_SIGN_ON | {"OIDC_ISSUER": "http://login.example.org"},
            "OIDC_ISSUER must be an https:// address",
        ),
        (SINGLE_SIGN_ON | {"OIDC_UNKNOWN_USERS": "admit"}, "OIDC_UNKNOWN_USERS must be"),
        (SINGLE_SIGN_ON | {"OIDC_ROLE_GROUPS": "Admins=xyz"}, "OIDC_ROLE_GROUPS: 'Admins=xyz'"),
    ],
)
def test_bad_single_sign_on_settings_stop_the_app_with_a_message(environment, message):
    result = subprocess.run(
        [sys.executable, "-c", "import improvement_board.settings"],
        cwd=ROOT,
        env=production_env(**environment),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "url", ["memcached://127.0.0.1:11211", "redis://", "redis://127.0.0.1:6379/cache", "redis"]
)
def test_a_cache_url_that_is_not_redis_stops_the_app_with_a_message(url):
    result = subprocess.run(
        [sys.executable, "-c", "import improvement_board.settings"],
        cwd=ROOT,
        env=production_env(CACHE_URL=url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CACHE_URL must be redis://HOST:PORT/DB (or rediss:// with TLS), or empty" in (
        result.stderr
    )
    assert repr(url) in result.stderr


def test_a_redis_cache_url_keeps_pages_in_redis():
    from improvement_board.settings import pages_cache

    assert pages_cache("redis://cache.internal:6379/2") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "improvement-board",
    }
    assert pages_cache("")["BACKEND"] == "improvement_board.cache.ProcessMemoryCache"


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
