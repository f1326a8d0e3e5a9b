"""My actions: the action owner's home page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Rating
from actions.services import action_update_post, action_update_record
from improvement_board.roles import Role
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    PlanFactory,
    SectionFactory,
    UserFactory,
)
from tests.html import table_rows

pytestmark = pytest.mark.django_db

URL = reverse("actions:my_actions")


def rows(html: str) -> list[list[str]]:
    return [row for row in table_rows(html, "app-my-actions") if row[0] != "Action"]


def test_it_lists_actions_i_lead_or_am_a_delegate_on_grouped_by_section(
    client, action_owner, plan, other_owner
):
    first = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    second = SectionFactory(plan=plan, number=2, title="Workforce")
    ActionFactory(section=first, reference="1.01", title="Led by me", lead=action_owner)
    delegated = ActionFactory(section=second, reference="2.01", title="Delegated to me")
    delegated.delegates.add(action_owner)
    ActionFactory(section=first, reference="1.02", title="Someone else's", lead=other_owner)
    client.force_login(action_owner)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert [row[0] for row in rows(html)] == ["1.01 Led by me", "2.01 Delegated to me"]
    assert "1. Quality of Practice" in html and "2. Workforce" in html
    assert "Someone else" not in html


def test_it_flags_what_needs_an_update_and_what_is_overdue(client, action_owner, plan):
    section = SectionFactory(plan=plan)
    today = timezone.localdate()
    stale = ActionFactory(
        section=section,
        reference="1.01",
        lead=action_owner,
        current_due_date=datetime.date(2020, 1, 31),
    )
    action_update_record(
        action=stale,
        author=action_owner,
        effective_date=datetime.date(2020, 3, 20),
        rating=Rating.AMBER,
        commentary="Slipping",
        slippage_reason="capacity",
    )
    fresh = ActionFactory(
        section=section,
        reference="1.02",
        lead=action_owner,
        current_due_date=today.replace(year=today.year + 1),
    )
    action_update_record(
        action=fresh,
        author=action_owner,
        effective_date=today,
        rating=Rating.GREEN,
        commentary="Fine",
    )
    client.force_login(action_owner)
    response = client.get(URL)
    found = {row[0].split()[0]: row for row in rows(response.content.decode())}
    stale_row, fresh_row = found["1.01"], found["1.02"]
    assert stale_row[1] == "Amber"
    assert "Overdue" in stale_row[2]
    assert stale_row[3] == "20 Mar 2020 by you"
    assert "Update due" in stale_row[4] or "Update late" in stale_row[4]
    assert "Overdue" not in fresh_row[2]
    assert fresh_row[4].startswith("Updated")
    assert response.context["due_count"] == 1
    assert "1 needs an update" in response.content.decode()


def test_the_update_deadline_is_the_plans(client, action_owner, plan):
    plan.update_deadline_day = 5
    plan.save()
    ActionFactory(section=SectionFactory(plan=plan), lead=action_owner)
    client.force_login(action_owner)
    html = client.get(URL).content.decode()
    deadline = timezone.localdate().replace(day=5)
    assert f"are due by <strong>{deadline:%-d %B %Y}</strong>" in html


def test_an_owner_sees_a_proposal_waiting(client, action_owner, plan):
    action = ActionFactory(section=SectionFactory(plan=plan), lead=action_owner)
    EvidenceFactory(action=action)
    action_update_post(
        action=action,
        author=action_owner,
        effective_date=timezone.localdate(),
        rating=Rating.BLUE,
        commentary="Done",
        expected_version=action.version,
    )
    client.force_login(action_owner)
    (row,) = rows(client.get(URL).content.decode())
    assert row[1].startswith("Not rated Completion proposed")


def test_plan_managers_see_completions_waiting_for_sign_off(
    client, plan_manager, action_owner, plan
):
    action = ActionFactory(section=SectionFactory(plan=plan), lead=action_owner, title="Done one")
    EvidenceFactory(action=action)
    action_update_post(
        action=action,
        author=action_owner,
        effective_date=timezone.localdate(),
        rating=Rating.BLUE,
        commentary="Done",
        expected_version=action.version,
    )
    client.force_login(plan_manager)
    html = client.get(URL).content.decode()
    waiting = table_rows(html, "app-sign-off-table")
    assert waiting[1][0].endswith("Done one")
    assert reverse("actions:sign_off", args=[action.plan.slug, action.pk]) in html


def test_superseded_plans_and_plans_i_left_are_not_listed(client, action_owner, plan):
    ActionFactory(section=SectionFactory(plan=plan), lead=action_owner, title="Current")
    old = PlanFactory(status="superseded", members=[action_owner])
    ActionFactory(section=SectionFactory(plan=old), lead=action_owner, title="Old plan")
    gone = PlanFactory()
    ActionFactory(section=SectionFactory(plan=gone), lead=action_owner, title="Not a member")
    client.force_login(action_owner)
    titles = [row[0] for row in rows(client.get(URL).content.decode())]
    assert len(titles) == 1 and titles[0].endswith("Current")


def build(plan, owner, n: int, first: int = 1):
    for i in range(first, first + n):
        section = SectionFactory(plan=plan, number=i)
        action = ActionFactory(section=section, lead=owner, reference=f"{i}.01")
        action.delegates.add(UserFactory())
        for month in (10, 11, 12):
            action_update_record(
                action=action,
                author=owner,
                effective_date=datetime.date(2019, month, 20),
                rating=Rating.GREEN,
                commentary="On track",
            )


def test_the_query_count_does_not_grow_with_the_actions(client, plan_manager, plan):
    # A plan manager who leads actions sees both lists: the most work this page does.
    client.force_login(plan_manager)
    build(plan, plan_manager, 2)
    client.get(URL)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries.captured_queries)

    small = count()
    build(plan, plan_manager, 30, first=3)
    large = count()
    # Session, user, the actions (with their plans, councils and sections), roles, the
    # completions waiting for sign-off, whether the person owns any risk, the menu's plans.
    assert small == large <= 7


def test_sign_in_lands_owners_on_my_actions_and_others_on_the_dashboard(client, plan, settings):
    # Where each lands, password alone (the plan manager's second step is tested elsewhere).
    settings.MFA_REQUIRED_FOR_MANAGERS = False
    owner = UserFactory(username="rachel", role=Role.ACTION_OWNER)
    manager = UserFactory(username="jean", role=Role.PLAN_MANAGER)
    board = UserFactory(username="margaret", role=Role.BOARD_MEMBER)
    plan.members.add(manager, board)
    for user, landing in (
        (owner, reverse("actions:my_actions")),
        # Home, which for a member of one plan is that plan's dashboard.
        (manager, reverse("reports:home")),
        (board, reverse("reports:home")),
    ):
        client.logout()
        response = client.post(
            reverse("login"), {"username": user.username, "password": "correct-horse-battery"}
        )
        assert response.status_code == 302
        assert client.get(response.url).url == landing


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
