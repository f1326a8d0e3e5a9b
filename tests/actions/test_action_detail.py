import datetime

import pytest

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import ActionFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(plan):
    action = ActionFactory(section=SectionFactory(plan=plan), title="Relaunch the QA framework")
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2019, 10, 20),
        rating=Rating.GREEN,
        commentary="New audit tool drafted",
    )
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 3, 20),
        rating=Rating.AMBER,
        commentary="Audit round paused for Covid-19",
        slippage_reason="external",
        revised_due_date=datetime.date(2020, 7, 31),
    )
    return action


def test_it_shows_details_and_history(client, board_member, action):
    client.force_login(board_member)
    response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Relaunch the QA framework" in html
    assert "Audit round paused for Covid-19" in html
    assert "New audit tool drafted" in html
    assert "External event (e.g. Covid-19)" in html
    assert "31 July 2020" in html
    assert response.context["rating"] == Rating.AMBER


def test_as_at_hides_what_came_later(client, board_member, action):
    client.force_login(board_member)
    response = client.get(action.get_absolute_url(), {"as_at": "2019-12-01"})
    html = response.content.decode()
    assert "Audit round paused" not in html
    assert "31 July 2020" not in html
    assert response.context["rating"] == Rating.GREEN


def test_it_checks_membership(client, outsider, action):
    client.force_login(outsider)
    assert client.get(action.get_absolute_url()).status_code == 404


def test_it_requires_login(client, action):
    assert client.get(action.get_absolute_url()).status_code == 302
