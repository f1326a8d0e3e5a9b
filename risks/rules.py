"""The rules that read where a risk stands, each written once: the ``Q`` form (on a
queryset annotated by ``RiskQuerySet.with_state_as_at``) beside the Python form (on an
annotated risk, or updates in hand). "As at" is the actions' rule (``actions.rules``)."""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from actions.rules import counts_as_at

from .models import HIGH_SCORE, RiskStatus, RiskUpdate, score_of


def in_force(
    updates: Iterable[RiskUpdate], as_at: datetime.date, *, known_now: bool = False
) -> RiskUpdate | None:
    """The update in force on ``as_at`` among ``updates`` (any order): the latest by
    effective date, then by id, of those that count then (the Python form of
    ``RiskUpdateQuerySet.for_risk_as_at``)."""
    counted = [u for u in updates if counts_as_at(u, as_at, known_now=known_now)]
    return max(counted, key=lambda u: (u.effective_date, u.pk), default=None)


# --- Trend: the score against the one before -------------------------------------------

UP, DOWN, SAME, NEW = "up", "down", "same", "new"
TREND_WORDS = {UP: "Rising", DOWN: "Falling", SAME: "No change", NEW: "New"}


def trend(score: int | None, score_before: int | None) -> str:
    """Rising, falling or unchanged since the comparison; new if nothing to compare."""
    if score is None or score_before is None:
        return NEW if score_before is None else SAME
    if score > score_before:
        return UP
    return DOWN if score < score_before else SAME


# --- High: a risk scoring HIGH_SCORE or more, not closed ---------------------------------


def high_risk_q() -> Q:
    return Q(score_as_at__gte=HIGH_SCORE) & ~Q(status_as_at=RiskStatus.CLOSED)


def is_high(risk) -> bool:
    score = score_of(risk.likelihood_as_at, risk.impact_as_at)
    return score is not None and score >= HIGH_SCORE and risk.status_as_at != RiskStatus.CLOSED


# --- Open: not closed (a risk or issue with no update yet is open) -----------------------


def open_q() -> Q:
    return Q(status_as_at__isnull=True) | ~Q(status_as_at=RiskStatus.CLOSED)


def is_open(risk) -> bool:
    return risk.status_as_at != RiskStatus.CLOSED


# --- Review overdue: its review date is before the day shown, and it is not closed -------


def review_overdue_q(day: datetime.date) -> Q:
    return Q(review_date_as_at__lt=day) & open_q()


def is_review_overdue(risk, day: datetime.date) -> bool:
    review = risk.review_date_as_at
    return review is not None and review < day and is_open(risk)


# --- Needs an update this reporting month (the owner's monthly visit) -------------------


def updated_since(month_start: datetime.date) -> Exists:
    """Annotation ``updated_this_month``: an update dated in the reporting month."""
    return Exists(RiskUpdate.objects.filter(risk=OuterRef("pk"), effective_date__gte=month_start))


def needs_update_q(today: datetime.date) -> Q:
    """Risks and issues raised by ``today``, not closed, with no update this month (on a
    queryset annotated with ``updated_this_month`` and ``status_as_at``)."""
    return Q(raised_on__lte=today, updated_this_month=False) & open_q()


def needs_update(risk, today: datetime.date) -> bool:
    return risk.raised_on <= today and is_open(risk) and not risk.updated_this_month
