"""The people list: whom a plan manager sees, searching, filtering and paging."""

import pytest
from django.urls import reverse

from improvement_board.roles import Role
from people.models import Deactivation
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")


def listed(response) -> list[str]:
    return [person.username for person in response.context["page"].object_list]


def test_a_manager_sees_their_plans_people_and_new_starters_only(
    manager_client, council_b, council_b_owner, new_starter
):
    response = manager_client.get(LIST)
    assert response.status_code == 200
    assert set(listed(response)) == {"pm", "owner", "board", "starter"}
    html = response.content.decode()
    assert council_b_owner.email not in html
    assert "Otherton" not in html


def test_the_other_councils_manager_never_sees_the_first_councils_people(
    client, council_a, council_b, council_b_manager, new_starter
):
    client.force_login(council_b_manager)
    assert set(listed(client.get(LIST))) == {"b-manager", "b-owner", "starter"}


def test_someone_in_both_councils_plans_is_listed_with_only_the_managers_plans(
    manager_client, council_a, council_b, council_b_owner
):
    council_a.members.add(council_b_owner)
    response = manager_client.get(LIST)
    (row,) = [p for p in response.context["page"].object_list if p.username == "b-owner"]
    assert [plan.title for plan in row.shown_plans] == [council_a.title]


def test_a_placeholder_left_in_no_plan_is_seen_by_superusers_only(client, manager_client):
    """Once an import's placeholder has handed its actions on it belongs to no plan, and
    could be any council's: its name is not shown to every council's managers."""
    UserFactory(username="head-of-service-mash", is_active=False)
    assert "head-of-service-mash" not in listed(manager_client.get(LIST))
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert "head-of-service-mash" in listed(client.get(LIST))


def test_overseers_and_superusers_in_no_plan_are_not_new_starters(manager_client, council_b):
    overseer = UserFactory(username="adviser", role=Role.OVERSEER)
    council_b.organisation.overseers.add(overseer)
    UserFactory(username="root", is_superuser=True)
    assert set(listed(manager_client.get(LIST))) == {"pm", "owner", "board"}


def test_a_superuser_sees_everyone(client, council_a, council_b, new_starter):
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    assert set(listed(client.get(LIST))) == {
        "pm",
        "owner",
        "board",
        "b-manager",
        "b-owner",
        "starter",
        "root",
    }


def test_search_by_name_or_email(manager_client, action_owner):
    action_owner.first_name, action_owner.last_name = "Priya", "Raman"
    action_owner.email = "p.raman@exampleshire.gov.uk"
    action_owner.save()
    assert listed(manager_client.get(LIST, {"q": "priya"})) == ["owner"]
    assert listed(manager_client.get(LIST, {"q": "Priya Raman"})) == ["owner"]
    assert listed(manager_client.get(LIST, {"q": "EXAMPLESHIRE.gov"})) == ["owner"]
    assert listed(manager_client.get(LIST, {"q": "nobody-at-all"})) == []


def test_filter_by_plan(manager_client, plan_manager, action_owner, council_a):
    second = PlanFactory(title="Second plan", members=[plan_manager, action_owner])
    assert set(listed(manager_client.get(LIST, {"plan": second.pk}))) == {"pm", "owner"}


def test_a_plan_of_another_council_is_not_a_filter(manager_client, council_b):
    response = manager_client.get(LIST, {"plan": council_b.pk})
    # The filter is ignored as invalid: never a way to list the other council's people.
    assert "b-owner" not in listed(response)


def test_filter_and_show_status(manager_client, council_a, plan_manager):
    placeholder = UserFactory(username="placeholder", is_active=False)
    leaver = UserFactory(username="leaver", is_active=False)
    Deactivation.objects.create(user=leaver, deactivated_by=plan_manager)
    council_a.members.add(placeholder, leaver)
    assert listed(manager_client.get(LIST, {"status": "placeholder"})) == ["placeholder"]
    assert listed(manager_client.get(LIST, {"status": "deactivated"})) == ["leaver"]
    assert "leaver" not in listed(manager_client.get(LIST, {"status": "active"}))
    rows = {p.username: p.status_label for p in manager_client.get(LIST).context["page"]}
    assert rows["placeholder"] == "Placeholder"
    assert rows["leaver"] == "Deactivated"
    assert rows["pm"] == "Active"


def test_an_account_closed_elsewhere_after_use_is_deactivated_not_a_placeholder(
    manager_client, council_a
):
    from django.utils import timezone

    closed = UserFactory(username="closed", is_active=False, last_login=timezone.now())
    council_a.members.add(closed)
    assert listed(manager_client.get(LIST, {"status": "deactivated"})) == ["closed"]


def test_paged_and_the_query_costs_the_same_for_more_people(
    manager_client, council_a, django_assert_num_queries
):
    council_a.members.add(*UserFactory.create_batch(3, role=Role.ACTION_OWNER))
    # session, user, roles, count, the page of people, their plans, their roles, the
    # filter's plans, and the page's header: the menu's plans, which also name the council
    with django_assert_num_queries(9):
        manager_client.get(LIST)
    council_a.members.add(*UserFactory.create_batch(60, role=Role.ACTION_OWNER))
    with django_assert_num_queries(9):
        response = manager_client.get(LIST)
    assert len(response.context["page"].object_list) == 50
    second = manager_client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 66 - 50


def test_the_people_item_is_in_the_navigation_for_plan_managers(manager_client):
    labels = [item.label for item in manager_client.get(LIST).context["navigation"]]
    assert "People" in labels


@pytest.mark.parametrize("who", ["action_owner", "board_member"])
def test_non_managers_are_refused(client, council_a, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
