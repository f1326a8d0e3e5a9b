from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from improvement_board.roles import require_plan_manager

from . import lifecycle
from .access import plan_for_manager, plans_in_order
from .models import Plan
from .writable import check_plan_writable

# --- Plans -------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "managing plans (not a plan manager)")
    plans = list(
        plans_in_order(Plan.objects.member_of(request.user))
        .select_related("predecessor", "organisation")
        .annotate(action_count=Count("actions"))
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": [plan for plan in plans if plan.status != Plan.Status.ARCHIVED],
            "archived": [plan for plan in plans if plan.status == Plan.Status.ARCHIVED],
        },
    )


@login_required
def plan_manage(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "managing a plan")
    return render(
        request,
        "plans/plan_manage.html",
        {
            "plan": plan,
            "section_count": plan.sections.count(),
            "action_count": plan.actions.count(),
            "recommendation_count": plan.findings.count(),
            "placeholder_count": plan.members.filter(is_active=False).count(),
            "carried_over": plan.carried_over_count() if plan.predecessor_id else 0,
            "successors": plan.successors.all(),
            "deletable": not lifecycle.deletion_refusals(plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_archive(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Archive the plan, or bring it back: a confirmation page, then the change."""
    plan = plan_for_manager(request, plan_slug, "archiving a plan")
    archived = plan.status == Plan.Status.ARCHIVED
    if not archived:
        check_plan_writable(plan, request, "archiving the plan")
    errors: list[str] = []
    if request.method == "POST":
        try:
            if archived:
                lifecycle.plan_unarchive(plan=plan, request=request)
                messages.success(request, f"“{plan.title}” is active again.")
            else:
                lifecycle.plan_archive(plan=plan, request=request)
                messages.success(
                    request,
                    f"“{plan.title}” is archived. It is kept, read-only, with its Board papers.",
                )
            return redirect("plans:manage", plan_slug=plan.slug)
        except ValidationError as error:
            errors = error.messages
    return render(
        request,
        "plans/plan_archive.html",
        {"plan": plan, "archived": archived, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Delete a draft plan with no Board papers, after a page naming what will go."""
    plan = plan_for_manager(request, plan_slug, "deleting a plan")
    refusals = lifecycle.deletion_refusals(plan)
    if request.method == "POST" and not refusals:
        try:
            title = lifecycle.plan_delete(plan=plan, request=request)
        except ValidationError as error:
            refusals = error.messages
        else:
            messages.success(request, f"“{title}” and everything in it have been deleted.")
            return redirect("plans:plan_list")
    return render(
        request,
        "plans/plan_delete.html",
        {
            "plan": plan,
            "refusals": refusals,
            "summary": [] if refusals else lifecycle.deletion_summary(plan),
        },
        status=400 if refusals and request.method == "POST" else 200,
    )


@login_required
@require_POST
def plan_activate(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "making a plan active")
    try:
        lifecycle.plan_activate(plan=plan, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{plan.title}” is active.")
    return redirect("plans:manage", plan_slug=plan.slug)
