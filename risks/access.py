"""Who may read and change a risk or issue.

Reads: the plan's readers (members and overseers); outsiders get a 404. Writes: plan
managers of the plan raise and edit any; an owner updates only the ones they own; anyone
else among the plan's readers gets a 403, and the refusal is on the audit trail. A
superseded or archived plan is read-only for everyone (``plans.writable``).
"""

from enum import Enum

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from improvement_board.audit import record_refused_write
from plans.access import manages_plan
from plans.models import Plan
from plans.writable import is_writable, write_refusal

from .models import Risk


class Right(Enum):
    UPDATE = "update this risk or issue"
    MANAGE = "edit this risk or issue"


def risk_for_user(user, pk: int, plan_slug: str) -> Risk:
    """A risk or issue of the plan at ``plan_slug`` that the user may read, else 404."""
    risks = Risk.objects.select_related("plan__organisation", "owner").filter(
        plan__in=Plan.objects.visible_to(user), plan__slug=plan_slug
    )
    return get_object_or_404(risks, pk=pk)


def may_update(user, risk: Risk) -> bool:
    return risk.owner_id == user.pk or manages_plan(user, risk.plan)


def may_manage(user, risk: Risk) -> bool:
    return manages_plan(user, risk.plan)


def is_read_only(risk: Risk) -> bool:
    return not is_writable(risk.plan)


def risk_for_writer(request, pk: int, right: Right, plan_slug: str) -> Risk:
    """The risk, if the user may make this write to it: else 404 or 403 (logged)."""
    risk = risk_for_user(request.user, pk, plan_slug)
    allowed = (may_manage if right is Right.MANAGE else may_update)(request.user, risk)
    refusal = write_refusal(risk.plan, request.user)
    if refusal is None and allowed:
        return risk
    reason = refusal.reason if refusal else f"You do not have permission to {right.value}."
    record_refused_write(request, f"risk {risk.reference} ({right.name.lower()})", plan=risk.plan)
    raise PermissionDenied(reason)
