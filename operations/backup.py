"""Backing up and restoring the whole service: the database and the uploaded files.

A backup is one ``.tar.gz`` archive holding:

- ``database.dump``: PostgreSQL, made by ``pg_dump --format=custom``; or
  ``database.sqlite3``: SQLite, a copy made with SQLite's online backup API, which is
  consistent even while the app is writing;
- ``media/…``: every file in the default storage (MEDIA_ROOT), the evidence uploads;
- ``manifest.json``: the engine, the Django migrations applied, when it was made, and
  the SHA-256 of every other member, so a damaged archive is refused before a restore
  changes anything.

A restore refuses a database that already has tables (or a MEDIA_ROOT that already has
files) unless forced; when forced, it first backs up what is there, so nothing is lost
by restoring the wrong archive. On PostgreSQL the database is replaced in a single
transaction: if anything fails, it is left exactly as it was.
"""

import datetime
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.utils import load_backend
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_BACKUP_DIR = Path(settings.BASE_DIR) / "backups"
ARCHIVE_PREFIX = "improvement-board"
FORMAT = "improvement-board-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DATABASE_MEMBER = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}
ENGINE_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite"}
_CHUNK = 1024 * 1024
_TOOL_VERSION = re.compile(r"\(PostgreSQL\) (\d+)(?:\.(\d+))?")


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    created_at: str
    tables: int
    media_files: int
    pending_migrations: list[str] = field(default_factory=list)
    safety_backup: Path | None = None


# --- Backup --------------------------------------------------------------------------


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
    db = _database_settings(database)
    engine = _engine(db)
    media_root = _media_root()
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
        _say(stdout, f"Database: {details['summary']}.")

        partial = output_dir / f".{archive.name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                members[dump.name] = _add_file(tar, dump, dump.name)
                media_bytes = 0
                for path, relative in _media_files(media_root):
                    member = _add_file(tar, path, MEDIA_PREFIX + relative)
                    members[MEDIA_PREFIX + relative] = member
                    media_bytes += member["size"]
                media_count = len(members) - 1
                _say(
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
    with _connection(db) as wrapper, wrapper.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int / 10000")
        pg_dump = _pg_tool("pg_dump", cursor.fetchone()[0])
        tool_version = _tool_version(pg_dump)
        # pg_dump takes its own snapshot; exporting ours lets it dump exactly the state
        # in which the migrations were read, whatever the app writes meanwhile.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            migrations = _applied_migrations(cursor, wrapper.introspection.table_names(cursor))
            _run(
                [
                    pg_dump,
                    *_pg_connection_args(db),
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
            f"pg_dump {_version_number(tool_version)} ({human_size(dump.stat().st_size)})"
        ),
    }
    return details, migrations


def _sqlite_copy(db: Mapping, copy: Path) -> tuple[dict, list[tuple[str, str]]]:
    name = str(db["NAME"])
    if not name.startswith("file:") and not Path(name).is_file():
        raise BackupError(f"There is no SQLite database at {name}: nothing to back up.")
    with _connection(db) as wrapper:
        target = sqlite3.connect(copy)
        try:
            wrapper.connection.backup(target)
            cursor = target.cursor()
            migrations = _applied_migrations(cursor, _sqlite_tables(cursor))
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


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
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


# --- Restore -------------------------------------------------------------------------


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
    db = _database_settings(database)
    engine = _engine(db)
    media_root = _media_root()
    archive = Path(archive)

    with tempfile.TemporaryDirectory(prefix="improvement-board-restore-") as work:
        unpacked = Path(work)
        manifest = _unpack_and_verify(archive, unpacked)
        _say(
            stdout,
            f"{archive.name}: {ENGINE_NAMES[manifest['engine']]} backup made "
            f"{_when(manifest['created_at'])}, with "
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
        pending = _check_migrations(migrations, archive)
        if engine == POSTGRESQL:
            made_with = _major(manifest["database"].get("tool", ""))
            pg_restore, psql = _pg_tool("pg_restore", made_with), _pg_tool("psql", made_with)
            _check_pg_restore_can_read(pg_restore, manifest)

        tables = _existing_tables(db, engine)
        media_present = sum(1 for _ in _media_files(media_root))
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
                output_dir=safety_backup_dir or DEFAULT_BACKUP_DIR,
                database=db,
                prefix=f"{ARCHIVE_PREFIX}-before-restore",
            )
            _say(stdout, f"Forced: the current data was first backed up to {safety_backup}.")

        database_file = unpacked / manifest["database"]["member"]
        if engine == POSTGRESQL:
            _pg_restore(db, database_file, pg_restore=pg_restore, psql=psql, drop=tables)
        else:
            _sqlite_restore(db, database_file)
        _say(stdout, f"Database '{db['NAME']}' restored.")
        _close_if_default(db)

        files = _restore_media(unpacked, manifest, media_root)
        _say(stdout, f"{counted(len(files), 'uploaded file')} restored to {media_root}.")

    return RestoreResult(
        engine=engine,
        created_at=manifest["created_at"],
        tables=len(_existing_tables(db, engine)),
        media_files=len(files),
        pending_migrations=[f"{app}.{name}" for app, name in pending],
        safety_backup=safety_backup,
    )


def _unpack_and_verify(archive: Path, into: Path) -> dict:
    """Unpack the archive into a scratch folder and check every member's checksum."""
    if not archive.exists():
        raise BackupError(f"There is no backup file at {archive}.")
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file: give the path of a backup archive.")
    found: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = member.name
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(
                        f"{archive.name} contains {name!r}, which is not a plain file. A "
                        "backup never does: the archive is not one this service made. "
                        "Nothing was changed."
                    )
                if name in found or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(
                        f"{archive.name} contains {name!r} twice: it is not a backup this "
                        "service made. Nothing was changed."
                    )
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                target = into / _safe_member_path(name, archive)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                os.utime(target, (member.mtime, member.mtime))
                os.chmod(target, member.mode & 0o777 or 0o600)
                found[name] = {"sha256": digest.hexdigest(), "size": member.size}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        if isinstance(error, OSError) and not _is_archive_error(error):
            raise
        raise BackupError(
            f"{archive.name} cannot be read as a backup archive (.tar.gz): {error}. It is "
            "damaged or not a backup. Nothing was changed."
        ) from None

    if manifest_bytes is None:
        raise BackupError(
            f"{archive.name} has no {MANIFEST}: it is not an Improvement Board backup. "
            "Nothing was changed."
        )
    manifest = _parse_manifest(manifest_bytes, archive)
    expected = manifest["members"]
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    damaged = sorted(
        name for name in set(found) & set(expected) if found[name] != _member_record(expected[name])
    )
    problems = []
    if missing:
        problems.append(f"missing {_some(missing)}")
    if extra:
        problems.append(f"not in the manifest: {_some(extra)}")
    if damaged:
        problems.append(f"checksum or size does not match the manifest: {_some(damaged)}")
    if problems:
        raise BackupError(
            f"{archive.name} is damaged ({'; '.join(problems)}). Nothing was changed. "
            "Restore from another copy of the backup."
        )
    return manifest


def _is_archive_error(error: OSError) -> bool:
    # gzip reports a damaged or foreign file as OSError subclasses (BadGzipFile) or
    # plain OSErrors without an errno; real file-system errors carry an errno.
    return error.errno is None


def _member_record(record) -> dict:
    return {"sha256": record.get("sha256"), "size": record.get("size")}


def _parse_manifest(content: bytes, archive: Path) -> dict:
    try:
        manifest = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(
            f"The manifest in {archive.name} is not valid JSON: the archive is damaged. "
            "Nothing was changed."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive.name} is not an Improvement Board backup. Nothing was changed."
        )
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive.name} is a backup in format version {manifest.get('format_version')}; "
            f"this version of the app reads version {FORMAT_VERSION}. Restore it with the "
            "version of the app that made it. Nothing was changed."
        )
    shapes = {
        "engine": str,
        "created_at": str,
        "database": dict,
        "migrations": list,
        "media": dict,
        "members": dict,
    }
    if (
        any(not isinstance(manifest.get(key), shape) for key, shape in shapes.items())
        or manifest["engine"] not in DATABASE_MEMBER
        or not all(isinstance(record, dict) for record in manifest["members"].values())
        or not all(isinstance(key, list) and len(key) == 2 for key in manifest["migrations"])
    ):
        raise BackupError(
            f"The manifest in {archive.name} is incomplete: the archive is damaged. "
            "Nothing was changed."
        )
    if manifest["database"].get("member") not in manifest["members"]:
        raise BackupError(
            f"The manifest in {archive.name} names no database dump: the archive is "
            "damaged. Nothing was changed."
        )
    return manifest


def _safe_member_path(name: str, archive: Path) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or "\\" in name
        or any(part in {"", ".", ".."} for part in name.split("/"))
        or (path.parts[0] + "/" != MEDIA_PREFIX and name not in DATABASE_MEMBER.values())
    ):
        raise BackupError(
            f"{archive.name} contains {name!r}, a name no backup has. It was not "
            "unpacked. Nothing was changed."
        )
    return path


def _check_migrations(applied: list[tuple[str, str]], archive: Path) -> list[tuple[str, str]]:
    """Refuse a backup from a newer version of the app; list what it has still to apply."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.replacements.values():
        known.update(migration.replaces)
    unknown = sorted(set(applied) - known)
    if unknown:
        raise BackupError(
            f"{archive.name} was made by a newer version of the app: its database has "
            f"migrations this version does not know ({_some(['.'.join(k) for k in unknown])}). "
            "Upgrade the app to the version that made the backup, then restore. "
            "Nothing was changed."
        )
    done = set(applied)
    pending = []
    for key in sorted(loader.graph.nodes):
        migration = loader.graph.nodes[key]
        if key in done or (migration.replaces and set(migration.replaces) <= done):
            continue
        pending.append(key)
    return pending


def _check_pg_restore_can_read(pg_restore: str, manifest: dict) -> None:
    made_with = _major(manifest["database"].get("tool", ""))
    have = _tool_version(pg_restore)
    if made_with is not None and (_major(have) or 0) < made_with:
        raise BackupError(
            f"This backup was made with pg_dump {made_with}, and {have} cannot read it. "
            f"Install the PostgreSQL {made_with} client tools (Debian: "
            f"apt install postgresql-client-{made_with}) and restore again. "
            "Nothing was changed."
        )


def _existing_tables(db: Mapping, engine: str) -> list[str]:
    if engine == SQLITE:
        name = str(db["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return []
    with _connection(db) as wrapper, wrapper.cursor() as cursor:
        return sorted(wrapper.introspection.table_names(cursor, include_views=True))


def _pg_restore(db: Mapping, dump: Path, *, pg_restore: str, psql: str, drop: list[str]):
    # pg_restore turns the dump into SQL and psql runs it, after dropping whatever is
    # there, in one transaction: a failure anywhere leaves the database as it was.
    command = [
        psql,
        *_pg_connection_args(db),
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
            env=_pg_env(db),
        )
        producer = subprocess.Popen(
            [pg_restore, "--no-owner", "--no-acl", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        # Relayed rather than piped: psql commits when its input ends, so if pg_restore
        # dies part way through, psql must be stopped before it sees the end.
        with suppress(BrokenPipeError):  # psql stopped at an error; its message says which.
            shutil.copyfileobj(producer.stdout, consumer.stdin, _CHUNK)
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
    with _connection(db) as wrapper, wrapper.cursor() as cursor:
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
        with _connection(db) as wrapper:
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
    for path, relative in list(_media_files(media_root)):
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


# --- Connections and tools -----------------------------------------------------------


def _database_settings(database: Mapping | None) -> dict:
    if database is None:
        return dict(connections["default"].settings_dict)
    # Fill in the defaults Django gives every configured database.
    return connections.configure_settings({"default": dict(database)})["default"]


def _engine(db: Mapping) -> str:
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        return POSTGRESQL
    if engine.endswith("sqlite3"):
        return SQLITE
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


@contextmanager
def _connection(db: Mapping):
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


def _close_if_default(db: Mapping) -> None:
    # The app's own connection may hold state of the database that was just replaced.
    default = connections["default"]
    if all(default.settings_dict.get(key) == db.get(key) for key in ("ENGINE", "NAME", "HOST")):
        default.close()


def _pg_connection_args(db: Mapping) -> list[str]:
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


def _pg_env(db: Mapping) -> dict:
    # Django's own psql client maps PASSWORD to PGPASSWORD and the TLS options to their
    # PG* variables; use the same.
    _, extra = PostgresClient.settings_to_cmd_args_env(db, [])
    return {**os.environ, **(extra or {})}


def _pg_tool(program: str, major: int | None) -> str:
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


def _tool_version(program: str) -> str:
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or Path(program).name


def _version_number(version: str) -> str:
    match = _TOOL_VERSION.search(version)
    return ".".join(number for number in match.groups() if number) if match else version


def _major(version: str) -> int | None:
    match = _TOOL_VERSION.search(version)
    return int(match.group(1)) if match else None


def _run(command: list[str], *, what: str, db: Mapping) -> None:
    result = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or 'no message'}")


# --- Small helpers -------------------------------------------------------------------


def _media_root() -> Path:
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            "Uploaded files are not kept in a folder on this server (the default storage "
            "is not FileSystemStorage), so this backup cannot include them."
        )
    return Path(storage.location)


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    return [name for (name,) in cursor.fetchall()]


def _some(names: list[str], limit: int = 5) -> str:
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


def _when(iso: str) -> str:
    try:
        moment = timezone.localtime(datetime.datetime.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso
    return f"{moment:%-d %B %Y at %H:%M:%S %Z}"


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


class _HashingReader:
    """Hashes what tarfile reads from a file as it copies it into the archive."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data
