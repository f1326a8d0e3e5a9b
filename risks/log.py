"""Reading the risk and issue log as at a day: one query for the rows, whatever their
number, with each row's state, score, trend and flags worked out from its history."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from plans.models import Plan

from . import rules
from .history import attach_details
from .models import Risk, RiskStatus

SORTS = {
    "reference": ("kind", "reference"),
    "score": (F("score_as_at").desc(nulls_last=True), "kind", "reference"),
    "review": (F("review_date_as_at").asc(nulls_last=True), "kind", "reference"),
    "owner": ("owner__first_name", "owner__last_name", "kind", "reference"),
}

SORT_LABELS = [
    ("reference", "Reference"),
    ("score", "Score, highest first"),
    ("review", "Review date, soonest first"),
    ("owner", "Owner"),
]


@dataclass(frozen=True)
class LogFilter:
    """The log's filters and order, as read from the page's query string."""

    kind: str = ""
    status: str = ""
    owner: int | None = None
    sort: str = "reference"

    @classmethod
    def from_query(cls, query) -> "LogFilter":
        kind = query.get("kind", "")
        status = query.get("status", "")
        owner = query.get("owner", "")
        sort = query.get("sort", "")
        return cls(
            kind=kind if kind in Risk.Kind.values else "",
            status=status if status in RiskStatus.values else "",
            owner=int(owner) if owner.isdigit() and len(owner) < 12 else None,
            sort=sort if sort in SORTS else "reference",
        )


def log_queryset(
    plan: Plan,
    as_at: datetime.date,
    *,
    known_now: bool = False,
    since: datetime.date | None = None,
) -> QuerySet:
    """The plan's risks and issues known on ``as_at``, annotated by ``with_state_as_at``."""
    return (
        Risk.objects.in_plan(plan)
        .known_as_at(as_at, known_now=known_now)
        .with_state_as_at(as_at, known_now=known_now, since=since)
        .select_related("owner")
    )


def decorate(risk: Risk, as_at: datetime.date) -> Risk:
    """Give an annotated risk the words its row shows."""
    risk.trend = rules.trend(risk.score_as_at, risk.score_before)
    risk.trend_words = rules.TREND_WORDS[risk.trend]
    risk.review_overdue = rules.is_review_overdue(risk, as_at)
    risk.is_high = rules.is_high(risk)
    risk.status_label = RiskStatus(risk.status_as_at).label if risk.status_as_at else "Open"
    return risk


def risk_log(
    plan: Plan, as_at: datetime.date, *, known_now: bool = False, chosen: LogFilter = LogFilter()
) -> list[Risk]:
    risks = log_queryset(plan, as_at, known_now=known_now)
    if chosen.kind:
        risks = risks.filter(kind=chosen.kind)
    if chosen.status == RiskStatus.OPEN:
        # A risk with no assessment yet counts as open.
        risks = risks.filter(Q(status_as_at__isnull=True) | Q(status_as_at=RiskStatus.OPEN))
    elif chosen.status:
        risks = risks.filter(status_as_at=chosen.status)
    if chosen.owner:
        risks = risks.filter(owner_id=chosen.owner)
    rows = [decorate(risk, as_at) for risk in risks.order_by(*SORTS[chosen.sort])]
    attach_details(rows, as_at, known_now=known_now)
    return rows
