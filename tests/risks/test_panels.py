"""The risk log's part in the actions' pages: an owner's risks on My actions, and the
risks and issues affecting an action on its page."""

import datetime

import pytest
from django.urls import reverse

from risks.models import Risk

from .factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date


def test_my_actions_lists_my_open_risks_those_needing_an_update_first_flagged(
    client_for, plan, action_owner, plan_manager
):
    stale = RiskFactory(plan=plan, owner=action_owner, reference="R1")
    RiskUpdateFactory(risk=stale, effective_date=DAY(2020, 1, 16))
    fresh = RiskFactory(plan=plan, owner=action_owner, reference="R2")
    RiskUpdateFactory(risk=fresh, effective_date=datetime.date.today())
    closed = RiskFactory(plan=plan, owner=action_owner, reference="R3")
    RiskUpdateFactory(risk=closed, status="closed")
    RiskUpdateFactory(risk=RiskFactory(plan=plan, owner=plan_manager, reference="R4"))
    response = client_for(action_owner).get(reverse("actions:my_actions"))
    (panel,) = response.context["panels"]
    shown = {risk.reference: risk.update_due for risk in panel.context["risks"]}
    assert shown == {"R1": True, "R2": False}
    assert "1 needs an update this month." in response.content.decode()


def test_an_actions_page_shows_the_risks_affecting_it_as_at_the_day_shown(
    client_for, plan, board_member, plan_actions
):
    action = plan_actions[0]
    issue = RiskFactory(
        plan=plan,
        kind=Risk.Kind.ISSUE,
        reference="I3",
        title="Covid-19: the pandemic has shifted all our priorities",
        raised_on=DAY(2020, 3, 16),
        actions=[action],
    )
    RiskUpdateFactory(risk=issue)
    client = client_for(board_member)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Risks and issues affecting this action" in page
    assert "I3 Covid-19: the pandemic has shifted all our priorities" in page
    before = client.get(action.get_absolute_url(), {"as_at": "2020-03-01"}).content.decode()
    assert "I3 Covid-19" not in before
