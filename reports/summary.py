"""The Board's summary of progress: actions per section and rating, as at a date.

Counted by the database in two queries whatever the size of the plan: one for the
sections with their action totals, one for the ratings in force on the day.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from actions.models import Action, Rating
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

    @property
    def segments(self) -> list["BarSegment"]:
        """The stacked bar: one segment per rating present (then "not rated"), laid end to
        end across a width of 100, Blue first as the Board reads progress left to right."""
        parts = [(value, Rating(value).label, n) for value, n in self.counts.items()]
        parts.append(("none", "Not yet rated", self.not_rated))
        segments, x = [], 0.0
        for key, label, n in parts:
            if n <= 0 or not self.total:
                continue
            width = 100 * n / self.total
            segments.append(BarSegment(key=key, label=label, count=n, x=x, width=width))
            x += width
        return segments


@dataclass(frozen=True)
class BarSegment:
    key: str  # a rating value or "none", for the CSS class that matches the rating tags
    label: str
    count: int
    x: float
    width: float


@dataclass
class PlanSummary:
    plan: Plan
    as_at: datetime.date
    rows: list[SummaryRow]
    total: SummaryRow

    @property
    def has_unrated(self) -> bool:
        return self.total.not_rated > 0


def plan_summary(plan: Plan, as_at: datetime.date, *, known_now: bool = False) -> PlanSummary:
    """The Board's table as at ``as_at``: as known at the end of that day, or with
    ``known_now`` as known today."""
    sections = list(
        Section.objects.filter(plan=plan)
        .select_related("lead")
        .annotate(total=Count("actions", filter=Q(actions__added_on__lte=as_at)))
        .order_by("number")
    )
    rows = {section.pk: SummaryRow(section=section, total=section.total) for section in sections}

    # Counted per action with one index probe for its rating in force, so the cost follows
    # the plan's actions, not the whole history (see bench/EXPLAIN.md).
    rating_counts = (
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_rating_as_at(as_at, "rating_in_force", known_now=known_now)
        .values("section_id", "rating_in_force")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entry in rating_counts:
        if entry["rating_in_force"]:
            rows[entry["section_id"]].counts[entry["rating_in_force"]] = entry["n"]

    total = SummaryRow(section=None, total=sum(row.total for row in rows.values()))
    for row in rows.values():
        for rating, n in row.counts.items():
            total.counts[rating] += n
    return PlanSummary(plan=plan, as_at=as_at, rows=list(rows.values()), total=total)


def summary_from_actions(
    plan: Plan,
    as_at: datetime.date,
    sections: list[Section],
    actions,
    rating_attr: str = "rating_as_at",
) -> PlanSummary:
    """The same summary as ``plan_summary``, counted from actions already fetched.

    ``actions`` are the plan's actions annotated with the rating in force on ``as_at``
    under ``rating_attr``; those added after ``as_at`` are left out. Lets a page that
    needs the actions anyway have the summary (at two dates) without more queries.
    """
    rows = {section.pk: SummaryRow(section=section) for section in sections}
    for action in actions:
        if action.added_on > as_at:
            continue
        row = rows[action.section_id]
        row.total += 1
        rating = getattr(action, rating_attr)
        if rating:
            row.counts[rating] += 1
    total = SummaryRow(section=None, total=sum(row.total for row in rows.values()))
    for row in rows.values():
        for rating, n in row.counts.items():
            total.counts[rating] += n
    return PlanSummary(plan=plan, as_at=as_at, rows=list(rows.values()), total=total)
