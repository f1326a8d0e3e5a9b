"""What was known on the day, and what is known now.

A page or paper "as at D" shows what was known at the end of D: records that took effect
by then and had been recorded by then. "As known now" shows the same period with what was
recorded since, marked as restated. Completion dates come from the sign-off, and the
latest commentary is the owner's.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Rating
from actions.services import action_update_record
from indicators.models import IndicatorValue
from indicators.scorecard import scorecard_rows
from reports.paper_figures import report_figures
from tests.factories import (
    ActionFactory,
    IndicatorFactory,
    SectionFactory,
    UserFactory,
    recorded_on,
)
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db

BOARD = datetime.date(2020, 4, 23)


@pytest.fixture
def caseloads(plan, action_owner):
    indicator = IndicatorFactory(plan=plan, owner=action_owner, name="Average caseload")
    march = IndicatorValue.objects.create(
        indicator=indicator,
        period=datetime.date(2020, 3, 1),
        value=Decimal("19"),
        commentary="On target.",
        entered_by=action_owner,
        entered_at=recorded_on(datetime.date(2020, 4, 3)),
    )
    april = IndicatorValue.objects.create(
        indicator=indicator,
        period=datetime.date(2020, 4, 1),
        value=Decimal("18"),
        commentary="On target.",
        entered_by=action_owner,
        entered_at=recorded_on(datetime.date(2020, 4, 21)),
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period=datetime.date(2020, 4, 1),
        value=Decimal("23"),
        commentary="Corrected: agency staff left out.",
        entered_by=action_owner,
        entered_at=recorded_on(datetime.date(2020, 5, 6)),
        supersedes=april,
    )
    return indicator, march


def test_a_value_is_not_known_before_it_is_entered(plan, caseloads):
    (row,) = scorecard_rows(plan, datetime.date(2020, 4, 20))
    assert row.latest.period == datetime.date(2020, 3, 1)
    assert row.latest.value == Decimal("19")


def test_a_correction_made_later_does_not_change_the_picture_as_known_then(plan, caseloads):
    (then,) = scorecard_rows(plan, datetime.date(2020, 4, 30))
    assert (then.latest.value, then.latest.restated) == (Decimal("18"), False)
    (now,) = scorecard_rows(plan, datetime.date(2020, 4, 30), known_now=True)
    assert (now.latest.value, now.latest.restated) == (Decimal("23"), True)


def test_the_scorecard_page_marks_a_restated_value(client, board_member, plan, caseloads):
    client.force_login(board_member)
    url = plan_url("indicators:scorecard")
    then = client.get(url, {"as_at": "2020-04-30"}).content.decode()
    assert "18" in then and "Restated since" not in then
    now = client.get(url, {"as_at": "2020-04-30", "known": "now"}).content.decode()
    assert "23" in now and "Restated since" in now


@pytest.fixture
def backdated(plan):
    """An Amber action at the April Board; on 3 May its owner back-dates a Red into
    April."""
    lead = UserFactory(first_name="Rachel", last_name="Danson")
    action = ActionFactory(
        section=SectionFactory(plan=plan, number=1, title="Quality of Practice"),
        reference="2.04",
        title="Audit case files",
        lead=lead,
    )
    for day, rating, words in [
        (datetime.date(2020, 3, 20), Rating.GREEN, "Audits under way."),
        (datetime.date(2020, 4, 10), Rating.AMBER, "Audits paused."),
    ]:
        action_update_record(
            action=action,
            author=lead,
            effective_date=day,
            recorded_at=recorded_on(day),
            rating=rating,
            commentary=words,
            slippage_reason="capacity" if rating == Rating.AMBER else "",
        )
    action_update_record(
        action=action,
        author=lead,
        effective_date=datetime.date(2020, 4, 20),
        recorded_at=recorded_on(datetime.date(2020, 5, 3)),
        rating=Rating.RED,
        commentary="Stopped in April: no auditors.",
        slippage_reason="capacity",
    )
    return action


def test_a_backdated_update_leaves_the_past_boards_picture_alone(
    client, board_member, plan, backdated
):
    client.force_login(board_member)
    then = client.get(plan_url("reports:dashboard"), {"as_at": BOARD.isoformat()})
    rows = table_rows(then.content.decode(), "app-red-amber-table")[1:]
    assert [row[1] for row in rows] == ["Amber"]
    assert "1 action had updates about this period recorded later." in then.content.decode()
    assert "Show it as known now" in then.content.decode()
    figures = report_figures(plan=plan, as_at=BOARD, since=BOARD, appendix=False)
    assert [a.rating_as_at for a in figures.exceptions] == [Rating.AMBER]


def test_as_known_now_the_backdated_update_shows_marked_as_restated(
    client, board_member, plan, backdated
):
    client.force_login(board_member)
    response = client.get(
        plan_url("reports:dashboard"), {"as_at": BOARD.isoformat(), "known": "now"}
    )
    html = response.content.decode()
    rows = table_rows(html, "app-red-amber-table")[1:]
    assert [row[1] for row in rows] == ["Red"]
    assert "Restated since 23 April 2020" in html
    assert (
        "2.04</strong>’s rating was back-dated into this period (to 20 April 2020) "
        "on 3 May 2020 by Rachel Danson"
    ) in html
    # The two pictures are kept apart.
    then = client.get(plan_url("reports:dashboard"), {"as_at": BOARD.isoformat()})
    assert [row[1] for row in table_rows(then.content.decode(), "app-red-amber-table")[1:]] == [
        "Amber"
    ]


def test_the_action_page_marks_a_restated_update(client, board_member, backdated):
    client.force_login(board_member)
    url = backdated.get_absolute_url()
    then = client.get(url, {"as_at": BOARD.isoformat()})
    assert then.context["rating"] == Rating.AMBER
    assert "Stopped in April" not in then.content.decode()
    now = client.get(url, {"as_at": BOARD.isoformat(), "known": "now"})
    assert now.context["rating"] == Rating.RED
    assert "Restated since" in now.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_at": "2020-13-45"}, "must be a real date"),
        ({"as_at": "2999-01-01"}, "cannot be in the future"),
        ({"as_at": "2019-01-01"}, "The plan had not started on 1 January 2019"),
        ({"as_at": "2020-04-23", "since": "2020-05-01"}, "The comparison date must be before"),
        ({"as_at": "2020-04-23", "since": "soon"}, "must be a real date"),
    ],
)
def test_bad_dates_get_a_clear_message_on_every_reading_page(
    client, board_member, plan, backdated, params, message
):
    client.force_login(board_member)
    section = backdated.section
    for url in (
        plan_url("reports:dashboard"),
        plan_url("reports:all_actions"),
        reverse("reports:section", args=[section.plan.slug, section.pk]),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert message in response.content.decode(), url


def test_an_export_with_a_bad_date_is_not_a_file_for_another_day(client, board_member, backdated):
    client.force_login(board_member)
    response = client.get(plan_url("reports:all_actions"), {"as_at": "2999-01-01", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "cannot be in the future" in response.content.decode()
