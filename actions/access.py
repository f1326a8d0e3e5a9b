"""Who may read and change an action.

Reads: outsiders (people who are not members of the action's plan) get a 404, never a
hint that the action exists. Writes: members without the right get a 403 and the
attempt is logged; a superseded plan is read-only for everyone.
"""

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from improvement_board.audit import record_refused_write
from improvement_board.roles import is_plan_manager
from plans.models import Plan
from plans.writable import PlanReadOnlyError, is_writable

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


def action_for_user(user, pk: int) -> Action:
    actions = Action.objects.select_related("plan", "section", "lead").filter(
        plan__in=Plan.objects.visible_to(user)
    )
    return get_object_or_404(actions, pk=pk)


def evidence_for_user(user, pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("action__plan", "action__section").filter(
        action__plan__in=Plan.objects.visible_to(user)
    )
    return get_object_or_404(evidence, pk=pk)


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


def may_update(user, action: Action) -> bool:
    return is_plan_manager(user) or is_action_owner(user, action)


def may_manage(user, action: Action) -> bool:
    return is_plan_manager(user)


def may_remove_evidence(user, evidence: Evidence) -> bool:
    return is_plan_manager(user) or evidence.added_by_id == user.pk


def is_read_only(action: Action) -> bool:
    return not is_writable(action.plan)


def check_write(request, action: Action, right: Right, allowed: bool) -> None:
    """Raise ``WriteRefused`` (a 403) unless the plan is writable (``plans.writable``)
    and the write is allowed, and log refusals."""
    if is_read_only(action):
        reason = PlanReadOnlyError(action.plan).reason
    elif not allowed:
        reason = f"You do not have permission to {right.value}."
    else:
        return
    record_refused_write(
        request,
        f"action {action.reference} ({right.name.lower()})"
        + (": plan superseded" if is_read_only(action) else ""),
        plan=action.plan,
    )
    raise WriteRefused(action, reason)


def action_for_writer(request, pk: int, right: Right) -> Action:
    """The action, if the user may make this write to it: else 404 or ``WriteRefused``."""
    action = action_for_user(request.user, pk)
    allowed = (
        may_manage(request.user, action)
        if right is Right.MANAGE
        else (may_update(request.user, action))
    )
    check_write(request, action, right, allowed)
    return action


def evidence_for_remover(request, pk: int) -> Evidence:
    evidence = evidence_for_user(request.user, pk)
    check_write(
        request,
        evidence.action,
        Right.REMOVE_EVIDENCE,
        may_remove_evidence(request.user, evidence),
    )
    return evidence
