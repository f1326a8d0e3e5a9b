import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.services import indicator_value_record
from tests.factories import ActionFactory, IndicatorFactory, SectionFactory, recorded_on
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(plan, action_owner, plan_manager):
    section = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    action = ActionFactory(section=section, reference="1.13", title="Visit children in care")
    indicator = IndicatorFactory(
        plan=plan,
        owner=action_owner,
        name="Statutory visits within timescale",
        unit="percent",
        polarity="higher",
        target=Decimal("95"),
        tolerance=Decimal("5"),
        england=Decimal("93"),
        comparators_note="Published figures.",
    )
    indicator.sections.set([section])
    indicator.actions.set([action])
    for month, value, commentary in [
        (1, "84", "Some visits not yet recorded."),
        (2, "90", "Within tolerance."),
        (3, "90", "Held before Covid-19."),
    ]:
        indicator_value_record(
            indicator=indicator,
            period=datetime.date(2020, month, 1),
            value=Decimal(value),
            commentary=commentary,
            entered_by=action_owner,
            entered_at=recorded_on(datetime.date(2020, month, 1)),
        )
    indicator_value_record(
        indicator=indicator,
        period=datetime.date(2020, 1, 1),
        value=Decimal("86"),
        commentary="Late visits added.",
        entered_by=plan_manager,
        entered_at=recorded_on(datetime.date(2020, 2, 10)),
    )
    return indicator


def test_it_requires_login(client, visits):
    assert client.get(visits.get_absolute_url()).status_code == 302


def test_it_checks_membership(client, outsider, visits):
    client.force_login(outsider)
    assert client.get(visits.get_absolute_url()).status_code == 404
    assert client.get(reverse("indicators:detail", args=["no-plan", 999999])).status_code == 404


def test_it_shows_the_whole_series_with_corrections(client, board_member, visits):
    client.force_login(board_member)
    response = client.get(visits.get_absolute_url(), {"as_at": "2020-03-31"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html, "app-series-table")
    assert [row[:5] for row in rows[1:]] == [
        ["March 2020", "90%", "Within tolerance", "No change", "No value"],
        ["February 2020", "90%", "Within tolerance", "Improving", "No value"],
        ["January 2020", "86%", "Off target", "No value", "No value"],
    ]
    assert "Late visits added." in rows[3][5]
    assert "Corrects 84%" in rows[3][5]
    assert "Some visits not yet recorded." in rows[3][5]
    assert "Visit children in care" in html
    assert "Quality of Practice" in html
    assert "England 93%" in html
    assert "Published figures." in html


def test_the_chart_is_an_svg_with_a_description(client, board_member, visits):
    client.force_login(board_member)
    html = client.get(visits.get_absolute_url(), {"as_at": "2020-03-31"}).content.decode()
    assert 'class="app-chart__svg"' in html
    assert (
        '<desc id="chart-desc">From 86% in January 2020 to 90% in March 2020; highest 90%, '
        "lowest 86%. The dashed line is the target, 95%.</desc>"
    ) in html
    assert "style=" not in html


def test_as_at_an_earlier_date_later_months_are_left_out(client, board_member, visits):
    client.force_login(board_member)
    response = client.get(visits.get_absolute_url(), {"as_at": "2020-01-31"})
    rows = table_rows(response.content.decode(), "app-series-table")
    assert [row[0] for row in rows[1:]] == ["January 2020"]


def test_the_entry_link_shows_for_the_owner_only(client, board_member, action_owner, visits):
    enter = plan_url("indicators:enter")
    client.force_login(board_member)
    assert enter not in client.get(visits.get_absolute_url()).content.decode()
    client.force_login(action_owner)
    assert enter in client.get(visits.get_absolute_url()).content.decode()
