"""The one check every write makes: is the plan writable?

A superseded plan is kept exactly as it was when it was refreshed, so past Board papers
can be reproduced: nothing in it can change, whoever asks and in whichever app. Every
write service calls ``check_plan_writable`` on the plan it writes to (inside its
transaction, after locking), and every view that opens a write form calls it before
showing the form, with the request, so the refusal is on the audit trail.

A refusal is a ``PermissionDenied`` (403). ``PlanReadOnlyMiddleware`` answers it with
the page that says why and where the plan continues; the action pages answer it with
their own refusal page (actions/access.py).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .models import Plan


class PlanReadOnlyError(PermissionDenied):
    """The plan has been superseded by a refreshed version; it is kept as it was."""

    def __init__(self, plan: Plan):
        self.reason = (
            f"“{plan.title}” has been superseded by a newer plan. It is kept as a record and "
            "can no longer be changed."
        )
        super().__init__(self.reason)
        self.plan = plan


def is_writable(plan: Plan) -> bool:
    return plan.status != Plan.Status.SUPERSEDED


def check_plan_writable(plan: Plan, request=None, what: str = "") -> None:
    """Raise ``PlanReadOnlyError`` unless the plan can change; with ``request``, the
    refused attempt at ``what`` goes to the audit trail."""
    if is_writable(plan):
        return
    if request is not None:
        # Imported here: the audit trail's models load after the plans.
        from improvement_board.audit import record_refused_write

        record_refused_write(request, f"{what or 'change'} in plan {plan.slug}: plan superseded")
    raise PlanReadOnlyError(plan)


def read_only_page(request, plan: Plan):
    return render(
        request,
        "plans/plan_read_only.html",
        {"plan": plan, "organisation_name": plan.organisation, "successors": plan.successors.all()},
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
            return read_only_page(request, exception.plan)
        return None
