import pytest
from django.urls import reverse

from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("audit_trail")


def test_plan_managers_read_the_audit_trail(client, plan_manager, board_member):
    client.force_login(plan_manager)
    client.post(reverse("login"), {"username": "board", "password": "wrong"})
    response = client.get(URL)
    assert response.status_code == 200
    assert "Failed sign-in" in response.content.decode()


def test_it_filters_by_kind(client, plan_manager):
    audit_record(kind=AuditEvent.Kind.EXPORT, user=plan_manager, detail="CSV of 12 actions")
    audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="someone")
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
