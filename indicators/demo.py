"""Demo content: the performance indicators beside Medway's Improvement Plan (DEMO ONLY).

The figures the Board progress update of 23 April 2020 gives are taken from it as they
stand (``/work/shared/reference``): the maximum caseload in the assessment teams, 46 in
March 2019 and 34 in March 2020 with an average of 20; in the post-assessment teams 37
and 23 with an average of 19.3; statutory visits to children in care in timescale at
90% before Covid-19; 74 children subject to an Interim Care Order against 44 a year
before; over 400 cases audited since November 2019. Every other monthly figure, the
targets, the comparators and the three further measures (assessments within 45 working
days, re-referrals within 12 months, second or subsequent child protection plans) are
invented but plausible.

Fixed data: the same values, dates and commentary on every load. The months before the
plan started were imported as a baseline by the improvement team in October 2019;
from October each owner entered the month's figures on the 21st, in time for the
Board's papers. One value was corrected, so the history of corrections shows.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.models import Action
from plans.models import Plan

from .formatting import format_measure
from .models import Indicator, Unit
from .periods import add_months, period_key
from .services import indicator_value_record
from .status import Polarity

LONDON = ZoneInfo("Europe/London")
FIRST_MONTH = datetime.date(2019, 3, 1)
MONTHS = [add_months(FIRST_MONTH, i) for i in range(14)]  # March 2019 to April 2020
PLAN_START = datetime.date(2019, 10, 1)
BASELINE_IMPORTED = datetime.datetime(2019, 10, 14, 10, 30, tzinfo=LONDON)
BASELINE_SOURCE = "CSV import: performance-baseline-2019.csv"
BASELINE_BY = "improvement"


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    definition: str
    unit: Unit
    polarity: Polarity
    owner: str
    target: str | None
    tolerance: str
    # One per month from March 2019; None where the measure was not yet counted.
    values: list[str | None]
    # The commentary's second sentence for a month ("2020-03"), else ``standing``.
    notes: dict[str, str]
    standing: str
    sections: tuple[int, ...] = ()
    actions: tuple[str, ...] = ()
    statistical_neighbours: str | None = None
    england: str | None = None
    comparators_note: str = ""
    # (month, value first entered, commentary first entered, days later it was corrected)
    correction: tuple[str, str, str, int] | None = None


CHILDREN_IN_NEED_2019 = (
    "Statistical neighbours' average and England, year to 31 March 2019 (Characteristics "
    "of children in need)."
)

INDICATORS = [
    DemoIndicator(
        name="Maximum caseload in assessment teams",
        definition="The highest number of children allocated to one social worker in the "
        "assessment teams, counted on the day the month's figures are taken.",
        unit=Unit.NUMBER,
        polarity=Polarity.LOWER,
        owner="owner",
        target="22",
        tolerance="3",
        values=["46", "45", "47", "45", "44", "44", "43", "42", "41", "40", "38", "36", "34", "33"],
        notes={
            "2019-03": "Two social workers carry over 40 children each after agency staff left.",
            "2019-05": "Summer referrals peaked before the agency posts were filled.",
            "2019-10": "The realignment of teams has been agreed; caseloads are modelled "
            "against a target of 22.",
            "2019-11": "Cases began moving to the new teams; 1408 cases are being reallocated.",
            "2020-01": "Three permanent social workers joined the assessment teams.",
            "2020-03": "The realigned service is in place. The average caseload is 20; the "
            "highest is held by a worker closing cases before leave.",
            "2020-04": "Two posts remain to be recruited to before the highest caseloads come "
            "down to target.",
        },
        standing="Still above target while vacancies are filled; team managers review the "
        "highest caseloads weekly.",
        sections=(2,),
        actions=("2.01", "2.02"),
    ),
    DemoIndicator(
        name="Average caseload in assessment teams",
        definition="Children allocated to social workers in the assessment teams divided "
        "by the number of social workers in post (full-time equivalent).",
        unit=Unit.NUMBER,
        polarity=Polarity.LOWER,
        owner="owner",
        target="20",
        tolerance="2",
        values=[
            "27.4",
            "27",
            "27.8",
            "26.9",
            "26.5",
            "26.1",
            "25.8",
            "25.2",
            "24.6",
            "23.9",
            "22.8",
            "21.5",
            "20",
            "19.6",
        ],
        notes={
            "2019-10": "The service redesign models staffing against an average of 20.",
            "2020-02": "Within tolerance for the first time as the new teams fill.",
            "2020-03": "On target: the realignment is complete.",
            "2020-04": "On target, although Covid-19 absence is being watched closely.",
        },
        standing="Coming down as cases move to the realigned teams.",
        sections=(2,),
        actions=("2.01", "2.02"),
    ),
    DemoIndicator(
        name="Maximum caseload in post-assessment teams",
        definition="The highest number of children allocated to one social worker in the "
        "children in need, child protection and court teams.",
        unit=Unit.NUMBER,
        polarity=Polarity.LOWER,
        owner="owner",
        target="22",
        tolerance="3",
        values=["37", "36", "37", "35", "35", "34", "33", "32", "31", "29", "27", "25", "23", "23"],
        notes={
            "2019-03": "Court work and children in care compete for the same workers' time.",
            "2019-11": "Children in care are moving to the new Corporate Parenting service.",
            "2020-02": "Within tolerance for the first time since the baseline.",
            "2020-03": "The average is 19.3. The case progression officer is easing court work.",
        },
        standing="Above target: the realignment separates court work from work with children "
        "in care.",
        sections=(2,),
        actions=("2.01", "2.02"),
    ),
    DemoIndicator(
        name="Average caseload in post-assessment teams",
        definition="Children allocated to social workers in the post-assessment teams "
        "divided by the number of social workers in post (full-time equivalent).",
        unit=Unit.NUMBER,
        polarity=Polarity.LOWER,
        owner="owner",
        target="18",
        tolerance="2",
        values=[
            "24.8",
            "24.5",
            "24.9",
            "24.2",
            "23.8",
            "23.5",
            "23.1",
            "22.7",
            "22",
            "21.4",
            "20.6",
            "20",
            "19.3",
            "19.1",
        ],
        notes={
            "2020-02": "Within tolerance as the teams reach their establishment.",
            "2020-03": "Within tolerance; the Edge of Care service will reduce it further.",
        },
        standing="Falling steadily as permanent staff join and cases are reallocated.",
        sections=(2,),
        actions=("2.02", "2.03"),
    ),
    DemoIndicator(
        name="Statutory visits to children in care within timescale",
        definition="Children in care whose latest statutory visit was within the timescale "
        "set in their care plan, as a percentage of all children in care.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        owner="tom",
        target="95",
        tolerance="5",
        values=["71", "72", "70", "73", "74", "72", "75", "77", "80", "83", "86", "90", "90", "88"],
        notes={
            "2019-03": "Visits slip when social workers are pulled into urgent court work.",
            "2019-11": "Team managers now check overdue visits every week.",
            "2020-01": "Corrected from 84: visits after the Christmas break that were "
            "recorded late are now counted.",
            "2020-02": "90% in timescale: within tolerance of the 95% target for the first time.",
            "2020-03": "Held at 90% before the Covid-19 restrictions began.",
            "2020-04": "Covid-19: visits are by video where that is safe; children at most risk "
            "are still seen in person.",
        },
        standing="Below target; social workers are expected to visit more often than the "
        "statutory minimum once caseloads allow.",
        sections=(1,),
        actions=("1.13",),
        statistical_neighbours="91",
        england="93",
        comparators_note="Illustrative comparators for the demo.",
        correction=(
            "2020-01",
            "84",
            "Up from 83 in December. Some visits after the Christmas break are not yet recorded.",
            14,
        ),
    ),
    DemoIndicator(
        name="Children subject to an Interim Care Order",
        definition="Children subject to an Interim Care Order on the day the month's "
        "figures are taken.",
        unit=Unit.NUMBER,
        polarity=Polarity.NEITHER,
        owner="owner",
        target=None,
        tolerance="0",
        values=["44", "44", "45", "47", "46", "48", "50", "53", "57", "61", "65", "70", "74", "74"],
        notes={
            "2019-10": "Pre-proceedings cases are now tracked; drift is being addressed.",
            "2019-12": "The PLO tracker is reviewed fortnightly by the Head of Service.",
            "2020-02": "A solicitor is now embedded as case progression officer.",
            "2020-03": "74 children, against 44 a year ago, as grip and management oversight "
            "of children in need and child protection cases have increased.",
            "2020-04": "Family Group Conferences are offered before proceedings wherever "
            "that is safe.",
        },
        standing="Rising as children who had drifted in pre-proceedings come before the court.",
        sections=(1,),
        actions=("1.08", "1.09", "1.10"),
    ),
    DemoIndicator(
        name="Cases audited since November 2019",
        definition="Children's cases audited since the relaunch of the Quality Assurance "
        "Framework in November 2019, cumulative: bi-monthly, themed and external audits.",
        unit=Unit.NUMBER,
        polarity=Polarity.HIGHER,
        owner="helen",
        target=None,
        tolerance="0",
        values=[None] * 8 + ["38", "96", "171", "248", "331", "412"],
        notes={
            "2019-11": "The new audit tool was launched this month.",
            "2019-12": "External auditors began safety checks on children with CP plans.",
            "2020-01": "Themed audit of assessments ending in no further action.",
            "2020-02": "Themed audit of re-referrals; safety checks on children stepped down "
            "to CIN plans.",
            "2020-03": "Audits continue remotely under the Covid-19 operating procedures.",
            "2020-04": "Over 400 cases audited since November. The QA Manager is coaching "
            "auditors for more consistent grading.",
        },
        standing="Audits continue on the bi-monthly schedule.",
        sections=(4,),
        actions=("4.02", "4.03", "4.04"),
    ),
    DemoIndicator(
        name="Assessments completed within 45 working days",
        definition="Single assessments completed in the month that were completed within "
        "45 working days of the referral, as a percentage of all completed.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        owner="owner",
        target="85",
        tolerance="5",
        values=["68", "66", "70", "71", "69", "72", "70", "73", "75", "74", "77", "79", "81", "78"],
        notes={
            "2019-03": "Caseloads in the assessment teams delay the start of assessments.",
            "2019-11": "Essex's diagnostic of assessment practice is under way.",
            "2020-01": "Assessment timeliness is reviewed at the Performance Clinic.",
            "2020-03": "Within tolerance for the first time as caseloads fall.",
            "2020-04": "Covid-19: some home visits for assessments have been delayed.",
        },
        standing="Below target; team managers track every assessment past day 35.",
        sections=(1,),
        actions=("1.02",),
        statistical_neighbours="84.1",
        england="82.7",
        comparators_note=CHILDREN_IN_NEED_2019,
    ),
    DemoIndicator(
        name="Re-referrals within 12 months",
        definition="Referrals in the month for children referred within the previous 12 "
        "months, as a percentage of all referrals.",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        owner="priya",
        target="22",
        tolerance="3",
        values=[
            "27.9",
            "28.4",
            "27.1",
            "26.8",
            "27.5",
            "26.2",
            "25.9",
            "26.4",
            "25.1",
            "24.6",
            "24",
            "23.8",
            "23.1",
            "22.4",
        ],
        notes={
            "2019-03": "Many assessments end in no further action and the family is referred "
            "again.",
            "2019-12": "Within tolerance for the first time.",
            "2020-02": "The themed audit of re-referrals reports to the Performance Clinic.",
            "2020-04": "The Early Help Hub at the front door is planned for May.",
        },
        standing="Thresholds at the front door are being applied more consistently.",
        sections=(1, 5),
        actions=("1.03", "1.04", "4.04"),
        statistical_neighbours="23.5",
        england="22.6",
        comparators_note=CHILDREN_IN_NEED_2019,
    ),
    DemoIndicator(
        name="Child protection plans for a second or subsequent time",
        definition="Children who became subject to a child protection plan in the month "
        "and had been subject to one before, as a percentage of all new plans.",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER,
        owner="grace",
        target="20",
        tolerance="3",
        values=[
            "26.1",
            "25.4",
            "26.8",
            "25.9",
            "24.7",
            "25.3",
            "24.1",
            "23.8",
            "24.4",
            "23.2",
            "22.6",
            "22.9",
            "21.8",
            "21.5",
        ],
        notes={
            "2019-03": "Plans end before change is sustained; some families return within "
            "the year.",
            "2019-11": "Safety checks look at children stepped down from CP to CIN plans.",
            "2020-01": "Within tolerance: step-down decisions are now agreed by a team manager.",
        },
        standing="Premature step-down is the theme the external auditors found.",
        sections=(1,),
        actions=("1.06", "1.12"),
        statistical_neighbours="21.7",
        england="20.8",
        comparators_note=CHILDREN_IN_NEED_2019,
    ),
]


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
