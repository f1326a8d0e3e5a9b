"""Direction of travel: what moved between two dates (the last Board and now)."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from actions.models import Action, Rating
from actions.rules import moved_q, one_reporting_month_before
from improvement_board.as_at import date_problem, parse_date

from .models import BoardMeeting
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


def rating_movements(plan, since: datetime.date, as_at: datetime.date, *, known_now: bool = False):
    """Actions whose rating in force on ``as_at`` differs from that on ``since``
    (``rules.moved_q``), both as known at the end of ``as_at`` unless ``known_now``.

    Each carries ``rating_before`` and the ``*_as_at`` annotations (commentary explains the
    move). One query.
    """
    return (
        Action.objects.in_plan(plan)
        .in_plan_as_at(as_at)
        .with_state_as_at(as_at, known_now=known_now)
        .with_rating_as_at(since, "rating_before", known_now=known_now)
        .filter(moved_q())
        .select_related("section", "lead")
        .order_by("section__number", "reference")
    )


# --- The comparison date: "since the last Board" ------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The earlier date that direction of travel is measured from, and why that one."""

    date: datetime.date
    basis: str  # "the previous Board meeting", "one month earlier" or "the date chosen"
    requested: str = ""
    error: str = ""


# Passed for ``previous_meeting`` when the caller has not looked the meeting up already.
LOOK_UP = object()


def previous_board_meeting(as_at: datetime.date):
    """The date of the plan's last Board meeting before ``as_at``, as a subquery to
    annotate plans with (``OuterRef("pk")`` is the plan)."""
    meetings = BoardMeeting.objects.filter(plan=OuterRef("pk")).before(as_at)
    return Subquery(meetings.values("date")[:1])


def default_comparison(
    plan, as_at: datetime.date, previous_meeting=LOOK_UP, *, else_plan_start: bool = False
) -> Comparison:
    """The previous Board meeting before ``as_at`` if there was one, else one month earlier
    (or, with ``else_plan_start``, as a six-monthly progress update counts it, the start
    of the plan). Every page, form and paper takes its default from here.

    ``previous_meeting`` (a date or None) saves the query when the caller already has it.
    """
    if previous_meeting is LOOK_UP:
        meeting = BoardMeeting.objects.for_plan(plan).before(as_at).first()
        previous_meeting = meeting.date if meeting else None
    if previous_meeting:
        return Comparison(date=previous_meeting, basis="the previous Board meeting")
    if else_plan_start:
        return Comparison(date=plan.start_date, basis="the start of the plan")
    return Comparison(date=one_reporting_month_before(as_at), basis="one month earlier")


def default_comparison_date(plan, as_at: datetime.date) -> datetime.date:
    return default_comparison(plan, as_at).date


def comparison_from_request(
    request, plan, as_at: datetime.date, param: str = "since", previous_meeting=LOOK_UP
) -> Comparison:
    """The comparison date asked for in the request, else the default, with a message
    when the one asked for could not be used."""
    raw = request.GET.get(param, "").strip()
    if not raw:
        return default_comparison(plan, as_at, previous_meeting)
    parsed = parse_date(raw)
    if parsed is None:
        error = date_problem(raw, "The comparison date")
    elif parsed >= as_at:
        error = (
            f"The comparison date must be before {as_at:%-d %B %Y}, the date the plan is shown at."
        )
    else:
        return Comparison(date=parsed, basis="the date chosen", requested=raw)
    fallback = default_comparison(plan, as_at, previous_meeting)
    return Comparison(
        date=fallback.date,
        basis=fallback.basis,
        requested=raw,
        error=f"{error} Comparing with {fallback.date:%-d %B %Y} ({fallback.basis}) instead.",
    )


# --- Per-action direction, worded for people ----------------------------------------

ARROWS = {"improved": "↑", "worsened": "↓", "unchanged": "→", "new": "•"}


@dataclass(frozen=True)
class Direction:
    key: str  # improved, worsened, unchanged, new, or "" when not rated now
    arrow: str
    text: str

    def __str__(self) -> str:
        return f"{self.arrow} {self.text}" if self.arrow else self.text


def direction_of(before: str | None, after: str | None) -> Direction:
    """How an action's rating moved, as an arrow and words: "↑ Improved from Amber"."""
    if not after:
        return Direction(key="", arrow="", text="Not rated")
    key = direction(before, after)
    if key == "new":
        text = "Newly rated"
    elif key == "unchanged":
        text = "No change"
    else:
        text = f"{key.capitalize()} from {Rating(before).colour}"
    return Direction(key=key, arrow=ARROWS[key], text=text)


# --- Per-section change, with the counts either side --------------------------------


@dataclass(frozen=True)
class RatingChange:
    rating: Rating
    then: int
    now: int

    @property
    def delta(self) -> int:
        return self.now - self.then

    @property
    def signed(self) -> str:
        """ "+2", "−1" (a true minus sign) or "0"."""
        if self.delta > 0:
            return f"+{self.delta}"
        if self.delta < 0:
            return f"−{-self.delta}"
        return "0"


@dataclass(frozen=True)
class SectionChange:
    title: str
    section_pk: int | None
    total_then: int
    total_now: int
    changes: list[RatingChange]

    @property
    def moved(self) -> bool:
        return any(change.delta for change in self.changes)


def section_changes(before: PlanSummary, after: PlanSummary) -> list[SectionChange]:
    """Per section (and in total), each rating's count then and now."""
    then = {row.section.pk: row for row in before.rows}
    result = []
    for row in [*after.rows, after.total]:
        earlier = before.total if row.section is None else then.get(row.section.pk)
        result.append(
            SectionChange(
                title=row.title,
                section_pk=row.section.pk if row.section else None,
                total_then=earlier.total if earlier else 0,
                total_now=row.total,
                changes=[
                    RatingChange(
                        rating=Rating(value),
                        then=earlier.counts[value] if earlier else 0,
                        now=row.counts[value],
                    )
                    for value in Rating.values
                ],
            )
        )
    return result
