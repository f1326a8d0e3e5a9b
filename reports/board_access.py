"""Fetching Board reports and their PDFs for a user.

Plan managers write and see drafts. Every other member of the plan (Board members,
action owners) may read final reports and download their final PDFs: a draft does not
exist for them, so it answers 404 like anything outside their plans. A read-only user
asking to change a report they can see gets 403, and the attempt is logged.
"""

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from improvement_board.roles import is_plan_manager, require_plan_manager
from plans.access import manages_plan
from plans.models import Plan
from plans.writable import check_plan_writable

from .models import BoardReport, PdfBuild

WRITERS_ONLY = "Only plan managers can change Board reports."


def report_for_user(user, pk: int, plan_slug: str) -> BoardReport:
    """A report of the plan at ``plan_slug`` the user may read: a draft only for the
    plan's own managers; anything else is a 404."""
    reports = BoardReport.objects.select_related("meeting__plan__organisation").filter(
        meeting__plan__in=Plan.objects.visible_to(user), meeting__plan__slug=plan_slug
    )
    if not is_plan_manager(user):
        reports = reports.final()
    report = get_object_or_404(reports, pk=pk)
    if not report.is_final and not manages_plan(user, report.plan):
        raise Http404("No such report.")
    return report


def plan_slug_of_report(user, pk: int) -> str:
    """For old report addresses (plans/addresses.py)."""
    reports = BoardReport.objects.filter(meeting__plan__in=Plan.objects.visible_to(user))
    return get_object_or_404(reports.values_list("meeting__plan__slug", flat=True), pk=pk)


def plan_slug_of_build(user, pk: int) -> str:
    builds = PdfBuild.objects.filter(report__meeting__plan__in=Plan.objects.visible_to(user))
    return get_object_or_404(builds.values_list("report__meeting__plan__slug", flat=True), pk=pk)


def latest_final_paper():
    """For a plan queryset's ``annotate``: the newest final report with a built PDF, by
    meeting date (the one the dashboard links to)."""
    papers = (
        BoardReport.objects.final()
        .filter(meeting__plan=OuterRef("pk"), builds__of_final_report=True)
        .filter(builds__status=PdfBuild.Status.SUCCEEDED)
        .order_by("-meeting__date", "-as_at", "-pk")
        .values("pk")[:1]
    )
    return Subquery(papers)


def report_for_writer(request, pk: int, plan_slug: str) -> BoardReport:
    """A report the user may change: 404 to those who may not see it, 403 to readers
    and to everyone once its plan is superseded (``plans.writable``)."""
    report = report_for_user(request.user, pk, plan_slug)
    require_plan_manager(request, f"report={pk}", WRITERS_ONLY, plan=report.meeting.plan)
    check_plan_writable(report.meeting.plan, request, f"report={pk}")
    return report


def build_for_user(user, pk: int, plan_slug: str) -> PdfBuild:
    builds = (
        PdfBuild.objects.select_related("report__meeting__plan__organisation", "requested_by")
        .filter(
            report__meeting__plan__in=Plan.objects.visible_to(user),
            report__meeting__plan__slug=plan_slug,
        )
        .defer("paper_html")
    )
    if not is_plan_manager(user):
        builds = builds.filter(of_final_report=True, report__status=BoardReport.Status.FINAL)
    build = get_object_or_404(builds, pk=pk)
    if not (build.of_final_report and build.report.is_final) and not manages_plan(
        user, build.report.plan
    ):
        raise Http404("No such build.")
    return build
