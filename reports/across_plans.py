"""Figures for many plans at once, in a fixed number of queries however many plans (the
home page's list; the cross-council summary builds on it).

Each plan's counts are the Board summary's total row (``reports.summary``) as at the day:
the same actions (those in the plan by then) and the same rating in force, counted by
the database grouped by plan.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from actions.models import Action, Rating
from plans.models import Plan

from .movement import previous_board_meeting
from .summary import SummaryRow


@dataclass
class PlanFigures:
    plan: Plan
    total: SummaryRow = field(default_factory=lambda: SummaryRow(section=None))
    last_board: datetime.date | None = None

    @property
    def one_line(self) -> str:
        """The BRAG counts in words, e.g. "40 actions: 12 Blue, 20 Green, 6 Amber, 2 Red"."""
        total = self.total
        if not total.total:
            return "No actions yet"
        parts = [f"{n} {Rating(value).colour}" for value, n in total.counts.items()]
        if total.not_rated:
            parts.append(f"{total.not_rated} not yet rated")
        noun = "action" if total.total == 1 else "actions"
        return f"{total.total} {noun}: " + ", ".join(parts)


def rating_totals(
    plans: list[Plan], as_at: datetime.date, *, known_now: bool = False
) -> dict[int, SummaryRow]:
    """Each plan's total row of the Board summary as at ``as_at``: two queries."""
    rows = {plan.pk: SummaryRow(section=None) for plan in plans}
    if not rows:
        return rows
    actions = Action.objects.filter(plan__in=list(rows)).in_plan_as_at(as_at)
    for entry in actions.values("plan_id").annotate(n=Count("pk")).order_by():
        rows[entry["plan_id"]].total = entry["n"]
    rated = (
        actions.with_rating_as_at(as_at, "rating_in_force", known_now=known_now)
        .values("plan_id", "rating_in_force")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entry in rated:
        if entry["rating_in_force"]:
            rows[entry["plan_id"]].counts[entry["rating_in_force"]] = entry["n"]
    return rows


def plan_figures(plans, as_at: datetime.date, *, known_now: bool = False) -> list[PlanFigures]:
    """For each plan of the queryset ``plans``: its summary total and its last Board
    meeting before ``as_at``, in three queries."""
    listed = list(plans.annotate(last_board=previous_board_meeting(as_at + datetime.timedelta(1))))
    totals = rating_totals(listed, as_at, known_now=known_now)
    return [
        PlanFigures(plan=plan, total=totals[plan.pk], last_board=plan.last_board) for plan in listed
    ]
