"""A plan's life after it starts: archived when its work is done (kept, readable and
reportable, out of the lists people choose from) and deleted only while it is a draft
with no Board papers (a test plan, a wrong import).

Apps above this one may have reasons to refuse: the reports app refuses archiving while a
paper is being built and deleting a plan that has Board papers. They say so by answering
the signals below (each receiver returns a reason, or None), so this module needs to know
nothing of them.
"""

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.dispatch import Signal

from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent

from .models import Plan
from .revisions import revise
from .writable import check_plan_writable

# Receivers: ``def refuse(sender, plan, **kwargs) -> str | None``.
archive_refusals = Signal()
delete_refusals = Signal()
# Sent inside the deletion's transaction, before the plan goes: an app removes what the
# database cascade cannot (rows that protect each other, stored files after commit).
plan_deleting = Signal()


def _refusals(signal: Signal, plan: Plan) -> list[str]:
    return [reason for _, reason in signal.send(sender=Plan, plan=plan) if reason]


def plan_archive(*, plan: Plan, request) -> Plan:
    """Archive the plan: read-only from now on, out of default lists; nothing is removed."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        check_plan_writable(plan, request, "archiving the plan")
        revise(plan, because="the plan archived")
        reasons = _refusals(archive_refusals, plan)
        if reasons:
            raise ValidationError(reasons)
        before = plan.get_status_display().lower()
        plan.status = Plan.Status.ARCHIVED
        plan.save(update_fields=["status"])
        audit_record(
            kind=AuditEvent.Kind.PLAN_ARCHIVED,
            request=request,
            plan=plan,
            detail=f"archived (was {before})",
        )
    return plan


def plan_unarchive(*, plan: Plan, request) -> Plan:
    """Bring an archived plan back into use, as an active plan."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Plan.Status.ARCHIVED:
            raise ValidationError("This plan is not archived.")
        revise(plan, because="the plan brought back from the archive")
        plan.status = Plan.Status.ACTIVE
        plan.save(update_fields=["status"])
        audit_record(
            kind=AuditEvent.Kind.PLAN_ARCHIVED,
            request=request,
            plan=plan,
            detail="brought back from the archive (now active)",
        )
    return plan


def plan_activate(*, plan: Plan, request) -> Plan:
    """Make a draft plan active: the plan people work on."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        check_plan_writable(plan, request, "making the plan active")
        if plan.status != Plan.Status.DRAFT:
            raise ValidationError("Only a draft plan can be made active.")
        revise(plan, because="the plan made active")
        plan.status = Plan.Status.ACTIVE
        plan.save(update_fields=["status"])
    return plan


def deletion_refusals(plan: Plan) -> list[str]:
    reasons = []
    if plan.status != Plan.Status.DRAFT:
        reasons.append(
            f"Only a draft plan can be deleted; this plan is {plan.get_status_display().lower()}."
            + (
                " Archive it instead: it stays readable."
                if plan.status == Plan.Status.ACTIVE
                else ""
            )
        )
    if plan.successors.exists():
        reasons.append("A newer plan was refreshed from this one, so it is kept as its record.")
    return reasons + _refusals(delete_refusals, plan)


def deletion_summary(plan: Plan) -> list[tuple[str, int]]:
    """What deleting the plan removes with it: each kind of record and how many, in the
    words of its model, e.g. ("actions", 10). The plan's people keep their accounts."""
    collector = NestedObjects(using=router.db_for_write(Plan))
    collector.collect([plan])
    counts: dict[str, int] = {}
    for model, rows in collector.model_objs.items():
        if model is Plan or model._meta.auto_created:
            continue
        counts[str(model._meta.verbose_name_plural)] = len(rows)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def plan_delete(*, plan: Plan, request) -> str:
    """Delete a draft plan with no Board papers and everything in it; the audit trail
    keeps the fact, with what went. Returns the plan's title."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        reasons = deletion_refusals(plan)
        if reasons:
            raise ValidationError(reasons)
        summary = deletion_summary(plan)
        gone = ", ".join(f"{count} {label}" for label, count in summary) or "nothing else"
        audit_record(
            kind=AuditEvent.Kind.PLAN_DELETED,
            request=request,
            plan=plan,
            detail=f"deleted draft plan “{plan.title}” of {plan.organisation.name}, with {gone}",
        )
        title = plan.title
        plan_deleting.send(sender=Plan, plan=plan)
        plan.delete()
    return title
