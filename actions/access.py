"""Who may read and change an action.

Reads: outsiders (people who are not members of the action's plan) get a 404, never a
hint that the action exists. Writes: members without the right get a 403 and the
attempt is logged; a superseded or archived plan is read-only for everyone, and every
plan for the people who only oversee it (``plans.writable``).
"""

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from improvement_board.audit import record_refused_write
from plans.access import manages_plan
from plans.models import Plan
from plans.writable import is_writable, write_refusal

from .models import Action, Evidence


class Right(Enum):
    """What a write needs, in the words the refusal page uses."""

    UPDATE = "update this action or add evidence to it"
    MANAGE = "edit this action or sign off its completion"
    REMOVE_EVIDENCE = "remove this evidence"


class WriteRefused(PermissionDenied):
    """A write the user may not make; ``reason`` is shown to them on the 403 page."""

    def __init__(self, action: Action, reason: str):
        super().__init__(reason)
        self.action = action
        self.reason = reason


def action_for_user(user, pk: int, plan_slug: str) -> Action:
    """An action of the plan at ``plan_slug`` that the user may read, else 404."""
    actions = Action.objects.select_related("plan__organisation", "section", "lead").filter(
        plan__in=Plan.objects.visible_to(user), plan__slug=plan_slug
    )
    return get_object_or_404(actions, pk=pk)


def evidence_for_user(user, pk: int, plan_slug: str) -> Evidence:
    evidence = Evidence.objects.select_related(
        "action__plan__organisation", "action__section"
    ).filter(action__plan__in=Plan.objects.visible_to(user), action__plan__slug=plan_slug)
    return get_object_or_404(evidence, pk=pk)


def plan_slug_of_action(user, pk: int) -> str:
    """For old action addresses (plans/addresses.py)."""
    actions = Action.objects.filter(plan__in=Plan.objects.visible_to(user))
    return get_object_or_404(actions.values_list("plan__slug", flat=True), pk=pk)


def plan_slug_of_evidence(user, pk: int) -> str:
    evidence = Evidence.objects.filter(action__plan__in=Plan.objects.visible_to(user))
    return get_object_or_404(evidence.values_list("action__plan__slug", flat=True), pk=pk)


def is_action_owner(user, action: Action) -> bool:
    """The lead or a named delegate."""
    if not user.is_authenticated:
        return False
    if action.lead_id == user.pk:
        return True
    # Views that list delegates prefetch them; use that rather than ask again.
    cached = getattr(action, "_prefetched_objects_cache", {}).get("delegates")
    if cached is not None:
        return any(delegate.pk == user.pk for delegate in cached)
    return action.delegates.filter(pk=user.pk).exists()


def manages_plan_of(user, action: Action) -> bool:
    return manages_plan(user, action.plan)


def may_update(user, action: Action) -> bool:
    return is_action_owner(user, action) or manages_plan_of(user, action)


def may_manage(user, action: Action) -> bool:
    return manages_plan_of(user, action)


def may_remove_evidence(user, evidence: Evidence) -> bool:
    return evidence.added_by_id == user.pk or manages_plan_of(user, evidence.action)


def is_read_only(action: Action) -> bool:
    return not is_writable(action.plan)


def check_write(request, action: Action, right: Right, allowed: bool) -> None:
    """Raise ``WriteRefused`` (a 403) unless the plan is writable (``plans.writable``)
    and the write is allowed, and log refusals."""
    refusal = write_refusal(action.plan, request.user)
    if refusal is not None:
        reason = refusal.reason
        why = (
            ": not a member"
            if refusal.overseer
            else f": plan {action.plan.get_status_display().lower()}"
        )
    elif not allowed:
        reason, why = f"You do not have permission to {right.value}.", ""
    else:
        return
    record_refused_write(
        request, f"action {action.reference} ({right.name.lower()}){why}", plan=action.plan
    )
    raise WriteRefused(action, reason)


def action_for_writer(request, pk: int, right: Right, plan_slug: str) -> Action:
    """The action, if the user may make this write to it: else 404 or ``WriteRefused``."""
    action = action_for_user(request.user, pk, plan_slug)
    allowed = (
        may_manage(request.user, action)
        if right is Right.MANAGE
        else (may_update(request.user, action))
    )
    check_write(request, action, right, allowed)
    return action


def evidence_for_remover(request, pk: int, plan_slug: str) -> Evidence:
    evidence = evidence_for_user(request.user, pk, plan_slug)
    check_write(
        request,
        evidence.action,
        Right.REMOVE_EVIDENCE,
        may_remove_evidence(request.user, evidence),
    )
    return evidence
