"""A backup archive's format, and the checks it passes before a restore changes anything:
every member where the manifest says, with its SHA-256; nothing outside the archive's
folder; migrations this code knows; a ``pg_restore`` able to read the dump.
"""

import hashlib
import json
import os
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from operations.engines import (
    CHUNK,
    POSTGRESQL,
    SQLITE,
    BackupError,
    major_version,
    pg_tool_version,
    some_of,
)

FORMAT = "improvement-board-backup"


FORMAT_VERSION = 1


MANIFEST = "manifest.json"


MEDIA_PREFIX = "media/"


DATABASE_MEMBER = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}


def unpack_and_verify(archive: Path, into: Path) -> dict:
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
                    while chunk := source.read(CHUNK):
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
        problems.append(f"missing {some_of(missing)}")
    if extra:
        problems.append(f"not in the manifest: {some_of(extra)}")
    if damaged:
        problems.append(f"checksum or size does not match the manifest: {some_of(damaged)}")
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


def check_migrations(applied: list[tuple[str, str]], archive: Path) -> list[tuple[str, str]]:
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
            f"migrations this version does not know ({some_of(['.'.join(k) for k in unknown])}). "
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


def check_pg_restore_can_read(pg_restore: str, manifest: dict) -> None:
    made_with = major_version(manifest["database"].get("tool", ""))
    have = pg_tool_version(pg_restore)
    if made_with is not None and (major_version(have) or 0) < made_with:
        raise BackupError(
            f"This backup was made with pg_dump {made_with}, and {have} cannot read it. "
            f"Install the PostgreSQL {made_with} client tools (Debian: "
            f"apt install postgresql-client-{made_with}) and restore again. "
            "Nothing was changed."
        )
