"""The accounts every benchmark relies on, and the words and numbers the data is made of."""

import datetime
import random
from zoneinfo import ZoneInfo

from actions.models import SlippageReason

SCALE_PASSWORD = "scale-benchmark-only"
LONDON = ZoneInfo("Europe/London")

# Accounts every benchmark can rely on; the others are named p01-owner03 and so on.
BENCH_MANAGER = "bench-manager"  # plan manager, member of every plan
BENCH_BOARD = "bench-board"  # Board member, member of every plan
BENCH_ADVISER = "bench-adviser"  # overseer of every council, member of no plan
BENCH_ADVISER_ONE = "bench-adviser-one"  # overseer of the council of the smallest plan

SECTION_TITLES = [
    "Quality of Practice",
    "Capacity and capability of workforce",
    "Effective Leadership and Management",
    "Quality Assurance and Performance Management",
    "Partnership working",
    "Voice of the child",
    "Early Help and the front door",
]
VERBS = ["Embed", "Review", "Strengthen", "Deliver", "Implement", "Audit", "Recruit", "Develop"]
OBJECTS = [
    "the multi-agency front door",
    "supervision for frontline social workers",
    "the quality assurance framework",
    "care planning for children in care",
    "the permanence tracker",
    "return home interviews",
    "pre-proceedings practice",
    "the workforce development plan",
    "management oversight of caseloads",
    "the corporate parenting strategy",
    "the edge of care offer",
    "the performance scorecard",
]
FACTS = [
    "Audit of 40 case files completed; findings shared with team managers.",
    "Two further permanent social workers started this month.",
    "Practice week held with partners; attendance good.",
    "New template in use across all teams since the start of the month.",
    "Dip sample shows improvement in the timeliness of visits.",
    "Training delivered to 85% of the workforce.",
    "Partnership board agreed the revised protocol.",
    "Monthly performance clinic now chaired by the Assistant Director.",
    "Feedback from children and families collected and themed.",
    "Caseloads in the assessment teams down to an average of 18.",
]
SLIPPAGE = {
    SlippageReason.CAPACITY: "Vacancies in the team have delayed the work.",
    SlippageReason.PARTNER: "Awaiting agreement from the health partners.",
    SlippageReason.EXTERNAL: "Work paused while services responded to an external event.",
    SlippageReason.REPHASED: "Timescale re-phased by the Board to follow the restructure.",
    SlippageReason.OTHER: "Dependent on the new case management system going live.",
}
EVIDENCE_KINDS = ["audit report", "Board minutes", "training log", "performance scorecard"]
NEXT_STEPS = [
    "Report progress to the next Board.",
    "Repeat the audit next quarter.",
    "Agree the revised timescale with partners.",
    "Recruit to the remaining posts.",
]
# The scorecard's measures: name, unit, polarity, target, typical value.
INDICATORS = [
    ("Re-referrals within 12 months", "percent", "lower", "20.00", 23.0),
    ("Assessments completed within 45 working days", "percent", "higher", "85.00", 78.0),
    (
        "Child protection visits within timescale",
        "percent",
        "higher",
        "95.00",
        90.0,
    ),
    ("Average caseload of social workers", "number", "lower", "18.00", 21.0),
    ("Agency social workers", "percent", "lower", "15.00", 22.0),
    ("Children in care with three or more placements in a year", "percent", "lower", "10.00", 11.0),
    ("Care leavers in education, employment or training", "percent", "higher", "60.00", 52.0),
    ("Days from entering care to adoption", "days", "lower", "426.00", 480.0),
    ("Return home interviews offered within 72 hours", "percent", "higher", "90.00", 70.0),
    ("Audits rated good or better", "percent", "higher", "70.00", 55.0),
]


def month_start(day: datetime.date, months_back: int) -> datetime.date:
    month = day.year * 12 + day.month - 1 - months_back
    return datetime.date(month // 12, month % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def spread(
    total: int, weights: list[float], minimum: int, rng: random.Random, maximum: int | None = None
) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, none below ``minimum``
    (nor above ``maximum``, when given)."""
    top = total if maximum is None else maximum
    if not minimum * len(weights) <= total <= top * len(weights):
        raise ValueError(f"{total} cannot be split {len(weights)} ways in {minimum} to {top}.")
    scale = total / sum(weights)
    counts = [min(top, max(minimum, round(w * scale))) for w in weights]
    while (difference := total - sum(counts)) != 0:
        i = rng.randrange(len(counts))
        step = 1 if difference > 0 else -1
        if minimum <= counts[i] + step <= top:
            counts[i] += step
    return counts
