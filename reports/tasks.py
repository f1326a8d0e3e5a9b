"""Background work: PDF builds run in the task worker (``manage.py db_worker``).

This module imports ``services`` and never the other way round: a build is recorded by
``services.pdf_build_record`` and queued here.
"""

from django_tasks import task

from .models import BoardReport, PdfBuild
from .services import pdf_build_record, pdf_build_run


@task()
def build_report_pdf(build_id: int) -> str:
    """Build one queued PDF; returns the build's final status."""
    return pdf_build_run(build_id=build_id).status


def pdf_build_request(*, report: BoardReport, user, request=None) -> PdfBuild:
    """Queue a PDF build of the report, to run in the background worker."""
    build = pdf_build_record(report=report, user=user, request=request)
    result = build_report_pdf.enqueue(build.pk)
    # An immediate backend has already run the build; only record the task id.
    PdfBuild.objects.filter(pk=build.pk).update(task_id=str(result.id)[:64])
    build.refresh_from_db()
    return build
