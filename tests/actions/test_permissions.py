"""Who may do what, view by view, for GET and POST.

| | own action | someone else's action | sign-off |
| Action owner (lead or delegate) | update, add evidence, propose completion | read | no |
| Board member | read | read | no |
| Plan manager | everything | everything | yes |
| Anonymous | redirect to login | redirect to login | no |

Reads outside the user's plans are 404; writes without the right are 403 and logged.
"""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionChange, ActionUpdate, Evidence, Rating
from actions.services import action_update_post
from improvement_board.models import AuditEvent
from plans.models import Plan
from tests.actions.files import PDF, upload
from tests.actions.form_data import date_fields, update_data
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db

ROLES = ["lead", "delegate", "other_owner", "board_member", "plan_manager", "outsider", "anon"]
OK, REDIRECT, FORBIDDEN, MISSING, NOT_ALLOWED = 200, 302, 403, 404, 405


@pytest.fixture
def world(action, action_owner, delegate, other_owner, board_member, plan_manager, outsider):
    """The action with evidence its lead added and a completion waiting for sign-off."""
    evidence = EvidenceFactory(action=action, added_by=action_owner)
    action_update_post(
        action=action,
        author=action_owner,
        effective_date=timezone.localdate(),
        rating=Rating.BLUE,
        commentary="Complete",
        expected_version=action.version,
    )
    action.refresh_from_db()
    users = {
        "lead": action_owner,
        "delegate": delegate,
        "other_owner": other_owner,
        "board_member": board_member,
        "plan_manager": plan_manager,
        "outsider": outsider,
        "anon": None,
    }
    return {"action": action, "evidence": evidence, "users": users}


def url_and_data(view: str, world) -> tuple[str, dict]:
    action, evidence = world["action"], world["evidence"]
    today = timezone.localdate()
    if view == "update":
        return reverse("actions:update", args=[action.plan.slug, action.pk]), update_data(action)
    if view == "evidence_add":
        return reverse("actions:evidence_add", args=[action.plan.slug, action.pk]), {
            "title": "Minutes",
            "url": "https://example.org/minutes",
        }
    if view == "edit":
        return reverse("actions:edit", args=[action.plan.slug, action.pk]), {
            "version": action.version,
            "title": "New title",
            "lead": action.lead_id,
        }
    if view == "sign_off":
        return reverse("actions:sign_off", args=[action.plan.slug, action.pk]), {
            "version": action.version,
            "decision": "sign_off",
            **date_fields("effective_date", today),
        }
    if view == "evidence_remove":
        return reverse("actions:evidence_remove", args=[evidence.action.plan.slug, evidence.pk]), {}
    if view == "evidence_download":
        return reverse(
            "actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk]
        ), {}
    if view == "detail":
        return action.get_absolute_url(), {}
    if view == "my_actions":
        return reverse("actions:my_actions"), {}
    raise AssertionError(view)


# view: expected GET status per role, in ROLES order (anon is always a redirect to login).
GET_TABLE = {
    "detail": [OK, OK, OK, OK, OK, MISSING],
    "evidence_download": [MISSING] * 6,  # a link has no download; files are tested below
    "my_actions": [OK, OK, OK, OK, OK, OK],
    "update": [OK, OK, FORBIDDEN, FORBIDDEN, OK, MISSING],
    "evidence_add": [OK, OK, FORBIDDEN, FORBIDDEN, OK, MISSING],
    "evidence_remove": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, MISSING],
    "edit": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, MISSING],
    "sign_off": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, MISSING],
}
# Writes: REDIRECT is a saved change (POST/redirect/GET).
POST_TABLE = {
    "detail": [NOT_ALLOWED] * 6,  # the method is refused before the action is looked up
    "my_actions": [NOT_ALLOWED] * 6,
    "update": [REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, MISSING],
    "evidence_add": [REDIRECT, REDIRECT, FORBIDDEN, FORBIDDEN, REDIRECT, MISSING],
    "evidence_remove": [REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, MISSING],
    "edit": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, MISSING],
    "sign_off": [FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, MISSING],
}


def history_size(action: Action) -> tuple[int, int, int]:
    return (
        ActionUpdate.objects.filter(action=action).count(),
        ActionChange.objects.filter(action=action).count(),
        Evidence.objects.filter(action=action, removed_at=None).count(),
    )


def cases(table):
    for view, row in table.items():
        for role, status in zip(ROLES, [*row, REDIRECT], strict=True):
            yield pytest.param(view, role, status, id=f"{view}-{role}")


@pytest.mark.parametrize(("view", "role", "status"), list(cases(GET_TABLE)))
def test_get(client, world, view, role, status):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url, _data = url_and_data(view, world)
    before = history_size(world["action"])
    response = client.get(url)
    assert response.status_code == status
    if role == "anon":
        assert response.url.startswith(reverse("login"))
    assert history_size(world["action"]) == before  # no change on GET, ever


@pytest.mark.parametrize(("view", "role", "status"), list(cases(POST_TABLE)))
def test_post(client, world, view, role, status, caplog):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url, data = url_and_data(view, world)
    before = history_size(world["action"])
    with caplog.at_level(logging.WARNING, logger="improvement_board.security"):
        response = client.post(url, data)
    assert response.status_code == status
    if status == REDIRECT and role != "anon":
        assert history_size(world["action"]) != before
    else:
        assert history_size(world["action"]) == before
    refusals = [r for r in caplog.records if r.name == "improvement_board.security"]
    if status == FORBIDDEN:
        assert len(refusals) == 1
        assert f"user={user.get_username()}" in refusals[0].getMessage()
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED, user=user).count() == 1
        assert "You do not have permission" in response.content.decode()
    else:
        assert not refusals


def test_a_file_downloads_for_readers_only(client, world, media_root):
    action = world["action"]
    client.force_login(world["users"]["lead"])
    client.post(
        reverse("actions:evidence_add", args=[action.plan.slug, action.pk]),
        {"title": "Audit", "file": upload("audit.pdf", PDF)},
    )
    evidence = Evidence.objects.exclude(file="").get()
    url = reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
    for role, status in zip(ROLES, [OK, OK, OK, OK, OK, MISSING, REDIRECT], strict=True):
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        assert client.get(url).status_code == status, role


@pytest.mark.parametrize("view", ["update", "evidence_add", "evidence_remove", "edit", "sign_off"])
@pytest.mark.parametrize("role", ["lead", "plan_manager"])
def test_a_superseded_plan_refuses_every_write_with_a_clear_page(
    client, world, plan, view, role, caplog
):
    plan.status = Plan.Status.SUPERSEDED
    plan.save()
    client.force_login(world["users"][role])
    url, data = url_and_data(view, world)
    before = history_size(world["action"])
    assert client.get(url).status_code == FORBIDDEN
    with caplog.at_level(logging.WARNING, logger="improvement_board.security"):
        response = client.post(url, data)
    assert response.status_code == FORBIDDEN
    assert "has been superseded by a newer plan" in response.content.decode()
    assert history_size(world["action"]) == before
    assert any("plan superseded" in r.getMessage() for r in caplog.records)
