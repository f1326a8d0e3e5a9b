"""The databases a backup is taken from and restored to (PostgreSQL and SQLite): their
settings, connections and PostgreSQL's client tools; the uploaded files' folder; and the
few words backup and restore print.
"""

import datetime
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.utils import load_backend
from django.utils import timezone

POSTGRESQL = "postgresql"


SQLITE = "sqlite"


ENGINE_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}


CHUNK = 1024 * 1024


_TOOL_VERSION = re.compile(r"\(PostgreSQL\) (\d+)(?:\.(\d+))?")


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says why and what to do."""


def database_settings(database: Mapping | None) -> dict:
    if database is None:
        return dict(connections["default"].settings_dict)
    # Fill in the defaults Django gives every configured database.
    return connections.configure_settings({"default": dict(database)})["default"]


def engine_of(db: Mapping) -> str:
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        return POSTGRESQL
    if engine.endswith("sqlite3"):
        return SQLITE
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


@contextmanager
def open_connection(db: Mapping):
    """A connection of its own, with the same options as the app's."""
    wrapper = load_backend(db["ENGINE"]).DatabaseWrapper(dict(db), alias="backup")
    try:
        try:
            wrapper.ensure_connection()
        except Exception as error:
            raise BackupError(
                f"Could not connect to the database '{db['NAME']}' ({error}). Check "
                "DATABASE_URL, and that the database exists (createdb). Nothing was changed."
            ) from None
        yield wrapper
    finally:
        wrapper.close()


def close_if_default(db: Mapping) -> None:
    # The app's own connection may hold state of the database that was just replaced.
    default = connections["default"]
    if all(default.settings_dict.get(key) == db.get(key) for key in ("ENGINE", "NAME", "HOST")):
        default.close()


def pg_connection_args(db: Mapping) -> list[str]:
    # The password never goes on the command line, where other users could read it.
    args = ["--no-password"]
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    args.append(f"--dbname={db['NAME']}")
    return args


def pg_env(db: Mapping) -> dict:
    # Django's own psql client maps PASSWORD to PGPASSWORD and the TLS options to their
    # PG* variables; use the same.
    _, extra = PostgresClient.settings_to_cmd_args_env(db, [])
    return {**os.environ, **(extra or {})}


def pg_tool(program: str, major: int | None) -> str:
    found = shutil.which(program)
    if found is None:
        version = f"{major} " if major else ""
        raise BackupError(
            f"{program} was not found. Install the PostgreSQL {version}client tools, of "
            "the same major version as the server (Debian: apt install "
            f"postgresql-client-{major or 'NN'}), and make sure they are on PATH. "
            "Nothing was changed."
        )
    return found


def pg_tool_version(program: str) -> str:
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or Path(program).name


def version_number(version: str) -> str:
    match = _TOOL_VERSION.search(version)
    return ".".join(number for number in match.groups() if number) if match else version


def major_version(version: str) -> int | None:
    match = _TOOL_VERSION.search(version)
    return int(match.group(1)) if match else None


def run_tool(command: list[str], *, what: str, db: Mapping) -> None:
    result = subprocess.run(command, env=pg_env(db), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or 'no message'}")


def media_folder() -> Path:
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            "Uploaded files are not kept in a folder on this server (the default storage "
            "is not FileSystemStorage), so this backup cannot include them."
        )
    return Path(storage.location)


def sqlite_tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    return [name for (name,) in cursor.fetchall()]


def some_of(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    for unit in ("kB", "MB", "GB"):
        size /= 1000
        if size < 1000 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def moment_words(iso: str) -> str:
    try:
        moment = timezone.localtime(datetime.datetime.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso
    return f"{moment:%-d %B %Y at %H:%M:%S %Z}"


def say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)
