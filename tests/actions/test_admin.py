"""History in the admin: readable, never changed; edits made there are recorded too."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from actions.models import ActionChange, ActionUpdate, Evidence, Rating
from actions.services import action_edit, action_update_record
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(action, plan_manager):
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 1, 20),
        rating=Rating.GREEN,
        commentary="On track",
    )
    action_edit(
        action=action,
        editor=plan_manager,
        values={"partners": "Kent Police"},
        expected_version=action.version,
    )
    EvidenceFactory(action=action)
    return action


@pytest.mark.parametrize("model", [ActionUpdate, ActionChange, Evidence])
def test_history_cannot_be_added_changed_or_deleted_in_the_admin(admin_user, recorded, model):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    row = model.objects.first()
    assert model_admin.has_view_permission(request, row)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)


@pytest.mark.parametrize("model", [ActionUpdate, ActionChange, Evidence])
def test_the_admin_refuses_a_post_that_would_change_history(admin_client, recorded, model):
    row = model.objects.first()
    info = (model._meta.app_label, model._meta.model_name)
    change = reverse("admin:{}_{}_change".format(*info), args=[row.pk])
    delete = reverse("admin:{}_{}_delete".format(*info), args=[row.pk])
    assert admin_client.get(change).status_code == 200  # readable
    assert (
        admin_client.post(change, {"commentary": "Rewritten", "title": "Rewritten"}).status_code
        == 403
    )
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def form_data(response) -> dict:
    """What the admin change form would send back unchanged."""
    form = response.context["adminform"].form
    forms = [form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for each in forms:
        for name in each.fields:
            value = each[name].value()
            if isinstance(value, list | tuple):
                value = [str(v) for v in value]
            data[each.add_prefix(name)] = "" if value is None else value
    return data


def test_an_edit_in_the_admin_is_recorded_like_one_in_the_app(admin_client, admin_user, recorded):
    url = reverse("admin:actions_action_change", args=[recorded.pk])
    data = form_data(admin_client.get(url))
    data["title"] = "Retitled in the admin"
    data["reference"] = "1.20"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    recorded.refresh_from_db()
    assert recorded.title == "Retitled in the admin"
    admin_changes = {
        c.field: c for c in ActionChange.objects.filter(action=recorded, changed_by=admin_user)
    }
    assert set(admin_changes) == {"title", "reference"}
    assert (admin_changes["reference"].before, admin_changes["reference"].after) == ("1.02", "1.20")
    assert recorded.version == 4  # created, updated, edited in the app, edited in the admin
