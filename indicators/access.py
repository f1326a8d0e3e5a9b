"""Fetching indicators for a user: outsiders get a 404, read-only members a 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from improvement_board.audit import record_refused_write
from improvement_board.roles import Role, has_role
from plans.models import Plan
from plans.writable import check_plan_writable

from .models import Indicator, IndicatorQuerySet


def indicator_for_user(user, pk: int, plan_slug: str) -> Indicator:
    indicators = Indicator.objects.select_related("plan__organisation", "owner").filter(
        plan__in=Plan.objects.visible_to(user), plan__slug=plan_slug
    )
    return get_object_or_404(indicators, pk=pk)


def plan_slug_of_indicator(user, pk: int) -> str:
    """For old indicator addresses (plans/addresses.py)."""
    indicators = Indicator.objects.filter(plan__in=Plan.objects.visible_to(user))
    return get_object_or_404(indicators.values_list("plan__slug", flat=True), pk=pk)


def may_enter_values(user) -> bool:
    return has_role(user, Role.PLAN_MANAGER) or has_role(user, Role.ACTION_OWNER)


def may_enter_values_for(user, indicator: Indicator) -> bool:
    """The rule of ``IndicatorQuerySet.enterable_by`` for one indicator, without a query."""
    if has_role(user, Role.PLAN_MANAGER):
        return True
    return has_role(user, Role.ACTION_OWNER) and indicator.owner_id == user.pk


def indicators_for_entry(request, plan: Plan) -> IndicatorQuerySet:
    """The plan's indicators the user may enter values for; 403 for read-only members.

    The plan must already have been fetched for the user (so outsiders got their 404).
    An action owner who owns no indicator gets an empty set, not a refusal: the page
    tells them so.
    """
    if not may_enter_values(request.user):
        record_refused_write(
            request, f"indicator values in plan {plan.slug} (read-only)", plan=plan
        )
        raise PermissionDenied("Board members read the scorecard; they do not enter values.")
    check_plan_writable(plan, request, "indicator values")
    return Indicator.objects.in_plan(plan).enterable_by(request.user)
