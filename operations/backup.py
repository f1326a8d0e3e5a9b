"""Backing up the whole service into one archive: the database and the uploaded files.

A backup is one ``.tar.gz`` archive holding:

- ``database.dump``: PostgreSQL, made by ``pg_dump --format=custom``; or
  ``database.sqlite3``: SQLite, a copy made with SQLite's online backup API, which is
  consistent even while the app is writing;
- ``media/…``: every file in the default storage (MEDIA_ROOT), the evidence uploads;
- ``manifest.json``: the engine, the Django migrations applied, when it was made, and
  the SHA-256 of every other member, so a damaged archive is refused before a restore
  changes anything (``archive_checks.py``).

Restoring one is ``restore.py``; the databases and their tools are ``engines.py``.
"""

import datetime
import hashlib
import io
import json
import logging
import os
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from operations.archive_checks import (
    DATABASE_MEMBER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
)
from operations.engines import (
    POSTGRESQL,
    BackupError,
    counted,
    database_settings,
    engine_of,
    human_size,
    media_folder,
    open_connection,
    pg_connection_args,
    pg_tool,
    pg_tool_version,
    run_tool,
    say,
    sqlite_tables,
    version_number,
)

logger = logging.getLogger(__name__)


DEFAULT_BACKUP_DIR = Path(settings.BASE_DIR) / "backups"


ARCHIVE_PREFIX = "improvement-board"


def backup_create(
    *,
    output_dir: Path,
    database: Mapping | None = None,
    stdout=None,
    prefix: str = ARCHIVE_PREFIX,
) -> Path:
    """Write a backup of the database and MEDIA_ROOT to a new archive in ``output_dir``.

    ``database`` is a Django database settings dict; by default the ``default``
    database's. Returns the archive's path. The archive is only given its final name
    once it is complete, and only its owner can read it: it holds personal data and
    password hashes.
    """
    db = database_settings(database)
    engine = engine_of(db)
    media_root = media_folder()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    created_at = timezone.now()
    archive = _new_archive_path(output_dir, prefix, timezone.localtime(created_at))

    members: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output_dir) as work:
        dump = Path(work) / DATABASE_MEMBER[engine]
        if engine == POSTGRESQL:
            details, migrations = _pg_dump(db, dump)
        else:
            details, migrations = _sqlite_copy(db, dump)
        say(stdout, f"Database: {details['summary']}.")

        partial = output_dir / f".{archive.name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                members[dump.name] = _add_file(tar, dump, dump.name)
                media_bytes = 0
                for path, relative in uploaded_files(media_root):
                    member = _add_file(tar, path, MEDIA_PREFIX + relative)
                    members[MEDIA_PREFIX + relative] = member
                    media_bytes += member["size"]
                media_count = len(members) - 1
                say(
                    stdout,
                    f"Uploaded files: {counted(media_count, 'file')} ({human_size(media_bytes)}) "
                    f"from {media_root}.",
                )
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": created_at.isoformat(),
                    "engine": engine,
                    "database": {key: value for key, value in details.items() if key != "summary"}
                    | {"member": dump.name},
                    "migrations": [list(key) for key in migrations],
                    "media": {"files": media_count, "bytes": media_bytes},
                    "members": members,
                }
                content = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(content)
                info.mtime = int(created_at.timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(content))
            os.replace(partial, archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return archive


def _pg_dump(db: Mapping, dump: Path) -> tuple[dict, list[tuple[str, str]]]:
    with open_connection(db) as wrapper, wrapper.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int / 10000")
        pg_dump = pg_tool("pg_dump", cursor.fetchone()[0])
        tool_version = pg_tool_version(pg_dump)
        # pg_dump takes its own snapshot; exporting ours lets it dump exactly the state
        # in which the migrations were read, whatever the app writes meanwhile.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            migrations = _applied_migrations(cursor, wrapper.introspection.table_names(cursor))
            run_tool(
                [
                    pg_dump,
                    *pg_connection_args(db),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                what="pg_dump",
                db=db,
            )
        finally:
            cursor.execute("COMMIT")
    details = {
        "name": db["NAME"],
        "server_version": server_version,
        "tool": tool_version,
        "summary": (
            f"PostgreSQL {server_version.split()[0]} database '{db['NAME']}' dumped with "
            f"pg_dump {version_number(tool_version)} ({human_size(dump.stat().st_size)})"
        ),
    }
    return details, migrations


def _sqlite_copy(db: Mapping, copy: Path) -> tuple[dict, list[tuple[str, str]]]:
    name = str(db["NAME"])
    if not name.startswith("file:") and not Path(name).is_file():
        raise BackupError(f"There is no SQLite database at {name}: nothing to back up.")
    with open_connection(db) as wrapper:
        target = sqlite3.connect(copy)
        try:
            wrapper.connection.backup(target)
            cursor = target.cursor()
            migrations = _applied_migrations(cursor, sqlite_tables(cursor))
        finally:
            target.close()
    details = {
        "name": Path(name).name if not name.startswith("file:") else name,
        "server_version": sqlite3.sqlite_version,
        "tool": f"SQLite {sqlite3.sqlite_version} online backup",
        "summary": f"SQLite database {name} copied ({human_size(copy.stat().st_size)})",
    }
    return details, migrations


def _applied_migrations(cursor, tables: list[str]) -> list[tuple[str, str]]:
    # A database that was never migrated can still be backed up (before a forced
    # restore, say); it simply has no migrations to record.
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [(app, name) for app, name in cursor.fetchall()]


def uploaded_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    if not media_root.is_dir():
        return
    for folder, directories, files in os.walk(media_root):
        directories.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                # Evidence is always stored as plain files; a link could point anywhere.
                logger.warning("Backup skips %s: not a plain file.", path)
                continue
            yield path, path.relative_to(media_root).as_posix()


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict:
    info = tar.gettarinfo(str(path), arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as source:
        reader = _HashingReader(source)
        tar.addfile(info, reader)
    # The checksum is of the bytes that went into the archive, as they were read.
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _new_archive_path(output_dir: Path, prefix: str, when: datetime.datetime) -> Path:
    stem = f"{prefix}-{when:%Y%m%d-%H%M%S}"
    archive = output_dir / f"{stem}.tar.gz"
    counter = 2
    while archive.exists():
        archive = output_dir / f"{stem}-{counter}.tar.gz"
        counter += 1
    return archive


class _HashingReader:
    """Hashes what tarfile reads from a file as it copies it into the archive."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data
