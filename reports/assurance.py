"""A plan's external assurance as at a day: the calendar of events, each event's findings
with the actions answering them, the dashboard's part and the Board paper's draft.

Events are read as on record at the end of the day shown (``recorded_at``, and each
change since undone); the actions' ratings are those of that day
(``recommendation_coverage``). Every function here makes the same number of queries
however many events and findings there are.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Prefetch

from actions.models import Action
from actions.rules import end_of_day
from plans.assurance import as_on_record
from plans.models import AssuranceEvent, Finding, Plan

from .recommendations import RecommendationCoverage, natural_key, recommendation_coverage

# How many events each side of the day, and how many flagged findings, the dashboard shows.
DASHBOARD_EVENTS = 3
DASHBOARD_FINDINGS = 5


def events_as_at(plan: Plan, as_at: datetime.date, *, prefetch=()) -> list[AssuranceEvent]:
    """The plan's events on record at the end of ``as_at`` as they stood then (each change
    recorded since undone, ``plans.assurance.as_on_record``), in calendar order, each with
    how many findings it has (``finding_count``). Two queries, and one per ``prefetch``."""
    end = end_of_day(as_at)
    events = list(
        AssuranceEvent.objects.for_plan(plan)
        .recorded_by(end)
        .annotate(finding_count=Count("findings"))
        .prefetch_related(*prefetch)
    )
    as_on_record(events, end)
    # By the day each took (or was to take) place then, undated ones first.
    return sorted(events, key=lambda e: (e.day is not None, e.day or datetime.date.min, e.pk))


@dataclass
class Calendar:
    as_at: datetime.date
    past: list[AssuranceEvent]  # took place, or were due, by the day shown; undated too
    upcoming: list[AssuranceEvent]  # due after it

    def __bool__(self) -> bool:
        return bool(self.past or self.upcoming)


def assurance_calendar(plan: Plan, as_at: datetime.date) -> Calendar:
    """Past events (latest first) and the next ones (soonest first). Two queries."""
    past, upcoming = [], []
    for event in events_as_at(plan, as_at):
        (upcoming if event.day and event.day > as_at else past).append(event)
    return Calendar(as_at=as_at, past=past[::-1], upcoming=upcoming)


def event_coverage(
    event: AssuranceEvent, as_at: datetime.date, *, known_now: bool = False
) -> list[RecommendationCoverage]:
    """The event's findings, each with the actions answering it and their ratings on
    ``as_at``. Two queries."""
    return recommendation_coverage(
        event.plan, as_at, known_now=known_now, findings=Finding.objects.filter(event=event)
    )


@dataclass
class AssuranceSummary:
    """The dashboard's part: the last and next events, and the findings flagged."""

    calendar: Calendar
    last: list[AssuranceEvent]
    next: list[AssuranceEvent]
    flagged: list[RecommendationCoverage]
    flagged_total: int
    findings_total: int

    @property
    def more_flagged(self) -> bool:
        return self.flagged_total > len(self.flagged)


@dataclass
class AssuranceFindings:
    """What the dashboard's part reads besides the actions' ratings: the calendar, and
    the findings of the events that have taken place, each with the keys of the actions
    answering it (in reference order)."""

    calendar: Calendar
    findings: list[tuple[Finding, list[int]]]


class _Rated(NamedTuple):
    pk: int
    rating_as_at: str | None


def assurance_findings(plan: Plan, as_at: datetime.date) -> AssuranceFindings:
    """Three queries: the events, their changes since, the findings with their actions."""
    calendar = assurance_calendar(plan, as_at)
    answering = Prefetch(
        "actions", queryset=Action.objects.only("pk").order_by("pk"), to_attr="answering"
    )
    findings = (
        Finding.objects.filter(plan=plan, event__in=[e.pk for e in calendar.past])
        .select_related("event")
        .prefetch_related(answering)
    )
    return AssuranceFindings(
        calendar=calendar,
        findings=[
            (finding, [action.pk for action in finding.answering])
            for finding in sorted(findings, key=lambda f: natural_key(f.reference))
        ],
    )


def assurance_summary(found: AssuranceFindings, ratings: dict[int, str | None]) -> AssuranceSummary:
    """The part as at the day of ``ratings``: each action of the plan on that day, by key,
    with its rating then. An action answers a finding on a day only if it was in the
    plan by then (as ``recommendation_coverage`` counts)."""
    coverage = [
        RecommendationCoverage(
            recommendation=finding,
            actions=[_Rated(pk, ratings[pk]) for pk in answering if pk in ratings],
        )
        for finding, answering in found.findings
    ]
    flagged = [item for item in coverage if item.flagged]
    calendar = found.calendar
    return AssuranceSummary(
        calendar=calendar,
        last=calendar.past[:DASHBOARD_EVENTS],
        next=calendar.upcoming[:DASHBOARD_EVENTS],
        flagged=flagged[:DASHBOARD_FINDINGS],
        flagged_total=len(flagged),
        findings_total=len(coverage),
    )


@dataclass
class PaperEvent:
    event: AssuranceEvent
    findings: list[Finding] = field(default_factory=list)


def events_for_paper(plan: Plan, since: datetime.date, as_at: datetime.date) -> list[PaperEvent]:
    """What the paper's "External assurance since the last Board" reports: the events
    that took place or were due from ``since`` to ``as_at``, and those still postponed
    on ``as_at`` (a postponed visit stays before the Board until it happens), with their
    findings. Three queries."""
    findings = Prefetch("findings", queryset=Finding.objects.order_by("reference"))
    chosen = []
    for event in events_as_at(plan, as_at, prefetch=[findings]):
        day = event.day
        in_period = day is not None and since <= day <= as_at
        if in_period or event.status == AssuranceEvent.Status.POSTPONED:
            chosen.append(PaperEvent(event=event, findings=list(event.findings.all())))
    return chosen


def event_sentence(event: AssuranceEvent) -> str:
    """One event as the paper says it, e.g. "Ofsted monitoring visit (Ofsted): postponed
    from 18/19 March 2020. Postponed as a result of Covid-19..."."""
    led = f" ({event.led_by})" if event.led_by else ""
    status = AssuranceEvent.Status
    if event.status == status.DONE:
        when = f"took place {event.dates_label}" if event.day else "took place"
    elif event.status == status.POSTPONED:
        when = f"postponed from {event.planned_label}"
    elif event.status == status.CANCELLED:
        when = f"cancelled (it was planned for {event.planned_label})"
    else:
        when = f"planned for {event.planned_label}"
    sentence = f"{event.title}{led}: {when}."
    if event.status == status.POSTPONED and event.postponed_reason:
        sentence += f" {event.postponed_reason.strip()}"
    return sentence


def assurance_draft(plan: Plan, since: datetime.date, as_at: datetime.date) -> str:
    """The section's Markdown drafted from the data, for the plan manager to edit: one
    bullet an event, its findings under it. Empty when there is nothing to report."""
    lines = []
    for item in events_for_paper(plan, since, as_at):
        lines.append(f"- {_markdown_text(event_sentence(item.event))}")
        for finding in item.findings:
            lines.append(f"    - {_markdown_text(f'{finding.reference}: {finding.text}')}")
    return "\n".join(lines)


def _markdown_text(text: str) -> str:
    """Text on one line, as a Markdown list item needs it."""
    return " ".join(text.split())
