"""Writes to actions and their history. Each runs in one transaction."""

import datetime

from django.db import transaction
from django.db.models import F

from .models import Action, ActionUpdate, Rating, SlippageReason


class StaleActionError(Exception):
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
    locked = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleActionError(locked)

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
