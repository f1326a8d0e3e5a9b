"""The actions' rows that pages show, and how each finds its plan (plans/revisions.py);
and how actions a service names are marked changed in their plan's revision."""

from collections.abc import Collection

from django.db.models import Subquery

from plans.models import Plan
from plans.revisions import own_plan, plan_of

FOLLOWED = {
    "actions.Action": own_plan,
    "actions.ActionUpdate": plan_of("action"),
    "actions.ActionChange": plan_of("action"),
    "actions.Evidence": plan_of("action"),
}


def mark_changed(plan_id: int, action_ids: Collection[int]) -> None:
    """Mark these actions of the plan changed in its current revision (``revise(...,
    actions=...)``), so a page kept before it recomputes them."""
    from .models import Action

    marked = Action.objects.filter(plan_id=plan_id, pk__in=action_ids).update(
        changed_in_revision=Subquery(Plan.objects.filter(pk=plan_id).values("revision")[:1])
    )
    if marked != len(set(action_ids)):
        raise ValueError("Only actions of the plan revised can be named.")
