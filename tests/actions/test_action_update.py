"""Posting an update: one form, one click from My actions, nothing typed is lost."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionUpdate, Rating
from actions.services import action_update_record
from tests.actions.form_data import date_fields, update_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def update_url(action) -> str:
    return reverse("actions:update", args=[action.plan.slug, action.pk])


@pytest.fixture
def rated(action):
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 3, 20),
        rating=Rating.GREEN,
        commentary="Practice standards reissued to every team.",
        next_steps="Audit 30 assessments in April.",
    )
    action.refresh_from_db()
    return action


def test_one_click_from_my_actions_and_one_form_to_save(client, action_owner, rated):
    client.force_login(action_owner)
    my_actions = client.get(reverse("actions:my_actions")).content.decode()
    assert f'href="{update_url(rated)}"' in my_actions

    form_page = client.get(update_url(rated))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    main = html.split('id="main-content"', 1)[1]
    assert main.count("<form") == 1
    assert f'<form method="post" action="{update_url(rated)}"' in main
    # The previous rating and commentary sit beside the form.
    assert "Practice standards reissued to every team." in html
    assert "Audit 30 assessments in April." in html
    # Effective date defaults to today.
    today = TODAY()
    assert f'name="effective_date-day" type="text" inputmode="numeric" value="{today.day}"' in html

    response = client.post(
        update_url(rated),
        update_data(
            rated,
            rating="amber",
            slippage_reason="capacity",
            commentary="Two team managers left; audit delayed.",
            next_steps="Interim managers start in May.",
            **date_fields("revised_due_date", datetime.date(2030, 6, 30)),
        ),
    )
    assert response.status_code == 302
    assert response.url == rated.get_absolute_url()
    update = rated.updates.latest_first().first()
    assert update.kind == ActionUpdate.Kind.PROGRESS
    assert (update.rating, update.previous_rating) == (Rating.AMBER, Rating.GREEN)
    assert update.author == action_owner
    assert update.effective_date == today
    assert update.slippage_reason == "capacity"
    assert update.next_steps == "Interim managers start in May."
    rated.refresh_from_db()
    assert rated.rating == Rating.AMBER
    assert rated.current_due_date == datetime.date(2030, 6, 30)
    assert rated.version == 3


def error_summary_links(html: str) -> list[str]:
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_every_mistake_is_listed_linked_to_its_field_and_nothing_typed_is_lost(
    client, action_owner, rated
):
    client.force_login(action_owner)
    data = update_data(
        rated,
        rating="red",
        commentary="   ",
        next_steps="Recruit two agency team managers",
        **{"effective_date-day": "31", "effective_date-month": "2", "effective_date-year": "2020"},
        **{"revised_due_date-day": "12", "revised_due_date-month": "", "revised_due_date-year": ""},
    )
    response = client.post(update_url(rated), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose the reason for slippage: Amber and Red need one." in html
    assert "Enter commentary: what has changed since the last update." in html
    assert "Effective date must be a real date." in html
    assert "Revised due date must include a month and year." in html
    links = error_summary_links(html)
    assert links == [
        "id_slippage_reason",
        "id_commentary",
        "id_revised_due_date-day",
        "id_effective_date-day",
    ]
    for target in links:
        assert f'id="{target}"' in html
    # What was typed comes back as it was typed.
    assert 'value="red" checked' in html
    assert "Recruit two agency team managers</textarea>" in html
    assert 'name="effective_date-day" type="text" inputmode="numeric" value="31"' in html
    assert 'name="revised_due_date-day" type="text" inputmode="numeric" value="12"' in html
    assert rated.updates.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (date_fields("effective_date", datetime.date(2020, 3, 19)), "cannot be before the last"),
        (
            date_fields("effective_date", datetime.date.today() + datetime.timedelta(days=2)),
            "Effective date cannot be in the future.",
        ),
        (
            {"effective_date-day": "", "effective_date-month": "", "effective_date-year": ""},
            "Enter the effective date.",
        ),
        ({"effective_date-year": "20"}, "Year must include 4 numbers"),
        ({"rating": ""}, "Choose a rating."),
        (
            date_fields("revised_due_date", datetime.date(2020, 1, 1)),
            "cannot be before the effective",
        ),
    ],
)
def test_dates_and_ratings_are_checked(client, action_owner, rated, fields, message):
    client.force_login(action_owner)
    response = client.post(update_url(rated), update_data(rated, **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert rated.updates.count() == 1


def test_an_update_dated_the_same_day_as_the_last_is_fine(client, action_owner, rated):
    client.force_login(action_owner)
    fields = date_fields("effective_date", datetime.date(2020, 3, 20))
    response = client.post(update_url(rated), update_data(rated, **fields))
    assert response.status_code == 302
    assert rated.updates.count() == 2


def test_a_delegate_and_a_plan_manager_may_post(client, delegate, plan_manager, rated):
    for user in (delegate, plan_manager):
        rated.refresh_from_db()
        client.force_login(user)
        assert client.post(update_url(rated), update_data(rated)).status_code == 302
    authors = set(rated.updates.values_list("author__username", flat=True))
    assert {"delegate", "pm"} <= authors


def test_a_missing_version_is_an_error_not_a_silent_overwrite(client, action_owner, rated):
    client.force_login(action_owner)
    data = update_data(rated)
    del data["version"]
    assert client.post(update_url(rated), data).status_code == 400
    assert rated.updates.count() == 1
