"""``manage.py backup``: the database and the uploaded files in one archive."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import DEFAULT_BACKUP_DIR, backup_create
from operations.engines import BackupError, human_size


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, the online backup API on SQLite) and "
        "every uploaded file in MEDIA_ROOT into one .tar.gz archive with a manifest of "
        "checksums. Safe to run while the app is in use."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=DEFAULT_BACKUP_DIR,
            help=f"Folder for the archive (default: {DEFAULT_BACKUP_DIR}).",
        )

    def handle(self, *args, output_dir: Path, **options):
        started = time.monotonic()
        try:
            archive = backup_create(output_dir=output_dir, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = archive.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {archive} ({human_size(size)}) "
                f"in {time.monotonic() - started:.2f} s."
            )
        )
        self.stdout.write(
            "It holds personal data and password hashes: keep a copy off this server, "
            "where only the people who may restore it can read it."
        )
