"""Restoring the whole service from a backup archive (``backup.py`` writes them).

The archive is unpacked and checked whole first (``archive_checks.py``). A restore
refuses a database that already has tables (or a MEDIA_ROOT that already has files)
unless forced; when forced, it first backs up what is there, so nothing is lost by
restoring the wrong archive. On PostgreSQL the database is replaced in a single
transaction: if anything fails, it is left exactly as it was.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from operations import backup
from operations.archive_checks import (
    MEDIA_PREFIX,
    check_migrations,
    check_pg_restore_can_read,
    unpack_and_verify,
)
from operations.backup import ARCHIVE_PREFIX, backup_create, uploaded_files
from operations.engines import (
    CHUNK,
    ENGINE_NAMES,
    POSTGRESQL,
    SQLITE,
    BackupError,
    close_if_default,
    counted,
    database_settings,
    engine_of,
    major_version,
    media_folder,
    moment_words,
    open_connection,
    pg_connection_args,
    pg_env,
    pg_tool,
    say,
)


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    created_at: str
    tables: int
    media_files: int
    pending_migrations: list[str] = field(default_factory=list)
    safety_backup: Path | None = None


def backup_restore(
    *,
    archive: Path,
    force: bool = False,
    database: Mapping | None = None,
    safety_backup_dir: Path | None = None,
    stdout=None,
) -> RestoreResult:
    """Replace the database and MEDIA_ROOT with the contents of a backup archive.

    Everything is checked before anything is changed: the archive's checksums, that it
    is for this database engine and for this version of the app, and that the tools
    are there. A database with tables or a MEDIA_ROOT with files is refused unless
    ``force``; then what is there is first backed up to ``safety_backup_dir``
    (by default ``backups/``).
    """
    db = database_settings(database)
    engine = engine_of(db)
    media_root = media_folder()
    archive = Path(archive)

    with tempfile.TemporaryDirectory(prefix="improvement-board-restore-") as work:
        unpacked = Path(work)
        manifest = unpack_and_verify(archive, unpacked)
        say(
            stdout,
            f"{archive.name}: {ENGINE_NAMES[manifest['engine']]} backup made "
            f"{moment_words(manifest['created_at'])}, with "
            f"{counted(manifest['media']['files'], 'uploaded file')}; checksums verified.",
        )
        if manifest["engine"] != engine:
            raise BackupError(
                f"{archive.name} is a backup of a {ENGINE_NAMES[manifest['engine']]} "
                f"database, but the database to restore into is {ENGINE_NAMES[engine]}. "
                f"Set DATABASE_URL to a {ENGINE_NAMES[manifest['engine']]} database and "
                "run the restore again. Nothing was changed."
            )
        migrations = [tuple(key) for key in manifest["migrations"]]
        pending = check_migrations(migrations, archive)
        if engine == POSTGRESQL:
            made_with = major_version(manifest["database"].get("tool", ""))
            pg_restore, psql = pg_tool("pg_restore", made_with), pg_tool("psql", made_with)
            check_pg_restore_can_read(pg_restore, manifest)

        tables = _existing_tables(db, engine)
        media_present = sum(1 for _ in uploaded_files(media_root))
        safety_backup = None
        if tables or media_present:
            held = []
            if tables:
                held.append(f"the database '{db['NAME']}' has {counted(len(tables), 'table')}")
            if media_present:
                held.append(f"{media_root} holds {counted(media_present, 'file')}")
            if not force:
                raise BackupError(
                    f"Refusing to restore: {' and '.join(held)}. A restore replaces "
                    "everything in them with the backup. If that is what you want, run "
                    "the restore again with --force (make restore FILE=... FORCE=1); the "
                    "current data is backed up first. Nothing was changed."
                )
            safety_backup = backup_create(
                output_dir=safety_backup_dir or backup.DEFAULT_BACKUP_DIR,
                database=db,
                prefix=f"{ARCHIVE_PREFIX}-before-restore",
            )
            say(stdout, f"Forced: the current data was first backed up to {safety_backup}.")

        database_file = unpacked / manifest["database"]["member"]
        if engine == POSTGRESQL:
            _pg_restore(db, database_file, pg_restore=pg_restore, psql=psql, drop=tables)
        else:
            _sqlite_restore(db, database_file)
        say(stdout, f"Database '{db['NAME']}' restored.")
        close_if_default(db)

        files = _restore_media(unpacked, manifest, media_root)
        say(stdout, f"{counted(len(files), 'uploaded file')} restored to {media_root}.")

    return RestoreResult(
        engine=engine,
        created_at=manifest["created_at"],
        tables=len(_existing_tables(db, engine)),
        media_files=len(files),
        pending_migrations=[f"{app}.{name}" for app, name in pending],
        safety_backup=safety_backup,
    )


def _existing_tables(db: Mapping, engine: str) -> list[str]:
    if engine == SQLITE:
        name = str(db["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return []
    with open_connection(db) as wrapper, wrapper.cursor() as cursor:
        return sorted(wrapper.introspection.table_names(cursor, include_views=True))


def _pg_restore(db: Mapping, dump: Path, *, pg_restore: str, psql: str, drop: list[str]):
    # pg_restore turns the dump into SQL and psql runs it, after dropping whatever is
    # there, in one transaction: a failure anywhere leaves the database as it was.
    command = [
        psql,
        *pg_connection_args(db),
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
    ]
    if drop:
        views, tables = _pg_views_and_tables(db, drop)
        statements = []
        if views:
            statements.append(f"DROP VIEW IF EXISTS {', '.join(map(_pg_quote, views))} CASCADE;")
        if tables:
            statements.append(f"DROP TABLE IF EXISTS {', '.join(map(_pg_quote, tables))} CASCADE;")
        command.append("--command=" + " ".join(statements))
    command.append("--file=-")
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as sql_errors:
        consumer = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=sql_errors,
            env=pg_env(db),
        )
        producer = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-acl", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        # Relayed rather than piped: psql commits when its input ends, so if pg_restore
        # dies part way through, psql must be stopped before it sees the end.
        with suppress(BrokenPipeError):  # psql stopped at an error; its message says which.
            shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK)
        producer.stdout.close()
        producer.wait()
        if producer.returncode != 0 and consumer.poll() is None:
            consumer.kill()
        else:
            with suppress(BrokenPipeError):
                consumer.stdin.close()
        consumer.wait()
        restore_errors.seek(0)
        sql_errors.seek(0)
        restore_message = restore_errors.read().decode(errors="replace").strip()
        sql_message = sql_errors.read().decode(errors="replace").strip()
    if consumer.returncode != 0 and sql_message:
        raise BackupError(
            "The restore failed and was rolled back; the database was not changed. "
            f"psql said: {sql_message}"
        )
    if producer.returncode != 0 or consumer.returncode != 0:
        raise BackupError(
            f"pg_restore could not read the dump ({restore_message or 'no message'}). "
            "The restore was rolled back; the database was not changed."
        )


def _pg_views_and_tables(db: Mapping, names: list[str]) -> tuple[list[str], list[str]]:
    with open_connection(db) as wrapper, wrapper.cursor() as cursor:
        infos = wrapper.introspection.get_table_list(cursor)
    views = sorted(info.name for info in infos if info.type == "v" and info.name in names)
    tables = sorted(info.name for info in infos if info.type != "v" and info.name in names)
    return views, tables


def _pg_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_restore(db: Mapping, copy: Path) -> None:
    # The backup API writes the whole database in one transaction, replacing every
    # table that was there.
    source = sqlite3.connect(f"file:{quote(str(copy))}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise BackupError(
                f"The database in the backup fails SQLite's integrity check ({verdict}); it "
                "was damaged before it was backed up. Nothing was changed."
            )
        with open_connection(db) as wrapper:
            source.backup(wrapper.connection)
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite restore failed: {error}.") from None
    finally:
        source.close()


def _restore_media(unpacked: Path, manifest: dict, media_root: Path) -> list[str]:
    wanted = sorted(
        name.removeprefix(MEDIA_PREFIX)
        for name in manifest["members"]
        if name.startswith(MEDIA_PREFIX)
    )
    media_root.mkdir(parents=True, exist_ok=True)
    wanted_set = set(wanted)
    # A forced restore makes MEDIA_ROOT match the backup; what was there is in the
    # backup taken before the restore.
    for path, relative in list(uploaded_files(media_root)):
        if relative not in wanted_set:
            path.unlink()
    for folder, _, _ in sorted(os.walk(media_root), reverse=True):
        if Path(folder) != media_root and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    for relative in wanted:
        source = unpacked / (MEDIA_PREFIX + relative)
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.restoring")
        shutil.copy2(source, staging)
        os.replace(staging, target)
    return wanted
