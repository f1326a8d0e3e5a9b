import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Rating
from actions.services import (
    action_completion_sign_off,
    action_edit,
    action_update_post,
    action_update_record,
)
from plans.models import Plan
from tests.factories import (
    ActionFactory,
    EvidenceFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
    recorded_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(plan):
    action = ActionFactory(section=SectionFactory(plan=plan), title="Relaunch the QA framework")
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2019, 10, 20),
        recorded_at=recorded_on(datetime.date(2019, 10, 20)),
        rating=Rating.GREEN,
        commentary="New audit tool drafted",
    )
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 3, 20),
        recorded_at=recorded_on(datetime.date(2020, 3, 20)),
        rating=Rating.AMBER,
        commentary="Audit round paused for Covid-19",
        slippage_reason="external",
        revised_due_date=datetime.date(2020, 7, 31),
    )
    return action


def test_it_shows_details_and_history(client, board_member, action):
    client.force_login(board_member)
    response = client.get(action.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Relaunch the QA framework" in html
    assert "Audit round paused for Covid-19" in html
    assert "New audit tool drafted" in html
    assert "External event (e.g. Covid-19)" in html
    assert "31 July 2020" in html
    assert response.context["rating"] == Rating.AMBER


def test_as_at_hides_what_came_later(client, board_member, action):
    client.force_login(board_member)
    response = client.get(action.get_absolute_url(), {"as_at": "2019-12-01"})
    html = response.content.decode()
    assert "Audit round paused" not in html
    assert "31 July 2020" not in html
    assert response.context["rating"] == Rating.GREEN


def test_it_checks_membership(client, outsider, action):
    client.force_login(outsider)
    assert client.get(action.get_absolute_url()).status_code == 404


def test_it_requires_login(client, action):
    assert client.get(action.get_absolute_url()).status_code == 302


# --- The action page in full: details, controls by role, as-at, query budget ----------


def page_queries(client, url: str, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def rich_action(plan, lead, updates: int):
    """An action with a delegate, recommendations, evidence, an edit and ``updates`` updates."""
    action = ActionFactory(section=SectionFactory(plan=plan), lead=lead)
    action.delegates.add(UserFactory())
    action.recommendations.add(RecommendationFactory(plan=plan), RecommendationFactory(plan=plan))
    EvidenceFactory(action=action)
    EvidenceFactory(action=action, removed_at=timezone.now(), removed_by=lead)
    start = datetime.date(2019, 10, 1)
    for n in range(updates):
        action_update_record(
            action=action,
            author=lead,
            effective_date=start + datetime.timedelta(days=7 * n),
            rating=Rating.GREEN,
            commentary=f"Week {n}",
        )
    action_edit(
        action=action,
        editor=lead,
        values={"title": "Edited title", "partners": "Kent Police"},
        expected_version=Action.objects.get(pk=action.pk).version,
    )
    return action


def test_the_page_costs_the_same_queries_for_2_and_40_updates(client, plan_manager, plan):
    client.force_login(plan_manager)
    small = rich_action(plan, plan_manager, updates=2)
    large = rich_action(plan, plan_manager, updates=40)
    client.get(small.get_absolute_url())  # the session and roles, as on any later page
    # The view's own: the action with its plan, section and lead; updates with authors;
    # edits with editors; evidence with who added and removed it; delegates;
    # recommendations. The rest is the session, the user and their roles.
    small_count, _ = page_queries(client, small.get_absolute_url())
    large_count, response = page_queries(client, large.get_absolute_url())
    assert small_count == large_count <= 12
    assert len(response.context["updates"]) == 40
    past_count, _ = page_queries(client, large.get_absolute_url(), as_at="2019-12-01")
    assert past_count <= 12


def test_it_shows_what_the_board_asks_for(client, board_member, action):
    client.force_login(board_member)
    action.success_measures = "75% of audited assessments good or better"
    action.partners = "Essex County Council"
    action.save()
    action.recommendations.add(RecommendationFactory(plan=action.plan, text="Assessments improve"))
    html = client.get(action.get_absolute_url()).content.decode()
    for text in (
        "75% of audited assessments good or better",
        "Essex County Council",
        "Assessments improve",
        "Original due date",
        "31 March 2020",  # original
        "31 July 2020",  # current, from the revised date
        "Slipped by 122 days",
    ):
        assert text in html


def test_board_members_see_no_edit_controls(client, board_member, action):
    client.force_login(board_member)
    html = client.get(action.get_absolute_url()).content.decode()
    for control in ("Post an update", "Add evidence", "Edit details", "Sign off or return"):
        assert control not in html
    assert reverse("actions:update", args=[action.plan.slug, action.pk]) not in html


def test_owners_and_plan_managers_see_the_controls_they_may_use(
    client, action_owner, plan_manager, action
):
    action.delegates.add(action_owner)
    client.force_login(action_owner)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Post an update" in html and "Add evidence" in html
    assert "Edit details" not in html
    client.force_login(plan_manager)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Post an update" in html and "Edit details" in html
    # Controls are for the present: a past view is a record.
    past = client.get(action.get_absolute_url(), {"as_at": "2020-01-01"}).content.decode()
    assert "Post an update" not in past and "Edit details" not in past


def test_as_at_shows_evidence_as_it_stood(client, board_member, action):
    def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    EvidenceFactory(action=action, title="Early audit", added_at=at(datetime.date(2019, 11, 5)))
    EvidenceFactory(
        action=action,
        title="Withdrawn draft",
        added_at=at(datetime.date(2019, 11, 6)),
        removed_at=at(datetime.date(2020, 2, 1)),
        removed_by=action.lead,
    )
    EvidenceFactory(action=action, title="Later policy", added_at=at(datetime.date(2020, 3, 1)))
    client.force_login(board_member)

    def titles(day: str) -> list[str]:
        response = client.get(action.get_absolute_url(), {"as_at": day})
        return [item.title for item in response.context["evidence"]]

    assert titles("2019-11-05") == ["Early audit"]
    assert sorted(titles("2020-01-31")) == ["Early audit", "Withdrawn draft"]
    assert sorted(titles("2020-03-01")) == ["Early audit", "Later policy"]
    html = client.get(action.get_absolute_url(), {"as_at": "2020-01-31"}).content.decode()
    assert "Later policy" not in html
    assert "evidence removed" not in html


def test_history_is_newest_first_with_every_kind_of_entry(client, plan_manager, action):
    EvidenceFactory(action=action, title="Audit")
    action_update_post(
        action=action,
        author=action.lead,
        effective_date=timezone.localdate(),
        rating=Rating.BLUE,
        commentary="Complete",
        expected_version=Action.objects.get(pk=action.pk).version,
    )
    action_completion_sign_off(
        action=action,
        manager=plan_manager,
        effective_date=timezone.localdate(),
        expected_version=Action.objects.get(pk=action.pk).version,
    )
    action_edit(
        action=action,
        editor=plan_manager,
        values={"partners": "Kent Police"},
        expected_version=Action.objects.get(pk=action.pk).version,
    )
    client.force_login(plan_manager)
    history = client.get(action.get_absolute_url()).context["history"]
    kinds = [entry.kind for entry in history]
    assert kinds == [
        "edit",
        "signed_off",
        "proposed",
        "evidence_added",
        "progress",
        "progress",
    ]
    dates = [(entry.on, entry.at) for entry in history]
    assert dates == sorted(dates, reverse=True)


def test_a_superseded_plan_is_read_only_for_everyone(client, plan_manager, action, plan):
    plan.status = Plan.Status.SUPERSEDED
    plan.save()
    client.force_login(plan_manager)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "superseded plan" in html
    assert "Post an update" not in html and "Edit details" not in html
