"""``manage.py restore FILE``: put back the database and uploaded files from a backup."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import DEFAULT_BACKUP_DIR
from operations.engines import BackupError, counted
from operations.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive made by "
        "'manage.py backup'. The archive's checksums are checked first. An empty database "
        "is expected; with --force an existing one is replaced, after backing it up."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The backup archive (.tar.gz).")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Replace a database that has tables and uploaded files that are there. "
                "They are backed up first."
            ),
        )
        parser.add_argument(
            "--safety-backup-dir",
            type=Path,
            default=None,
            help=(
                "Where --force keeps the backup of what it replaces "
                f"(default: {DEFAULT_BACKUP_DIR})."
            ),
        )

    def handle(self, *args, archive: Path, force: bool, safety_backup_dir: Path | None, **options):
        started = time.monotonic()
        try:
            result = backup_restore(
                archive=archive,
                force=force,
                safety_backup_dir=safety_backup_dir,
                stdout=self.stdout,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive.name}: {counted(result.tables, 'table')} and "
                f"{counted(result.media_files, 'uploaded file')}, "
                f"in {time.monotonic() - started:.2f} s."
            )
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup is from an earlier version of the app: "
                    f"{len(result.pending_migrations)} migrations are still to apply. "
                    "Run 'manage.py migrate' before starting the app."
                )
            )
