import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement_board.roles import Role
from indicators.models import Indicator, IndicatorValue
from indicators.periods import add_months
from tests.factories import IndicatorFactory, IndicatorValueFactory, PlanFactory, UserFactory
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def URL(plan=None) -> str:  # noqa: N802  (the page's address, as a constant was)
    return plan_url("indicators:scorecard", plan=plan)


MARCH_2020 = datetime.date(2020, 3, 1)


@pytest.fixture
def caseload(plan, action_owner):
    indicator = IndicatorFactory(
        plan=plan,
        owner=action_owner,
        name="Maximum caseload in assessment teams",
        polarity="lower",
        target=Decimal("22"),
        tolerance=Decimal("3"),
    )
    values = {
        datetime.date(2019, 3, 1): "46",
        datetime.date(2020, 2, 1): "36",
        datetime.date(2020, 3, 1): "34",
        datetime.date(2020, 4, 1): "33",
    }
    for period, value in values.items():
        IndicatorValueFactory(
            indicator=indicator,
            period=period,
            value=Decimal(value),
            commentary=f"Commentary for {period:%B %Y}.",
        )
    return indicator


def test_it_requires_login(client):
    response = client.get(URL())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_checks_membership(client, outsider, caseload):
    client.force_login(outsider)
    assert client.get(URL()).status_code == 404
    assert client.get(URL(caseload.plan)).status_code == 404


def test_it_shows_each_indicator_as_at_a_date(client, board_member, caseload):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": "2020-03-31"})
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "app-scorecard")
    assert rows[0] == [
        "Indicator",
        "Latest value",
        "Target and comparators",
        "Status",
        "Trend",
        "Latest commentary",
    ]
    name, latest, target, status, trend, commentary = rows[1]
    assert name.startswith("Maximum caseload in assessment teams")
    assert latest == "34 March 2020"
    assert target == "22 or lower Within tolerance to 25"
    assert status == "Off target"
    assert "Improving against 36 in February 2020" in trend
    assert "Improving against 46 in March 2019" in trend
    assert commentary == "Commentary for March 2020."


def test_a_later_value_shows_once_its_month_has_begun(client, board_member, caseload):
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": "2020-04-01"})
    assert table_rows(response.content.decode(), "app-scorecard")[1][1] == "33 April 2020"
    response = client.get(URL(), {"as_at": "2019-12-31"})
    assert table_rows(response.content.decode(), "app-scorecard")[1][1] == "46 March 2019"


def test_the_trend_is_an_svg_with_a_text_alternative_and_no_inline_style(
    client, board_member, caseload
):
    client.force_login(board_member)
    html = client.get(URL(), {"as_at": "2020-03-31"}).content.decode()
    assert '<svg class="app-sparkline"' in html
    assert f'aria-labelledby="trend-{caseload.pk}"' in html
    assert (
        f'<title id="trend-{caseload.pk}">Trend: From 46 in March 2019 to 34 in March 2020; '
        "highest 46, lowest 34. No value for 10 of the 13 months.</title>"
    ) in html
    assert "style=" not in html
    assert "<script>" not in html


def test_a_correction_replaces_the_value_shown(client, board_member, caseload, plan_manager):
    original = caseload.monthly_values.get(period=MARCH_2020)
    IndicatorValueFactory(
        indicator=caseload,
        period=MARCH_2020,
        value=Decimal("35"),
        commentary="Corrected.",
        supersedes=original,
        entered_by=plan_manager,
    )
    client.force_login(board_member)
    response = client.get(URL(), {"as_at": "2020-03-31"})
    row = table_rows(response.content.decode(), "app-scorecard")[1]
    assert row[1] == "35 March 2020"
    assert row[5] == "Corrected."


def test_an_indicator_without_values_says_so(client, board_member, plan):
    IndicatorFactory(plan=plan, name="New measure")
    client.force_login(board_member)
    response = client.get(URL())
    row = table_rows(response.content.decode(), "app-scorecard")[1]
    assert row[1] == "None yet"
    assert row[3] == "No value yet"


def test_entry_links_only_for_those_who_may_enter(client, plan, board_member, action_owner):
    other_owner = UserFactory(role=Role.ACTION_OWNER)
    plan.members.add(other_owner)
    IndicatorFactory(plan=plan, owner=action_owner)
    enter = plan_url("indicators:enter")
    for user, shown in [(board_member, False), (other_owner, False), (action_owner, True)]:
        client.force_login(user)
        assert (enter in client.get(URL()).content.decode()) is shown, user


def test_it_chooses_the_plan_named_in_the_query(client, board_member, caseload):
    other = PlanFactory(title="Second plan", members=[board_member])
    IndicatorFactory(plan=other, name="Only in the second plan")
    client.force_login(board_member)
    html = client.get(URL(other)).content.decode()
    assert "Only in the second plan" in html
    assert caseload.name not in html


def make_indicators(plan, owner, n: int) -> None:
    indicators = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            name=f"Indicator {i}",
            definition="Counted monthly.",
            unit="percent",
            polarity="higher",
            target=Decimal("90"),
            tolerance=Decimal("5"),
            owner=owner,
            position=i,
        )
        for i in range(n)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            period=add_months(MARCH_2020, -months),
            value=Decimal(80 + (i + months) % 15),
            commentary="Below target while staff are recruited.",
            entered_by=owner,
        )
        for i, indicator in enumerate(indicators)
        for months in range(13)
    )


def app_queries(captured) -> list[str]:
    """The request's queries less the session machinery every page shares."""
    return [
        query["sql"]
        for query in captured
        if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    ]


def test_query_count_does_not_grow_with_the_indicators(client, board_member, plan, action_owner):
    client.force_login(board_member)
    counts = []
    for n in (10, 200):
        Indicator.objects.filter(plan=plan).delete()
        make_indicators(plan, action_owner, n)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL(plan), {"as_at": "2020-03-31"})
        assert len(table_rows(response.content.decode(), "app-scorecard")) == n + 1
        counts.append(len(captured))
        queries = app_queries(captured)
        # The user, the plan, the indicators with their owners, the values in force up to
        # the day, the user's role groups, and the plans the menu and switcher offer.
        assert len(queries) == 6, queries
        assert "improvement_board_user" in queries[0]
        assert "indicators_indicator" in queries[2] and "improvement_board_user" in queries[2]
        assert "indicators_indicatorvalue" in queries[3]
        assert "auth_group" in queries[4]
        assert "plans_plan_members" in queries[5]
    assert counts[0] == counts[1]
