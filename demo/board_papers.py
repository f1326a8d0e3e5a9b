"""Loading the demo's Board meetings and papers (DEMO ONLY).

The monthly Improvement Board meetings from November 2019 to April 2020, and the
"Improvement Plan Progress Update" presented on 23 April 2020, whose narrative follows
the real report (``/work/shared/reference``), lightly edited; the text is in
``demo/data/board_papers.json``. It is final, as the paper the Board received; a draft
Director's monthly report for the same meeting is there to try editing.
"""

import datetime

from django.contrib.auth import get_user_model

from plans.models import Plan
from reports.models import BoardMeeting, BoardReport, PdfBuild
from reports.paper_figures import ReportError
from reports.services import final_pdf, pdf_build_run

from .content import (
    AUTHORS,
    BOARD_DATE,
    LONDON,
    MEETING_DATES,
    MONTHLY_REPORT,
    PREVIOUS_BOARD,
    PROGRESS_UPDATE,
    RUNNING_HEADER,
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def board_reports_demo_load(plan: Plan, *, stdout=None) -> bool:
    """Add the demo's Board meetings and reports if they are missing. True if it added any."""
    manager = get_user_model().objects.filter(username="manager").first()
    if manager is None:
        return False
    added = 0
    meetings = {}
    for day in MEETING_DATES:
        meetings[day], created = BoardMeeting.objects.get_or_create(
            plan=plan, date=day, defaults={"title": "Improvement Board"}
        )
        added += created
    board = meetings[BOARD_DATE]
    if not BoardReport.objects.filter(meeting=board, kind=BoardReport.Kind.PROGRESS).exists():
        BoardReport.objects.create(
            meeting=board,
            kind=BoardReport.Kind.PROGRESS,
            title="Improvement Plan Progress Update",
            as_at=BOARD_DATE,
            period_start=PREVIOUS_BOARD,
            authors=AUTHORS,
            running_header=RUNNING_HEADER,
            include_appendix=True,
            status=BoardReport.Status.FINAL,
            **PROGRESS_UPDATE,
            created_by=manager,
            created_at=_at(datetime.date(2020, 4, 6), 9),
            updated_at=_at(datetime.date(2020, 4, 15), 17),
            finalised_by=manager,
            # Made final (and its PDF built) the morning of the meeting: its figures are
            # as at that day, so no earlier build could hold them.
            finalised_at=_at(BOARD_DATE, 8),
        )
        added += 1
    if not BoardReport.objects.filter(meeting=board, kind=BoardReport.Kind.MONTHLY).exists():
        BoardReport.objects.create(
            meeting=board,
            kind=BoardReport.Kind.MONTHLY,
            title="Director's monthly report",
            as_at=BOARD_DATE,
            period_start=PREVIOUS_BOARD,
            authors=AUTHORS.splitlines()[0],
            running_header=RUNNING_HEADER,
            include_appendix=False,
            **MONTHLY_REPORT,
            created_by=manager,
            created_at=_at(datetime.date(2020, 4, 20), 9),
            updated_at=_at(datetime.date(2020, 4, 20), 9),
        )
        added += 1
    if added and stdout is not None:
        stdout.write(
            f"Board papers: {len(MEETING_DATES)} Board meetings, the final progress update "
            f"of {BOARD_DATE:%-d %B %Y} and a draft Director's monthly report."
        )
    return bool(added)


def board_report_demo_final_pdf(plan: Plan, *, stdout=None) -> PdfBuild | None:
    """Build and keep the final progress update's PDF, as it was when the report was made
    final, if it has none yet: the demo arrives as it would be in real use. A demo whose
    final PDF is there already is left alone (the PDF of a final report never changes).
    Raises ReportError if the build fails."""
    report = (
        BoardReport.objects.filter(
            meeting__plan=plan,
            meeting__date=BOARD_DATE,
            kind=BoardReport.Kind.PROGRESS,
            status=BoardReport.Status.FINAL,
        )
        .select_related("finalised_by")
        .first()
    )
    if report is None or report.finalised_by is None or final_pdf(report) is not None:
        return None
    build = PdfBuild(
        report=report,
        requested_by=report.finalised_by,
        requested_at=report.finalised_at,
        of_final_report=True,
    )
    build.full_clean()
    build.save()
    build = pdf_build_run(build_id=build.pk)
    if build.status != PdfBuild.Status.SUCCEEDED:
        raise ReportError(f"The demo's final PDF could not be built: {build.error}")
    # Dated as the paper was: built as it was made final.
    started = report.finalised_at
    finished = started + datetime.timedelta(seconds=build.render_seconds or 0)
    PdfBuild.objects.filter(pk=build.pk).update(started_at=started, finished_at=finished)
    build.refresh_from_db()
    if stdout is not None:
        stdout.write(
            f"Built the final PDF of the progress update of {BOARD_DATE:%-d %B %Y}: "
            f"{build.page_count} pages."
        )
    return build
