"""Fetching plans and sections for a user: outsiders get a 404, never a hint.

Every page that shows one plan has the plan's slug in its address (``plan_slug``); the
plan is fetched among those the person may read, so a slug of another council's plan, or
none at all, is a 404, never another plan.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Value, When
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from improvement_board.audit import record_refused_write
from improvement_board.roles import is_plan_manager, require_plan_manager

from .models import Plan, Section
from .writable import is_member, remember_membership


class NoPlanYet(Http404):
    """Someone signed in who is a member of no plan: the error page says so."""

    heading_for_people = "You are not a member of any plan yet"
    reason_for_people = (
        "There is nothing to show you until you are. Ask a plan manager to add you to the "
        "plan you work on."
    )


def plans_in_order(plans):
    """Active first, then draft, then superseded, then archived; newest first within each."""
    rank = Case(
        When(status=Plan.Status.ACTIVE, then=Value(0)),
        When(status=Plan.Status.DRAFT, then=Value(1)),
        When(status=Plan.Status.SUPERSEDED, then=Value(2)),
        default=Value(3),
    )
    return plans.annotate(rank=rank).order_by("rank", "-start_date", "title", "pk")


def default_plan(user) -> Plan | None:
    """The plan a person most likely means when an address does not say: the newest
    active plan they are a member of, else the newest they may read."""
    for plans in (Plan.objects.member_of(user), Plan.objects.visible_to(user)):
        plan = plans_in_order(plans.in_default_lists()).first()
        if plan is not None:
            return plan
    return None


def plan_for_user(user, slug: str) -> Plan:
    """The plan at ``slug`` among those ``user`` may read (else 404), with its organisation
    and, in the same query, whether the user is one of its members (``writable.is_member``
    then asks nothing more)."""
    plans = Plan.objects.visible_to(user).select_related("organisation")
    if user.is_authenticated:
        members = Plan.members.through.objects.filter(plan=OuterRef("pk"), user=user)
        plans = plans.annotate(user_is_member=Exists(members))
    try:
        plan = get_object_or_404(plans, slug=slug)
    except Http404:
        raise Http404("There is no plan at this address among those you may read.") from None
    if user.is_authenticated:
        remember_membership(plan, user, plan.user_is_member or user.is_superuser)
    return plan


def plan_page(view: Callable) -> Callable:
    """For a view of one plan: the ``plan_slug`` in the address becomes the ``plan`` the
    view is given, fetched among those the person may read (else 404)."""

    @wraps(view)
    def wrapper(request: HttpRequest, plan_slug: str, *args, **kwargs):
        plan = plan_for_user(request.user, plan_slug)
        request.plan = plan
        return view(request, plan, *args, **kwargs)

    return wrapper


def section_for_user(user, plan_slug: str, pk: int) -> Section:
    sections = Section.objects.select_related("plan__organisation", "lead").filter(
        plan__in=Plan.objects.visible_to(user), plan__slug=plan_slug
    )
    return get_object_or_404(sections, pk=pk)


def plan_for_manager(request: HttpRequest, slug: str, what: str = "plan change") -> Plan:
    """A plan a plan manager may shape: 404 to outsiders, 403 to other members and to
    people who only oversee it."""
    plan = plan_for_user(request.user, slug)
    require_plan_manager(request, f"{what} (not a plan manager)", plan=plan)
    if not is_member(request.user, plan):
        record_refused_write(request, f"{what} (overseer, not a member)", plan=plan)
        raise PermissionDenied(
            "You oversee this plan: you can read it, but only its own plan managers shape it."
        )
    return plan


def manages_plan(user, plan: Plan) -> bool:
    """A plan manager who is a member of the plan: overseeing it is not enough."""
    return is_plan_manager(user) and is_member(user, plan)
