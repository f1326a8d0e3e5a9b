"""The one check every write makes: may this plan change, and may this person change it?

A superseded plan is kept exactly as it was when it was refreshed, and an archived plan
as it was when it was put away, so past Board papers can be reproduced: nothing in them
can change, whoever asks and in whichever app. And only the plan's members change it: an
overseer reads the plans of the organisations they are given and changes nothing, even
if they hold a role that writes elsewhere. Every write service calls
``check_plan_writable`` on the plan it writes to (inside its transaction, after locking),
and every view that opens a write form calls it before showing the form, with the
request, so the person is checked and a refusal is on the audit trail.

A refusal is a ``PermissionDenied`` (403). ``PlanReadOnlyMiddleware`` answers it with
the page that says why and where the plan continues; the action pages answer it with
their own refusal page (actions/access.py).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .models import Plan

_REASONS = {
    Plan.Status.SUPERSEDED: "“{title}” has been superseded by a newer plan. It is kept as a "
    "record and can no longer be changed.",
    Plan.Status.ARCHIVED: "“{title}” has been archived. It is kept as a record and can no "
    "longer be changed.",
}
OVERSEER_REASON = (
    "You oversee “{title}”: you can read it, its dashboards and its Board papers, but only "
    "the plan's own members change it."
)


class PlanReadOnlyError(PermissionDenied):
    """The plan cannot change (superseded or archived), or not by this person."""

    def __init__(self, plan: Plan, *, overseer: bool = False):
        template = (
            OVERSEER_REASON
            if overseer
            else _REASONS.get(plan.status, _REASONS[Plan.Status.SUPERSEDED])
        )
        self.reason = template.format(title=plan.title)
        self.overseer = overseer
        super().__init__(self.reason)
        self.plan = plan


def is_writable(plan: Plan) -> bool:
    return plan.status not in (Plan.Status.SUPERSEDED, Plan.Status.ARCHIVED)


def is_member(user, plan: Plan) -> bool:
    """Whether the person belongs to the plan (superusers belong everywhere). Kept on the
    plan object per person, so a page asking several times costs one query."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = plan.__dict__.setdefault("_member_cache", {})
    if user.pk not in cache:
        cache[user.pk] = plan.members.filter(pk=user.pk).exists()
    return cache[user.pk]


def remember_membership(plan: Plan, user, member: bool) -> None:
    """Record on ``plan`` whether ``user`` is a member, when a query already said so."""
    plan.__dict__.setdefault("_member_cache", {})[user.pk] = member


def write_refusal(plan: Plan, user=None) -> PlanReadOnlyError | None:
    """Why ``user`` (or anyone, without a user) may not change the plan, or None."""
    if not is_writable(plan):
        return PlanReadOnlyError(plan)
    if user is not None and not is_member(user, plan):
        return PlanReadOnlyError(plan, overseer=True)
    return None


def check_plan_writable(plan: Plan, request=None, what: str = "") -> None:
    """Raise ``PlanReadOnlyError`` unless the plan can change (and, with ``request``,
    unless its person is a member); with ``request``, the refused attempt at ``what``
    goes to the audit trail."""
    refusal = write_refusal(plan, request.user if request is not None else None)
    if refusal is None:
        return
    if request is not None:
        # Imported here: the audit trail's models load after the plans.
        from improvement_board.audit import record_refused_write

        why = "not a member" if refusal.overseer else f"plan {plan.get_status_display().lower()}"
        record_refused_write(request, f"{what or 'change'} in plan {plan.slug}: {why}", plan=plan)
    raise refusal


def read_only_page(request, plan: Plan, reason: str = ""):
    return render(
        request,
        "plans/plan_read_only.html",
        {
            "plan": plan,
            "reason": reason or PlanReadOnlyError(plan).reason,
            "successors": plan.successors.all(),
        },
        status=403,
    )


class PlanReadOnlyMiddleware:
    """Answers a write refused by ``check_plan_writable`` with the page that says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PlanReadOnlyError):
            return read_only_page(request, exception.plan, exception.reason)
        return None
