import datetime

import pytest

from actions.models import Rating
from actions.rules import one_reporting_month_before
from actions.services import action_update_record
from reports.exceptions import exceptions_as_at
from reports.movement import direction, rating_movements, section_movements
from reports.summary import plan_summary
from tests.factories import ActionFactory, PlanFactory, SectionFactory, recorded_on

pytestmark = pytest.mark.django_db

FEB = datetime.date(2020, 2, 20)
MAR = datetime.date(2020, 3, 20)
APR = datetime.date(2020, 4, 23)


def record(action, when, rating, **kwargs):
    kwargs.setdefault("slippage_reason", "external" if rating in ("amber", "red") else "")
    return action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=f"{rating} because of events on {when}",
        **kwargs,
    )


@pytest.fixture
def plan():
    plan = PlanFactory()
    section = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    steady = ActionFactory(
        section=section,
        reference="1.01",
        title="Steady",
        original_due_date=datetime.date(2020, 12, 31),
    )
    slipping = ActionFactory(section=section, reference="1.02", title="Slipping")
    finished = ActionFactory(section=section, reference="1.03", title="Finished")
    silent = ActionFactory(section=section, reference="1.04", title="Silent", original_due_date=MAR)
    for action in (steady, slipping, finished, silent):
        record(action, FEB, Rating.GREEN)
    record(steady, MAR, Rating.GREEN)
    record(slipping, MAR, Rating.AMBER, revised_due_date=datetime.date(2020, 9, 30))
    record(finished, MAR, Rating.BLUE)
    record(slipping, APR, Rating.RED)
    record(steady, APR, Rating.GREEN)
    return plan


def test_rating_movements_list_what_changed_with_its_commentary(plan):
    moved = list(rating_movements(plan, since=FEB, as_at=MAR))
    assert [(a.title, a.rating_before, a.rating_as_at) for a in moved] == [
        ("Slipping", "green", "amber"),
        ("Finished", "green", "blue"),
    ]
    assert moved[0].commentary_as_at == "amber because of events on 2020-03-20"


def test_section_movements_count_the_change_in_each_rating(plan):
    before, after = plan_summary(plan, FEB), plan_summary(plan, MAR)
    section, total = section_movements(before, after)
    assert dict(section.changes) == {"blue": 1, "green": -2, "amber": 1, "red": 0}
    assert total.title == "Total" and total.moved


def test_direction_reads_worst_to_best():
    assert direction("green", "blue") == "improved"
    assert direction("green", "red") == "worsened"
    assert direction("amber", "amber") == "unchanged"
    assert direction(None, "green") == "new"


def test_exceptions_as_at(plan):
    at_apr = exceptions_as_at(plan, APR)
    assert [(a.title, a.rating_as_at) for a in at_apr.red_amber] == [("Slipping", "red")]
    assert at_apr.red_amber[0].slippage_reason_as_at == "external"
    # Silent was due in March, is not Blue, and last updated in February.
    assert [a.title for a in at_apr.overdue] == ["Silent"]
    assert [a.title for a in at_apr.stale] == ["Silent"]
    at_mar = exceptions_as_at(plan, MAR)
    assert [a.title for a in at_mar.red_amber] == ["Slipping"]
    assert list(at_mar.overdue) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2020, 3, 31), datetime.date(2020, 2, 29)),
        (datetime.date(2020, 1, 15), datetime.date(2019, 12, 15)),
        (datetime.date(2020, 12, 31), datetime.date(2020, 11, 30)),
    ],
)
def test_one_reporting_month_before(day, expected):
    assert one_reporting_month_before(day) == expected
