"""Writes to actions and their history. Each runs in one transaction."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from improvement_board.conflicts import EditConflict, check_version
from plans.revisions import revise
from plans.writable import check_plan_writable

from .models import Action, ActionChange, ActionUpdate, Evidence, Rating, SlippageReason
from .reminders import reminders_due
from .rules import needs_sign_off, pending_completion_in
from .uploads import UploadRefused, check_upload


class StaleActionError(EditConflict):
    """The action changed after the form was opened; nothing was written."""

    def __init__(self, action: Action):
        super().__init__(f"Action {action.reference} was changed by someone else.")
        self.action = action


@transaction.atomic
def action_update_record(
    *,
    action: Action,
    author,
    effective_date: datetime.date,
    rating: Rating | str,
    commentary: str,
    revised_due_date: datetime.date | None = None,
    slippage_reason: SlippageReason | str = "",
    next_steps: str = "",
    kind: ActionUpdate.Kind = ActionUpdate.Kind.PROGRESS,
    source: str = "",
    expected_version: int | None = None,
    recorded_at: datetime.datetime | None = None,
) -> ActionUpdate:
    """Append an update to the action's history and move its current state with it.

    With ``expected_version``, the write only happens if nobody has changed the action
    since that version was read; otherwise ``StaleActionError`` is raised.
    """
    locked = _lock(action, expected_version)
    revise(locked.plan, because="an update recorded on an action", actions=[locked.pk])
    update = ActionUpdate(
        action=locked,
        kind=kind,
        author=author,
        effective_date=effective_date,
        previous_rating=locked.rating,
        rating=rating,
        commentary=commentary,
        revised_due_date=revised_due_date,
        slippage_reason=slippage_reason,
        next_steps=next_steps,
        source=source,
    )
    if recorded_at is not None:
        update.recorded_at = recorded_at
    update.action_version = locked.version + 1
    update.full_clean()
    update.save()

    # The current rating only follows updates that count (a proposed completion does not),
    # and only when this update is the newest by effective date (a back-dated entry fills
    # in history without rewinding the present).
    changes = {"version": F("version") + 1}
    newest = locked.updates.latest_first().first()
    if newest.pk == update.pk:
        if kind in ActionUpdate.Kind.rated():
            changes["rating"] = update.rating
        if revised_due_date is not None:
            changes["current_due_date"] = revised_due_date
    Action.objects.filter(pk=locked.pk).update(**changes)
    action.refresh_from_db()
    return update


def _lock(action: Action, expected_version: int | None) -> Action:
    """The action, locked for this transaction, if its plan is writable and (with
    ``expected_version``) nobody has changed it since that version was read."""
    locked = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    check_plan_writable(locked.plan)
    if expected_version is not None:
        check_version(locked.version, expected_version, StaleActionError(locked))
    return locked


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def pending_completion(action: Action) -> ActionUpdate | None:
    """The completion proposal waiting for sign-off, if there is one."""
    latest = action.updates.filter(kind__in=ActionUpdate.Kind.completion()).latest_first()[:1]
    return pending_completion_in(latest)


def _check_effective_date(
    locked: Action, effective_date: datetime.date, errors: dict[str, str]
) -> None:
    today = timezone.localdate()
    if effective_date > today:
        errors["effective_date"] = "The effective date cannot be in the future."
        return
    previous = locked.updates.latest_first().first()
    if previous is not None and effective_date < previous.effective_date:
        errors["effective_date"] = (
            "The effective date cannot be before the last update, "
            f"dated {_long(previous.effective_date)}."
        )


@transaction.atomic
def action_update_post(
    *,
    action: Action,
    author,
    effective_date: datetime.date,
    rating: Rating | str,
    commentary: str,
    revised_due_date: datetime.date | None = None,
    slippage_reason: SlippageReason | str = "",
    next_steps: str = "",
    expected_version: int,
) -> ActionUpdate:
    """Record an update typed in by an owner or a plan manager.

    Blue on an action that is not yet Blue is a proposal of completion: it needs evidence
    on the action, and counts only once a plan manager signs it off. Updates are dated
    in order, never in the future. Raises ``ValidationError`` keyed by form field, or
    ``StaleActionError`` when the action changed after the form was opened.
    """
    locked = _lock(action, expected_version)
    revise(locked.plan, because="an update posted on an action", actions=[locked.pk])
    errors: dict[str, str] = {}
    _check_effective_date(locked, effective_date, errors)
    kind = ActionUpdate.Kind.PROGRESS
    if needs_sign_off(rating, locked.rating):
        kind = ActionUpdate.Kind.COMPLETION_PROPOSED
        if (pending := pending_completion(locked)) is not None:
            errors["rating"] = (
                f"Completion was proposed on {_long(pending.effective_date)} and is waiting "
                "for a plan manager to sign it off. Choose the rating it has until then."
            )
        elif not locked.evidence.present().exists():
            errors["rating"] = (
                "Add evidence before proposing completion: a plan manager signs off a "
                "completion against its evidence."
            )
    if revised_due_date is not None and revised_due_date < effective_date:
        errors["revised_due_date"] = "The revised due date cannot be before the effective date."
    if errors:
        raise ValidationError(errors)
    return action_update_record(
        action=action,
        author=author,
        effective_date=effective_date,
        rating=rating,
        commentary=commentary,
        revised_due_date=revised_due_date,
        slippage_reason=slippage_reason,
        next_steps=next_steps,
        kind=kind,
        expected_version=expected_version,
    )


def _proposal_to_decide(locked: Action, effective_date: datetime.date) -> ActionUpdate:
    proposal = pending_completion(locked)
    if proposal is None:
        raise ValidationError(
            {"decision": "There is no completion waiting for sign-off on this action."}
        )
    errors: dict[str, str] = {}
    _check_effective_date(locked, effective_date, errors)
    if errors:
        raise ValidationError(errors)
    return proposal


@transaction.atomic
def action_completion_sign_off(
    *,
    action: Action,
    manager,
    effective_date: datetime.date,
    commentary: str = "",
    expected_version: int,
) -> ActionUpdate:
    """Sign off a proposed completion: the action counts as Blue from ``effective_date``."""
    locked = _lock(action, expected_version)
    revise(locked.plan, because="a completion signed off", actions=[locked.pk])
    proposal = _proposal_to_decide(locked, effective_date)
    return action_update_record(
        action=action,
        author=manager,
        effective_date=effective_date,
        rating=Rating.BLUE,
        commentary=commentary
        or f"Completion proposed on {_long(proposal.effective_date)} signed off.",
        kind=ActionUpdate.Kind.SIGNED_OFF,
        expected_version=expected_version,
    )


@transaction.atomic
def action_completion_return(
    *,
    action: Action,
    manager,
    effective_date: datetime.date,
    reason: str,
    expected_version: int,
) -> ActionUpdate:
    """Return a proposed completion with the reason; the rating in force stays."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the completion is being returned."})
    locked = _lock(action, expected_version)
    revise(locked.plan, because="a completion returned", actions=[locked.pk])
    proposal = _proposal_to_decide(locked, effective_date)
    # The row keeps the rating that was proposed and not agreed; a returned completion
    # is not one of the kinds that set the rating an action counts under.
    return action_update_record(
        action=action,
        author=manager,
        effective_date=effective_date,
        rating=proposal.rating,
        commentary=reason.strip(),
        kind=ActionUpdate.Kind.RETURNED,
        expected_version=expected_version,
    )


# The fields plan managers edit in the app, with the words the history uses for them.
EDITABLE_FIELDS = {
    "title": "Title",
    "description": "Description",
    "success_measures": "Success measures / expected impact",
    "lead": "Lead",
    "delegates": "Delegates",
    "partners": "Partners",
    "start_date": "Start date",
    "original_due_date": "Original due date",
    "recommendations": "Inspection recommendations",
}
# What the admin can change as well; its edits are recorded the same way.
ADMIN_TRACKED_FIELDS = {
    **EDITABLE_FIELDS,
    "section": "Section",
    "reference": "Reference",
    "added_on": "Added to plan on",
    "current_due_date": "Current due date",
    "due_text": "Timescale as written",
    "carried_from": "Carried from",
}
MANY = frozenset({"delegates", "recommendations"})


def _as_text(field: str, value) -> str:
    """A field's value as the history keeps it (see ``ActionChange``)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if field == "recommendations":
        return "\n".join(sorted((r.reference for r in value), key=_natural))
    if field == "delegates":
        return "\n".join(sorted(str(user) for user in value))
    return str(value)


def _natural(reference: str) -> tuple:
    """R2 before R10."""
    digits = "".join(ch for ch in reference if ch.isdigit())
    return (reference.rstrip("0123456789"), int(digits) if digits else 0, reference)


def action_snapshot(action: Action, fields=ADMIN_TRACKED_FIELDS) -> dict[str, str]:
    """The named fields of the action as the history writes them."""
    return {
        name: _as_text(name, getattr(action, name).all() if name in MANY else getattr(action, name))
        for name in fields
    }


def _changes_record(
    *, action: Action, editor, before: dict[str, str], after: dict[str, str]
) -> list[ActionChange]:
    """Raise the action's version and record each field that differs. Call in a transaction."""
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return []
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    version = Action.objects.values_list("version", flat=True).get(pk=action.pk)
    now = timezone.now()
    return ActionChange.objects.bulk_create(
        ActionChange(
            action=action,
            field=name,
            label=ADMIN_TRACKED_FIELDS[name],
            before=before[name],
            after=after[name],
            changed_by=editor,
            changed_at=now,
            action_version=version,
        )
        for name in changed
    )


@transaction.atomic
def action_edit(
    *,
    action: Action,
    editor,
    values: dict[str, object],
    expected_version: int,
) -> list[ActionChange]:
    """Change an action's details and record every field that changed, before and after.

    ``values`` holds any of ``EDITABLE_FIELDS``; ``delegates`` and ``recommendations``
    are iterables. Nothing is recorded, and the version stays, when nothing changed.
    """
    if unknown := set(values) - set(EDITABLE_FIELDS):
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    locked = _lock(action, expected_version)
    revise(locked.plan, because="an action's details edited")
    before = action_snapshot(locked, values)
    after = {name: _as_text(name, value) for name, value in values.items()}
    changed = [name for name in values if before[name] != after[name]]
    if not changed:
        return []

    recommendations = values.get("recommendations")
    if recommendations is not None and any(
        rec.plan_id != locked.plan_id for rec in recommendations
    ):
        raise ValidationError({"recommendations": "Choose recommendations from this plan."})
    for name in changed:
        if name not in MANY:
            setattr(locked, name, values[name])
    if (
        "original_due_date" in changed
        and not locked.updates.exclude(revised_due_date=None).exists()
    ):
        # With no revised date on record, the current due date is the original one.
        locked.current_due_date = locked.original_due_date
    locked.full_clean()
    locked.save()
    for name in changed:
        if name in MANY:
            getattr(locked, name).set(values[name])
    records = _changes_record(action=locked, editor=editor, before=before, after=after)
    action.refresh_from_db()
    return records


@transaction.atomic
def action_admin_changes_record(
    *, action: Action, editor, before: dict[str, str]
) -> list[ActionChange]:
    """Record what an edit in the admin changed, given the snapshot taken before it."""
    revise(action.plan_id, because="an admin edit of an action recorded in its history")
    return _changes_record(
        action=action, editor=editor, before=before, after=action_snapshot(action, before)
    )


@transaction.atomic
def evidence_add(
    *,
    action: Action,
    added_by,
    title: str,
    upload=None,
    url: str = "",
) -> Evidence:
    """Attach a file or a link to an action. Files are checked by content (``uploads``)."""
    locked = _lock(action, None)
    revise(locked.plan, because="evidence added to an action", actions=[locked.pk])
    if bool(upload) == bool(url):
        raise ValidationError({"file": "Choose a file or enter a link, not both."})
    evidence = Evidence(action=action, title=title.strip(), url=url, added_by=added_by)
    if upload:
        try:
            checked = check_upload(upload)
        except UploadRefused as refusal:
            raise ValidationError({"file": str(refusal)}) from None
        upload.name = checked.name
        evidence.file = upload
        evidence.file_name = checked.name
        evidence.media_type = checked.media_type
        evidence.size = checked.size
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, removed_by) -> Evidence:
    """Hide evidence from the action; it stays in the history and in storage."""
    locked = Evidence.objects.select_for_update().select_related("action__plan").get(pk=evidence.pk)
    check_plan_writable(locked.action.plan)
    revise(
        locked.action.plan, because="evidence removed from an action", actions=[locked.action_id]
    )
    if locked.removed_at is None:
        locked.removed_at = timezone.now()
        locked.removed_by = removed_by
        locked.save(update_fields=["removed_at", "removed_by"])
    return locked


@dataclass
class RemindersSent:
    owner_emails: int = 0
    manager_emails: int = 0
    # People who should have had an email but have no address on record.
    without_email: list[str] = field(default_factory=list)


def update_reminders_send(*, today: datetime.date, dry_run: bool = False) -> RemindersSent:
    """Email each owner their actions that need an update this reporting month, and each
    plan manager a digest of who has not updated. Returns what was (or would be) sent."""
    reminders = reminders_due(today)
    month = reminders.month
    sent = RemindersSent()
    messages = []

    def link(name: str, *args) -> str:
        return settings.SITE_URL + reverse(name, args=args)

    for reminder in reminders.owners:
        if not reminder.owner.email:
            sent.without_email.append(str(reminder.owner))
            continue
        for action in reminder.actions:
            action.update_link = link("actions:update", action.plan.slug, action.pk)
        count = len(reminder.actions)
        deadline = min(action.deadline for action in reminder.actions)
        messages.append(
            EmailMessage(
                subject=f"{count} action{'s' if count != 1 else ''} to update by {_long(deadline)}",
                body=render_to_string(
                    "actions/email/owner_reminder.txt",
                    {
                        "owner": reminder.owner,
                        "actions": reminder.actions,
                        "month": month,
                        "my_actions": link("actions:my_actions"),
                    },
                ),
                to=[reminder.owner.email],
            )
        )
        sent.owner_emails += 1

    for digest in reminders.managers:
        if not digest.manager.email:
            sent.without_email.append(str(digest.manager))
            continue
        for stragglers in digest.plans:
            for _owner, actions in stragglers.by_owner:
                for action in actions:
                    action.page_link = link("actions:detail", action.plan.slug, action.pk)
        owners = {owner.pk for plan in digest.plans for owner, _actions in plan.by_owner}
        messages.append(
            EmailMessage(
                subject=f"Updates outstanding for {month.start:%B %Y}: {len(owners)} "
                f"{'people' if len(owners) != 1 else 'person'}",
                body=render_to_string(
                    "actions/email/manager_digest.txt",
                    {"manager": digest.manager, "plans": digest.plans, "month": month},
                ),
                to=[digest.manager.email],
            )
        )
        sent.manager_emails += 1

    if messages and not dry_run:
        get_connection().send_messages(messages)
    return sent
