"""Findings (an inspection's recommendations among them) and the actions that answer
them, as at a date."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from actions.models import Action, Rating
from actions.rules import FINDING_AT_RISK, FINDING_UNANSWERED, finding_flag
from plans.models import Finding, Plan


@dataclass
class RecommendationCoverage:
    recommendation: Finding
    actions: list[Action]

    @property
    def finding(self) -> Finding:
        return self.recommendation

    @property
    def flag(self) -> str:
        """ "Unanswered", "At risk" or "" (``actions.rules.finding_flag``)."""
        return finding_flag(action.rating_as_at for action in self.actions)

    @property
    def has_no_action(self) -> bool:
        return self.flag == FINDING_UNANSWERED

    @property
    def all_red(self) -> bool:
        return self.flag == FINDING_AT_RISK

    @property
    def flagged(self) -> bool:
        return bool(self.flag)

    @property
    def counts(self) -> list[tuple[Rating, int]]:
        return [
            (rating, sum(1 for a in self.actions if a.rating_as_at == rating)) for rating in Rating
        ]


def recommendation_coverage(
    plan: Plan,
    as_at: datetime.date,
    *,
    known_now: bool = False,
    findings: QuerySet | None = None,
    ratings_only: bool = False,
) -> list[RecommendationCoverage]:
    """Each of ``findings`` (by default the plan's inspection recommendations) with the
    actions answering it on ``as_at`` (those added later do not count yet), in reference
    order. Two queries. With ``ratings_only`` each action comes with its rating on the
    day alone, all that a finding's ``flag`` and ``counts`` read, not its section, lead,
    dates and words: a far lighter query than the actions as the Board's lists show them
    (the dashboard's)."""
    if ratings_only:
        actions = (
            Action.objects.in_plan(plan)
            .in_plan_as_at(as_at)
            .with_rating_as_at(as_at, "rating_as_at", known_now=known_now)
            .order_by("pk")
        )
    else:
        actions = Action.objects.in_plan(plan).listed_as_at(as_at, known_now=known_now)
    if findings is None:
        findings = Finding.objects.filter(plan=plan).of_inspections()
    findings = findings.filter(plan=plan).prefetch_related(
        Prefetch("actions", queryset=actions, to_attr="actions_as_at")
    )
    return [
        RecommendationCoverage(recommendation=finding, actions=finding.actions_as_at)
        for finding in sorted(findings, key=lambda f: natural_key(f.reference))
    ]


def natural_key(reference: str) -> tuple:
    """R2 before R10."""
    digits = "".join(ch for ch in reference if ch.isdigit())
    return (reference.rstrip("0123456789"), int(digits) if digits else 0, reference)
