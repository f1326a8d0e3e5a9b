"""The API's summary of the demo plan as at the Board of 23 April 2020 is the dashboard's
table, and so the reference paper's."""

import pytest
from django.test import Client

from api.services import api_token_create
from demo.plan import demo_load
from improvement_board.models import User
from tests.html import table_rows
from tests.reports.test_reference_table import REFERENCE_TABLE

pytestmark = pytest.mark.django_db

RATINGS = ["blue", "green", "amber", "red"]


def test_the_api_summary_as_at_the_board_equals_the_dashboards(client):
    plan = demo_load()
    board = User.objects.get(username="board")
    client.force_login(board)
    dashboard = client.get(plan.get_absolute_url(), {"as_at": "2020-04-23"}).content.decode()
    dashboard_rows = table_rows(dashboard, "app-summary-table")[1:]

    api = Client(HTTP_AUTHORIZATION=f"Token {api_token_create(user=board, name='BI').key}")
    response = api.get(f"/api/plans/{plan.slug}/summary/", {"as_at": "2020-04-23"})
    api_rows = [
        [row["section"], str(row["total"]), *(str(row[rating]) for rating in RATINGS)]
        for row in response.json()
    ]
    assert api_rows == dashboard_rows == REFERENCE_TABLE[1:]

    actions = api.get(f"/api/plans/{plan.slug}/actions/", {"as_at": "2020-04-23"}).json()
    assert len(actions) == 62
    counted = {rating: sum(a["rating"] == rating for a in actions) for rating in RATINGS}
    assert counted == {"blue": 14, "green": 22, "amber": 16, "red": 10}
