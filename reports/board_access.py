"""Fetching Board reports and their PDFs for a user.

Plan managers write and see drafts. Every other member of the plan (Board members,
action owners) may read final reports and download their final PDFs: a draft does not
exist for them, so it answers 404 like anything outside their plans. A read-only user
asking to change a report they can see gets 403, and the attempt is logged.
"""

from django.shortcuts import get_object_or_404

from improvement_board.roles import is_plan_manager, require_plan_manager
from plans.models import Plan
from plans.writable import check_plan_writable

from .models import BoardReport, PdfBuild

WRITERS_ONLY = "Only plan managers can change Board reports."


def report_for_user(user, pk: int) -> BoardReport:
    reports = BoardReport.objects.select_related("meeting__plan").filter(
        meeting__plan__in=Plan.objects.visible_to(user)
    )
    if not is_plan_manager(user):
        reports = reports.final()
    return get_object_or_404(reports, pk=pk)


def report_for_writer(request, pk: int) -> BoardReport:
    """A report the user may change: 404 to those who may not see it, 403 to readers
    and to everyone once its plan is superseded (``plans.writable``)."""
    report = report_for_user(request.user, pk)
    require_plan_manager(request, f"report={pk}", WRITERS_ONLY, plan=report.meeting.plan)
    check_plan_writable(report.meeting.plan, request, f"report={pk}")
    return report


def build_for_user(user, pk: int) -> PdfBuild:
    builds = (
        PdfBuild.objects.select_related("report__meeting__plan", "requested_by")
        .filter(report__meeting__plan__in=Plan.objects.visible_to(user))
        .defer("paper_html")
    )
    if not is_plan_manager(user):
        builds = builds.filter(of_final_report=True, report__status=BoardReport.Status.FINAL)
    return get_object_or_404(builds, pk=pk)
