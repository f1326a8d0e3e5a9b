"""Backups: an archive restores into an empty database with every row and file identical.

The tests run on whichever engine the suite runs on (CI: PostgreSQL). They are
transactional: a backup reads through a connection of its own (pg_dump, a separate
process, on PostgreSQL), which must see committed rows and, on SQLite, must not wait
for a test transaction that holds the write lock from its start. The restore target is
a scratch database (PostgreSQL) or a temporary file (SQLite), and both sides are read
through connections of their own.
"""

import gzip
import hashlib
import io
import json
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from actions.models import Action, Evidence
from actions.services import evidence_add
from demo.plan import demo_load
from operations import backup
from operations.backup import backup_create
from operations.engines import BackupError
from operations.restore import backup_restore
from tests.factories import ActionFactory

# Serialized rollback: each test starts from the migrated database's rows and leaves the
# next transactional test the same. Without it, a test that made a backup left the
# content types re-created under new ids on SQLite, and a later test that restores the
# serialized rows (tests/reports/test_worker.py) failed to set up.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


# --- Fixtures ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_backups_in_the_project(monkeypatch, tmp_path):
    # A forced restore keeps what it replaces; in tests, never in the project's backups/.
    monkeypatch.setattr(backup, "DEFAULT_BACKUP_DIR", tmp_path / "default-backups")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def add_evidence_file(action: Action, name: str, content: bytes) -> Evidence:
    return evidence_add(
        action=action,
        added_by=action.lead,
        title=f"Evidence: {name}",
        upload=SimpleUploadedFile(name, content),
    )


@pytest.fixture
def demo_with_files(media_root):
    """The demo plan, plus two uploaded evidence files."""
    demo_load()
    add_evidence_file(Action.objects.get(reference="1.01"), "Audit findings.pdf", PDF)
    add_evidence_file(Action.objects.get(reference="2.01"), "Caseload chart.png", PNG)


@pytest.fixture
def small_archive(media_root, tmp_path):
    """A backup of the migrated database and one file: enough for the failure cases."""
    (media_root / "evidence" / "1").mkdir(parents=True)
    (media_root / "evidence" / "1" / "Minutes.pdf").write_bytes(PDF)
    return backup_create(output_dir=tmp_path / "backups")


def _pg_params(settings_dict, name=None) -> dict:
    return {
        "dbname": name or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }


@pytest.fixture
def empty_database(tmp_path):
    """Settings for an empty database of the suite's engine, to restore into."""
    if not ON_POSTGRESQL:
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    server = _pg_params(connection.settings_dict, name="postgres")
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Reading a database and a folder, independently of the code under test ------------


def database_rows(settings_dict) -> dict[str, list]:
    """Every row of every table (and every sequence's position), in a stable order."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        with closing(sqlite3.connect(settings_dict["NAME"], uri=True)) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            return {
                table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables
            }
    with psycopg.connect(**_pg_params(settings_dict)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        rows = {
            table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
        rows["(sequences)"] = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences ORDER BY sequencename"
        ).fetchall()
        return rows


def folder_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def rewrite_archive(archive: Path, target: Path, change) -> Path:
    """Copy an archive member by member, letting ``change`` alter the list of members."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    members = change(members)
    with tarfile.open(target, "w:gz") as tar:
        for info, content in members:
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return target


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def with_manifest(change):
    def rewrite(members):
        result = []
        for info, content in members:
            if info.name == "manifest.json":
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest).encode()
            result.append((info, content))
        return result

    return rewrite


def is_untouched(settings_dict, media: Path) -> bool:
    rows = database_rows(settings_dict)
    return not any(rows.get(table) for table in rows if table != "(sequences)") and not (
        folder_files(media) if media.exists() else {}
    )


# --- The round trip ------------------------------------------------------------------


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file_identical(
    demo_with_files, media_root, empty_database, settings, tmp_path
):
    archive = backup_create(output_dir=tmp_path / "backups")
    rows_before = database_rows(connection.settings_dict)
    files_before = folder_files(media_root)
    # The comparison means something only if there is plenty to compare.
    assert len(rows_before["actions_action"]) == 62
    assert len(rows_before["actions_actionupdate"]) > 300
    assert sum(len(rows) for rows in rows_before.values()) > 1000
    assert len(files_before) == 2
    assert sorted(content for content in files_before.values()) == sorted([PDF, PNG])

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    result = backup_restore(
        archive=archive, database=empty_database, safety_backup_dir=tmp_path / "safety"
    )

    assert database_rows(empty_database) == rows_before
    assert folder_files(tmp_path / "restored-media") == files_before
    assert result.media_files == 2
    assert result.pending_migrations == []
    assert result.safety_backup is None
    assert not (tmp_path / "safety").exists()


def test_the_archive_has_a_manifest_with_the_engine_migrations_and_a_checksum_per_member(
    small_archive, media_root
):
    assert small_archive.name.startswith("improvement-board-")
    assert small_archive.name.endswith(".tar.gz")
    # Personal data and password hashes: readable by its owner only.
    assert stat.S_IMODE(small_archive.stat().st_mode) == 0o600

    manifest = manifest_of(small_archive)
    assert manifest["engine"] == ("postgresql" if ON_POSTGRESQL else "sqlite")
    assert manifest["created_at"]
    applied = MigrationRecorder(connection).applied_migrations()
    assert {tuple(key) for key in manifest["migrations"]} == set(applied)
    database_member = "database.dump" if ON_POSTGRESQL else "database.sqlite3"
    assert set(manifest["members"]) == {database_member, "media/evidence/1/Minutes.pdf"}
    assert manifest["media"] == {"files": 1, "bytes": len(PDF)}
    assert manifest["members"]["media/evidence/1/Minutes.pdf"] == {
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }


# --- Refusing to overwrite -----------------------------------------------------------


def test_a_restore_refuses_a_database_that_has_tables(small_archive, media_root):
    rows_before = database_rows(connection.settings_dict)

    with pytest.raises(BackupError) as refusal:
        backup_restore(archive=small_archive)

    message = str(refusal.value)
    assert "has" in message and "tables" in message
    assert "--force" in message
    assert "Nothing was changed" in message
    assert database_rows(connection.settings_dict) == rows_before


def test_force_replaces_everything_after_backing_up_what_was_there(
    media_root, empty_database, settings, tmp_path
):
    add_evidence_file(ActionFactory(), "Minutes.pdf", PDF)
    archive = backup_create(output_dir=tmp_path / "backups")
    source_rows = database_rows(connection.settings_dict)
    assert source_rows["actions_evidence"] and source_rows["plans_plan"]
    restored_media = tmp_path / "restored-media"
    settings.MEDIA_ROOT = restored_media
    backup_restore(archive=archive, database=empty_database)
    # Someone works on the restored copy: a row changes and a file arrives.
    _execute(empty_database, "UPDATE plans_plan SET title = 'Changed since the backup'")
    (restored_media / "evidence" / "new.pdf").write_bytes(PDF + b"new")
    changed_rows = database_rows(empty_database)
    assert changed_rows != source_rows
    changed_files = folder_files(restored_media)

    with pytest.raises(BackupError, match="--force"):
        backup_restore(archive=archive, database=empty_database)
    assert database_rows(empty_database) == changed_rows

    result = backup_restore(
        archive=archive,
        database=empty_database,
        force=True,
        safety_backup_dir=tmp_path / "safety",
    )
    assert database_rows(empty_database) == source_rows
    assert folder_files(restored_media) == folder_files(media_root)
    assert "evidence/new.pdf" not in folder_files(restored_media)

    # What the forced restore replaced is in its safety backup, complete.
    assert result.safety_backup.parent == tmp_path / "safety"
    backup_restore(
        archive=result.safety_backup,
        database=empty_database,
        force=True,
        safety_backup_dir=tmp_path / "safety",
    )
    assert database_rows(empty_database) == changed_rows
    assert folder_files(restored_media) == changed_files


def _execute(settings_dict, sql: str) -> None:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        with closing(sqlite3.connect(settings_dict["NAME"])) as db:
            db.execute(sql)
            db.commit()
        return
    with psycopg.connect(**_pg_params(settings_dict)) as db:
        db.execute(sql)


# --- Damaged and wrong archives ------------------------------------------------------


ESCAPED = f"escaped-{uuid.uuid4().hex}.txt"


def _flip_a_byte_of_the_evidence(members):
    return [
        (info, content[:10] + bytes([content[10] ^ 1]) + content[11:])
        if info.name.startswith("media/")
        else (info, content)
        for info, content in members
    ]


def _add_member(name):
    def change(members):
        return [*members, (tarfile.TarInfo(name), b"not in the manifest")]

    return change


def _without_manifest(members):
    return [(info, content) for info, content in members if info.name != "manifest.json"]


def _other_engine(manifest):
    manifest["engine"] = "sqlite" if manifest["engine"] == "postgresql" else "postgresql"


def _newer_migration(manifest):
    manifest["migrations"].append(["actions", "9999_from_a_later_version"])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_flip_a_byte_of_the_evidence, "checksum or size does not match the manifest: media/"),
        (_add_member("media/evidence/extra.pdf"), "not in the manifest: media/evidence/extra"),
        (_add_member(f"media/../../{ESCAPED}"), "a name no backup has"),
        (_without_manifest, "has no manifest.json: it is not an Improvement Board backup"),
        (with_manifest(_other_engine), "Set DATABASE_URL to a"),
        (with_manifest(_newer_migration), "made by a newer version of the app"),
    ],
    ids=["changed file", "extra file", "path escape", "no manifest", "engine", "migrations"],
)
def test_a_damaged_or_wrong_archive_is_refused_before_anything_changes(
    small_archive, empty_database, settings, tmp_path, damage, message
):
    damaged = rewrite_archive(small_archive, tmp_path / "damaged.tar.gz", damage)
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(BackupError, match=message) as refusal:
        backup_restore(archive=damaged, database=empty_database)

    assert "Nothing was changed" in str(refusal.value)
    assert is_untouched(empty_database, tmp_path / "restored-media")
    assert not (Path(tempfile.gettempdir()) / ESCAPED).exists()


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda archive, path: None, "There is no backup file at"),
        (
            lambda archive, path: path.write_bytes(archive.read_bytes()[:2000]),
            "cannot be read as a backup archive",
        ),
        (lambda archive, path: path.write_text("backup"), "cannot be read as a backup archive"),
        (
            lambda archive, path: path.write_bytes(gzip.compress(b"not a tar file" * 100)),
            "cannot be read as a backup archive",
        ),
    ],
    ids=["missing", "truncated", "not gzip", "not tar"],
)
def test_a_missing_or_unreadable_file_gets_a_clear_message(
    small_archive, empty_database, settings, tmp_path, make_file, message
):
    path = tmp_path / "given.tar.gz"
    make_file(small_archive, path)
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(BackupError, match=message):
        backup_restore(archive=path, database=empty_database)

    assert is_untouched(empty_database, tmp_path / "restored-media")


# --- PostgreSQL tools ----------------------------------------------------------------


@postgresql_only
def test_without_pg_restore_the_restore_says_what_to_install(
    small_archive, empty_database, settings, monkeypatch, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))

    major = connection.pg_version // 10000
    with pytest.raises(
        BackupError, match=f"pg_restore was not found. Install the PostgreSQL {major} "
    ):
        backup_restore(archive=small_archive, database=empty_database)

    monkeypatch.undo()
    assert is_untouched(empty_database, tmp_path / "restored-media")


@postgresql_only
def test_without_pg_dump_the_backup_says_what_to_install(media_root, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))

    major = connection.pg_version // 10000
    with pytest.raises(
        BackupError, match=f"pg_dump was not found. Install the PostgreSQL {major} "
    ):
        backup_create(output_dir=tmp_path / "backups")

    assert list((tmp_path / "backups").iterdir()) == []


@postgresql_only
def test_a_dump_from_a_newer_pg_dump_is_refused_naming_the_version_needed(
    small_archive, empty_database, settings, tmp_path
):
    def newer(manifest):
        manifest["database"]["tool"] = "pg_dump (PostgreSQL) 99.1"

    archive = rewrite_archive(small_archive, tmp_path / "newer.tar.gz", with_manifest(newer))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(BackupError, match="Install the PostgreSQL 99 client tools"):
        backup_restore(archive=archive, database=empty_database)


@postgresql_only
def test_the_tools_get_the_connection_from_settings_and_the_password_only_in_the_environment(
    media_root, empty_database, monkeypatch, settings, tmp_path
):
    # Trust authentication accepts any password, so a made-up one shows where it goes.
    password = f"secret-{uuid.uuid4().hex}"
    source = {**connection.settings_dict, "PASSWORD": password}
    target = {**empty_database, "PASSWORD": password}
    calls = []
    real_popen = subprocess.Popen

    class RecordingPopen(real_popen):
        def __init__(self, args, *rest, env=None, **kwargs):
            calls.append((list(args), env))
            super().__init__(args, *rest, env=env, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", RecordingPopen)

    archive = backup_create(output_dir=tmp_path / "backups", database=source)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    backup_restore(archive=archive, database=target)

    used = {Path(args[0]).name: (args, env) for args, env in calls if "--version" not in args}
    assert set(used) == {"pg_dump", "pg_restore", "psql"}
    for program, database in (("pg_dump", source), ("psql", target)):
        args, env = used[program]
        assert f"--dbname={database['NAME']}" in args
        assert f"--username={database['USER']}" in args
        assert f"--host={database['HOST']}" in args
        assert f"--port={database['PORT']}" in args
        assert "--no-password" in args
        assert env["PGPASSWORD"] == password
    for args, _ in calls:
        assert not any(password in arg for arg in args)


def _truncate_the_dump(members):
    """Cut the end off the dump and record the cut dump's checksum, as a bad disk might.

    pg_restore reads the table of contents at the start, so it writes most of the SQL
    before it finds the data missing.
    """
    result, dump = [], None
    for info, content in members:
        if info.name == "database.dump":
            dump = content[:-1000]
            content = dump
        result.append((info, content))

    def record(manifest):
        manifest["members"]["database.dump"] = {
            "sha256": hashlib.sha256(dump).hexdigest(),
            "size": len(dump),
        }

    return with_manifest(record)(result)


@postgresql_only
@pytest.mark.parametrize(
    ("stray", "damage", "message"),
    [
        # A sequence with the name of one the dump creates: the tables are dropped and
        # most are recreated before psql trips over it.
        ("CREATE SEQUENCE django_migrations_id_seq", None, "psql said: .*already exists"),
        # pg_restore stops part way through the data; psql must not commit what it had.
        ("", _truncate_the_dump, "pg_restore could not read the dump"),
    ],
    ids=["psql fails", "pg_restore fails"],
)
def test_a_restore_that_fails_half_way_leaves_the_database_as_it_was(
    small_archive, empty_database, settings, tmp_path, stray, damage, message
):
    archive = small_archive
    if damage is not None:
        archive = rewrite_archive(small_archive, tmp_path / "damaged.tar.gz", damage)
    _execute(
        empty_database,
        f"CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here'); {stray}",
    )
    rows_before = database_rows(empty_database)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    (tmp_path / "restored-media").mkdir()
    (tmp_path / "restored-media" / "kept.txt").write_text("still here")

    with pytest.raises(BackupError, match=message) as failure:
        backup_restore(
            archive=archive,
            database=empty_database,
            force=True,
            safety_backup_dir=tmp_path / "safety",
        )

    assert "rolled back; the database was not changed" in str(failure.value)
    assert database_rows(empty_database) == rows_before
    assert folder_files(tmp_path / "restored-media") == {"kept.txt": b"still here"}


def test_a_backup_from_an_earlier_version_restores_and_lists_the_migrations_to_apply(
    small_archive, empty_database, settings, tmp_path
):
    latest = max(tuple(key) for key in manifest_of(small_archive)["migrations"])

    def earlier(manifest):
        manifest["migrations"].remove(list(latest))

    archive = rewrite_archive(small_archive, tmp_path / "earlier.tar.gz", with_manifest(earlier))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    result = backup_restore(archive=archive, database=empty_database)

    assert result.pending_migrations == [".".join(latest)]


# --- The commands --------------------------------------------------------------------


def test_the_backup_command_writes_an_archive_and_says_where(media_root, tmp_path):
    out = io.StringIO()

    call_command("backup", output_dir=tmp_path / "backups", stdout=out)

    [archive] = (tmp_path / "backups").iterdir()
    assert f"Backup written to {archive}" in out.getvalue()
    assert manifest_of(archive)["members"]


def test_the_restore_command_reports_failures_as_command_errors(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_the_restore_command_refuses_the_live_database_without_force(small_archive, media_root):
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(small_archive), stdout=io.StringIO())
