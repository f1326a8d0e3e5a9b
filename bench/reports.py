"""The Board report parts of the benchmark: the preview page and the PDF build timing."""

import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from demo.content import BOARD_DATE, PLAN_SLUG
from plans.models import Plan

from .pages import Skip

# As the real paper of 23 April 2020 has them.
DEMO_AUTHORS = (
    "Jean Imray, Assistant Director\nSue Brunton-Reed, Head of Special Projects and Improvement"
)


def preview_path(plan: Plan) -> str:
    """The report page with its preview, for the plan's latest report."""
    from reports.models import BoardReport

    report = BoardReport.objects.for_plan(plan).order_by("-as_at", "-pk").first()
    if report is None:
        raise Skip(f"{plan.slug} has no Board report (run generate_scale_data again)")
    try:
        return reverse("reports:board_report", args=[report.plan.slug, report.pk])
    except NoReverseMatch:
        raise Skip("no URL named 'reports:board_report' yet") from None


def demo_report():
    """The demo plan's Board report of 23 April 2020, made as a plan manager would if the
    demo does not have one."""
    from reports.models import BoardReport
    from reports.services import board_meeting_create, board_report_create

    plan = Plan.objects.get(slug=PLAN_SLUG)
    report = (
        BoardReport.objects.for_plan(plan)
        .filter(as_at=BOARD_DATE, kind=BoardReport.Kind.PROGRESS)
        .order_by("pk")
        .first()
    )
    if report is not None:
        return report
    meeting = plan.board_meetings.filter(date=BOARD_DATE).first() or board_meeting_create(
        plan=plan,
        date=BOARD_DATE,
        title="Improvement Board",
        board_name="Children's Improvement Board",
    )
    return board_report_create(
        meeting=meeting,
        kind="progress",
        title="Improvement Plan progress update",
        as_at=BOARD_DATE,
        period_start=datetime.date(2019, 10, 1),
        authors=DEMO_AUTHORS,
        created_by=get_user_model().objects.get(username="manager"),
    )


def draft_demo_report():
    """A draft report on the demo plan: a final one refuses further PDF builds."""
    from reports.models import BoardReport

    plan = Plan.objects.get(slug=PLAN_SLUG)
    draft = BoardReport.objects.for_plan(plan).filter(status=BoardReport.Status.DRAFT).first()
    if draft is not None:
        return draft
    report = demo_report()
    if not report.is_final:
        return report
    from reports.services import board_meeting_create, board_report_create

    meeting = board_meeting_create(
        plan=plan,
        date=datetime.date(2020, 3, 26),
        title="Improvement Board",
        board_name="Children's Improvement Board",
    )
    return board_report_create(
        meeting=meeting,
        kind="progress",
        title="Improvement Plan progress update",
        as_at=meeting.date,
        period_start=datetime.date(2019, 10, 1),
        authors=DEMO_AUTHORS,
        created_by=get_user_model().objects.get(username="manager"),
    )


def largest_plan_report():
    """The draft Board report of the largest generated plan (with its appendix)."""
    from reports.models import BoardReport

    from .pages import Fixtures

    plan = Fixtures.find().large
    return BoardReport.objects.for_plan(plan).order_by("-as_at", "-pk").first()


def time_pdf_build(*, runs: int, which: str = "demo") -> dict:
    """A Board paper's PDF (``which``: the demo report, or the largest plan's with its
    appendix): the whole build as the task worker runs it, against WeasyPrint alone
    rendering the HTML that build renders, with the same options.

    Runs alternate, so a burst of load elsewhere on the machine falls on both alike; the
    first of each warms up (fonts, templates) and is not counted.
    """
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher

        from reports.models import PdfBuild
        from reports.pdf import PDF_VARIANT, document_html, print_stylesheet
        from reports.report_content import report_document
        from reports.services import pdf_build_run
    except ImportError as error:
        return {"skipped": f"the Board report PDF build is not there yet ({error})"}

    report = demo_report() if which == "demo" else largest_plan_report()
    if report is None:
        return {"skipped": "the largest plan has no Board report"}
    manager = report.created_by or get_user_model().objects.get(username="manager")
    html = document_html(report_document(report))
    stylesheet = print_stylesheet()

    def weasyprint_alone() -> bytes:
        fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        document = HTML(string=html, url_fetcher=fetcher, base_url="data:,").render(
            stylesheets=[CSS(string=stylesheet, url_fetcher=fetcher)], pdf_variant=PDF_VARIANT
        )
        return document.write_pdf(pdf_variant=PDF_VARIANT)

    builds, alone, pages = [], [], None
    for run in range(runs + 1):
        build = PdfBuild.objects.create(report=report, requested_by=manager)
        started = time.perf_counter()
        build = pdf_build_run(build_id=build.pk)
        build_seconds = time.perf_counter() - started
        if build.status != PdfBuild.Status.SUCCEEDED:
            return {"skipped": f"the demo report's PDF build failed: {build.error}"}
        started = time.perf_counter()
        weasyprint_alone()
        alone_seconds = time.perf_counter() - started
        if run:
            builds.append(build_seconds)
            alone.append(alone_seconds)
        pages = build.page_count
    build_ms = statistics.median(builds) * 1000
    alone_ms = statistics.median(alone) * 1000
    return {
        "plan": report.meeting.plan.slug,
        "report": report.title,
        "as_at": report.as_at.isoformat(),
        "pages": pages,
        "runs": runs,
        "build_ms": round(build_ms, 1),
        "weasyprint_ms": round(alone_ms, 1),
        "ratio": round(build_ms / alone_ms, 3),
        "build_runs_ms": [round(s * 1000, 1) for s in builds],
        "weasyprint_runs_ms": [round(s * 1000, 1) for s in alone],
    }
