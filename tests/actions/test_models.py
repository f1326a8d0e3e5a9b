import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import ActionChange, ActionUpdate, Rating
from actions.services import StaleActionError, action_edit, action_update_record
from tests.factories import ActionFactory, ActionUpdateFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_a_reference_is_unique_within_a_plan():
    action = ActionFactory(reference="1.07")
    other_section = SectionFactory(plan=action.plan, number=9)
    with pytest.raises(ValidationError) as excinfo:
        ActionFactory.build(
            section=other_section, plan=action.plan, lead=action.lead, reference="1.07"
        ).full_clean()
    assert "reference" in str(excinfo.value).lower()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(section=other_section, lead=action.lead, reference="1.07")


def test_the_same_reference_is_allowed_in_another_plan():
    ActionFactory(reference="1.07")
    ActionFactory(reference="1.07").full_clean()


def test_an_update_cannot_be_dated_before_the_plan_started():
    action = ActionFactory()
    with pytest.raises(ValidationError) as excinfo:
        action_update_record(
            action=action,
            author=action.lead,
            effective_date=datetime.date(2019, 9, 30),
            rating=Rating.GREEN,
            commentary="Too early",
        )
    assert "effective_date" in excinfo.value.message_dict
    assert not ActionUpdate.objects.exists()


def test_amber_and_red_need_a_reason_for_slippage():
    action = ActionFactory()
    with pytest.raises(ValidationError) as excinfo:
        action_update_record(
            action=action,
            author=action.lead,
            effective_date=datetime.date(2019, 11, 1),
            rating=Rating.RED,
            commentary="Stalled",
        )
    assert "slippage_reason" in excinfo.value.message_dict


def test_history_cannot_be_changed_or_deleted():
    update = ActionUpdateFactory()
    update.commentary = "Rewritten"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    assert ActionUpdate.objects.get().commentary == "On track."


def test_recording_an_update_moves_the_current_rating_and_due_date():
    action = ActionFactory()
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2019, 11, 1),
        rating=Rating.AMBER,
        commentary="Recruitment slipped",
        slippage_reason="capacity",
        revised_due_date=datetime.date(2020, 6, 30),
    )
    action.refresh_from_db()
    assert action.rating == Rating.AMBER
    assert action.current_due_date == datetime.date(2020, 6, 30)
    assert action.version == 2
    assert action.updates.get().previous_rating == ""


def test_a_backdated_update_does_not_rewind_the_present():
    action = ActionFactory()
    for when, rating in [(datetime.date(2019, 12, 1), Rating.GREEN)]:
        action_update_record(
            action=action, author=action.lead, effective_date=when, rating=rating, commentary="x"
        )
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2019, 11, 1),
        rating=Rating.RED,
        commentary="Filled in later",
        slippage_reason="other",
    )
    action.refresh_from_db()
    assert action.rating == Rating.GREEN
    # Recorded today: not known on 15 November 2019, but part of that day as known now.
    assert action.rating_as_at(datetime.date(2019, 11, 15)) is None
    assert action.rating_as_at(datetime.date(2019, 11, 15), known_now=True) == Rating.RED


def test_a_stale_version_is_refused_and_nothing_is_written():
    action = ActionFactory()
    with pytest.raises(StaleActionError):
        action_update_record(
            action=action,
            author=action.lead,
            effective_date=datetime.date(2019, 11, 1),
            rating=Rating.GREEN,
            commentary="x",
            expected_version=action.version + 1,
        )
    assert not action.updates.exists()


def test_recorded_edits_cannot_be_changed_or_deleted(plan_manager):
    action = ActionFactory()
    (change,) = action_edit(
        action=action,
        editor=plan_manager,
        values={"partners": "Kent Police"},
        expected_version=action.version,
    )
    change.after = "Rewritten"
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()
    assert ActionChange.objects.get().after == "Kent Police"
