"""Inspection recommendations and the actions that answer them, as at a date."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from actions.models import Action, Rating
from plans.models import Plan, Finding


@dataclass
class RecommendationCoverage:
    recommendation: Finding
    actions: list[Action]

    @property
    def has_no_action(self) -> bool:
        return not self.actions

    @property
    def all_red(self) -> bool:
        return bool(self.actions) and all(a.rating_as_at == Rating.RED for a in self.actions)

    @property
    def flagged(self) -> bool:
        return self.has_no_action or self.all_red

    @property
    def counts(self) -> list[tuple[Rating, int]]:
        return [
            (rating, sum(1 for a in self.actions if a.rating_as_at == rating)) for rating in Rating
        ]


def recommendation_coverage(
    plan: Plan, as_at: datetime.date, *, known_now: bool = False
) -> list[RecommendationCoverage]:
    """Every recommendation of the plan with the actions answering it on ``as_at`` (those
    added later do not count yet). Two queries."""
    actions = (
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_state_as_at(as_at, known_now=known_now)
        .select_related("section", "lead")
        .order_by("section__number", "reference")
    )
    recommendations = Finding.objects.filter(plan=plan).prefetch_related(
        Prefetch("actions", queryset=actions, to_attr="actions_as_at")
    )
    return [
        RecommendationCoverage(recommendation=rec, actions=rec.actions_as_at)
        for rec in sorted(recommendations, key=lambda r: natural_key(r.reference))
    ]


def natural_key(reference: str) -> tuple:
    """R2 before R10."""
    digits = "".join(ch for ch in reference if ch.isdigit())
    return (reference.rstrip("0123456789"), int(digits) if digits else 0, reference)
