"""Loading the demo's performance indicators beside Medway's Improvement Plan (DEMO ONLY).

The figures the Board progress update of 23 April 2020 gives are taken from it as they
stand (``/work/shared/reference``): the maximum caseload in the assessment teams, 46 in
March 2019 and 34 in March 2020 with an average of 20; in the post-assessment teams 37
and 23 with an average of 19.3; statutory visits to children in care in timescale at
90% before Covid-19; 74 children subject to an Interim Care Order against 44 a year
before; over 400 cases audited since November 2019. Every other monthly figure, the
targets, the comparators and the three further measures (assessments within 45 working
days, re-referrals within 12 months, second or subsequent child protection plans) are
invented but plausible. They are in ``demo/data/indicators.json``.

The months before the plan started were imported as a baseline by the improvement team
in October 2019; from October each owner entered the month's figures on the 21st, in
time for the Board's papers. One value was corrected, so the history of corrections
shows.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.models import Action
from indicators.formatting import format_measure
from indicators.models import Indicator
from indicators.periods import period_key
from indicators.services import indicator_value_record
from plans.models import Plan

from .content import (
    BASELINE_BY,
    BASELINE_IMPORTED,
    BASELINE_SOURCE,
    INDICATORS,
    LONDON,
    PLAN_START,
    DemoIndicator,
)
from .content import INDICATOR_MONTHS as MONTHS


def _movement(values: list[str | None], i: int, unit: str) -> str:
    now = Decimal(values[i])
    before = values[i - 1] if i > 0 else None
    if before is None:
        return "First month counted."
    month = f"{MONTHS[i - 1]:%B}"
    earlier = format_measure(Decimal(before), unit)
    if now == Decimal(before):
        return f"Unchanged from {month}."
    return f"{'Up' if now > Decimal(before) else 'Down'} from {earlier} in {month}."


def demo_commentary(spec: DemoIndicator, i: int) -> str:
    note = spec.notes.get(period_key(MONTHS[i]), spec.standing)
    return f"{_movement(spec.values, i, spec.unit)} {note}"


def _entered_at(period: datetime.date, position: int) -> datetime.datetime:
    if period < PLAN_START:
        return BASELINE_IMPORTED
    day = datetime.date(period.year, period.month, 21)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime(day.year, day.month, day.day, 9, 15, tzinfo=LONDON) + (
        datetime.timedelta(minutes=11 * position)
    )


def _check_content() -> None:
    names = [spec.name for spec in INDICATORS]
    assert len(set(names)) == len(names), "indicator names repeat"
    for spec in INDICATORS:
        assert len(spec.values) == len(MONTHS), spec.name


def indicators_demo_load(plan: Plan, *, stdout=None) -> int:
    """Add the demo indicators and their monthly values to the demo plan.

    Returns how many indicators were added: none if the plan already has indicators, so
    loading the demo again changes nothing.
    """
    _check_content()
    with transaction.atomic():
        if Indicator.objects.in_plan(plan).exists():
            return 0
        User = get_user_model()
        usernames = {spec.owner for spec in INDICATORS} | {BASELINE_BY}
        users = {user.username: user for user in User.objects.filter(username__in=usernames)}
        sections = {section.number: section for section in plan.sections.all()}
        actions = {action.reference: action for action in Action.objects.in_plan(plan)}
        n_values = 0
        for position, spec in enumerate(INDICATORS):
            indicator = Indicator(
                plan=plan,
                name=spec.name,
                definition=spec.definition,
                unit=spec.unit,
                polarity=spec.polarity,
                target=Decimal(spec.target) if spec.target is not None else None,
                tolerance=Decimal(spec.tolerance),
                statistical_neighbours=(
                    Decimal(spec.statistical_neighbours) if spec.statistical_neighbours else None
                ),
                england=Decimal(spec.england) if spec.england else None,
                comparators_note=spec.comparators_note,
                owner=users[spec.owner],
                position=(position + 1) * 10,
            )
            indicator.full_clean()
            indicator.save()
            indicator.sections.set([sections[number] for number in spec.sections])
            indicator.actions.set([actions[reference] for reference in spec.actions])

            for i, raw in enumerate(spec.values):
                if raw is None:
                    continue
                period = MONTHS[i]
                baseline = period < PLAN_START
                author = users[BASELINE_BY] if baseline else users[spec.owner]
                entered_at = _entered_at(period, position)
                correction = spec.correction
                if correction and correction[0] == period_key(period):
                    _, first_value, first_commentary, days_later = correction
                    indicator_value_record(
                        indicator=indicator,
                        period=period,
                        value=Decimal(first_value),
                        commentary=first_commentary,
                        entered_by=author,
                        entered_at=entered_at,
                    )
                    n_values += 1
                    entered_at += datetime.timedelta(days=days_later)
                indicator_value_record(
                    indicator=indicator,
                    period=period,
                    value=Decimal(raw),
                    commentary=demo_commentary(spec, i),
                    entered_by=author,
                    source=BASELINE_SOURCE if baseline else "",
                    entered_at=entered_at,
                )
                n_values += 1
        if stdout is not None:
            stdout.write(
                f"Loaded {len(INDICATORS)} performance indicators with {n_values} monthly "
                f"values (March 2019 to April 2020)."
            )
        return len(INDICATORS)
