"""Direction of travel: what moved between two dates (the last Board and now)."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q

from actions.models import Action, Rating

from .summary import PlanSummary

# Worst to best: a move towards Blue is an improvement.
RATING_ORDER = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2, Rating.BLUE: 3}


@dataclass(frozen=True)
class SectionMovement:
    title: str
    changes: list[tuple[Rating, int]]  # (rating, count now minus count then)

    @property
    def moved(self) -> bool:
        return any(delta for _, delta in self.changes)


def section_movements(before: PlanSummary, after: PlanSummary) -> list[SectionMovement]:
    """Per section (and in total), the change in each rating's count."""
    then = {row.section.pk: row for row in before.rows}
    movements = []
    for row in [*after.rows, after.total]:
        earlier = before.total if row.section is None else then.get(row.section.pk)
        changes = [
            (Rating(value), row.counts[value] - (earlier.counts[value] if earlier else 0))
            for value in Rating.values
        ]
        movements.append(SectionMovement(title=row.title, changes=changes))
    return movements


def direction(before: str | None, after: str | None) -> str:
    """'improved', 'worsened', 'unchanged' or 'new' for a rating pair."""
    if not before:
        return "new"
    if before == after:
        return "unchanged"
    return "improved" if RATING_ORDER[Rating(after)] > RATING_ORDER[Rating(before)] else "worsened"


def rating_movements(plan, since: datetime.date, as_at: datetime.date):
    """Actions whose rating in force on ``as_at`` differs from that on ``since``.

    Each carries ``rating_before`` and the ``*_as_at`` annotations (commentary explains the
    move). One query.
    """
    return (
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_state_as_at(as_at)
        .with_rating_as_at(since, "rating_before")
        .filter(rating_as_at__isnull=False)
        .filter(Q(rating_before__isnull=True) | ~Q(rating_before=F("rating_as_at")))
        .select_related("section", "lead")
        .order_by("section__number", "reference")
    )
