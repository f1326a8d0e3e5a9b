"""The Board's summary of progress: actions per section and rating, as at a date.

Counted by the database in two queries whatever the size of the plan: one for the
sections with their action totals, one for the ratings in force on the day.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from actions.models import ActionUpdate, Rating
from plans.models import Plan, Section


@dataclass
class SummaryRow:
    section: Section | None
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Rating.values, 0))

    @property
    def title(self) -> str:
        return self.section.title if self.section else "Total"

    @property
    def not_rated(self) -> int:
        return self.total - sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[Rating, int]]:
        return [(Rating(value), self.counts[value]) for value in Rating.values]

    @property
    def percent_complete(self) -> int:
        if not self.total:
            return 0
        return round(100 * self.counts[Rating.BLUE] / self.total)


@dataclass
class PlanSummary:
    plan: Plan
    as_at: datetime.date
    rows: list[SummaryRow]
    total: SummaryRow

    @property
    def has_unrated(self) -> bool:
        return self.total.not_rated > 0


def plan_summary(plan: Plan, as_at: datetime.date) -> PlanSummary:
    sections = list(
        Section.objects.filter(plan=plan)
        .select_related("lead")
        .annotate(total=Count("actions", filter=Q(actions__added_on__lte=as_at)))
        .order_by("number")
    )
    rows = {section.pk: SummaryRow(section=section, total=section.total) for section in sections}

    rating_counts = (
        ActionUpdate.objects.latest_rated_as_at(as_at)
        .filter(action__plan=plan, action__added_on__lte=as_at)
        .values("action__section_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entry in rating_counts:
        rows[entry["action__section_id"]].counts[entry["rating"]] = entry["n"]

    total = SummaryRow(section=None, total=sum(row.total for row in rows.values()))
    for row in rows.values():
        for rating, n in row.counts.items():
            total.counts[rating] += n
    return PlanSummary(plan=plan, as_at=as_at, rows=list(rows.values()), total=total)
