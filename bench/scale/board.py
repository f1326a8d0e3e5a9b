"""Board meetings and a draft report for each plan; the indicators and their values."""

import datetime
import random
from decimal import Decimal

from indicators.models import Indicator, IndicatorValue
from plans.models import Plan
from reports.models import BoardMeeting, BoardReport

from .people import PlanShape
from .rows import BATCH, write_rows
from .words import INDICATORS, LONDON, month_start, months_between


def board_reports(plans: list[Plan], shapes: list[PlanShape], today: datetime.date) -> int:
    """A Board meeting every other month; a draft progress report for the latest."""
    meetings, latest = [], {}
    for plan, shape in zip(plans, shapes, strict=True):
        months = months_between(shape.start, today)
        dates = [
            month_start(today, months - m) + datetime.timedelta(days=20)
            for m in range(2, months + 1, 2)
        ]
        dates = [day for day in dates if day <= today]
        plan_meetings = [BoardMeeting(plan=plan, date=day) for day in dates]
        meetings += plan_meetings
        latest[plan.pk] = plan_meetings[-2:]
    BoardMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    reports = []
    for plan, shape in zip(plans, shapes, strict=True):
        *earlier, meeting = latest[plan.pk]
        manager = shape.manager
        reports.append(
            BoardReport(
                meeting=meeting,
                kind=BoardReport.Kind.PROGRESS,
                title="Improvement Plan progress update",
                as_at=meeting.date,
                period_start=earlier[0].date if earlier else plan.start_date,
                authors=f"{manager.get_full_name()}, {manager.job_title}",
                include_appendix=True,
                created_by=manager,
                summary="Progress continues across the plan; **workforce** remains the main risk.",
                introduction="This report sets out progress since the last Board.",
                progress="- Audits completed on time\n- Caseloads reduced",
                issues="Recruitment to social work posts remains difficult.",
                next_steps="Continue the recruitment campaign.",
                recommendations="Note the progress made.\nAgree the revised timescales.",
            )
        )
    BoardReport.objects.bulk_create(reports, batch_size=BATCH)
    return len(reports)


def indicators(
    plans: list[Plan],
    shapes: list[PlanShape],
    per_plan: int,
    rng: random.Random,
    today: datetime.date,
) -> tuple[int, int]:
    """``per_plan`` indicators for each plan (the scorecard's measures), each with a value
    for every month from the plan's start to last month, entered early the month after;
    the number of indicators and of values."""
    made = []
    for plan, shape in zip(plans, shapes, strict=True):
        for position, (name, unit, polarity, target, _) in enumerate(INDICATORS[:per_plan]):
            made.append(
                Indicator(
                    plan=plan,
                    name=name,
                    definition=f"{name}, from the case management system at month end.",
                    unit=unit,
                    polarity=polarity,
                    target=Decimal(target),
                    tolerance=Decimal("2.00"),
                    comparators_note="Published figures for the previous year",
                    owner=rng.choice(shape.owners),
                    position=position + 1,
                )
            )
    Indicator.objects.bulk_create(made, batch_size=BATCH)
    typical = {name: value for name, *_, value in INDICATORS}
    last_month = month_start(today, 1)

    latest_entry = datetime.datetime(today.year, today.month, today.day, 9, tzinfo=LONDON)

    def rows():
        for indicator in made:
            value = typical[indicator.name]
            period = month_start(indicator.plan.start_date, 0)
            while period <= last_month:
                value = max(0.0, value * rng.uniform(0.95, 1.05))
                if indicator.unit == "percent":
                    value = min(100.0, value)
                after = month_start(period, -1)
                entered = min(
                    latest_entry, datetime.datetime(after.year, after.month, 5, 10, tzinfo=LONDON)
                )
                yield (
                    indicator.pk,
                    period,
                    Decimal(f"{value:.2f}"),
                    "Figures from the monthly performance pack.",
                    indicator.owner_id,
                    entered,
                )
                period = after

    names = ("indicator_id", "period", "value", "commentary", "entered_by_id", "entered_at")
    return len(made), write_rows(IndicatorValue, names, rows())
