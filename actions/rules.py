"""The rules that read where an action stands, each written once.

Every rule has its database form (a ``Q`` or an expression, for querysets annotated by
``ActionQuerySet.with_standing_as_at`` / ``with_state_as_at``) beside its Python form (a
test on one row already in hand: an annotated action, or anything with the same
attribute names). Pages, exports and papers all use these; ``tests/actions/test_rules.py``
keeps each pair in step.

"As at D" means as known at the end of D: a record counts when it took effect by D
*and* was recorded by then. ``known_now`` asks instead what is known today about the
same period, later corrections included.
"""

import datetime
import functools
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, Subquery

from .models import ActionUpdate, Rating, end_of_day


def known_on(recorded_at: datetime.datetime | None, day: datetime.date) -> bool:
    """Whether something recorded at ``recorded_at`` was known by the end of ``day``."""
    return recorded_at is not None and recorded_at < end_of_day(day)


# --- Which records count "as at" a day ------------------------------------------------


def counts_as_at_q(as_at: datetime.date, *, known_now: bool = False) -> Q:
    """An update counts on ``as_at`` if it took effect by then and, unless ``known_now``,
    was recorded by the end of that day."""
    condition = Q(effective_date__lte=as_at)
    if not known_now:
        condition &= Q(recorded_at__lt=end_of_day(as_at))
    return condition


def counts_on_day_q(day, *, known_now: bool = False) -> Q:
    """``counts_as_at_q`` for a day the database holds rather than one given, e.g. each
    plan's own last Board meeting (an expression such as ``OuterRef("comparison_date")``).

    "Recorded by the end of the day" is read as "recorded on a local date no later than
    the day": the same moment as ``end_of_day``, since midnight exists every day in the
    service's time zone."""
    condition = Q(effective_date__lte=day)
    if not known_now:
        condition &= Q(recorded_at__date__lte=day)
    return condition


def counts_as_at(update: ActionUpdate, as_at: datetime.date, *, known_now: bool = False) -> bool:
    return update.effective_date <= as_at and (known_now or known_on(update.recorded_at, as_at))


def restated_q(as_at: datetime.date) -> Q:
    """Updates that describe ``as_at`` or earlier but were recorded after it: what "as
    known now" shows of the period and "as known then" did not."""
    return Q(effective_date__lte=as_at, recorded_at__gte=end_of_day(as_at))


def is_restatement(update: ActionUpdate, as_at: datetime.date) -> bool:
    return update.effective_date <= as_at and not known_on(update.recorded_at, as_at)


# --- What an update with a given rating needs (forms, services and imports alike) ------


def needs_slippage_reason(rating: str) -> bool:
    """Amber and Red are explained: an update setting them needs a reason for slippage."""
    return rating in (Rating.AMBER, Rating.RED)


def needs_sign_off(rating: str, rating_before: str | None) -> bool:
    """Blue on an action not already Blue is a proposal of completion: it counts only
    once a plan manager signs it off, against evidence on the action."""
    return rating == Rating.BLUE and rating_before != Rating.BLUE


IMPORTED_WITHOUT_REASON = "imported without a reason for slippage"
IMPORTED_WITHOUT_SIGN_OFF = "imported without sign-off"


def update_rule_gaps(*, rating: str, slippage_reason: str, rating_before: str | None) -> list[str]:
    """What an update that did not come through the forms (an import) lacks that the
    forms require, in words to refuse it with or to record it by ("imported without a
    reason for slippage", "imported without sign-off"); empty when it lacks nothing."""
    gaps = []
    if needs_slippage_reason(rating) and not slippage_reason:
        gaps.append(IMPORTED_WITHOUT_REASON)
    if needs_sign_off(rating, rating_before):
        gaps.append(IMPORTED_WITHOUT_SIGN_OFF)
    return gaps


# --- One reporting month ------------------------------------------------------------


@functools.lru_cache(maxsize=256)  # asked once per action of a list, for one day
def one_reporting_month_before(as_at: datetime.date) -> datetime.date:
    """The same day a month earlier, or that month's last day (31 March -> 29 February)."""
    year, month = (as_at.year, as_at.month - 1) if as_at.month > 1 else (as_at.year - 1, 12)
    next_month_start = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month_start - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(as_at.day, last_day))


# --- Overdue: due date (as revised by then) passed, and not Blue ----------------------


def overdue_q(as_at: datetime.date) -> Q:
    """Actions never rated count too."""
    return Q(due_date_as_at__lt=as_at) & (
        Q(rating_as_at__isnull=True) | ~Q(rating_as_at=Rating.BLUE)
    )


def is_overdue_on(due_date: datetime.date | None, rating: str | None, day: datetime.date) -> bool:
    return due_date is not None and due_date < day and rating != Rating.BLUE


def is_overdue(action, as_at: datetime.date) -> bool:
    return is_overdue_on(action.due_date_as_at, action.rating_as_at, as_at)


# --- Stale: not Blue, and no update of any kind for more than a reporting month --------


def stale_q(as_at: datetime.date) -> Q:
    quiet = Q(updated_on_as_at__isnull=True) | Q(
        updated_on_as_at__lt=one_reporting_month_before(as_at)
    )
    return quiet & (Q(rating_as_at__isnull=True) | ~Q(rating_as_at=Rating.BLUE))


def is_stale(action, as_at: datetime.date) -> bool:
    if action.rating_as_at == Rating.BLUE:
        return False
    updated = action.updated_on_as_at
    return updated is None or updated < one_reporting_month_before(as_at)


# --- Moved: rated now, and not with the rating it had on the comparison date ----------


def moved_q() -> Q:
    """On ``rating_as_at`` and ``rating_before`` (``with_rating_as_at(since, ...)``)."""
    return Q(rating_as_at__isnull=False) & (
        Q(rating_before__isnull=True) | ~Q(rating_before=F("rating_as_at"))
    )


def has_moved(action) -> bool:
    return bool(action.rating_as_at) and action.rating_before != action.rating_as_at


# --- Needs an update this reporting month ----------------------------------------------


def updated_since(month_start: datetime.date) -> Exists:
    """Annotation ``updated_this_month``: an update dated in the reporting month."""
    return Exists(
        ActionUpdate.objects.filter(action=OuterRef("pk"), effective_date__gte=month_start)
    )


def needs_update_q(today: datetime.date) -> Q:
    """Unfinished actions in the plan by ``today`` with no update in the reporting month
    (annotation ``updated_this_month``). A signed-off (Blue) action needs no more."""
    return Q(added_on__lte=today, updated_this_month=False) & ~Q(rating=Rating.BLUE)


def needs_update(action, today: datetime.date) -> bool:
    return (
        action.added_on <= today and action.rating != Rating.BLUE and not action.updated_this_month
    )


# --- Pending completion: the latest completion event is a proposal ---------------------


def latest_completion_event():
    """Annotation source: the action's latest completion event (proposed, signed off or
    returned), newest first."""
    return ActionUpdate.objects.filter(
        action=OuterRef("pk"), kind__in=ActionUpdate.Kind.completion()
    ).latest_first()


def pending_completion_q() -> Q:
    """On ``completion_kind`` (``ActionQuerySet.with_completion_state``)."""
    return Q(completion_kind=ActionUpdate.Kind.COMPLETION_PROPOSED)


def pending_completion_in(updates: Iterable[ActionUpdate]) -> ActionUpdate | None:
    """The proposal waiting for sign-off among ``updates`` (newest first), if any."""
    for update in updates:
        if update.kind in ActionUpdate.Kind.completion():
            return update if update.kind == ActionUpdate.Kind.COMPLETION_PROPOSED else None
    return None


# --- Completion date: the day the action counts as Blue from ---------------------------


def completed_on_expression(as_at: datetime.date, *, known_now: bool = False) -> Subquery:
    """The effective date of the first rating-setting Blue update after the last
    rating-setting update that was not Blue (all as at ``as_at``): for a completion made
    in the app, the day it was signed off. None unless Blue on ``as_at``."""
    later_not_blue = (
        ActionUpdate.objects.rated()
        .filter(action=OuterRef("action"))
        .filter(counts_as_at_q(as_at, known_now=known_now))
        .exclude(rating=Rating.BLUE)
        .filter(
            Q(effective_date__gt=OuterRef("effective_date"))
            | Q(effective_date=OuterRef("effective_date"), pk__gt=OuterRef("pk"))
        )
    )
    first_blue = (
        ActionUpdate.objects.rated()
        .filter(action=OuterRef("pk"), rating=Rating.BLUE)
        .filter(counts_as_at_q(as_at, known_now=known_now))
        .exclude(Exists(later_not_blue))
        .order_by("effective_date", "pk")
    )
    return Subquery(first_blue.values("effective_date")[:1])


def completed_on(
    updates: Iterable[ActionUpdate], as_at: datetime.date, *, known_now: bool = False
) -> datetime.date | None:
    """``completed_on_expression`` on an action's updates already in hand (any order)."""
    counted = sorted(
        (
            u
            for u in updates
            if u.kind in ActionUpdate.Kind.rated() and counts_as_at(u, as_at, known_now=known_now)
        ),
        key=lambda u: (u.effective_date, u.pk),
    )
    since = None
    for update in counted:
        if update.rating != Rating.BLUE:
            since = None
        elif since is None:
            since = update.effective_date
    return since


FINDING_UNANSWERED = "Unanswered"
FINDING_AT_RISK = "At risk"


def finding_flag(ratings: Iterable[str | None]) -> str:
    """Why a finding (an inspection's recommendation, a diagnostic's finding) needs the
    Board's attention, from the ratings of the actions answering it on the day shown:
    "Unanswered" with no action, "At risk" when every one is Red; else ""."""
    ratings = list(ratings)
    if not ratings:
        return FINDING_UNANSWERED
    if all(rating == Rating.RED for rating in ratings):
        return FINDING_AT_RISK
    return ""
