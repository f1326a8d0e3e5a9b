"""The demo plan reproduces the summary table of the Board report of 23 April 2020."""

import io

import pytest

from demo.plan import demo_load
from improvement_board.models import User
from tests.html import table_rows
from tests.module_data import kept_for_the_module
from tests.urls import plan_url

# Section 5 of the reference report, "Summary of progress", cell for cell.
REFERENCE_TABLE = [
    [
        "Section of Plan",
        "Total number of actions",
        "Blue – completed",
        "Green – on track",
        "Amber – some progress but slippage",
        "Red – not progressed as planned",
    ],
    ["Quality of Practice", "22", "1", "7", "10", "4"],
    ["Capacity and capability of workforce", "12", "3", "4", "2", "3"],
    ["Effective Leadership and Management", "9", "1", "5", "1", "2"],
    ["Quality Assurance and Performance Management", "9", "6", "2", "1", "0"],
    ["Partnership working", "10", "3", "4", "2", "1"],
    ["Total", "62", "14", "22", "16", "10"],
]


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield demo_load(stdout=io.StringIO())


def test_the_dashboard_as_at_the_board_date_shows_the_reference_table(client, demo):
    client.force_login(User.objects.get(username="manager"))
    response = client.get(plan_url("reports:dashboard"), {"as_at": "2020-04-23"})
    assert response.status_code == 200
    assert table_rows(response.content.decode(), "app-summary-table") == REFERENCE_TABLE


def test_earlier_dates_show_the_earlier_worse_picture(client, demo):
    client.force_login(User.objects.get(username="board"))
    response = client.get(plan_url("reports:dashboard"), {"as_at": "2020-01-31"})
    total = table_rows(response.content.decode(), "app-summary-table")[-1]
    assert total[0:2] == ["Total", "62"]
    blue, green, amber, red = (int(n) for n in total[2:6])
    assert blue < 14
    assert amber + red > 16 + 10
