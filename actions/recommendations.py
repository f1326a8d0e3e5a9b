"""Writes to a plan's findings (an inspection's recommendations are findings too) and
the actions that answer them."""

import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from improvement_board.audit import audit_record
from improvement_board.conflicts import EditConflict, check_version
from improvement_board.models import AuditEvent
from plans.assurance import starting_inspection
from plans.models import AssuranceEvent, Finding, Plan
from plans.revisions import revise
from plans.writable import check_plan_writable

from .models import Action


class StaleRecommendationError(EditConflict):
    """The recommendation changed after the form was opened; nothing was written."""

    def __init__(self, recommendation: Finding):
        super().__init__(f"Recommendation {recommendation.reference} was changed meanwhile.")
        self.recommendation = recommendation


def recommendation_fingerprint(recommendation: Finding) -> str:
    """A digest of what an editor saw, so a save can tell if someone changed it since."""
    action_ids = sorted(recommendation.actions.values_list("pk", flat=True))
    text = repr((recommendation.reference, recommendation.text, action_ids))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _check_actions(plan: Plan, actions: Iterable[Action]) -> list[Action]:
    actions = list(actions)
    if any(action.plan_id != plan.pk for action in actions):
        raise ValidationError({"actions": "Choose actions from this plan only."})
    return actions


@transaction.atomic
def recommendation_create(
    *,
    plan: Plan,
    reference: str,
    text: str,
    actions: Iterable[Action],
    event: AssuranceEvent | None = None,
    request=None,
) -> Finding:
    """A finding of ``event``; without one, a recommendation of the inspection that
    started the plan."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_plan_writable(plan)
    revise(plan, because="a recommendation added")
    if event is None:
        event = starting_inspection(plan)
    recommendation = Finding(plan=plan, event=event, reference=reference, text=text)
    recommendation.full_clean()
    recommendation.save()
    recommendation.actions.set(_check_actions(plan, actions))
    _audit(request, plan, f"added {reference} to {event.title}")
    return recommendation


def _audit(request, plan: Plan, detail: str) -> None:
    audit_record(kind=AuditEvent.Kind.FINDING, request=request, plan=plan, detail=detail)


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Finding,
    reference: str,
    text: str,
    actions: Iterable[Action],
    expected_fingerprint: str | None = None,
    request=None,
) -> Finding:
    locked = Finding.objects.select_for_update().select_related("plan").get(pk=recommendation.pk)
    check_plan_writable(locked.plan)
    revise(locked.plan, because="a recommendation changed")
    if expected_fingerprint is not None:
        check_version(
            recommendation_fingerprint(locked),
            expected_fingerprint,
            StaleRecommendationError(locked),
        )
    was = locked.reference
    locked.reference = reference
    locked.text = text
    locked.full_clean()
    locked.save()
    locked.actions.set(_check_actions(locked.plan, actions))
    _audit(
        request, locked.plan, f"changed {was}" + (f", now {reference}" if was != reference else "")
    )
    return locked
