"""Writes to the risk and issue log. Each runs in one transaction, checks first that the
plan is writable, and leaves an audit event ("risk") saying what changed."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actions.models import Action
from improvement_board.audit import audit_record
from improvement_board.conflicts import EditConflict, check_version
from improvement_board.models import AuditEvent
from plans.models import Plan
from plans.revisions import revise
from plans.writable import check_plan_writable

from .models import Risk, RiskChange, RiskStatus, RiskUpdate


class StaleRiskError(EditConflict):
    """The risk changed after the form was opened; nothing was written."""

    def __init__(self, risk: Risk):
        super().__init__(f"{risk.get_kind_display()} {risk.reference} was changed by someone else.")
        self.risk = risk


def _check_actions(plan: Plan, actions: Iterable[Action]) -> list[Action]:
    actions = list(actions)
    if any(action.plan_id != plan.pk for action in actions):
        raise ValidationError({"actions": "Choose only actions of this plan."})
    return actions


def _lock(risk: Risk, request, what: str, expected_version: int | None) -> Risk:
    locked = Risk.objects.select_for_update().select_related("plan").get(pk=risk.pk)
    check_plan_writable(locked.plan, request, what)
    revise(locked.plan, because=what)
    if expected_version is not None:
        check_version(locked.version, expected_version, StaleRiskError(locked))
    return locked


@transaction.atomic
def risk_create(
    *,
    plan: Plan,
    request,
    kind: str,
    reference: str,
    title: str,
    owner,
    raised_on: datetime.date,
    description: str = "",
    actions: Iterable[Action] = (),
    likelihood: int | None = None,
    impact: int | None = None,
    mitigation: str = "",
    status: str = RiskStatus.OPEN,
    review_date: datetime.date | None = None,
    note: str = "",
    recorded_at: datetime.datetime | None = None,
    recorded_by=None,
) -> Risk:
    """Raise a risk or issue with its first assessment (its first update, dated the day
    it was raised). Writes the risk, its update, its links to actions and an audit event."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_plan_writable(plan, request, "raising a risk or issue")
    revise(plan, because="raising a risk or issue")
    actions = _check_actions(plan, actions)
    if Risk.objects.filter(plan=plan, reference=reference).exists():
        raise ValidationError({"reference": f"{reference} is already used in this plan."})
    risk = Risk(
        plan=plan,
        kind=kind,
        reference=reference,
        title=title,
        description=description,
        owner=owner,
        raised_on=raised_on,
    )
    if recorded_at is not None:
        risk.created_at = recorded_at
    risk.full_clean()
    risk.save()
    risk.actions.set(actions)
    _append(
        risk,
        recorded_by=recorded_by or _person(request),
        effective_date=raised_on,
        likelihood=likelihood,
        impact=impact,
        mitigation=mitigation,
        status=status,
        review_date=review_date,
        note=note or f"{risk.get_kind_display()} raised.",
        recorded_at=recorded_at,
    )
    audit_record(
        kind=AuditEvent.Kind.RISK,
        request=request,
        plan=plan,
        detail=f"raised {risk.get_kind_display().lower()} {reference} “{title}”",
    )
    return risk


def _person(request):
    return request.user if request is not None and request.user.is_authenticated else None


def _append(risk: Risk, *, recorded_at=None, **values) -> RiskUpdate:
    update = RiskUpdate(risk=risk, risk_version=risk.version, **values)
    if recorded_at is not None:
        update.recorded_at = recorded_at
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def risk_update(
    *,
    risk: Risk,
    request,
    effective_date: datetime.date,
    status: str,
    likelihood: int | None = None,
    impact: int | None = None,
    mitigation: str = "",
    review_date: datetime.date | None = None,
    note: str = "",
    expected_version: int | None = None,
    recorded_at: datetime.datetime | None = None,
    recorded_by=None,
) -> RiskUpdate:
    """Append an assessment to the risk's history, dated in order and never in the
    future. ``recorded_at`` and ``recorded_by`` are for records made outside a form (an
    import, the demo): the dates are then taken as given. With ``expected_version``,
    raises ``StaleRiskError`` if someone changed the risk since the form was opened.
    Writes the update, the risk's version and an audit event."""
    locked = _lock(risk, request, "updating a risk or issue", expected_version)
    latest = locked.updates.latest_first().first()
    if recorded_at is None:
        if effective_date > timezone.localdate():
            raise ValidationError({"effective_date": "The effective date cannot be in the future."})
        if latest is not None and effective_date < latest.effective_date:
            raise ValidationError(
                {
                    "effective_date": "The effective date cannot be before the last update, "
                    f"dated {latest.effective_date:%-d %B %Y}."
                }
            )
    locked.version += 1
    update = _append(
        locked,
        recorded_by=recorded_by or _person(request),
        effective_date=effective_date,
        likelihood=likelihood,
        impact=impact,
        mitigation=mitigation,
        status=status,
        review_date=review_date,
        note=note,
        recorded_at=recorded_at,
    )
    Risk.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    risk.version = locked.version
    audit_record(
        kind=AuditEvent.Kind.RISK,
        request=request,
        plan=locked.plan,
        detail=f"updated {locked.reference}: {update.get_status_display().lower()}"
        + (f", score {update.score}" if update.score else ""),
    )
    return update


EDITABLE = ("reference", "title", "description", "owner", "raised_on")


def as_text(name: str, value) -> str:
    """A detail's value as ``RiskChange`` keeps it."""
    if name == "actions":
        return "\n".join(sorted(action.reference for action in value))
    if name == "raised_on":
        return value.isoformat()
    return str(value) if value is not None else ""


@transaction.atomic
def risk_edit(
    *,
    risk: Risk,
    request,
    values: dict,
    actions: Iterable[Action],
    expected_version: int,
    changed_at: datetime.datetime | None = None,
    changed_by=None,
) -> list[str]:
    """Change the risk's details (not its history, nor its kind: a risk that happens is
    closed and raised again as an issue, so the log keeps both). Returns the names of the fields
    changed; writes the risk, its links to actions, a ``RiskChange`` per field changed (so
    pages as at an earlier day show the details as they were) and an audit event naming
    them. ``changed_at`` and ``changed_by`` are for records made outside a form."""
    locked = _lock(risk, request, "editing a risk or issue", expected_version)
    actions = _check_actions(locked.plan, actions)
    before = {name: as_text(name, getattr(locked, name)) for name in EDITABLE}
    linked = list(locked.actions.all())
    before["actions"] = as_text("actions", linked)
    changed = [name for name in EDITABLE if getattr(locked, name) != values[name]]
    for name in changed:
        setattr(locked, name, values[name])
    if {a.pk for a in actions} != {a.pk for a in linked}:
        changed.append("actions")
    if not changed:
        return []
    first = locked.updates.order_by("effective_date", "pk").first()
    if "raised_on" in changed and first is not None and first.effective_date < locked.raised_on:
        raise ValidationError(
            {
                "raised_on": "It cannot be raised after its first update, dated "
                f"{first.effective_date:%-d %B %Y}."
            }
        )
    if (
        Risk.objects.filter(plan=locked.plan, reference=locked.reference)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError({"reference": f"{locked.reference} is already used in this plan."})
    locked.version += 1
    locked.full_clean()
    locked.save()
    locked.actions.set(actions)
    after = {name: as_text(name, getattr(locked, name)) for name in EDITABLE}
    after["actions"] = as_text("actions", actions)
    RiskChange.objects.bulk_create(
        RiskChange(
            risk=locked,
            field=name,
            before=before[name],
            after=after[name],
            changed_by=changed_by or _person(request),
            changed_at=changed_at or timezone.now(),
            risk_version=locked.version,
        )
        for name in changed
    )
    risk.refresh_from_db()
    audit_record(
        kind=AuditEvent.Kind.RISK,
        request=request,
        plan=locked.plan,
        detail=f"edited {locked.reference}: {', '.join(changed)}",
    )
    return changed
