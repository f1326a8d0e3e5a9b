from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from actions.models import Action
from improvement_board.as_at import as_at_from_request
from plans.access import plan_for_request, section_for_user
from plans.models import Plan

from .summary import plan_summary


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    plan = plan_for_request(request)
    as_at = as_at_from_request(request)
    plan_not_started = as_at.date < plan.start_date
    summary = None if plan_not_started else plan_summary(plan, as_at.date)
    return render(
        request,
        "reports/dashboard.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "as_at": as_at,
            "plan_not_started": plan_not_started,
            "summary": summary,
            "other_plans": Plan.objects.visible_to(request.user).exclude(pk=plan.pk),
        },
    )


@login_required
def section_detail(request: HttpRequest, pk: int) -> HttpResponse:
    section = section_for_user(request.user, pk)
    as_at = as_at_from_request(request)
    actions = (
        Action.objects.filter(section=section)
        .in_plan_as_at(as_at.date)
        .with_state_as_at(as_at.date)
        .select_related("lead")
        .order_by("reference")
    )
    return render(
        request,
        "reports/section_detail.html",
        {
            "section": section,
            "plan": section.plan,
            "organisation_name": section.plan.organisation,
            "as_at": as_at,
            "actions": actions,
        },
    )
