"""Whom a plan manager looks after, and fetching one of them for a page.

A plan manager looks after the members of the plans they are a member of, and the active
accounts in no plan at all (new starters), never the people who are only in other
councils' plans. An inactive account in no plan (a placeholder whose actions were handed
on, someone single sign-on let in to await approval) could be any council's, so only
superusers see it, as they see everyone.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from improvement_board.audit import record_refused_write
from improvement_board.roles import require_plan_manager
from plans.models import Organisation, Plan

SUPERUSER_REFUSAL = "Only a superuser can change a superuser's account."


def people_looked_after_by(user) -> QuerySet:
    User = get_user_model()
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    memberships = Plan.members.through.objects
    # Subqueries rather than joins, so nobody is listed twice.
    in_their_plans = memberships.filter(plan__in=Plan.objects.member_of(user)).values("user_id")
    in_any_plan = memberships.filter(user=OuterRef("pk"))
    oversees = Organisation.overseers.through.objects.filter(user=OuterRef("pk"))
    new_starter = Q(is_active=True, is_superuser=False) & ~Exists(in_any_plan) & ~Exists(oversees)
    return User.objects.filter(Q(pk__in=in_their_plans) | new_starter)


def plans_managed_by(user) -> QuerySet:
    """The plans whose membership the person may change: those they are a member of
    that are not archived (an archived plan's people are kept as they were)."""
    return Plan.objects.member_of(user).in_default_lists().select_related("organisation")


def person_for_manager(request: HttpRequest, pk: int, what: str):
    """One of the people the manager looks after: 403 for anyone but a plan manager (and
    for a superuser's account, unless the manager is one), 404 for anyone else's."""
    require_plan_manager(request, f"{what} (not a plan manager)")
    try:
        person = get_object_or_404(people_looked_after_by(request.user), pk=pk)
    except Http404:
        raise Http404("There is nobody at this address among the people you look after.") from None
    if person.is_superuser and not request.user.is_superuser:
        record_refused_write(request, f"{what} (a superuser's account)")
        raise PermissionDenied(SUPERUSER_REFUSAL)
    return person
