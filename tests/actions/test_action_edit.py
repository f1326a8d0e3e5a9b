"""Plan managers edit an action's details in the app; every change is recorded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionChange
from actions.services import action_edit
from tests.actions.form_data import date_fields
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def edit_url(action) -> str:
    return reverse("actions:edit", args=[action.plan.slug, action.pk])


def edit_data(action, **overrides) -> dict:
    """The edit form as it opens: the action's current details."""
    data = {
        "version": str(action.version),
        "title": action.title,
        "description": action.description,
        "success_measures": action.success_measures,
        "lead": str(action.lead_id),
        "delegates": [str(user.pk) for user in action.delegates.all()],
        "partners": action.partners,
        "recommendations": [str(rec.pk) for rec in action.recommendations.all()],
        **date_fields("start_date", action.start_date),
        **date_fields("original_due_date", action.original_due_date),
    }
    data.update(overrides)
    return data


def test_a_plan_manager_changes_details_and_each_change_is_recorded(
    client, plan_manager, other_owner, delegate, action, plan
):
    rec = RecommendationFactory(plan=plan, reference="R3")
    client.force_login(plan_manager)
    form = client.get(edit_url(action))
    assert form.status_code == 200
    assert 'value="Improve the quality of single assessments"' in form.content.decode()

    response = client.post(
        edit_url(action),
        edit_data(
            action,
            title="Improve single assessments",
            lead=str(other_owner.pk),
            delegates=[],
            recommendations=[str(rec.pk)],
            partners="Essex County Council",
            **date_fields("original_due_date", datetime.date(2020, 6, 30)),
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Improve single assessments"
    assert action.lead == other_owner
    assert list(action.delegates.all()) == []
    assert list(action.recommendations.all()) == [rec]
    # No revised date on record, so the current due date follows the original.
    assert action.current_due_date == datetime.date(2020, 6, 30)
    assert action.version == 2

    changes = {c.field: c for c in ActionChange.objects.filter(action=action)}
    assert set(changes) == {
        "title",
        "lead",
        "delegates",
        "recommendations",
        "partners",
        "original_due_date",
    }
    assert (changes["title"].before, changes["title"].after) == (
        "Improve the quality of single assessments",
        "Improve single assessments",
    )
    assert changes["delegates"].before == str(delegate)
    assert changes["original_due_date"].before_display == "31 March 2020"
    assert changes["original_due_date"].after_display == "30 June 2020"
    assert {c.changed_by for c in changes.values()} == {plan_manager}
    assert {c.action_version for c in changes.values()} == {2}

    html = client.get(action.get_absolute_url()).content.decode()
    assert "details changed" in html
    assert "31 March 2020" in html and "30 June 2020" in html


def test_the_action_page_as_at_before_an_edit_shows_the_details_then(
    client, board_member, plan_manager, other_owner, action
):
    lead_then = str(action.lead)
    action_edit(
        action=action,
        editor=plan_manager,
        values={"title": "A new title", "lead": other_owner},
        expected_version=action.version,
    )
    # The edit happened today; yesterday the action had its old title and lead.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(board_member)
    then = client.get(action.get_absolute_url(), {"as_at": yesterday.isoformat()})
    html = then.content.decode()
    assert "Improve the quality of single assessments" in html
    assert "A new title" not in html
    assert then.context["lead"] == lead_then
    assert not [entry for entry in then.context["history"] if entry.kind == "edit"]
    now = client.get(action.get_absolute_url()).content.decode()
    assert "A new title" in now


def test_saving_without_changes_records_nothing(client, plan_manager, action):
    client.force_login(plan_manager)
    response = client.post(edit_url(action), edit_data(action))
    assert response.status_code == 302
    assert not ActionChange.objects.exists()
    action.refresh_from_db()
    assert action.version == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": " "}, "Enter the action&#x27;s title."),
        (date_fields("original_due_date", datetime.date(2019, 9, 1)), "cannot be before the start"),
        ({"lead": ""}, "Choose who leads the action."),
    ],
)
def test_mistakes_are_explained_and_kept(client, plan_manager, action, overrides, message):
    client.force_login(plan_manager)
    data = edit_data(action, partners="Kent Police", **overrides)
    response = client.post(edit_url(action), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Kent Police</textarea>" in html
    assert not ActionChange.objects.exists()


def test_the_lead_cannot_also_be_a_delegate(client, plan_manager, action_owner, action):
    client.force_login(plan_manager)
    response = client.post(edit_url(action), edit_data(action, delegates=[str(action_owner.pk)]))
    assert response.status_code == 400
    assert "The lead cannot also be a delegate." in response.content.decode()


def test_an_edit_from_a_stale_form_shows_the_conflict_and_keeps_the_users_changes(
    client, plan_manager, action
):
    client.force_login(plan_manager)
    opened = edit_data(action, title="My better title")
    action_edit(
        action=action,
        editor=plan_manager,
        values={"partners": "Kent Police"},
        expected_version=action.version,
    )
    response = client.post(edit_url(action), opened)
    assert response.status_code == 409
    html = response.content.decode()
    assert "not saved yet" in html
    assert "Kent Police" in html  # what the other edit changed
    assert 'value="My better title"' in html  # what this user typed
    assert 'name="version" value="2"' in html
    action.refresh_from_db()
    assert action.title == "Improve the quality of single assessments"
