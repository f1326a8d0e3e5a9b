"""A plan's revision moves with every write a page could show, and with nothing else."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Rating
from actions.services import action_edit, action_update_record, evidence_add, evidence_remove
from improvement_board.models import User
from plans.models import Plan
from plans.revisions import APPS, NOT_SHOWN, PLAN_OF
from reports.services import board_meeting_create
from tests.factories import (
    ActionFactory,
    BoardMeetingFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlanFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_every_model_is_either_followed_or_said_to_be_shown_nowhere():
    models = {model._meta.label for app in APPS for model in apps.get_app_config(app).get_models()}
    assert models - set(PLAN_OF) - set(NOT_SHOWN) == set()
    assert set(PLAN_OF) & set(NOT_SHOWN) == set()


@pytest.fixture
def action():
    return ActionFactory(section=SectionFactory(plan=PlanFactory()))


def revision(plan) -> int:
    return Plan.objects.values_list("revision", flat=True).get(pk=plan.pk)


def revision_moves(plan, write) -> bool:
    before = revision(plan)
    write()
    return revision(plan) > before


def test_recording_an_update_revises_its_plan_and_no_other(action):
    other = PlanFactory()
    other_before = revision(other)
    assert revision_moves(
        action.plan,
        lambda: action_update_record(
            action=action,
            author=action.lead,
            effective_date=datetime.date(2020, 1, 10),
            rating=Rating.GREEN,
            commentary="On track.",
        ),
    )
    assert revision(other) == other_before


def test_edits_links_and_evidence_revise_the_plan(action, plan_manager):
    plan = action.plan
    recommendation = RecommendationFactory(plan=plan)
    assert revision_moves(
        plan,
        lambda: action_edit(
            action=action,
            editor=plan_manager,
            values={"title": "A clearer title"},
            expected_version=action.version,
        ),
    )
    action.refresh_from_db()
    assert revision_moves(
        plan,
        lambda: action_edit(
            action=action,
            editor=plan_manager,
            values={"recommendations": [recommendation]},
            expected_version=action.version,
        ),
    )
    evidence = None

    def add():
        nonlocal evidence
        evidence = evidence_add(
            action=action, added_by=plan_manager, title="Audit", url="https://example.org/a"
        )

    assert revision_moves(plan, add)
    assert revision_moves(plan, lambda: evidence_remove(evidence=evidence, removed_by=plan_manager))


def test_sections_meetings_and_indicators_revise_the_plan():
    plan = PlanFactory()
    assert revision_moves(plan, lambda: SectionFactory(plan=plan, title="Workforce"))
    assert revision_moves(
        plan,
        lambda: board_meeting_create(
            plan=plan,
            date=datetime.date(2020, 4, 23),
            title="Improvement Board",
            board_name="Children's Improvement Board",
        ),
    )
    indicator = None

    def add_indicator():
        nonlocal indicator
        indicator = IndicatorFactory(plan=plan)

    assert revision_moves(plan, add_indicator)
    assert revision_moves(plan, lambda: IndicatorValueFactory(indicator=indicator))


def test_a_new_name_revises_every_plan_but_signing_in_does_not(action):
    lead = action.lead
    other = PlanFactory()
    assert revision_moves(action.plan, lambda: _rename(lead))
    assert revision_moves(other, lambda: _rename(lead, "Ann"))
    lead.last_login = datetime.datetime(2020, 4, 23, 9, tzinfo=datetime.UTC)
    assert not revision_moves(action.plan, lambda: lead.save(update_fields=["last_login"]))
    assert not revision_moves(action.plan, lambda: UserFactory())


def _rename(user: User, first_name: str = "Jean") -> None:
    user.first_name = first_name
    user.save()


def test_links_alone_revise_the_plan_from_either_side(action):
    recommendation = RecommendationFactory(plan=action.plan)
    assert revision_moves(action.plan, lambda: action.recommendations.add(recommendation))
    assert revision_moves(action.plan, lambda: recommendation.actions.clear())
    delegate = UserFactory()
    assert revision_moves(action.plan, lambda: delegate.delegated_actions.add(action))


def test_deletions_revise_the_plan(action):
    plan = action.plan
    recommendation = RecommendationFactory(plan=plan)
    section = SectionFactory(plan=plan)
    assert revision_moves(plan, recommendation.delete)
    assert revision_moves(plan, section.delete)


def test_a_row_moved_to_another_plan_revises_both(action):
    """As the admin can: give a meeting or an action another plan."""
    left, joined = action.plan, PlanFactory()
    meeting = BoardMeetingFactory(plan=left, date=datetime.date(2020, 3, 19))
    before = revision(left), revision(joined)
    meeting.plan = joined
    meeting.save()
    assert revision(left) > before[0] and revision(joined) > before[1]

    before = revision(left), revision(joined)
    action.plan, action.section = joined, SectionFactory(plan=joined)
    action.save()
    assert revision(left) > before[0] and revision(joined) > before[1]


def test_saving_a_plan_read_earlier_never_lowers_its_revision(action):
    stale = Plan.objects.get(pk=action.plan.pk)
    _rename(action.lead)
    raised = revision(stale)
    stale.title = "Children's Services Improvement Plan, refreshed"
    stale.save()
    assert revision(stale) > raised


def test_deleting_a_plan_leaves_nothing_to_revise(action):
    plan = action.plan
    action.delete()
    plan.delete()
    assert not Plan.objects.filter(pk=plan.pk).exists()


def _plan_updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "plans_plan"')]


def test_a_service_raises_the_revision_once_and_reads_nothing_before_its_saves(
    action, plan_manager
):
    """``revise`` in the service: the model signals stand down for its own writes."""
    recommendation = RecommendationFactory(plan=action.plan)
    with CaptureQueriesContext(connection) as edit:
        action_edit(
            action=action,
            editor=plan_manager,
            values={
                "title": "Recruit and keep social workers",
                "recommendations": [recommendation],
            },
            expected_version=action.version,
        )
    assert len(_plan_updates(edit.captured_queries)) == 1
    # No read of the stored row just before its save (what an admin edit needs, to see a
    # move: ``_before_save``).
    sql = [q["sql"] for q in edit.captured_queries]
    save = next(
        i for i, q in enumerate(sql) if q.startswith('UPDATE "actions_action" SET "plan_id"')
    )
    assert not sql[save - 1].startswith('SELECT "actions_action"."id"')


def test_writes_after_a_service_revise_by_signals_again(action, plan_manager):
    evidence = evidence_add(
        action=action, added_by=plan_manager, title="Audit", url="https://example.org/a"
    )
    evidence.title = "Audit of 40 case files, March 2020"
    assert revision_moves(action.plan, evidence.save)  # as an admin edit would


def test_a_service_that_fails_leaves_the_signals_on(action, plan_manager):
    elsewhere = RecommendationFactory(plan=PlanFactory())
    with pytest.raises(ValidationError):
        action_edit(
            action=action,
            editor=plan_manager,
            values={"recommendations": [elsewhere]},
            expected_version=action.version,
        )
    action.refresh_from_db()
    action.title = "Renamed in the admin"
    assert revision_moves(action.plan, action.save)
