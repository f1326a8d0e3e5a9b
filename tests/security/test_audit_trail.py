import pytest
from django.urls import reverse

from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent
from improvement_board.roles import Role
from tests.factories import ActionFactory, PlanFactory, SectionFactory, UserFactory
from tests.urls import plan_url

pytestmark = pytest.mark.django_db
URL = reverse("audit_trail")


def test_plan_managers_read_the_audit_trail(client, plan_manager, board_member, plan):
    client.force_login(plan_manager)
    client.post(reverse("login"), {"username": "board", "password": "wrong"})
    response = client.get(URL)
    assert response.status_code == 200
    assert "Failed sign-in" in response.content.decode()


def test_it_filters_by_kind(client, plan_manager, plan):
    audit_record(
        kind=AuditEvent.Kind.EXPORT, user=plan_manager, plan=plan, detail="CSV of 12 actions"
    )
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username=plan_manager.username)
    client.force_login(plan_manager)
    response = client.get(URL, {"kind": "export"})
    assert [e.kind for e in response.context["page"].object_list] == ["export"]


def test_it_is_for_plan_managers_only(client, board_member, action_owner):
    for user in (board_member, action_owner):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_it_requires_login(client):
    assert client.get(URL).status_code == 302


def test_the_trail_cannot_be_changed_or_deleted(plan_manager):
    event = audit_record(kind=AuditEvent.Kind.EXPORT, user=plan_manager)
    event.detail = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get().detail == ""


def test_the_admin_cannot_change_the_trail(admin_client, plan_manager):
    event = audit_record(kind=AuditEvent.Kind.EXPORT, user=plan_manager)
    change_url = reverse("admin:improvement_board_auditevent_change", args=[event.pk])
    response = admin_client.post(change_url, {"detail": "rewritten"})
    assert response.status_code == 403
    delete_url = reverse("admin:improvement_board_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.fixture
def other_plan(db):
    """A plan of which the plan manager is not a member, with its own manager and owner."""
    manager = UserFactory(username="other-pm", role=Role.PLAN_MANAGER)
    owner = UserFactory(username="other-owner", role=Role.ACTION_OWNER)
    return PlanFactory(members=[manager, owner])


def shown(client, user) -> list[str]:
    client.force_login(user)  # itself a sign-in event, with no detail
    return [event.detail for event in client.get(URL).context["page"].object_list if event.detail]


def test_a_plan_manager_sees_only_the_events_of_their_plans(
    client, plan_manager, action_owner, plan, other_plan
):
    other_owner = other_plan.members.get(username="other-owner")
    audit_record(kind=AuditEvent.Kind.DENIED, user=action_owner, plan=plan, detail="own plan")
    audit_record(kind=AuditEvent.Kind.DENIED, user=other_owner, plan=other_plan, detail="other")
    # An event of another plan stays there, even when its author is also a member here.
    plan.members.add(other_owner)
    audit_record(kind=AuditEvent.Kind.EXPORT, user=other_owner, plan=other_plan, detail="theirs")
    audit_record(kind=AuditEvent.Kind.LOGIN, user=action_owner, detail="member signs in")
    audit_record(kind=AuditEvent.Kind.LOGIN, user=other_owner, detail="shared member signs in")
    outsider = UserFactory(username="stranger")
    audit_record(kind=AuditEvent.Kind.LOGIN, user=outsider, detail="stranger signs in")
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="nobody", detail="no account")
    assert shown(client, plan_manager) == [
        "shared member signs in",
        "member signs in",
        "own plan",
    ]
    other_manager = other_plan.members.get(username="other-pm")
    assert shown(client, other_manager) == [
        "shared member signs in",
        "theirs",
        "other",
    ]


def test_superusers_see_every_event(client, plan, other_plan):
    audit_record(kind=AuditEvent.Kind.EXPORT, plan=plan, detail="one")
    audit_record(kind=AuditEvent.Kind.EXPORT, plan=other_plan, detail="two")
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="nobody", detail="three")
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert shown(client, admin) == ["three", "two", "one"]


def test_failed_sign_ins_on_a_members_account_reach_the_plans_managers(
    client, plan_manager, action_owner, plan, other_plan
):
    client.post(reverse("login"), {"username": action_owner.username, "password": "wrong"})
    client.post(reverse("login"), {"username": "other-owner", "password": "wrong"})
    client.post(reverse("login"), {"username": "no-such-account", "password": "wrong"})
    client.force_login(plan_manager)
    events = client.get(URL, {"kind": "login_failed"}).context["page"].object_list
    assert [event.username for event in events] == [action_owner.username]


def test_refused_writes_carry_their_plan(client, board_member, plan):
    client.force_login(board_member)
    assert client.post(reverse("plan_files:export_csv", args=[plan.slug])).status_code == 403
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DENIED)
    assert event.plan == plan


def test_the_page_costs_the_same_whatever_the_trail_holds(
    client, plan_manager, plan, django_assert_num_queries
):
    for n in range(60):
        audit_record(kind=AuditEvent.Kind.EXPORT, user=plan_manager, plan=plan, detail=str(n))
    client.force_login(plan_manager)
    client.get(URL)
    # session, user, roles, count, the council's name for the header, page of events (with
    # their users and plans)
    with django_assert_num_queries(6):
        assert client.get(URL, {"page": 2}).status_code == 200


def test_every_export_is_audited_with_its_plan(client, plan_manager, plan):
    section = SectionFactory(plan=plan)
    ActionFactory(section=section)
    client.force_login(plan_manager)
    downloads = [
        (reverse("plan_files:export_csv", args=[plan.slug]), {}),
        (reverse("plan_files:export_xlsx", args=[plan.slug]), {}),
        (plan_url("reports:all_actions"), {"plan": plan.slug, "export": "csv"}),
        (reverse("reports:section", args=[section.plan.slug, section.pk]), {"export": "xlsx"}),
    ]
    for address, query in downloads:
        assert client.get(address, query).status_code == 200
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).order_by("pk")
    assert [(event.user, event.plan) for event in events] == [(plan_manager, plan)] * 4
    assert [event.detail.rsplit(".", 1)[-1] for event in events] == ["csv", "xlsx", "csv", "xlsx"]
    assert "1 action as" in events[2].detail
    # Reading the trail itself is not an export.
    client.get(URL)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).count() == 4
