"""Reading an uploaded plan file in the task worker, and keeping the reading for its preview.

An upload is stored and queued; the worker reads it under the import's bounds
(``plan_files.sources.Bounds``) and keeps what it read, so the preview and the
confirmation never parse a file inside a web request. When the plan manager answers a
question (what a column holds, what a word means) the file is read again the same way.
"""

import datetime
import logging
from collections.abc import Mapping

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from plans.models import Plan

from .changes import NewPlan
from .layout import parse_plan_file
from .models import ImportChoices, ImportReading
from .reading import ParsedFile, parsed_from_data, parsed_to_data

logger = logging.getLogger(__name__)

FOLDER = "plan-imports"


def import_reading_start(
    *,
    user,
    data: bytes,
    filename: str,
    as_at: datetime.date,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
) -> ImportReading:
    """Keep an uploaded file and queue it to be read. Older unconfirmed uploads go."""
    _discard_stale()
    reading = ImportReading(
        created_by=user,
        plan=plan,
        new_plan=(
            {
                "title": new_plan.title,
                "organisation": new_plan.organisation,
                "start_date": new_plan.start_date.isoformat(),
            }
            if new_plan
            else None
        ),
        filename=filename,
        as_at=as_at,
    )
    reading.path = default_storage.save(f"{FOLDER}/{reading.token}", ContentFile(data))
    reading.full_clean()
    reading.save()
    _queue(reading)
    return reading


def import_reading_answer(
    *, reading: ImportReading, columns: Mapping[str, str], words: Mapping[str, str]
) -> ImportReading:
    """Take the plan manager's answers and read the file again with them."""
    reading.columns = {**reading.columns, **columns}
    reading.rating_words = {**reading.rating_words, **words}
    reading.status = ImportReading.Status.QUEUED
    reading.queued_at = timezone.now()
    reading.result = None
    reading.full_clean()
    reading.save()
    _queue(reading)
    return reading


def _queue(reading: ImportReading) -> None:
    from .tasks import read_plan_file

    # After the commit, so the worker finds the row it is given.
    transaction.on_commit(lambda: read_plan_file.enqueue(reading.pk))


def import_reading_read(*, reading_id: int) -> ImportReading | None:
    """Read one queued upload (in the task worker) and keep what it read."""
    reading = ImportReading.objects.select_related("plan").filter(pk=reading_id).first()
    if reading is None or reading.status == ImportReading.Status.READY:
        return reading  # confirmed or cancelled meanwhile, or read already
    ImportReading.objects.filter(pk=reading.pk).update(status=ImportReading.Status.READING)
    columns, words = reading_answers(reading)
    try:
        with default_storage.open(reading.path, "rb") as stored:
            data = stored.read()
        parsed = parse_plan_file(data, reading.filename, columns=columns, words=words)
    except OSError:
        logger.exception("Could not read the uploaded plan file %s", reading.path)
        reading.status = ImportReading.Status.FAILED
        reading.message = "The uploaded file could not be found again. Upload it once more."
    except Exception:
        # A file no rule foresaw must still end the wait with an answer, not hang.
        logger.exception("Reading the uploaded plan file %s failed", reading.path)
        reading.status = ImportReading.Status.FAILED
        reading.message = (
            "The file could not be read. Save it again as an Excel Workbook (.xlsx) or Word "
            "Document (.docx) and upload the new copy; if that fails too, copy the plan's "
            "table into the template."
        )
    else:
        reading.status = ImportReading.Status.READY
        reading.result = parsed_to_data(parsed)
        reading.message = ""
    reading.finished_at = timezone.now()
    reading.save(update_fields=["status", "result", "message", "finished_at"])
    return reading


def reading_answers(reading: ImportReading) -> tuple[dict[str, str], dict[str, str]]:
    """The answers a file is read with: the plan's remembered ones, then this upload's."""
    columns: dict[str, str] = {}
    words: dict[str, str] = {}
    if reading.plan_id:
        remembered = ImportChoices.objects.filter(plan_id=reading.plan_id).first()
        if remembered is not None:
            columns.update(remembered.columns)
            words.update(remembered.rating_words)
    columns.update(reading.columns)
    words.update(reading.rating_words)
    return columns, words


def reading_parsed(reading: ImportReading) -> ParsedFile:
    return parsed_from_data(reading.result)


def reading_new_plan(reading: ImportReading) -> NewPlan | None:
    if not reading.new_plan:
        return None
    return NewPlan(
        title=reading.new_plan["title"],
        organisation=reading.new_plan["organisation"],
        start_date=datetime.date.fromisoformat(reading.new_plan["start_date"]),
    )


def import_reading_discard(*, reading: ImportReading) -> None:
    """Forget an upload once imported or cancelled: its row and its file."""
    _delete_file(reading.path)
    reading.delete()


def _delete_file(path: str) -> None:
    try:
        default_storage.delete(path)
    except OSError:
        logger.warning("Could not delete the uploaded plan file %s", path)


def _discard_stale() -> None:
    for reading in ImportReading.objects.stale():
        import_reading_discard(reading=reading)
