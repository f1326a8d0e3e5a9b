"""Completion: proposed by an owner with evidence, signed off or returned by a plan manager."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionUpdate, Rating
from actions.services import (
    action_completion_return,
    action_completion_sign_off,
    action_update_post,
    action_update_record,
)
from reports.summary import plan_summary
from tests.actions.form_data import date_fields, update_data
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def green(action):
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 3, 20),
        rating=Rating.GREEN,
        commentary="On track",
    )
    action.refresh_from_db()
    return action


def counted(plan) -> dict[str, int]:
    """The plan's summary today, as every dashboard and report counts it."""
    summary = plan_summary(plan, timezone.localdate())
    return {rating: n for rating, n in summary.total.counts.items() if n}


def propose(client, action):
    return client.post(
        reverse("actions:update", args=[action.plan.slug, action.pk]),
        update_data(action, rating="blue", commentary="All teams trained; audit attached."),
    )


def decide(client, action, decision: str, reason: str = ""):
    action.refresh_from_db()
    return client.post(
        reverse("actions:sign_off", args=[action.plan.slug, action.pk]),
        {
            "version": action.version,
            "decision": decision,
            "reason": reason,
            **date_fields("effective_date", timezone.localdate()),
        },
    )


def test_proposing_completion_without_evidence_is_refused(client, action_owner, green, plan):
    client.force_login(action_owner)
    response = propose(client, green)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Add evidence before proposing completion" in html
    assert 'href="#id_rating"' in html
    assert green.updates.count() == 1
    with pytest.raises(ValidationError) as refused:
        action_update_post(
            action=green,
            author=action_owner,
            effective_date=timezone.localdate(),
            rating=Rating.BLUE,
            commentary="Done",
            expected_version=green.version,
        )
    assert "rating" in refused.value.message_dict
    assert counted(plan) == {Rating.GREEN: 1}


def test_with_evidence_a_proposal_waits_then_sign_off_counts_it_blue(
    client, action_owner, plan_manager, green, plan
):
    EvidenceFactory(action=green, title="Training register")
    client.force_login(action_owner)
    assert propose(client, green).status_code == 302
    green.refresh_from_db()
    proposal = green.updates.latest_first().first()
    assert proposal.kind == ActionUpdate.Kind.COMPLETION_PROPOSED
    # Until signed off it counts under its previous rating, and says it is proposed.
    assert green.rating == Rating.GREEN
    assert counted(plan) == {Rating.GREEN: 1}
    assert "Completion proposed" in client.get(reverse("actions:my_actions")).content.decode()
    assert "Completion proposed" in client.get(green.get_absolute_url()).content.decode()
    # Proposing again while one waits is refused.
    green.refresh_from_db()
    response = propose(client, green)
    assert "waiting for a plan manager to sign it off" in response.content.decode()

    client.force_login(plan_manager)
    page = client.get(reverse("actions:sign_off", args=[green.plan.slug, green.pk]))
    assert page.status_code == 200
    assert "Training register" in page.content.decode()
    assert decide(client, green, "sign_off").status_code == 302

    green.refresh_from_db()
    assert green.rating == Rating.BLUE
    assert counted(plan) == {Rating.BLUE: 1}
    sign_off = green.updates.latest_first().first()
    assert (sign_off.kind, sign_off.author) == (ActionUpdate.Kind.SIGNED_OFF, plan_manager)

    client.force_login(action_owner)
    assert "Completion signed off on" in client.get(reverse("actions:my_actions")).content.decode()
    history = client.get(green.get_absolute_url()).context["history"]
    assert [entry.kind for entry in history][:2] == ["signed_off", "proposed"]


def test_a_returned_completion_keeps_the_previous_rating_and_tells_the_owner_why(
    client, action_owner, plan_manager, green, plan
):
    EvidenceFactory(action=green)
    client.force_login(action_owner)
    propose(client, green)

    client.force_login(plan_manager)
    response = decide(client, green, "return")
    assert response.status_code == 400
    assert "Say why the completion is being returned." in response.content.decode()
    reason = "The audit covers one team only; add the other three."
    assert decide(client, green, "return", reason).status_code == 302

    green.refresh_from_db()
    assert green.rating == Rating.GREEN
    assert counted(plan) == {Rating.GREEN: 1}
    returned = green.updates.latest_first().first()
    assert (returned.kind, returned.commentary) == (ActionUpdate.Kind.RETURNED, reason)

    client.force_login(action_owner)
    my_actions = client.get(reverse("actions:my_actions")).content.decode()
    assert "Completion returned" in my_actions
    assert "The audit covers one team only" in my_actions
    page = client.get(green.get_absolute_url())
    assert "completion returned, stays" in page.content.decode()
    # After a return, the owner can propose again.
    green.refresh_from_db()
    assert propose(client, green).status_code == 302


def test_sign_off_is_dated_and_counts_from_its_date(plan_manager, green, plan):
    EvidenceFactory(action=green)
    action_update_post(
        action=green,
        author=green.lead,
        effective_date=datetime.date(2020, 4, 20),
        rating=Rating.BLUE,
        commentary="Complete",
        expected_version=green.version,
    )
    green.refresh_from_db()
    action_completion_sign_off(
        action=green,
        manager=plan_manager,
        effective_date=datetime.date(2020, 4, 23),
        expected_version=green.version,
    )
    ratings = dict(
        Action.objects.with_state_as_at(datetime.date(2020, 4, 22), known_now=True).values_list(
            "pk", "rating_as_at"
        )
    )
    assert ratings[green.pk] == Rating.GREEN
    on_the_day = plan_summary(plan, datetime.date(2020, 4, 23), known_now=True)
    assert on_the_day.total.counts[Rating.BLUE] == 1
    # Signed off today, back-dated: as known on 23 April 2020 it was not yet complete.
    assert plan_summary(plan, datetime.date(2020, 4, 23)).total.counts[Rating.BLUE] == 0


def test_there_is_nothing_to_sign_off_without_a_proposal(client, plan_manager, green):
    with pytest.raises(ValidationError):
        action_completion_return(
            action=green,
            manager=plan_manager,
            effective_date=timezone.localdate(),
            reason="No",
            expected_version=green.version,
        )
    client.force_login(plan_manager)
    response = client.get(reverse("actions:sign_off", args=[green.plan.slug, green.pk]))
    assert response.status_code == 302
    assert decide(client, green, "sign_off").status_code == 400
    green.refresh_from_db()
    assert green.rating == Rating.GREEN


def test_owners_and_board_members_cannot_sign_off(client, action_owner, board_member, green):
    EvidenceFactory(action=green)
    client.force_login(action_owner)
    propose(client, green)
    for user in (action_owner, board_member):
        client.force_login(user)
        assert (
            client.get(reverse("actions:sign_off", args=[green.plan.slug, green.pk])).status_code
            == 403
        )
        assert decide(client, green, "sign_off").status_code == 403
    green.refresh_from_db()
    assert green.rating == Rating.GREEN
