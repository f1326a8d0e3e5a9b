"""The dashboard counts and sorts actions it already holds; these tests keep its answers
equal to the database's (plan_summary, exceptions_as_at, rating_movements)."""

import datetime
import random

import pytest

from actions.models import Rating
from actions.services import action_update_record
from improvement_board.spreadsheets import neutralise
from reports.dashboard import plan_dashboard
from reports.exceptions import exceptions_as_at
from reports.models import BoardMeeting
from reports.movement import (
    default_comparison,
    default_comparison_date,
    direction_of,
    rating_movements,
)
from reports.summary import plan_summary
from tests.factories import ActionFactory, PlanFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

DAYS = [datetime.date(2019, 10, 20) + datetime.timedelta(days=30 * n) for n in range(8)]


@pytest.fixture
def mixed_plan():
    """A plan with seeded random history: gaps, back-dated entries, late additions,
    revised dates, actions never updated and a section with no actions."""
    rng = random.Random(4)
    plan = PlanFactory()
    sections = [SectionFactory(plan=plan, number=n) for n in range(1, 5)]
    lead = UserFactory()
    for i in range(40):
        added = rng.choice([plan.start_date, plan.start_date, DAYS[3], DAYS[5]])
        action = ActionFactory(
            section=rng.choice(sections[:3]),
            reference=f"{i:02d}",
            lead=lead,
            added_on=added,
            original_due_date=rng.choice([None, DAYS[2], DAYS[4], DAYS[7]]),
        )
        for day in sorted(rng.sample(DAYS, rng.randint(0, 5))):
            rating = rng.choice(Rating.values)
            action_update_record(
                action=action,
                author=lead,
                effective_date=max(day, added),
                rating=rating,
                commentary=f"{rating} on {day}",
                slippage_reason="other" if rating in ("amber", "red") else "",
                revised_due_date=rng.choice([None, None, DAYS[6]]),
            )
    return plan


def counts(summary):
    return [(r.title, r.total, r.counts) for r in [*summary.rows, summary.total]]


def test_the_dashboard_agrees_with_the_database(mixed_plan):
    for n in range(1, 8):
        as_at, since = DAYS[n] + datetime.timedelta(days=3), DAYS[n - 1]
        check_dashboard(mixed_plan, as_at, since)


def check_dashboard(mixed_plan, as_at, since):
    board = plan_dashboard(mixed_plan, as_at, since)
    assert counts(board.summary) == counts(plan_summary(mixed_plan, as_at))
    assert counts(board.summary_then) == counts(plan_summary(mixed_plan, since))

    from_db = exceptions_as_at(mixed_plan, as_at)
    assert [a.pk for a in board.red_amber.shown] == [a.pk for a in from_db.red_amber]
    assert [a.pk for a in board.overdue.shown] == [a.pk for a in from_db.overdue]
    assert [a.pk for a in board.stale.shown] == [a.pk for a in from_db.stale]
    assert [a.pk for a in board.moved.shown] == [
        a.pk for a in rating_movements(mixed_plan, since=since, as_at=as_at)
    ]
    # Shown in part, the lists keep their order and their full count.
    first = plan_dashboard(mixed_plan, as_at, since, limit=3)
    for name in ("red_amber", "overdue", "stale", "moved"):
        whole, part = getattr(board, name), getattr(first, name)
        assert part.total == whole.total == len(whole.shown)
        assert [a.pk for a in part.shown] == [a.pk for a in whole.shown[:3]]
        assert part.more == (whole.total > 3)


def test_actions_never_updated_count_as_stale_and_overdue():
    plan = PlanFactory()
    ActionFactory(section=SectionFactory(plan=plan), original_due_date=DAYS[1], title="Quiet")
    found = exceptions_as_at(plan, DAYS[4])
    assert [a.title for a in found.stale] == ["Quiet"]
    assert [a.title for a in found.overdue] == ["Quiet"]


def test_default_comparison_prefers_the_previous_board_meeting():
    plan = PlanFactory()
    day = datetime.date(2020, 4, 23)
    assert default_comparison(plan, day).basis == "one month earlier"
    assert default_comparison_date(plan, day) == datetime.date(2020, 3, 23)
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2020, 1, 30))
    BoardMeeting.objects.create(plan=plan, date=datetime.date(2020, 3, 26))
    BoardMeeting.objects.create(plan=plan, date=day)
    BoardMeeting.objects.create(plan=PlanFactory(), date=datetime.date(2020, 4, 1))
    assert default_comparison_date(plan, day) == datetime.date(2020, 3, 26)
    assert default_comparison(plan, day).basis == "the previous Board meeting"
    # Passing the meeting already looked up costs no query.
    assert default_comparison(plan, day, None).date == datetime.date(2020, 3, 23)


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        ("amber", "green", "↑ Improved from Amber"),
        ("green", "red", "↓ Worsened from Green"),
        ("red", "red", "→ No change"),
        (None, "green", "• Newly rated"),
        ("green", None, "Not rated"),
    ],
)
def test_direction_is_written_in_words(before, after, text):
    assert str(direction_of(before, after)) == text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1634", "'+44 1634"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("  =1+1", "'  =1+1"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        (None, ""),
        (datetime.date(2020, 4, 23), "2020-04-23"),
    ],
)
def test_csv_cells_never_start_a_formula(value, cell):
    assert neutralise(value) == cell


def test_a_section_without_actions_still_has_its_row():
    plan = PlanFactory()
    SectionFactory(plan=plan, title="Empty")
    board = plan_dashboard(plan, DAYS[3], DAYS[2])
    assert [(r.title, r.total) for r in board.summary.rows] == [("Empty", 0)]
    assert [(r.title, r.total) for r in board.summary_then.rows] == [("Empty", 0)]
