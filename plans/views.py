from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from improvement_board.roles import require_plan_manager

from .access import plan_for_manager
from .models import Plan

# --- Plans -------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "managing plans (not a plan manager)")
    plans = list(
        Plan.objects.visible_to(request.user)
        .select_related("predecessor")
        .annotate(action_count=Count("actions"))
    )
    # The header names the council when every plan listed is one council's.
    councils = {plan.organisation for plan in plans}
    organisation_name = councils.pop() if len(councils) == 1 else ""
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "organisation_name": organisation_name},
    )


@login_required
def plan_manage(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "managing a plan")
    return render(
        request,
        "plans/plan_manage.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "section_count": plan.sections.count(),
            "action_count": plan.actions.count(),
            "recommendation_count": plan.recommendations.count(),
            "placeholder_count": plan.members.filter(is_active=False).count(),
            "carried_over": plan.carried_over_count() if plan.predecessor_id else 0,
            "successors": plan.successors.all(),
        },
    )
