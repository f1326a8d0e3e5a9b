import datetime

import pytest
from django.urls import reverse

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import ActionFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")


@pytest.fixture
def rated_plan(plan):
    section = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    action = ActionFactory(section=section)
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2019, 10, 20),
        rating=Rating.GREEN,
        commentary="Started",
    )
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 3, 20),
        rating=Rating.AMBER,
        commentary="Covid-19",
        slippage_reason="external",
    )
    return plan


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_the_summary_in_the_board_wording(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for header in [
        "Section of Plan",
        "Total number of actions",
        "Blue – completed",
        "Green – on track",
        "Amber – some progress but slippage",
        "Red – not progressed as planned",
    ]:
        assert header in html
    assert "Quality of Practice" in html
    assert response.context["summary"].total.counts[Rating.AMBER] == 1


def test_it_shows_the_plan_as_at_a_past_date(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL, {"as_at": "2019-12-01"})
    summary = response.context["summary"]
    assert summary.as_at == datetime.date(2019, 12, 1)
    assert summary.total.counts[Rating.GREEN] == 1
    assert summary.total.counts[Rating.AMBER] == 0
    assert "as it stood on 1 December 2019" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not-a-date", "is not a date"),
        ("2020-02-30", "is not a date"),
        ("2999-01-01", "cannot be in the future"),
    ],
)
def test_a_bad_date_gets_a_message_not_an_error(client, board_member, rated_plan, value, message):
    client.force_login(board_member)
    response = client.get(URL, {"as_at": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["as_at"].is_today


def test_a_date_before_the_plan_started_says_so(client, board_member, rated_plan):
    client.force_login(board_member)
    response = client.get(URL, {"as_at": "2019-09-01"})
    assert response.status_code == 200
    assert "The plan had not started on 1 September 2019" in response.content.decode()


def test_it_checks_membership(client, outsider, rated_plan):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"plan": rated_plan.slug}).status_code == 404


def test_it_chooses_the_plan_named_in_the_query(client, board_member, rated_plan):
    other = PlanFactory(title="Second plan", members=[board_member])
    client.force_login(board_member)
    response = client.get(URL, {"plan": other.slug})
    assert response.context["plan"] == other
