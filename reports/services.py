"""Writes for Board meetings, reports and their PDF builds."""

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from improvement_board.audit import audit_record
from improvement_board.conflicts import EditConflict, check_version
from improvement_board.models import AuditEvent
from plans.models import Plan
from plans.revisions import revise
from plans.writable import check_plan_writable

from .assurance import assurance_draft
from .models import DRAFTED_FOR_EACH_BOARD, NARRATIVE_FIELDS, BoardMeeting, BoardReport, PdfBuild
from .paper_figures import ReportError
from .paper_risks import issues_draft
from .pdf import PdfRenderError, RenderedPdf, logo_data_uri, render_report_pdf
from .report_content import ReportDocument, report_document
from .word import RenderedWord, WordRenderError, render_report_word

logger = logging.getLogger(__name__)

# Fields a plan manager may change while a report is a draft.
EDITABLE_FIELDS = [
    "title",
    "as_at",
    "period_start",
    "authors",
    "running_header",
    "include_appendix",
    *NARRATIVE_FIELDS,
]


class ReportFrozenError(Exception):
    """The report is final: its narrative and figures can no longer change."""


class StaleReportError(EditConflict):
    """Someone else saved the report after this edit began."""


def _lock(report: BoardReport) -> BoardReport:
    """The report, locked for this transaction, if its plan is writable."""
    current = (
        BoardReport.objects.select_for_update().select_related("meeting__plan").get(pk=report.pk)
    )
    check_plan_writable(current.meeting.plan)
    return current


def board_meeting_create(
    *, plan: Plan, date: datetime.date, title: str, board_name: str
) -> BoardMeeting:
    meeting = BoardMeeting(plan=plan, date=date, title=title, board_name=board_name)
    meeting.full_clean()
    with transaction.atomic():
        check_plan_writable(Plan.objects.select_for_update().get(pk=plan.pk))
        revise(plan, because="a Board meeting added")
        meeting.save()
    return meeting


def _check_report_dates(report: BoardReport) -> None:
    if report.as_at and report.as_at > timezone.localdate():
        raise ValidationError({"as_at": "The “as at” date cannot be in the future."})
    if not report.meeting.plan.sections.exists():
        raise ValidationError(
            "The plan has no sections yet, so a report would have nothing to say. "
            "Add the plan's sections and actions first."
        )


def board_report_create(
    *,
    meeting: BoardMeeting,
    kind: str,
    title: str,
    as_at: datetime.date,
    period_start: datetime.date,
    authors: str,
    created_by,
    running_header: str = "",
    include_appendix: bool = True,
    start_from: BoardReport | None = None,
) -> BoardReport:
    """A new draft report; with ``start_from``, its narrative is copied to start from,
    but for the parts drafted from the data for each Board (``DRAFTED_FOR_EACH_BOARD``).
    A progress update's section 3 starts as the risk and issue log's draft as at
    ``as_at`` (``paper_risks.issues_draft``)."""
    now = timezone.now()
    report = BoardReport(
        meeting=meeting,
        kind=kind,
        title=title,
        as_at=as_at,
        period_start=period_start,
        authors=authors,
        running_header=running_header,
        include_appendix=include_appendix,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    if start_from is not None:
        if start_from.meeting.plan_id != meeting.plan_id:
            raise ValidationError("A report can only start from a report on the same plan.")
        for field in NARRATIVE_FIELDS:
            if field not in DRAFTED_FOR_EACH_BOARD:
                setattr(report, field, getattr(start_from, field))
    if kind == BoardReport.Kind.PROGRESS and not report.issues:
        # Section 3 starts as the risk and issue log's draft, for the authors to edit.
        report.issues = issues_draft(meeting.plan, as_at, period_start)
    report.full_clean()
    _check_report_dates(report)
    with transaction.atomic():
        check_plan_writable(Plan.objects.select_for_update().get(pk=meeting.plan_id))
        revise(meeting.plan_id, because="a Board report started")
        report.save()
    return report


def board_report_update(
    *, report: BoardReport, editor, expected_version: int, logo=None, remove_logo=False, **fields
) -> BoardReport:
    """Save a draft's details and narrative, unless it is final or someone saved first."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = _lock(report)
        revise(current.meeting.plan, because="a Board report's details or narrative saved")
        if current.is_final:
            raise ReportFrozenError("This report is final, so it can no longer be changed.")
        check_version(
            current.version,
            expected_version,
            StaleReportError("Someone else saved this report while you were editing it."),
        )
        for name, value in fields.items():
            setattr(current, name, value)
        if remove_logo:
            current.logo = ""
        if logo is not None:
            current.logo = logo
        current.updated_at = timezone.now()
        current.version += 1
        current.full_clean()
        _check_report_dates(current)
        current.save()
    logger.info("Board report %s saved by %s (version %s)", current.pk, editor, current.version)
    return current


def board_report_finalise(*, report: BoardReport, user, expected_version: int) -> BoardReport:
    """Make the report final: from now on its narrative is read-only."""
    with transaction.atomic():
        current = _lock(report)
        revise(current.meeting.plan, because="a Board report made final")
        if current.is_final:
            raise ReportFrozenError("This report is already final.")
        check_version(
            current.version,
            expected_version,
            StaleReportError(
                "Someone else saved this report since you opened it. Check it again first."
            ),
        )
        if current.kind == BoardReport.Kind.PROGRESS:
            # Kept as drafted, so later changes to the log and the calendar leave the paper
            # as sent.
            plan, since, as_at = current.plan, current.period_start, current.as_at
            current.issues = current.issues or issues_draft(plan, as_at, since)
            current.assurance = current.assurance or assurance_draft(plan, since, as_at)
        current.status = BoardReport.Status.FINAL
        current.finalised_at = timezone.now()
        current.finalised_by = user
        current.version += 1
        current.full_clean()
        current.save()
    return current


def final_pdf(report: BoardReport) -> PdfBuild | None:
    """The report's final PDF: the first built after it was made final. It never changes."""
    return report.builds.final().succeeded().order_by("requested_at", "pk").first()


def pdf_build_record(*, report: BoardReport, user, request=None) -> PdfBuild:
    """Record a request for a PDF build of the report, before it is queued.

    ``reports.tasks.pdf_build_request`` calls this and then queues the build for the
    background worker, so this module never imports the tasks. The request goes to the
    audit trail (with the address it came from, given ``request``); the worker records
    the build's end there too."""
    if report.is_final and final_pdf(report) is not None:
        raise ReportFrozenError(
            "This report is final and its PDF has been built; download that PDF instead."
        )
    check_plan_writable(report.meeting.plan)
    pdf_builds_fail_abandoned(builds=report.builds.all())
    with transaction.atomic():
        build = PdfBuild(report=report, requested_by=user, of_final_report=report.is_final)
        build.full_clean()
        build.save()
        audit_record(
            kind=AuditEvent.Kind.REPORT_BUILD,
            request=request,
            user=user,
            plan=report.meeting.plan,
            detail=f"PDF of “{report.title}” requested (build {build.pk})",
        )
    return build


ABANDONED_RUNNING = (
    "The build stopped without finishing: its background worker was stopped or restarted "
    "while building it (no result {minutes} minutes after it was asked for). Export the "
    "report again."
)
ABANDONED_QUEUED = (
    "No background worker took the build within {minutes} minutes of it being asked "
    "for: the worker is not running. Export the report again once it is."
)


def pdf_builds_fail_abandoned(*, builds=None, now: datetime.datetime | None = None) -> int:
    """Mark failed, with the reason, every build still unfinished ``PdfBuild.STUCK_AFTER``
    after it was asked for: its worker is gone (killed, restarted mid-build, or never
    running), so it would otherwise stay "Building" for ever. Returns how many.

    Run by the worker every minute (settings.TASK_WORKER_HOUSEKEEPING), and for one
    report's builds when a new PDF of it is asked for. A worker that finishes such a build
    after all still records its PDF.
    """
    now = now or timezone.now()
    minutes = int(PdfBuild.STUCK_AFTER.total_seconds() // 60)
    builds = PdfBuild.objects.all() if builds is None else builds
    abandoned = builds.filter(requested_at__lt=now - PdfBuild.STUCK_AFTER)
    failed = 0
    for status, reason in (
        (PdfBuild.Status.RUNNING, ABANDONED_RUNNING),
        (PdfBuild.Status.QUEUED, ABANDONED_QUEUED),
    ):
        for build in abandoned.filter(status=status).select_related("report__meeting__plan"):
            with transaction.atomic():
                # Claimed by its status, so a worker finishing it at this moment wins.
                if PdfBuild.objects.filter(pk=build.pk, status=status).update(
                    status=PdfBuild.Status.FAILED,
                    error=reason.format(minutes=minutes),
                    finished_at=now,
                ):
                    build.refresh_from_db()
                    _audit_build_end(build, build.error)
                    failed += 1
    return failed


def report_pdf_document(report: BoardReport) -> ReportDocument:
    """The report's content for its PDF: figures from the data, the logo inlined."""
    logo = logo_data_uri(report.cover_logo) if report.cover_logo else ""
    return report_document(report, logo_data_uri=logo)


def report_pdf_render(report: BoardReport) -> RenderedPdf:
    return render_report_pdf(report_pdf_document(report))


def report_word_render(report: BoardReport) -> RenderedWord:
    """The report as a Word paper from the data now (a draft's; a final report's Word
    paper is the one kept with its final PDF)."""
    return render_report_word(report_pdf_document(report))


def paper_html(report: BoardReport, doc: ReportDocument) -> str:
    """The paper as the report's page shows it; the PDF is drawn from the same ``doc``."""
    logo_src = (
        reverse("reports:board_report_logo", args=[report.plan.slug, report.pk])
        if report.cover_logo
        else ""
    )
    return render_to_string(
        "reports/board_report/document.html", {"doc": doc, "logo_src": logo_src}
    )


def pdf_build_run(*, build_id: int) -> PdfBuild:
    """Render and store one queued build. A failure is recorded on this build only."""
    claimed = PdfBuild.objects.filter(pk=build_id, status=PdfBuild.Status.QUEUED).update(
        status=PdfBuild.Status.RUNNING, started_at=timezone.now()
    )
    build = PdfBuild.objects.select_related("report__meeting__plan").get(pk=build_id)
    if not claimed:
        return build  # another worker has it, or it already ran
    try:
        doc = report_pdf_document(build.report)
        rendered = render_report_pdf(doc)
        # A final report's page shows from now on the paper its final PDF holds, however
        # the plan's data changes later (a back-dated update, an action's new title).
        page = paper_html(build.report, doc) if build.of_final_report else ""
        # ... and its Word paper, from the same document, kept with the PDF for good.
        word = render_report_word(doc) if build.of_final_report else None
    except (PdfRenderError, ReportError, WordRenderError) as error:
        return _pdf_build_fail(build, str(error))
    except Exception as error:
        logger.exception("PDF build %s failed", build_id)
        return _pdf_build_fail(
            build, f"An unexpected error stopped the build ({type(error).__name__}: {error})."
        )
    with transaction.atomic():
        build.sha256 = hashlib.sha256(rendered.content).hexdigest()
        build.size = len(rendered.content)
        build.page_count = rendered.page_count
        build.render_seconds = round(rendered.render_seconds, 3)
        build.paper_html = page
        build.file.save(build.filename, ContentFile(rendered.content), save=False)
        if word is not None:
            build.word_sha256 = hashlib.sha256(word.content).hexdigest()
            build.word_file.save(build.word_filename, ContentFile(word.content), save=False)
        build.status = PdfBuild.Status.SUCCEEDED
        build.error = ""  # it may have been taken for abandoned meanwhile
        build.finished_at = timezone.now()
        build.full_clean()
        build.save()
        _audit_build_end(build, f"{build.page_count} pages, SHA-256 {build.sha256}")
    return build


def _pdf_build_fail(build: PdfBuild, message: str) -> PdfBuild:
    with transaction.atomic():
        build.status = PdfBuild.Status.FAILED
        build.error = message
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        _audit_build_end(build, message)
    return build


def _audit_build_end(build: PdfBuild, outcome: str) -> None:
    report = build.report
    audit_record(
        kind=AuditEvent.Kind.REPORT_BUILD,
        user=build.requested_by,
        plan=report.meeting.plan,
        detail=f"PDF of “{report.title}” {build.get_status_display().lower()} "
        f"(build {build.pk}): {outcome}",
    )
