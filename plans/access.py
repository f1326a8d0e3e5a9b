"""Fetching plans and sections for a user: outsiders get a 404, never a hint."""

from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from improvement_board.roles import require_plan_manager

from .models import Plan, Section


class NoPlanYet(Http404):
    """Someone signed in who is a member of no plan: the error page says so."""

    heading_for_people = "You are not a member of any plan yet"
    reason_for_people = (
        "There is nothing to show you until you are. Ask a plan manager to add you to the "
        "plan you work on."
    )


def plan_for_request(request: HttpRequest) -> Plan:
    """The plan named by ``?plan=slug``, else the user's newest active plan."""
    plans = Plan.objects.visible_to(request.user)
    slug = request.GET.get("plan", "").strip()
    if slug:
        return get_object_or_404(plans, slug=slug)
    # Active first, then draft, then superseded; newest first within each.
    rank = Case(
        When(status=Plan.Status.ACTIVE, then=Value(0)),
        When(status=Plan.Status.DRAFT, then=Value(1)),
        default=Value(2),
    )
    plan = plans.annotate(rank=rank).order_by("rank", "-start_date", "pk").first()
    if plan is None:
        raise NoPlanYet("You are not a member of any plan yet.")
    return plan


def section_for_user(user, pk: int) -> Section:
    sections = Section.objects.select_related("plan", "lead").filter(
        plan__in=Plan.objects.visible_to(user)
    )
    return get_object_or_404(sections, pk=pk)


def plan_for_manager(request: HttpRequest, slug: str, what: str = "plan change") -> Plan:
    """A plan a plan manager may shape: 404 to outsiders, 403 to other members."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), slug=slug)
    require_plan_manager(request, f"{what} (not a plan manager)", plan=plan)
    return plan
