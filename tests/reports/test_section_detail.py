import datetime

import pytest

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import ActionFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(plan):
    section = SectionFactory(plan=plan, title="Partnership working")
    action = ActionFactory(section=section, title="Launch the Early Help Hub")
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2019, 10, 20),
        rating=Rating.GREEN,
        commentary="Recruitment under way",
    )
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 4, 20),
        rating=Rating.BLUE,
        commentary="Hub live",
    )
    ActionFactory(section=section, title="Added later", added_on=datetime.date(2020, 1, 1))
    return section


def test_it_lists_the_actions_with_their_ratings(client, board_member, section):
    client.force_login(board_member)
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Launch the Early Help Hub" in html
    assert "Added later" in html
    assert "Blue" in html


def test_it_shows_the_section_as_at_a_past_date(client, board_member, section):
    client.force_login(board_member)
    response = client.get(section.get_absolute_url(), {"as_at": "2019-11-01"})
    html = response.content.decode()
    assert "Added later" not in html
    actions = list(response.context["actions"])
    assert [a.rating_as_at for a in actions] == [Rating.GREEN]


def test_it_checks_membership(client, outsider, section):
    client.force_login(outsider)
    assert client.get(section.get_absolute_url()).status_code == 404


def test_it_requires_login(client, section):
    assert client.get(section.get_absolute_url()).status_code == 302
