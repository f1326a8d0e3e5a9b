"""Background work: PDF builds run in the task worker (``manage.py db_worker``)."""

from django_tasks import task


@task()
def build_report_pdf(build_id: int) -> str:
    """Build one queued PDF; returns the build's final status."""
    from .services import pdf_build_run

    return pdf_build_run(build_id=build_id).status
