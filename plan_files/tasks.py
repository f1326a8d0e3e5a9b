"""Background work: uploaded plan files are read in the task worker (``manage.py db_worker``)."""

from django_tasks import task


@task()
def read_plan_file(reading_id: int) -> str:
    """Read one uploaded plan file; returns the reading's status."""
    from .readings import import_reading_read

    reading = import_reading_read(reading_id=reading_id)
    return reading.status if reading else "gone"
