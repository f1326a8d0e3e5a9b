"""Changing a person: names, email, roles and plans, and what a form may not undo."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from improvement_board.models import AuditEvent, User
from improvement_board.roles import Role
from plans.models import Plan
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def edit_url(person) -> str:
    return reverse("people:edit", args=[person.pk])


def shown_form(client, person) -> dict:
    """The form as the page shows it, ready to post back."""
    form = client.get(edit_url(person)).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = value if value is not None else ""
    return data


def roles_of(person) -> set[str]:
    return set(person.groups.values_list("name", flat=True))


def test_a_manager_changes_names_job_title_email_and_roles(
    manager_client, action_owner, plan_manager
):
    data = shown_form(manager_client, action_owner)
    data.update(
        first_name="Tomasz",
        last_name="Wiśniewski",
        email="t.wisniewski@exampleshire.gov.uk",
        job_title="Service Manager, MASH",
        roles=[Role.ACTION_OWNER.value, Role.PLAN_MANAGER.value],
    )
    response = manager_client.post(edit_url(action_owner), data)
    assert response.status_code == 302
    action_owner.refresh_from_db()
    assert action_owner.get_full_name() == "Tomasz Wiśniewski"
    assert action_owner.email == "t.wisniewski@exampleshire.gov.uk"
    assert action_owner.job_title == "Service Manager, MASH"
    assert roles_of(action_owner) == {Role.ACTION_OWNER.value, Role.PLAN_MANAGER.value}
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.PEOPLE)
    assert event.user == plan_manager
    assert event.plan is None
    assert "job title “Head of Service” → “Service Manager, MASH”" in event.detail
    assert "roles Action owner → Plan manager, Action owner" in event.detail


def test_saving_an_unchanged_form_changes_nothing_and_records_nothing(manager_client, action_owner):
    response = manager_client.post(edit_url(action_owner), shown_form(manager_client, action_owner))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PEOPLE).exists()


def test_plans_are_added_and_removed_with_an_event_for_each_plan(
    manager_client, plan_manager, action_owner, council_a
):
    second = PlanFactory(title="Second plan", members=[plan_manager])
    data = shown_form(manager_client, action_owner)
    data["plans"] = [second.pk]
    manager_client.post(edit_url(action_owner), data)
    assert list(action_owner.plans.all()) == [second]
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.PEOPLE).order_by("pk")
    assert [(event.plan, event.detail.split(") ")[-1]) for event in events] == [
        (second, "added to the plan"),
        (council_a, "removed from the plan"),
    ]


def test_memberships_of_other_councils_plans_are_kept_and_not_shown(
    manager_client, action_owner, council_b
):
    council_b.members.add(action_owner)
    html = manager_client.get(edit_url(action_owner)).content.decode()
    assert council_b.title not in html
    data = shown_form(manager_client, action_owner)
    data["plans"] = []
    manager_client.post(edit_url(action_owner), data)
    assert list(action_owner.plans.all()) == [council_b]


def test_a_stale_form_does_not_undo_a_membership_added_meanwhile(
    manager_client, plan_manager, action_owner
):
    second = PlanFactory(title="Second plan", members=[plan_manager])
    data = shown_form(manager_client, action_owner)
    second.members.add(action_owner)  # another manager, after the form was shown
    data["job_title"] = "Head of Quality Assurance"
    manager_client.post(edit_url(action_owner), data)
    assert second.members.filter(pk=action_owner.pk).exists()
    action_owner.refresh_from_db()
    assert action_owner.job_title == "Head of Quality Assurance"


def test_a_stale_form_does_not_undo_a_role_given_meanwhile(manager_client, action_owner):
    data = shown_form(manager_client, action_owner)
    action_owner.groups.add(Group.objects.get_or_create(name=Role.PLAN_MANAGER.value)[0])
    manager_client.post(edit_url(action_owner), data)
    assert Role.PLAN_MANAGER.value in roles_of(action_owner)


def test_a_manager_does_not_remove_an_overseer_role_they_cannot_see(manager_client, board_member):
    board_member.groups.add(Group.objects.get_or_create(name=Role.OVERSEER.value)[0])
    data = shown_form(manager_client, board_member)
    assert "Overseer" not in manager_client.get(edit_url(board_member)).content.decode()
    data["roles"] = [Role.BOARD_MEMBER.value]
    manager_client.post(edit_url(board_member), data)
    assert roles_of(board_member) == {Role.BOARD_MEMBER.value, Role.OVERSEER.value}


def test_a_manager_cannot_give_an_overseer_a_writing_role(manager_client, board_member):
    board_member.groups.add(Group.objects.get_or_create(name=Role.OVERSEER.value)[0])
    data = shown_form(manager_client, board_member)
    data["roles"] = [Role.BOARD_MEMBER.value, Role.ACTION_OWNER.value]
    response = manager_client.post(edit_url(board_member), data)
    assert response.status_code == 400
    assert "An overseer reads plans and never changes them" in response.content.decode()
    assert roles_of(board_member) == {Role.BOARD_MEMBER.value, Role.OVERSEER.value}


def test_a_manager_cannot_make_someone_an_overseer(manager_client, board_member):
    data = shown_form(manager_client, board_member)
    data["roles"] = [Role.BOARD_MEMBER.value, Role.OVERSEER.value]
    response = manager_client.post(edit_url(board_member), data)
    assert response.status_code == 400
    assert roles_of(board_member) == {Role.BOARD_MEMBER.value}


def test_a_manager_cannot_choose_organisations_overseen(manager_client, board_member, council_b):
    data = shown_form(manager_client, board_member)
    data["overseen"] = [council_b.organisation.pk]
    manager_client.post(edit_url(board_member), data)
    assert not board_member.overseen_organisations.exists()


def test_a_superuser_gives_the_overseer_role_and_organisations(client, board_member, council_b):
    client.force_login(UserFactory(username="root", is_superuser=True))
    data = shown_form(client, board_member)
    data["roles"] = [Role.BOARD_MEMBER.value, Role.OVERSEER.value]
    data["overseen"] = [council_b.organisation.pk]
    response = client.post(edit_url(board_member), data)
    assert response.status_code == 302
    assert roles_of(board_member) == {Role.BOARD_MEMBER.value, Role.OVERSEER.value}
    assert list(board_member.overseen_organisations.all()) == [council_b.organisation]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PEOPLE)
    assert "now oversees Otherton Borough Council" in event.detail


def test_a_superuser_cannot_make_a_plan_manager_an_overseer(client, plan_manager, council_a):
    client.force_login(UserFactory(username="root", is_superuser=True))
    data = shown_form(client, plan_manager)
    data["roles"] = [Role.PLAN_MANAGER.value, Role.OVERSEER.value]
    response = client.post(edit_url(plan_manager), data)
    assert response.status_code == 400
    assert roles_of(plan_manager) == {Role.PLAN_MANAGER.value}


def test_a_manager_cannot_remove_their_own_plan_manager_role(manager_client, plan_manager):
    data = shown_form(manager_client, plan_manager)
    data["roles"] = [Role.ACTION_OWNER.value]
    data["job_title"] = "Director"
    response = manager_client.post(edit_url(plan_manager), data)
    assert response.status_code == 400
    assert "You cannot remove your own plan manager role" in response.content.decode()
    plan_manager.refresh_from_db()
    assert roles_of(plan_manager) == {Role.PLAN_MANAGER.value}
    assert plan_manager.job_title == "Assistant Director"
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PEOPLE).exists()


def test_a_manager_may_not_change_a_superuser(manager_client, council_a):
    root = UserFactory(username="root", is_superuser=True, job_title="Administrator")
    council_a.members.add(root)
    assert manager_client.get(edit_url(root)).status_code == 403
    response = manager_client.post(edit_url(root), {"first_name": "X", "email": "x@example.org"})
    assert response.status_code == 403
    assert "Only a superuser can change a superuser" in response.content.decode()
    root.refresh_from_db()
    assert root.job_title == "Administrator"


def test_another_email_in_use_is_refused(manager_client, action_owner, board_member):
    data = shown_form(manager_client, action_owner)
    data["email"] = board_member.email.upper()
    response = manager_client.post(edit_url(action_owner), data)
    assert response.status_code == 400
    assert "An account with the email address" in response.content.decode()
    # What the user typed is shown back.
    assert board_member.email.upper() in response.content.decode()


def test_an_active_account_keeps_an_email_address(manager_client, action_owner):
    data = shown_form(manager_client, action_owner)
    data["email"] = ""
    assert manager_client.post(edit_url(action_owner), data).status_code == 400


def test_another_councils_person_is_not_found(manager_client, council_b, council_b_owner):
    assert manager_client.get(edit_url(council_b_owner)).status_code == 404
    assert manager_client.post(edit_url(council_b_owner), {}).status_code == 404


def test_a_new_starter_is_given_a_plan(manager_client, new_starter, council_a):
    data = shown_form(manager_client, new_starter)
    data["plans"] = [council_a.pk]
    data["roles"] = [Role.BOARD_MEMBER.value]
    manager_client.post(edit_url(new_starter), data)
    assert list(new_starter.plans.all()) == [council_a]
    assert roles_of(new_starter) == {Role.BOARD_MEMBER.value}


@pytest.mark.parametrize("who", ["action_owner", "board_member"])
def test_non_managers_are_refused(client, council_a, who, request, plan_manager):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(plan_manager)).status_code == 403
    response = client.post(edit_url(plan_manager), {"first_name": "X", "email": "x@example.org"})
    assert response.status_code == 403
    assert User.objects.get(pk=plan_manager.pk).first_name != "X"


def test_the_page_says_when_roles_follow_the_identity_providers_groups(
    manager_client, action_owner, settings
):
    assert "identity provider" not in manager_client.get(edit_url(action_owner)).content.decode()
    settings.OIDC_ISSUER = "https://login.example.org/tenant/v2.0"
    settings.OIDC_ROLE_GROUPS = {Role.PLAN_MANAGER: ["0b7c-managers"]}
    html = manager_client.get(edit_url(action_owner)).content.decode()
    assert "Roles here follow the groups people are in at the council's identity provider" in html


def test_a_change_of_roles_only_leaves_the_plans_pages_as_they_were(
    manager_client, action_owner, council_a
):
    """A name is on every plan's pages, a role on none: only the first raises revisions."""
    revision = Plan.objects.get(pk=council_a.pk).revision
    data = shown_form(manager_client, action_owner)
    data["roles"] = [Role.ACTION_OWNER.value, Role.BOARD_MEMBER.value]
    manager_client.post(edit_url(action_owner), data)
    assert Plan.objects.get(pk=council_a.pk).revision == revision
    data = shown_form(manager_client, action_owner)
    data["last_name"] = "Abdi-Whitfield"
    manager_client.post(edit_url(action_owner), data)
    assert Plan.objects.get(pk=council_a.pk).revision > revision
