"""Writes to a plan's assurance events: inspections, monitoring visits, diagnostics.

An event's findings and the actions answering them are written in ``actions``
(``actions/recommendations.py``), which can see both.
"""

import datetime
import hashlib

from django.db import models, transaction
from django.utils import timezone

from improvement_board.audit import audit_record
from improvement_board.conflicts import EditConflict, check_version
from improvement_board.models import AuditEvent

from .models import AssuranceEvent, AssuranceEventChange, Plan
from .revisions import revise
from .writable import check_plan_writable

# What a plan manager writes about an event.
EVENT_FIELDS = (
    "kind",
    "title",
    "led_by",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "postponed_reason",
    "summary",
)


def starting_inspection_values(plan: Plan) -> dict:
    """The inspection that started the plan, from what the plan knows of it (the same
    as the migration that made recommendations its findings records)."""
    return {
        "kind": AssuranceEvent.Kind.INSPECTION,
        "title": (plan.inspection or "The inspection that started the plan")[:200],
        "led_by": "Ofsted",
        "planned_start": plan.inspection_date,
        "actual_start": plan.inspection_date,
        "status": AssuranceEvent.Status.DONE,
        "started_plan": True,
        # Known before the plan began: its pages show it as at any day of the plan.
        "recorded_at": datetime.datetime.combine(
            plan.start_date, datetime.time(), tzinfo=datetime.UTC
        ),
    }


def starting_inspection(plan: Plan) -> AssuranceEvent:
    """The inspection that started the plan, recorded the first time it is needed (a
    recommendation added by hand or from a spreadsheet is one of its findings). The
    caller writes in a transaction and has checked that the plan is writable."""
    event = AssuranceEvent.objects.filter(plan=plan, started_plan=True).first()
    if event is None:
        event = AssuranceEvent(plan=plan, **starting_inspection_values(plan))
        event.save()
    return event


class StaleEventError(EditConflict):
    """The event changed after the form was opened; nothing was written."""

    def __init__(self, event: AssuranceEvent):
        super().__init__(f"{event.title} was changed meanwhile.")
        self.event = event


def event_fingerprint(event: AssuranceEvent) -> str:
    """A digest of the event as an editor saw it, so a save can tell if someone changed
    it since (events keep no version number)."""
    text = repr(tuple(getattr(event, name) for name in EVENT_FIELDS))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _values(values: dict) -> dict:
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Not an event field: {', '.join(sorted(unknown))}")
    return values


@transaction.atomic
def assurance_event_create(*, plan: Plan, request=None, **values) -> AssuranceEvent:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_plan_writable(plan, request, "adding an assurance event")
    revise(plan, because="an assurance event added")
    event = AssuranceEvent(plan=plan, **_values(values))
    event.full_clean()
    event.save()
    _audit(request, plan, f"added {event.get_kind_display().lower()} “{event.title}”")
    return event


def _audit(request, plan: Plan, detail: str) -> None:
    audit_record(kind=AuditEvent.Kind.ASSURANCE, request=request, plan=plan, detail=detail)


@transaction.atomic
def assurance_event_update(
    *,
    event: AssuranceEvent,
    request=None,
    expected_fingerprint: str | None = None,
    changed_at: datetime.datetime | None = None,
    **values,
) -> AssuranceEvent:
    """Change the event, keeping each field changed (``AssuranceEventChange``) so pages as
    at an earlier day show it as it was. With ``expected_fingerprint``
    (``event_fingerprint`` of what the form showed), raises ``StaleEventError`` if someone
    saved it meanwhile. ``changed_at`` is for records made outside a form."""
    locked = AssuranceEvent.objects.select_for_update().select_related("plan").get(pk=event.pk)
    check_plan_writable(locked.plan, request, "changing an assurance event")
    revise(locked.plan, because="an assurance event changed")
    if expected_fingerprint is not None:
        check_version(event_fingerprint(locked), expected_fingerprint, StaleEventError(locked))
    before = {name: as_text(getattr(locked, name)) for name in EVENT_FIELDS}
    for name, value in _values(values).items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    changed = [name for name in EVENT_FIELDS if as_text(getattr(locked, name)) != before[name]]
    who = request.user if request is not None and request.user.is_authenticated else None
    AssuranceEventChange.objects.bulk_create(
        AssuranceEventChange(
            event=locked,
            field=name,
            before=before[name],
            after=as_text(getattr(locked, name)),
            changed_at=changed_at or timezone.now(),
            changed_by=who,
        )
        for name in changed
    )
    _audit(request, locked.plan, f"changed “{locked.title}”: {', '.join(changed) or 'nothing'}")
    return locked


def as_text(value) -> str:
    """A field's value as ``AssuranceEventChange`` keeps it."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _from_text(name: str, text: str):
    if isinstance(AssuranceEvent._meta.get_field(name), models.DateField):
        return datetime.date.fromisoformat(text) if text else None
    return text


def as_on_record(events: list[AssuranceEvent], moment: datetime.datetime) -> list[AssuranceEvent]:
    """``events`` as they were on record at ``moment`` (a page as at D passes the end of
    D): each field changed since is given its value before the first such change. One
    query however many events; the events are changed in memory, never saved."""
    later = AssuranceEventChange.objects.filter(
        event__in=[event.pk for event in events], changed_at__gte=moment
    ).order_by("-changed_at", "-pk")
    by_pk = {event.pk: event for event in events}
    for change in later:  # latest first: the first change after ``moment`` is set last
        setattr(by_pk[change.event_id], change.field, _from_text(change.field, change.before))
    return events


def assurance_events_copy(*, plan: Plan, to_plan: Plan) -> dict[int, AssuranceEvent]:
    """Copies of ``plan``'s events in ``to_plan`` (a refresh of it), by the old event's
    id, so the new plan's calendar and findings carry on. The caller writes in a
    transaction and has checked that both plans are writable."""
    copies = {}
    for event in AssuranceEvent.objects.filter(plan=plan).order_by("pk"):
        old_pk = event.pk
        event.pk = None
        event.plan = to_plan
        event._state.adding = True
        event.full_clean()
        event.save()
        copies[old_pk] = event
    return copies
