"""A council's monthly trackers, imported one after the other with their dates, rebuild the
plan's history: each Board paper as at those dates shows that month's figures."""

import datetime

import pytest

from actions.models import Action, ActionUpdate
from plan_files.changes import NewPlan
from plan_files.layout import parse_plan_file
from plan_files.services import plan_import
from reports.movement import rating_movements
from reports.pdf import document_html
from reports.report_content import unsaved_report_document
from tests.html import table_rows
from tests.urls import plan_url

from .council_layouts import monthly_trackers

pytestmark = pytest.mark.django_db

RATINGS = ("blue", "green", "amber", "red")


@pytest.fixture
def trackers():
    return monthly_trackers()


@pytest.fixture
def rebuilt(trackers, plan_manager):
    """The plan after importing the three months in order, each as at its own day."""
    plan = None
    for month, tracker in enumerate(trackers):
        parsed = parse_plan_file(tracker.layout.data, tracker.layout.filename)
        changes = plan_import(
            parsed=parsed,
            plan=plan,
            new_plan=(
                NewPlan(
                    "Kingsmere Improvement Plan", "Kingsmere Council", datetime.date(2019, 10, 1)
                )
                if month == 0
                else None
            ),
            imported_by=plan_manager,
            as_at=tracker.as_at,
        )
        plan = changes.plan
    return plan


def expected_table(tracker) -> list[list[str]]:
    """The summary table a person would draw from the tracker; a "Not yet rated" column
    only when some action has no rating, as the paper does."""
    unrated = any(counts.not_rated for counts in tracker.summary.values())
    rows = []
    totals = [0] * 6
    for title, counts in tracker.summary.items():
        cells = [counts.total, counts.blue, counts.green, counts.amber, counts.red]
        cells += [counts.not_rated] if unrated else []
        totals = [a + b for a, b in zip(totals, cells, strict=False)]
        rows.append([title, *map(str, cells)])
    return [*rows, ["Total", *map(str, totals[: len(cells)])]]


def test_each_paper_as_at_a_tracker_date_shows_that_months_summary(rebuilt, trackers):
    for tracker in trackers:
        doc = unsaved_report_document(plan=rebuilt, as_at=tracker.as_at, appendix=False)
        table = table_rows(document_html(doc), "app-summary-table")
        assert table[1:] == expected_table(tracker), tracker.as_at


def test_the_dashboard_as_at_each_date_agrees(client, rebuilt, trackers, plan_manager):
    client.force_login(plan_manager)
    for tracker in trackers:
        response = client.get(plan_url("reports:dashboard"), {"as_at": tracker.as_at.isoformat()})
        table = table_rows(response.content.decode(), "app-summary-table")
        assert table[1:] == expected_table(tracker), tracker.as_at


def test_the_movement_between_months_is_each_trackers_own(rebuilt, trackers):
    for before, after in zip(trackers, trackers[1:], strict=False):
        moved = rating_movements(rebuilt, before.as_at, after.as_at)
        assert [action.reference for action in moved] == after.moved
        assert {
            action.reference: (action.rating_before, action.rating_as_at) for action in moved
        } == {ref: after.movements[ref] for ref in after.moved}


def test_history_is_recorded_as_known_on_each_trackers_day(rebuilt, trackers):
    for update in ActionUpdate.objects.filter(action__plan=rebuilt):
        assert update.recorded_at.date() <= update.effective_date + datetime.timedelta(days=1)
        assert update.effective_date in {tracker.as_at for tracker in trackers}
    # A month whose rating and commentary did not change records nothing that month.
    counts = {
        t.as_at: ActionUpdate.objects.filter(effective_date=t.as_at).count() for t in trackers
    }
    assert counts[trackers[0].as_at] == Action.objects.filter(plan=rebuilt).count()
    assert 0 < counts[trackers[1].as_at] < counts[trackers[0].as_at]


def test_a_second_import_of_the_same_month_changes_nothing(rebuilt, trackers, plan_manager):
    tracker = trackers[-1]
    parsed = parse_plan_file(tracker.layout.data, tracker.layout.filename)
    changes = plan_import(
        parsed=parsed, plan=rebuilt, imported_by=plan_manager, as_at=tracker.as_at
    )
    assert not changes.has_changes
