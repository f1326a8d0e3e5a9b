"""Multi-row writes are all or nothing: a failure half way leaves the database as it was.

(Import has its own injected-failure test in tests/plans/test_import_service.py.)
"""

import datetime

import pytest

from actions.models import ActionUpdate, Rating
from actions.services import action_completion_sign_off, action_update_record
from plan_files.services import plan_refresh
from plans.models import Plan
from reports.models import BoardReport
from reports.services import board_report_finalise
from tests.db import row_counts
from tests.factories import ActionFactory, BoardReportFactory, SectionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 3, 20)


class InjectedFailure(Exception):
    pass


def rated(action, rating=Rating.GREEN):
    action_update_record(
        action=action, author=action.lead, effective_date=DAY, rating=rating, commentary="x"
    )
    action.refresh_from_db()
    return action


def test_a_refresh_that_fails_half_way_writes_nothing(plan, plan_manager, monkeypatch):
    section = SectionFactory(plan=plan, number=1)
    actions = [rated(ActionFactory(section=section, reference=f"1.0{n}")) for n in range(1, 5)]
    before = row_counts()
    original = action_update_record
    calls = []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs["action"])
        if len(calls) == 3:
            raise InjectedFailure
        return original(**kwargs)

    monkeypatch.setattr(
        "plan_files.services.action_services.action_update_record", fail_on_the_third
    )
    with pytest.raises(InjectedFailure):
        plan_refresh(
            plan=plan,
            title="Improvement Plan 2020-21",
            start_date=datetime.date(2020, 5, 1),
            sections=[section],
            actions=actions,
            refreshed_by=plan_manager,
        )
    assert len(calls) == 3  # two carried actions were written before the failure
    assert row_counts() == before
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE


def test_a_sign_off_that_fails_half_way_writes_nothing(plan, plan_manager, monkeypatch):
    action = rated(ActionFactory(section=SectionFactory(plan=plan)))
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=DAY,
        rating=Rating.BLUE,
        commentary="Done; evidence attached.",
        kind=ActionUpdate.Kind.COMPLETION_PROPOSED,
    )
    action.refresh_from_db()
    before, version = row_counts(), action.version
    original_save = ActionUpdate.save

    def save_then_fail(self, *args, **kwargs):
        original_save(self, *args, **kwargs)  # the sign-off row is written...
        raise InjectedFailure  # ...and then the action's rating is never moved

    monkeypatch.setattr(ActionUpdate, "save", save_then_fail)
    with pytest.raises(InjectedFailure):
        action_completion_sign_off(
            action=action, manager=plan_manager, effective_date=DAY, expected_version=version
        )
    action.refresh_from_db()
    assert row_counts() == before
    assert (action.rating, action.version) == (Rating.GREEN, version)
    assert not action.updates.filter(kind=ActionUpdate.Kind.SIGNED_OFF).exists()


def test_a_finalisation_that_fails_leaves_the_report_a_draft(plan, plan_manager, monkeypatch):
    report = BoardReportFactory(meeting__plan=plan, meeting__date=datetime.date(2020, 4, 23))
    before = row_counts()

    def fail(self, *args, **kwargs):
        raise InjectedFailure

    monkeypatch.setattr(BoardReport, "save", fail)
    with pytest.raises(InjectedFailure):
        board_report_finalise(report=report, user=plan_manager, expected_version=report.version)
    monkeypatch.undo()
    report.refresh_from_db()
    assert row_counts() == before
    assert report.status == BoardReport.Status.DRAFT
    assert report.finalised_at is None
